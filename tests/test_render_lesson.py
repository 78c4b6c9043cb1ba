"""What a reader of a document sees: full grids, Markdown that renders, overlaps marked where
the oracle counts them, and commands that paste back from the PDF and run.

The grid test reads the drawing commands back (TikZ and SVG) and counts the lines
each draws; the Markdown test renders the gallery with a CommonMark parser and looks
for emphasis markers left in the text; the overlap test counts with the naive
transposed convolution of ``tests/oracles`` (all-ones input and kernel); the command
test compiles the seed document, takes its text with ``pdftotext`` and runs every
command in it.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from oracles.naive import naive_conv_transpose

from symtconv import derive
from symtconv.cli import main
from symtconv.render.formats import render
from symtconv.render.pictures import (
    Grid,
    count_picture,
    scatter_picture,
    sparsity_picture,
    svg,
    tikz,
)

GALLERY = Path(__file__).resolve().parent.parent / "derivations"

# ----- grids: every line, both directions ---------------------------------------------------

_FOREACH = re.compile(r"\\foreach \\i in \{0,\.\.\.,(\d+)\} \{\(([^()]*)\) -- \(([^()]*)\)\}")


def _eval(coordinate: str, i: int) -> tuple[float, float]:
    """A TikZ coordinate ``{1+\\i*0.5},2`` at ``\\i = i``."""
    parts = re.findall(r"\{[^{}]*\}|[^,]+", coordinate)
    values = []
    for part in parts:
        expr = part.strip("{}").replace("\\i", str(i))
        assert re.fullmatch(r"[-+*.\d]+", expr), expr
        values.append(float(eval(expr)))  # digits and + - * . only, checked above
    return values[0], values[1]


def _tikz_segments(text: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    out = []
    for m in _FOREACH.finditer(text):
        for i in range(int(m.group(1)) + 1):
            out.append((_eval(m.group(2), i), _eval(m.group(3), i)))
    return out


def _svg_segments(text: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    out = []
    for d in re.findall(r'<path d="([^"]*)" fill="none"', text):
        for x0, y0, x1, y1 in re.findall(r"M([-\d.]+) ([-\d.]+)L([-\d.]+) ([-\d.]+)", d):
            out.append(((float(x0), float(y0)), (float(x1), float(y1))))
    return out


def _lines(segments, grid: Grid) -> tuple[set[float], set[float]]:
    """The heights of the horizontal lines spanning ``grid``'s width, and the positions of
    the vertical lines spanning its height."""
    w, h = grid.cols * grid.unit, grid.rows * grid.unit
    horizontal, vertical = set(), set()
    for (x0, y0), (x1, y1) in segments:
        inside_x = -1e-3 <= x0 - grid.x <= w + 1e-3
        inside_y = -1e-3 <= y0 - grid.y <= h + 1e-3
        if not (inside_x and inside_y):  # another grid's line
            continue
        if (
            abs(y0 - y1) < 1e-6
            and abs(min(x0, x1) - grid.x) < 1e-3
            and abs(abs(x1 - x0) - w) < 1e-3
        ):
            horizontal.add(round(y0 - grid.y, 4))
        if (
            abs(x0 - x1) < 1e-6
            and abs(min(y0, y1) - grid.y) < 1e-3
            and abs(abs(y1 - y0) - h) < 1e-3
        ):
            vertical.add(round(x0 - grid.x, 4))
    return horizontal, vertical


PICTURES = {
    "sparsity": lambda: sparsity_picture(derive()),
    "scatter": lambda: scatter_picture(derive(input_shape=(3, 3), kernel_shape=(3, 3), stride=2)),
    "counts": lambda: count_picture(np.array([[1, 2, 1], [2, 4, 2]])),
}


@pytest.mark.parametrize("name", sorted(PICTURES))
@pytest.mark.parametrize("back_end", ["tikz", "svg"])
def test_every_grid_has_all_its_horizontal_and_vertical_lines(name, back_end):
    pic = PICTURES[name]()
    grids = [s for s in pic.shapes if isinstance(s, Grid)]
    assert grids
    text = tikz(pic) if back_end == "tikz" else svg(pic)
    segments = _tikz_segments(text) if back_end == "tikz" else _svg_segments(text)
    for g in grids:
        horizontal, vertical = _lines(segments, g)
        assert _close(horizontal, [r * g.unit for r in range(g.rows + 1)])
        assert _close(vertical, [c * g.unit for c in range(g.cols + 1)])


def _close(found: set[float], want: list[float]) -> bool:
    """The same positions, up to the 3 decimals the back ends write."""
    return len(found) == len(want) and all(
        abs(a - b) < 2e-3 for a, b in zip(sorted(found), want, strict=True)
    )


def test_tikz_draws_no_grid_operation():
    """TikZ's ``grid`` draws no horizontal lines under ``y=-1cm``: it must not be used."""
    assert " grid " not in tikz(sparsity_picture(derive()))


# ----- Markdown under CommonMark --------------------------------------------------------------

_MD = MarkdownIt("commonmark").use(dollarmath_plugin, allow_space=True, double_inline=True)


def _text_tokens(tokens):
    for t in tokens:
        if t.type == "text":
            yield t.content
        if t.children:
            yield from _text_tokens(t.children)


@pytest.mark.parametrize("path", sorted(GALLERY.glob("*.md")), ids=lambda p: p.name)
def test_markdown_renders_without_literal_emphasis_markers(path):
    tokens = _MD.parse(path.read_text(encoding="utf-8"))
    leftovers = [t for t in _text_tokens(tokens) if "*" in t]
    assert leftovers == []
    html = _MD.render(path.read_text(encoding="utf-8"))
    if "Figure" in html or "图" in html:
        assert re.search(r"<em>(Figure|图) \d+</em>", html)


# ----- the overlap, marked where it is ----------------------------------------------------


OVERLAPS = {
    "seed": {},
    "stride2": dict(
        input=[[1, 2], [3, 4]], kernel_shape=(3, 3), stride=2, padding=1, output_padding=1
    ),
    "one-d": dict(input=[1, 2, 3, 4], kernel=[1, -1, 2], stride=2),
    "dilated": dict(input=[[1, 2], [3, 4]], kernel=[[1, 0], [0, -1]], dilation=2),
}


@pytest.mark.parametrize("name", sorted(OVERLAPS))
def test_boxed_entries_are_those_two_or_more_products_reach(name):
    d = derive(**OVERLAPS[name])
    s = d.spec
    ones_x = np.ones(d.x.shape, dtype=object)
    ones_w = np.ones(d.w.shape, dtype=object)
    counts = naive_conv_transpose(
        ones_x, ones_w, None, s.stride, s.padding, s.output_padding, s.dilation, s.groups
    )
    counts = counts.reshape(counts.shape[-s.rank :]) if d.compact else counts[0]
    text = render(d, "latex").text
    block = text.split("% symtconv:scatter\n", 1)[1].split("\\end{align*}", 1)[0]
    assert "= \\begin{bmatrix}" in block.rsplit("\\underbrace", 1)[1]  # the sum is shown
    last = block.rsplit("\\begin{bmatrix}", 1)[1].split("\\end{bmatrix}", 1)[0]
    cells = [[c.strip() for c in row.split("&")] for row in last.split("\\\\")]
    boxed = np.array([[c.startswith("\\boxed") for c in row] for row in cells])
    assert boxed.tolist() == (counts.reshape(boxed.shape) >= 2).tolist()


# ----- commands copied from the PDF ------------------------------------------------------------


def _commands(text: str) -> list[str]:
    """The ``symtconv ...`` commands of a PDF's text, continuation lines joined."""
    out, current = [], None
    for line in text.splitlines():
        if current is not None:
            current += " " + line.strip()
        elif re.match(r"symtconv \w+ --", line):
            current = line.strip()
        if current is not None:
            if current.endswith("\\"):
                current = current[:-1].rstrip()
            else:
                out.append(current)
                current = None
    return out


@pytest.mark.skipif(
    shutil.which("pdflatex") is None or shutil.which("pdftotext") is None,
    reason="pdflatex or pdftotext not installed",
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_commands_pasted_from_the_pdf_run(tmp_path, capsys, lang):
    tex = tmp_path / f"seed.{lang}.tex"
    tex.write_text(render(derive(), "latex", lang=lang, standalone=True).text, encoding="utf-8")
    subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", tex.name],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        check=True,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", tex.with_suffix(".pdf").name, "-"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    commands = _commands(text)
    assert any(c.startswith("symtconv derive ") for c in commands)
    assert sum(c.startswith("symtconv check ") for c in commands) == 3
    for command in commands:
        assert "\u2019" not in command and "\u2013" not in command  # no curly quote, no en dash
        argv = shlex.split(command)
        capsys.readouterr()
        assert main(argv[1:]) == 0, command
        if argv[1] == "check":
            assert "correct" in capsys.readouterr().out.lower()


def _sh_blocks(text: str) -> list[str]:
    """The ``sh`` code blocks of a Markdown document, continuation lines joined."""
    return [
        re.sub(r"\\\n\s*", "", body).strip()
        for body in re.findall(r"```sh\n(.*?)\n```", text, flags=re.S)
    ]


@pytest.mark.parametrize("path", sorted(GALLERY.glob("*.en.md")), ids=lambda p: p.name)
def test_every_exercise_answer_is_confirmed_by_its_check(path, capsys):
    checks = [c for c in _sh_blocks(path.read_text(encoding="utf-8")) if " check " in f" {c} "]
    assert checks
    for command in checks:
        capsys.readouterr()
        assert main(shlex.split(command)[1:]) == 0, command
        assert "Result: correct" in capsys.readouterr().out, command
