"""The real libraries' sweeps on the whole default grid, as the README's findings give them.

``symtconv crosscheck --framework NAME --sweep`` runs, as a user runs it, for
onnxruntime, JAX, TensorFlow, Keras and PaddlePaddle (several minutes together:
these are the slowest tests).  Its summary line must give the README's row of
the findings table: the library's version, and the configurations run, agreed
and disagreed; the exit status says whether any disagreed.  A new version of a
library with other figures fails here until the README is re-measured.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"

#: framework -> (the modules it needs, how its row of the findings table begins)
FRAMEWORKS = {
    "onnxruntime": (("onnxruntime",), "| onnxruntime ("),
    "jax": (("jax",), "| jax ("),
    "tensorflow": (("tensorflow",), "| tensorflow ("),
    "keras": (("keras", "jax", "tensorflow"), "| keras on jax"),
    "paddle": (("paddle",), "| paddle ("),
}

SUMMARY = re.compile(
    r"^(?P<verdict>AGREE|DISAGREE): (?P<library>.+?) vs symtconv \(exact\): "
    r"(?P<run>\d+) configuration\(s\) from (?P<specs>\d+) spec\(s\) in [0-9.]+ s; "
    r"(?P<agreed>\d+) agreed, (?P<disagreed>\d+) disagreed$",
    re.MULTILINE,
)


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def readme_row(start: str) -> dict[str, object]:
    """The findings table's row that begins with ``start``: version and counts."""
    rows = [line for line in README.read_text().splitlines() if line.startswith(start)]
    assert len(rows) == 1, f"README has {len(rows)} findings rows beginning {start!r}"
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    return {
        "version": cells[1],
        "run": _number(cells[2]),
        "agreed": _number(cells[3]),
        "disagreed": _number(cells[4]),
    }


def test_the_readme_rows_are_read():
    row = readme_row("| onnxruntime (")
    assert row["run"] == row["agreed"] + row["disagreed"]  # type: ignore[operator]
    assert re.fullmatch(r"[0-9.]+", str(row["version"]))


@pytest.mark.parametrize("framework", list(FRAMEWORKS))
def test_the_default_grid_sweep_gives_the_readmes_findings(framework):
    modules, start = FRAMEWORKS[framework]
    for module in modules:
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install 'symtconv[frameworks]')")
    expected = readme_row(start)
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    run = subprocess.run(
        [sys.executable, "-m", "symtconv", "crosscheck", "--framework", framework, "--sweep"],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
        check=False,
    )
    found = SUMMARY.search(run.stdout)
    assert found, f"no summary line in:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
    versions = re.findall(r"\d+(?:\.\d+)+", found["library"])
    assert versions and all(v in str(expected["version"]) for v in versions), (
        f"installed {found['library']}, README's figures are for {expected['version']}: "
        "re-run the sweep and update the findings table"
    )
    assert int(found["specs"]) == 2640  # the default grid, as the README says
    got = {k: int(found[k]) for k in ("run", "agreed", "disagreed")}
    assert got == {k: expected[k] for k in ("run", "agreed", "disagreed")}
    assert run.returncode == (1 if got["disagreed"] else 0), run.stderr[-2000:]
    assert found["verdict"] == ("DISAGREE" if got["disagreed"] else "AGREE")
