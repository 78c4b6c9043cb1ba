"""Evaluation of claims over many integer assignments at once, with NumPy.

The exhaustive cross-check of :mod:`symtconv.prover.proof` evaluates a claim, its
assumptions and its domain on every point of a small box.  :func:`box_outcomes`
does that for all points together, with the same meaning as
:class:`symtconv.prover.language.evaluate.Program`: ``//`` and ``%`` are Python's (NumPy's
integer ``floor_divide``/``remainder`` agree with them), an assignment where
any divisor is zero is outside the domain, and sizes are
:func:`symtconv.core.spec.conv_output_length` / :func:`~symtconv.core.spec.tconv_output_length`.

Trees with exact division ``/`` (rationals), or whose values grow beyond
2**31, are not evaluated here: :func:`box_outcomes` returns ``None`` and the
caller falls back to :class:`~symtconv.prover.language.evaluate.Program`.

Examples:
    >>> import numpy as np
    >>> from symtconv.prover.language import parse_claim
    >>> points = np.array([[-3], [0], [7]])
    >>> box_outcomes(parse_claim("x // 2 * 2 + x % 2 == x"), [], ["x"], points).tolist()
    [1, 1, 1]
    >>> box_outcomes(parse_claim("4 // x == 1"), [], ["x"], points).tolist()
    [0, -1, 0]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .counting import COUNTING, vector
from .syntax import BinOp, BoolConst, Compare, Func, Logic, Neg, Node, Num, SizeCall, Var

__all__ = ["box_outcomes"]

_LIMIT = 1 << 31


class _Unsupported(Exception):
    """The tree needs the exact (scalar) evaluation."""


class _Vector:
    def __init__(self, names: Sequence[str], points: np.ndarray) -> None:
        self.columns = {name: points[:, n].astype(np.int64) for n, name in enumerate(names)}
        self.size = points.shape[0]
        self.bad = np.zeros(self.size, dtype=bool)  # a divisor was zero here
        self.memo: dict[Node, np.ndarray] = {}

    def value(self, node: Node) -> np.ndarray:
        if node not in self.memo:
            self.memo[node] = self._value(node)
        return self.memo[node]

    def _checked(self, arr: np.ndarray) -> np.ndarray:
        if arr.dtype != bool and arr.size and int(np.abs(arr).max()) >= _LIMIT:
            raise _Unsupported
        return arr

    def _divide(self, a: np.ndarray, b: np.ndarray, op: str) -> np.ndarray:
        zero = b == 0
        self.bad |= zero
        safe = np.where(zero, 1, b)
        return np.floor_divide(a, safe) if op == "//" else np.remainder(a, safe)

    def _value(self, node: Node) -> np.ndarray:
        if isinstance(node, Num):
            return self._checked(np.full(self.size, node.value, dtype=np.int64))
        if isinstance(node, BoolConst):
            return np.full(self.size, node.value, dtype=bool)
        if isinstance(node, Var):
            return self._checked(self.columns[node.name])
        if isinstance(node, Neg):
            return -self.value(node.arg)
        if isinstance(node, BinOp):
            a, b = self.value(node.left), self.value(node.right)
            if node.op == "+":
                return self._checked(a + b)
            if node.op == "-":
                return self._checked(a - b)
            if node.op == "*":
                return self._checked(a * b)
            if node.op in ("//", "%"):
                return self._divide(a, b, node.op)
            if node.op == "^" and isinstance(node.right, Num) and 0 <= node.right.value <= 62:
                out = np.ones(self.size, dtype=np.int64)
                for _ in range(node.right.value):
                    out = self._checked(out * a)
                return out
            raise _Unsupported  # exact division, or a power the integers cannot hold
        if isinstance(node, Func):
            args = [self.value(a) for a in node.args]
            if node.name in COUNTING:
                found = vector(node.name, args)
                if found is None:
                    raise _Unsupported  # too large to go over tap by tap
                values, zero = found
                self.bad |= zero
                return self._checked(values)
            if node.name in ("floor", "ceiling"):
                return args[0]  # integers only here
            if node.name == "Mod":
                return self._divide(args[0], args[1], "%")
            if node.name == "abs":
                return np.abs(args[0])
            reduce = np.minimum if node.name == "min" else np.maximum
            return self._checked(reduce.reduce(np.stack(args)))
        if isinstance(node, SizeCall):
            i, k, s, lo, hi, d = (
                self.value(node.arg(n)) for n in ("i", "k", "s", "p_lo", "p_hi", "d")
            )
            reach = self._checked(d * (k - 1))
            if node.name == "conv_out":
                return self._divide(i + lo + hi - reach - 1, s, "//") + 1
            return self._checked((i - 1) * s - lo - hi + reach + self.value(node.arg("op")) + 1)
        if isinstance(node, Compare):
            operands = [self.value(o) for o in node.operands]
            result = np.ones(self.size, dtype=bool)
            for op, a, b in zip(node.ops, operands, operands[1:], strict=False):
                result &= _compare(op, a, b)
            return result
        if isinstance(node, Logic):
            items = [self.value(i).astype(bool) for i in node.items]
            if node.op == "and":
                return np.logical_and.reduce(items)
            if node.op == "or":
                return np.logical_or.reduce(items)
            if node.op == "not":
                return ~items[0]
            if node.op == "implies":
                return ~items[0] | items[1]
            return items[0] == items[1]
        raise _Unsupported


def _compare(op: str, a: Any, b: Any) -> np.ndarray:
    return {
        "==": np.equal,
        "!=": np.not_equal,
        "<": np.less,
        "<=": np.less_equal,
        ">": np.greater,
        ">=": np.greater_equal,
    }[op](a, b)


def box_outcomes(
    claim: Node, guards: Sequence[Node], names: Sequence[str], points: np.ndarray
) -> np.ndarray | None:
    """The claim's outcome at every point: 1 holds, 0 fails, -1 outside the guards.

    Args:
        claim: the claim tree.
        guards: the domain and the assumptions (all must hold).
        names: the variable of each column of ``points``.
        points: integer array, one assignment per row.

    Returns:
        An int8 array, or None when the trees need exact rational arithmetic
        (or grow past 2**31) and must be evaluated with Python numbers.
    """
    vec = _Vector(names, points)
    try:
        admitted = np.ones(vec.size, dtype=bool)
        for guard in guards:
            admitted &= vec.value(guard).astype(bool)
        holds = vec.value(claim).astype(bool)
    except _Unsupported:
        return None
    admitted &= ~vec.bad
    return np.where(admitted, holds.astype(np.int8), np.int8(-1))
