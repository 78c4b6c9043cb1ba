"""The numbers of a window on the full transposed convolution: crop, zero-pad, compute.

Every framework's output is a window of the full transposed convolution (see
:mod:`symtconv.frameworks.canonical`).  Turning one window into another is a
per-dimension ``(lo, hi)`` *adjust*: positive amounts crop that many positions,
negative ones add zeros.  This module holds that arithmetic, its application
to arrays, and the computation of a window with symtconv's scatter-add.

Examples:
    >>> window_adjust([(0, 11)], [(0, 10)])
    ((0, 1),)
    >>> apply_adjust(np.arange(5), [(1, -2)], 0).tolist()
    [1, 2, 3, 4, 0, 0]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..core.numeric import conv_transpose, pad_or_crop
from ..core.spec import ConvSpec

__all__ = [
    "Pair",
    "adjust_is_valid",
    "apply_adjust",
    "bias_on_added_zeros",
    "scatter_window",
    "window_adjust",
]

#: ``(lo, hi)``: the two sides of one dimension.
Pair = tuple[int, int]


def window_adjust(realized: Sequence[Pair], target: Sequence[Pair]) -> tuple[Pair, ...]:
    """Per dimension ``(lo, hi)`` that turns the realized window into the target.

    Positive amounts crop that many positions, negative ones add zeros.

    Examples:
        >>> window_adjust([(0, 11)], [(2, 12)])
        ((2, -1),)
    """
    return tuple((t0 - a, b - t1) for (a, b), (t0, t1) in zip(realized, target, strict=True))


def adjust_is_valid(realized: Sequence[Pair], target: Sequence[Pair], full: Sequence[int]) -> bool:
    """True when cropping/zero-padding the realized window gives the target exactly.

    Zeros may only be added where the full result is zero (outside ``[0, L)``),
    and the two windows must overlap.
    """
    for (a, b), (t0, t1), length in zip(realized, target, full, strict=True):
        if max(a, t0) >= min(b, t1):
            return False
        if t0 < a and not (a <= 0 or t0 >= length):
            return False
        if t1 > b and not (b >= length or t1 <= 0):
            return False
    return True


def apply_adjust(arr: np.ndarray, adjust: Sequence[Pair], first_axis: int) -> np.ndarray:
    """Crop (positive) or zero-pad (negative) the spatial axes starting at ``first_axis``.

    Examples:
        >>> apply_adjust(np.arange(6).reshape(2, 3), [(0, 1)], 1).tolist()
        [[0, 1], [3, 4]]
    """
    out = arr
    for offset, (lo, hi) in enumerate(adjust):
        out = pad_or_crop(out, first_axis + offset, -lo, -hi)
    return out


def bias_on_added_zeros(
    y: np.ndarray, adjust: Sequence[Pair], b: Any, channels_last: bool
) -> np.ndarray:
    """Zeros added after the layer miss its bias; add it there (a layer would have)."""
    rank = len(adjust)
    first = 1 if channels_last else 2
    mask = np.zeros(y.shape[first : first + rank], dtype=bool)
    for dim, (lo, hi) in enumerate(adjust):
        index: list[Any] = [slice(None)] * rank
        n = int(mask.shape[dim])
        if lo < 0:
            index[dim] = slice(0, -lo)
            mask[tuple(index)] = True
        if hi < 0:
            index[dim] = slice(n + hi, n)
            mask[tuple(index)] = True
    bias = np.asarray(b)
    if channels_last:
        return y + np.where(mask[None, ..., None], bias, 0)
    return y + np.where(mask[None, None], bias.reshape((-1,) + (1,) * rank), 0)


def scatter_window(
    spec: ConvSpec, x: Any, w: Any, b: Any = None, adjust: Sequence[Pair] | None = None
) -> np.ndarray:
    """``spec``'s transposed convolution by symtconv's scatter-add, then the adjust.

    Exact for integer and object data, in PyTorch's layout.  With an adjust the
    bias is added afterwards, so that every output position gets it, added
    zeros too.

    Args:
        spec: a transposed convolution.
        x: ``(N, C_in, *size)`` or ``(C_in, *size)``.
        w: ``(C_in, C_out/groups, *k)``.
        b: ``(C_out,)`` or None.
        adjust: ``(lo, hi)`` per dimension applied to the result, or None.
    """
    out = conv_transpose(
        x,
        w,
        b if adjust is None else None,
        spec.stride,
        [list(p) for p in spec.padding],
        spec.output_padding,
        spec.dilation,
        spec.groups,
    )
    if adjust is None:
        return out
    out = apply_adjust(out, adjust, np.ndim(x) - spec.rank)
    if b is not None:
        out = out + np.asarray(b).reshape((-1,) + (1,) * spec.rank)
    return out
