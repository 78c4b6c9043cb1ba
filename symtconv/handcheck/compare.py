"""Comparing claimed values with the derivation's: exactly, or to a stated
tolerance where a float is involved.

Integers, fractions and polynomial expressions are compared exactly: values are
brought to their expanded form once (:meth:`Comparator.canon`), and two
expanded polynomials are equal exactly when they are identical.  Where either
side holds a float, ``|a - b| <= tolerance * max(1, |b|)`` coefficient by
coefficient, and :attr:`Comparator.floats` records that it happened.

Examples:
    >>> import sympy
    >>> cmp = Comparator(1e-9)
    >>> x, w = sympy.Symbol("x_{0,0}"), sympy.Symbol("w_{0,0}")
    >>> cmp.same(cmp.canon(x * (w + 1)), cmp.canon(x * w + x)), cmp.floats
    (True, False)
    >>> cmp.same(sympy.Float(0.1) + sympy.Float(0.2), sympy.Rational(3, 10)), cmp.floats
    (True, True)
"""

from __future__ import annotations

import sympy

from ..errors import SpecError

__all__ = ["Comparator", "needs_expansion"]


def needs_expansion(value: sympy.Expr | None) -> bool:
    """Whether :meth:`Comparator.canon` expands ``value`` (it is not a number, nor a sum of
    products already)."""
    return not (value is None or value.is_number or _expanded(value))


class Comparator:
    """Exact equality of SymPy values; within a tolerance where a float is involved."""

    def __init__(self, tolerance: float) -> None:
        if (
            not isinstance(tolerance, (int, float))
            or isinstance(tolerance, bool)
            or not (0 <= tolerance < 1)
        ):
            raise SpecError(f"tolerance: got {tolerance!r}; must be a number from 0 to below 1")
        self.tolerance = float(tolerance)
        self.floats = False

    @staticmethod
    def canon(value: sympy.Expr | None) -> sympy.Expr | None:
        """The expanded form (sums of products are left as they are: already expanded)."""
        if not needs_expansion(value):
            return value
        return sympy.expand(value)

    def same(self, a: sympy.Expr | None, b: sympy.Expr | None) -> bool:
        """a == b, for canonical values (``None`` never equals anything)."""
        if a is None or b is None:
            return False
        if a.has(sympy.Float) or b.has(sympy.Float):
            self.floats = True
            diff = sympy.expand(a - b)
            coeffs = [diff] if diff.is_number else list(diff.as_coefficients_dict().values())
            scale_of = [b] if b.is_number else list(b.as_coefficients_dict().values())
            if not all(c.is_number for c in coeffs + scale_of):
                return False
            scale = max([1.0, *(abs(float(c)) for c in scale_of)])
            return all(abs(float(c)) <= self.tolerance * scale for c in coeffs)
        if a == b:
            return True
        if a.is_number and b.is_number:
            return False
        # expanded polynomials are equal exactly when they are identical; only a
        # claim with a symbolic denominator needs more than that
        if _has_denominator(a) or _has_denominator(b):
            return sympy.cancel(a - b) == 0
        return False


def _monomial(value: sympy.Expr) -> bool:
    if value.is_Symbol or value.is_number:
        return True
    if value.is_Pow:
        return bool(value.base.is_Symbol and value.exp.is_Integer and value.exp > 0)
    return bool(value.is_Mul) and all(_monomial(a) and not a.is_Mul for a in value.args)


def _expanded(value: sympy.Expr) -> bool:
    """True for a sum of products of symbols and numbers (nothing for expand to do)."""
    if value.is_Add:
        return all(_monomial(a) and not a.is_Add for a in value.args)
    return _monomial(value)


def _has_denominator(value: sympy.Expr) -> bool:
    return any(p.exp.is_negative and not p.base.is_number for p in value.atoms(sympy.Pow))
