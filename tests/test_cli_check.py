"""symtconv check on the command line: output, exit codes, bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from symtconv.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parent.parent
SEED_LATEX = (
    r"$$ \text{Output} = \begin{bmatrix} 1 & 2 & 0 \\ 3 & 3 & -2 \\ 0 & -3 & -4 "
    r"\end{bmatrix} $$"
)


def run(capsys, *argv):
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_registered():
    assert "check" in COMMANDS


def test_the_seed_answer_is_accepted(capsys):
    code, out, err = run(capsys, "--claimed", SEED_LATEX)
    assert code == 0 and err == ""
    assert "CORRECT: all 9 claimed entries agree" in out


def test_the_centre_wrong_exits_1_and_marks_the_entry(capsys):
    code, out, _ = run(capsys, "--claimed", "1 2 0; 3 -1 -2; 0 -3 -4")
    assert code == 1
    assert "[ 3   -1*  -2  ]" in out
    assert "y_{1,1} = x_{0,0}*w_{1,1} + x_{1,1}*w_{0,0} = 1*(-1) + 4*1 = 3" in out
    assert "overlap_not_summed" in out


def test_json(capsys):
    code, out, _ = run(capsys, "--claimed", "1 2 0; 3 -1 -2; 0 -3 -4", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["correct"] is False
    assert data["likely_causes"] == ["overlap_not_summed"]
    assert data["wrong_entries"][0]["index"] == [1, 1]


def test_one_entry_and_a_negative_value(capsys):
    assert run(capsys, "--entry", "1,1", "--claimed", "-1")[0] == 1
    assert run(capsys, "--entry", "1,1", "--claimed=3")[0] == 0


def test_size(capsys):
    code, out, _ = run(
        capsys,
        "--claimed-size",
        "8",
        "--input-shape",
        "3x3",
        "--kernel-shape",
        "3x3",
        "--stride",
        "2",
        "--padding",
        "1",
        "--output-padding",
        "1",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert code == 1 and data["expected_size"] == [6, 6] and data["claimed_size"] == [8, 8]
    assert data["likely_causes"] == ["padding_not_cropped"]


def test_steps_from_a_file_and_from_stdin(capsys, tmp_path, monkeypatch):
    steps = [{"input": [1, 1], "value": 3, "block": [[4, 0], [0, -4]], "at": [1, 1]}]
    path = tmp_path / "steps.json"
    path.write_text(json.dumps(steps), encoding="utf-8")
    code, out, _ = run(capsys, "--claimed-steps", str(path))
    assert code == 1 and "first wrong: step 1 (x_{1,1})" in out
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps([{"input": [0, 0]}])))
    assert run(capsys, "--claimed-steps", "-")[0] == 0


def test_latex_to_a_file(capsys, tmp_path):
    path = tmp_path / "note.tex"
    code, out, _ = run(
        capsys, "--claimed", "1 2 0; 3 -1 -2; 0 -3 -4", "--format", "latex", "-o", str(path)
    )
    assert code == 1 and out == ""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\\documentclass") and "\\boxed{-1}" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "give at least one thing to check"),
        (["--claimed", "1 2; 3"], "ragged"),
        (["--claimed", "1 2 0; 3 q -2; 0 -3 -4"], "unknown symbol(s) q"),
        (["--claimed", "1 2 0; 3 3 -2; 0 -3 -4 )"], "expected"),
        (["--entry", "1,1"], "without --claimed"),
        (["--entry", "9,9", "--claimed", "1"], "within the output shape"),
        (["--claimed-size", "3,x"], "--claimed-size"),
        (["--claimed-steps", "/nonexistent/steps.json"], "cannot read"),
        (["--claimed", "1", "--stride", "0"], "stride"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_an_option_argparse_refuses_exits_2(capsys):
    code = main(["check", "--claimed", "1", "--tolerance", "abc"])
    err = capsys.readouterr().err
    assert code == 2 and "must be a number" in err and err.count("\n") == 1


def test_steps_that_are_not_json(capsys, tmp_path):
    path = tmp_path / "steps.json"
    path.write_text("[{'input': [0, 0]}]", encoding="utf-8")
    code, _, err = run(capsys, "--claimed-steps", str(path))
    assert code == 2 and "is not JSON" in err and err.count("\n") == 1
