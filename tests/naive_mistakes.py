"""Textbook loops for 2-D single-channel (transposed) convolutions, each usual
mistake written out by hand: the oracle of the checker's tests.

Written independently of symtconv (a full canvas, then a crop), exact for
Python ints and Fractions.  ``p`` is ``((lo, hi), (lo, hi))``.
"""

from __future__ import annotations

import numpy as np


def zeros(shape: tuple[int, ...]) -> np.ndarray:
    out = np.empty(shape, dtype=object)
    out[...] = 0
    return out


def canvas(x, w, s, d, op, overwrite=False):
    """Every x[a, b] * w[u, v] at (a*s0 + u*d0, b*s1 + v*d1); op zero rows/cols at the end."""
    x, w = np.asarray(x, dtype=object), np.asarray(w, dtype=object)
    (h, wd), (kh, kw) = x.shape, w.shape
    full = zeros(
        (
            (h - 1) * s[0] + d[0] * (kh - 1) + 1 + op[0],
            (wd - 1) * s[1] + d[1] * (kw - 1) + 1 + op[1],
        )
    )
    for a in range(h):
        for b in range(wd):
            for u in range(kh):
                for v in range(kw):
                    r, c = a * s[0] + u * d[0], b * s[1] + v * d[1]
                    if overwrite:
                        full[r, c] = x[a, b] * w[u, v]
                    else:
                        full[r, c] = full[r, c] + x[a, b] * w[u, v]
    return full


def tconv(x, w, s=(1, 1), p=((0, 0), (0, 0)), op=(0, 0), d=(1, 1), overwrite=False):
    """The transposed convolution: the canvas with p_lo, p_hi cropped per dimension."""
    full = canvas(x, w, s, d, op, overwrite)
    (t, b), (left, right) = p
    return full[t : full.shape[0] - b, left : full.shape[1] - right]


def conv(x, w, s=(1, 1), p=((0, 0), (0, 0)), d=(1, 1)):
    """The forward convolution (cross-correlation): pad, slide, multiply, add."""
    x, w = np.asarray(x, dtype=object), np.asarray(w, dtype=object)
    xp = zeros((x.shape[0] + p[0][0] + p[0][1], x.shape[1] + p[1][0] + p[1][1]))
    xp[p[0][0] : p[0][0] + x.shape[0], p[1][0] : p[1][0] + x.shape[1]] = x
    kh, kw = w.shape
    oh = (xp.shape[0] - d[0] * (kh - 1) - 1) // s[0] + 1
    ow = (xp.shape[1] - d[1] * (kw - 1) - 1) // s[1] + 1
    out = zeros((oh, ow))
    for r in range(oh):
        for c in range(ow):
            for u in range(kh):
                for v in range(kw):
                    out[r, c] = out[r, c] + xp[r * s[0] + u * d[0], c * s[1] + v * d[1]] * w[u, v]
    return out


def _pad(x, p):
    x = np.asarray(x, dtype=object)
    out = zeros((x.shape[0] + p[0][0] + p[0][1], x.shape[1] + p[1][0] + p[1][1]))
    out[p[0][0] : p[0][0] + x.shape[0], p[1][0] : p[1][0] + x.shape[1]] = x
    return out


def _both_sides(x, w, s, p, op, d):
    """The correct output window grown by op at the low end too (zeros before the canvas)."""
    full = canvas(x, w, s, d, op)
    right = tconv(x, w, s, p, op, d)
    out = zeros((right.shape[0] + op[0], right.shape[1] + op[1]))
    for r in range(out.shape[0]):
        for c in range(out.shape[1]):
            i, j = r + p[0][0] - op[0], c + p[1][0] - op[1]
            if 0 <= i < full.shape[0] and 0 <= j < full.shape[1]:
                out[r, c] = full[i, j]
    return out


#: mistake -> answer of a transposed convolution computed with it.
TRANSPOSED = {
    "kernel_flipped": lambda x, w, s, p, op, d: tconv(x, np.asarray(w)[::-1, ::-1], s, p, op, d),
    "overlap_not_summed": lambda x, w, s, p, op, d: tconv(x, w, s, p, op, d, overwrite=True),
    "stride_not_applied": lambda x, w, s, p, op, d: tconv(x, w, (1, 1), p, op, d),
    "padding_not_cropped": lambda x, w, s, p, op, d: tconv(x, w, s, ((0, 0), (0, 0)), op, d),
    "padding_applied_to_input": lambda x, w, s, p, op, d: tconv(
        _pad(x, p), w, s, ((0, 0), (0, 0)), op, d
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
