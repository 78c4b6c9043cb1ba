"""Rendering check reports as text: the wrong entries marked."""

from __future__ import annotations

from symtconv import check


def test_text_marks_the_wrong_entries_only():
    text = str(check("1 2 0; 3 -1 -2; 0 -3 -4"))
    claimed = text.split("Claimed output (3x3); wrong entries marked *\n")[1].split("\nCorrect")[0]
    assert claimed.splitlines() == [
        "  [ 1    2    0  ]",
        "  [ 3   -1*  -2  ]",
        "  [ 0   -3   -4  ]",
    ]
    assert text.count("*  ") == 1
