"""PyTorch code for the sub-pixel form of a transposed convolution.

:func:`torch_subpixel_code` writes a self-contained Python module (only ``torch``) for
one layer: ``rearrange(w)``, the exact rearrangement of a ``ConvTranspose`` weight into
the weight of one stride-1 ``conv1d``/``conv2d``/``conv3d`` with ``C_out * s^n``
output channels (the weight index map of :mod:`symtconv.engine.subpixel`, as lists),
and ``conv_transpose_subpixel(x, w, bias=None)``: the convolution, the interleaving of
the phases (``pixel_shuffle`` in 2-D with equal strides, ``reshape``/``permute``
otherwise) and the crop.  It equals ``F.conv_transpose{n}d(x, w, bias, ...)`` with the
layer's parameters, exactly in exact arithmetic; the test suite runs it in torch.

Examples:
    >>> from symtconv.core.spec import ConvSpec
    >>> code = torch_subpixel_code(ConvSpec.create((4, 4), (3, 3), stride=2, padding=1))
    >>> "F.pixel_shuffle(z, 2)" in code, "TAPS_0 = [[2, 0], [3, 1]]" in code
    (True, True)
"""

from __future__ import annotations

from ..core.spec import ConvSpec
from ..engine.subpixel import SubpixelPlan, subpixel_plan
from .codegen import tup

__all__ = ["torch_subpixel_code"]


def _taps_list(plan: SubpixelPlan, n: int) -> str:
    """Dimension ``n``'s index map as a nested list; ``k`` (the appended zero) for no tap."""
    sub = plan.kernels[n]
    rows = (
        "[" + ", ".join(str(sub.kernel if t is None else t) for t in row) + "]" for row in sub.taps
    )
    return "[" + ", ".join(rows) + "]"


def _torch_pads(pads: tuple[tuple[int, int], ...]) -> str:
    """``F.pad``'s order: the last dimension first, (low, high) each."""
    return tup([v for lo, hi in reversed(pads) for v in (lo, hi)])


def _rearrange(plan: SubpixelPlan) -> list[str]:
    spec = plan.spec
    rank, g, phases = spec.rank, spec.groups, plan.phases
    per = "" if g == 1 else f"/{g}"
    kernel = ", ".join(map(str, spec.kernel_size))
    sizes = ", ".join(str(sub.size) for sub in plan.kernels)
    lines = [
        "def rearrange(w):",
        f'    """ConvTranspose{rank}d weight (C_in, C_out{per}, {kernel}) -> '
        f'conv{rank}d weight (C_out*{phases}, C_in{per}, {sizes})."""',
        f"    g = {g}",
        "    c_in, c_out_g = w.shape[:2]",
        f"    w = F.pad(w, {tup([0, 1] * rank)})  # one zero tap at the end of each spatial axis",
        "    w = w.reshape(g, c_in // g, c_out_g, *w.shape[2:])  # (g, ci, co, *k)",
    ]
    for n in range(rank):
        colons = ", ".join([":"] * (3 + 2 * n))
        lines.append(
            f"    w = w[{colons}, torch.tensor(TAPS_{n})]  # axis {3 + 2 * n} -> (s{n}, K{n})"
        )
    order = (0, 2, *(3 + 2 * n for n in range(rank)), 1, *(4 + 2 * n for n in range(rank)))
    lines += [
        f"    w = w.permute{tup(order)}  # (g, co, s..., ci, K...)",
        f"    return w.reshape(g * c_out_g * {phases}, c_in // g, *w.shape[-{rank}:])",
    ]
    return lines


def _interleave(plan: SubpixelPlan) -> str:
    spec = plan.spec
    rank, strides = spec.rank, spec.stride
    if rank == 2 and strides[0] == strides[1]:
        return f"    z = F.pixel_shuffle(z, {strides[0]})  # interleave the {plan.phases} phases"
    sizes = plan.phase_size
    order = (0, 1, *(a for n in range(rank) for a in (2 + rank + n, 2 + n)))
    shape = ", ".join(str(v) for v in (*strides, *sizes))
    full = ", ".join(str(m * s) for m, s in zip(sizes, strides))
    return (
        f"    z = z.reshape(z.shape[0], -1, {shape}).permute{tup(order)}"
        f".reshape(z.shape[0], -1, {full})  # interleave the {plan.phases} phases"
    )


def torch_subpixel_code(spec: ConvSpec) -> str:
    """The layer as PyTorch code: the weight rearrangement, one stride-1 convolution, the
    interleaving of the phases and the crop (a module of plain text; see the module doc).

    Raises:
        SpecError: a forward spec.
    """
    plan = subpixel_plan(spec)
    rank, g = spec.rank, spec.groups
    symmetric = all(lo == hi for lo, hi in spec.padding)
    padding = [lo for lo, _ in spec.padding] if symmetric else [0] * rank
    call = (
        f"F.conv_transpose{rank}d(x, w, bias, stride={tup(spec.stride)}, "
        f"padding={tup(padding)}, output_padding={tup(spec.output_padding)}, "
        f"dilation={tup(spec.dilation)}, groups={g})"
    )
    if not symmetric:  # PyTorch pads both sides alike: no padding, then the crop
        call += "[..., " + ", ".join(f"{a}:{b}" for a, b in plan.crop) + "]"
    lines = [
        "import torch",
        "import torch.nn.functional as F",
        "",
        f"# {spec.describe()}",
        f"# as {plan.phases} stride-1 convolutions, one per stride phase, interleaved "
        "(Shi et al. 2016, arXiv:1609.07009).",
        "# Weight index map, per spatial dimension: TAPS_n[r][u] is the tap of the transposed "
        "kernel at",
        "# entry u of phase r's sub-kernel (the kernel size itself: the zero appended to the "
        "kernel).",
    ]
    lines += [f"TAPS_{n} = {_taps_list(plan, n)}" for n in range(rank)]
    lines += ["", ""] + _rearrange(plan) + ["", ""]
    crop = ", ".join(f"{a}:{b}" for a, b in plan.crop)
    lines += [
        "# Equals, x being (N, C_in, *size):",
        f"#   {call}",
        "def conv_transpose_subpixel(x, w, bias=None):",
        f"    b = None if bias is None else bias.repeat_interleave({plan.phases})",
        f"    x = F.pad(x, {_torch_pads(plan.pads)})  # (low, high) per axis, the last axis first",
        f"    z = F.conv{rank}d(x, rearrange(w), b, groups={g})",
        _interleave(plan),
        f"    return z[..., {crop}]  # crop",
    ]
    return "\n".join(lines) + "\n"
