"""From claims to an SMT query: floor and mod as ``num = den*q + r``, then z3.

Two stages:

1. :func:`encode` turns every number expression of a claim (its
   comparisons' operands) into SymPy (:func:`symtconv.prover.language.parser.to_sympy`, which
   takes the size formulas from :mod:`symtconv.core.shapes`) and replaces each
   ``floor(num/den)`` by a fresh integer ``q`` and each ``Mod(num, den)`` by
   ``r``, with the division fact ``num = den*q + r``, ``0 <= r < den`` (for
   ``den > 0``; ``den < r <= 0`` for ``den < 0``): exactly Python's ``//``
   and ``%``, whatever the signs (z3's own ``div``/``mod`` round differently
   for negative divisors and are not used).  ``ceiling(x)`` is ``-floor(-x)``.
2. :func:`check_negation` asks z3 (integer arithmetic, with a timeout) whether
   the domain, the assumptions, the division facts and the *negated* claim
   can hold together: ``unsat`` proves the claim, ``sat`` gives a candidate
   counterexample, ``unknown`` decides nothing.

Examples:
    >>> from symtconv.prover.language import parse_claim
    >>> claim = parse_claim("conv_out(i, k, 2) == (i - k) // 2 + 1")
    >>> domain = [parse_claim("i >= k"), parse_claim("k >= 1")]
    >>> enc = encode([claim, *domain])
    >>> [str(d) for d in enc.divisions]
    ['i - k = 2*q + r, 0 <= r < 2']
    >>> check_negation(enc, claim, domain).status
    'unsat'
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy
import z3

from ..errors import EncodingError
from .language.parser import to_sympy
from .language.syntax import BoolConst, Compare, Logic, Node, children, variables, walk

__all__ = [
    "Division",
    "Encoding",
    "SmtResult",
    "bound_text",
    "check_negation",
    "division_facts",
    "encode",
    "environment",
    "is_positive",
    "size_bound",
    "to_z3",
    "z3_version",
]


def z3_version() -> str:
    """The z3 version string, e.g. ``"4.13.0"``."""
    return str(z3.get_version_string())


@dataclass(frozen=True)
class Division:
    """One floor division: ``num = den*q + r`` with ``r`` between 0 and ``den``.

    Attributes:
        num, den: numerator and denominator (already free of floor/mod).
        q: the quotient ``floor(num/den)`` (an integer symbol).
        r: the remainder ``num - den*q`` (an integer symbol when ``num`` and
            ``den`` are integers, else a rational one).
        integral: whether ``num`` and ``den`` are integer expressions.
    """

    num: sympy.Expr
    den: sympy.Expr
    q: sympy.Symbol
    r: sympy.Symbol
    integral: bool

    def sign(self, den_positive: bool = False) -> int:
        """1 when ``den > 0`` (known), -1 when ``den < 0``, 0 when unknown."""
        return 1 if den_positive else _sign(self.den)

    def __str__(self) -> str:
        return f"{self.num} = {_product(self.den, self.q)} + {self.r}, {bound_text(self)}"


def bound_text(div: Division, den_positive: bool = False) -> str:
    """The bounds of the remainder: ``0 <= r < den``, or both sign cases when unknown."""
    r, den = div.r, _factor(div.den)
    sign = div.sign(den_positive)
    if sign > 0:
        return f"0 <= {r} < {den}"
    if sign < 0:
        return f"{den} < {r} <= 0"
    return f"0 <= {r} < {den} if {den} > 0, {den} < {r} <= 0 if {den} < 0"


def _sign(expr: sympy.Expr) -> int:
    if expr.is_number:
        return 1 if expr > 0 else -1
    return 0


def _factor(expr: sympy.Expr) -> str:
    return f"({expr})" if expr.is_Add else str(expr)


def _product(den: sympy.Expr, q: sympy.Symbol) -> str:
    return str(q) if den == 1 else f"{_factor(den)}*{q}"


@dataclass
class Encoding:
    """The claim's number expressions in SymPy, free of floor and mod.

    Attributes:
        leaves: each comparison operand (a tree node) -> its reduced SymPy form.
        raw: each comparison operand -> its SymPy form before the reduction
            (the definitions substituted, floor and mod still in place).
        divisions: the floor divisions, inner ones first.
        names: the claim's variables (in order of appearance).
    """

    leaves: dict[Node, sympy.Expr]
    raw: dict[Node, sympy.Expr]
    divisions: tuple[Division, ...]
    names: tuple[str, ...]
    fresh: dict[str, sympy.Symbol] = field(default_factory=dict)


class _Reducer:
    """Replaces floor/ceiling/Mod by quotient and remainder symbols, sharing equal ones."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.found: dict[tuple[sympy.Expr, sympy.Expr], Division] = {}

    def reduce(self, expr: sympy.Expr) -> sympy.Expr:
        if not expr.has(sympy.floor, sympy.ceiling, sympy.Mod):
            return expr
        if isinstance(expr, sympy.floor):
            return self._floor(self.reduce(expr.args[0]))
        if isinstance(expr, sympy.ceiling):
            return -self._floor(-self.reduce(expr.args[0]))
        if isinstance(expr, sympy.Mod):
            a, b = (self.reduce(arg) for arg in expr.args)
            if not (a.is_integer and b.is_integer):
                # Mod(n1/m1, n2/m2) = Mod(n1*m2, n2*m1) / (m1*m2): an integer remainder
                n1, m1 = sympy.fraction(sympy.together(a))
                n2, m2 = sympy.fraction(sympy.together(b))
                if all(v.is_integer for v in (n1, m1, n2, m2)):
                    return self._division(n1 * m2, n2 * m1).r / (m1 * m2)
            return self._division(a, b).r
        return expr.func(*(self.reduce(arg) for arg in expr.args))

    def _floor(self, x: sympy.Expr) -> sympy.Expr:
        if x.is_integer:
            return x
        num, den = sympy.fraction(sympy.together(x))
        if num.is_integer and den.is_integer:
            return self._division(num, den).q
        return self._division(x, sympy.Integer(1)).q

    def _division(self, num: sympy.Expr, den: sympy.Expr) -> Division:
        key = (num, den)
        if key not in self.found:
            n = len(self.found) + 1
            integral = bool(num.is_integer and den.is_integer)
            self.found[key] = Division(
                num,
                den,
                sympy.Dummy(f"q{n}", integer=True),
                sympy.Dummy(f"r{n}", **({"integer": True} if integral else {"rational": True})),
                integral,
            )
        return self.found[key]

    def names(self) -> dict[sympy.Symbol, sympy.Symbol]:
        """Readable names: q, r for one division, else q_1, r_1, ...; never a taken name."""
        out: dict[sympy.Symbol, sympy.Symbol] = {}
        count = len(self.found)
        used = set(self.taken)
        for n, div in enumerate(self.found.values(), start=1):
            for sym, base in ((div.q, "q"), (div.r, "r")):
                name = base if count == 1 else f"{base}_{n}"
                while name in used:
                    name += "'"
                used.add(name)
                out[sym] = sympy.Symbol(name, **sym.assumptions0)  # a Dummy made readable
        return out


def _operands(node: Node) -> list[Node]:
    """The number expressions directly under the conditions of a tree."""
    out: list[Node] = []
    for sub in walk(node):
        if isinstance(sub, Compare):
            out.extend(sub.operands)
    return out


def encode(nodes: Sequence[Node]) -> Encoding:
    """Reduce every comparison operand of ``nodes`` (claim, assumptions, domain) to SymPy.

    Raises:
        EncodingError: an operand SymPy cannot express (should not happen for
            the claim language).
    """
    names = variables(*nodes)
    reducer = _Reducer(set(names))
    raw: dict[Node, sympy.Expr] = {}
    reduced: dict[Node, sympy.Expr] = {}
    for node in nodes:
        for operand in _operands(node):
            if operand not in raw:
                try:
                    raw[operand] = to_sympy(operand)
                except ZeroDivisionError as exc:
                    raise EncodingError(
                        f"smt: {operand} divides by an expression equal to 0"
                    ) from exc
                reduced[operand] = reducer.reduce(raw[operand])
    rename = reducer.names()
    divisions = tuple(
        Division(
            d.num.xreplace(rename), d.den.xreplace(rename), rename[d.q], rename[d.r], d.integral
        )
        for d in reducer.found.values()
    )
    leaves = {node: expr.xreplace(rename) for node, expr in reduced.items()}
    fresh = {str(s): s for d in divisions for s in (d.q, d.r)}
    return Encoding(leaves, raw, divisions, names, fresh)


# ----- z3 ----------------------------------------------------------------------------------------


def _z3_term(expr: sympy.Expr, env: dict[str, Any]) -> Any:
    if expr.is_Integer:
        return z3.IntVal(int(expr))
    if expr.is_Rational:
        return z3.Q(int(expr.p), int(expr.q))
    if expr.is_Symbol:
        return env[expr.name]
    if expr.is_Add:
        return z3.Sum([_z3_term(a, env) for a in expr.args])
    if expr.is_Mul:
        top, bottom = [], []
        for factor in expr.args:
            if factor.is_Pow and factor.exp.is_Integer and factor.exp < 0:
                bottom.append(_z3_term(factor.base ** (-factor.exp), env))
            else:
                top.append(_z3_term(factor, env))
        numerator = z3.Product(top) if len(top) > 1 else top[0] if top else z3.IntVal(1)
        if not bottom:
            return numerator
        denominator = z3.Product(bottom) if len(bottom) > 1 else bottom[0]
        return _real(numerator) / _real(denominator)
    if expr.is_Pow and expr.exp.is_Integer:
        exponent = int(expr.exp)
        base = _z3_term(expr.base, env)
        power = z3.Product([base] * abs(exponent)) if abs(exponent) > 1 else base
        if exponent == 0:
            return z3.IntVal(1)
        return z3.RealVal(1) / _real(power) if exponent < 0 else power
    if isinstance(expr, (sympy.Min, sympy.Max)):
        args = [_z3_term(a, env) for a in expr.args]
        pick = (lambda a, b: a <= b) if isinstance(expr, sympy.Min) else (lambda a, b: a >= b)
        out = args[0]
        for arg in args[1:]:
            out = z3.If(pick(out, arg), out, arg)
        return out
    if isinstance(expr, sympy.Abs):
        arg = _z3_term(expr.args[0], env)
        return z3.If(arg >= 0, arg, -arg)
    raise EncodingError(f"smt: cannot encode {expr} ({type(expr).__name__}) for z3")


def _real(term: Any) -> Any:
    """A z3 term as a real (exact rational) term, for division."""
    return z3.ToReal(term) if z3.is_int(term) else term


_Z3_CMP: dict[str, Callable[[Any, Any], Any]] = {  # z3 overloads the operators
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def to_z3(node: Node, enc: Encoding, env: dict[str, Any]) -> Any:
    """A condition of the claim language as a z3 formula (over ``env``'s variables)."""
    if isinstance(node, BoolConst):
        return z3.BoolVal(node.value)
    if isinstance(node, Compare):
        terms = [_z3_term(enc.leaves[o], env) for o in node.operands]
        parts = [_Z3_CMP[op](a, b) for op, a, b in zip(node.ops, terms, terms[1:], strict=False)]
        return parts[0] if len(parts) == 1 else z3.And(parts)
    if not isinstance(node, Logic):
        raise EncodingError(f"smt: expected a condition, got {node}")
    items = [to_z3(item, enc, env) for item in children(node)]
    if node.op == "and":
        return z3.And(items)
    if node.op == "or":
        return z3.Or(items)
    if node.op == "not":
        return z3.Not(items[0])
    if node.op == "implies":
        return z3.Implies(items[0], items[1])
    return items[0] == items[1]


def environment(enc: Encoding) -> dict[str, Any]:
    """z3 constants for the claim's variables (integers) and the quotients and remainders."""
    env: dict[str, Any] = {name: z3.Int(name) for name in enc.names}
    for div in enc.divisions:
        env[str(div.q)] = z3.Int(str(div.q))
        env[str(div.r)] = z3.Int(str(div.r)) if div.integral else z3.Real(str(div.r))
    return env


def division_facts(enc: Encoding, env: dict[str, Any]) -> list[Any]:
    """``num == den*q + r`` and the bounds of ``r`` (Python's floor semantics) per division."""
    facts = []
    for div in enc.divisions:
        num, den = _z3_term(div.num, env), _z3_term(div.den, env)
        q, r = env[str(div.q)], env[str(div.r)]
        facts.append(num == den * q + r)
        sign = _sign(div.den)
        if sign > 0:
            facts.append(z3.And(0 <= r, r < den))
        elif sign < 0:
            facts.append(z3.And(den < r, r <= 0))
        else:
            facts.append(z3.Implies(den > 0, z3.And(0 <= r, r < den)))
            facts.append(z3.Implies(den < 0, z3.And(den < r, r <= 0)))
    return facts


def _solver(
    enc: Encoding, hypotheses: Sequence[Node], timeout: float
) -> tuple[z3.Solver, dict[str, Any]]:
    """A z3 solver (with a timeout) holding the hypotheses and the division facts, and its
    variables."""
    env = environment(enc)
    solver = z3.Solver()
    solver.set("timeout", max(1, int(timeout * 1000)))
    for hypothesis in hypotheses:
        solver.add(to_z3(hypothesis, enc, env))
    solver.add(*division_facts(enc, env))
    return solver, env


@dataclass(frozen=True)
class SmtResult:
    """The answer of z3 about the negated claim.

    Attributes:
        status: ``"unsat"`` (the claim holds), ``"sat"`` (a candidate
            counterexample in ``model``) or ``"unknown"``.
        model: the claim variables' values when sat.
        reason: z3's reason when unknown (``"timeout"``, ``"incomplete ..."``).
        seconds: solver time.
        smtlib: the query as an SMT-LIB 2 script (re-runnable with ``z3 FILE``).
    """

    status: str
    model: dict[str, int] | None
    reason: str | None
    seconds: float
    smtlib: str


def check_negation(
    enc: Encoding,
    claim: Node | None,
    hypotheses: Sequence[Node],
    timeout: float = 10.0,
    extra: Sequence[Any] = (),
) -> SmtResult:
    """Can the hypotheses (domain and assumptions) hold while the claim fails?

    Args:
        enc: the encoding of the claim and every hypothesis.
        claim: the claim, or None to ask whether the hypotheses can hold at all.
        hypotheses: the domain conditions and the assumptions.
        timeout: seconds before z3 gives up (answer ``unknown``).
        extra: more z3 constraints (used to look for smaller counterexamples).
    """
    start = time.perf_counter()
    try:
        solver, env = _solver(enc, hypotheses, timeout)
        if claim is not None:
            solver.add(z3.Not(to_z3(claim, enc, env)))
        for constraint in extra:
            solver.add(constraint)
        answer = _check(solver)
        seconds = time.perf_counter() - start
        smtlib = solver.to_smt2()
        if answer == z3.unsat:
            return SmtResult("unsat", None, None, seconds, smtlib)
        if answer == z3.sat:
            model = solver.model()
            values = {
                name: int(model.eval(env[name], model_completion=True).as_long())
                for name in enc.names
            }
            return SmtResult("sat", values, None, seconds, smtlib)
        return SmtResult("unknown", None, solver.reason_unknown(), seconds, smtlib)
    except z3.Z3Exception as exc:
        reason = f"z3 failed: {exc}"
        return SmtResult("unknown", None, reason, time.perf_counter() - start, "")


def size_bound(enc: Encoding, below: int) -> list[Any]:
    """The constraint ``sum |v| < below`` over the claim's variables (to shrink a model)."""
    env = environment(enc)
    terms = [z3.If(env[n] >= 0, env[n], -env[n]) for n in enc.names]
    return [z3.Sum(terms) < below] if terms else []


def is_positive(
    enc: Encoding, expr: sympy.Expr, hypotheses: Sequence[Node], timeout: float = 1.0
) -> bool:
    """Whether the hypotheses imply ``expr > 0`` (z3, within ``timeout`` seconds)."""
    if expr.is_number:
        return bool(expr > 0)
    solver, env = _solver(enc, hypotheses, timeout)
    solver.add(_z3_term(expr, env) <= 0)
    return bool(_check(solver) == z3.unsat)


def _check(solver: Any) -> Any:
    """``solver.check()``, with Ctrl-C passed on: z3 catches SIGINT while it runs and answers
    "unknown (interrupted from keyboard)", which is the user's interrupt, not an answer.

    Raises:
        KeyboardInterrupt: z3 was interrupted by Ctrl-C.
    """
    answer = solver.check()
    if answer == z3.unknown and "interrupted" in solver.reason_unknown():
        raise KeyboardInterrupt
    return answer
