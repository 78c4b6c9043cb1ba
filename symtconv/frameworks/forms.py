"""The padding forms several frameworks share: explicit (lo, hi) pairs, symmetric pads, windows.

Most frameworks say which part of the full transposed convolution they show
in one of a few forms: explicit ``(lo, hi)`` pairs (Paddle, TensorRT, Core ML,
OpenVINO, MindSpore), one symmetric pad with an adjustment at the end (MXNet,
Caffe), or a window ``[start, stop)`` computed from an output size (ONNX's and
OpenVINO's ``output_shape``, MXNet's ``target_shape``).  The helpers here turn
those into canonical pads and list the candidate values the converters search.

Examples:
    >>> window_pads([(1, 10)], [11])
    (((1, 1),), (0,))
    >>> window_pads([(0, 12)], [11])
    (((0, 0),), (1,))
    >>> flat_pairs([(0, 1), (2, 2)]), pairs_from_flat([0, 1, 2, 2], 2)
    ([0, 1, 2, 2], ((0, 1), (2, 2)))
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..core.spec import pad_pairs
from ..errors import SpecError
from .base import Candidate
from .canonical import Canonical
from .windows import Pair

__all__ = [
    "flat_pairs",
    "odd_split_note",
    "pair_candidates",
    "pairs_from_flat",
    "read_pairs",
    "symmetric_candidates",
    "window_pads",
]


def window_pads(
    windows: Sequence[Pair], full: Sequence[int]
) -> tuple[tuple[Pair, ...], tuple[int, ...]]:
    """Canonical ``(pads, output_padding)`` of the windows ``[start, stop)`` of the full results.

    A window that ends past the full result is an output padding (the positions
    there are zeros); a start before it is a negative low pad.
    """
    pads: list[Pair] = []
    ops: list[int] = []
    for (start, stop), length in zip(windows, full, strict=True):
        op = max(stop - length, 0)
        pads.append((start, length + op - stop))
        ops.append(op)
    return tuple(pads), tuple(ops)


def flat_pairs(pairs: Sequence[Pair]) -> list[int]:
    """``[lo0, hi0, lo1, hi1, ...]``: the pairs one dimension after the other."""
    return [int(v) for pair in pairs for v in pair]


def pairs_from_flat(values: Sequence[int], rank: int) -> tuple[Pair, ...]:
    """The pairs of ``[lo0, hi0, lo1, hi1, ...]``."""
    return tuple((int(values[2 * n]), int(values[2 * n + 1])) for n in range(rank))


def read_pairs(name: str, value: Any, rank: int, framework: str) -> tuple[Pair, ...]:
    """Explicit padding as ``(lo, hi)`` per dimension: an int, one int per dimension, or pairs.

    ``[lo0, hi0, lo1, hi1, ...]`` (``2 * rank`` ints) are pairs one dimension
    after the other, as in Paddle, MindSpore and Core ML.

    Raises:
        SpecError: another form, or a negative value.
    """
    if isinstance(value, (list, tuple)) and len(value) == 2 * rank and rank > 1:
        if all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            pairs = pairs_from_flat(value, rank)
        else:
            pairs = pad_pairs(name, value, rank, flat_pair=True)
    else:
        pairs = pad_pairs(name, value, rank, flat_pair=True)
    if any(a < 0 or b < 0 for a, b in pairs):
        raise SpecError(f"{name}: got {value!r}; {framework} paddings must be integers >= 0")
    return pairs


def pair_candidates(c: Canonical, dim: int, ops: Sequence[int]) -> Iterator[Candidate]:
    """Explicit ``(lo, hi)`` pads >= 0 with each output padding: values ``(lo, hi, op)``."""
    (lo, hi), op = c.pads[dim], c.output_padding[dim]
    end = hi - op
    los = dict.fromkeys([lo, *range(max(lo, 0) + 1)])
    his = dict.fromkeys([hi, max(end, 0), *range(max(end, hi, 0) + 1)])
    for o in ops:
        for a in los:
            for b in his:
                if a >= 0 and b >= 0:
                    yield Candidate((a, b, o), (a, b), o)


def symmetric_candidates(c: Canonical, dim: int, ops: Sequence[int]) -> Iterator[Candidate]:
    """One pad on both sides with each adjustment at the end: values ``(p, op)``."""
    (lo, hi), op = c.pads[dim], c.output_padding[dim]
    end = hi - op
    for p in dict.fromkeys([lo, max(end, 0), *range(max(lo, end, 0) + 1)]):
        if p < 0:
            continue
        for o in ops:
            yield Candidate((p, o), (p, p), o)


def odd_split_note(name: str, totals: Sequence[int], extra_at: str) -> list[str]:
    """A note when a total padding is odd: where ``name`` puts the extra position."""
    if any(t % 2 for t in totals):
        return [
            f"{name} splits an odd total padding with the extra position cropped at the {extra_at}"
        ]
    return []
