"""Naive loops for the document tests: an oracle independent of symtconv.

Straight from the definitions (PyTorch's conventions): a transposed
convolution scatters ``x[ci, q] * w[ci, co, t]`` to output position
``q*s - p_lo + t*d``; a convolution gathers ``x[ci, o*s - p_lo + t*d] *
w[co, ci, t]``.  Unbatched full layout ``(C, *size)``; any element type
that adds and multiplies (ints, Fractions, SymPy values).
"""

from __future__ import annotations

import itertools

import numpy as np


def _zeros(shape: tuple[int, ...]) -> np.ndarray:
    out = np.empty(shape, dtype=object)
    for index in np.ndindex(*shape):
        out[index] = 0
    return out


def naive_conv_transpose(x, w, stride, padding, output_padding, dilation, groups=1):
    """x (C_in, *i), w (C_in, C_out/g, *k); padding a list of (lo, hi) per dim."""
    x, w = np.asarray(x, dtype=object), np.asarray(w, dtype=object)
    rank = w.ndim - 2
    cin, cout_g = w.shape[0], w.shape[1]
    cin_g = cin // groups
    size = x.shape[1:]
    k = w.shape[2:]
    out_size = tuple(
        (size[n] - 1) * stride[n]
        - padding[n][0]
        - padding[n][1]
        + dilation[n] * (k[n] - 1)
        + output_padding[n]
        + 1
        for n in range(rank)
    )
    y = _zeros((cout_g * groups, *out_size))
    for ci in range(cin):
        g = ci // cin_g
        for q in itertools.product(*(range(n) for n in size)):
            for co in range(cout_g):
                for t in itertools.product(*(range(n) for n in k)):
                    o = tuple(
                        q[n] * stride[n] - padding[n][0] + t[n] * dilation[n] for n in range(rank)
                    )
                    if all(0 <= o[n] < out_size[n] for n in range(rank)):
                        y[(g * cout_g + co, *o)] += x[(ci, *q)] * w[(ci, co, *t)]
    return y


def naive_conv(x, w, stride, padding, dilation, groups=1, out_size=None):
    """x (C_in, *i), w (C_out, C_in/g, *k); out_size defaults to the formula."""
    x, w = np.asarray(x, dtype=object), np.asarray(w, dtype=object)
    rank = w.ndim - 2
    cout, cin_g = w.shape[0], w.shape[1]
    cout_g = cout // groups
    size = x.shape[1:]
    k = w.shape[2:]
    if out_size is None:
        out_size = tuple(
            (size[n] + padding[n][0] + padding[n][1] - dilation[n] * (k[n] - 1) - 1) // stride[n]
            + 1
            for n in range(rank)
        )
    y = _zeros((cout, *out_size))
    for co in range(cout):
        g = co // cout_g
        for o in itertools.product(*(range(n) for n in out_size)):
            for ci in range(cin_g):
                for t in itertools.product(*(range(n) for n in k)):
                    q = tuple(
                        o[n] * stride[n] - padding[n][0] + t[n] * dilation[n] for n in range(rank)
                    )
                    if all(0 <= q[n] < size[n] for n in range(rank)):
                        y[(co, *o)] += x[(g * cin_g + ci, *q)] * w[(co, ci, *t)]
    return y
