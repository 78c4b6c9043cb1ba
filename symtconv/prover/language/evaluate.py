"""Evaluation of claims with plain Python integers and fractions.

:class:`Program` evaluates several trees together (the domain, the
assumptions and the claim), each distinct sub-tree once per assignment;
sizes come from :func:`symtconv.core.spec.conv_output_length` and
:func:`symtconv.core.spec.tconv_output_length`, ``//`` and ``%`` are Python's,
``/`` is exact (:class:`fractions.Fraction`).  This is the evaluation that
re-checks every counterexample and runs the exhaustive cross-check.

Examples:
    >>> from symtconv.prover.language import parse_claim
    >>> compile_node(parse_claim("conv_out(i, 3, s=2, p=1) == (i + 1) // 2"))({"i": 7})
    True
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from ...core.spec import conv_output_length, tconv_output_length
from .counting import gcd, max_taps, min_taps, taps
from .syntax import BinOp, BoolConst, Compare, Func, Neg, Node, Num, SizeCall, Var

__all__ = ["Env", "Program", "compile_node"]


Env = dict[str, int]


_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _div(a: Any, b: Any) -> Any:
    if isinstance(a, int) and isinstance(b, int):
        q, r = divmod(a, b)
        return q if r == 0 else Fraction(a, b)
    return _integral(Fraction(a) / b)


def _mod(a: Any, b: Any) -> Any:
    return a % b if isinstance(a, int) and isinstance(b, int) else _integral(a % b)


_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": _div,
    "//": operator.floordiv,
    "%": _mod,
    "^": operator.pow,
}

_FUNC: dict[str, Callable[..., Any]] = {
    "floor": math.floor,
    "ceiling": math.ceil,
    "Mod": _mod,
    "min": min,
    "max": max,
    "abs": abs,
    "gcd": gcd,
    "taps": taps,
    "min_taps": min_taps,
    "max_taps": max_taps,
}


def _integral(value: Any) -> Any:
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value)
    return value


_Code = Callable[[list[Any], Env], Any]


class Program:
    """Trees evaluated together with Python ints and Fractions, each distinct sub-tree once.

    Every sub-expression is evaluated (no short-circuit): a division by zero
    raises ZeroDivisionError, and such an assignment is outside the domain
    (where every divisor is nonzero).  Sizes come from
    :func:`symtconv.core.spec.conv_output_length` and
    :func:`symtconv.core.spec.tconv_output_length`.

    Examples:
        >>> from symtconv.prover.language import parse_claim, parse_number_expression
        >>> program = Program([parse_claim("x // 2 == 3"), parse_number_expression("x % 2")])
        >>> program.run({"x": 7})
        [True, 1]
    """

    def __init__(self, roots: Sequence[Node]) -> None:
        self._index: dict[Node, int] = {}
        self._code: list[_Code] = []
        self._roots = [self._add(root) for root in roots]

    def run(self, env: Env) -> list[Any]:
        """The roots' values for one assignment of the variables."""
        values: list[Any] = []
        append = values.append
        for code in self._code:
            append(code(values, env))
        return [values[i] for i in self._roots]

    def check(self, env: Env, guards: int) -> bool | None:
        """The last root's truth value, or None as soon as one of the first ``guards`` is false.

        The guards (the domain and the assumptions) are evaluated first, in
        order, and the rest only when they all hold.

        Raises:
            ZeroDivisionError: a divisor is zero (the assignment is outside the domain).
        """
        stops = dict.fromkeys(self._roots[:guards])
        values: list[Any] = []
        append = values.append
        for n, code in enumerate(self._code):
            value = code(values, env)
            append(value)
            if n in stops and not value:
                return None
        return bool(values[self._roots[-1]])

    def _add(self, node: Node) -> int:
        if node in self._index:
            return self._index[node]
        code = self._instruction(node)
        self._index[node] = len(self._code)
        self._code.append(code)
        return len(self._code) - 1

    def _instruction(self, node: Node) -> _Code:
        if isinstance(node, (Num, BoolConst)):
            constant = node.value
            return lambda v, env: constant
        if isinstance(node, Var):
            name = node.name
            return lambda v, env: env[name]
        if isinstance(node, Neg):
            a = self._add(node.arg)
            return lambda v, env: -v[a]
        if isinstance(node, BinOp):
            a, b, fn = self._add(node.left), self._add(node.right), _ARITH[node.op]
            return lambda v, env: fn(v[a], v[b])
        if isinstance(node, Func):
            fn = _FUNC[node.name]
            if len(node.args) == 1:
                a = self._add(node.args[0])
                return lambda v, env: fn(v[a])
            pick = operator.itemgetter(*[self._add(x) for x in node.args])
            return lambda v, env: fn(*pick(v))
        if isinstance(node, SizeCall):
            names = ["i", "k", "s", "p_lo", "p_hi", "d"]
            if node.name == "tconv_out":
                names.append("op")
            pick = operator.itemgetter(*[self._add(node.arg(n)) for n in names])
            size = conv_output_length if node.name == "conv_out" else tconv_output_length
            return lambda v, env: size(*pick(v))
        if isinstance(node, Compare):
            operands = [self._add(o) for o in node.operands]
            pairs = [
                (_CMP[op], a, b) for op, a, b in zip(node.ops, operands, operands[1:], strict=False)
            ]
            if len(pairs) == 1:
                cmp, a, b = pairs[0]
                return lambda v, env: cmp(v[a], v[b])
            return lambda v, env: all(cmp(v[a], v[b]) for cmp, a, b in pairs)
        items = [self._add(item) for item in node.items]
        if node.op == "and":
            return lambda v, env: all(v[i] for i in items)
        if node.op == "or":
            return lambda v, env: any(v[i] for i in items)
        if node.op == "not":
            first = items[0]
            return lambda v, env: not v[first]
        first, second = items
        if node.op == "implies":
            return lambda v, env: (not v[first]) or bool(v[second])
        return lambda v, env: bool(v[first]) == bool(v[second])


def compile_node(node: Node) -> Callable[[Env], Any]:
    """A function evaluating one tree with Python ints and Fractions (see :class:`Program`).

    Examples:
        >>> from symtconv.prover.language import parse_number_expression
        >>> f = compile_node(parse_number_expression("(-7) // 2 + (-7) % 2 + 7 // -2 + 7 % -2"))
        >>> f({}) == (-7) // 2 + (-7) % 2 + 7 // -2 + 7 % -2
        True
    """
    program = Program([node])
    return lambda env: program.run(env)[0]
