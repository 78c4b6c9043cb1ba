"""The built-in theorems: every part gets its expected answer, every pitfall is refuted.

Counterexamples are checked with the independent evaluator of
:mod:`oracles.claims` (brute-force sizes and phase counts, Python's parser); proved
parts, and the parts checked on a box, are also sampled at random points well outside
the prover's small box.
"""

from __future__ import annotations

import functools
import random

import pytest
from oracles.claims import OutsideDomain, breaks, holds
from oracles.phases import bezout, gcd

from symtconv import Proof, SymtconvError, prove, prove_theorem
from symtconv.errors import SpecError
from symtconv.prover.theorems import THEOREMS, Part, theorem

PARTS = [(name, n, part) for name, t in THEOREMS.items() for n, part in enumerate(t.parts)]
PITFALLS = [(name, n, p) for name, t in THEOREMS.items() for n, p in enumerate(t.pitfalls)]


def _ids(items: list[tuple[str, int, Part]]) -> list[str]:
    return [f"{name}-{n}" for name, n, _ in items]


@functools.cache
def _proof(claim: str, assume: tuple[str, ...]) -> Proof:
    return prove(claim, assume)


@pytest.mark.parametrize("name", ["conv-strides", "tconv-conv-remainder", "pytorch-output-padding"])
def test_prove_theorem(name: str) -> None:
    result = prove_theorem(name)
    assert result.status == "proved"
    assert [p.status for p in result.proofs] == [part.expect for part in THEOREMS[name].parts]
    data = result.as_dict()
    assert data["name"] == name and data["status"] == "proved"
    assert len(data["parts"]) == len(THEOREMS[name].parts)


@pytest.mark.parametrize(("name", "n", "part"), PARTS, ids=_ids(PARTS))
def test_part_answer_and_evidence(name: str, n: int, part: Part) -> None:
    proof = _proof(part.claim, part.assume)
    assert proof.status == part.expect
    if part.expect == "proved":
        assert proof.certificate is not None and proof.certificate.result == "unsat"
        assert proof.box is not None and proof.box.failure is None and proof.box.in_domain > 0
        assert proof.counterexample is None
    elif part.expect == "checked":  # a counting function: the box only, never a proof
        assert proof.certificate is None and proof.counterexample is None
        assert proof.box is not None and proof.box.failure is None and proof.box.in_domain > 0
        assert "not proved for all integers" in (proof.reason or "")
    else:
        assert proof.counterexample is not None
        assert breaks(part.claim, part.assume, proof.counterexample)


@pytest.mark.parametrize(("name", "n", "part"), PITFALLS, ids=_ids(PITFALLS))
def test_pitfall_refuted_by_a_real_counterexample(name: str, n: int, part: Part) -> None:
    proof = _proof(part.claim, part.assume)
    assert proof.status == "disproved"
    assert proof.counterexample is not None
    assert breaks(part.claim, part.assume, proof.counterexample)


def _variables(part: Part) -> list[str]:
    from symtconv.prover.language import parse_claim, variables

    return list(variables(parse_claim(part.claim), *(parse_claim(a) for a in part.assume)))


PROVED = [(name, n, part) for name, n, part in PARTS if part.expect in ("proved", "checked")]


def _solve_equalities(part: Part, env: dict[str, int]) -> None:
    """Make the equality assumptions hold, so that random points reach them.

    ``v == expr`` sets ``v``; ``a*d + b*s == 1`` (gcd(d, s) = 1, Bezout) sets ``a`` and
    ``b`` from the oracle's search when ``gcd(d, s) == 1``.
    """
    for assumption in part.assume:
        left, _, right = assumption.partition(" == ")
        if assumption == "a*d + b*s == 1":
            d, s = env["d"], env["s"]
            if s >= 1 and gcd(d, s) == 1:
                env["a"], env["b"] = bezout(d, s)
        elif right and left.isidentifier():
            try:
                env[left] = eval(right, {"__builtins__": {}}, dict(env))  # our own theorem text
            except ZeroDivisionError:
                pass


@pytest.mark.parametrize(("name", "n", "part"), PROVED, ids=_ids(PROVED))
def test_proved_part_holds_at_random_points(name: str, n: int, part: Part) -> None:
    """Independent sampling in a larger range than the prover's box (seeded)."""
    rng = random.Random(f"{name}-{n}")
    names = _variables(part)
    checked = 0
    for _ in range(400):
        env = {v: rng.randint(-3, 40) for v in names}
        _solve_equalities(part, env)
        try:
            if all(holds(a, env) for a in part.assume):
                assert holds(part.claim, env), env
                checked += 1
        except OutsideDomain:
            continue
    assert checked > 0


def test_pytorch_rule_counterexample_is_accepted_by_pytorch_but_breaks_the_round_trip() -> None:
    part = THEOREMS["pytorch-output-padding"].parts[1]
    cex = _proof(part.claim, part.assume).counterexample
    assert cex is not None
    op, s, d = cex["op"], cex["s"], cex["d"]
    assert (op < s or op < d) and op >= s
    assert breaks(part.claim, (), cex)


def test_unknown_theorem_name() -> None:
    with pytest.raises(SpecError, match="theorem: got 'nope'; valid names are conv-no-padding"):
        theorem("nope")
    with pytest.raises(SymtconvError):
        prove_theorem("nope")


def test_theorem_renders_text_and_latex() -> None:
    result = prove_theorem("conv-no-padding")
    text = str(result)
    assert text.startswith("conv-no-padding: No padding, unit strides: o = (i - k) + 1\nPROVED")
    assert "part 1: proved (as expected)" in text
    latex = result.to_latex()
    assert latex.startswith(
        "\\begin{aligned}\n&\\textbf{Theorem: }\\text{No padding, unit strides: o = (i - k) + 1}"
        "\\;(\\texttt{symtconv prove conv-no-padding})"
    )
    assert result._repr_latex_().startswith("$\\displaystyle \\begin{aligned}")
