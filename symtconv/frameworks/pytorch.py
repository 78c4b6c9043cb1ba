"""PyTorch: ``torch.nn.ConvTranspose{1,2,3}d`` and ``torch.nn.functional.conv_transpose*``.

Parameters (PyTorch's names): ``stride``, ``padding`` (one int per dimension,
the same on both sides), ``output_padding``, ``dilation``, ``groups``, and
``output_size`` (the argument of ``ConvTranspose*d.forward``, which sets
``output_padding = output_size - ((i-1)s - 2p + d(k-1) + 1)`` and accepts sizes
up to ``stride - 1`` above that minimum).  PyTorch accepts an output padding
when it is smaller than the stride *or* the dilation.

Examples:
    >>> r = PYTORCH.from_params(5, 3, {"stride": 2, "padding": 1, "output_padding": 1})
    >>> r.canonical.pads, r.canonical.output_size
    (((1, 1),), (10,))
    >>> r = PYTORCH.from_params(5, 3, {"stride": 2, "padding": 1, "output_size": 10})
    >>> r.canonical.output_padding
    (1,)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..core.spec import output_padding_accepted
from ..errors import SpecError
from .base import Candidate, Framework, ints
from .canonical import Canonical
from .codegen import crop_text, realized_sizes, tup
from .reading import Layer, Reading
from .windows import Pair

__all__ = ["PYTORCH", "PyTorch"]


def _minimum(i: int, k: int, s: int, p: int, d: int) -> int:
    return (i - 1) * s - 2 * p + d * (k - 1) + 1


def _from_output_size(
    layer: Layer, stride: tuple[int, ...], padding: tuple[int, ...], dilation: tuple[int, ...]
) -> tuple[int, ...]:
    """The output padding that ``forward(output_size=...)`` sets.

    Raises:
        SpecError: a size outside the ``stride`` sizes from the minimum up.
    """
    size = layer.ints("output_size")
    low = [
        _minimum(*a)
        for a in zip(layer.input_size, layer.kernel_size, stride, padding, dilation, strict=True)
    ]
    high = [m + s - 1 for m, s in zip(low, stride, strict=True)]
    if any(not lo <= n <= hi for n, lo, hi in zip(size, low, high, strict=True)):
        raise SpecError(
            f"output_size: got {list(size)}; PyTorch's ConvTranspose.forward accepts "
            f"sizes from {low} to {high} (for an input of {list(layer.input_size)})"
        )
    return tuple(n - m for n, m in zip(size, low, strict=True))


def _check_output_padding(
    output_padding: tuple[int, ...], stride: tuple[int, ...], dilation: tuple[int, ...]
) -> list[str]:
    """PyTorch's rule (below the stride *or* the dilation), and a note when only the latter holds.

    Raises:
        SpecError: an output padding PyTorch refuses.
    """
    for op, s, d in zip(output_padding, stride, dilation, strict=True):
        if not output_padding_accepted(op, s, d):
            raise SpecError(
                f"output_padding: got {list(output_padding)}; PyTorch: output padding must "
                f"be smaller than either stride ({s}) or dilation ({d})"
            )
    if any(op >= s for op, s in zip(output_padding, stride, strict=True)):
        return [
            f"output_padding {list(output_padding)} is not smaller than the stride "
            f"{list(stride)}; PyTorch accepts it because it is smaller than the dilation "
            "(pytorch#8826 questions that rule); TensorFlow and Keras require "
            "output_padding < stride"
        ]
    return []


class PyTorch(Framework):
    """PyTorch's transposed convolution."""

    name = "torch"
    title = "PyTorch ConvTranspose"
    aliases = ("pytorch",)
    parameters = (
        "kernel_size",
        "stride",
        "padding",
        "output_padding",
        "dilation",
        "groups",
        "output_size",
    )
    input_layout = "NCHW"
    has_groups = True

    def read(self, layer: Layer) -> Reading:
        layer.check_kernel("kernel_size", "the kernel")
        if isinstance(layer.params.get("padding"), str):
            raise SpecError(
                f"padding: got {layer.params['padding']!r}; PyTorch's transposed convolutions "
                "take integer padding only (the strings 'same'/'valid' exist for Conv*d)"
            )
        stride, dilation = layer.ints("stride", 1), layer.ints("dilation", 1)
        padding = layer.ints("padding", 0)
        output_padding = layer.ints("output_padding", 0)
        if any(p < 0 for p in padding):
            raise SpecError(f"padding: got {list(padding)}; must be integers >= 0")
        notes: list[str] = []
        if layer.params.get("output_size") is not None:
            if any(output_padding):
                notes.append(
                    "ConvTranspose.forward(output_size=...) ignores the layer's output_padding "
                    f"{list(output_padding)}: output_size decides it"
                )
            output_padding = _from_output_size(layer, stride, padding, dilation)
        notes += _check_output_padding(output_padding, stride, dilation)
        pads = tuple((p, p) for p in padding)
        c = layer.canonical(stride, dilation, pads, output_padding, layer.params.get("groups", 1))
        return Reading(c, tuple(notes))

    # ----- expressing ---------------------------------------------------------------

    def modes(self, c: Canonical) -> Sequence[str]:
        return ("padding", "output_size")

    def candidates(self, mode: str, c: Canonical, dim: int) -> Iterator[Candidate]:
        lo, hi = c.pads[dim]
        s, d, op = c.stride[dim], c.dilation[dim], c.output_padding[dim]
        end = hi - op
        pads = dict.fromkeys([lo, hi, *range(max(lo, end, 0) + 1)])
        limit = s if mode == "output_size" else max(s, d)
        ops = dict.fromkeys([op, *range(limit)])
        for p in pads:
            if p < 0:
                continue
            for o in ops:
                if 0 <= o < limit:
                    low = _minimum(c.input_size[dim], c.kernel_size[dim], s, p, d)
                    value = (p, o) if mode == "padding" else (p, low + o)
                    yield Candidate(value, (p, p), o)

    def assemble(self, mode: str, values: Sequence[Any], c: Canonical) -> dict[str, Any]:
        params: dict[str, Any] = {
            "kernel_size": ints(c.kernel_size),
            "stride": ints(c.stride),
            "padding": [v[0] for v in values],
        }
        if mode == "padding":
            params["output_padding"] = [v[1] for v in values]
        params["dilation"] = ints(c.dilation)
        params["groups"] = c.groups
        if mode == "output_size":
            params["output_size"] = [v[1] for v in values]
        return params

    def notes_for(self, c: Canonical, params: dict[str, Any], exact: bool) -> list[str]:
        notes = []
        if not exact:
            n = c.normalized()
            notes.append(
                "PyTorch crops the same padding from both sides and adds output_padding at the "
                f"end only; this layer needs pads (lo, hi) {[list(p) for p in c.pads]} with "
                f"output_padding {list(c.output_padding)}, which no padding/output_padding "
                "pair gives"
            )
            tempting = []
            for (lo, hi), op, s, d in zip(
                n.pads, n.output_padding, c.stride, c.dilation, strict=True
            ):
                end = hi - op
                p = max(lo, end, 0)
                tempting.append((p, 2 * p - lo - end, p - lo, 2 * p - lo - end < max(s, d)))
            if all(t[3] for t in tempting) and any(t[2] for t in tempting):
                shift = [t[2] for t in tempting]
                notes.append(
                    f"padding={[t[0] for t in tempting]}, output_padding="
                    f"{[t[1] for t in tempting]} gives the same output size "
                    f"{list(c.output_size)} but every value moves by {shift} position(s): "
                    "the shapes match, the numbers do not"
                )
        return notes

    def weight_text(self, params: dict[str, Any], rank: int) -> str:
        return "IOHW (C_in, C_out/groups, *k): PyTorch's own layout, as is"

    def code(self, params: dict[str, Any], adjust: Sequence[Pair], c: Canonical) -> str:
        """Runnable with ``x`` (an ``(N, C_in, *size)`` tensor) and ``w`` (the weight, NumPy)."""
        rank = c.rank
        args = [
            f"kernel_size={tup(params['kernel_size'])}",
            f"stride={tup(params['stride'])}",
            f"padding={tup(params['padding'])}",
        ]
        if "output_padding" in params:
            args.append(f"output_padding={tup(params['output_padding'])}")
        args.append(f"dilation={tup(params['dilation'])}")
        if c.groups > 1:
            args.append(f"groups={c.groups}")
        lines = [
            "import torch",
            f"layer = torch.nn.ConvTranspose{rank}d({c.in_channels}, {c.out_channels}, "
            + ", ".join(args)
            + ", bias=False)",
            "with torch.no_grad():",
            "    layer.weight.copy_(torch.as_tensor(w))  # (C_in, C_out/groups, *k), as is",
            "y = layer(x)"
            if "output_size" not in params
            else f"y = layer(x, output_size={list(params['output_size'])})",
        ]
        crop = crop_text("y", adjust, c.output_size, False)
        if crop:
            sizes = realized_sizes(c.output_size, adjust)
            lines.append(f"y = {crop}  # the layer gives {'x'.join(map(str, sizes))}; crop")
        elif any(a for pair in adjust for a in pair):
            flat = [-a for lo_hi in reversed(adjust) for a in lo_hi]
            lines.append(
                f"y = torch.nn.functional.pad(y, {tup(flat)})  # negative amounts crop, "
                "positive add zeros"
            )
        return "\n".join(lines)


PYTORCH = PyTorch()
