"""The tree of a claim: node classes, types, traversal and printing.

A claim (:mod:`symtconv.prover.language.parser` parses it) is a tree of frozen dataclasses:
numbers (:class:`Num`, :class:`Var`, :class:`Neg`, :class:`BinOp`,
:class:`Func`, :class:`SizeCall`) and conditions (:class:`Compare`,
:class:`Logic`, :class:`BoolConst`).  :func:`kind_of` checks the types
(integer, rational or condition); :func:`text` prints canonical claim text
(which parses back to the same tree) and :func:`latex` prints LaTeX.

Examples:
    >>> tree = Compare(("<=",), (Num(0), BinOp("%", Var("i"), Var("s"))))
    >>> text(tree), kind_of(tree)
    ('0 <= i % s', 'bool')
    >>> print(latex(tree))
    0 \\le i \\bmod s
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import sympy

from ...core.lexer import clip
from ...errors import ParseError
from .counting import COUNTING

__all__ = [
    "LATEX_COMPARISONS",
    "LATEX_LOGIC",
    "PRECEDENCE",
    "SIZE_PARAMS",
    "BinOp",
    "BoolConst",
    "Compare",
    "Func",
    "Logic",
    "Neg",
    "Node",
    "Num",
    "SizeCall",
    "Var",
    "children",
    "expect_kind",
    "kind_of",
    "latex",
    "size_calls",
    "text",
    "variables",
    "walk",
]

#: Size functions: name -> (positional parameters, defaults).
SIZE_PARAMS: dict[str, tuple[tuple[str, ...], dict[str, int]]] = {
    "conv_out": (("i", "k", "s", "p", "d"), {"s": 1, "p": 0, "d": 1}),
    "tconv_out": (("i", "k", "s", "p", "d", "op"), {"s": 1, "p": 0, "d": 1, "op": 0}),
}


# ----- the tree ---------------------------------------------------------------------------


class _Base:
    """Shared behaviour of the tree nodes: they print as claim text."""

    def __str__(self) -> str:
        return text(self)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Num(_Base):
    """An integer literal."""

    value: int


@dataclass(frozen=True)
class Var(_Base):
    """An integer variable."""

    name: str


@dataclass(frozen=True)
class Neg(_Base):
    """Unary minus."""

    arg: Node


@dataclass(frozen=True)
class BinOp(_Base):
    """``left op right`` with op one of ``+ - * / // % ^``."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Func(_Base):
    """``floor``, ``ceiling``, ``Mod``, ``min``, ``max``, ``abs`` or a counting function
    (``gcd``, ``taps``, ``min_taps``, ``max_taps``) of its arguments."""

    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class SizeCall(_Base):
    """``conv_out``/``tconv_out`` with every parameter filled in.

    Attributes:
        name: ``"conv_out"`` or ``"tconv_out"``.
        params: ``(name, value)`` pairs: i, k, s, then p (symmetric) or
            p_lo, p_hi, then d (and op for tconv_out).
    """

    name: str
    params: tuple[tuple[str, Node], ...]

    def arg(self, name: str) -> Node:
        """The value of one parameter (``p_lo``/``p_hi`` give ``p`` when symmetric)."""
        table = dict(self.params)
        if name in ("p_lo", "p_hi") and "p" in table:
            return table["p"]
        return table[name]

    @property
    def symmetric(self) -> bool:
        """True when the padding was given as one ``p``."""
        return any(n == "p" for n, _ in self.params)


@dataclass(frozen=True)
class Compare(_Base):
    """A comparison chain ``a op1 b op2 c ...`` (meaning ``a op1 b and b op2 c``)."""

    ops: tuple[str, ...]
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Logic(_Base):
    """``and``/``or`` (any number of items), ``not`` (one), ``implies``/``iff`` (two)."""

    op: str
    items: tuple[Node, ...]


@dataclass(frozen=True)
class BoolConst(_Base):
    """``true`` or ``false``."""

    value: bool


Node = Num | Var | Neg | BinOp | Func | SizeCall | Compare | Logic | BoolConst

# ----- types: "int", "rat" (rational) or "bool" -----------------------------------------------


def kind_of(node: Node, what: str = "claim", source: str = "") -> str:
    """The type of a tree: ``"int"``, ``"rat"`` or ``"bool"``.

    Raises:
        ParseError: an operand of the wrong type (a condition in arithmetic,
            a number under ``and``, a fraction as a size argument).
    """
    if isinstance(node, (Num, Var)):
        return "int"
    if isinstance(node, BoolConst):
        return "bool"
    if isinstance(node, Neg):
        return expect_kind(node.arg, "num", what, source)
    if isinstance(node, BinOp):
        left = expect_kind(node.left, "num", what, source)
        right = expect_kind(node.right, "num", what, source)
        if node.op == "/":
            return "rat"
        if node.op == "//":
            return "int"
        if node.op == "^":
            return left
        return "int" if left == right == "int" else "rat"
    if isinstance(node, Func):
        kinds = [expect_kind(a, "num", what, source) for a in node.args]
        if node.name in COUNTING and any(k != "int" for k in kinds):
            raise ParseError(
                f"{what}: {node.name}() takes integer arguments, got "
                f"{', '.join(text(a) for a in node.args)} (use // for floor division), in "
                f"{clip(source or text(node))}"
            )
        if node.name in ("floor", "ceiling"):
            return "int"
        return "int" if all(k == "int" for k in kinds) else "rat"
    if isinstance(node, SizeCall):
        for key, value in node.params:
            if expect_kind(value, "num", what, source) != "int":
                raise ParseError(
                    f"{what}: {node.name}() argument {key} = {text(value)} is a fraction; size "
                    f"arguments must be integer expressions (use // for floor division), in "
                    f"{clip(source or text(node))}"
                )
        return "int"
    if isinstance(node, Compare):
        for operand in node.operands:
            expect_kind(operand, "num", what, source)
        return "bool"
    for item in node.items:
        expect_kind(item, "bool", what, source)
    return "bool"


def expect_kind(node: Node, want: str, what: str, source: str) -> str:
    """The type of ``node``, which must be a condition (``"bool"``) or a number (``"num"``).

    Raises:
        ParseError: the node has the other type.
    """
    kind = kind_of(node, what, source)
    if (want == "bool") != (kind == "bool"):
        if want == "bool":
            expected, got = "a condition (a comparison such as a == b)", "the number expression"
        else:
            expected, got = "a number expression", "the condition"
        raise ParseError(
            f"{what}: expected {expected}, got {got} {text(node)!r} in {clip(source or text(node))}"
        )
    return kind


# ----- traversal ----------------------------------------------------------------------------


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-trees of a node."""
    if isinstance(node, Neg):
        return (node.arg,)
    if isinstance(node, BinOp):
        return (node.left, node.right)
    if isinstance(node, Func):
        return node.args
    if isinstance(node, SizeCall):
        return tuple(v for _, v in node.params)
    if isinstance(node, Compare):
        return node.operands
    if isinstance(node, Logic):
        return node.items
    return ()


def walk(node: Node) -> Iterator[Node]:
    """Every node, children before parents (post-order)."""
    for child in children(node):
        yield from walk(child)
    yield node


def variables(*nodes: Node) -> tuple[str, ...]:
    """The variable names, in order of first appearance (left to right)."""

    def pre(node: Node) -> Iterator[str]:
        if isinstance(node, Var):
            yield node.name
        for child in children(node):
            yield from pre(child)

    return tuple(dict.fromkeys(name for n in nodes for name in pre(n)))


def size_calls(*nodes: Node) -> tuple[SizeCall, ...]:
    """The distinct conv_out/tconv_out calls, inner ones first."""
    found = (n for node in nodes for n in walk(node) if isinstance(n, SizeCall))
    return tuple(dict.fromkeys(found))


# ----- printing ------------------------------------------------------------------------------

#: The operators' precedence (larger binds tighter); ``cmp`` is any comparison.
PRECEDENCE = {
    "iff": 1,
    "implies": 2,
    "or": 3,
    "and": 4,
    "not": 5,
    "cmp": 6,
    "+": 7,
    "-": 7,
    "*": 8,
    "/": 8,
    "//": 8,
    "%": 8,
    "neg": 9,
    "^": 10,
    "atom": 11,
}


def _prec(node: Node) -> int:
    if isinstance(node, BinOp):
        return PRECEDENCE[node.op]
    if isinstance(node, Neg):
        return PRECEDENCE["neg"]
    if isinstance(node, Compare):
        return PRECEDENCE["cmp"]
    if isinstance(node, Logic):
        return PRECEDENCE[node.op]
    if isinstance(node, Num) and node.value < 0:
        return PRECEDENCE["neg"]
    return PRECEDENCE["atom"]


def _call_parts(call: SizeCall) -> list[tuple[str | None, Node]]:
    """The arguments as written back: positional, then keywords (defaults left out)."""
    order, defaults = SIZE_PARAMS[call.name]
    table = dict(call.params)
    if call.symmetric:
        values = [table[k] for k in order]
        while len(values) > 2 and values[-1] == Num(defaults[order[len(values) - 1]]):
            values.pop()
        return [(None, v) for v in values]
    parts: list[tuple[str | None, Node]] = [(None, table[k]) for k in ("i", "k", "s")]
    parts += [("p_lo", table["p_lo"]), ("p_hi", table["p_hi"])]
    parts += [(k, table[k]) for k in order[4:] if table[k] != Num(defaults[k])]
    return parts


def text(node: Node) -> str:
    """The tree as canonical claim text (re-parses to the same tree).

    Examples:
        >>> from symtconv.prover.language import parse_claim
        >>> text(parse_claim("not(a<b)   or  (a - (b - c)) * 2 >= -a ^ 2"))
        'not a < b or (a - (b - c))*2 >= -a^2'
    """
    if isinstance(node, Num):
        return str(node.value)
    if isinstance(node, Var):
        return node.name
    if isinstance(node, BoolConst):
        return "true" if node.value else "false"
    if isinstance(node, Neg):
        return "-" + _wrap(node.arg, PRECEDENCE["neg"], text)
    if isinstance(node, BinOp):
        p = PRECEDENCE[node.op]
        left = _wrap(node.left, p + (1 if node.op == "^" else 0), text)
        right = _wrap(node.right, p + (0 if node.op == "^" else 1), text)
        if node.op in ("*", "/", "^"):
            return f"{left}{node.op}{right}"
        return f"{left} {node.op} {right}"
    if isinstance(node, Func):
        return f"{node.name}({', '.join(text(a) for a in node.args)})"
    if isinstance(node, SizeCall):
        parts = (f"{k}={text(v)}" if k else text(v) for k, v in _call_parts(node))
        return f"{node.name}({', '.join(parts)})"
    if isinstance(node, Compare):
        out = _wrap(node.operands[0], PRECEDENCE["cmp"] + 1, text)
        for op, operand in zip(node.ops, node.operands[1:], strict=False):
            out += f" {op} {_wrap(operand, PRECEDENCE['cmp'] + 1, text)}"
        return out
    if node.op == "not":
        return "not " + _wrap(node.items[0], PRECEDENCE["not"], text)
    p = PRECEDENCE[node.op]
    return f" {node.op} ".join(_wrap(item, p + 1, text) for item in node.items)


def _wrap(node: Node, min_prec: int, fn: Callable[[Node], str], latex_mode: bool = False) -> str:
    inner = fn(node)
    if _prec(node) < min_prec:
        return f"\\left({inner}\\right)" if latex_mode else f"({inner})"
    return inner


#: The comparisons in LaTeX.
LATEX_COMPARISONS = {"==": "=", "!=": "\\ne", "<": "<", "<=": "\\le", ">": ">", ">=": "\\ge"}
#: The binary connectives in LaTeX.
LATEX_LOGIC = {
    "and": "\\wedge",
    "or": "\\vee",
    "implies": "\\Rightarrow",
    "iff": "\\Leftrightarrow",
}


def latex(node: Node) -> str:
    r"""The tree in LaTeX (math mode).

    Examples:
        >>> from symtconv.prover.language import parse_claim
        >>> print(latex(parse_claim("conv_out(i, k, s) >= (i - k) // s and p_lo % 2 != 0")))
        \operatorname{conv\_out}\left(i, k, s\right) \ge \left\lfloor \frac{i - k}{s} \right\rfloor
        \wedge p_{lo} \bmod 2 \ne 0
    """
    if isinstance(node, Num):
        return str(node.value)
    if isinstance(node, Var):
        return sympy.latex(sympy.Symbol(node.name))
    if isinstance(node, BoolConst):
        return "\\mathrm{true}" if node.value else "\\mathrm{false}"
    if isinstance(node, Neg):
        return "-" + _wrap(node.arg, PRECEDENCE["neg"], latex, True)
    if isinstance(node, BinOp):
        p = PRECEDENCE[node.op]
        if node.op == "/":
            return f"\\frac{{{latex(node.left)}}}{{{latex(node.right)}}}"
        if node.op == "//":
            return (
                f"\\left\\lfloor \\frac{{{latex(node.left)}}}{{{latex(node.right)}}} "
                "\\right\\rfloor"
            )
        if node.op == "^":
            return f"{_wrap(node.left, p + 1, latex, True)}^{{{latex(node.right)}}}"
        left = _wrap(node.left, p, latex, True)
        right = _wrap(node.right, p + 1, latex, True)
        op = {"+": "+", "-": "-", "*": "\\cdot", "%": "\\bmod"}[node.op]
        return f"{left} {op} {right}"
    if isinstance(node, Func):
        args = [latex(a) for a in node.args]
        if node.name == "floor":
            return f"\\left\\lfloor {args[0]} \\right\\rfloor"
        if node.name == "ceiling":
            return f"\\left\\lceil {args[0]} \\right\\rceil"
        if node.name == "abs":
            return f"\\left|{args[0]}\\right|"
        if node.name == "Mod":
            return f"\\left({args[0]} \\bmod {args[1]}\\right)"
        if node.name in COUNTING and node.name != "gcd":
            name = node.name.replace("_", "\\_")
            return f"\\operatorname{{{name}}}\\left({', '.join(args)}\\right)"
        return f"\\{node.name}\\left({', '.join(args)}\\right)"
    if isinstance(node, SizeCall):
        parts = (
            f"{sympy.latex(sympy.Symbol(k))}={latex(v)}" if k else latex(v)
            for k, v in _call_parts(node)
        )
        name = node.name.replace("_", "\\_")
        return f"\\operatorname{{{name}}}\\left({', '.join(parts)}\\right)"
    if isinstance(node, Compare):
        out = _wrap(node.operands[0], PRECEDENCE["cmp"] + 1, latex, True)
        for op, operand in zip(node.ops, node.operands[1:], strict=False):
            out += f" {LATEX_COMPARISONS[op]} {_wrap(operand, PRECEDENCE['cmp'] + 1, latex, True)}"
        return out
    if node.op == "not":
        return "\\neg " + _wrap(node.items[0], PRECEDENCE["not"], latex, True)
    p = PRECEDENCE[node.op]
    joiner = f" {LATEX_LOGIC[node.op]} "
    return joiner.join(_wrap(item, p + 1, latex, True) for item in node.items)
