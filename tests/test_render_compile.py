"""Every gallery document, and fragments of many other specs, compile with pdflatex.

English and Chinese; no LaTeX error, no missing glyph, and the standalone
gallery documents have no overfull lines.  Compiles run two at a time in
temporary directories.  Skipped without pdflatex (CI has it, and turns
skips into failures).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path

import pytest

from symtconv import derive
from symtconv.render.formats import render
from symtconv.render.i18n import LANGS

pytestmark = pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex not installed")

GALLERY = Path(__file__).resolve().parent.parent / "derivations"
GALLERY_TEX = sorted(p.name for p in GALLERY.glob("*.tex"))

# Specs beyond the gallery: every parameter, odd shapes, data kinds, big and elided.
EXTRA = {
    "bias": dict(input=[[1, 2], [3, 4]], kernel=[[1, 0], [0, -1]], bias=[5]),
    "batch": dict(input=[[[[1, 2], [3, 4]]], [[[0, 1], [1, 0]]]], kernel=[[[[1, 0], [0, -1]]]]),
    "asym-padding": dict(
        input_shape=(3, 3), kernel_shape=(2, 2), stride=2, padding=[(1, 0), (0, 1)]
    ),
    "op-ge-stride": dict(input=[1, 2, 3], kernel=[1, -1, 2], dilation=3, output_padding=2),
    "per-dim": dict(
        input_shape=(2, 3),
        kernel_shape=(3, 2),
        stride=(2, 1),
        dilation=(1, 2),
        padding=(1, 0),
        output_padding=(1, 0),
    ),
    "fractions": dict(input=[[Fraction(1, 2), 2], [3, Fraction(-4, 3)]], kernel=[[1, 0], [0, -1]]),
    "floats": dict(input=[[0.5, 2.25], [3.0, -1.5]], kernel=[[1.0, 0.0], [0.0, -1.0]]),
    "symbolic-seed": dict(input_shape=(2, 2), kernel_shape=(2, 2)),
    "channels": dict(input_shape=(2, 2, 2), kernel_shape=(2, 3, 2, 2), stride=2, bias=True),
    "forward-stride": dict(
        input_shape=(5, 5), kernel_shape=(3, 3), stride=2, padding=1, forward=True
    ),
    "forward-1d": dict(input=[1, 2, 3, 4, 5], kernel=[1, 0, -1], stride=2, forward=True),
    "forward-3d": dict(input_shape=(3, 3, 3), kernel_shape=(2, 2, 2), forward=True),
    "big-3d": dict(input_shape=(3, 4, 5), kernel_shape=(2, 3, 2), stride=(1, 2, 2)),
    "big-1d": dict(input_shape=(30,), kernel_shape=(4,), stride=3, padding=2),
    "big-numeric": dict(
        input=[[(i * 7 + j * 3) % 11 - 5 for j in range(12)] for i in range(12)],
        kernel=[[1, -2, 1], [0, 3, 0], [-1, 2, -1]],
        stride=2,
        padding=1,
        output_padding=1,
    ),
}

_OVERFULL = re.compile(r"Overfull \\hbox \(([\d.]+)pt too wide\)")


def _pdflatex(tex: Path) -> tuple[int, str]:
    proc = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", tex.name],
        cwd=tex.parent,
        capture_output=True,
        timeout=120,
    )
    log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    return proc.returncode, log


def _problems(rc: int, log: str, overfull: bool) -> list[str]:
    problems = [line for line in log.splitlines() if line.startswith("!")]
    if rc != 0 and not problems:
        problems.append(f"pdflatex exit {rc}")
    problems += [line for line in log.splitlines() if "Missing character" in line]
    if overfull:
        problems += [m.group(0) for m in _OVERFULL.finditer(log)]
    return problems


@pytest.fixture(scope="module")
def gallery_logs(tmp_path_factory):
    work = tmp_path_factory.mktemp("gallery")
    paths = []
    for name in GALLERY_TEX:
        shutil.copy(GALLERY / name, work / name)
        paths.append(work / name)
    with ThreadPoolExecutor(2) as pool:
        return dict(zip(GALLERY_TEX, pool.map(_pdflatex, paths), strict=True))


def test_gallery_has_documents():
    assert len(GALLERY_TEX) >= 14


@pytest.mark.parametrize("name", GALLERY_TEX)
def test_gallery_document_compiles(gallery_logs, name):
    rc, log = gallery_logs[name]
    assert _problems(rc, log, overfull=True) == []
    assert "Output written on" in log


_PREAMBLE = {
    "en": "\\documentclass{article}\n\\usepackage{amsmath,amssymb,tikz}\n",
    "zh": "\\documentclass{article}\n\\usepackage{amsmath,amssymb,tikz}\n\\usepackage{CJKutf8}\n",
}


@pytest.fixture(scope="module")
def fragment_logs(tmp_path_factory):
    """One document per language that \\input-s a fragment of every extra spec."""
    work = tmp_path_factory.mktemp("fragments")
    mains = []
    for lang in LANGS:
        inputs = []
        for name, kwargs in EXTRA.items():
            fragment = work / f"{name}.{lang}.tex"
            fragment.write_text(render(derive(**kwargs), "latex", lang=lang).text, encoding="utf-8")
            inputs.append(f"\\input{{{fragment.stem}}}\n\\clearpage\n")
        body = "".join(inputs)
        if lang == "zh":
            body = "\\begin{CJK}{UTF8}{gbsn}\n" + body + "\\end{CJK}\n"
        main = work / f"all.{lang}.tex"
        main.write_text(
            _PREAMBLE[lang] + "\\begin{document}\n" + body + "\\end{document}\n", encoding="utf-8"
        )
        mains.append(main)
    with ThreadPoolExecutor(2) as pool:
        return dict(zip(LANGS, pool.map(_pdflatex, mains), strict=True))


@pytest.mark.parametrize("lang", LANGS)
def test_fragments_of_other_specs_compile(fragment_logs, lang):
    rc, log = fragment_logs[lang]
    assert _problems(rc, log, overfull=False) == []
    pages = int(re.search(r"Output written on .*?\((\d+) pages", log, re.S).group(1))
    assert pages >= 2 * len(EXTRA)
