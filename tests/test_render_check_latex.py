"""Check reports in LaTeX: exact fragments, and notes (English, Chinese) that compile."""

from __future__ import annotations

import re
import shutil
import subprocess
from fractions import Fraction

import numpy as np
import pytest

from symtconv import check
from symtconv.core.operands import read_operands
from symtconv.handcheck.mistakes import mistake_output


def test_latex_fragment_of_the_seed_is_exact():
    assert check("1 2 0; 3 -1 -2; 0 -3 -4")._latex() == (
        "\\underbrace{\\begin{bmatrix} 1 & 2 & 0 \\\\ 3 & \\boxed{-1} & -2 \\\\ 0 & -3 & -4 "
        "\\end{bmatrix}}_{\\text{claimed}} \\neq \\underbrace{\\begin{bmatrix} 1 & 2 & 0 \\\\ "
        "3 & 3 & -2 \\\\ 0 & -3 & -4 \\end{bmatrix}}_{C^{\\mathsf T} x} \\qquad "
        "\\text{likely: overlapping placements were not added up}"
    )


def test_words_in_math_keep_underscores_out_of_text():
    # MathJax 2 prints \_ inside \text{} with its backslash: underscores go between pieces
    from symtconv.render.escape import math_text

    assert math_text("output_padding was ignored, p_lo") == (
        "\\text{output}\\_\\text{padding was ignored, p}\\_\\text{lo}"
    )
    report = check(
        input=[[1, 2], [3, 4]],
        kernel=[[1, 0], [0, -1]],
        stride=2,
        output_padding=1,
        claimed=[[1, 0, 2, 0], [0, -1, 0, -2], [3, 0, 4, 0], [0, -3, 0, -4]],
    )
    assert report.likely_causes == ("output_padding_missing",)
    assert report._latex().endswith("\\text{likely: output}\\_\\text{padding was ignored}")
    texts = re.findall(r"\\text\{([^}]*)\}", report._latex())
    assert texts and not any("\\_" in t or "_" in t for t in texts), texts


def test_latex_fragment_of_a_correct_size():
    assert check(claimed_size=3)._latex() == "\\text{size } 3 \\times 3 = 3 \\times 3"


def test_latex_note_names_the_wrong_entry_and_the_cause():
    note = check("1 2 0; 3 -1 -2; 0 -3 -4").to_latex()
    assert "$y_{1,1}$: you wrote $-1$; the correct value is $y_{1,1} = x_{0,0}\\,w_{1,1} + " in note
    assert "= 1 \\cdot (-1) + 4 \\cdot 1 = 3$" in note
    assert "\\texttt{overlap\\_not\\_summed}" in note


def _big_claim():
    rng = np.random.default_rng(3)
    x = rng.integers(-4, 5, (12, 12)).tolist()
    w = [[1, 2, 0], [0, -1, 3], [2, 0, 1]]
    spec, xs, ws, b = read_operands(x, w, stride=2, padding=1, output_padding=1)
    claim = mistake_output("kernel_flipped", spec, xs, ws, b)[0].tolist()
    return check(claim, x, w, stride=2, padding=1, output_padding=1)


REPORTS = {
    "seed wrong": lambda: check("1 2 0; 3 -1 -2; 0 -3 -4"),
    "seed right": lambda: check("1 2 0; 3 3 -2; 0 -3 -4"),
    "one entry": lambda: check("x_{0,0}*w_{1,1}", entry="1,1"),
    "symbolic": lambda: check(
        "x_{0,0}*w_{1,1} + x_{1,1}*w_{0,0}", entry="1,1", input_shape=(2, 2), kernel_shape=(2, 2)
    ),
    "stacked 4x3": lambda: check("[[1,2,0],[0,-1,-2],[3,4,0],[0,-3,-4]]"),
    "size and steps": lambda: check(claimed_size=4, claimed_steps=[{"input": [1, 1], "value": 3}]),
    "floats and fractions": lambda: check(
        "1/2 1 0; 3/2 1.5 -2/3; 0 -1 -4/3",
        [[1, 2], [3, 4]],
        [[Fraction(1, 2), 0], [0, Fraction(-1, 3)]],
    ),
    "channels and bias": lambda: check(
        "[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]",
        [[[1]], [[2]]],
        [[[[1, 0]], [[0, 1]]], [[[1, 1]], [[2, 0]]]],
        bias=[1, -1],
        padding=(0, 0),
    ),
    "24x24 elided": _big_claim,
}


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
@pytest.mark.parametrize("name", REPORTS)
def test_the_correction_note_compiles(name, tmp_path):
    (tmp_path / "note.tex").write_text(REPORTS[name]().to_latex(), encoding="utf-8")
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "note.tex"],
        cwd=tmp_path,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "note.pdf").stat().st_size > 1000


def test_every_mistake_has_a_chinese_description():
    from symtconv.handcheck.mistakes import MISTAKES

    for mistake in MISTAKES.values():
        assert re.search("[\u4e00-\u9fff]", mistake.description_zh), mistake.name


def test_chinese_note_names_the_wrong_entry():
    note = check("1 2 0; 3 -1 -2; 0 -3 -4").to_latex("zh")
    assert "\\begin{CJK}{UTF8}{gbsn}" in note
    assert "$y_{1,1}$：你写的是 $-1$；正确的值是 $y_{1,1} = x_{0,0}\\,w_{1,1} + " in note
    assert "你的值只是 $x_{0,0}\\,w_{1,1}$：没有加上 $x_{1,1}\\,w_{0,0} = 4$。" in note


def test_unknown_language():
    from symtconv.errors import SpecError

    with pytest.raises(SpecError, match="lang: got 'fr'; valid are en, zh"):
        check("1 2 0; 3 3 -2; 0 -3 -4").to_latex("fr")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
@pytest.mark.parametrize(
    "name", ["seed wrong", "stacked 4x3", "size and steps", "channels and bias"]
)
def test_the_chinese_correction_note_compiles(name, tmp_path):
    (tmp_path / "note.tex").write_text(REPORTS[name]().to_latex("zh"), encoding="utf-8")
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "note.tex"],
        cwd=tmp_path,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "note.pdf").stat().st_size > 1000


@pytest.mark.parametrize(
    "kwargs",
    [
        {"input_size": 3, "kernel_size": 2},
        {"input_size": (2, 3), "kernel_size": (2, 1), "stride": (1, 2), "dilation": 2},
        {"input_size": (4, 4), "kernel_size": 3, "padding": ((0, 1), (2, 1)), "bias": True},
        {"input_size": 5, "kernel_size": 3, "transposed": False, "padding": 1},
        {"input_size": (3, 3), "kernel_size": 2, "in_channels": 4, "out_channels": 2, "groups": 2},
        {"input_size": (3, 3), "kernel_size": 2, "batch": 2, "output_padding": 1, "stride": 2},
    ],
)
def test_the_english_words_describe_a_spec_as_the_spec_does(kwargs):
    from symtconv.core.spec import ConvSpec
    from symtconv.render.check_latex import describe
    from symtconv.render.check_phrases import phrases
    from symtconv.render.latex import escape

    spec = ConvSpec.create(**kwargs)
    assert describe(spec, phrases("en")) == escape(spec.describe())
