"""The matrix C against a dense matrix built from the naive convolution (:mod:`oracles.naive`)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from oracles.naive import naive_matrix
from sympy.polys.domains import EXRAW, QQ, ZZ

from symtconv.core.matrix import conv_matrix, count_nonzeros, domain_of, structure
from symtconv.core.spec import ConvSpec
from symtconv.errors import SpecError, SymtconvError, TooLargeError


def dense_from_definition(spec: ConvSpec, w: np.ndarray) -> np.ndarray:
    """C column by column: column (c, j) is the naive convolution of the unit input e_(c,j)."""
    return naive_matrix(
        w, spec.col_size, spec.stride, spec.padding, spec.dilation, spec.groups, spec.row_size
    )


SPECS = [
    ConvSpec.create((2, 2), (2, 2)),
    ConvSpec.create((3, 3), (2, 2), transposed=False),
    ConvSpec.create(4, 3, stride=2, padding=1, output_padding=1),
    ConvSpec.create(3, 2, stride=1, dilation=3, output_padding=2),  # op >= s: rows truncated
    ConvSpec.create((3, 2), (2, 3), stride=(2, 1), padding=((1, 0), (0, 2)), dilation=(1, 2)),
    ConvSpec.create(3, 2, stride=2, in_channels=4, out_channels=2, groups=2),
    ConvSpec.create(
        5, 3, stride=2, padding=(1,), in_channels=2, out_channels=4, groups=2, transposed=False
    ),
    ConvSpec.create((2, 2, 2), (2, 1, 2), stride=(1, 2, 1), padding=((0, 1), 0, (1, 0))),
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.describe())
def test_matrix_matches_definition(spec: ConvSpec) -> None:
    rng = np.random.default_rng(7)
    w = rng.integers(-5, 6, spec.weight_shape).astype(object)
    w = np.vectorize(sympy.Integer, otypes=[object])(w)
    expected = dense_from_definition(spec, w)
    got = np.array(conv_matrix(spec, w).to_Matrix().tolist(), dtype=object)
    assert got.shape == spec.matrix_shape
    assert (got == expected).all()
    st = structure(spec)
    assert st.nnz == count_nonzeros(spec)
    pattern = dense_from_definition(spec, np.ones(spec.weight_shape, dtype=object))
    assert st.nnz == int((pattern != 0).sum())


def test_seed_matrix_hand_written() -> None:
    """The seed: the forward conv 3x3 -> 2x2 with kernel [[1,0],[0,-1]] (rows = x entries)."""
    w = np.array([[[[1, 0], [0, -1]]]], dtype=object)
    w = np.vectorize(sympy.Integer, otypes=[object])(w)
    C = conv_matrix(ConvSpec.create((2, 2), (2, 2)), w).to_Matrix()
    assert C == sympy.Matrix(
        [
            [1, 0, 0, 0, -1, 0, 0, 0, 0],
            [0, 1, 0, 0, 0, -1, 0, 0, 0],
            [0, 0, 0, 1, 0, 0, 0, -1, 0],
            [0, 0, 0, 0, 1, 0, 0, 0, -1],
        ]
    )


def test_domains() -> None:
    assert domain_of([sympy.Integer(1), sympy.Integer(-2)]) == ZZ
    assert domain_of([sympy.Integer(1), sympy.Rational(1, 2)]) == QQ
    assert domain_of([sympy.Float(0.5)]) == EXRAW
    assert domain_of([sympy.Symbol("a")]) == EXRAW


def test_size_limit() -> None:
    spec = ConvSpec.create((64, 64), (3, 3), stride=2, padding=1)
    w = np.ones(spec.weight_shape, dtype=object)
    with pytest.raises(TooLargeError) as info:
        conv_matrix(spec, w, max_nonzeros=1000)
    message = str(info.value)
    assert (
        "36,100 nonzeros" in message
    )  # (64*3 - 2)^2: a tap falls off each end per dim and "--max-nonzeros" in message
    assert "conv_transpose" in message and isinstance(info.value, SymtconvError)
    with pytest.raises(SpecError, match="max_nonzeros: got 0"):
        conv_matrix(spec, w, max_nonzeros=0)
