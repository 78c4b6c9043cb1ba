"""The sub-pixel view: a transposed convolution as stride-1 convolutions, one per phase.

Input position ``q`` and tap ``t`` land at ``j = q*s + t*d`` on the uncropped canvas,
which is position ``m = q + (t*d) // s`` of the stride phase ``r = (t*d) mod s``.  So the
canvas's phase ``r`` is the stride-1 convolution (a cross-correlation, PyTorch's
``conv``) of the input with the phase's *sub-kernel*: tap ``t`` at entry
``u = K - 1 - (t*d) // s`` (flipped, because ``m`` grows with ``q``), zeros elsewhere,
where ``K = (d*(k - 1)) // s + 1``, and the input padded by ``K - 1`` on the low side.
The ``s^n`` phase outputs (per dimension and output channel) are interleaved,
``Z[m*s + r] = Y_r[m]`` (depth-to-space, PyTorch's ``pixel_shuffle`` in 2-D), and
cropped, ``y[j] = Z[j + p_lo]``.  Shi et al., "Is the deconvolution layer the same as a
convolutional layer?" (arXiv:1609.07009, 2016).

All the phases go into one stride-1 convolution with ``C_out * s^n`` output channels:
channel ``co * s^n + r`` (``r`` flattened in C order over the dimensions) holds
phase ``r`` of output channel ``co``, the order ``pixel_shuffle`` reads.  Its weight
is :func:`rearranged_weight`: ``W'[co*S + r, ci, u] = w[ci, co, t]`` per the index
map of :func:`sub_kernels` (the channels within the group, as in PyTorch's layouts).

Examples:
    >>> from symtconv.core.spec import ConvSpec
    >>> plan = subpixel_plan(ConvSpec.create(2, 3, stride=2))
    >>> plan.kernels[0].taps, plan.pads, plan.phase_size
    (((2, 0), (None, 1)), ((1, 1),), (3,))
    >>> import numpy as np
    >>> x, w = np.array([[1, 2]]), np.array([[[1, 10, 100]]])
    >>> subpixel_conv_transpose(x, w, plan.spec).tolist()
    [[1, 10, 102, 20, 200]]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..core.numeric import conv
from ..core.spec import ConvSpec
from ..errors import SpecError

__all__ = [
    "SubKernel",
    "SubpixelPlan",
    "rearranged_weight",
    "sub_kernels",
    "subpixel_conv_transpose",
    "subpixel_plan",
]


@dataclass(frozen=True)
class SubKernel:
    """The phase sub-kernels of one dimension: which tap sits at which entry.

    Attributes:
        kernel, stride, dilation: ``k``, ``s``, ``d``.
        size: ``K = (d*(k - 1)) // s + 1`` entries per sub-kernel.
        taps: ``taps[r][u]``: the tap at entry ``u`` of phase ``r``'s sub-kernel, or
            ``None`` for a zero.
    """

    kernel: int
    stride: int
    dilation: int
    size: int
    taps: tuple[tuple[int | None, ...], ...]


def _sub_kernel(k: int, s: int, d: int) -> SubKernel:
    size = (d * (k - 1)) // s + 1
    table: list[list[int | None]] = [[None] * size for _ in range(s)]
    for t in range(k):
        table[(t * d) % s][size - 1 - (t * d) // s] = t
    return SubKernel(k, s, d, size, tuple(tuple(row) for row in table))


def sub_kernels(spec: ConvSpec) -> tuple[SubKernel, ...]:
    """The index map of the phase sub-kernels, per spatial dimension."""
    return tuple(
        _sub_kernel(k, s, d) for k, s, d in zip(spec.kernel_size, spec.stride, spec.dilation)
    )


@dataclass(frozen=True)
class SubpixelPlan:
    """How the sub-pixel computation of a spec goes, per spatial dimension.

    Attributes:
        spec: the transposed convolution.
        kernels: the sub-kernels' index maps.
        pads: ``(lo, hi)`` zeros around the input of the stride-1 convolution
            (``lo = K - 1``).
        phase_size: the length of each phase's output (the interleaved canvas is
            ``phase_size * s`` long and covers ``[p_lo, p_lo + o)``).
    """

    spec: ConvSpec
    kernels: tuple[SubKernel, ...]
    pads: tuple[tuple[int, int], ...]
    phase_size: tuple[int, ...]

    @property
    def phases(self) -> int:
        """The number of phases, ``s^n`` (the product of the strides)."""
        return math.prod(self.spec.stride)

    @property
    def crop(self) -> tuple[tuple[int, int], ...]:
        """Per dimension, the window ``[start, stop)`` of the interleaved canvas kept."""
        return tuple((lo, lo + o) for (lo, _), o in zip(self.spec.padding, self.spec.output_size))


def subpixel_plan(spec: ConvSpec) -> SubpixelPlan:
    """The sub-pixel plan of a transposed spec.

    Raises:
        SpecError: a forward spec.
    """
    if not spec.transposed:
        raise SpecError("subpixel: is about a transposed convolution; leave out --forward")
    kernels = sub_kernels(spec)
    pads, sizes = [], []
    for sub, i, (lo, _), o in zip(kernels, spec.input_size, spec.padding, spec.output_size):
        # every phase output the crop needs, and at least the full one (no negative padding)
        size = max(-(-(lo + o) // sub.stride), i + sub.size - 1)
        sizes.append(size)
        pads.append((sub.size - 1, size - i))
    return SubpixelPlan(spec, kernels, tuple(pads), tuple(sizes))


def rearranged_weight(plan: SubpixelPlan, w: np.ndarray) -> np.ndarray:
    """The stride-1 convolution's weight ``(C_out * s^n, C_in/groups, *K)`` from ``w``.

    ``w`` is the transposed convolution's weight ``(C_in, C_out/groups, *k)``; entries
    without a tap are 0 (of ``w``'s element type).
    """
    spec = plan.spec
    g = spec.groups
    cin_g, cout_g = spec.in_channels // g, spec.out_channels // g
    sizes = tuple(sub.size for sub in plan.kernels)
    out = np.zeros((spec.out_channels * plan.phases, cin_g, *sizes), dtype=w.dtype)
    if w.dtype == object:
        out[...] = 0
    for n, phase in enumerate(np.ndindex(*spec.stride)):
        rows = [sub.taps[r] for sub, r in zip(plan.kernels, phase)]
        for entry in np.ndindex(*sizes):
            tap = tuple(row[u] for row, u in zip(rows, entry))
            if any(t is None for t in tap):
                continue
            for co in range(spec.out_channels):
                group, local = divmod(co, cout_g)
                source = w[group * cin_g : (group + 1) * cin_g, local][(slice(None), *tap)]
                out[(co * plan.phases + n, slice(None), *entry)] = source
    return out


def subpixel_conv_transpose(
    x: np.ndarray, w: np.ndarray, spec: ConvSpec, bias: np.ndarray | None = None
) -> np.ndarray:
    """The transposed convolution computed the sub-pixel way (stride-1 convolution, interleave,
    crop), in any element type :func:`symtconv.core.numeric.conv` takes.

    Args:
        x: input ``(C_in, *size)`` or ``(N, C_in, *size)``.
        w: weight ``(C_in, C_out/groups, *k)``.
        spec: the transposed convolution (its geometry; the operands' shapes must fit it).
        bias: ``(C_out,)`` or None.
    """
    plan = subpixel_plan(spec)
    batched = np.ndim(x) == spec.rank + 2
    xb = np.asarray(x) if batched else np.asarray(x)[None]
    big_bias = None if bias is None else np.repeat(np.asarray(bias), plan.phases)
    z = conv(xb, rearranged_weight(plan, np.asarray(w)), big_bias, 1, plan.pads, 1, spec.groups)
    n, rank = z.shape[0], spec.rank
    z = z.reshape(n, spec.out_channels, *spec.stride, *plan.phase_size)
    order = [0, 1] + [a for d in range(rank) for a in (2 + rank + d, 2 + d)]
    z = z.transpose(order).reshape(
        n, spec.out_channels, *(m * s for m, s in zip(plan.phase_size, spec.stride))
    )
    y = z[(slice(None), slice(None), *(slice(a, b) for a, b in plan.crop))]
    return y if batched else y[0]
