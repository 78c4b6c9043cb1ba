"""The SMT encoding: floor and mod as num = den*q + r, shared and named; z3's answers."""

from __future__ import annotations

import pytest
import sympy

from symtconv.errors import EncodingError, SymtconvError
from symtconv.prover.domain import domain_conditions
from symtconv.prover.language import parse_claim
from symtconv.prover.smt import check_negation, encode, environment, to_z3


def _encode(claim: str, *assume: str):  # type: ignore[no-untyped-def]
    tree = parse_claim(claim)
    hyps = [parse_claim(a) for a in assume]
    domain = domain_conditions([tree, *hyps])
    return tree, [*domain, *hyps], encode([tree, *hyps, *domain])


def test_floor_and_mod_of_the_same_division_share_q_and_r() -> None:
    _, _, enc = _encode("(a - b) // c + (a - b) % c == a - b")
    assert [str(d) for d in enc.divisions] == [
        "a - b = c*q + r, 0 <= r < c if c > 0, c < r <= 0 if c < 0"
    ]


def test_names_avoid_the_claims_variables() -> None:
    _, _, enc = _encode("q // 2 + r % 3 + q_1 > 0")
    assert [(str(d.q), str(d.r)) for d in enc.divisions] == [("q_1'", "r_1"), ("q_2", "r_2")]


def test_underscore_variables_are_not_confused_with_fresh_symbols() -> None:
    tree, hyps, enc = _encode("_q1 // 2 == _q1 // 2 and x % 2 < 2")
    assert check_negation(enc, tree, hyps).status == "unsat"
    assert {str(d.q) for d in enc.divisions}.isdisjoint({"_q1", "x"})


def test_ceiling_is_minus_floor_of_minus() -> None:
    _, _, enc = _encode("ceiling(i / 3) >= 0")
    assert [str(d) for d in enc.divisions] == ["-i = 3*q + r, 0 <= r < 3"]


def test_rational_floor_keeps_a_rational_remainder() -> None:
    tree, hyps, enc = _encode("floor(a / 2 + 1 / 3) <= a")
    assert [str(d) for d in enc.divisions] == ["3*a + 2 = 6*q + r, 0 <= r < 6"]
    assert check_negation(enc, tree, hyps).status == "sat"


@pytest.mark.parametrize(
    ("claim", "status"),
    [
        ("x % y <= 0", "sat"),
        ("y < 0 implies x % y <= 0", "unsat"),
        ("y < 0 implies x // y * y >= x", "unsat"),
        ("x // y == -(x // -y)", "sat"),
    ],
)
def test_negative_divisors_follow_python(claim: str, status: str) -> None:
    tree, hyps, enc = _encode(claim)
    assert check_negation(enc, tree, hyps).status == status


def test_sat_gives_the_claim_variables_only() -> None:
    tree, hyps, enc = _encode("conv_out(i, k, s) == (i - k) // s")
    result = check_negation(enc, tree, hyps)
    assert result.status == "sat" and result.model is not None
    assert set(result.model) == {"i", "k", "s"}
    assert "(check-sat)" in result.smtlib


def test_unknown_with_a_reason() -> None:
    tree, hyps, enc = _encode("x^3 + y^3 != z^3", "x >= 1", "y >= 1", "z >= 1")
    result = check_negation(enc, tree, hyps, timeout=0.2)
    assert result.status == "unknown" and result.reason == "timeout"


def test_unsupported_expressions_raise_encoding_error() -> None:
    claim = parse_claim("x > 0")
    _, _, enc = _encode("x > 0")
    operand = next(iter(enc.leaves))
    enc.leaves[operand] = sympy.sin(sympy.Symbol("x", integer=True))
    with pytest.raises(EncodingError, match=r"smt: cannot encode sin\(x\) \(sin\) for z3"):
        to_z3(claim, enc, environment(enc))
    with pytest.raises(SymtconvError):
        to_z3(claim, enc, environment(enc))


def test_rational_modulo_becomes_an_integer_division() -> None:
    tree, hyps, enc = _encode("(a / 3) % (b / 2) < b / 2", "b > 0")
    assert [str(d) for d in enc.divisions] == [
        "2*a = 3*b*q + r, 0 <= r < 3*b if 3*b > 0, 3*b < r <= 0 if 3*b < 0"
    ]
    assert check_negation(enc, tree, hyps, timeout=2.0).status == "unsat"
