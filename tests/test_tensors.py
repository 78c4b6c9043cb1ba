"""Reading operands: names, layouts, channel inference, errors."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy

from symtconv.core.operands import (
    entry_name,
    infer_rank,
    read_operands,
    symbolic_tensor,
    to_sympy_array,
)
from symtconv.errors import SpecError, SymtconvError


def names(arr: np.ndarray) -> list[str]:
    return [str(v) for v in arr.reshape(-1)]


def test_entry_names() -> None:
    assert entry_name("x", (0, 1)) == "x_{0,1}"
    assert entry_name("x", (3,)) == "x_{3}"
    assert names(symbolic_tensor("w", (1, 1, 2), named_axes=1)) == ["w_{0}", "w_{1}"]


@pytest.mark.parametrize(
    ("kwargs", "x_names", "w_names"),
    [
        (dict(input_shape=(2,), kernel_shape=(2,)), ["x_{0}", "x_{1}"], ["w_{0}", "w_{1}"]),
        (
            dict(input_shape=(1, 2), kernel_shape=(1, 1)),
            ["x_{0,0}", "x_{0,1}"],
            ["w_{0,0}"],
        ),
        (
            dict(input_shape=(1, 2), kernel_shape=(1, 1), in_channels=2, out_channels=1),
            ["x_{0,0,0}", "x_{0,0,1}", "x_{1,0,0}", "x_{1,0,1}"],
            ["w_{0,0,0,0}", "w_{1,0,0,0}"],
        ),
        (
            dict(input_shape=(2,), kernel_shape=(1,), in_channels=1, out_channels=2),
            ["x_{0}", "x_{1}"],
            ["w_{0,0,0}", "w_{0,1,0}"],
        ),
    ],
)
def test_symbol_names(kwargs: dict, x_names: list[str], w_names: list[str]) -> None:
    spec, x, w, b = read_operands(**kwargs)
    assert names(x) == x_names
    assert names(w) == w_names
    assert b is None


def test_batch_names_and_bias() -> None:
    # as many axes as the kernel, with channel counts given that match it: batched 1-D
    spec, x, w, b = read_operands(
        input=np.zeros((2, 1, 3), dtype=int),
        kernel=np.ones((1, 2, 2), dtype=int),
        bias=[5, 6],
        in_channels=1,
        out_channels=2,
    )
    assert spec.batch == 2 and (spec.in_channels, spec.out_channels) == (1, 2)
    assert x.shape == (2, 1, 3) and b is not None and b.tolist() == [5, 6]
    spec, x, w, b = read_operands(input_shape=(2, 1, 3, 3), kernel_shape=(1, 1, 2, 2), bias=True)
    assert spec.batch == 2 and spec.rank == 2
    assert names(x)[:2] == ["x_{0,0,0,0}", "x_{0,0,0,1}"]
    # without channel counts, equal axis counts mean spatial-only (here 3-D)
    assert read_operands(input_shape=(2, 1, 3), kernel_shape=(1, 2, 2))[0].rank == 3
    assert b is not None and names(b) == ["b_{0}"]


@pytest.mark.parametrize(
    ("xs", "ks", "rank"),
    [((2, 2), (2, 2), 2), ((5,), (3,), 1), ((3, 5, 5), (3, 2, 3, 3), 2), ((4, 5), (4, 1, 2), 1)],
)
def test_infer_rank(xs: tuple, ks: tuple, rank: int) -> None:
    assert infer_rank(xs, ks) == rank


def test_values_are_converted_exactly() -> None:
    arr = to_sympy_array([[1, Fraction(1, 3)], [0.5, sympy.Symbol("a")]], "input")
    assert arr.tolist() == [[1, sympy.Rational(1, 3)], [sympy.Float(0.5), sympy.Symbol("a")]]
    assert isinstance(arr[0, 0], sympy.Integer)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        (dict(input=[[1]], input_shape=(1, 1), kernel=[[1]]), "either input"),
        (dict(kernel=[[1]]), "input or input_shape: not given"),
        (dict(input=[[1, 2]]), "kernel or kernel_shape: not given"),
        (dict(input=[1, 2], kernel=[[1, 2], [3, 4]]), "does not fit"),
        (dict(input=[[1, 2]], kernel=[[1]], in_channels=2), "no channel axis but in_channels"),
        (dict(input=np.ones((3, 4)), kernel=np.ones((2, 1, 2))), "has 3 channel(s)"),
        (dict(input=[["a", 1]], kernel=[[1]]), "entries must be numbers"),
        (dict(input=[[float("nan")]], kernel=[[1]]), "finite"),
        (dict(input=[[1]], kernel=[[1]], bias=[1, 2]), "bias: has 2 value(s)"),
        (dict(input_shape=(0, 2), kernel_shape=(1, 1)), "input_shape"),
        (dict(input=[[1]], kernel=[[1]], groups=0), "groups"),
        (dict(input=np.ones((2, 4)), kernel=np.ones((2, 1, 2)), out_channels=3), "out_channels"),
    ],
)
def test_bad_operands(kwargs: dict, fragment: str) -> None:
    with pytest.raises(SpecError) as info:
        read_operands(**kwargs)
    assert fragment in str(info.value)
    assert isinstance(info.value, SymtconvError)
