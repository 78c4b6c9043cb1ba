"""Results in Jupyter: a notebook executed with nbclient (what nbconvert --execute runs)
shows each result's LaTeX repr, in the one transpose notation.

Skipped without nbclient, nbformat and ipykernel (CI installs them with the test extra).
"""

from __future__ import annotations

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat not installed")
nbclient = pytest.importorskip("nbclient", reason="nbclient not installed")
pytest.importorskip("ipykernel", reason="ipykernel not installed")

CELLS = {
    "derivation": "derive()",
    "forward": "derive(forward=True)",
    "check": "check(claimed=[[1, 2, 0], [3, 3, -2], [0, -3, -4]])",
    "wrong check": "check(claimed=[[1, 2, 0], [3, 1, -2], [0, -3, -4]])",
    "proof": 'prove("tconv_out(i, k, s, p, d, op) >= 1")',
    "overlap": "overlap(input_shape=(3, 3), kernel_shape=(3, 3), stride=2)",
}


@pytest.fixture(scope="module")
def outputs():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from symtconv import check, derive, overlap, prove")]
    nb.cells += [nbformat.v4.new_code_cell(code) for code in CELLS.values()]
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    return {
        name: [o for o in cell.outputs if o.output_type == "execute_result"]
        for name, cell in zip(CELLS, nb.cells[1:], strict=True)
    }


@pytest.mark.parametrize("name", sorted(CELLS))
def test_each_result_shows_its_latex(outputs, name):
    (result,) = outputs[name]
    latex = result.data["text/latex"]
    assert latex.startswith("$") and latex.rstrip().endswith("$")
    assert "text/plain" in result.data
    # one transpose notation in everything a student reads
    assert "^{\\top}" not in latex and "C^{T}" not in latex and "C^T" not in latex
