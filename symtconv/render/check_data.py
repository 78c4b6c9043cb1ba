"""Plain data of a :class:`~symtconv.handcheck.report.CheckReport` (the JSON output) and of
each of its parts, registered as their ``data`` writers.

The report's :meth:`~symtconv.results.Result.as_dict` and each part's ``as_dict``
(a :class:`~symtconv.handcheck.report.WrongEntry`, a
:class:`~symtconv.handcheck.report.StepsCheck`, ...) come from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..core.operands import json_value
from ..results import writer
from .check_text import shape_explanation

if TYPE_CHECKING:
    from ..handcheck.report import (
        CheckReport,
        Contribution,
        Finding,
        SizeCheck,
        StepIssue,
        StepResult,
        StepsCheck,
        WrongEntry,
    )

__all__ = [
    "contribution_dict",
    "finding_dict",
    "report_dict",
    "size_dict",
    "step_issue_dict",
    "step_result_dict",
    "steps_dict",
    "wrong_entry_dict",
]


def _plain(arr: np.ndarray) -> Any:
    return np.vectorize(json_value, otypes=[object])(arr).tolist() if arr.size else []


@writer("CheckReport", "data")
def report_dict(r: CheckReport) -> dict[str, Any]:
    """The report as plain data (the JSON output)."""
    d = r.derivation
    shape_mismatch = None
    if r.claimed is not None and not r.shape_ok:
        shape_mismatch = {
            "claimed_shape": list(r.claimed.shape),
            "expected_shape": list(d.output_shape),
            "explanation": shape_explanation(r),
        }
    return {
        "correct": r.correct,
        "kind": "transposed" if d.spec.transposed else "forward",
        "spec": d.spec.as_dict(),
        "expected_shape": list(d.output_shape),
        "expected": _plain(r.expected),
        "claimed_shape": None if r.claimed is None else list(r.claimed.shape),
        "claimed": None if r.claimed is None else _plain(r.claimed),
        "entry": None if r.entry is None else list(r.entry),
        "checked_entries": r.checked,
        "unknown_entries": r.unknown,
        "shape_mismatch": shape_mismatch,
        "wrong_entries": [wrong_entry_dict(e) for e in r.wrong_entries],
        "expected_size": list(d.spec.output_size),
        "claimed_size": None if r.size is None else list(r.size.claimed),
        "size": None if r.size is None else size_dict(r.size),
        "steps": None if r.steps is None else steps_dict(r.steps),
        "diagnosis": [finding_dict(f) for f in r.findings],
        "likely_causes": list(r.likely_causes),
        "mistakes": {m.name: m.description for m in r.causes},
        "tolerance": r.tolerance if r.floats else None,
    }


@writer("WrongEntry", "data")
def wrong_entry_dict(e: WrongEntry) -> dict[str, Any]:
    """A wrong entry: index, claimed, expected, terms (nonzero), zero_terms, ..."""
    return {
        "index": list(e.index),
        "name": e.name,
        "claimed": json_value(e.claimed),
        "claimed_as_written": None if e.written is None else str(e.written),
        "expected": json_value(e.expected),
        "terms": [contribution_dict(t) for t in e.terms],
        "zero_terms": [contribution_dict(t) for t in e.zero_terms],
        "bias": json_value(e.bias),
        "kept_only": None if e.kept is None else [t.product for t in e.kept],
        "missing": list(e.missing),
        "extra": list(e.extra),
    }


@writer("Contribution", "data")
def contribution_dict(t: Contribution) -> dict[str, Any]:
    """One product reaching an entry: its names and values."""
    return {
        "product": t.product,
        "input": t.input_name,
        "weight": t.weight_name,
        "input_value": json_value(t.input_value),
        "weight_value": json_value(t.weight_value),
        "value": json_value(t.value),
    }


@writer("Finding", "data")
def finding_dict(f: Finding) -> dict[str, Any]:
    """What one mistake says about the claim."""
    return {
        "mistake": f.mistake,
        "description": f.description,
        "match": f.match,
        "agrees": f.agrees,
        "compared": f.compared,
        "explains": [list(i) for i in f.explains],
    }


@writer("SizeCheck", "data")
def size_dict(s: SizeCheck) -> dict[str, Any]:
    """The size check: verdict, sizes, the formula and its causes."""
    return {
        "correct": s.correct,
        "claimed_size": list(s.claimed),
        "expected_size": list(s.expected),
        "formula": s.general,
        "evaluated": list(s.evaluated),
        "likely_causes": list(s.causes),
    }


@writer("StepsCheck", "data")
def steps_dict(st: StepsCheck) -> dict[str, Any]:
    """The steps check: the wrong steps, the elements no step placed, the causes."""
    first = st.first_wrong
    return {
        "checked": st.checked,
        "first_wrong_step": None if first is None else first.number,
        "wrong_steps": [step_result_dict(s) for s in st.wrong],
        "missing_elements": list(st.missing),
        "likely_causes": list(st.causes),
    }


@writer("StepResult", "data")
def step_result_dict(s: StepResult) -> dict[str, Any]:
    """A wrong step and its wrong fields."""
    return {
        "step": s.number,
        "element": s.element,
        "issues": [step_issue_dict(i) for i in s.issues],
    }


@writer("StepIssue", "data")
def step_issue_dict(i: StepIssue) -> dict[str, Any]:
    """One wrong field of a step."""
    return {
        "field": i.field,
        "claimed": i.claimed,
        "expected": i.expected,
        "likely_causes": list(i.causes),
    }
