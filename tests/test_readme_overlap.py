"""The README's overlap section keeps its promises: its table of common layers is what
``symtconv.overlap`` says (and what the brute-force phase count says), and its Python
examples run as shown (its console examples are run by test_readme.py)."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest
from oracles.phases import classify, phase_taps

import symtconv

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
TABLE = README.split("<!-- symtconv:overlap-table -->\n", 1)[1].split("\n\n", 1)[0]
ROWS = TABLE.splitlines()[2:]
BLOCKS = [
    block
    for block in re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    if ">>>" in block and "symtconv.overlap" in block
]


def _layer(name: str) -> tuple[int, int, int]:
    values = dict(part.split("=") for part in name.split(", "))
    return int(values["k"]), int(values["s"]), int(values.get("d", 1))


def row(k: int, s: int, d: int) -> str:
    """The table's row of a layer, from symtconv.overlap with an all-ones kernel."""
    o = symtconv.overlap(kernel=[1] * k, input_shape=(8,), stride=s, dilation=d)
    name = f"k={k}, s={s}" + (f", d={d}" if d != 1 else "")
    taps = ", ".join(str(n) for n in o.dims[0].counts)
    c = o.constant_input
    assert c is not None
    sums = ", ".join(str(v) for v in c.sums.reshape(-1))
    flat = "flat" if c.constant else f"not flat (phase sums {sums})"
    return f"| {name} | {taps} | {o.kind} | {flat} |"


def test_the_table_has_the_common_layers() -> None:
    assert TABLE.splitlines()[0] == (
        "| layer | taps per phase | overlap | constant input, all-ones kernel |"
    )
    names = [line.split(" | ")[0].lstrip("| ") for line in ROWS]
    for layer in ("k=3, s=2", "k=4, s=2", "k=2, s=2", "k=3, s=2, d=2"):
        assert layer in names


@pytest.mark.parametrize("line", ROWS)
def test_table_row_is_what_the_tool_says(line: str) -> None:
    k, s, d = _layer(line.split(" | ")[0].lstrip("| "))
    assert line == row(k, s, d)
    cells = line.split(" | ")
    assert cells[1] == ", ".join(str(len(t)) for t in phase_taps(k, s, d))
    assert cells[2] == classify(k, s, d)


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.splitlines()[1][:50])
def test_python_examples(block: str) -> None:
    test = doctest.DocTestParser().get_doctest(block, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_there_are_python_examples() -> None:
    assert BLOCKS
