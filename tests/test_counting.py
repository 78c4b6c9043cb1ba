"""The claim language's counting functions (gcd, taps, min_taps, max_taps): their values
against the brute-force oracle, and the prover's fourth answer, "checked on a box",
which is never "proved"."""

from __future__ import annotations

import itertools
import json

import pytest
from oracles import phases

from symtconv import ParseError, SpecError, prove
from symtconv.cli import main
from symtconv.prover.language import (
    compile_node,
    counting,
    latex,
    parse_claim,
    parse_number_expression,
    text,
)

GRID = list(itertools.product(range(0, 9), range(1, 7), range(-2, 6), range(-3, 8)))


@pytest.mark.parametrize(("k", "s", "d", "r"), GRID[::7])
def test_taps_count_like_the_oracle(k: int, s: int, d: int, r: int) -> None:
    assert counting.taps(k, s, d, r) == phases.taps(k, s, d, r)
    if k >= 1:
        assert counting.min_taps(k, s, d) == phases.min_taps(k, s, d)
        assert counting.max_taps(k, s, d) == phases.max_taps(k, s, d)


@pytest.mark.parametrize(("a", "b"), list(itertools.product(range(-6, 13), range(-4, 9))))
def test_gcd_like_the_oracle(a: int, b: int) -> None:
    assert counting.gcd(a, b) == phases.gcd(a, b)


def test_a_count_too_large_is_refused() -> None:
    with pytest.raises(SpecError, match="too large to count"):
        counting.taps(10**7, 10**7, 1, 0)
    with pytest.raises(SpecError, match="too large to count"):
        prove("taps(10000000, 10000000, 1, 0) == 1")


def test_parse_print_and_evaluate() -> None:
    tree = parse_claim("min_taps(k, s, d) == max_taps(k, s, d) iff gcd(d, s) == 1")
    assert text(tree) == "min_taps(k, s, d) == max_taps(k, s, d) iff gcd(d, s) == 1"
    assert latex(tree) == (
        "\\operatorname{min\\_taps}\\left(k, s, d\\right) = "
        "\\operatorname{max\\_taps}\\left(k, s, d\\right) \\Leftrightarrow "
        "\\gcd\\left(d, s\\right) = 1"
    )
    assert compile_node(parse_number_expression("taps(3, 2, 1, 0)"))({}) == 2
    with pytest.raises(ParseError, match="taps\\(\\) takes 4 argument"):
        parse_claim("taps(k, s, d) == 1")
    with pytest.raises(ParseError, match="takes integer arguments"):
        parse_claim("taps(k / 2, s, d, r) == 1")


@pytest.mark.parametrize(
    ("claim", "assume"),
    [
        ("taps(k, s, 1, r) == (k - r + s - 1) // s", ["0 <= r < s"]),
        ("min_taps(k, s, d) == 0 iff (k < s or gcd(d, s) > 1)", []),
        (
            "min_taps(k, s, d) == max_taps(k, s, d) iff "
            "(s == 1 or (gcd(d, s) == 1 and k % s == 0))",
            [],
        ),
    ],
)
def test_a_true_counting_claim_is_checked_never_proved(claim: str, assume: list[str]) -> None:
    proof = prove(claim, assume)
    assert proof.status == "checked"
    assert proof.certificate is None and proof.counterexample is None and proof.steps == ()
    assert proof.box is not None and proof.box.failure is None and proof.box.in_domain > 100
    assert "not proved for all integers" in (proof.reason or "")
    assert str(proof).startswith("CHECKED ON A BOX: ")
    assert "for all integers" not in str(proof).splitlines()[1]
    assert proof.to_latex().startswith("\\begin{aligned}\n&\\textbf{Checked on a box: }")
    assert json.loads(proof.to_json())["status"] == "checked"


def test_the_domain_of_the_counting_functions() -> None:
    proof = prove("taps(k, s, d, r) >= 0")
    assert proof.domain == ("k, s, d, r are integers", "k >= 1", "s >= 1", "d >= 1")


@pytest.mark.parametrize(
    ("claim", "assume", "counterexample"),
    [
        ("min_taps(k, s, d) == max_taps(k, s, d) iff k % s == 0", [], {"k": 2, "s": 2, "d": 2}),
        ("taps(k, s, 1, r) == k // s", ["0 <= r < s"], {"k": 1, "s": 2, "r": 0}),
        ("min_taps(k, s, 1) != max_taps(k, s, 1)", ["k == 2", "s == 2"], {"k": 2, "s": 2}),
    ],
)
def test_a_false_counting_claim_is_disproved(
    claim: str, assume: list[str], counterexample: dict[str, int]
) -> None:
    proof = prove(claim, assume)
    assert proof.status == "disproved" and proof.counterexample == counterexample
    from oracles.claims import breaks

    assert breaks(proof.claim, proof.assumptions, counterexample)


def test_cli_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["prove", "taps(k, s, 1, r) == (k - r + s - 1) // s", "--assume", "0 <= r < s"]) == 3
    )
    assert main(["prove", "taps(k, s, 1, r) == k // s", "--assume", "0 <= r < s"]) == 1
    assert main(["prove", "overlap-uniform"]) == 0  # every part as expected, some checked on a box
    out = capsys.readouterr().out
    assert (
        "PARTLY CHECKED ON A BOX (5 part(s): 3 proved for all integers, 2 checked on a box only)"
        in out
    )
    assert "part 5 (any dilation, counted): checked on a box (as expected)" in out
    assert main(["prove", "overlap-uniform", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "checked"
    assert [p["expect"] for p in data["parts"]] == ["proved"] * 3 + ["checked"] * 2
    assert [p["status"] for p in data["parts"]] == ["proved"] * 3 + ["checked"] * 2
