"""The vectorized box evaluation agrees with the exact one-assignment-at-a-time evaluation."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from symtconv.prover.language import parse_claim, variables
from symtconv.prover.language.evaluate import Program
from symtconv.prover.language.vectorised import box_outcomes

CLAIMS = [
    ("x // y * y + x % y == x", ["y != 0"]),
    ("x // y == 2", []),  # y = 0 is outside (a zero divisor)
    ("Mod(x, y) >= 0", ["y > 0"]),
    ("conv_out(i, k, s, p, d) >= 1", ["i + 2*p >= d*(k - 1) + 1", "k >= 1", "d >= 1"]),
    ("tconv_out(i, k, s, p_lo=a, p_hi=b, d=2, op=1) > i", ["s >= 1"]),
    ("conv_out(tconv_out(i, k, s, p, d, op), k, s, p, d) == i", ["op < s or op < d", "s >= 1"]),
    ("min(x, y, 3) <= max(x, -y) and abs(x) >= 0", []),
    ("x^3 - x == (x - 1) * x * (x + 1)", []),
    ("not (x < y < z) or x < z", []),
    ("(x > 0 implies x*x > 0) iff true", []),
    ("floor(x) + ceiling(y) == x + y", []),
    ("-x // 2 == -(x // 2)", []),
    ("min_taps(k, s, d) <= taps(k, s, d, r) <= max_taps(k, s, d)", []),
    ("taps(k, s, d, r) == taps(k, s, d, r + s)", []),
    ("gcd(a, b) == gcd(-a, b) and gcd(a, b) >= 0", []),
]


def scalar(claim: str, assume: list[str], names: list[str], grid: np.ndarray) -> list[int]:
    program = Program([*(parse_claim(a) for a in assume), parse_claim(claim)])
    out = []
    for row in grid.tolist():
        try:
            result = program.check(dict(zip(names, row)), len(assume))
        except ZeroDivisionError:
            result = None
        out.append(-1 if result is None else int(result))
    return out


@pytest.mark.parametrize(("claim", "assume"), CLAIMS)
def test_vector_equals_scalar(claim: str, assume: list[str]) -> None:
    tree = parse_claim(claim)
    guards = [parse_claim(a) for a in assume]
    names = sorted(set(variables(tree)).union(*(variables(g) for g in guards)))
    width = range(-3, 4) if len(names) <= 4 else range(-1, 3)
    grid = np.array(list(itertools.product(width, repeat=len(names))), dtype=np.int64)
    got = box_outcomes(tree, guards, names, grid)
    assert got is not None
    expected = scalar(claim, assume, names, grid)
    assert got.tolist() == expected
    assert {-1, 0, 1} >= set(expected)


@pytest.mark.parametrize(
    "claim", ["x / 2 == 1", "x^9 * x^9 * x^9 > 0", "x * 99999 * 99999 * 99999 > 0"]
)
def test_exact_or_huge_falls_back(claim: str) -> None:
    grid = np.array([[1], [2], [3]], dtype=np.int64)
    assert box_outcomes(parse_claim(claim), [], ["x"], grid) is None
