"""The claim language's counting functions: defined by counting, checked on a box only.

* ``gcd(a, b)``: the greatest common divisor (``gcd(0, 0) = 0``; never negative);
* ``taps(k, s, d, r)``: the number of taps ``0 <= t < k`` with ``t*d = r (mod s)``,
  the kernel taps that reach the stride phase ``r`` of a transposed convolution;
* ``min_taps(k, s, d)``, ``max_taps(k, s, d)``: the fewest and the most taps of
  any phase ``0 <= r < s``.

They are counted, not given closed forms (which are what the theorems are about),
and z3's encoding does not have them: a claim that uses one is evaluated on every
assignment of the prover's box and reported as *checked on a box*, or refuted by a
counterexample found there, never as proved for all integers.

The counts go one period at a time: ``t`` and ``t + s`` reach the same phase, so
the taps ``t0, t0 + s, t0 + 2s, ...`` below ``k`` are counted together
(``(k - 1 - t0) // s + 1`` of them) for each ``t0 < min(k, s)``.

Examples:
    >>> taps(3, 2, 1, 0), taps(3, 2, 1, 1), taps(4, 2, 2, 1)
    (2, 1, 0)
    >>> min_taps(3, 2, 1), max_taps(3, 2, 1), gcd(4, 6)
    (1, 2, 2)
"""

from __future__ import annotations

import math

import numpy as np

from ...errors import SpecError

__all__ = [
    "COUNTING",
    "MAX_PERIOD",
    "gcd",
    "max_taps",
    "min_taps",
    "taps",
    "vector",
]

#: Name -> the parameters of the kernel, stride and dilation (checked by the domain).
COUNTING: dict[str, tuple[str, ...]] = {
    "gcd": ("a", "b"),
    "taps": ("k", "s", "d", "r"),
    "min_taps": ("k", "s", "d"),
    "max_taps": ("k", "s", "d"),
}

#: Largest period (``min(k, |s|)``) counted; beyond it a count is refused.
MAX_PERIOD = 1_000_000
#: Largest kernel size or stride counted for many assignments at once (NumPy).
_VECTOR_LIMIT = 4096


def gcd(a: int, b: int) -> int:
    """The greatest common divisor of two integers (Euclid's algorithm, ``math.gcd``)."""
    return math.gcd(a, b)


def _period(k: int, s: int) -> tuple[int, int]:
    """``(|s|, min(k, |s|))``; a zero stride divides by zero (outside the domain)."""
    m = abs(s)
    if m == 0:
        raise ZeroDivisionError("taps: stride 0")
    period = max(0, min(k, m))
    if period > MAX_PERIOD or m > MAX_PERIOD:
        raise SpecError(
            f"taps: kernel size {k} and stride {s} are too large to count (at most {MAX_PERIOD:,})"
        )
    return m, period


def _histogram(k: int, s: int, d: int) -> list[int]:
    """The number of taps of each phase ``0 <= r < |s|``."""
    m, period = _period(k, s)
    counts = [0] * m
    for t0 in range(period):
        counts[(t0 * d) % m] += (k - 1 - t0) // m + 1
    return counts


def taps(k: int, s: int, d: int, r: int) -> int:
    """How many taps ``0 <= t < k`` satisfy ``t*d = r (mod s)``."""
    m, period = _period(k, s)
    return sum((k - 1 - t0) // m + 1 for t0 in range(period) if (t0 * d - r) % m == 0)


def min_taps(k: int, s: int, d: int) -> int:
    """The fewest taps of any phase ``0 <= r < s``."""
    return min(_histogram(k, s, d))


def max_taps(k: int, s: int, d: int) -> int:
    """The most taps of any phase ``0 <= r < s``."""
    return max(_histogram(k, s, d))


# ----- many assignments at once ---------------------------------------------------------


def _vector_taps(k: np.ndarray, m: np.ndarray, d: np.ndarray, r: np.ndarray) -> np.ndarray:
    """``taps`` for arrays (``m = |s| >= 1``), by going over every tap ``t < max(k)``."""
    count = np.zeros(k.shape, dtype=np.int64)
    for t in range(int(k.max(initial=0))):
        count += (t < k) & ((t * d - r) % m == 0)
    return count


def vector(name: str, args: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray] | None:
    """A counting function for many assignments: ``(values, zero stride)``, or None.

    None when the kernel sizes or strides are too large to go over tap by tap
    (the caller then evaluates one assignment at a time).
    """
    if name == "gcd":
        return np.gcd(args[0], args[1]), np.zeros(args[0].shape, dtype=bool)
    k, s, d = args[0], args[1], args[2]
    zero = s == 0
    m = np.where(zero, 1, np.abs(s))
    if int(k.max(initial=0)) > _VECTOR_LIMIT or int(m.max(initial=0)) > _VECTOR_LIMIT:
        return None
    if name == "taps":
        return _vector_taps(k, m, d, args[3]), zero
    best = None
    for r in range(int(m.max(initial=1))):
        count = _vector_taps(k, m, d, np.full(k.shape, r, dtype=np.int64))
        if name == "min_taps":
            count = np.where(r < m, count, np.iinfo(np.int64).max)
            best = count if best is None else np.minimum(best, count)
        else:
            best = count if best is None else np.maximum(best, count)
    assert best is not None
    return best, zero
