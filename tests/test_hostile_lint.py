"""Hostile documents for ``symtconv lint``: a document is untrusted input.

Every case is one line and exit 2 (the document is refused before any work), or an
answer (exit 0 or 1); never an internal error, never past the time bound, nothing
written; and the report quotes nothing from the document raw where it would be markup.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile import assert_answer, assert_refused, run

BIG = "9" * 5000

#: (file name, text, fragments of the refusal): refused before any work.
REFUSED = [
    ("digits.md", f"We use a stride of {BIG}.\n\n$$ o = {BIG} \\times 2 $$\n", ["5000 digits"]),
    ("frac.md", "$$ " + "\\frac{1}{" * 3000 + "1" + "}" * 3000 + " = 1 $$\n", ["nested more"]),
    ("power.md", "$$ 2" + "^{2" * 3000 + "}" * 3000 + " = 4 $$\n", ["nested more than 100"]),
    ("braces.tex", "\\documentclass{article}\\begin{document}" + "{" * 100_000, ["nested"]),
    ("environments.tex",
     "\\documentclass{article}\\begin{document}" + "\\begin{itemize}" * 3000 + "x"
     + "\\end{itemize}" * 3000 + "\\end{document}", ["environments nested"]),
    # 400 towers 99 deep: 400 * (0 + 1 + ... + 98) = 1,940,400 units of nesting work
    ("towers.md", ("$$ 2" + "^{2" * 99 + "}" * 99 + " = 4 $$\n\n") * 400,
     ["nesting work", "1,500,000"]),
    ("deep.ipynb", "[" * 200_000, ["notebook"]),
    ("binary.md", "\x00\x01\x02", ["binary"]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "fragments"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_hostile_document_is_refused_in_one_line(
    tmp_path: Path, name: str, text: str, fragments: list[str]
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert_refused(run(["lint", str(path)]), "symtconv lint: error: file", *fragments)


def test_nesting_just_under_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "deep.tex"
    path.write_text(
        "\\documentclass{article}\\begin{document}" + "{" * 97 + "x" + "}" * 97 + "\\end{document}",
        encoding="utf-8",
    )
    outcome = run(["lint", str(path)])
    assert outcome.code == 0, outcome.err


def test_some_deep_towers_are_read(tmp_path: Path) -> None:
    # 300 towers 99 deep: 1,455,300 units of nesting work, under the limit
    path = tmp_path / "towers.md"
    path.write_text(("$$ 2" + "^{2" * 99 + "}" * 99 + " = 4 $$\n\n") * 300, encoding="utf-8")
    outcome = run(["lint", str(path)])
    assert outcome.code in (0, 1), outcome.err


#: Documents that are read and answered: huge parameters, code that would run, markup.
ANSWERED = {
    "stride.md": "We use a stride of 100000000 and no padding.\n\nInput:\n\n"
    "$$ X = \\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix} $$\n\nKernel:\n\n"
    "$$ K = \\begin{pmatrix} 1 & 2 \\\\ 0 & 1 \\end{pmatrix} $$\n\n"
    "The output size is $$ o = (2 - 1) \\times 100000000 + 2 = 100000001 $$\n",
    "power.md": "The size is $o = (i+j+k+l+m+n)^{64}$ for stride $s = 2$.\n\n"
    "$$ (x+y+z+w+a+b)^{64} = 1 $$\n",
    "code.md": "```python\nimport torch\n"
    "layer = torch.nn.ConvTranspose2d(1, 1, kernel_size=3, stride=1000000000000)\n"
    "y = layer(torch.zeros(1, 1, 99999999999, 99999999999))\n"
    "__import__('os').system('touch pwned')\nopen('pwned', 'w')\n```\n",
    "shape.md": "With input size $i = 99999999999$, kernel $k = 3$, stride $s = 99999999$, "
    "padding $p = 0$, the output size is $o = (i - 1) s + k = 5$.\n",
    "markup.md": "Input $x_{<img src=x onerror=alert(1)>}$.\n\n"
    "$$ X = \\begin{pmatrix} \\input{/etc/hostname} & 2 \\\\ 3 & 4 \\end{pmatrix} $$\n\n"
    "stride of 2. The output is $$ \\begin{pmatrix} <b>1</b> & 2 \\\\ 3 & 4 \\end{pmatrix} $$\n",
    "brackets.md": "$$ " + "(" * 5000 + "1" + ")" * 5000 + " = 1 $$\n",
    "notebook.ipynb": json.dumps(
        {"cells": [{"cell_type": "code", "source": ["import os\n", "os.system('touch pwned')\n"]}]}
    ),
}


@pytest.mark.parametrize("name", sorted(ANSWERED))
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_hostile_document_gets_an_answer(tmp_path: Path, name: str, fmt: str) -> None:
    path = tmp_path / name
    path.write_text(ANSWERED[name], encoding="utf-8")
    outcome = run(["lint", str(path), "--format", fmt])
    assert_answer(outcome)
    assert outcome.code in (0, 1), outcome.err
    assert not (tmp_path / "pwned").exists()
    if fmt == "json":
        json.loads(outcome.out)
