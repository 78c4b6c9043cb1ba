"""The check report: plain data, JSON, text and LaTeX of one object."""

from __future__ import annotations

import json

import sympy

from symtconv import CheckReport, check

CENTRE_WRONG = "1 2 0; 3 -1 -2; 0 -3 -4"


def test_report_as_plain_data():
    r = check(CENTRE_WRONG)
    data = json.loads(r.to_json())
    assert data == r.as_dict()
    assert data["correct"] is False
    assert data["likely_causes"] == ["overlap_not_summed"]
    (entry,) = data["wrong_entries"]
    assert {k: entry[k] for k in ("index", "claimed", "expected")} == {
        "index": [1, 1],
        "claimed": -1,
        "expected": 3,
    }
    assert [t["product"] for t in entry["terms"]] == ["x_{0,0}*w_{1,1}", "x_{1,1}*w_{0,0}"]
    assert data["expected_size"] == [3, 3]


def test_report_renders_itself():
    r = check(CENTRE_WRONG)
    assert isinstance(r, CheckReport)
    assert "y_{1,1}: claimed -1, expected 3" in str(r)
    assert "<CheckReport wrong: 1 wrong entry" in repr(r)
    assert sympy.latex(r) == r._latex()
    assert r._repr_latex_().startswith("$\\displaystyle ")
    assert "\\boxed{-1}" in sympy.latex(r)
