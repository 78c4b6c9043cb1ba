"""Hostile input, class 1: injection through symbol names and other text.

Nothing from the input is executed, and nothing reaches a document raw: names are
refused where they enter (the parser, :func:`symtconv.core.operands.to_sympy_array`),
and the writers escape what they print (:mod:`symtconv.render.escape`).  Documents made
from names that slipped past the entry (built here by hand) compile with
``pdflatex -no-shell-escape`` without reading or writing a file, and their Markdown
holds no raw HTML.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import sympy
from hostile import api_refused, assert_refused, run

import symtconv
from symtconv import ParseError, SpecError
from symtconv.core.names import canonical_name, is_safe_name
from symtconv.core.parse import parse_tensor
from symtconv.render.escape import (
    html_text,
    latex_text,
    markdown_code,
    markdown_text,
    math_name,
)

MARKER = "SECRET-3f1c9a-CONTENT"

#: Hostile names and texts: TeX that reads, writes or runs; HTML; shell; Python; Unicode.
HOSTILE = (
    r"x_{\input{secret.txt}}",
    r"x_{\immediate\openout9=pwned.txt\relax}",
    r"x_{\immediate\write18{touch pwned}}",
    r"x_{\catcode`\^=7}",
    "x_{^^5cinput{secret.txt}}",
    r"\input{secret.txt}",
    r"\include{secret}",
    r"x_{\def\a{b}\a}",
    r"x_{\csname input\endcsname{secret.txt}}",
    "x_{<img src=x onerror=alert(1)>}",
    "x_{<script>alert(1)</script>}",
    "<img src=x onerror=alert(1)>",
    "x_{</span><b>}",
    "x_{&amp;}",
    "x_{`touch pwned`}",
    "x_{$(touch pwned)}",
    "$(touch pwned)",
    "`touch pwned`",
    "__import__('os').system('touch pwned')",
    "lambda: open('pwned', 'w')",
    "exec('open(1)')",
    "x_{0}\n\\input{secret.txt}",
    "x_{a}_{b}",
    "x_{0,1}}{",
    "x_{\u200b}",
    "\uff58_{\uff10}",
    "x_{\x00}",
    "x_{%}",
    "x_{#1}",
    "x_{~}",
    "x_{\u202e}",
)


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize(
    ("argv", "where"),
    [
        (["derive", "--input", "[[{},1],[1,1]]", "--kernel", "[[1]]", "--format", "latex",
          "--standalone"], "--input"),
        (["derive", "--input", "[[1,2],[3,4]]", "--kernel", "[[{}]]", "--format", "markdown"],
         "--kernel"),
        (["derive", "--bias", "{}"], "--bias"),
        (["check", "--entry", "1,1", "--claimed", "{}"], "claimed"),
        (["check", "--claimed", "[[{},2,0],[3,3,-2],[0,-3,-4]]", "--format", "latex"], "claimed"),
        (["verify", "--input", "{}", "--kernel", "[[1]]"], "--input"),
        (["prove", "{} == 0"], "claim"),
    ],
    ids=["derive-input", "derive-kernel", "derive-bias", "check-entry", "check-whole",
         "verify-input", "prove"],
)  # fmt: skip
def test_hostile_text_is_refused_where_it_enters(argv: list[str], where: str, name: str) -> None:
    outcome = run([a.replace("{}", name) if "{}" in a else a for a in argv])
    assert_refused(outcome, where)


@pytest.mark.parametrize("name", HOSTILE)
def test_the_api_refuses_hostile_symbol_names(name: str) -> None:
    x = [[sympy.Symbol(name), 1], [1, 1]]
    api_refused(lambda: symtconv.derive(x, [[1]]), SpecError, "input entry [0, 0]")
    api_refused(lambda: symtconv.verify(x, [[1]]), SpecError, "input entry [0, 0]")
    api_refused(
        lambda: symtconv.check(sympy.Symbol(name), entry=(0, 0)), ParseError, "unknown symbol"
    )


@pytest.mark.parametrize("name", [n for n in HOSTILE if "\x00" not in n])  # SymPy refuses NUL
def test_hostile_function_names_through_the_api(name: str) -> None:
    assert not is_safe_name(name)
    call = sympy.Function(name)(sympy.Symbol("a"))
    api_refused(lambda: symtconv.derive([[call]], [[1]]), SpecError, "not accepted")


@pytest.mark.parametrize(
    "name", ["x", "a1", "x_0", "x_{0,1}", "w_{ci,co,a,b}", "b_{c}", "x_{0, 1}", "alpha"]
)
def test_safe_names_are_accepted(name: str) -> None:
    through_api = symtconv.derive([[sympy.Symbol(name)]], [[1]])
    assert through_api.output[0, 0] == sympy.Symbol(name)
    parsed = parse_tensor(f"[[{name}, 1]]")
    assert str(symtconv.derive(parsed, [[1]]).output[0, 0]) == canonical_name(name)


# ----- the escaping layer ---------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_latex_text_has_no_control_sequence_or_group(text: str) -> None:
    out = latex_text(text)
    assert "\n" not in out
    # every backslash starts one of the escapes, every brace is escaped or an escape's own
    stripped = re.sub(r"\\(textbackslash|[{}$&#%_]|\^|~)(\{\})?", "", out)
    assert "\\" not in stripped and "{" not in stripped and "}" not in stripped


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_and_html_text_hold_no_tag(text: str) -> None:
    for out in (markdown_text(text), html_text(text)):
        assert "<" not in out and ">" not in out
    code = markdown_code(text)
    fence = re.match(r"`+", code).group()  # type: ignore[union-attr]
    assert code.endswith(fence) and fence not in code[len(fence) : -len(fence)]


@pytest.mark.parametrize("text", HOSTILE)
def test_math_names_are_inert(text: str) -> None:
    out = math_name(text)
    assert re.fullmatch(r"\\texttt\{[A-Za-z0-9?]*\}", out), out


# ----- documents from names that slipped past the entry ---------------------------------------

DOC_NAMES = (
    r"x_{\input{secret.txt}}",
    r"x_{\immediate\openout9=pwned.txt\relax}",
    r"x_{\immediate\write18{touch pwned}}",
    "x_{^^5cinput{secret.txt}}",
    "x_{<img src=x onerror=alert(1)>}",
)


def _smuggled(monkeypatch: pytest.MonkeyPatch) -> symtconv.Derivation:
    """A derivation whose input holds hostile symbols (derived with the entry check switched
    off, as if a name had slipped past it; the writers must still print nothing raw)."""
    from symtconv.core import operands

    names = (*DOC_NAMES, "x_{0,0}")
    x = np.array([sympy.Symbol(n) for n in names], dtype=object).reshape(2, 3)
    with monkeypatch.context() as patched:
        patched.setattr(operands, "check_name", lambda name, what: name)
        return symtconv.derive(x, [[1, 0], [0, -1]])


def test_a_smuggled_name_reaches_no_document_raw(monkeypatch: pytest.MonkeyPatch) -> None:
    d = _smuggled(monkeypatch)
    tex = d.to_latex(standalone=True)
    md = d.to_markdown()
    for name in DOC_NAMES:
        assert name not in tex and name not in md
    for raw in (r"\input{secret", r"\openout", r"\write18", "^^5c"):
        assert raw not in tex and raw not in md
    assert "<img" not in md and "<script" not in md
    page = d.to_html()  # TeX is inert in HTML; markup from a name must be escaped
    assert "<img" not in page and page.count("<script") == 1, page.count("<script")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # shown as text


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_a_document_of_smuggled_names_compiles_without_reading_or_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "secret.txt").write_text(MARKER + "\n", encoding="utf-8")
    (tmp_path / "doc.tex").write_text(
        _smuggled(monkeypatch).to_latex(standalone=True), encoding="utf-8"
    )
    before = set(p.name for p in tmp_path.iterdir())
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
        errors="replace",
    )
    assert done.returncode == 0, done.stdout[-2000:]
    created = set(p.name for p in tmp_path.iterdir()) - before
    assert created <= {"doc.pdf", "doc.log", "doc.aux"}, created
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert "secret.txt" not in log and "pwned" not in log
    text = subprocess.run(
        ["pdftotext", "doc.pdf", "-"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    ).stdout
    assert MARKER not in text
    assert "x_{0,0}" in _smuggled(monkeypatch).to_latex() and "Transposed convolution" in text


def test_a_method_error_with_tex_is_escaped_in_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text from outside the writers (here an error message) is escaped: TeX in LaTeX, and
    in Markdown it stays inside a code span, where HTML is shown, not run."""
    from symtconv.engine import verification

    def broken(*args: object) -> np.ndarray:
        raise ValueError(r"\input{secret.txt} <img src=x onerror=alert(1)> `x`")

    monkeypatch.setitem(verification.METHODS, "scatter", (True, False, broken))
    d = symtconv.derive()
    tex, md = d.to_latex(standalone=True), d.to_markdown()
    assert r"\input{secret" not in tex and r"\textbackslash{}input\{secret.txt\}" in tex
    assert "<img" in md  # the message is shown ...
    outside_code = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", md)
    assert "<img" not in outside_code  # ... inside a code span only
