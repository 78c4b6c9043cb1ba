"""TensorFlow.js: the core ``tf.conv2dTranspose`` / ``tf.conv3dTranspose`` and the Layers API's
``tf.layers.conv2dTranspose`` / ``conv3dTranspose``, simulated.

Core op parameters (TF.js's names): ``outputShape`` (the spatial sizes here),
``strides``, ``pad`` (``'same'``, ``'valid'``, an int, or in 2-D the explicit
``[[0, 0], [top, bottom], [left, right], [0, 0]]``) and ``dimRoundingMode``.
No dilation, no groups; channels last, filter ``[*k, outDepth, inDepth]``.
The op is the gradient of the forward convolution of ``outputShape``
(``conv2d_backprop_input``): its padding is that convolution's
(``conv_util.ts``: SAME ``floor(total/2)`` first), as in TensorFlow.  TF.js
does *not* check that ``outputShape`` is one whose forward convolution gives
the input size (the CPU kernel reads the input with the size it computes
from ``outputShape``); symtconv refuses the other sizes.

Layers parameters: ``filters``, ``kernelSize``, ``strides``, ``padding``
(``'same'`` or ``'valid'`` only) and ``dilationRate``, which the layer accepts
and ignores (``getConfig`` deletes it).  Its size (``deconvLength`` in
``tfjs-layers/src/utils/conv_utils.ts``): valid ``i*s + max(k - s, 0)``, same
``i*s``; then the core op.

Examples:
    >>> params = {"outputShape": [5, 5], "strides": 2, "pad": "same"}
    >>> TFJS.from_params((3, 3), 3, params).canonical.window
    ((1, 6), (1, 6))
    >>> TFJS_LAYERS.from_params((3, 3), 3, {"strides": 2, "padding": "same"}).canonical.window
    ((0, 6), (0, 6))
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from ..core.spec import per_dim
from ..errors import SpecError
from .base import Candidate, Framework, ints
from .canonical import Canonical
from .codegen import realized_sizes
from .layouts import weight_expression
from .reading import Layer, Reading
from .tensorflow import channels_last_gradient, tf_forward_pads, tf_output_range
from .windows import Pair

__all__ = ["TFJS", "TFJS_LAYERS", "TfJs", "TfJsLayers", "deconv_length"]

_SIMULATED = (
    "simulated: TF.js runs in JavaScript; symtconv computes its source's semantics (TF.js "
    "4.22) and nothing here runs it"
)


def deconv_length(i: int, s: int, k: int, padding: str) -> int:
    """The Layers API's output size (``deconvLength``; the undilated kernel).

    Examples:
        >>> deconv_length(3, 2, 3, "valid"), deconv_length(3, 2, 3, "same")
        (7, 6)
    """
    return i * s + max(k - s, 0) if padding == "valid" else i * s


def _no_dilation(c: Canonical, what: str) -> str | None:
    if c.rank == 1:
        return f"{what} has no 1-D transposed convolution (conv2dTranspose, conv3dTranspose)"
    if any(d > 1 for d in c.dilation):
        return (
            f"{what} has no dilation: dilate the kernel with zeros (size d(k-1)+1, the taps d "
            "apart) and use it with stride and padding as shown for dilation 1"
        )
    return None


def _js(values: Sequence[int]) -> str:
    return "[" + ", ".join(str(int(v)) for v in values) + "]"


def _adjust_js(adjust: Sequence[Pair], c: Canonical) -> list[str]:
    if not any(a for pair in adjust for a in pair):
        return []
    sizes = realized_sizes(c.output_size, adjust)
    begin = [0, *(max(lo, 0) for lo, _ in adjust), 0]
    size = [-1, *(n - max(lo, 0) - max(hi, 0) for n, (lo, hi) in zip(sizes, adjust)), -1]
    given = "x".join(map(str, sizes))
    lines = [f"y = y.slice({_js(begin)}, {_js(size)});  // the op gives {given}; crop"]
    if any(a < 0 for pair in adjust for a in pair):
        widths = ", ".join(f"[{max(-lo, 0)}, {max(-hi, 0)}]" for lo, hi in adjust)
        lines.append(f"y = tf.pad(y, [[0, 0], {widths}, [0, 0]]);  // add zeros")
    return lines


class TfJs(Framework):
    """TF.js's core ``conv2dTranspose`` / ``conv3dTranspose``."""

    name = "tfjs"
    title = "TF.js tf.conv2dTranspose"
    aliases = ("tensorflowjs",)
    parameters = ("outputShape", "strides", "pad", "dimRoundingMode")
    input_layout = "NHWC"
    has_groups = False
    simulated = _SIMULATED

    def read(self, layer: Layer) -> Reading:
        rank = layer.rank
        if rank == 1:
            raise SpecError(
                "outputShape: TF.js has conv2dTranspose and conv3dTranspose, no 1-D one"
            )
        if layer.params.get("outputShape") is None:
            raise SpecError("outputShape: not given; TF.js's conv2dTranspose needs it")
        out = self._output_shape(layer)
        s = layer.ints("strides", 1)
        modes = self._pad(layer)
        pads: list[Pair] = []
        ops: list[int] = []
        for dim, (i, k, ss, n, mode) in enumerate(
            zip(layer.input_size, layer.kernel_size, s, out, modes, strict=True)
        ):
            low, high = tf_output_range(i, k, ss, mode)
            if not low <= n <= high:
                raise SpecError(
                    f"outputShape: got {n} in dimension {dim}; with pad {mode!r} its forward "
                    f"convolution must give the input size {i}: {low} to {high} (TF.js does not "
                    "check this; its kernel silently reads the input with the wrong size)"
                )
            before, after = tf_forward_pads(i, k, ss, n, mode)
            pads.append((before, after))
            ops.append(n - ((i - 1) * ss + k - before - after))
        notes = []
        if any(m == "SAME" for m in modes) and any((a + b) % 2 for a, b in pads):
            notes.append("'same' crops an odd total padding's extra position at the end")
        c = layer.canonical(s, (1,) * rank, tuple(pads), tuple(ops))
        return Reading(c, tuple(notes))

    @staticmethod
    def _output_shape(layer: Layer) -> tuple[int, ...]:
        value = layer.params["outputShape"]
        if isinstance(value, (list, tuple)) and len(value) == layer.rank + 2:
            if value[-1] != layer.out_channels:
                raise SpecError(
                    f"outputShape: got {list(value)}; its last value is outDepth "
                    f"({layer.out_channels})"
                )
            value = list(value)[1:-1]
        return per_dim("outputShape", value, layer.rank, one_for_all=True)

    @staticmethod
    def _pad(layer: Layer) -> list[str | Pair]:
        rank, value = layer.rank, layer.params.get("pad", "valid")
        rounding = layer.params.get("dimRoundingMode")
        if rounding not in (None, "floor", "ceil", "round"):
            raise SpecError(
                f"dimRoundingMode: got {rounding!r}; TF.js takes 'floor', 'round' or 'ceil'"
            )
        if isinstance(value, str):
            if value not in ("same", "valid"):
                raise SpecError(
                    f"pad: got {value!r}; TF.js takes 'same', 'valid', a number or pairs"
                )
            return [value.upper()] * rank
        if rank != 2:
            raise SpecError(f"pad: got {value!r}; conv3dTranspose takes 'same' or 'valid' only")
        if rounding in ("ceil", "round"):
            raise SpecError(
                f"dimRoundingMode: got {rounding!r}; it changes which output sizes map back to the "
                "input with a number pad, and symtconv models the default (truncation) only"
            )
        if isinstance(value, int) and not isinstance(value, bool):
            if value < 0:
                raise SpecError(f"pad: got {value}; must be >= 0")
            return [(value, value)] * rank
        if isinstance(value, (list, tuple)) and len(value) == 4:
            if list(value[0]) == [0, 0] and list(value[3]) == [0, 0]:
                pairs = [(int(value[1][0]), int(value[1][1])), (int(value[2][0]), int(value[2][1]))]
                if all(a >= 0 and b >= 0 for a, b in pairs):
                    return list(pairs)
        raise SpecError(
            f"pad: got {value!r}; TF.js's explicit padding is [[0, 0], [top, bottom], "
            "[left, right], [0, 0]] with values >= 0"
        )

    # ----- expressing ---------------------------------------------------------------

    def unsupported(self, c: Canonical) -> str | None:
        return _no_dilation(c, "TF.js")

    def modes(self, c: Canonical) -> Sequence[str]:
        return ("same", "valid", "explicit") if c.rank == 2 else ("same", "valid")

    def candidates(self, mode: str, c: Canonical, dim: int) -> Iterator[Candidate]:
        i, k, s, full = c.input_size[dim], c.kernel_size[dim], c.stride[dim], c.full_size[dim]
        if mode in ("same", "valid"):
            low, high = tf_output_range(i, k, s, mode.upper())
            for n in dict.fromkeys([c.output_size[dim], *range(low, high + 1)]):
                if low <= n <= high:
                    before, after = tf_forward_pads(i, k, s, n, mode.upper())
                    yield Candidate(n, (before, after), n - (full - before - after))
            return
        (lo, hi), op = c.pads[dim], c.output_padding[dim]
        end = hi - op
        for a in dict.fromkeys([lo, *range(max(lo, 0) + 1)]):
            for b in dict.fromkeys([max(end, 0), *range(max(end, 0) + 1)]):
                if a < 0 or b < 0:
                    continue
                low, high = tf_output_range(i, k, s, (a, b))
                for n in dict.fromkeys([c.output_size[dim], *range(low, high + 1)]):
                    if low <= n <= high and n >= 1:
                        yield Candidate((a, b, n), (a, b), n - (full - a - b))

    def assemble(self, mode: str, values: Sequence[Any], c: Canonical) -> dict[str, Any]:
        if mode == "explicit":
            pairs = [(v[0], v[1]) for v in values]
            sym = len({p for pair in pairs for p in pair}) == 1
            pad: Any = pairs[0][0] if sym else [[0, 0], *[list(p) for p in pairs], [0, 0]]
            return {"outputShape": [v[2] for v in values], "strides": ints(c.stride), "pad": pad}
        return {"outputShape": list(values), "strides": ints(c.stride), "pad": mode}

    def notes_for(self, c: Canonical, params: dict[str, Any], exact: bool) -> list[str]:
        if exact:
            return []
        return [
            "TF.js's output padding is implicit (the output size, below the stride) and its "
            "paddings are >= 0; this window needs the crop/pad shown"
        ]

    def weight_layout(self, params: Mapping[str, Any]) -> tuple[str, bool]:
        return "HWOI", False

    def weight_text(self, params: dict[str, Any], rank: int) -> str:
        return "filter [*k, outDepth, inDepth] (HWOI), not flipped: " + weight_expression(
            "HWOI", False, rank
        )

    def code(self, params: dict[str, Any], adjust: Sequence[Pair], c: Canonical) -> str:
        fn = f"tf.conv{c.rank}dTranspose"
        out = ", ".join(map(str, params["outputShape"]))
        pad = params["pad"]
        pad_text = f"'{pad}'" if isinstance(pad, str) else str(pad)
        lines = [
            f"let y = {fn}(x, filter, [batch, {out}, {c.out_channels // c.groups}], "
            f"{_js(params['strides'])}, {pad_text});"
        ]
        return "\n".join(lines + _adjust_js(adjust, c))

    # ----- computing ----------------------------------------------------------------

    def simulate(
        self, params: Mapping[str, Any], x: np.ndarray, w: np.ndarray, b: np.ndarray | None
    ) -> np.ndarray:
        """The gradient of the forward convolution (as TensorFlow's), channels last."""
        return channels_last_gradient(self, params, x, w, b)


class TfJsLayers(Framework):
    """TF.js's Layers ``conv2dTranspose`` / ``conv3dTranspose``."""

    name = "tfjs-layers"
    title = "TF.js tf.layers.conv2dTranspose"
    aliases = ("tfjs_layers",)
    parameters = ("filters", "kernelSize", "strides", "padding", "dilationRate")
    input_layout = "NHWC"
    has_groups = False
    simulated = _SIMULATED

    def read(self, layer: Layer) -> Reading:
        layer.check_kernel("kernelSize", "the kernel")
        params = layer.params
        if params.get("filters") is not None and params["filters"] != layer.out_channels:
            raise SpecError(
                f"filters: got {params['filters']!r}; the output channels are {layer.out_channels}"
            )
        padding = params.get("padding", "valid")
        if padding not in ("same", "valid"):
            raise SpecError(
                f"padding: got {padding!r}; TF.js's Conv2DTranspose currently supports only "
                "padding modes 'same' and 'valid'"
            )
        s = layer.ints("strides", 1)
        d = layer.ints("dilationRate", 1)
        notes = []
        if any(dd > 1 for dd in d):
            notes.append(
                f"dilationRate {list(d)} is accepted and ignored (getConfig deletes it): the layer "
                "computes with dilation 1"
            )
        out = [
            deconv_length(i, ss, k, padding)
            for i, ss, k in zip(layer.input_size, s, layer.kernel_size, strict=True)
        ]
        core = TFJS.read(
            replace(layer, params={"outputShape": out, "strides": list(s), "pad": padding})
        )
        return Reading(core.canonical, (*notes, *core.notes))

    def unsupported(self, c: Canonical) -> str | None:
        return _no_dilation(c, "TF.js's Layers API")

    def modes(self, c: Canonical) -> Sequence[str]:
        return ("same", "valid")

    def candidates(self, mode: str, c: Canonical, dim: int) -> Iterator[Candidate]:
        i, k, s, full = c.input_size[dim], c.kernel_size[dim], c.stride[dim], c.full_size[dim]
        n = deconv_length(i, s, k, mode)
        before, after = tf_forward_pads(i, k, s, n, mode.upper())
        yield Candidate(None, (before, after), n - (full - before - after))

    def assemble(self, mode: str, values: Sequence[Any], c: Canonical) -> dict[str, Any]:
        return {
            "filters": c.out_channels // c.groups,
            "kernelSize": ints(c.kernel_size),
            "strides": ints(c.stride),
            "padding": mode,
        }

    def notes_for(self, c: Canonical, params: dict[str, Any], exact: bool) -> list[str]:
        if exact:
            return []
        return ["the Layers API has 'same' and 'valid' only; this window needs the crop/pad shown"]

    def weight_layout(self, params: Mapping[str, Any]) -> tuple[str, bool]:
        return "HWOI", False

    def weight_text(self, params: dict[str, Any], rank: int) -> str:
        return "kernel kernelSize.concat([filters, inputDim]) (HWOI), not flipped: " + (
            weight_expression("HWOI", False, rank)
        )

    def code(self, params: dict[str, Any], adjust: Sequence[Pair], c: Canonical) -> str:
        lines = [
            f"const layer = tf.layers.conv{c.rank}dTranspose({{filters: {params['filters']}, "
            f"kernelSize: {_js(params['kernelSize'])}, strides: {_js(params['strides'])}, "
            f"padding: '{params['padding']}', useBias: false}});",
            "let y = layer.apply(x);",
        ]
        return "\n".join(lines + _adjust_js(adjust, c))

    def simulate(
        self, params: Mapping[str, Any], x: np.ndarray, w: np.ndarray, b: np.ndarray | None
    ) -> np.ndarray:
        """The Layers API's size, then the core op (the gradient of the forward convolution)."""
        return channels_last_gradient(self, params, x, w, b)


TFJS = TfJs()
TFJS_LAYERS = TfJsLayers()
