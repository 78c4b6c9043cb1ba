"""One naive transposed convolution and one naive convolution, straight from the definitions.

PyTorch's conventions: a convolution is a cross-correlation (the kernel is not
flipped) and indices start at 0.  Every product is formed and added one at a
time in plain Python, so any element type that adds and multiplies works (ints
exactly, Fractions, floats, SymPy values); results are object arrays.

* transposed, weight ``(C_in, C_out/g, *k)``: each input entry ``x[n, ci, q]``
  times each tap ``w[ci, co', t]`` is added at output position
  ``q*s - p_lo + t*d`` (when inside the output), channel ``g*C_out/g + co'`` of
  ``ci``'s group ``g``;
* forward, weight ``(C_out, C_in/g, *k)``: ``y[n, co, o]`` is the sum, over the
  channels ``ci'`` of ``co``'s group and the taps ``t``, of
  ``x[n, g*C_in/g + ci', o*s - p_lo + t*d] * w[co, ci', t]`` where that position
  is inside the input (outside it is zero padding).

Inputs are ``(N, C, *size)`` or, without a batch axis, ``(C, *size)``.  Stride,
dilation and output_padding are an int or one per dimension; padding is an int,
one int per dimension, or a ``(lo, hi)`` pair per dimension.  Output sizes are
counted by :mod:`.sizes`.  :func:`naive_matrix` builds C itself, column by
column, from the naive convolution.

Examples:
    >>> w = [[[[1, 0], [0, -1]]]]
    >>> naive_conv_transpose([[[1, 2], [3, 4]]], w).tolist()
    [[[1, 2, 0], [3, 3, -2], [0, -3, -4]]]
    >>> naive_conv([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], w).tolist()
    [[[-4, -4], [-4, -4]]]
    >>> naive_matrix(w, (3, 3))[0].tolist()
    [1, 0, 0, 0, -1, 0, 0, 0, 0]
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from .sizes import conv_length, tconv_length

__all__ = ["naive_conv", "naive_conv_transpose", "naive_matrix", "pad_pairs", "per_dim"]


def per_dim(value: Any, rank: int) -> list[Any]:
    """An int, or one value per dimension, as one value per dimension."""
    values = list(value) if isinstance(value, (tuple, list)) else [value] * rank
    assert len(values) == rank, f"{value!r}: not one value per dimension of {rank}"
    return values


def pad_pairs(padding: Any, rank: int) -> list[tuple[int, int]]:
    """Padding in any of its forms as one ``(lo, hi)`` pair per dimension."""
    return [
        (p[0], p[1]) if isinstance(p, (tuple, list)) else (p, p) for p in per_dim(padding, rank)
    ]


def _operands(
    x: Any, w: Any, stride: Any, padding: Any, dilation: Any
) -> tuple[np.ndarray, np.ndarray, bool, list[Any], list[tuple[int, int]], list[Any]]:
    """Object arrays (x with a batch axis), whether x had one, and the per-dimension settings."""
    x, w = np.asarray(x, dtype=object), np.asarray(w, dtype=object)
    rank = w.ndim - 2
    batched = x.ndim == rank + 2
    xs = x if batched else x[None]
    return xs, w, batched, per_dim(stride, rank), pad_pairs(padding, rank), per_dim(dilation, rank)


def _zeros(shape: Sequence[int]) -> np.ndarray:
    out = np.empty(tuple(shape), dtype=object)
    out[...] = 0
    return out


def naive_conv_transpose(
    x: Any,
    w: Any,
    bias: Any = None,
    stride: Any = 1,
    padding: Any = 0,
    output_padding: Any = 0,
    dilation: Any = 1,
    groups: int = 1,
    *,
    overwrite: bool = False,
) -> np.ndarray:
    """The transposed convolution by its scatter definition, one product at a time.

    ``overwrite``: each product replaces what is at its position instead of being
    added to it, in row-major input order (the oracle of the mistake of not
    summing overlaps).
    """
    xs, w, batched, s, pads, d = _operands(x, w, stride, padding, dilation)
    rank, op = len(s), per_dim(output_padding, len(s))
    batch, cin, size = xs.shape[0], xs.shape[1], xs.shape[2:]
    kernel, cout_g = w.shape[2:], w.shape[1]
    cin_g = cin // groups
    out_size = [tconv_length(size[a], kernel[a], s[a], *pads[a], d[a], op[a]) for a in range(rank)]
    assert min(out_size) >= 1, "the oracle is only called on valid configurations"
    out = _zeros((batch, cout_g * groups, *out_size))
    for n, ci in itertools.product(range(batch), range(cin)):
        g = ci // cin_g
        for q in np.ndindex(*size):
            for co in range(cout_g):
                for t in np.ndindex(*kernel):
                    o = [q[a] * s[a] - pads[a][0] + t[a] * d[a] for a in range(rank)]
                    if all(0 <= o[a] < out_size[a] for a in range(rank)):
                        at = (n, g * cout_g + co, *o)
                        product = xs[(n, ci, *q)] * w[(ci, co, *t)]
                        out[at] = product if overwrite else out[at] + product
    if bias is not None:
        for n, c in itertools.product(range(batch), range(out.shape[1])):
            out[n, c] += bias[c]
    return out if batched else out[0]


def naive_conv(
    x: Any,
    w: Any,
    bias: Any = None,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    groups: int = 1,
    out_size: Sequence[int] | None = None,
) -> np.ndarray:
    """The convolution (cross-correlation) by its windowed-sum definition.

    ``out_size``: the output positions to compute per dimension, the first ones
    (default: every window that fits).
    """
    xs, w, batched, s, pads, d = _operands(x, w, stride, padding, dilation)
    rank = len(s)
    batch, size = xs.shape[0], xs.shape[2:]
    cout, cin_g, kernel = w.shape[0], w.shape[1], w.shape[2:]
    cout_g = cout // groups
    if out_size is None:
        out_size = [conv_length(size[a], kernel[a], s[a], *pads[a], d[a]) for a in range(rank)]
    assert min(out_size) >= 1, "the oracle is only called on valid configurations"
    out = _zeros((batch, cout, *out_size))
    for n, co in itertools.product(range(batch), range(cout)):
        g = co // cout_g
        for o in np.ndindex(*out_size):
            total: Any = 0 if bias is None else bias[co]
            for ci in range(cin_g):
                for t in np.ndindex(*kernel):
                    q = [o[a] * s[a] - pads[a][0] + t[a] * d[a] for a in range(rank)]
                    if all(0 <= q[a] < size[a] for a in range(rank)):
                        total += xs[(n, g * cin_g + ci, *q)] * w[(co, ci, *t)]
            out[(n, co, *o)] = total
    return out if batched else out[0]


def naive_matrix(
    w: Any,
    col_size: Sequence[int],
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    groups: int = 1,
    row_size: Sequence[int] | None = None,
) -> np.ndarray:
    """The matrix C of the convolution with weight ``w`` ``(C_out, C_in/g, *k)`` on ``col_size``.

    Column ``(c, j)`` is the naive convolution of the unit input at channel ``c``,
    position ``j``; rows and columns are flattened row-major, channels first.
    ``row_size``: the output positions kept, the first ones (default: all).
    """
    w = np.asarray(w, dtype=object)
    shape = (w.shape[1] * groups, *col_size)
    columns = []
    for index in np.ndindex(*shape):
        unit = _zeros(shape)
        unit[index] = 1
        y = naive_conv(unit, w, None, stride, padding, dilation, groups, out_size=row_size)
        columns.append(y.reshape(-1))
    return np.array(columns, dtype=object).T
