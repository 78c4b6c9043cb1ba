"""Comparing values: exact for integers, fractions and expressions; floats to a tolerance."""

from __future__ import annotations

import pytest
import sympy

from symtconv.errors import SpecError, SymtconvError
from symtconv.handcheck.compare import Comparator

X, W = sympy.Symbol("x_{0,0}"), sympy.Symbol("w_{0,0}")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (sympy.Integer(3), sympy.Integer(3), True),
        (sympy.Integer(3), sympy.Integer(4), False),
        (sympy.Rational(1, 3), sympy.Rational(2, 6), True),
        (sympy.Rational(1, 3), sympy.Rational(333, 1000), False),
        (X * (W + 1), X * W + X, True),
        (X * W, W * X + 0 * X, True),
        (X * W, X * W + X, False),
        ((X * W + X) / (W + 1), X, True),  # a symbolic denominator: cancelled
        (X / 2 + X / 2, X, True),
    ],
)
def test_exact(a, b, same):
    cmp = Comparator(1e-9)
    assert cmp.same(cmp.canon(a), cmp.canon(b)) is same
    assert cmp.floats is False


@pytest.mark.parametrize(
    ("a", "b", "tol", "same"),
    [
        (sympy.Float(0.1) + sympy.Float(0.2), sympy.Rational(3, 10), 1e-9, True),
        (sympy.Float(3.001), sympy.Integer(3), 1e-9, False),
        (sympy.Float(3.001), sympy.Integer(3), 1e-3, True),  # 0.001 <= 1e-3 * 3
        (sympy.Float(1000.5), sympy.Integer(1000), 1e-3, True),  # relative to |expected|
        (sympy.Float(0.5) * X, sympy.Rational(1, 2) * X, 1e-9, True),
        (sympy.Float(0.5) * X, sympy.Rational(1, 2) * W, 1e-9, False),
    ],
)
def test_floats_within_the_tolerance(a, b, tol, same):
    cmp = Comparator(tol)
    assert cmp.same(cmp.canon(a), cmp.canon(b)) is same
    assert cmp.floats is True


def test_unknown_never_equals():
    cmp = Comparator(1e-9)
    assert not cmp.same(None, sympy.Integer(0))


@pytest.mark.parametrize("tol", [-1, 1, 2.5, "0.1", True])
def test_bad_tolerance(tol):
    with pytest.raises(SymtconvError) as info:
        Comparator(tol)
    assert isinstance(info.value, SpecError)
    assert str(info.value).startswith(f"tolerance: got {tol!r}; must be a number from 0")
