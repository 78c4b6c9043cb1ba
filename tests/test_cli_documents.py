"""``symtconv derive`` formats, languages and files; the format registry."""

from __future__ import annotations

import json
import os

import pytest
import sympy

from symtconv import derive
from symtconv.cli import main
from symtconv.errors import SpecError, SymtconvError
from symtconv.render.formats import FORMATS, render


def test_registry_lists_the_formats():
    assert sorted(FORMATS) == ["html", "json", "latex", "markdown", "text"]


@pytest.mark.parametrize(
    ("fmt", "options", "message"),
    [
        ("pdf", {}, "format: got 'pdf'; valid formats: html, json, latex, markdown, text"),
        (
            "text",
            {"lang": "zh"},
            "lang: got 'zh'; the text format is English only "
            "(languages apply to latex, markdown and html)",
        ),
        (
            "markdown",
            {"standalone": True},
            "standalone: applies to the latex format only, not markdown",
        ),
        (
            "latex",
            {"colour": 1},
            "options: got 'colour'; valid options: edgeitems, lang, "
            "max_entries, picture_base, pictures, standalone, threshold",
        ),
    ],
)
def test_render_errors(fmt, options, message):
    with pytest.raises(SpecError) as info:
        render(derive(), fmt, **options)
    assert str(info.value) == message
    with pytest.raises(SymtconvError):
        render(derive(), fmt, **options)


def test_latex_fragment_and_standalone(capsys):
    assert main(["derive", "--format", "latex"]) == 0
    fragment = capsys.readouterr().out
    assert fragment.startswith("% symtconv derivation: a fragment for \\input.")
    assert "\\documentclass" not in fragment and "CJK" not in fragment
    assert main(["derive", "--format", "latex", "--standalone", "--lang", "zh"]) == 0
    doc = capsys.readouterr().out
    assert doc.startswith("\\documentclass[11pt]{article}")
    assert "\\usepackage{CJKutf8}" in doc and "\\begin{CJK}{UTF8}{gbsn}" in doc
    assert doc.rstrip().endswith("\\end{CJK}\n\\end{document}")
    assert main(["derive", "--format", "latex", "--standalone"]) == 0
    assert "CJK" not in capsys.readouterr().out


def test_markdown_to_a_file_writes_svgs_next_to_it(tmp_path, capsys):
    out = tmp_path / "docs" / "seed.zh.md"
    out.parent.mkdir()
    assert main(["derive", "--format", "markdown", "--lang", "zh", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    pictures = ["counts", "scatter", "sparsity", "windows"]
    assert sorted(os.listdir(out.parent)) == [f"seed.zh-{p}.svg" for p in pictures] + ["seed.zh.md"]
    text = out.read_text(encoding="utf-8")
    assert all(f"](seed.zh-{p}.svg)" in text for p in pictures)
    assert text.startswith("# 转置卷积")


def test_markdown_to_stdout_has_no_picture_links(capsys):
    assert main(["derive", "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    assert ".svg" not in text and "$$" in text


def test_no_pictures_option(capsys):
    assert main(["derive", "--format", "latex", "--no-pictures"]) == 0
    assert "tikzpicture" not in capsys.readouterr().out


def test_text_and_json_still_work(tmp_path, capsys):
    assert main(["derive"]) == 0
    assert capsys.readouterr().out == str(derive()) + "\n"
    target = tmp_path / "d.json"
    assert main(["derive", "--format", "json", "-o", str(target)]) == 0
    assert json.loads(target.read_text())["output"] == [[1, 2, 0], [3, 3, -2], [0, -3, -4]]


def test_threshold_elides_text_too(capsys):
    assert main(["derive", "--threshold", "2", "--edgeitems", "1"]) == 0
    assert "..." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "text", "--lang", "zh"], "lang: got 'zh'; the text format is English only"),
        (["--format", "markdown", "--standalone"], "standalone: applies to the latex format only"),
        (
            ["--format", "latex", "--threshold", "3"],
            "threshold: got 3; must be at least 2 * edgeitems",
        ),
        (["--format", "latex", "-o", "/nonexistent/dir/x.tex"], "--output: cannot write"),
    ],
)
def test_bad_input_one_line_exit_2(args, message, capsys):
    assert main(["derive", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_bad_lang_choice_exit_2(capsys):
    assert main(["derive", "--lang", "fr"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid choice: 'fr'" in err


def test_derivation_latex_hooks():
    d = derive()
    text = sympy.latex(d)
    # one part per line: an aligned display never wraps, and side by side they ran off a cell
    assert text.startswith(
        "\\begin{gathered}\n" r"C^{\mathsf T} = \begin{bmatrix} 1 & {\color{gray}0}"
    )
    output = r"\begin{bmatrix} 1 & 2 & 0 \\ 3 & 3 & -2 \\ 0 & -3 & -4 \end{bmatrix}"
    assert text.endswith(r" \\" "\n" r"y = C^{\mathsf T} x = " + output + "\n\\end{gathered}")
    big = sympy.latex(derive(input_shape=(12, 12), kernel_shape=(3, 3)))
    assert r"y = C^{\mathsf T} x = \begin{bmatrix} y_{0,0} & y_{0,1}" in big  # by name
    # and one entry written out, the shown one with the most terms that fits a line
    assert big.endswith(
        r"y_{1,2} = x_{0,0} w_{1,2} + x_{0,1} w_{1,1} + x_{0,2} w_{1,0} + x_{1,0} w_{0,2} "
        r"+ x_{1,1} w_{0,1} + x_{1,2} w_{0,0}"
        "\n\\end{gathered}"
    )
    assert d._repr_latex_() == f"$\\displaystyle {text}$"
    assert d.to_latex(lang="zh").startswith("% symtconv derivation")
    assert d.to_markdown().startswith("# Transposed convolution as $y = C^{\\mathsf T} x$")
    fwd = sympy.latex(derive(forward=True))
    assert fwd.startswith("\\begin{gathered}\nC = ") and "y = C x = " in fwd
