"""``symtconv overlap``: its formats, files, code, errors; the writers and the heatmap."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import sympy

from symtconv import overlap
from symtconv.cli import main
from symtconv.errors import SpecError
from symtconv.render.overlap import render_overlap
from symtconv.render.pictures import HEAT, Box, Label, count_picture, svg, tikz

EXAMPLE = ["--kernel", "[1,2,1]", "--input-shape", "4", "--stride", "2"]

TEXT = (
    (
        "Overlap: 1-D transposed convolution, input 4, kernel 3, stride 2, padding 0, dilation 1, "
        "output_padding 0\n"
    )
    + """
Products per output position (per output channel, over 1 input channel(s))
  [ 1  1  2  1  2  1  2  1  1 ]
  interior: positions 1..7; border bands (low, high): (1, 1)

Stride phases (position j is in phase r = (j + p_lo) mod s: the taps t with t*d = r mod s reach it)
  dimension 0 (k=3, s=2, d=1): phase 0: taps 0, 2 (2); phase 1: tap 1 (1): uneven
  products per position of each phase in the interior:
    [ 2  1 ]

Classification: uneven: the phases get different numbers of products (checkerboard artifacts)

Constant input: a constant interior: every phase sum is equal
  phase sums:
    [ 2  2 ]
"""
)


def test_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["overlap", *EXAMPLE]) == 0
    assert capsys.readouterr().out == TEXT


def test_json_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["overlap", *EXAMPLE, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == [1, 1, 2, 1, 2, 1, 2, 1, 1]
    assert data["phases"][0]["taps"] == [[0, 2], [1]]
    assert data["uniform"] is False and data["holes"] is False and data["kind"] == "uneven"
    assert data["constant_input"] == {
        "constant": True,
        "sums": [2, 2],
        "symbolic": False,
        "comparison": "exact",
        "equations": [],
    }


def test_json_without_a_numeric_kernel(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["overlap", "--input-shape", "3x3", "--kernel-shape", "2x2", "--stride", "2"]
    assert main([*args, "--dilation", "2", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["holes"] is True
    assert np.array(data["counts"]).shape == (7, 7)
    assert data["constant_input"]["constant"] is None
    assert data["constant_input"]["equations"][0] == "w_{0,0} + w_{0,1} + w_{1,0} + w_{1,1} = 0"


def test_counts_of_a_3d_layer_are_nested_in_its_shape(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["overlap", "--input-shape", "2x3x2", "--kernel-shape", "2x2x3", "--stride", "2,1,3"]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert np.array(data["counts"]).shape == (4, 4, 6)
    assert np.array(data["phase_table"]).shape == (2, 1, 3)


def test_markdown_file_and_its_heatmap(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "layer.md"
    assert main(["overlap", *EXAMPLE, "--format", "markdown", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Overlap and stride phases of a transposed convolution")
    assert "](layer-counts.svg)" in text
    picture = (tmp_path / "layer-counts.svg").read_text(encoding="utf-8")
    assert picture.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert main(["overlap", *EXAMPLE, "--format", "markdown", "--lang", "zh"]) == 0
    zh = capsys.readouterr().out
    assert zh.startswith("# 转置卷积的重叠与步长相位") and ".svg" not in zh


def test_latex_fragment_and_standalone(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["overlap", *EXAMPLE, "--format", "latex"]) == 0
    fragment = capsys.readouterr().out
    assert fragment.startswith("% symtconv overlap: a fragment for \\input.")
    assert "\\begin{tikzpicture}" in fragment
    assert main(["overlap", *EXAMPLE, "--format", "latex", "--no-pictures"]) == 0
    assert "tikzpicture" not in capsys.readouterr().out
    assert main(["overlap", *EXAMPLE, "--format", "latex", "--standalone", "--lang", "zh"]) == 0
    doc = capsys.readouterr().out
    assert doc.startswith("\\documentclass") and "\\begin{CJK}{UTF8}{gbsn}" in doc


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "kwargs",
    [
        {"kernel": [[1, 2, 1], [2, 4, 2], [1, 2, 1]], "input_shape": (4, 4), "stride": 2},
        {"kernel_shape": (3, 3), "input_shape": (30, 50), "stride": (2, 3), "dilation": (1, 2)},
        {"kernel_shape": (2, 1, 2, 2, 3), "input_shape": (2, 5, 2, 2), "stride": 2, "groups": 2},
    ],
)
def test_documents_compile(tmp_path: Path, lang: str, kwargs: dict[str, object]) -> None:
    tex = tmp_path / "overlap.tex"
    tex.write_text(overlap(**kwargs).to_latex(standalone=True, lang=lang), encoding="utf-8")
    proc = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", tex.name],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
    )
    log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 0, [line for line in log.splitlines() if line.startswith("!")]
    assert "Missing character" not in log


def test_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            ["overlap", "--input-shape", "4x4", "--kernel-shape", "3x3", "--stride", "2", "--code"]
        )
        == 0
    )
    code = capsys.readouterr().out
    assert code.startswith("import torch\n") and "F.pixel_shuffle(z, 2)" in code
    compile(code, "<code>", "exec")  # valid Python (run in torch by tests/test_subpixel.py)
    assert main(["overlap", *EXAMPLE, "--code", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["code"].startswith("import torch")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--forward"], "unrecognized arguments: --forward"),
        (["--lang", "zh"], "--lang: applies to --format latex or markdown, not text"),
        (
            ["--no-pictures", "--format", "json"],
            "--no-pictures: applies to --format latex or markdown",
        ),
        (["--code", "--format", "latex"], "--code: prints Python code as text or json, not latex"),
        (["--threshold", "5", "--format", "json"], "--threshold and --edgeitems: apply to text"),
        (["--threshold", "1"], "threshold: got 1"),
        (["--standalone", "--format", "markdown"], "standalone: applies to the latex format only"),
        (["--input-shape", "3000x3000", "--kernel-shape", "3x3"], "max_positions: the output has"),
        (["--input-shape", "3", "--kernel-shape", "3", "--stride", "0"], "stride: got 0"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["overlap", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_render_errors() -> None:
    o = overlap()
    with pytest.raises(SpecError, match="format: got 'pdf'"):
        render_overlap(o, "pdf")
    with pytest.raises(SpecError, match="options: got 'lang'; the text format takes threshold"):
        render_overlap(o, "text", lang="zh")
    with pytest.raises(SpecError, match="options: the json format takes none"):
        render_overlap(o, "json", threshold=5)
    assert (
        "[ ...  ...  ...  ...  ... ]"
        in render_overlap(
            overlap(input_shape=(9, 9), kernel_shape=(3, 3)), "text", threshold=4, edgeitems=2
        ).text
    )
    with pytest.raises(SpecError, match="options: got 'colour'"):
        render_overlap(o, "latex", colour=1)


def test_result_renders_itself() -> None:
    o = overlap(kernel=[1, 1, 1], input_shape=(3,), stride=2)
    assert sympy.latex(o) == ("n = \\begin{bmatrix} 1 & 1 & 2 & 1 & 2 & 1 & 1 \\end{bmatrix}")
    assert o._repr_latex_().startswith("$\\displaystyle n = ")
    assert o.to_markdown().startswith("# Overlap")
    assert repr(o).startswith("<Overlap uneven: 1-D transposed convolution")


# ----- the heatmap -------------------------------------------------------------------------


def test_heatmap_cells_labels_and_outline() -> None:
    counts = np.array([[1, 2, 1], [2, 4, 2], [0, 2, 1]])
    pic = count_picture(counts, (range(1, 2), range(1, 2)))
    cells = [
        s for s in pic.shapes if isinstance(s, Box) and s.fill and s.w == s.h and s.stroke is None
    ]
    assert len(cells) == 8  # the 0 stays white
    labels = [s.base for s in pic.shapes if isinstance(s, Label)]
    assert labels[:9] == ["1", "2", "1", "2", "4", "2", "0", "2", "1"]
    assert labels[9:] == ["0", "1", "2", "4"]  # the legend
    darkest = [s for s in pic.shapes if isinstance(s, Box) and s.fill == HEAT[-1]]
    assert len(darkest) == 2  # the 4, and its legend square
    outlines = [s for s in pic.shapes if isinstance(s, Box) and s.fill is None and s.line == 1.2]
    assert len(outlines) == 1 and outlines[0].w == outlines[0].h
    assert svg(pic).count('fill="#FFFFFF"') == 2  # the legend's 0, the count on the darkest cell
    assert "\\begin{tikzpicture}" in tikz(pic)


def test_heatmap_of_a_big_map_is_a_window() -> None:
    pic = count_picture(np.ones((50, 70), dtype=int))
    assert pic.note == (24, 50, 32, 70)
    assert not any(isinstance(s, Label) and s.base == "1" and s.y > 20 for s in pic.shapes)


def test_heatmap_of_1d_and_3d_maps() -> None:
    strip = count_picture(np.array([1, 2, 1]), (range(1, 2),))
    assert [s.base for s in strip.shapes if isinstance(s, Label)][:3] == ["1", "2", "1"]
    cube = count_picture(np.ones((6, 2, 2), dtype=int))
    slices = [s.base for s in cube.shapes if isinstance(s, Label) and s.base.startswith("[")]
    assert slices == ["[0, :, :]", "[1, :, :]", "[4, :, :]", "[5, :, :]"]
    assert any(isinstance(s, Label) and s.base == "\\cdots" for s in cube.shapes)


def test_heatmap_of_a_3d_map_outlines_the_interior_only_in_its_slices() -> None:
    # three-d's layer: 3x3x3 counts, interior the centre cell (1, 1, 1) only
    counts = np.ones((3, 3, 3), dtype=int)
    pic = count_picture(counts, (range(1, 2), range(1, 2), range(1, 2)))
    outlines = [s for s in pic.shapes if isinstance(s, Box) and s.fill is None and s.line == 1.2]
    assert len(outlines) == 1  # in slice [1, :, :], not in [0, :, :] or [2, :, :]
    panel = 3 * outlines[0].w  # three cells a panel
    assert panel < outlines[0].x < 2 * panel + 1.0
