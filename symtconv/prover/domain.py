"""The implicit domain of a claim: where its sizes and quotients are defined.

Every variable is an integer.  For each ``conv_out(i, k, s, p, d)`` in the
claim or its assumptions: ``i >= 1, k >= 1, s >= 1, p >= 0, d >= 1`` and the
padded input covers the dilated kernel, ``i + 2p >= d(k-1) + 1`` (with
``p_lo + p_hi`` for asymmetric padding).  For each ``tconv_out(i, k, s, p, d,
op)``: ``i >= 1, k >= 1, s >= 1, p >= 0, d >= 1, op >= 0`` and a result
``>= 1``.  For each ``taps(k, s, d, r)``, ``min_taps(k, s, d)`` and
``max_taps(k, s, d)``: ``k >= 1, s >= 1, d >= 1``.  Every divisor (of ``/``,
``//``, ``%``, ``Mod``) is nonzero.

Conditions that hold for their literal values are left out; a literal that
violates one is an error (no assignment could satisfy the domain).

Examples:
    >>> from symtconv.prover.language import parse_claim
    >>> [str(c) for c in domain_conditions([parse_claim("conv_out(i, k, 2) == i // 2")])]
    ['i >= 1', 'k >= 1', 'i >= k']
    >>> lower_bounds(domain_conditions([parse_claim("tconv_out(n, 3, s) > 0")]))
    {'n': 1, 's': 1}
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..errors import SpecError
from .language.counting import COUNTING
from .language.evaluate import compile_node
from .language.parser import to_sympy
from .language.syntax import (
    BinOp,
    Compare,
    Func,
    Logic,
    Neg,
    Node,
    Num,
    SizeCall,
    Var,
    text,
    variables,
    walk,
)

__all__ = ["describe_domain", "domain_conditions", "lower_bounds"]

# parameter -> (lowest value, what it is)
_LOWEST = {
    "i": (1, "input size"),
    "k": (1, "kernel size"),
    "s": (1, "stride"),
    "p": (0, "padding"),
    "p_lo": (0, "low padding"),
    "p_hi": (0, "high padding"),
    "d": (1, "dilation"),
    "op": (0, "output padding"),
}


def _add(a: Node, b: Node) -> Node:
    if a == Num(0):
        return b
    if b == Num(0):
        return a
    if isinstance(a, Num) and isinstance(b, Num):
        return Num(a.value + b.value)
    if isinstance(a, BinOp) and a.op == "-" and a.right == b:  # (x - c) + c -> x
        return a.left
    return BinOp("+", a, b)


def _mul(a: Node, b: Node) -> Node:
    if a == Num(1):
        return b
    if b == Num(1):
        return a
    if Num(0) in (a, b):
        return Num(0)
    if isinstance(a, Num) and isinstance(b, Num):
        return Num(a.value * b.value)
    return BinOp("*", a, b)


def _minus_one(a: Node) -> Node:
    return Num(a.value - 1) if isinstance(a, Num) else BinOp("-", a, Num(1))


def _call_conditions(call: SizeCall) -> list[tuple[Node, str]]:
    """(condition, reason) pairs for one size call."""
    where = text(call)
    out: list[tuple[Node, str]] = []
    names = [n for n, _ in call.params]
    for name in names:
        low, what = _LOWEST[name]
        out.append(
            (Compare((">=",), (call.arg(name), Num(low))), f"{where}: {what} {name} >= {low}")
        )
    reach = _add(_mul(call.arg("d"), _minus_one(call.arg("k"))), Num(1))
    if call.name == "conv_out":
        if call.symmetric:
            padded = _add(call.arg("i"), _mul(Num(2), call.arg("p")))
        else:
            padded = _add(_add(call.arg("i"), call.arg("p_lo")), call.arg("p_hi"))
        covered = Compare((">=",), (padded, reach))
        out.append((covered, f"{where}: the padded input covers the dilated kernel"))
    else:
        out.append((Compare((">=",), (call, Num(1))), f"{where}: the output size is >= 1"))
    return out


def _count_conditions(func: Func) -> list[tuple[Node, str]]:
    """(condition, reason) pairs for a phase-counting function: ``k, s, d >= 1``."""
    where = text(func)
    return [
        (Compare((">=",), (arg, Num(1))), f"{where}: {_LOWEST[name][1]} {name} >= 1")
        for name, arg in zip(COUNTING[func.name], func.args)
        if name in ("k", "s", "d")
    ]


def _divisor_conditions(node: Node, what: str) -> list[tuple[Node, str]]:
    out: list[tuple[Node, str]] = []
    for sub in walk(node):
        divisor = None
        if isinstance(sub, BinOp) and sub.op in ("/", "//", "%"):
            divisor = sub.right
        elif isinstance(sub, Func) and sub.name == "Mod":
            divisor = sub.args[1]
        if divisor is not None:
            if variables(divisor) and _identically_zero(divisor):
                raise SpecError(
                    f"{what}: the divisor {text(divisor)} in {text(sub)} is 0 for every value, "
                    "so no assignment is in the domain"
                )
            out.append((Compare(("!=",), (divisor, Num(0))), f"{text(sub)}: nonzero divisor"))
    return out


def _identically_zero(node: Node) -> bool:
    """Whether a number expression simplifies to 0 (or divides by such an expression)."""
    try:
        return bool(to_sympy(node) == 0)
    except ZeroDivisionError:
        return True


def domain_conditions(nodes: Sequence[Node], what: str = "claim") -> list[Node]:
    """The domain's conditions for a claim and its assumptions (inner calls first).

    Raises:
        SpecError: a literal argument outside the domain (such as a stride of 0
            or a division by 0), so that no assignment is in the domain.
    """
    pairs: list[tuple[Node, str]] = []
    for node in nodes:
        for sub in walk(node):
            if isinstance(sub, SizeCall):
                pairs.extend(_call_conditions(sub))
            elif isinstance(sub, Func) and sub.name in COUNTING:
                pairs.extend(_count_conditions(sub))
        pairs.extend(_divisor_conditions(node, what))
    out: dict[Node, None] = {}
    for condition, reason in pairs:
        if not variables(condition):
            try:
                holds = bool(compile_node(condition)({}))
            except ZeroDivisionError:
                holds = False
            if not holds:
                raise SpecError(
                    f"{what}: {reason} fails ({text(condition)} is false), so no assignment "
                    "is in the domain"
                )
            continue
        out.setdefault(condition, None)
    lows = lower_bounds(out)
    return [c for c in out if not _implied_nonzero(c, lows)]


def _implied_nonzero(condition: Node, lows: dict[str, int]) -> bool:
    """``v != 0`` where another condition already gives ``v >= 1``."""
    if isinstance(condition, Compare) and condition.ops == ("!=",):
        divisor, zero = condition.operands
        return zero == Num(0) and isinstance(divisor, Var) and lows.get(divisor.name, 0) >= 1
    return False


def _bound(node: Node) -> tuple[str, int] | None:
    """``(name, lowest value)`` when ``node`` is ``v >= c``, ``v > c``, ``c <= v`` or ``c < v``."""
    if not isinstance(node, Compare) or len(node.ops) != 1:
        return None
    (op,), (a, b) = node.ops, node.operands
    if op in ("<", "<="):
        op, a, b = {"<": ">", "<=": ">="}[op], b, a
    value = _literal(b)
    if op in (">", ">=") and isinstance(a, Var) and value is not None:
        return a.name, value + (1 if op == ">" else 0)
    return None


def _literal(node: Node) -> int | None:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Neg) and isinstance(node.arg, Num):
        return -node.arg.value
    return None


def _conjuncts(node: Node) -> Iterable[Node]:
    if isinstance(node, Logic) and node.op == "and":
        for item in node.items:
            yield from _conjuncts(item)
    elif isinstance(node, Compare) and len(node.ops) > 1:
        for op, a, b in zip(node.ops, node.operands, node.operands[1:], strict=False):
            yield Compare((op,), (a, b))
    else:
        yield node


def lower_bounds(conditions: Iterable[Node]) -> dict[str, int]:
    """The largest literal lower bound of each variable in the (conjunctive) conditions."""
    out: dict[str, int] = {}
    for condition in conditions:
        for part in _conjuncts(condition):
            found = _bound(part)
            if found is not None:
                name, value = found
                out[name] = max(out.get(name, value), value)
    return out


def describe_domain(names: Sequence[str], conditions: Sequence[Node]) -> list[str]:
    """The domain as lines of text: the integer variables, then each condition."""
    if not names:
        head = "no variables"
    elif len(names) == 1:
        head = f"{names[0]} is an integer"
    else:
        head = f"{', '.join(names)} are integers"
    return [head, *(text(c) for c in conditions)]
