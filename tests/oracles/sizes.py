"""Output lengths of one spatial dimension, counted by brute force (not by the formulas).

Examples:
    >>> conv_length(5, 3, 2, 1, 1, 1), tconv_length(3, 3, 2, 1, 1, 1, 1)
    (3, 6)
    >>> conv_length(1, 3, 1, 0, 0, 1), tconv_length(1, 1, 1, 1, 1, 1, 0)
    (0, -1)
"""

from __future__ import annotations

__all__ = ["conv_length", "tconv_length"]


def conv_length(i: int, k: int, s: int, lo: int, hi: int, d: int) -> int:
    """Forward: the window starts 0, s, 2s, ... whose dilated kernel fits in the padded input."""
    padded = i + lo + hi
    return sum(1 for start in range(0, padded, s) if start + d * (k - 1) <= padded - 1)


def tconv_length(i: int, k: int, s: int, lo: int, hi: int, d: int, op: int) -> int:
    """Transposed: the scatter's extent (last position reached + 1), cropped by lo and hi, plus op.

    Below 1 when the crop leaves nothing (no valid output).
    """
    extent = max(q * s + t * d for q in range(i) for t in range(k)) + 1
    return extent - lo - hi + op
