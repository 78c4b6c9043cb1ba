"""The usual mistakes of a hand calculation, each written out on the naive convolutions.

2-D, one channel, no batch: ``x`` is ``(H, W)``, ``w`` is ``(kH, kW)``, ``p`` is
``((lo, hi), (lo, hi))``; exact for Python ints and Fractions.  Each mistake is
the answer of a (transposed) convolution computed with it: :data:`TRANSPOSED`
and :data:`FORWARD` map a mistake's name to that answer, the oracle of the
checker's tests.

Examples:
    >>> tconv([[1, 2], [3, 4]], [[1, 0], [0, -1]]).tolist()
    [[1, 2, 0], [3, 3, -2], [0, -3, -4]]
    >>> TRANSPOSED["overlap_not_summed"]([[1, 2], [3, 4]], [[1, 0], [0, -1]], (1, 1),
    ...                                  ((0, 0), (0, 0)), (0, 0), (1, 1)).tolist()
    [[1, 2, 0], [3, 4, 0], [0, 0, -4]]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .naive import naive_conv, naive_conv_transpose

__all__ = ["FORWARD", "TRANSPOSED", "conv", "tconv"]

NO_PADDING = ((0, 0), (0, 0))


def tconv(
    x: Any,
    w: Any,
    s: Any = (1, 1),
    p: Any = NO_PADDING,
    op: Any = (0, 0),
    d: Any = (1, 1),
    *,
    overwrite: bool = False,
) -> np.ndarray:
    """The 2-D transposed convolution (``overwrite``: overlaps not summed, the last one kept)."""
    x, w = np.asarray(x, dtype=object)[None], np.asarray(w, dtype=object)[None, None]
    return naive_conv_transpose(
        x, w, stride=s, padding=p, output_padding=op, dilation=d, overwrite=overwrite
    )[0]


def conv(x: Any, w: Any, s: Any = (1, 1), p: Any = NO_PADDING, d: Any = (1, 1)) -> np.ndarray:
    """The 2-D forward convolution (cross-correlation)."""
    x, w = np.asarray(x, dtype=object)[None], np.asarray(w, dtype=object)[None, None]
    return naive_conv(x, w, stride=s, padding=p, dilation=d)[0]


def _pad(x: Any, p: Any) -> np.ndarray:
    """``x`` with zeros around it: p[0] rows above and below, p[1] columns left and right."""
    x = np.asarray(x, dtype=object)
    out = np.empty((x.shape[0] + p[0][0] + p[0][1], x.shape[1] + p[1][0] + p[1][1]), dtype=object)
    out[...] = 0
    out[p[0][0] : p[0][0] + x.shape[0], p[1][0] : p[1][0] + x.shape[1]] = x
    return out


def _both_sides(x: Any, w: Any, s: Any, p: Any, op: Any, d: Any) -> np.ndarray:
    """The correct output window grown by op at the low end too (zeros before the scatter)."""
    full = tconv(x, w, s, NO_PADDING, op, d)  # nothing cropped
    right = tconv(x, w, s, p, op, d)
    out = np.empty((right.shape[0] + op[0], right.shape[1] + op[1]), dtype=object)
    out[...] = 0
    for r, c in np.ndindex(*out.shape):
        i, j = r + p[0][0] - op[0], c + p[1][0] - op[1]
        if 0 <= i < full.shape[0] and 0 <= j < full.shape[1]:
            out[r, c] = full[i, j]
    return out


#: mistake -> answer of a transposed convolution computed with it.
TRANSPOSED = {
    "kernel_flipped": lambda x, w, s, p, op, d: tconv(x, np.asarray(w)[::-1, ::-1], s, p, op, d),
    "overlap_not_summed": lambda x, w, s, p, op, d: tconv(x, w, s, p, op, d, overwrite=True),
    "stride_not_applied": lambda x, w, s, p, op, d: tconv(x, w, (1, 1), p, op, d),
    "padding_not_cropped": lambda x, w, s, p, op, d: tconv(x, w, s, NO_PADDING, op, d),
    "padding_applied_to_input": lambda x, w, s, p, op, d: tconv(
        _pad(x, p), w, s, NO_PADDING, op, d
    ),
    "output_padding_missing": lambda x, w, s, p, op, d: tconv(x, w, s, p, (0, 0), d),
    "output_padding_added_both_sides": _both_sides,
    "forward_instead_of_transposed": lambda x, w, s, p, op, d: conv(x, w, s, p, d),
    "rows_and_columns_swapped": lambda x, w, s, p, op, d: tconv(np.asarray(x).T, w, s, p, op, d),
}

#: mistake -> answer of a forward convolution computed with it.
FORWARD = {
    "kernel_flipped": lambda x, w, s, p, d: conv(x, np.asarray(w)[::-1, ::-1], s, p, d),
    "stride_not_applied": lambda x, w, s, p, d: conv(x, w, (1, 1), p, d),
    "transposed_instead_of_forward": lambda x, w, s, p, d: tconv(x, w, s, p, (0, 0), d),
    "rows_and_columns_swapped": lambda x, w, s, p, d: conv(np.asarray(x).T, w, s, p, d),
}
