"""Stride phases, overlap counts and gcd by brute force, straight from the definitions.

Per dimension, input position ``q`` and tap ``t`` of a transposed convolution land at
output position ``q*s - p_lo + t*d``; the stride phase of an output position ``j`` is
``(j + p_lo) mod s``, and phase ``r`` receives the taps ``t < k`` with
``t*d = r (mod s)``.  Everything here is listed or counted one item at a time.

Examples:
    >>> phase_taps(3, 2, 1), classify(3, 2, 1), classify(4, 2, 1), classify(2, 2, 2)
    ([[0, 2], [1]], 'uneven', 'uniform', 'holes')
    >>> count_map((2,), (3,), (2,), [(0, 0)], (1,), (0,)).tolist()
    [1, 1, 2, 1, 1]
    >>> gcd(12, 18), bezout(3, 5)
    (6, (-3, 2))
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from .sizes import tconv_length

__all__ = [
    "bezout",
    "classify",
    "count_map",
    "gcd",
    "max_taps",
    "min_taps",
    "phase_sums",
    "phase_taps",
    "taps",
]


def phase_taps(k: int, s: int, d: int) -> list[list[int]]:
    """``out[r]``: the taps ``t < k`` with ``t*d - r`` a multiple of ``s``, for ``r < s``."""
    return [[t for t in range(k) if (t * d - r) % s == 0] for r in range(s)]


def taps(k: int, s: int, d: int, r: int) -> int:
    """How many taps ``t < k`` have ``t*d - r`` a multiple of ``s``."""
    return sum(1 for t in range(k) if (t * d - r) % s == 0)


def min_taps(k: int, s: int, d: int) -> int:
    """The fewest taps of any phase."""
    return min(taps(k, s, d, r) for r in range(s))


def max_taps(k: int, s: int, d: int) -> int:
    """The most taps of any phase."""
    return max(taps(k, s, d, r) for r in range(s))


def classify(k: int, s: int, d: int) -> str:
    """``"holes"`` when a phase has no tap, ``"uniform"`` when all have as many, else uneven."""
    counts = [len(t) for t in phase_taps(k, s, d)]
    if min(counts) == 0:
        return "holes"
    return "uniform" if len(set(counts)) == 1 else "uneven"


def gcd(a: int, b: int) -> int:
    """The largest integer dividing both (by trial; ``gcd(0, 0) = 0``)."""
    a, b = abs(a), abs(b)
    if a == 0 or b == 0:
        return a + b
    return max(g for g in range(1, min(a, b) + 1) if a % g == 0 and b % g == 0)


def bezout(d: int, s: int) -> tuple[int, int]:
    """``(a, b)`` with ``a*d + b*s == 1`` and ``|a| <= s`` (by search; ``gcd(d, s)`` must be 1)."""
    for a in range(-abs(s), abs(s) + 1):
        if (1 - a * d) % s == 0:
            return a, (1 - a * d) // s
    raise ValueError(f"bezout: gcd({d}, {s}) != 1")


def count_map(
    input_size: Sequence[int],
    kernel_size: Sequence[int],
    stride: Sequence[int],
    padding: Sequence[tuple[int, int]],
    dilation: Sequence[int],
    output_padding: Sequence[int],
) -> np.ndarray:
    """Per output position, the number of (input position, tap) pairs that land there."""
    dims = list(zip(input_size, kernel_size, stride, padding, dilation, output_padding))
    out = tuple(tconv_length(i, k, s, lo, hi, d, op) for i, k, s, (lo, hi), d, op in dims)
    counts = np.zeros(out, dtype=np.int64)
    inputs = itertools.product(*(range(i) for i in input_size))
    for q in inputs:
        for t in itertools.product(*(range(k) for k in kernel_size)):
            j = tuple(qq * s - lo + tt * d for qq, tt, (_, _, s, (lo, _), d, _) in zip(q, t, dims))
            if all(0 <= jj < n for jj, n in zip(j, out)):
                counts[j] += 1
    return counts


def phase_sums(w: np.ndarray, stride: Sequence[int], dilation: Sequence[int]) -> dict:
    """One channel: phase -> the sum of the kernel's taps in it (``w`` spatial only)."""
    sums: dict[tuple[int, ...], object] = {}
    for r in itertools.product(*(range(s) for s in stride)):
        total: object = 0
        for t in itertools.product(*(range(k) for k in w.shape)):
            if all((tt * d - rr) % s == 0 for tt, d, rr, s in zip(t, dilation, r, stride)):
                total = total + w[t]
        sums[r] = total
    return sums
