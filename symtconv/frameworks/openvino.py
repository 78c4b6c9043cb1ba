"""OpenVINO: ``ConvolutionBackpropData`` (and ``GroupConvolutionBackpropData`` for groups).

Parameters (``openvino.opset13.convolution_backprop_data``'s names):
``strides``, ``pads_begin``, ``pads_end``, ``dilations``, ``auto_pad``
(``'explicit'``, ``'same_upper'``, ``'same_lower'`` or ``'valid'``),
``output_padding`` (any value >= 0: no upper bound), ``output_shape`` (the
optional third input: spatial sizes) and ``groups`` (> 1: the group operation,
whose filters are ``(G, C_in/G, C_out/G, *k)``).

The operation's specification (``convolution-backprop-data-1.rst`` in
openvinotoolkit/openvino), ``DK = d(k-1)+1``: without ``output_shape``, any
``auto_pad`` other than explicit sets both pads to 0 (so same_upper and
same_lower give the valid size), and ``Y = s(X-1) + DK - pads_begin - pads_end +
output_padding``.  With ``output_shape`` the output has that size and, for
same_upper and same_lower, ``total = s(X-1) + DK - output_shape +
output_padding`` is split with ``total // 2`` at the *end* for same_upper and
at the beginning otherwise (its prose says the opposite for same_upper); the
text says pads_begin/pads_end are ignored then, but for explicit the shape
inference (``convolution_backprop_shape_inference_util.hpp``) keeps pads_begin
and the output starts there.

Examples:
    >>> OPENVINO.from_params(3, 3, {"strides": [2], "auto_pad": "same_upper"}).canonical.window
    ((0, 7),)
    >>> p = {"strides": [2], "auto_pad": "same_upper", "output_shape": [6]}
    >>> OPENVINO.from_params(3, 3, p).canonical.window
    ((1, 7),)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..core.spec import effective_kernel_size
from ..errors import SpecError
from .base import Candidate, Framework, ints
from .canonical import Canonical
from .codegen import numpy_adjust_text, realized_sizes
from .forms import pair_candidates, window_pads
from .reading import Layer, Reading
from .windows import Pair

__all__ = ["AUTO_PADS", "OPENVINO", "OpenVino", "openvino_window"]

AUTO_PADS = ("explicit", "same_upper", "same_lower", "valid")


def openvino_window(
    full: int, auto_pad: str, pads: Pair, op: int, out: int | None, grouped: bool = False
) -> Pair:
    """``[start, stop)`` of the full result that ConvolutionBackpropData shows.

    With ``output_shape`` and explicit padding, ConvolutionBackpropData starts
    at pads_begin and GroupConvolutionBackpropData (``grouped``) at 0 (both
    verified with OpenVINO 2026.4.1; the specification says ``total // 2``).

    Examples:
        >>> openvino_window(7, "explicit", (1, 1), 1, None)
        (1, 7)
        >>> openvino_window(7, "explicit", (2, 0), 0, 6)
        (2, 8)
        >>> openvino_window(7, "same_upper", (0, 0), 0, 6)
        (1, 7)
        >>> openvino_window(7, "same_lower", (0, 0), 0, 6)
        (0, 6)
    """
    if out is None:
        begin, end = pads if auto_pad == "explicit" else (0, 0)
        return begin, full - end + op
    if auto_pad == "explicit":
        begin = 0 if grouped else pads[0]
        return begin, begin + out
    if auto_pad == "valid":
        return 0, out
    total = full - out + op
    begin = total - total // 2 if auto_pad == "same_upper" else total // 2
    return begin, begin + out


class OpenVino(Framework):
    """OpenVINO's ``ConvolutionBackpropData``."""

    name = "openvino"
    title = "OpenVINO ConvolutionBackpropData"
    aliases = ("ov",)
    parameters = (
        "strides",
        "pads_begin",
        "pads_end",
        "dilations",
        "auto_pad",
        "output_padding",
        "output_shape",
        "groups",
    )
    input_layout = "NCHW"
    has_groups = True

    def read(self, layer: Layer) -> Reading:
        params = layer.params
        auto_pad = str(params.get("auto_pad") or "explicit").lower()
        if auto_pad not in AUTO_PADS:
            raise SpecError(f"auto_pad: got {params['auto_pad']!r}; valid: {', '.join(AUTO_PADS)}")
        s, d = layer.ints("strides", 1), layer.ints("dilations", 1)
        begin, end = layer.ints("pads_begin", 0), layer.ints("pads_end", 0)
        op = layer.ints("output_padding", 0)
        if any(v < 0 for v in (*begin, *end, *op)):
            raise SpecError("pads_begin/pads_end/output_padding: every value must be >= 0")
        out = layer.ints("output_shape") if params.get("output_shape") is not None else None
        full = [
            (i - 1) * ss + ke
            for i, ss, ke in zip(layer.input_size, s, effective_kernel_size(layer.kernel_size, d))
        ]
        grouped = int(params.get("groups", 1)) > 1
        windows = [
            openvino_window(n, auto_pad, (b, e), o, None if out is None else out[dim], grouped)
            for dim, (n, b, e, o) in enumerate(zip(full, begin, end, op, strict=True))
        ]
        notes = self._notes(auto_pad, out, begin, end, op, s, full)
        if grouped and out is not None and auto_pad == "explicit" and any(begin):
            notes.append(
                "GroupConvolutionBackpropData with output_shape and explicit padding ignores "
                "pads_begin and starts at 0 (ConvolutionBackpropData starts at pads_begin; the "
                "specification says total // 2)"
            )
        if (
            out is None
            and self._one_by_one(layer.kernel_size, s)
            and all(b > 0 and b + e == o for b, e, o in zip(begin, end, op, strict=True))
        ):
            notes.append(
                "OpenVINO 2026.4.1's CPU plugin computes this 1x1, stride-1 layer whose output "
                "has the input's size without its shift: it returns the window starting at 0 "
                "(see the README's findings)"
            )
        for dim, (a, b) in enumerate(windows):
            if b - a < 1:
                raise SpecError(f"output_shape: dimension {dim} has no output positions")
        pads, ops = window_pads(windows, full)
        c = layer.canonical(s, d, pads, ops, params.get("groups", 1))
        return Reading(c, tuple(notes))

    @staticmethod
    def _notes(
        auto_pad: str,
        out: Sequence[int] | None,
        begin: Sequence[int],
        end: Sequence[int],
        op: Sequence[int],
        s: Sequence[int],
        full: Sequence[int],
    ) -> list[str]:
        notes = []
        if out is None and auto_pad in ("same_upper", "same_lower"):
            notes.append(
                f"without output_shape, auto_pad={auto_pad} pads nothing (the specification's "
                "pseudo-code; its prose says the input is padded to match the output size): the "
                "output is the valid one"
            )
        if out is not None and auto_pad == "explicit":
            notes.append(
                "with output_shape and explicit padding the output starts at pads_begin (the "
                "shape inference; the specification says the pads are ignored)"
                + ("; output_padding changes nothing here" if any(op) else "")
            )
        if out is not None and auto_pad == "same_upper":
            totals = [n - m + o for n, m, o in zip(full, out, op, strict=True)]
            if any(t % 2 for t in totals):
                notes.append(
                    "same_upper with output_shape puts the odd extra padding at the beginning "
                    "(the specification's pseudo-code; its prose says at the end; ONNX's "
                    "SAME_UPPER puts it at the end)"
                )
        if any(o >= ss for o, ss in zip(op, s, strict=True)):
            notes.append(
                f"output_padding {list(op)} is not below the stride: OpenVINO accepts any value "
                "and adds zeros past the full result"
            )
        return notes

    @staticmethod
    def _one_by_one(kernel: Sequence[int], stride: Sequence[int]) -> bool:
        return all(k == 1 for k in kernel) and all(s == 1 for s in stride)

    # ----- expressing ---------------------------------------------------------------

    def modes(self, c: Canonical) -> Sequence[str]:
        return (
            "explicit",
            "output_shape:explicit",
            "output_shape:same_upper",
            "output_shape:same_lower",
            "valid",
        )

    def candidates(self, mode: str, c: Canonical, dim: int) -> Iterator[Candidate]:
        one_by_one = self._one_by_one(c.kernel_size, c.stride)
        for cand in self._candidates(mode, c, dim):
            lo, hi = cand.pads
            size = c.full_size[dim] + cand.output_padding - hi - lo
            if not (one_by_one and lo > 0 and size == c.input_size[dim]):
                yield cand  # the CPU plugin drops that shift (see read)

    def _candidates(self, mode: str, c: Canonical, dim: int) -> Iterator[Candidate]:
        full, s, d = c.full_size[dim], c.stride[dim], c.dilation[dim]
        (lo, hi), op = c.pads[dim], c.output_padding[dim]
        ops = list(dict.fromkeys([op, max(op - hi, 0), *range(max(s, d))]))
        if mode == "explicit":
            yield from pair_candidates(c, dim, ops)
            return
        if mode == "valid":
            for o in ops:
                yield Candidate((0, 0, o), (0, 0), o)
            return
        auto_pad = mode.split(":")[1]
        n = c.output_size[dim]
        if auto_pad == "explicit":
            starts = [0] if c.groups > 1 else [lo, *range(max(lo, 0) + 1)]
            for begin in dict.fromkeys(starts):
                if begin >= 0:
                    pads, extra = window_pads([(begin, begin + n)], [full])
                    yield Candidate((begin, 0, n), pads[0], extra[0])
            return
        for o in ops:
            if full - n + o >= 0:  # a negative total is not in the specification
                a, b = openvino_window(full, auto_pad, (0, 0), o, n)
                pads, extra = window_pads([(a, b)], [full])
                yield Candidate((0, o, n), pads[0], extra[0])

    def assemble(self, mode: str, values: Sequence[Any], c: Canonical) -> dict[str, Any]:
        params: dict[str, Any] = {"strides": ints(c.stride)}
        if mode == "explicit":
            params["pads_begin"] = [v[0] for v in values]
            params["pads_end"] = [v[1] for v in values]
            params["auto_pad"] = "explicit"
            ops = [v[2] for v in values]
        elif mode == "valid":
            params["auto_pad"] = "valid"
            ops = [v[2] for v in values]
        else:
            auto_pad = mode.split(":")[1]
            if auto_pad == "explicit":
                params["pads_begin"] = [v[0] for v in values]
                params["pads_end"] = [0] * c.rank
            params["auto_pad"] = auto_pad
            ops = [v[1] for v in values] if auto_pad != "explicit" else []
            params["output_shape"] = [v[2] for v in values]
        if any(ops):
            params["output_padding"] = ops
        params["dilations"] = ints(c.dilation)
        if c.groups > 1:
            params["groups"] = c.groups
        return params

    def notes_for(self, c: Canonical, params: dict[str, Any], exact: bool) -> list[str]:
        if exact:
            return []
        return ["OpenVINO's pads are >= 0; this window needs the crop/pad shown"]

    def weight_text(self, params: dict[str, Any], rank: int) -> str:
        if params.get("groups", 1) > 1:
            return (
                "filters [G, C_in/G, C_out/G, *k] for GroupConvolutionBackpropData: "
                "w.reshape(G, C_in // G, *w.shape[1:]) of PyTorch's (C_in, C_out/G, *k)"
            )
        return "filters [C_in, C_out, *k]: PyTorch's layout, as is"

    def code(self, params: dict[str, Any], adjust: Sequence[Pair], c: Canonical) -> str:
        g = params.get("groups", 1)
        if g > 1:
            op, filters = (
                "group_convolution_backprop_data",
                f"w.reshape({g}, {c.in_channels // g}, *w.shape[1:])",
            )
        else:
            op, filters = "convolution_backprop_data", "w"
        args = [f"ov.opset13.constant({filters})", f"strides={params['strides']}"]
        if "output_shape" in params:
            args.append(
                f"output_shape=ov.opset13.constant(np.array({params['output_shape']}, np.int64))"
            )
        for key in ("pads_begin", "pads_end", "dilations", "auto_pad", "output_padding"):
            if key in params:
                args.append(f"{key}={params[key]!r}")
        lines = [
            "data = ov.opset13.parameter(list(x.shape), ov.Type.f64)",
            f"node = ov.opset13.{op}(data, " + ", ".join(args) + ")",
            "y = ov.compile_model(ov.Model([node], [data]), 'CPU')(x)[0]",
        ]
        if any(a for pair in adjust for a in pair):
            sizes = realized_sizes(c.output_size, adjust)
            lines.append(numpy_adjust_text("y", adjust, sizes, "y"))
        return "\n".join(lines)

    # ----- crosscheck ---------------------------------------------------------------

    def variant_label(self, params: Any) -> str | None:
        label = f"auto_pad={params.get('auto_pad', 'explicit')}"
        return ("output_shape+" + label) if "output_shape" in params else label


OPENVINO = OpenVino()
