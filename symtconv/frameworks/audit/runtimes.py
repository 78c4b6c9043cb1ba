"""What each runtime makes of one ConvTranspose node, next to the operator's text.

A registry (:data:`RUNTIMES`): each entry predicts a runtime's output window
(the part of the full transposed convolution it shows) from its known
behaviour, and says why where it differs from the text.  The sources: the
README's findings (onnx.reference, ONNX shape inference), behaviour verified
here (onnxruntime 1.32.0, OpenVINO 2026.4.1's ONNX frontend) and source
reading (TensorRT's ONNX parser).  ONNX shape inference is also run for real
(:func:`shape_inference_view`).

Examples:
    >>> from symtconv.frameworks import ONNX
    >>> attrs = {"strides": [4], "auto_pad": "SAME_UPPER"}
    >>> node = Node(attrs, ONNX.from_params(3, 3, attrs).canonical, False, "FLOAT")
    >>> [v.output_size for v in predict(node)]  # text: 3*4 = 12
    [(12,), (11,), (11,), (11,)]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ...errors import SpecError
from ..canonical import Canonical
from ..tensorrt import ONNX_TENSORRT, onnx_parser_window
from ..windows import Pair

__all__ = ["RUNTIMES", "Node", "RuntimeView", "predict", "shape_inference_view"]


class Node(NamedTuple):
    """One node as the runtimes see it: its attributes, its canonical form, bias, element type."""

    attrs: dict[str, Any]
    canonical: Canonical
    has_bias: bool
    elem_type: str | None


@dataclass(frozen=True)
class RuntimeView:
    """A runtime's answer for one node.

    Attributes:
        runtime: its name.
        source: how symtconv knows (verified here, a finding, its source).
        output_size: the spatial output size, or None when it raises.
        error: what it raises, or None.
        same: True when it computes what the operator's text says.
        reasons: why it differs (or a note), one sentence each.
    """

    runtime: str
    source: str
    output_size: tuple[int, ...] | None
    error: str | None
    same: bool
    reasons: tuple[str, ...] = ()


def _view(
    runtime: str,
    source: str,
    node: Node,
    windows: Sequence[Pair] | None,
    error: str | None,
    reasons: Sequence[str],
) -> RuntimeView:
    c = node.canonical
    if windows is None:
        return RuntimeView(runtime, source, None, error, False, tuple(reasons))
    sizes = tuple(b - a for a, b in windows)
    return RuntimeView(runtime, source, sizes, None, tuple(windows) == c.window, tuple(reasons))


def _facts(node: Node) -> tuple[str, list[int], list[int], list[int], Any]:
    c, attrs = node.canonical, node.attrs
    auto_pad = attrs.get("auto_pad") or "NOTSET"
    ops = (
        list(c.output_padding)
        if "output_padding" not in attrs
        else [int(v) for v in attrs["output_padding"]]
    )
    totals = [k + o - s for k, o, s in zip(c.effective_kernel_size, ops, c.stride, strict=True)]
    return auto_pad, ops, totals, list(c.full_size), attrs.get("output_shape")


def onnx_reference(node: Node) -> RuntimeView:
    """onnx.reference's ConvTranspose, with the known bugs of the README's findings (1-3)."""
    c = node.canonical
    source = "the README's findings, onnx 1.23.2"
    auto_pad, ops, _totals, _full, out = _facts(node)
    per_in, per_out = c.in_channels // c.groups, c.out_channels // c.groups
    if c.groups > 1 and (per_in > 1 or per_out > 1):
        return _view(
            "onnx.reference",
            source,
            node,
            None,
            "ValueError: cannot reshape array",
            [
                "with group > 1 and more than one channel per group it slices W by output channels "
                "and fails"
            ],
        )
    if any(o >= s for o, s in zip(ops, c.stride, strict=True)):
        return _view(
            "onnx.reference",
            source,
            node,
            None,
            "ValueError from its col2im",
            [
                "output_padding >= stride (allowed by the text while below the dilation) fails its "
                "col2im shape check"
            ],
        )
    if out is not None and auto_pad == "NOTSET" and any(a or b for a, b in c.pads):
        return _view(
            "onnx.reference",
            source,
            node,
            None,
            "ValueError or a wrong window",
            ["with output_shape and auto_pad NOTSET it keeps pads 0 instead of generating them"],
        )
    if c.groups > 1 and node.has_bias:
        return RuntimeView(
            "onnx.reference",
            source,
            c.output_size,
            None,
            False,
            ("depthwise with a bias: every group gets B[0] (wrong values, the right size)",),
        )
    return _view("onnx.reference", source, node, list(c.window), None, [])


def onnxruntime(node: Node) -> RuntimeView:
    """onnxruntime's CPU kernel, as verified here with 1.32.0."""
    c = node.canonical
    source = "verified with onnxruntime 1.32.0"
    if node.elem_type == "DOUBLE":
        return _view(
            "onnxruntime",
            source,
            node,
            None,
            "NOT_IMPLEMENTED",
            ["onnxruntime has no float64 ConvTranspose kernel"],
        )
    auto_pad, ops, totals, full, out = _facts(node)
    windows = list(c.window)
    reasons: list[str] = []
    if out is not None:
        sizes = [int(m) for m in list(out)[-c.rank :]]
        limit = [n + s - 1 for n, s in zip(full, c.stride, strict=True)]
        if any(m > lim for m, lim in zip(sizes, limit, strict=True)):
            return _view(
                "onnxruntime",
                source,
                node,
                None,
                "INVALID_ARGUMENT",
                [
                    f"an output_shape above (i-1)s + d(k-1) + s = {limit} fails its check that "
                    "the output maps back to the input"
                ],
            )
        reasons += _zeros_at_end(windows, full, ops, sizes)
    elif auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        for dim, t in enumerate(totals):
            if t < 0:
                windows[dim] = (0, full[dim] + ops[dim])
        if any(t < 0 for t in totals):
            reasons.append(
                "a stride larger than the dilated kernel gives a negative total padding, which "
                "onnxruntime clamps to 0: output (i-1)s + d(k-1) + 1 + output_padding, not i*s"
            )
        if any(t > 0 and t % 2 for t in totals):
            reasons.append(
                "before 1.13 (onnxruntime#12537) onnxruntime put the odd extra padding on the "
                "other side"
            )
    return _view("onnxruntime", source, node, windows, None, reasons)


def _zeros_at_end(
    windows: list[Pair], full: Sequence[int], ops: Sequence[int], sizes: Sequence[int]
) -> list[str]:
    """output_shape with a negative total: the zeros go at the end (changes ``windows``)."""
    moved = False
    for dim, (n, o, m) in enumerate(zip(full, ops, sizes, strict=True)):
        if n + o - m < 0 and windows[dim] != (0, m):
            windows[dim] = (0, m)
            moved = True
    if moved:
        return [
            "an output_shape beyond the full result (a negative total padding) gets its zeros "
            "at the end; the text's floor-division split (onnx.reference) puts one at the "
            "beginning"
        ]
    return []


def openvino_frontend(node: Node) -> RuntimeView:
    """OpenVINO's ONNX frontend (``core.read_model``), as verified here with 2026.4.1."""
    c = node.canonical
    source = "verified with OpenVINO 2026.4.1's ONNX frontend"
    auto_pad, ops, totals, full, out = _facts(node)
    windows = list(c.window)
    reasons: list[str] = []
    if out is None and auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        for dim, t in enumerate(totals):
            if t < 0:
                windows[dim] = (0, full[dim] + ops[dim])
        if any(t < 0 for t in totals):
            reasons.append("it clamps a negative total padding to 0, as onnxruntime does")
    if out is not None:
        sizes = [int(m) for m in list(out)[-c.rank :]]
        given = [n + o - m for n, o, m in zip(full, ops, sizes, strict=True)]
        if auto_pad == "SAME_UPPER":
            for dim, (t, m) in enumerate(zip(given, sizes, strict=True)):
                if t >= 0:
                    windows[dim] = (t - t // 2, t - t // 2 + m)
            if any(t > 0 and t % 2 for t in given):
                reasons.append(
                    "with output_shape it splits SAME_UPPER's odd total padding with the extra "
                    "position at the beginning (OpenVINO's own same_upper)"
                )
        reasons += _zeros_at_end(windows, full, ops, sizes)
    return _view("OpenVINO (ONNX frontend)", source, node, windows, None, reasons)


def tensorrt(node: Node) -> RuntimeView:
    """TensorRT through its ONNX parser (from onnx-tensorrt's source; not run here)."""
    c = node.canonical
    source = f"from {ONNX_TENSORRT}; not run"
    if c.rank == 1:
        source += " (1-D reshaped to 2-D by the parser)"
    try:
        windows, notes = onnx_parser_window(node.attrs, c.input_size, c.kernel_size)
    except SpecError as exc:
        return _view("TensorRT", source, node, None, str(exc).split(": ", 1)[-1], [])
    reasons = list(notes)
    auto_pad = node.attrs.get("auto_pad") or "NOTSET"
    if auto_pad in ("SAME_UPPER", "SAME_LOWER") and any(
        s > k for s, k in zip(c.stride, c.effective_kernel_size, strict=True)
    ):
        reasons.append("TensorRT's SAME gives min(I*S, (I-1)S + DK): no zeros up to I*S")
    return _view("TensorRT", source, node, windows, None, reasons)


#: Runtime name -> its prediction.
RUNTIMES: dict[str, Callable[[Node], RuntimeView]] = {
    "onnx.reference": onnx_reference,
    "onnxruntime": onnxruntime,
    "openvino": openvino_frontend,
    "tensorrt": tensorrt,
}


def predict(node: Node) -> list[RuntimeView]:
    """Every registered runtime's answer for the node."""
    return [fn(node) for fn in RUNTIMES.values()]


def shape_inference_view(
    node: Node, x_shape: Sequence[int], inferred: Callable[..., Any]
) -> RuntimeView:
    """ONNX's shape inference (strict) run on a one-node model with the node's attributes.

    Args:
        node: the node.
        x_shape: the full input shape (ints).
        inferred: ``inferred(c, attrs, x_shape)`` -> the inferred output shape
            (:func:`symtconv.frameworks.crosscheck.onnx_runner.inferred`).
    """
    c = node.canonical
    source = "run here: onnx.shape_inference, strict"
    try:
        shape = list(inferred(c, dict(node.attrs), list(x_shape)))
    except Exception as exc:  # its own error is the answer
        text = " ".join(str(exc).split())
        return RuntimeView("ONNX shape inference", source, None, text[:160], False)
    sizes = tuple(shape[2:])
    same = sizes == c.output_size and shape[1] == c.out_channels
    reasons = []
    auto_pad, ops, totals, _full, out = _facts(node)
    if not same and auto_pad in ("SAME_UPPER", "SAME_LOWER") and out is None:
        if any(ops):
            reasons.append(
                "with SAME_* it adds output_padding to i*s (the text: the padding moves)"
            )
        if any(t < 0 for t in totals):
            reasons.append("it clamps a negative total padding to 0")
    return RuntimeView("ONNX shape inference", source, sizes or None, None, same, tuple(reasons))
