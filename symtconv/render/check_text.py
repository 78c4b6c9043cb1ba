"""A :class:`~symtconv.handcheck.report.CheckReport` as plain text, part by part.

Wrong entries are marked ``*``; big tensors are summarised as in
:mod:`symtconv.render.text`.  Plain data lives in :mod:`symtconv.render.check_data`,
LaTeX in :mod:`symtconv.render.check_latex`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ..results import writer
from .text import EDGEITEMS, THRESHOLD, format_grid, format_value

if TYPE_CHECKING:
    from ..handcheck.report import (
        CheckReport,
        Contribution,
        Finding,
        SizeCheck,
        StepsCheck,
        WrongEntry,
    )

__all__ = ["MAX_LISTED", "report_text", "shape_explanation"]

#: At most this many wrong entries are explained in text and LaTeX (JSON lists all).
MAX_LISTED = 20

_MATCH = {
    "exact": "reproduces the claim exactly",
    "entries": "explains every wrong entry",
    "closest": "the closest: explains {n} of {m} wrong entries",
    "shape": "gives the claimed shape; agrees on {a} of {c} entries",
}


def _dims(shape: tuple[int, ...]) -> str:
    return "x".join(map(str, shape))


def _factor(value: Any) -> str:
    text = format_value(value)
    if isinstance(value, sympy.Basic) and (value.is_Add or (value.is_number and value < 0)):
        return f"({text})"
    return f"({text})" if text.startswith("-") else text


def _marked_grid(arr: np.ndarray, wrong: set[tuple[int, ...]], indent: str = "  ") -> str:
    """A tensor as text with wrong entries marked ``*`` (2-D slices for higher ranks)."""

    def grid(sub: np.ndarray, lead: tuple[int, ...], ind: str) -> str:
        g = sub[None, :] if sub.ndim == 1 else sub

        def cell(r: int, c: int) -> str:
            index = (*lead, c) if sub.ndim == 1 else (*lead, r, c)
            mark = ("*" if index in wrong else " ") if wrong else ""
            return format_value(g[r, c]) + mark

        return format_grid(g.shape, cell, THRESHOLD, EDGEITEMS, ind)

    if arr.ndim <= 2:
        return grid(arr, (), indent)
    parts = []
    leads = list(np.ndindex(*arr.shape[:-2]))
    if len(leads) > THRESHOLD:
        leads = [*leads[:EDGEITEMS], None, *leads[-EDGEITEMS:]]  # type: ignore[list-item]
    for lead in leads:
        if lead is None:
            parts.append(f"{indent}...")
            continue
        parts.append(f"{indent}[{', '.join(map(str, lead))}, :, :]")
        parts.append(grid(arr[lead], lead, indent + "  "))
    return "\n".join(parts)


def _sum_text(terms: tuple[Contribution, ...], bias: Any = None) -> tuple[str, str]:
    names = " + ".join(t.product for t in terms) or "0"
    values = " + ".join(f"{_factor(t.input_value)}*{_factor(t.weight_value)}" for t in terms) or "0"
    if bias is not None:
        names += " + b"
        values += f" + {_factor(bias)}"
    return names, values


def _entry_lines(e: WrongEntry) -> list[str]:
    claimed = format_value(e.claimed)
    if e.written is not None:
        claimed = f"{format_value(e.written)} = {claimed}"
    lines = [f"  {e.name}: claimed {claimed}, expected {format_value(e.expected)}"]
    names, values = _sum_text(e.terms, e.bias)
    line = f"    {e.name} = {names}"
    operands = [t.input_value for t in e.terms] + [t.weight_value for t in e.terms]
    if not all(isinstance(v, sympy.Symbol) for v in operands):
        line += f" = {values}"
        if not line.endswith(f" = {format_value(e.expected)}"):
            line += f" = {format_value(e.expected)}"
    lines.append(line)
    if e.zero_terms:
        zeros = ", ".join(
            f"{t.product} = {_factor(t.input_value)}*{_factor(t.weight_value)}"
            for t in e.zero_terms
        )
        lines.append(f"    also reach it, contributing 0: {zeros}")
    if e.kept is not None and e.claimed.is_number:
        left = [t for t in e.terms if t not in e.kept]
        lines.append(
            f"    {format_value(e.claimed)} is {' + '.join(t.product for t in e.kept)} only; "
            f"not added: {', '.join(f'{t.product} = {format_value(t.value)}' for t in left)}"
        )
    if e.missing:
        lines.append(f"    missing: {' + '.join(e.missing)}")
    if e.extra:
        lines.append(f"    not in the answer: {' + '.join(e.extra)}")
    return lines


def shape_explanation(r: CheckReport) -> str:
    """Why a claimed output has the wrong shape: both shapes and the size formula."""
    d = r.derivation
    assert r.claimed is not None
    text = f"the claim is {_dims(r.claimed.shape)} but the output is {_dims(d.output_shape)}"
    if not d.compact:
        lead = "" if d.spec.batch is None else f"{d.spec.batch} samples of "
        text += f" ({lead}{d.spec.out_channels} channel(s) of {_dims(d.spec.output_size)})"
    if r.claimed.ndim != len(d.output_shape):
        text += f"; {r.claimed.ndim} axes given, {len(d.output_shape)} expected"
    formula = d.size_formula
    dims = formula.distinct_dims()
    sizes = "; ".join(
        (f"dimension {dim}: " if len(dims) > 1 else "") + formula.substituted_text(dim)
        for dim in dims
    )
    return f"{text}: {formula.general_text()}, here {sizes}"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _finding_text(f: Finding, wrong: int) -> str:
    how = _MATCH[f.match].format(n=len(f.explains), m=wrong, a=f.agrees, c=f.compared)
    return f"  {f.mistake}: {f.description} ({how})"


@writer("CheckReport", "text")
def report_text(r: CheckReport) -> str:
    """The report as plain text: the claimed output, its verdict and causes, the size, the
    steps, the result."""
    d = r.derivation
    op = "C^T x" if d.spec.transposed else "C x"
    out = [f"Check against y = {op}: {d.spec.describe()}"]
    if r.claimed is not None:
        out += ["", *_claim_lines(r), "", *_verdict_lines(r), *_cause_lines(r)]
    if r.size is not None:
        out += ["", *_size_lines(r.size)]
    if r.steps is not None:
        out += ["", *_steps_lines(r.steps)]
    out += ["", "Result: " + ("correct" if r.correct else "wrong")]
    return "\n".join(out)


def _claim_lines(r: CheckReport) -> list[str]:
    """The claimed entry, or the claimed output (wrong entries marked) and the correct one."""
    d = r.derivation
    assert r.claimed is not None
    if r.entry is not None:
        return [f"Claimed entry {d.output_name(r.entry)} = {format_value(r.claimed[r.entry])}"]
    wrong_at = {e.index for e in r.wrong_entries}
    return [
        f"Claimed output ({_dims(r.claimed.shape)})"
        + ("; wrong entries marked *" if wrong_at else ""),
        _marked_grid(r.claimed, wrong_at),
        f"Correct output ({_dims(d.output_shape)})",
        _marked_grid(r.expected, set()),
    ]


def _verdict_lines(r: CheckReport) -> list[str]:
    """WRONG SHAPE, WRONG (with the wrong entries explained) or CORRECT; the tolerance."""
    if not r.shape_ok:
        out = [f"WRONG SHAPE: {shape_explanation(r)}"]
    elif r.wrong_entries:
        out = _wrong_lines(r)
    else:
        agree = (
            "the claimed entry agrees"
            if r.checked == 1
            else f"all {r.checked} claimed entries agree"
        )
        out = [f"CORRECT: {agree}" + (f" ({r.unknown} marked ? not checked)" if r.unknown else "")]
    if r.floats:
        out.append(
            f"  (floats compared to a tolerance of {r.tolerance:g} relative to max(1, |expected|))"
        )
    return out


def _wrong_lines(r: CheckReport) -> list[str]:
    """How many entries are wrong, and the first :data:`MAX_LISTED` of them explained."""
    n = len(r.wrong_entries)
    out = [f"WRONG: {n} of {_count(r.checked, 'claimed entry', 'claimed entries')}"]
    for e in r.wrong_entries[:MAX_LISTED]:
        out.extend(_entry_lines(e))
    if n > MAX_LISTED:
        out.append(f"  ... and {n - MAX_LISTED} more (all of them with --format json)")
    return out


def _cause_lines(r: CheckReport) -> list[str]:
    """The likely causes of a wrong output, or that no listed mistake explains it."""
    if r.findings:
        head = "Likely cause" + ("s" if len(r.likely_causes) > 1 else "")
        wrong = len(r.wrong_entries)
        causes = [_finding_text(f, wrong) for f in r.findings if f.mistake in r.likely_causes]
        return ["", head, *causes]
    if r.wrong_entries or not r.shape_ok:
        return ["", "No listed mistake explains the claim."]
    return []


def _size_lines(s: SizeCheck) -> list[str]:
    """The claimed size's verdict, the formula evaluated, the mistakes giving that size."""
    verdict = "CORRECT" if s.correct else "WRONG"
    out = [
        f"Output size: claimed {_dims(s.claimed)}, expected {_dims(s.expected)}: {verdict}",
        f"  {s.general}",
        *(f"  {line}" for line in dict.fromkeys(s.evaluated)),
    ]
    if s.causes:
        out.append("  the claimed size is what these mistakes give:")
        out.extend(f"    {m.name}: {m.description}" for m in s.mistakes)
    return out


def _steps_lines(st: StepsCheck) -> list[str]:
    """The first wrong step, every wrong field (up to :data:`MAX_LISTED` steps), the
    elements no step placed."""
    first = st.first_wrong
    verdict = (
        "all correct" if first is None else f"first wrong: step {first.number} ({first.element})"
    )
    out = [f"Steps: {st.checked} checked; {verdict}"]
    for step in st.wrong[:MAX_LISTED]:
        for issue in step.issues:
            line = (
                f"  step {step.number} ({step.element}) {issue.field}: "
                f"claimed {issue.claimed}, expected {issue.expected}"
            )
            if issue.causes:
                line += f"  [{', '.join(issue.causes)}]"
            out.append(line)
    if st.missing:
        out.append(f"  not placed by any step: {', '.join(st.missing)}")
    return out
