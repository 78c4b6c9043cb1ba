"""Value-level identities, exact for given shapes, through the derive engine."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from symtconv import SymtconvError, TooLargeError, prove_identity
from symtconv.errors import SpecError
from symtconv.prover import identities as identities_module
from symtconv.prover.identities import IDENTITIES

SPECS = [
    {},
    {"input_shape": (3,), "kernel_shape": (3,), "stride": 2, "padding": 1, "output_padding": 1},
    {"input_shape": (4,), "kernel_shape": (2,), "stride": 2, "dilation": 3, "output_padding": 2},
    {"input_shape": (2, 3), "kernel_shape": (2, 2), "stride": (2, 1), "padding": [(1, 0), (0, 1)]},
    {"input_shape": (4, 2, 2), "kernel_shape": (4, 2, 2, 2), "groups": 2, "stride": 2},
    {"input": [[1, 2], [3, 4]], "kernel": [[1, 0], [0, -1]]},
    {"input": [[1, 2], [3, 4]], "kernel_shape": (2, 2), "stride": 2, "output_padding": 1},
]


@pytest.mark.parametrize("name", list(IDENTITIES))
@pytest.mark.parametrize("spec", SPECS, ids=[f"spec{n}" for n in range(len(SPECS))])
def test_identity_holds_for_transposed_specs(name: str, spec: dict[str, object]) -> None:
    result = prove_identity(name, general=False, **spec)
    assert result.status == "proved"
    assert result.mismatch is None and result.compared > 0


FORWARD = [
    {"forward": True},
    {"forward": True, "input_shape": (5, 5), "kernel_shape": (3, 3), "stride": 2, "padding": 1},
    {"forward": True, "input_shape": (7,), "kernel_shape": (2,), "stride": 3, "dilation": 2},
]


@pytest.mark.parametrize("name", ["adjoint", "jacobian"])
@pytest.mark.parametrize("spec", FORWARD, ids=[f"forward{n}" for n in range(len(FORWARD))])
def test_identity_holds_for_forward_specs(name: str, spec: dict[str, object]) -> None:
    assert prove_identity(name, general=False, **spec).status == "proved"


def test_zero_insertion_compares_every_output_entry() -> None:
    result = prove_identity(
        "zero-insertion", general=False, input_shape=(2, 2), kernel_shape=(2, 2), stride=2
    )
    assert result.compared == 16
    assert result.sample == ("y[0, 0, 0]", "w_{0,0}*x_{0,0}", "w_{0,0}*x_{0,0}")


def test_a_wrong_zero_insertion_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    real = identities_module.conv_transpose_zero_insertion

    def unflipped(x: np.ndarray, w: np.ndarray, *args: object, **kwargs: object) -> np.ndarray:
        return real(x, w[..., ::-1, ::-1], *args, **kwargs)  # flips the kernel back

    monkeypatch.setattr(identities_module, "conv_transpose_zero_insertion", unflipped)
    result = prove_identity("zero-insertion", general=False)
    assert result.status == "disproved"
    assert result.mismatch is not None
    assert "DISPROVED for this shape" in str(result)


def test_a_wrong_jacobian_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    real = identities_module.conv

    def doubled(*args: object, **kwargs: object) -> np.ndarray:
        return 2 * real(*args, **kwargs)

    monkeypatch.setattr(identities_module, "conv", doubled)
    assert prove_identity("jacobian", general=False).status == "disproved"
    assert prove_identity("adjoint", general=False).status == "disproved"


def test_general_index_level_theorem() -> None:
    result = prove_identity("adjoint")
    assert result.general is not None and result.general.status == "proved"
    assert result.general.theorem.name == "index-pairs"
    data = json.loads(result.to_json())
    assert data["status"] == "proved" and data["general"]["status"] == "proved"
    assert "For general parameters (index level, theorem index-pairs): PROVED" in str(result)
    assert result.to_latex().startswith(
        "\\begin{aligned}\n&\\textbf{Proved for this shape: } "
        "\\langle C u, v \\rangle = \\langle u, C^{\\mathsf T} v \\rangle"
    )
    latex = result.to_latex()
    assert "for general parameters: which (input, tap) pairs reach" in latex
    assert "pair(s)" not in latex and "1 pair of entries compared exactly" in latex
    assert "output}\\_\\text{padding 0}" in latex
    assert not re.search(r"\\text\{[^}]*\\_", latex)  # no \_ inside \text (MathJax 2)


@pytest.mark.parametrize(
    ("name", "kwargs", "fragment"),
    [
        ("nope", {}, "identity: got 'nope'; valid names are zero-insertion, adjoint, jacobian"),
        ("adjoint", {"bias": True}, "bias: the identities are about the linear map"),
        ("zero-insertion", {"forward": True}, "is about a transposed convolution"),
        ("adjoint", {"stride": 0}, "stride"),
    ],
)
def test_errors(name: str, kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(SpecError, match=fragment.replace("(", "\\(")):
        prove_identity(name, general=False, **kwargs)


def test_too_large() -> None:
    with pytest.raises(TooLargeError, match="max_nonzeros"):
        prove_identity("adjoint", general=False, input_shape=(40, 40), kernel_shape=(5, 5))
    with pytest.raises(SymtconvError):
        prove_identity("adjoint", general=False, input_shape=(40, 40), kernel_shape=(5, 5))
