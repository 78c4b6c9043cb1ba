"""prove(): true claims, false claims (counterexamples checked independently), unknown ones,
Python semantics of // and %, the exhaustive cross-check, rendering."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracles.claims import OutsideDomain, breaks, holds

from symtconv import Proof, prove
from symtconv.errors import ParseError, SpecError, SymtconvError
from symtconv.prover import proof as prove_module
from symtconv.prover.proof import evaluate
from symtconv.prover.smt import SmtResult, z3_version

TRUE = [
    ("conv_out(i, k) == i - k + 1", ()),
    ("conv_out(i, k, s, p, d) == (i + 2*p - d*(k - 1) - 1) // s + 1", ()),
    ("conv_out(tconv_out(i, k, s, p, d, op), k, s, p, d) == i", ("op < s",)),
    ("tconv_out(conv_out(i, k, s, p, d), k, s, p, d) == i - (i + 2*p - d*(k-1) - 1) % s", ()),
    ("conv_out(i, k, 1, k // 2) == i", ("k % 2 == 1",)),
    ("conv_out(i, k, s, p_lo=a, p_hi=b) == (i + a + b - k) // s + 1", ()),
    ("conv_out(i, 3, 2, 1) == (i + 1) // 2", ()),
    ("tconv_out(i, k, s) >= i", ()),
    ("a == b*(a // b) + a % b", ()),
    ("b < 0 implies b < a % b <= 0", ()),
    ("b > 0 implies 0 <= a % b < b", ()),
    ("ceiling(a / b) == -((-a) // b)", ()),
    ("floor(a / 2) + ceiling(a / 2) == a", ()),
    ("min(a, b) + max(a, b) == a + b and abs(a - b) == max(a, b) - min(a, b)", ()),
    ("(a / 3) * 3 == a", ()),
    ("(a / 2) % 1 <= 1/2 and (a / 3) % (b / 2) < b / 2", ("b > 0",)),
    ("x > 5", ("x > 6",)),
    ("1 < 2", ()),
]


@pytest.mark.parametrize(("claim", "assume"), TRUE)
def test_true_claims_are_proved(claim: str, assume: tuple[str, ...]) -> None:
    proof = prove(claim, assume)
    assert proof.status == "proved", proof.reason
    assert proof.certificate is not None
    assert proof.certificate.result == "unsat" and "(check-sat)" in proof.certificate.smtlib
    assert proof.box is not None and proof.box.failure is None
    assert proof.counterexample is None and proof.sides == ()


FALSE = [
    ("conv_out(i, k) == i - k", ()),
    ("conv_out(i, k, 1, k // 2) == i", ()),
    ("conv_out(tconv_out(i, k, s, p, d, op), k, s, p, d) == i", ("op < s or op < d",)),
    ("conv_out(tconv_out(i, k, s, p, d, op), k, s, p, d) == i", ("op <= s",)),
    ("tconv_out(conv_out(i, k, s, p, d), k, s, p, d) == i", ()),
    ("conv_out(i, k, s, p) == ceiling((i + 2*p - k) / s)", ()),
    ("a % b >= 0", ()),
    ("a // b == -((-a) // b)", ()),
    ("a // b * b == a", ("b > 1",)),
    ("floor(a / 3) == a // 3 + 1", ()),
    ("x*x*x - x != 7*y + 3", ()),
    ("x > 5 and y < x", ("x > 0",)),
    ("(a / 2) % 1 == 0", ()),
]


@pytest.mark.parametrize(("claim", "assume"), FALSE)
def test_false_claims_have_real_counterexamples(claim: str, assume: tuple[str, ...]) -> None:
    proof = prove(claim, assume)
    assert proof.status == "disproved"
    assert proof.certificate is None
    assert proof.counterexample is not None
    assert set(proof.counterexample) == set(proof.variables)
    assert breaks(claim, assume, proof.counterexample)
    assert proof.sides and not all(side.holds for side in proof.sides)


UNKNOWN = [
    ("x^3 + y^3 != z^3", ("x >= 1", "y >= 1", "z >= 1")),
    ("x^2 != 2*y^2", ("x >= 1", "y >= 1")),
]


@pytest.mark.parametrize(("claim", "assume"), UNKNOWN)
def test_claims_outside_the_method_are_unknown(claim: str, assume: tuple[str, ...]) -> None:
    proof = prove(claim, assume, timeout=0.3)
    assert proof.status == "unknown"
    assert proof.certificate is None and proof.counterexample is None
    assert proof.reason is not None and "z3 answered unknown" in proof.reason
    assert proof.box is not None and proof.box.failure is None


@pytest.mark.parametrize("a", [-7, -1, 0, 6])
@pytest.mark.parametrize("b", [-3, -1, 2, 5])
def test_solver_follows_python_floor_semantics(a: int, b: int) -> None:
    """z3 alone (no help from the box): it must pin x // y and x % y to Python's values."""
    claim = f"x // y == {a // b} and x % y == {a % b} and floor(x / y) == {a // b}"
    proof = prove(claim, (f"x == {a}", f"y == {b}"))
    assert proof.status == "proved"
    wrong = prove(f"x // y == {a // b + 1} or x % y != {a % b}", (f"x == {a}", f"y == {b}"))
    assert wrong.status == "disproved" and wrong.counterexample == {"x": a, "y": b}


def test_vacuous_claims_say_so() -> None:
    proof = prove("x > 100", ("x > 5", "x < 3"))
    assert proof.status == "proved"
    assert any("vacuously" in note for note in proof.notes)


def test_counterexample_is_small() -> None:
    proof = prove("conv_out(tconv_out(i, k, s, p, d, op), k, s, p, d) == i", ["op < s or op < d"])
    assert proof.counterexample == {"i": 1, "k": 1, "s": 1, "p": 0, "d": 2, "op": 1}
    assert [(s.comparison, s.operands, s.holds) for s in proof.sides] == [
        (
            "conv_out(tconv_out(i, k, s, p, d, op), k, s, p, d) == i",
            (("conv_out(tconv_out(i, k, s, p, d, op), k, s, p, d)", "2"), ("i", "1")),
            False,
        )
    ]


# ----- a wrong solver answer must not pass ------------------------------------------------------


def test_box_check_catches_a_wrong_unsat(monkeypatch: pytest.MonkeyPatch) -> None:
    def lying(*args: object, **kwargs: object) -> SmtResult:
        return SmtResult("unsat", None, None, 0.0, "(check-sat)")

    monkeypatch.setattr(prove_module, "check_negation", lying)
    proof = prove("conv_out(i, k, s) == (i - k) // s", ())
    assert proof.status == "disproved"
    assert proof.certificate is None
    assert proof.counterexample is not None
    assert breaks("conv_out(i, k, s) == (i - k) // s", (), proof.counterexample)
    assert any("z3 answered unsat" in note for note in proof.notes)


def test_a_model_that_does_not_break_the_claim_is_not_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def bogus(*args: object, **kwargs: object) -> SmtResult:
        return SmtResult("sat", {"i": 3, "k": 1}, None, 0.0, "")

    monkeypatch.setattr(prove_module, "check_negation", bogus)
    proof = prove("conv_out(i, k) == i - k + 1", ())
    assert proof.status == "unknown"
    assert proof.counterexample is None
    assert any("does not break the claim" in note for note in proof.notes)


def test_never_proved_without_unsat(monkeypatch: pytest.MonkeyPatch) -> None:
    def unknown(*args: object, **kwargs: object) -> SmtResult:
        return SmtResult("unknown", None, "timeout", 0.0, "")

    monkeypatch.setattr(prove_module, "check_negation", unknown)
    proof = prove("conv_out(i, k) == i - k + 1", ())
    assert proof.status == "unknown" and proof.certificate is None
    assert proof.reason is not None and "z3 answered unknown (timeout)" in proof.reason


# ----- steps, rendering ----------------------------------------------------------------------


def test_steps_write_floor_as_s_q_plus_r() -> None:
    proof = prove(
        "tconv_out(conv_out(i, k, s, p, d), k, s, p, d) == i - (i + 2*p - d*(k-1) - 1) % s"
    )
    titles = [step.title for step in proof.steps]
    assert titles == [
        "Substitute the definitions",
        "Write each floor/mod argument as divisor*q + r",
        "Eliminate and simplify",
    ]
    assert "-d*(k - 1) + i + 2*p - 1 = s*q + r, 0 <= r < s" in proof.steps[1].lines
    assert proof.steps[2].lines[-1] == "true for every value of the variables: an identity"
    assert all(len(step.lines) == len(step.latex) for step in proof.steps)


def test_json_fields() -> None:
    data = json.loads(prove("conv_out(i, k, 1, k // 2) == i").to_json())
    assert {"status", "counterexample", "domain", "steps"} <= set(data)
    assert data["status"] == "disproved"
    assert data["counterexample"] == {"i": 1, "k": 2}
    assert data["domain"][0] == "i, k are integers"
    assert data["sides"][0]["substituted"] == "2 == 1"
    proved = json.loads(prove("conv_out(i, k) == i - k + 1").to_json())
    assert proved["counterexample"] is None
    assert proved["certificate"]["result"] == "unsat"
    assert proved["certificate"]["solver"] == f"z3 {z3_version()}"
    assert proved["box_check"]["failure"] is None


def test_text_rendering() -> None:
    text = str(prove("conv_out(i, k, 1, k // 2) == i"))
    assert text.startswith("DISPROVED: conv_out(i, k, 1, k // 2) == i\n")
    assert "counterexample: i = 1, k = 2" in text
    assert "  conv_out(i, k, 1, k // 2) = 2\n  i = 1\n  2 == 1 is false" in text


def test_latex_exact() -> None:
    proof = prove("x + 1 > x")
    expected = (
        "\\begin{aligned}\n"
        "&\\textbf{Proved: } \\forall\\, x \\in \\mathbb{Z}:\\ x + 1 > x \\\\\n"
        "&\\text{1. Simplify} \\\\\n"
        "&\\qquad \\text{claim: } x + 1 > x \\\\\n"
        "&\\qquad \\text{true for every value of the variables: an identity} \\\\\n"
        "&\\text{certificate: z3 finds the negated claim unsatisfiable} \\\\\n"
        "&\\text{cross-check: all 16 assignments of the box in the domain satisfy the claim}\n"
        "\\end{aligned}"
    )
    assert proof.to_latex() == expected
    assert sympy.latex(proof) == expected
    assert proof._repr_latex_() == f"$\\displaystyle {expected}$"


def test_proof_is_plain_data() -> None:
    proof = prove("conv_out(i, k) >= 1")
    assert isinstance(proof, Proof) and proof.proved
    assert repr(proof) == "<Proof proved: conv_out(i, k) >= 1>"
    assert proof.domain == ("i, k are integers", "i >= 1", "k >= 1", "i >= k")
    assert proof.variables == ("i", "k")


# ----- input errors ---------------------------------------------------------------------------


def test_bad_claims_raise_parse_errors() -> None:
    with pytest.raises(ParseError, match=r"^claim: "):
        prove("conv_out(i) == 1")
    with pytest.raises(ParseError, match=r"^assumption 2: "):
        prove("x > 0", ["x > 1", "x >"])


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"timeout": 0}, "timeout: got 0"),
        ({"timeout": -1.5}, "timeout: got -1.5"),
        ({"box_budget": 0}, "box_budget: got 0"),
        ({"box_budget": True}, "box_budget: got True"),
    ],
)
def test_bad_settings(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(SpecError, match=fragment):
        prove("x > 0", **kwargs)  # type: ignore[arg-type]


def test_literal_outside_domain_is_an_error() -> None:
    with pytest.raises(SymtconvError, match="stride s >= 1 fails"):
        prove("conv_out(i, 3, 0) > 0")


def test_single_assumption_string_and_evaluate() -> None:
    assert prove("op < s implies op <= s", "s > 0").proved
    assert evaluate("conv_out(i, 3, 2, 1) == 3", {"i": 5}) is True
    assert evaluate("conv_out(i, 3, 2, 1) == 3", {"i": 7}) is False
    with pytest.raises(SpecError, match="no value for i"):
        evaluate("conv_out(i, 3) > 0", {})
    with pytest.raises(SpecError, match="outside the domain"):
        evaluate("conv_out(i, 3) > 0", {"i": 1})


# ----- generated claims -------------------------------------------------------------------------

_ATOMS = st.sampled_from(["i", "k", "s", "p", "d", "0", "1", "2", "3", "-1"])


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(inner, st.sampled_from(["+", "-", "*", "//", "%", "/"]), inner).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})"
    )
    unary = st.tuples(st.sampled_from(["floor", "ceiling", "abs"]), inner).map(
        lambda t: f"{t[0]}({t[1]})"
    )
    pairs = st.tuples(st.sampled_from(["min", "max", "Mod"]), inner, inner).map(
        lambda t: f"{t[0]}({t[1]}, {t[2]})"
    )
    sizes = st.tuples(st.sampled_from(["conv_out", "tconv_out"]), inner, inner).map(
        lambda t: f"{t[0]}({t[1]}, {t[2]}, s, p)"
    )
    return binary | unary | pairs | sizes


_EXPRS = st.recursive(_ATOMS, _extend, max_leaves=6)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(_EXPRS, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), _EXPRS)
def test_generated_claims_get_sound_answers(a: str, op: str, b: str) -> None:
    """Any claim: a bad-input error, or an answer that independent evaluation confirms."""
    try:
        proof = prove(f"{a} {op} {b}", timeout=0.5, box_budget=2000)
    except SymtconvError:
        return
    assert proof.status in ("proved", "disproved", "unknown")
    if proof.status == "disproved":
        assert proof.counterexample is not None
        assert breaks(proof.claim, (), proof.counterexample)
    if proof.status == "proved":
        rng = random.Random(proof.claim)
        for _ in range(100):
            env = {v: rng.randint(-6, 30) for v in proof.variables}
            try:
                assert holds(proof.claim, env), env
            except OutsideDomain:
                continue
    assert str(proof) and proof.to_latex() and proof.to_json()


def test_identically_zero_divisor() -> None:
    with pytest.raises(SpecError, match="the divisor i - i in Mod\\(i, i - i\\) is 0 for every"):
        prove("Mod(i, i - i) == 0")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_latex_compiles(tmp_path: Path) -> None:
    from symtconv import prove_identity, prove_theorem

    blocks = [
        prove("conv_out(i, k, s, p_lo=a, p_hi=b) >= (i - k) // s and (a/2) % 1 <= 1/2").to_latex(),
        prove("conv_out(tconv_out(i, k, s, p, d, op), k, s, p, d) == i", ["op < d"]).to_latex(),
        prove("x^3 + y^3 != z^3", ["x >= 1", "y >= 1", "z >= 1"], timeout=0.2).to_latex(),
        prove("ceiling(i / s) == -((-i) // s) and min(i, s) <= abs(i)", ["s > 0"]).to_latex(),
        prove_theorem("same-output-sizes").to_latex(),
        prove_identity("jacobian", general=False).to_latex(),
    ]
    body = "\n".join(f"\\[\n{block}\n\\]" for block in blocks)
    (tmp_path / "proofs.tex").write_text(
        "\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n"
        "\\usepackage[paperwidth=80cm,paperheight=120cm,margin=1cm]{geometry}\n"
        f"\\begin{{document}}\n{body}\n\\end{{document}}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "proofs.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:]


def test_the_certificate_reruns_to_unsat() -> None:
    import z3

    proof = prove("conv_out(tconv_out(i, k, s, p, d, op), k, s, p, d) == i", ["op < s"])
    assert proof.certificate is not None
    solver = z3.Solver()
    solver.from_string(proof.certificate.smtlib)
    assert solver.check() == z3.unsat


@pytest.mark.parametrize(
    "claim", ["i == min(i, 0 // 0)", "max(i, 0 % 0) >= 1", "i == min(i, 1 // 0)"]
)
def test_a_zero_divisor_inside_min_or_max_is_refused_not_a_crash(claim: str) -> None:
    # found by the property below: SymPy's min/max raise ValueError on 0 // 0 (nan)
    with pytest.raises(SymtconvError, match="nonzero divisor fails"):
        prove(claim)
