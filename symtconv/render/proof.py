"""Text, plain data and LaTeX of proofs (:class:`symtconv.prover.proof.Proof`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sympy

from ..results import writer
from .escape import math_text
from .latex import escape
from .printer import math_width

if TYPE_CHECKING:
    from ..prover.identities import IdentityProof
    from ..prover.proof import BoxCheck, Certificate, Proof, Side
    from ..prover.reduction import Step
    from ..prover.theorems import TheoremResult

__all__ = [
    "proof_dict",
    "proof_latex",
    "proof_text",
    "theorem_latex",
    "theorem_text",
]

_HEADLINE = {
    "proved": "PROVED",
    "disproved": "DISPROVED",
    "unknown": "UNKNOWN",
    "checked": "CHECKED ON A BOX",
}
#: An answer in a sentence ("part 2: checked on a box (as expected)").
_ANSWER = {"checked": "checked on a box"}


def _for_all(proof: Proof) -> str:
    if not proof.variables:
        return "(a claim without variables)"
    return f"for all integers {', '.join(proof.variables)} in the domain" + (
        " satisfying the assumptions" if proof.assumptions else ""
    )


@writer("Proof", "text")
def proof_text(proof: Proof, indent: str = "") -> str:
    """The proof as plain text: the answer first, then the evidence and the steps."""
    lines = [f"{_HEADLINE[proof.status]}: {proof.claim}"]
    if proof.status == "proved":
        lines.append(f"  {_for_all(proof)}")
    if proof.assumptions:
        lines.append("assuming: " + "; ".join(proof.assumptions))
    lines.append("domain: " + "; ".join(proof.domain))
    if proof.counterexample is not None:
        lines.append("")
        assignment = ", ".join(f"{k} = {v}" for k, v in proof.counterexample.items())
        lines.append(f"counterexample: {assignment}")
        if proof.reason:
            lines.append(f"  ({proof.reason})")
        for side in proof.sides:
            lines.extend(f"  {expr} = {value}" for expr, value in side.operands if expr != value)
            lines.append(f"  {side.substituted()} is {'true' if side.holds else 'false'}")
    elif proof.status in ("unknown", "checked") and proof.reason:
        lines.append(f"reason: {proof.reason}")
    if proof.steps:
        lines.append("")
        lines.append("steps:")
        for n, step in enumerate(proof.steps, start=1):
            lines.append(f"  {n}. {step.title}")
            lines.extend(f"       {line}" for line in step.lines)
    if proof.certificate is not None:
        lines.append("")
        lines.append(
            "certificate: z3 finds the negated claim unsatisfiable; the SMT-LIB query is in the "
            "JSON output (certificate.smtlib)"
        )
    if proof.box is not None and proof.status != "disproved":
        label = {"proved": "cross-check", "checked": "box"}.get(proof.status, "search")
        lines.append(f"{label}: {proof.box.describe()}")
    for note in proof.notes:
        lines.append(f"note: {note}")
    return "\n".join(indent + line if line else line for line in lines)


@writer("Proof", "data")
def proof_dict(proof: Proof) -> dict[str, Any]:
    """Plain data: status, counterexample, domain, steps, evidence."""
    return {
        "status": proof.status,
        "claim": proof.claim,
        "assumptions": list(proof.assumptions),
        "variables": list(proof.variables),
        "domain": list(proof.domain),
        "counterexample": proof.counterexample,
        "sides": [_side_dict(s) for s in proof.sides],
        "steps": [_step_dict(step) for step in proof.steps],
        "certificate": _certificate_dict(proof.certificate),
        "box_check": _box_dict(proof.box),
        "reason": proof.reason,
        "notes": list(proof.notes),
        "seconds": round(proof.seconds, 4),
    }


def _side_dict(side: Side) -> dict[str, Any]:
    return {
        "comparison": side.comparison,
        "substituted": side.substituted(),
        "operands": [{"expression": e, "value": _json_number(v)} for e, v in side.operands],
        "holds": side.holds,
    }


def _step_dict(step: Step) -> dict[str, Any]:
    return {"title": step.title, "lines": list(step.lines), "latex": list(step.latex)}


def _certificate_dict(certificate: Certificate | None) -> dict[str, Any] | None:
    if certificate is None:
        return None
    return {
        "solver": certificate.solver,
        "result": certificate.result,
        "seconds": round(certificate.seconds, 4),
        "smtlib": certificate.smtlib,
    }


def _box_dict(box: BoxCheck | None) -> dict[str, Any] | None:
    if box is None:
        return None
    return {
        "ranges": {k: list(v) for k, v in box.ranges.items()},
        "assignments": box.assignments,
        "in_domain": box.in_domain,
        "failure": box.failure,
        "sampled": box.sampled,
    }


def _json_number(value: str) -> int | str:
    """An integer value as a JSON number; a fraction (``"3/2"``) stays a string."""
    try:
        return int(value)
    except ValueError:
        return value


@writer("Proof", "latex")
def proof_latex(proof: Proof) -> str:
    """The proof as a LaTeX ``aligned`` block (math mode)."""
    return _aligned(_proof_rows(proof))


def _aligned(rows: list[str]) -> str:
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"


#: Widest row of a list (conditions, values) in the proof's block, in characters of math:
#: a longer list goes on to further rows, since an ``aligned`` row never wraps (MathJax 2
#: wraps it mid-formula, MathJax 3 and KaTeX clip it).
LIST_WIDTH = 44


def _listed(lead: str, items: Sequence[str]) -> list[str]:
    r"""``lead`` and the items separated by commas, on as many rows as keep each within
    :data:`LIST_WIDTH` (the rows after the first indented).

    Examples:
        >>> _listed("&a: ", ["x = 1", "y = 2"])
        ['&a: x = 1,\\ y = 2']
        >>> len(_listed("&a: ", [f"x_{{{n}}} \\ge 1" for n in range(20)]))
        3
    """
    rows: list[list[str]] = [[]]
    width = 0.0
    for item in items:
        w = math_width(item) + 1.5
        if rows[-1] and width + w > LIST_WIDTH:
            rows.append([])
            width = 0.0
        rows[-1].append(item)
        width += w
    texts = [",\\ ".join(row) for row in rows]
    return [lead + texts[0] + ("," if len(texts) > 1 else "")] + [
        "&\\qquad " + t + ("," if n < len(texts) - 1 else "") for n, t in enumerate(texts[1:], 1)
    ]


def _proof_rows(proof: Proof) -> list[str]:
    """The rows of the proof's ``aligned`` block, each starting with ``&``."""
    names = ", ".join(sympy.latex(sympy.Symbol(n)) for n in proof.variables)
    quantifier = f"\\forall\\, {names} \\in \\mathbb{{Z}}:\\ " if names else ""
    head = {
        "proved": "Proved",
        "disproved": "Disproved",
        "unknown": "Unknown",
        "checked": "Checked on a box",
    }[proof.status]
    rows = [f"&\\textbf{{{head}: }} {quantifier}{proof.latex_claim}"]
    if proof.latex_assumptions:
        rows.extend(_listed("&\\text{assuming } ", proof.latex_assumptions))
    if proof.latex_domain:
        rows.extend(_listed("&\\text{domain: } ", proof.latex_domain))
    if proof.counterexample is not None:
        values = [f"{sympy.latex(sympy.Symbol(k))} = {v}" for k, v in proof.counterexample.items()]
        rows.extend(_listed("&\\text{counterexample: } ", values))
        for side in proof.sides:
            rows.append(
                f"&\\qquad {side.substituted_latex()} \\text{{ is "
                f"{'true' if side.holds else 'false'}}}"
            )
    elif proof.status in ("unknown", "checked") and proof.reason:
        rows.append("&" + math_text(f"reason: {proof.reason}"))
    for n, step in enumerate(proof.steps, start=1):
        rows.append("&" + math_text(f"{n}. {step.title}"))
        rows.extend(f"&\\qquad {line}" for line in step.latex)
    if proof.certificate is not None:
        rows.append("&\\text{certificate: z3 finds the negated claim unsatisfiable}")
    if proof.box is not None and proof.status in ("proved", "checked"):
        label = "cross-check" if proof.status == "proved" else "box"
        rows.append(
            f"&\\text{{{label}: all {proof.box.in_domain} assignments of the box in the "
            "domain satisfy the claim}"
        )
    return rows


def _part_heading(n: int, label: str, expect: str, got: str) -> str:
    what = f" ({label})" if label else ""
    verdict = "as expected" if got == expect else f"expected {_ANSWER.get(expect, expect)}"
    return f"part {n}{what}: {_ANSWER.get(got, got)} ({verdict})"


def _theorem_headline(result: TheoremResult) -> str:
    """``PROVED (3 part(s))``; with parts checked on a box, how many of each."""
    count = len(result.proofs)
    if result.status != "checked":
        return f"{_HEADLINE[result.status]} ({count} part(s))"
    statuses = [p.status for p in result.proofs]
    kinds = [
        (statuses.count("proved"), "proved for all integers"),
        (statuses.count("disproved"), "disproved as expected"),
        (statuses.count("checked"), "checked on a box only"),
    ]
    detail = ", ".join(f"{n} {what}" for n, what in kinds if n)
    return f"PARTLY CHECKED ON A BOX ({count} part(s): {detail})"


@writer("TheoremResult", "text")
def theorem_text(result: TheoremResult) -> str:
    """A theorem with every part's proof, as plain text."""
    t = result.theorem
    lines = [
        f"{t.name}: {t.title}",
        _theorem_headline(result),
        t.statement,
    ]
    if t.source:
        lines.append(f"source: {t.source}")
    for n, (part, proof) in enumerate(zip(t.parts, result.proofs, strict=True), start=1):
        lines.append("")
        lines.append(_part_heading(n, part.label, part.expect, proof.status))
        lines.append(proof_text(proof, indent="  "))
    return "\n".join(lines)


@writer("TheoremResult", "latex")
def theorem_latex(result: TheoremResult) -> str:
    """A theorem with every part's proof, as one LaTeX ``aligned`` block."""
    t = result.theorem
    rows = [
        "&\\textbf{Theorem: }"
        + math_text(t.title)
        + f"\\;(\\texttt{{symtconv prove {escape(t.name)}}})"
    ]
    for n, (part, proof) in enumerate(zip(t.parts, result.proofs, strict=True), start=1):
        heading = _part_heading(n, part.label, part.expect, proof.status)
        rows.append("&" + math_text(heading))
        rows.extend(f"&\\quad {row.removeprefix('&')}" for row in _proof_rows(proof))
    return _aligned(rows)


def _short(expression: str, limit: int = 100) -> str:
    """A long expression cut down for display, with its number of terms."""
    if len(expression) <= limit:
        return expression
    terms = expression.count(" + ") + expression.count(" - ") + 1
    return f"{expression[:limit].rsplit(' ', 1)[0]} ... ({terms} terms)"


@writer("TheoremResult", "data")
def theorem_dict(result: TheoremResult) -> dict[str, Any]:
    """Plain data for JSON."""
    t = result.theorem
    return {
        "name": t.name,
        "title": t.title,
        "statement": t.statement,
        "source": t.source,
        "status": result.status,
        "seconds": round(result.seconds, 4),
        "parts": [
            {"label": part.label, "expect": part.expect, **proof_dict(proof)}
            for part, proof in zip(t.parts, result.proofs, strict=True)
        ],
    }


@writer("IdentityProof", "data")
def identity_dict(result: IdentityProof) -> dict[str, Any]:
    """Plain data for JSON."""
    return {
        "identity": result.identity.name,
        "statement": result.identity.statement,
        "status": result.status,
        "spec": result.spec.as_dict(),
        "symbolic": result.symbolic,
        "compared": result.compared,
        "sample": None if result.sample is None else list(result.sample),
        "mismatch": None if result.mismatch is None else list(result.mismatch),
        "general": None if result.general is None else theorem_dict(result.general),
        "details": list(result.details),
        "seconds": round(result.seconds, 4),
    }


@writer("IdentityProof", "text")
def identity_text(result: IdentityProof) -> str:
    """An identity proof as text."""
    data = "symbolic entries" if result.symbolic else "the given values"
    lines = [
        f"{result.status.upper()} for this shape: {result.identity.statement}",
        f"  {result.spec.describe()}",
        f"  {result.compared} pair(s) compared exactly ({data}): "
        + ("every difference expands to 0" if result.mismatch is None else "they differ"),
    ]
    if result.sample is not None:
        where, left, right = result.sample
        lines.append(f"  e.g. {where}: {_short(left)}  =  {_short(right)}")
    if result.mismatch is not None:
        where, left, right = result.mismatch
        lines.append(f"  first difference at {where}: {_short(left)}  !=  {_short(right)}")
    lines.extend(f"  {line}" for line in result.details)
    if result.general is not None:
        g = result.general
        lines.append("")
        lines.append(
            f"For general parameters (index level, theorem {g.theorem.name}): {g.status.upper()}"
        )
        for part, proof in zip(g.theorem.parts, g.proofs, strict=True):
            lines.append(f"  {part.label}: {proof.status}")
            lines.append(
                f"    {proof.claim}"
                + (f"  [assuming {'; '.join(proof.assumptions)}]" if proof.assumptions else "")
            )
    return "\n".join(lines)


@writer("IdentityProof", "latex")
def identity_latex(result: IdentityProof) -> str:
    """The result as a LaTeX ``aligned`` block."""
    rows = [
        f"&\\textbf{{{result.status.capitalize()} for this shape: }} {result.identity.latex}",
        "&" + math_text(result.spec.describe()),
        f"&\\text{{{_pairs(result.compared)} compared exactly}}",
    ]
    if result.mismatch is not None:
        rows.append("&" + math_text(f"first difference at {result.mismatch[0]}"))
    rows.extend("&" + math_text(line) for line in result.details)
    if result.general is not None:
        theorem = result.general.theorem
        rows.append(
            "&"
            + math_text(f"for general parameters: {theorem.title.lower()}, {result.general.status}")
        )
    return _aligned(rows)


def _pairs(n: int) -> str:
    """``1 pair of entries``, ``4 pairs of entries``."""
    return f"{n} pair of entries" if n == 1 else f"{n} pairs of entries"


@writer("Proof", "math")
@writer("TheoremResult", "math")
@writer("IdentityProof", "math")
def aligned_math(result: Proof | TheoremResult | IdentityProof, printer: Any = None) -> str:
    """``sympy.latex`` of a proof, a theorem or an identity: its ``aligned`` block."""
    return result.to_latex()
