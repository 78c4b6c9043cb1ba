"""The README's Python examples of proofs run as shown (its console examples are run by
test_readme.py)."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
BLOCKS = [
    block
    for block in re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    if ">>>" in block and "symtconv.prove" in block
]
CONSOLE = [
    block
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.DOTALL)
    if block.startswith("$ symtconv prove")
]


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.splitlines()[1][:50])
def test_python_examples(block: str) -> None:
    test = doctest.DocTestParser().get_doctest(block, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_the_prove_section_has_examples_of_every_answer() -> None:
    assert BLOCKS
    firsts = [block.splitlines()[1] for block in CONSOLE]
    for word in ("PROVED: ", "DISPROVED: ", "UNKNOWN: "):
        assert any(line.startswith(word) for line in firsts), word
    assert any("--identity" in block.splitlines()[0] for block in CONSOLE)
    assert any("--list" in block.splitlines()[0] for block in CONSOLE)
