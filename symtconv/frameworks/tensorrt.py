"""TensorRT: ``IDeconvolutionLayer`` (``INetworkDefinition.add_deconvolution_nd``), simulated.

Parameters (the layer's Python attributes): ``stride_nd``, ``padding_nd`` (both
sides), ``pre_padding``, ``post_padding``, ``padding_mode``, ``dilation_nd``,
``num_groups``, ``num_output_maps``, ``kernel_size_nd``.  2-D and 3-D only.

The operator reference (docs.nvidia.com/deeplearning/tensorrt/latest/_static/
operators/Deconvolution.html), with ``DK = 1 + D(F-1)``, ``B`` the pre-padding
and ``A`` the post-padding ("for deconvolution, pre-padding is set before
output")::

    EXPLICIT_ROUND_DOWN, EXPLICIT_ROUND_UP:  O = (I-1)S + DK - (B + A)
    SAME_UPPER:  O = min(I*S, (I-1)S + DK),  P = max(DK - S, 0),  B = floor(P/2),  A = P - B
    SAME_LOWER:  the same O and P,  A = floor(P/2),  B = P - A

There is no output padding (pytorch/TensorRT#3344).  SAME gives ``I*S`` only
while the stride is at most the dilated kernel: with ``S > DK`` it gives the
full result, ``(I-1)S + DK < I*S``, where ONNX, TensorFlow, JAX and Core ML
append zeros up to ``I*S``.  An older version of the same page (TensorRT 8.6)
printed the *convolution's* formulas for deconvolution (``O = ceil(I/S)``).

:func:`onnx_parser_window` is what TensorRT's ONNX parser (onnx-tensorrt,
``onnxOpImporters.cpp``) makes of a ``ConvTranspose`` node.

Examples:
    >>> same = {"stride_nd": 2, "padding_mode": "SAME_UPPER"}
    >>> TENSORRT.from_params((3, 3), 3, same).canonical.window
    ((0, 6), (0, 6))
    >>> TENSORRT.from_params((3, 3), 1, same).canonical.output_size
    (5, 5)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..core.spec import effective_kernel_size
from ..errors import SpecError
from .base import Candidate, Framework, ints
from .canonical import Canonical
from .codegen import realized_sizes, tup
from .forms import pair_candidates
from .reading import Layer, Reading
from .windows import Pair

__all__ = ["PADDING_MODES", "TENSORRT", "TensorRT", "onnx_parser_window", "trt_same_pads"]

PADDING_MODES = ("EXPLICIT_ROUND_DOWN", "EXPLICIT_ROUND_UP", "SAME_UPPER", "SAME_LOWER")

#: where the onnx-tensorrt facts were read
ONNX_TENSORRT = "onnx-tensorrt onnxOpImporters.cpp (ConvTranspose) at commit 96e7811, 2024-06-17"


def trt_same_pads(k_eff: int, s: int, upper: bool) -> Pair:
    """TensorRT's SAME (B, A) of a deconvolution: ``P = max(DK - S, 0)``.

    Examples:
        >>> trt_same_pads(3, 2, True), trt_same_pads(4, 1, True), trt_same_pads(4, 1, False)
        ((0, 1), (1, 2), (2, 1))
    """
    total = max(k_eff - s, 0)
    small = total // 2
    return (small, total - small) if upper else (total - small, small)


def _trunc_half(total: int) -> int:
    """C++'s ``total / 2`` (towards zero)."""
    return int(total / 2)


def onnx_parser_window(
    attrs: Mapping[str, Any], input_size: Sequence[int], kernel_size: Sequence[int]
) -> tuple[list[Pair], list[str]]:
    """The windows ``[start, stop)`` TensorRT's ONNX parser computes for a ConvTranspose node.

    From the importer's source (not run here): explicit ``pads`` become pre/
    post padding, and ``output_padding`` is taken from the post padding or
    added by a padding layer; ``output_shape`` is used only with
    ``auto_pad=NOTSET``, split with the extra position at the *end*;
    ``SAME_UPPER`` / ``SAME_LOWER`` become TensorRT's SAME,
    which ignores ``output_shape`` and ``output_padding``; so does ``VALID``.

    Args:
        attrs: the node's attributes (ONNX names, validated).
        input_size, kernel_size: spatial sizes.

    Returns:
        The windows and notes on what differs from the operator's text.

    Raises:
        SpecError: a node the parser refuses (a negative pre-padding).

    Examples:
        >>> onnx_parser_window({"strides": [2], "output_shape": [10]}, [5], [3])[0]
        [(0, 10)]
    """
    rank = len(kernel_size)

    def values(name: str, default: int) -> list[int]:
        given = attrs.get(name)
        return [default] * rank if given is None else [int(v) for v in given]

    s, d, op = values("strides", 1), values("dilations", 1), values("output_padding", 0)
    k_eff = effective_kernel_size(kernel_size, d)
    full = [(i - 1) * ss + ke for i, ss, ke in zip(input_size, s, k_eff, strict=True)]
    auto_pad = attrs.get("auto_pad") or "NOTSET"
    notes: list[str] = []
    if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        pairs = [trt_same_pads(ke, ss, auto_pad == "SAME_UPPER") for ke, ss in zip(k_eff, s)]
        if attrs.get("output_shape") is not None or any(op):
            notes.append(
                f"with auto_pad={auto_pad} the parser ignores output_shape and output_padding "
                "(TensorRT's SAME mode)"
            )
        return [(b, n - a) for (b, a), n in zip(pairs, full, strict=True)], notes
    pads = attrs.get("pads")
    flat = [0] * (2 * rank) if pads is None else [int(v) for v in pads]
    begin, end = flat[:rank], flat[rank:]
    if auto_pad == "VALID":
        if any(op):
            notes.append("with auto_pad=VALID the parser drops output_padding")
        return [(b, n - e) for b, e, n in zip(begin, end, full, strict=True)], notes
    shape = attrs.get("output_shape")
    if shape is not None:
        out = [int(v) for v in shape][-rank:]
        totals = [n + o - m for n, o, m in zip(full, op, out, strict=True)]
        begin = [_trunc_half(t) for t in totals]
        end = [t - b for t, b in zip(totals, begin, strict=True)]
        if any(b < 0 for b in begin):
            raise SpecError(
                "output_shape: TensorRT does not support negative pre-padding in the "
                f"ConvTranspose operator! ({ONNX_TENSORRT})"
            )
        op = [-e if e < 0 else o for e, o in zip(end, op, strict=True)]
        end = [max(e, 0) for e in end]
        if any(t % 2 for t in totals):
            notes.append(
                "the parser splits output_shape's odd total padding with the extra position at "
                "the end (the operator's text: at the beginning for NOTSET)"
            )
    windows = [(b, n - e + o) for b, e, n, o in zip(begin, end, full, op, strict=True)]
    return windows, notes


class TensorRT(Framework):
    """TensorRT's ``IDeconvolutionLayer`` (its documented semantics)."""

    name = "tensorrt"
    title = "TensorRT IDeconvolutionLayer"
    aliases = ("trt",)
    parameters = (
        "kernel_size_nd",
        "num_output_maps",
        "stride_nd",
        "padding_nd",
        "pre_padding",
        "post_padding",
        "padding_mode",
        "dilation_nd",
        "num_groups",
    )
    input_layout = "NCHW"
    has_groups = True
    groups_param = "num_groups"
    simulated = (
        "simulated: TensorRT needs an NVIDIA GPU; symtconv computes the operator reference's "
        "formulas, and nothing here runs TensorRT"
    )

    def read(self, layer: Layer) -> Reading:
        layer.check_kernel("kernel_size_nd", "the kernel")
        if layer.rank not in (2, 3):
            raise SpecError(
                f"kernel_size_nd: got {layer.rank} spatial dimension(s); TensorRT's deconvolution "
                "is 2-D or 3-D (onnx-tensorrt reshapes 1-D to (L, 1))"
            )
        maps = layer.params.get("num_output_maps")
        if maps is not None and maps != layer.out_channels:
            raise SpecError(
                f"num_output_maps: got {maps!r}; the output channels are {layer.out_channels}"
            )
        mode = str(layer.params.get("padding_mode", "EXPLICIT_ROUND_DOWN")).upper()
        if mode not in PADDING_MODES:
            raise SpecError(
                f"padding_mode: got {layer.params['padding_mode']!r}; valid for a deconvolution: "
                f"{', '.join(PADDING_MODES)} (the CAFFE modes have no deconvolution formula in "
                "the operator reference, and TensorRT 10 drops them)"
            )
        s, d = layer.ints("stride_nd", 1), layer.ints("dilation_nd", 1)
        notes: list[str] = []
        given = [k for k in ("padding_nd", "pre_padding", "post_padding") if k in layer.params]
        if "padding_nd" in given and len(given) > 1:
            raise SpecError(
                "padding_nd: given with pre_padding/post_padding; set one or the other (each "
                "overwrites the other's values)"
            )
        if mode.startswith("SAME"):
            if given:
                notes.append("padding_mode takes precedence: the explicit paddings are ignored")
            pairs = tuple(
                trt_same_pads(ke, ss, mode == "SAME_UPPER")
                for ke, ss in zip(effective_kernel_size(layer.kernel_size, d), s, strict=True)
            )
            if any(ss > ke for ss, ke in zip(s, effective_kernel_size(layer.kernel_size, d))):
                notes.append(
                    "with a stride larger than the dilated kernel TensorRT's SAME gives "
                    "(I-1)S + DK, not I*S: ONNX, TensorFlow, JAX and Core ML append zeros there"
                )
        else:
            both = layer.ints("padding_nd", 0)
            pre = layer.ints("pre_padding", 0) if "pre_padding" in layer.params else both
            post = layer.ints("post_padding", 0) if "post_padding" in layer.params else both
            if any(v < 0 for v in (*pre, *post)):
                raise SpecError("pre_padding/post_padding: every value must be >= 0")
            pairs = tuple(zip(pre, post, strict=True))
        c = layer.canonical(s, d, pairs, (0,) * layer.rank, layer.params.get("num_groups", 1))
        return Reading(c, tuple(notes))

    # ----- expressing ---------------------------------------------------------------

    def unsupported(self, c: Canonical) -> str | None:
        if c.rank not in (2, 3):
            return (
                "TensorRT's deconvolution is 2-D or 3-D: reshape the input to (N, C, L, 1) and "
                "use a (k, 1) kernel, as onnx-tensorrt does"
            )
        return None

    def modes(self, c: Canonical) -> Sequence[str]:
        return ("explicit", "SAME_UPPER", "SAME_LOWER")

    def candidates(self, mode: str, c: Canonical, dim: int) -> Iterator[Candidate]:
        if mode == "explicit":
            yield from pair_candidates(c, dim, [0])
            return
        k_eff, s = c.effective_kernel_size[dim], c.stride[dim]
        yield Candidate(None, trt_same_pads(k_eff, s, mode == "SAME_UPPER"), 0)

    def assemble(self, mode: str, values: Sequence[Any], c: Canonical) -> dict[str, Any]:
        params: dict[str, Any] = {
            "kernel_size_nd": ints(c.kernel_size),
            "num_output_maps": c.out_channels,
            "stride_nd": ints(c.stride),
        }
        if mode == "explicit":
            pre, post = [v[0] for v in values], [v[1] for v in values]
            if pre == post:
                params["padding_nd"] = pre
            else:
                params["pre_padding"], params["post_padding"] = pre, post
        else:
            params["padding_mode"] = mode
        params["dilation_nd"] = ints(c.dilation)
        params["num_groups"] = c.groups
        return params

    def notes_for(self, c: Canonical, params: dict[str, Any], exact: bool) -> list[str]:
        if exact:
            return []
        return [
            "TensorRT's deconvolution has no output padding and its paddings are >= 0 "
            "(pytorch/TensorRT#3344); onnx-tensorrt adds the rest with a padding layer, as "
            "shown"
        ]

    def weight_text(self, params: dict[str, Any], rank: int) -> str:
        return (
            "kernel weights [C_in, C_out/num_groups, *k] (onnx-tensorrt: 'Weights order is "
            "CKRS'): PyTorch's layout, as is"
        )

    def code(self, params: dict[str, Any], adjust: Sequence[Pair], c: Canonical) -> str:
        lines = [
            f"layer = network.add_deconvolution_nd(x, num_output_maps={c.out_channels}, "
            f"kernel_shape={tup(params['kernel_size_nd'])}, kernel=trt.Weights(w), "
            "bias=trt.Weights())",
            f"layer.stride_nd = {tup(params['stride_nd'])}",
        ]
        for key in ("padding_nd", "pre_padding", "post_padding"):
            if key in params:
                lines.append(f"layer.{key} = {tup(params[key])}")
        if "padding_mode" in params:
            lines.append(f"layer.padding_mode = trt.PaddingMode.{params['padding_mode']}")
        lines.append(f"layer.dilation_nd = {tup(params['dilation_nd'])}")
        if c.groups > 1:
            lines.append(f"layer.num_groups = {c.groups}")
        lines.append("y = layer.get_output(0)")
        if any(a for pair in adjust for a in pair):
            sizes = realized_sizes(c.output_size, adjust)
            start = [0, 0, *(lo for lo, _ in adjust)]
            shape = ["N", c.out_channels, *c.output_size]
            lines.append(
                f"y = network.add_slice(y, start={start}, shape=[{', '.join(map(str, shape))}], "
                f"stride={[1] * (c.rank + 2)}).get_output(0)  # the layer gives "
                + "x".join(map(str, sizes))
                + "; crop"
                + (
                    " (mode trt.SampleMode.FILL adds the zeros)"
                    if any(a < 0 for p in adjust for a in p)
                    else ""
                )
            )
        return "\n".join(lines)


TENSORRT = TensorRT()
