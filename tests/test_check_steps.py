"""Claimed placements checked one by one: the first wrong step and its likely cause."""

from __future__ import annotations

import numpy as np

from symtconv import check

SEED_STEPS = [
    {"input": [0, 0], "value": 1, "block": [[1, 0], [0, -1]], "at": [0, 0]},
    {"input": [0, 1], "value": 2, "block": [[2, 0], [0, -2]], "at": [0, 1]},
    {"input": [1, 0], "value": 3, "block": [[3, 0], [0, -3]], "at": [1, 0]},
    {
        "input": [1, 1],
        "value": 4,
        "block": [[4, 0], [0, -4]],
        "at": [1, 1],
        "sum": "1 2 0; 3 3 -2; 0 -3 -4",
    },
]


def test_correct_steps_pass():
    r = check(claimed_steps=SEED_STEPS)
    assert r.correct and r.steps.checked == 4 and r.steps.missing == ()


def test_the_seed_step_four_naming_the_element_3_is_the_first_wrong_step():
    steps = [dict(s) for s in SEED_STEPS]
    steps[3]["value"] = 3  # the tutorial's slip: the fourth element is 4
    r = check(claimed_steps=steps)
    first = r.steps.first_wrong
    assert first.number == 4 and first.element == "x_{1,1}"
    assert [(i.field, i.claimed, i.expected) for i in first.issues] == [("value", 3, 4)]


def test_a_running_sum_that_overwrote_is_blamed_on_overlap_not_summed():
    steps = [dict(s) for s in SEED_STEPS]
    steps[3]["sum"] = "1 2 0; 3 4 0; 0 0 -4"
    r = check(claimed_steps=steps)
    (issue,) = r.steps.first_wrong.issues
    assert issue.field == "sum" and issue.causes == ("overlap_not_summed",)


def test_wrong_offsets_and_blocks_with_stride_and_padding():
    x, w = [[1, 2], [3, 4]], [[1, 2, 0], [0, -1, 3], [2, 0, 1]]
    good = {"input": [0, 1], "at": [-1, 1], "block": (2 * np.array(w)).tolist()}
    assert check(claimed_steps=[good], input=x, kernel=w, stride=2, padding=1).correct
    r = check(
        claimed_steps=[{"input": [0, 1], "at": [0, 2]}], input=x, kernel=w, stride=2, padding=1
    )
    (issue,) = r.steps.first_wrong.issues
    assert (issue.field, issue.expected) == ("at", [-1, 1])
    assert "padding_not_cropped" in issue.causes
    flipped = (2 * np.array(w)[::-1, ::-1]).tolist()
    r = check(
        claimed_steps=[{"input": [0, 1], "block": flipped}], input=x, kernel=w, stride=2, padding=1
    )
    assert r.steps.first_wrong.issues[0].causes == ("kernel_flipped",)


def test_steps_in_order_without_input_and_a_repeated_element():
    r = check(claimed_steps=["1 0; 0 -1", {"input": [0, 0]}])
    assert r.steps.first_wrong.number == 2
    assert r.steps.first_wrong.issues[0].field == "input"
    assert r.steps.missing == ("x_{0,1}", "x_{1,0}", "x_{1,1}")
