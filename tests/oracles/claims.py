"""An independent evaluator of size claims.

Sizes are computed by brute force (:mod:`.sizes`: counting window positions,
taking the extent of the scatter), not by the formulas under test, and the
arithmetic by Python's own parser and operators (``/`` exact with Fraction).
Every size call checks its domain and raises :class:`OutsideDomain` otherwise,
so an assignment that evaluates without raising is inside the domain.

Examples:
    >>> holds("conv_out(tconv_out(i, k, s, p, d, op), k, s, p, d) == i",
    ...       {"i": 3, "k": 3, "s": 2, "p": 1, "d": 1, "op": 1})
    True
"""

from __future__ import annotations

import ast
import math
from fractions import Fraction
from typing import Any

from . import phases
from .sizes import conv_length, tconv_length

__all__ = ["OutsideDomain", "breaks", "conv_out", "holds", "tconv_out"]


class OutsideDomain(Exception):
    """The assignment is outside the claim's implicit domain."""


def _pads(p: int, p_lo: int | None, p_hi: int | None) -> tuple[int, int]:
    if (p_lo is None) != (p_hi is None):
        raise TypeError("give both p_lo and p_hi")
    return (p, p) if p_lo is None else (p_lo, p_hi)  # type: ignore[return-value]


def conv_out(
    i: int,
    k: int,
    s: int = 1,
    p: int = 0,
    d: int = 1,
    *,
    p_lo: int | None = None,
    p_hi: int | None = None,
) -> int:
    """Forward output size: the number of window positions that fit (counted)."""
    lo, hi = _pads(p, p_lo, p_hi)
    if not (i >= 1 and k >= 1 and s >= 1 and lo >= 0 and hi >= 0 and d >= 1):
        raise OutsideDomain(f"conv_out({i}, {k}, {s}, {lo}:{hi}, {d})")
    length = i + lo + hi
    if length < d * (k - 1) + 1:
        raise OutsideDomain(f"conv_out: padded input {length} shorter than the kernel")
    return conv_length(i, k, s, lo, hi, d)


def tconv_out(
    i: int,
    k: int,
    s: int = 1,
    p: int = 0,
    d: int = 1,
    op: int = 0,
    *,
    p_lo: int | None = None,
    p_hi: int | None = None,
) -> int:
    """Transposed output size: the extent of the scatter, cropped, plus op (counted)."""
    lo, hi = _pads(p, p_lo, p_hi)
    if not (i >= 1 and k >= 1 and s >= 1 and lo >= 0 and hi >= 0 and d >= 1 and op >= 0):
        raise OutsideDomain(f"tconv_out({i}, {k}, {s}, {lo}:{hi}, {d}, {op})")
    size = tconv_length(i, k, s, lo, hi, d, op)
    if size < 1:
        raise OutsideDomain(f"tconv_out: size {size}")
    return size


def _counted(name: str) -> Any:
    """A phase-counting function of :mod:`.phases`, outside its domain raising OutsideDomain."""
    fn = getattr(phases, name)

    def call(k: int, s: int, d: int, *rest: int) -> int:
        if not (k >= 1 and s >= 1 and d >= 1):
            raise OutsideDomain(f"{name}({k}, {s}, {d}, ...)")
        return int(fn(k, s, d, *rest))

    return call


def _div(a: Any, b: Any) -> Any:
    value = Fraction(a) / Fraction(b)
    return int(value) if value.denominator == 1 else value


def _mod(a: Any, b: Any) -> Any:
    return a % b


def _all(*values: Any) -> bool:
    return all(values)


def _any(*values: Any) -> bool:
    return any(values)


class _Strict(ast.NodeTransformer):
    """Exact ``/``; ``and``, ``or`` and comparison chains evaluate every operand."""

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Div):
            return ast.Call(ast.Name("_div", ast.Load()), [node.left, node.right], [])
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        self.generic_visit(node)
        name = "_all" if isinstance(node.op, ast.And) else "_any"
        return ast.Call(ast.Name(name, ast.Load()), node.values, [])

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        if len(node.ops) == 1:
            return node
        operands = [node.left, *node.comparators]
        pairs = [
            ast.Compare(a, [op], [b])
            for op, a, b in zip(node.ops, operands, operands[1:], strict=False)
        ]
        return ast.Call(ast.Name("_all", ast.Load()), pairs, [])


_NAMES = {
    "conv_out": conv_out,
    "tconv_out": tconv_out,
    "floor": math.floor,
    "ceiling": math.ceil,
    "Mod": _mod,
    "min": min,
    "max": max,
    "abs": abs,
    "gcd": phases.gcd,
    "taps": _counted("taps"),
    "min_taps": _counted("min_taps"),
    "max_taps": _counted("max_taps"),
    "_div": _div,
    "_all": _all,
    "_any": _any,
}


def _split_top(text: str, word: str) -> tuple[str, str] | None:
    depth = 0
    for n, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and text.startswith(f" {word} ", n):
            return text[:n], text[n + len(word) + 2 :]
    return None


def holds(claim: str, env: dict[str, int]) -> bool:
    """The truth of a claim (canonical text) at an assignment.

    ``iff`` and ``implies`` may appear once, at the top level (as in the
    theorems); the rest is Python syntax with ``^`` for powers.

    Raises:
        OutsideDomain: a size call or a division is outside the domain.
    """
    for word in ("iff", "implies"):
        parts = _split_top(claim, word)
        if parts is not None:
            a, b = holds(parts[0], env), holds(parts[1], env)
            return a == b if word == "iff" else (not a) or b
    tree = ast.parse(claim.replace("^", "**"), mode="eval")
    tree = ast.fix_missing_locations(_Strict().visit(tree))
    try:
        code = compile(tree, "<claim>", "eval")
        return bool(eval(code, {"__builtins__": {}}, {**_NAMES, **env}))
    except ZeroDivisionError as exc:
        raise OutsideDomain("division by zero") from exc


def breaks(claim: str, assume: tuple[str, ...] | list[str], env: dict[str, int]) -> bool:
    """True when env is in the domain, satisfies every assumption and breaks the claim."""
    return all(holds(a, env) for a in assume) and not holds(claim, env)
