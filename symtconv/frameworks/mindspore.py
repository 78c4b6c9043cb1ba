"""MindSpore: ``mindspore.nn.Conv1dTranspose``, ``Conv2dTranspose`` and ``Conv3dTranspose``.

Parameters (MindSpore's names): ``stride``, ``pad_mode`` (``'same'``, the
default, ``'valid'`` or ``'pad'``), ``padding`` (with ``'pad'`` only: an int, or
``(top, bottom, left, right)`` in 2-D, six values in 3-D; an int in 1-D),
``output_padding`` (2-D and 3-D, with ``'pad'`` only, each value in
``[0, max(stride, dilation))``), ``dilation`` and ``group``.

The sizes (``_deconv_output_length`` in ``mindspore/nn/layer/conv.py``, ``k``
the dilated kernel ``d(k-1)+1``): ``'same'`` gives ``i*s`` (an odd total
padding loses its extra position at the end), ``'valid'`` ``i*s + max(k - s, 0)``
(the docstring writes ``max((d-1)(k-1) - s, 0)``, without the kernel itself),
``'pad'`` ``(i-1)s - (lo + hi) + k``.  ``Conv2dTranspose.construct`` applies
``output_padding`` *after* the convolution and its bias, as zeros
(``ops.Pad``): PyTorch computes those positions.  ``Conv3dTranspose`` passes
it to ``ops.Conv3DTranspose``, which computes them as PyTorch does; 1-D has
none.  CPU kernels take float16/float32 (no float64).

Examples:
    >>> params = {"stride": 2, "pad_mode": "pad", "padding": 1, "output_padding": 1}
    >>> r = MINDSPORE.from_params((3, 3, 3), 3, params)
    >>> r.canonical.output_padding, r.appended_zeros
    ((1, 1, 1), ())
    >>> r = MINDSPORE.from_params((3, 3), 3, params)
    >>> r.canonical.output_padding, r.appended_zeros
    ((0, 0), (1, 1))
    >>> MINDSPORE.from_params(3, 3, {"stride": 2}).canonical.window  # 'same': i*s
    ((0, 6),)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from ..core.spec import effective_kernel_size, tconv_output_length
from ..errors import SpecError
from .base import Candidate, Framework, ints
from .canonical import Canonical
from .codegen import numpy_adjust_text, realized_sizes, tup
from .forms import flat_pairs, pair_candidates, window_pads
from .reading import Layer, Reading
from .windows import Pair, apply_adjust

__all__ = ["MINDSPORE", "MindSpore", "mindspore_window"]

PAD_MODES = ("same", "valid", "pad")


def mindspore_window(i: int, k_eff: int, s: int, pad_mode: str, pads: Pair) -> Pair:
    """``[start, stop)`` of the full result that MindSpore shows (before any appended zeros).

    'same' crops ``max(k - s, 0) // 2`` at the start and has ``i*s`` positions;
    'valid' starts at 0 with ``i*s + max(k - s, 0)`` positions.

    Examples:
        >>> mindspore_window(3, 3, 2, "same", (0, 0)), mindspore_window(3, 1, 2, "valid", (0, 0))
        ((0, 6), (0, 6))
    """
    full = (i - 1) * s + k_eff
    if pad_mode == "same":
        before = max(k_eff - s, 0) // 2
        return before, before + i * s
    if pad_mode == "valid":
        return 0, i * s + max(k_eff - s, 0)
    return pads[0], full - pads[1]


def _class(rank: int) -> str:
    return f"mindspore.nn.Conv{rank}dTranspose"


class MindSpore(Framework):
    """MindSpore's ``Conv{1,2,3}dTranspose`` layers."""

    name = "mindspore"
    title = "MindSpore nn.ConvTranspose"
    aliases = ("ms",)
    parameters = (
        "kernel_size",
        "stride",
        "pad_mode",
        "padding",
        "output_padding",
        "dilation",
        "group",
    )
    input_layout = "NCHW"
    has_groups = True
    groups_param = "group"

    # ----- reading ------------------------------------------------------------------

    def read(self, layer: Layer) -> Reading:
        layer.check_kernel("kernel_size", "the kernel")
        params = layer.params
        pad_mode = params.get("pad_mode", "same")
        if pad_mode not in PAD_MODES:
            raise SpecError(f"pad_mode: got {pad_mode!r}; MindSpore takes 'same', 'valid' or 'pad'")
        s, d = layer.ints("stride", 1), layer.ints("dilation", 1)
        if layer.rank == 3 and d[0] > 1:
            raise SpecError(
                f"dilation: got {list(d)}; MindSpore's Conv3DTranspose: the depth of parameter "
                "'dilation' must be 1 (its check, _check_3d_int_or_tuple(third_one=True); the "
                "docstring allows [1, D])"
            )
        pairs = self._padding(layer, pad_mode)
        op = self._output_padding(layer, pad_mode, s, d)
        k_eff = effective_kernel_size(layer.kernel_size, d)
        windows = [
            mindspore_window(i, ke, ss, pad_mode, p)
            for i, ke, ss, p in zip(layer.input_size, k_eff, s, pairs, strict=True)
        ]
        notes = self._notes(layer, pad_mode, windows, k_eff, s, d)
        appended: tuple[int, ...] = ()
        if layer.rank == 2 and any(op):
            appended = op
            notes.append(
                f"MindSpore's Conv2dTranspose appends output_padding {list(op)} as zeros after the "
                "convolution and its bias (ops.Pad in construct); PyTorch computes those "
                "positions: the canonical form is the convolution before the zeros, and every "
                "framework below adds them explicitly"
            )
        if pad_mode == "pad":
            pads, ops = pairs, op if layer.rank == 3 else (0,) * layer.rank
        else:
            full = [
                tconv_output_length(i, k, ss, 0, 0, dd, 0)
                for i, k, ss, dd in zip(layer.input_size, layer.kernel_size, s, d, strict=True)
            ]
            pads, ops = window_pads(windows, full)
        c = layer.canonical(s, d, pads, ops, params.get("group", 1))
        return Reading(c, tuple(notes), appended)

    @staticmethod
    def _padding(layer: Layer, pad_mode: str) -> tuple[Pair, ...]:
        """The pads of 'pad' ((0, 0) otherwise), one pair per dimension.

        Raises:
            SpecError: a form the layer does not take, or padding without 'pad'.
        """
        rank = layer.rank
        value = layer.params.get("padding", 0)
        if isinstance(value, bool) or not isinstance(value, (int, list, tuple)):
            raise SpecError(f"padding: got {value!r}; MindSpore takes an int or a tuple")
        if isinstance(value, int):
            pairs: tuple[Pair, ...] = ((value, value),) * rank
        elif rank == 1 or len(value) != 2 * rank:
            raise SpecError(
                f"padding: got {value!r}; MindSpore's {_class(rank).split('.')[-1]} takes an int"
                + ("" if rank == 1 else f" or {2 * rank} values (before, after per dimension)")
            )
        else:
            pairs = tuple((int(value[2 * n]), int(value[2 * n + 1])) for n in range(rank))
        if any(a < 0 or b < 0 for a, b in pairs):
            raise SpecError(f"padding: got {value!r}; MindSpore: padding must be >= 0")
        if pad_mode != "pad" and any(a or b for a, b in pairs):
            raise SpecError(
                f"padding: got {value!r} with pad_mode={pad_mode!r}; MindSpore: padding must be "
                "0 unless pad_mode='pad'"
            )
        return pairs

    @staticmethod
    def _output_padding(
        layer: Layer, pad_mode: str, s: tuple[int, ...], d: tuple[int, ...]
    ) -> tuple[int, ...]:
        """The output padding, checked as MindSpore checks it.

        Raises:
            SpecError: given in 1-D, without 'pad', or out of ``[0, max(stride, dilation))``.
        """
        raw = layer.params.get("output_padding", 0)
        if layer.rank == 1:
            if raw not in (0, None):
                raise SpecError(
                    f"output_padding: got {raw!r}; MindSpore 2.10's Conv1dTranspose has no "
                    "output_padding (its docstring says a later version adds it)"
                )
            return (0,)
        op = layer.ints("output_padding", 0)
        for o, ss, dd in zip(op, s, d, strict=True):
            if not 0 <= o < max(ss, dd):
                raise SpecError(
                    f"output_padding: got {list(op)}; MindSpore: each value must be in "
                    f"[0, max(stride, dilation)) = [0, {max(ss, dd)})"
                )
        if any(op) and pad_mode != "pad":
            raise SpecError(
                f"output_padding: got {list(op)} with pad_mode={pad_mode!r}; MindSpore: "
                "when output_padding is not zero, pad_mode must be 'pad'"
            )
        return op

    @staticmethod
    def _notes(
        layer: Layer,
        pad_mode: str,
        windows: Sequence[Pair],
        k_eff: Sequence[int],
        s: Sequence[int],
        d: Sequence[int],
    ) -> list[str]:
        notes = []
        if pad_mode == "same" and any(max(ke - ss, 0) % 2 for ke, ss in zip(k_eff, s, strict=True)):
            notes.append(
                "'same' splits an odd total padding with the extra position cropped at the end"
            )
        sizes = [b - a for a, b in windows]
        if pad_mode == "valid":
            doc = [
                i * ss + max((dd - 1) * (k - 1) - ss, 0)
                for i, k, ss, dd in zip(layer.input_size, layer.kernel_size, s, d, strict=True)
            ]
            if doc != sizes:
                notes.append(
                    f"'valid' gives {sizes}; the docstring's formula H_in*stride + "
                    f"max((dilation-1)(kernel_size-1) - stride, 0) gives {doc} (it drops the "
                    "kernel itself; the code, _deconv_output_length, uses d(k-1)+1)"
                )
        if pad_mode == "same" and layer.rank == 1:
            notes.append(
                "Conv1dTranspose's docstring gives (L_in + stride - 1)/stride for 'same' (the "
                f"forward convolution's size); the code gives L_in*stride = {sizes}"
            )
        return notes

    # ----- expressing ---------------------------------------------------------------

    def unsupported(self, c: Canonical) -> str | None:
        if c.rank == 3 and c.dilation[0] > 1:
            return (
                "MindSpore's Conv3DTranspose takes no dilation in depth (the depth of 'dilation' "
                "must be 1)"
            )
        return None

    def modes(self, c: Canonical) -> Sequence[str]:
        return ("pad", "same", "valid")

    def candidates(self, mode: str, c: Canonical, dim: int) -> Iterator[Candidate]:
        s, full = c.stride[dim], c.full_size[dim]
        if mode in ("same", "valid"):
            window = mindspore_window(
                c.input_size[dim], c.effective_kernel_size[dim], s, mode, (0, 0)
            )
            pads, extra = window_pads([window], [full])
            yield Candidate(None, pads[0], extra[0])
            return
        ops = [o for o in dict.fromkeys([c.output_padding[dim], *range(s)]) if o < s]
        for cand in pair_candidates(c, dim, ops if c.rank == 3 else [0]):
            a, b, _ = cand.value
            if c.rank == 1 and a != b:
                continue
            yield cand

    def assemble(self, mode: str, values: Sequence[Any], c: Canonical) -> dict[str, Any]:
        params: dict[str, Any] = {
            "kernel_size": ints(c.kernel_size),
            "stride": ints(c.stride),
            "pad_mode": mode,
        }
        if mode == "pad":
            pairs = [(v[0], v[1]) for v in values]
            flat = flat_pairs(pairs)
            params["padding"] = flat[0] if len(set(flat)) == 1 else tuple(flat)
            ops = [v[2] for v in values]
            if any(ops):
                params["output_padding"] = tuple(ops)
        params["dilation"] = ints(c.dilation)
        params["group"] = c.groups
        return params

    def notes_for(self, c: Canonical, params: dict[str, Any], exact: bool) -> list[str]:
        notes = []
        if c.rank == 2 and any(c.output_padding):
            notes.append(
                "do not copy PyTorch's output_padding "
                f"{list(c.output_padding)}: MindSpore's Conv2dTranspose fills those positions "
                "with zeros; the padding shown computes them"
            )
        if not exact:
            notes.append(
                "MindSpore's pads are >= 0 (symmetric in 1-D) and its 2-D output_padding adds "
                "zeros; this window needs the crop/pad shown"
            )
        notes.append(
            "MindSpore's CPU kernels have no float64: use float32 (exact for integers below 2^24)"
        )
        if c.rank == 1:
            notes.append(
                "with NumPy 2, MindSpore 2.10's first Conv1dTranspose call in a process raises "
                "SystemError (its Squeeze primitive imports a module built for NumPy 1.x); the "
                "calls after it work"
            )
        return notes

    def weight_text(self, params: dict[str, Any], rank: int) -> str:
        return "weight (C_in, C_out/group, *k): PyTorch's layout, as is (weight_init=Tensor(w))"

    def code(self, params: dict[str, Any], adjust: Sequence[Pair], c: Canonical) -> str:
        rank = c.rank

        def value(v: Sequence[int]) -> str:
            return str(v[0]) if rank == 1 else tup(v)

        args = [
            f"{c.in_channels}",
            f"{c.out_channels}",
            value(params["kernel_size"]),
            f"stride={value(params['stride'])}",
            f"pad_mode={params['pad_mode']!r}",
        ]
        if "padding" in params:
            args.append(f"padding={params['padding']!r}")
        if "output_padding" in params:
            args.append(f"output_padding={tup(params['output_padding'])}")
        args += [f"dilation={value(params['dilation'])}", f"group={params['group']}"]
        lines = [
            f"layer = {_class(rank)}("
            + ", ".join(args)
            + ", has_bias=False, weight_init=mindspore.Tensor(w, mindspore.float32))",
            "y = layer(mindspore.Tensor(x, mindspore.float32)).asnumpy()",
        ]
        if any(a for pair in adjust for a in pair):
            sizes = realized_sizes(c.output_size, adjust)
            lines.append(numpy_adjust_text("y", adjust, sizes, "y"))
        return "\n".join(lines)

    # ----- computing ----------------------------------------------------------------

    def simulate(
        self, params: Mapping[str, Any], x: np.ndarray, w: np.ndarray, b: np.ndarray | None
    ) -> np.ndarray:
        """The canonical form computed, then the zeros Conv2dTranspose appends (no bias there)."""
        reading = self.from_params(
            list(x.shape[2:]),
            list(w.shape[2:]),
            params,
            in_channels=w.shape[0],
            out_channels=w.shape[1] * int(params.get("group", 1)),
        )
        y = reading.canonical.compute(x, w, b)
        if reading.appended_zeros:
            y = apply_adjust(y, [(0, -z) for z in reading.appended_zeros], 2)
        return y

    # ----- crosscheck ---------------------------------------------------------------

    def variant_label(self, params: Mapping[str, Any]) -> str | None:
        return f"pad_mode={params.get('pad_mode', 'same')}"

    def call_params(self, c: Canonical) -> dict[str, Any] | None:
        return {"group": c.groups}

    def literal_translations(self, c: Canonical) -> list[tuple[str, dict[str, Any]]]:
        if c.rank != 2 or not any(c.output_padding) or any(min(p) < 0 for p in c.pads):
            return []
        flat = flat_pairs(c.pads)
        params = {
            "kernel_size": ints(c.kernel_size),
            "stride": ints(c.stride),
            "pad_mode": "pad",
            "padding": flat[0] if len(set(flat)) == 1 else tuple(flat),
            "output_padding": tuple(ints(c.output_padding)),
            "dilation": ints(c.dilation),
            "group": c.groups,
        }
        return [("PyTorch's output_padding copied", params)]


MINDSPORE = MindSpore()
