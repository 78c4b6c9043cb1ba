"""Readable proof steps: definitions substituted, floors written as ``den*q + r``.

:func:`reduction_steps` explains how a claim is brought to the form the SMT
solver decides, in text and LaTeX:

1. substitute the definitions of ``conv_out`` / ``tconv_out`` (the formulas
   of :mod:`symtconv.core.shapes`);
2. write each floor/mod argument as ``den*q + r`` with ``0 <= r < den``, so
   ``floor(num/den) = q`` and ``Mod(num, den) = r``;
3. eliminate a variable through each of these equations (and through the
   assumed equations), and simplify: an identity, a fact about ``q`` and ``r``
   left for the solver, or a claim with no floor at all.

The steps explain; the verdict comes from the solver and the exhaustive check
(:mod:`symtconv.prover.proof`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy

from .language.parser import to_sympy
from .language.syntax import (
    LATEX_COMPARISONS,
    LATEX_LOGIC,
    PRECEDENCE,
    BoolConst,
    Compare,
    Logic,
    Node,
    Var,
    children,
    latex,
    size_calls,
    text,
)
from .smt import Division, Encoding, bound_text

__all__ = ["Reduction", "Step", "reduction_steps", "show_condition"]


@dataclass(frozen=True)
class Step:
    """One step of a proof, in text and in LaTeX.

    Attributes:
        title: what the step does.
        lines: its content, one statement per line (plain text).
        latex: the same lines in LaTeX (math mode, ``\\text{}`` for words).
    """

    title: str
    lines: tuple[str, ...]
    latex: tuple[str, ...]


@dataclass(frozen=True)
class Reduction:
    """The outcome of the simplification step.

    Attributes:
        steps: the steps, in order.
        identity: True when the claim became true by simplification alone.
    """

    steps: tuple[Step, ...]
    identity: bool


#: Comparisons and connectives in LaTeX (the claim language's own tables).
_LATEX_OPERATORS = {**LATEX_COMPARISONS, **LATEX_LOGIC}


def show_condition(
    node: Node,
    leaf: Callable[[Node], sympy.Expr],
    as_latex: bool = False,
    tidy: Callable[[sympy.Expr], sympy.Expr] | None = None,
) -> str:
    """A condition with its number expressions replaced by SymPy forms (``leaf``).

    With ``tidy``, each two-sided comparison ``a op b`` is shown as
    ``tidy(a - b) op 0``.
    """

    def fmt(expr: sympy.Expr) -> str:
        return sympy.latex(expr) if as_latex else str(expr)

    def fmt_op(op: str) -> str:
        return _LATEX_OPERATORS[op] if as_latex else op

    def go(n: Node) -> tuple[str, int]:
        if isinstance(n, Compare):
            if tidy is not None and len(n.ops) == 1:
                difference = tidy(leaf(n.operands[0]) - leaf(n.operands[1]))
                return f"{fmt(difference)} {fmt_op(n.ops[0])} 0", PRECEDENCE["cmp"]
            out = fmt(leaf(n.operands[0]))
            for op, operand in zip(n.ops, n.operands[1:], strict=False):
                out += f" {fmt_op(op)} {fmt(leaf(operand))}"
            return out, PRECEDENCE["cmp"]
        if isinstance(n, Logic):
            if n.op == "not":
                inner, prec = go(n.items[0])
                inner = _paren(inner, prec < PRECEDENCE["not"], as_latex)
                return ("\\neg " if as_latex else "not ") + inner, PRECEDENCE["not"]
            parts = []
            for item in children(n):
                inner, prec = go(item)
                parts.append(_paren(inner, prec <= PRECEDENCE[n.op], as_latex))
            return f" {fmt_op(n.op)} ".join(parts), PRECEDENCE[n.op]
        return (latex(n) if as_latex else text(n)), PRECEDENCE["atom"]

    return go(node)[0]


def _paren(inner: str, needed: bool, as_latex: bool) -> str:
    if not needed:
        return inner
    return f"\\left({inner}\\right)" if as_latex else f"({inner})"


_SIGN_TEST: dict[str, Callable[[int], bool]] = {
    "==": lambda sign: sign == 0,
    "!=": lambda sign: sign != 0,
    "<": lambda sign: sign < 0,
    "<=": lambda sign: sign <= 0,
    ">": lambda sign: sign > 0,
    ">=": lambda sign: sign >= 0,
}


def _decide(node: Node, leaf: Callable[[Node], sympy.Expr]) -> bool | None:
    """True/False when simplification alone decides the condition, else None."""
    if isinstance(node, BoolConst):
        return node.value
    if isinstance(node, Compare):
        values: list[bool | None] = []
        for op, a, b in zip(node.ops, node.operands, node.operands[1:], strict=False):
            diff = sympy.expand(leaf(a) - leaf(b))
            if diff.is_number:
                sign = 0 if diff == 0 else 1 if diff > 0 else -1
                values.append(_SIGN_TEST[op](sign))
            else:
                values.append(None)
        if False in values:
            return False
        return True if all(v is True for v in values) else None
    if not isinstance(node, Logic):
        return None
    items = [_decide(item, leaf) for item in children(node)]
    if node.op == "not":
        return None if items[0] is None else not items[0]
    if node.op == "and":
        return False if False in items else True if all(v is True for v in items) else None
    if node.op == "or":
        return True if True in items else False if all(v is False for v in items) else None
    first, second = items
    if node.op == "implies":
        if first is False or second is True:
            return True
        return False if (first, second) == (True, False) else None
    return None if first is None or second is None else first == second


def _linear_solution(eq: sympy.Expr, var: sympy.Symbol) -> sympy.Expr | None:
    """``var``'s value from ``eq == 0`` when ``eq`` is ``±var + rest`` (rest free of var)."""
    expanded = sympy.expand(eq)
    coefficient = expanded.coeff(var, 1)
    rest = sympy.expand(expanded - coefficient * var)
    if coefficient in (1, -1) and var not in rest.free_symbols:
        return sympy.expand(-rest / coefficient)
    return None


def reduction_steps(
    enc: Encoding,
    claim: Node,
    assumptions: Sequence[Node],
    domain: Sequence[Node],
    positive: Callable[[sympy.Expr], bool],
) -> Reduction:
    """The steps that bring the claim to the form the solver decides.

    Args:
        enc: the encoding of the claim, the assumptions and the domain.
        claim: the claim.
        assumptions: the assumptions.
        domain: the domain conditions.
        positive: tells whether the hypotheses imply ``expr > 0`` (for the
            way each remainder's bounds are written).
    """
    steps: list[Step] = []
    calls = size_calls(claim, *assumptions)
    raw = enc.raw.__getitem__
    if calls:
        lines = [f"{text(c)} = {to_sympy(c)}" for c in calls]
        tex = [f"{latex(c)} = {sympy.latex(to_sympy(c))}" for c in calls]
        lines.append("claim: " + show_condition(claim, raw))
        tex.append("\\text{claim: } " + show_condition(claim, raw, True))
        for n, a in enumerate(assumptions, start=1):
            if size_calls(a):
                lines.append(f"assumption {n}: " + show_condition(a, raw))
                tex.append(f"\\text{{assumption {n}: }} " + show_condition(a, raw, True))
        steps.append(Step("Substitute the definitions", tuple(lines), tuple(tex)))
    reduced = enc.leaves.__getitem__
    if enc.divisions:
        lines, tex = [], []
        for div in enc.divisions:
            sure = positive(div.den)
            lines.append(f"{div.num} = {_times(div)} + {div.r}, {bound_text(div, sure)}")
            tex.append(
                f"{sympy.latex(div.num)} = {sympy.latex(div.den * div.q)} + "
                f"{sympy.latex(div.r)},\\quad {_bound_latex(div, sure)}"
            )
        lines.append("claim: " + show_condition(claim, reduced))
        tex.append("\\text{claim: } " + show_condition(claim, reduced, True))
        for n, a in enumerate(assumptions, start=1):
            if show_condition(a, reduced) != text(a):
                lines.append(f"assumption {n}: " + show_condition(a, reduced))
                tex.append(f"\\text{{assumption {n}: }} " + show_condition(a, reduced, True))
        steps.append(
            Step("Write each floor/mod argument as divisor*q + r", tuple(lines), tuple(tex))
        )
    subs, used = _eliminations(enc, assumptions)
    tidy = _tidier(enc)

    def final(node: Node) -> sympy.Expr:
        return tidy(enc.leaves[node].xreplace(subs)) if subs else enc.leaves[node]

    verdict = _decide(claim, final)
    lines, tex = [], []
    for var, value in subs.items():
        lines.append(f"{var} = {tidy(value)}")
        tex.append(f"{sympy.latex(var)} = {sympy.latex(tidy(value))}")
    if subs or verdict is not None:
        lines.append("claim: " + show_condition(claim, final))
        tex.append("\\text{claim: } " + show_condition(claim, final, True))
        if verdict is True:
            lines.append("true for every value of the variables: an identity")
            tex.append("\\text{true for every value of the variables: an identity}")
        elif verdict is False:
            lines.append("the simplified claim is false for every value")
            tex.append("\\text{the simplified claim is false for every value}")
        else:
            facts = _facts(enc, assumptions, domain, subs, used, positive, tidy)
            if facts:
                lines.append("left to decide, given: " + "; ".join(f[0] for f in facts))
                tex.append("\\text{left to decide, given: } " + ";\\ ".join(f[1] for f in facts))
        title = "Eliminate and simplify" if subs else "Simplify"
        steps.append(Step(title, tuple(lines), tuple(tex)))
    return Reduction(tuple(steps), verdict is True)


def _tidier(enc: Encoding) -> Callable[[sympy.Expr], sympy.Expr]:
    """Expand, then collect by the symbols found in the most terms first (``d*(k - 1)``)."""
    names = [sympy.Symbol(n, integer=True) for n in enc.names]

    def tidy(expr: sympy.Expr) -> sympy.Expr:
        expanded = sympy.expand(expr)
        terms = sympy.Add.make_args(expanded)
        symbols = sorted(
            expanded.free_symbols,
            key=lambda v: (-sum(1 for t in terms if v in t.free_symbols), _rank(v, names)),
        )
        return sympy.collect(expanded, symbols) if symbols else expanded

    return tidy


def _rank(symbol: sympy.Symbol, names: list[sympy.Symbol]) -> tuple[int, str]:
    return (names.index(symbol) if symbol in names else len(names), str(symbol))


def _times(div: Division) -> str:
    if div.den == 1:
        return str(div.q)
    den = f"({div.den})" if div.den.is_Add else str(div.den)
    return f"{den}*{div.q}"


def _bound_latex(div: Division, sure: bool) -> str:
    r, den = sympy.latex(div.r), sympy.latex(div.den)
    sign = div.sign(sure)
    if sign > 0:
        return f"0 \\le {r} < {den}"
    if sign < 0:
        return f"{den} < {r} \\le 0"
    return (
        f"0 \\le {r} < {den} \\text{{ if }} {den} > 0,\\ "
        f"{den} < {r} \\le 0 \\text{{ if }} {den} < 0"
    )


def _eliminations(
    enc: Encoding, assumptions: Sequence[Node]
) -> tuple[dict[sympy.Symbol, sympy.Expr], set[int]]:
    """Substitutions from the division equations, then from assumed equations.

    Returns:
        The substitutions, and the indices of the divisions whose equation was used.
    """
    subs: dict[sympy.Symbol, sympy.Expr] = {}
    used: set[int] = set()
    users = [sympy.Symbol(n, integer=True) for n in enc.names]

    def add(var: sympy.Symbol, value: sympy.Expr) -> None:
        for key in list(subs):
            subs[key] = sympy.expand(subs[key].xreplace({var: value}))
        subs[var] = value

    for n, div in enumerate(enc.divisions):
        eq = (div.num - div.den * div.q - div.r).xreplace(subs)
        for var in users:
            if var in subs or var not in eq.free_symbols or var in div.den.free_symbols:
                continue
            value = _linear_solution(eq, var)
            if value is not None:
                add(var, value)
                used.add(n)
                break
    fresh = [s for d in enc.divisions for s in (d.r, d.q)]
    for assumption in assumptions:
        if not (isinstance(assumption, Compare) and assumption.ops == ("==",)):
            continue
        a, b = assumption.operands
        eq = sympy.expand((enc.leaves[a] - enc.leaves[b]).xreplace(subs))
        for var in [*fresh, *users]:
            if var in subs or var not in eq.free_symbols:
                continue
            value = _linear_solution(eq, var)
            if value is not None:
                add(var, value)
                break
    return subs, used


def _facts(
    enc: Encoding,
    assumptions: Sequence[Node],
    domain: Sequence[Node],
    subs: dict[sympy.Symbol, sympy.Expr],
    used: set[int],
    positive: Callable[[sympy.Expr], bool],
    tidy: Callable[[sympy.Expr], sympy.Expr],
) -> list[tuple[str, str]]:
    """The facts the remaining claim rests on, in (text, LaTeX), after the substitutions.

    These are the division equations not used for an elimination, the
    remainders' bounds, the assumptions, and the domain's bounds on the
    eliminated variables (the solver uses the whole domain).
    """

    def leaf(node: Node) -> sympy.Expr:
        return enc.leaves[node].xreplace(subs)

    out: list[tuple[str, str]] = []
    for n, div in enumerate(enc.divisions):
        if n not in used:
            left = tidy(div.num.xreplace(subs))
            right = (div.den * div.q + div.r).xreplace(subs)
            if sympy.expand(left - right) != 0:
                out.append((f"{left} = {right}", f"{sympy.latex(left)} = {sympy.latex(right)}"))
    for div in enc.divisions:
        if div.r not in subs:
            sure = positive(div.den)
            den = div.den.xreplace(subs)
            shown = Division(div.num, den, div.q, div.r, div.integral)
            out.append((bound_text(shown, sure), _bound_latex(shown, sure)))
    eliminated = {str(v) for v in subs}
    bounds = [c for c in domain if _bounded_variable(c) in eliminated]
    for node in [*assumptions, *bounds]:
        if _decide(node, leaf) is not True:
            out.append(
                (show_condition(node, leaf, tidy=tidy), show_condition(node, leaf, True, tidy))
            )
    return list(dict.fromkeys(out))


def _bounded_variable(node: Node) -> str | None:
    """``v`` when the condition is ``v >= c`` (a bound of the domain), else None."""
    if isinstance(node, Compare) and len(node.ops) == 1:
        left = node.operands[0]
        if isinstance(left, Var):
            return left.name
    return None
