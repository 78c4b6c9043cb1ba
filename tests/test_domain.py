"""The implicit domain of a claim."""

from __future__ import annotations

import pytest

from symtconv.errors import SpecError, SymtconvError
from symtconv.prover.domain import describe_domain, domain_conditions, lower_bounds
from symtconv.prover.language import parse_claim, text


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        ("conv_out(i, k) > 0", ["i >= 1", "k >= 1", "i >= k"]),
        (
            "conv_out(i, k, s, p, d) > 0",
            ["i >= 1", "k >= 1", "s >= 1", "p >= 0", "d >= 1", "i + 2*p >= d*(k - 1) + 1"],
        ),
        (
            "conv_out(i, 3, 2, p_lo=a, p_hi=b) > 0",
            ["i >= 1", "a >= 0", "b >= 0", "i + a + b >= 3"],
        ),
        (
            "tconv_out(i, k, s, p, d, op) > 0",
            [
                "i >= 1",
                "k >= 1",
                "s >= 1",
                "p >= 0",
                "d >= 1",
                "op >= 0",
                "tconv_out(i, k, s, p, d, op) >= 1",
            ],
        ),
        ("x // y > 0 and x % (y - 1) == 0 and Mod(x, z) < 2", ["y != 0", "y - 1 != 0", "z != 0"]),
        ("conv_out(i, k, s) == i // s", ["i >= 1", "k >= 1", "s >= 1", "i >= k"]),
        ("x / 2 > 0", []),
    ],
)
def test_conditions(claim: str, expected: list[str]) -> None:
    assert [text(c) for c in domain_conditions([parse_claim(claim)])] == expected


def test_nested_calls_inner_first() -> None:
    found = [text(c) for c in domain_conditions([parse_claim("conv_out(tconv_out(i, k), k) > 0")])]
    assert found == [
        "i >= 1",
        "k >= 1",
        "tconv_out(i, k) >= 1",
        "tconv_out(i, k) >= k",
    ]


@pytest.mark.parametrize(
    ("claim", "fragment"),
    [
        ("conv_out(i, 0) > 0", "kernel size k >= 1 fails"),
        ("conv_out(i, k, 0) > 0", "stride s >= 1 fails"),
        ("tconv_out(i, k, op=-1) > 0", "output padding op >= 0 fails"),
        ("x // 0 > 1", "nonzero divisor fails"),
        ("tconv_out(1, 1, 1, 1) > 0", "the output size is >= 1 fails"),
        ("conv_out(1, 3) > 0", "the padded input covers the dilated kernel fails"),
    ],
)
def test_literal_outside_the_domain(claim: str, fragment: str) -> None:
    with pytest.raises(SpecError) as info:
        domain_conditions([parse_claim(claim)])
    assert fragment in str(info.value) and "no assignment is in the domain" in str(info.value)
    with pytest.raises(SymtconvError):
        domain_conditions([parse_claim(claim)])


def test_lower_bounds_from_domain_and_assumptions() -> None:
    conditions = [*domain_conditions([parse_claim("tconv_out(n, 3, s) > 0")])]
    conditions += [parse_claim("0 <= t < s"), parse_claim("u > 4 and -2 <= v")]
    assert lower_bounds(conditions) == {"n": 1, "s": 1, "t": 0, "u": 5, "v": -2}


def test_describe() -> None:
    conditions = domain_conditions([parse_claim("conv_out(i, k) > 0")])
    assert describe_domain(["i", "k"], conditions) == [
        "i, k are integers",
        "i >= 1",
        "k >= 1",
        "i >= k",
    ]
    assert describe_domain(["x"], []) == ["x is an integer"]
