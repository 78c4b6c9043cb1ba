"""What a parsed side means: a number, a shape, a matrix, an entry, a name, a size formula.

Each reading is exact and partial: it returns ``None`` (or raises
:class:`Unmapped` for a formula) when the tree is not of that kind, so nothing is
guessed.  Numbers are :class:`~fractions.Fraction` s (floor, ceiling, fractions and
decimals exact); matrix entries are SymPy values with the names a derivation uses
(``x_{0,1}``); a size formula becomes a text of the claim language
(:mod:`symtconv.prover.language`) with the size names mapped (``Input size`` ->
``i``).

Examples:
    >>> from symtconv.linter.latex_expr import parse_side
    >>> number(parse_side(r"\\left\\lfloor \\frac{3 + 1 - 2}{2} \\right\\rfloor + 1"))
    Fraction(2, 1)
    >>> shape(parse_side(r"3 \\times 3")), shape(parse_side(r"2 + 3 \\times 3"))
    ((3, 3), None)
    >>> m = r"\\begin{bmatrix} 1 & {\\color{gray}0} \\\\ x_{0,1}\\, w & 2.5 \\end{bmatrix}"
    >>> grid(parse_side(m)).rows
    ((1, 0), (w*x_{0,1}, 2.50000000000000))
    >>> claim_text(parse_side(r"(\\text{Input size} - 1) \\times \\text{Stride} + k"), SIZE_NAMES)
    '(i - 1)*s + k'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from ..core.parse import canonical_name
from .latex_expr import (
    Accent,
    Bin,
    Call,
    Ceil,
    Floor,
    Frac,
    Mat,
    Neg,
    Node,
    Num,
    Pow,
    Sym,
    Under,
    Unknown,
    parse_side,
)

__all__ = [
    "ELIDED",
    "GAP",
    "SIZE_NAMES",
    "Grid",
    "Unmapped",
    "claim_text",
    "decimal_places",
    "entry_value",
    "grid",
    "key",
    "number",
    "shape",
]

_MAX_BITS = 4096
#: An entry written as ``\cdots`` (a run of columns left out).
ELIDED = "..."
#: A row written as ``\vdots``/``\ddots`` (a run of rows left out).
GAP = ":"


def _bounded(value: Fraction) -> Fraction:
    if max(abs(value.numerator), value.denominator).bit_length() > _MAX_BITS:
        raise OverflowError
    return value


def number(node: Node) -> Fraction | None:
    """The exact value of a numeric tree (``None`` if it has names, matrices or unknowns)."""
    try:
        return _number(node)
    except (ZeroDivisionError, OverflowError, RecursionError):
        return None


def _number(node: Node) -> Fraction | None:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Neg):
        v = _number(node.arg)
        return None if v is None else -v
    if isinstance(node, Bin) and node.op in ("+", "-", "*", "/", "times", "cdot", "juxt", "mod"):
        a, b = _number(node.left), _number(node.right)
        if a is None or b is None:
            return None
        if node.op == "+":
            return _bounded(a + b)
        if node.op == "-":
            return _bounded(a - b)
        if node.op == "/":
            return _bounded(a / b)
        if node.op == "mod":
            return a % b if b else None
        return _bounded(a * b)
    if isinstance(node, Frac):
        a, b = _number(node.num), _number(node.den)
        return None if a is None or b is None else _bounded(a / b)
    if isinstance(node, Floor):
        v = _number(node.arg)
        return None if v is None else Fraction(math.floor(v))
    if isinstance(node, Ceil):
        v = _number(node.arg)
        return None if v is None else Fraction(math.ceil(v))
    if isinstance(node, Pow):
        base, exp = _number(node.base), _number(node.exp)
        if base is None or exp is None or exp.denominator != 1 or abs(exp) > 64:
            return None
        if base == 0 and exp < 0:
            return None
        return _bounded(base ** int(exp))
    if isinstance(node, Call) and node.name in ("max", "min") and node.args:
        values = [_number(a) for a in node.args]
        if any(v is None for v in values):
            return None
        clean = [v for v in values if v is not None]
        return max(clean) if node.name == "max" else min(clean)
    if isinstance(node, Call) and node.name in ("floor", "ceil", "ceiling") and len(node.args) == 1:
        v = _number(node.args[0])
        if v is None:
            return None
        return Fraction(math.floor(v) if node.name == "floor" else math.ceil(v))
    return None


def decimal_places(node: Node) -> int:
    """The most digits after a decimal point among the tree's numbers (0: integers only)."""
    if isinstance(node, Num):
        return node.places
    out = 0
    for value in vars(node).values() if hasattr(node, "__dataclass_fields__") else ():
        if isinstance(
            value, (Num, Sym, Mat, Bin, Neg, Frac, Floor, Ceil, Pow, Call, Accent, Under)
        ):
            out = max(out, decimal_places(value))
        elif isinstance(value, tuple):
            for item in value:
                if not isinstance(item, (str, tuple)):
                    out = max(out, decimal_places(item))
    return out


def shape(node: Node) -> tuple[int, ...] | None:
    """``3 \\times 3`` (integer literals joined by ``\\times``) as a shape, else ``None``."""
    if isinstance(node, Bin) and node.op == "times":
        left = shape(node.left) if isinstance(node.left, Bin) else _dim(node.left)
        right = _dim(node.right)
        if left is None or right is None:
            return None
        return (*left, *right)
    return None


def _dim(node: Node) -> tuple[int, ...] | None:
    if (
        isinstance(node, Num)
        and node.places == 0
        and node.value.denominator == 1
        and node.value > 0
    ):
        return (int(node.value),)
    return None


# ----- matrix entries -----------------------------------------------------------------------


def _sympy(node: Node) -> sympy.Expr | None:
    if isinstance(node, Num):
        if node.places:
            return sympy.Float(str(float(node.value)), max(15, node.places + 2))
        return sympy.Rational(node.value.numerator, node.value.denominator)
    if isinstance(node, Sym):
        if node.word or node.sup or node.accent or node.prime:
            return None
        name = node.base + (f"_{{{node.sub}}}" if node.sub else "")
        return sympy.Symbol(canonical_name(name))
    if isinstance(node, Neg):
        v = _sympy(node.arg)
        return None if v is None else -v
    if isinstance(node, Bin) and node.op in ("+", "-", "*", "/", "times", "cdot", "juxt"):
        a, b = _sympy(node.left), _sympy(node.right)
        if a is None or b is None:
            return None
        if node.op == "+":
            return a + b
        if node.op == "-":
            return a - b
        if node.op == "/":
            return None if b == 0 else a / b
        return a * b
    if isinstance(node, Frac):
        a, b = _sympy(node.num), _sympy(node.den)
        return None if a is None or b is None or b == 0 else a / b
    if isinstance(node, Pow):
        base, exp = _sympy(node.base), number(node.exp)
        if base is None or exp is None or exp.denominator != 1 or abs(exp) > 16:
            return None
        return base ** int(exp)
    return None


def entry_value(text: str) -> Any:
    """One matrix cell as written: a SymPy value, :data:`ELIDED`, :data:`GAP`, or ``None``
    (not understood)."""
    stripped = text.strip()
    if stripped in ("\\cdots", "\\ldots", "\\dots", "\\hdots", "…", "⋯"):
        return ELIDED
    if stripped in ("\\vdots", "\\ddots", "⋮", "⋱"):
        return GAP
    if not stripped:
        return None
    return _sympy(parse_side(stripped))


@dataclass(frozen=True)
class Grid:
    """A matrix as written: rows of entries (SymPy values, :data:`ELIDED`, :data:`GAP`,
    ``None`` for a cell not understood).

    Attributes:
        rows: the rows.
        places: the most decimal places of an entry (0: exact numbers only).
    """

    rows: tuple[tuple[Any, ...], ...]
    places: int = 0

    @property
    def elided(self) -> bool:
        """Whether rows or columns are left out (``\\cdots``, ``\\vdots``)."""
        return any(v is ELIDED or v is GAP for row in self.rows for v in row)

    @property
    def understood(self) -> bool:
        """Whether every cell was read."""
        return all(v is not None for row in self.rows for v in row)

    @property
    def rectangular(self) -> bool:
        return len({len(r) for r in self.rows}) == 1

    def array(self) -> np.ndarray | None:
        """The full matrix (object array), or ``None`` when elided, ragged or not understood."""
        if self.elided or not self.understood or not self.rectangular or not self.rows:
            return None
        return np.array([list(r) for r in self.rows], dtype=object)

    def matches(self, want: np.ndarray, same: Any) -> bool:
        """Whether the entries shown agree with ``want`` (2-D), corners of an elided grid
        included; ``same(a, b)`` compares two entries."""
        if want.ndim != 2 or not self.understood:
            return False
        full = self.array()
        if full is not None:
            return full.shape == want.shape and all(
                same(a, b) for a, b in zip(full.flat, want.flat, strict=True)
            )
        gaps = [n for n, row in enumerate(self.rows) if all(v is GAP for v in row)]
        if len(gaps) > 1:
            return False
        top = self.rows[: gaps[0]] if gaps else self.rows
        bottom = self.rows[gaps[0] + 1 :] if gaps else ()
        if len(top) + len(bottom) > want.shape[0] or (not gaps and len(top) != want.shape[0]):
            return False
        for r, row in [(i, row) for i, row in enumerate(top)] + [
            (want.shape[0] - len(bottom) + i, row) for i, row in enumerate(bottom)
        ]:
            if not self._row_matches(row, want[r], same):
                return False
        return True

    @staticmethod
    def _runs_match(row: tuple[Any, ...], cuts: list[int], want: np.ndarray, same: Any) -> bool:
        """A row elided in several places (``a \\cdots b\\ c \\cdots d``): its first run
        starts the row, its last ends it, and the runs between appear in order, each cut
        hiding at least one entry."""
        runs = [row[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(row)], strict=True)]
        first, last, middle = runs[0], runs[-1], runs[1:-1]
        n = len(want)
        if len(first) + len(last) + sum(map(len, middle)) + len(cuts) > n:
            return False

        def run_at(run: tuple[Any, ...], at: int) -> bool:
            return all(same(a, b) for a, b in zip(run, want[at : at + len(run)], strict=True))

        if not run_at(first, 0) or not run_at(last, n - len(last)):
            return False

        start = len(first)  # each middle run at its leftmost place (which leaves the most room)
        for run in middle:
            at = next(
                (a for a in range(start + 1, n - len(last) - len(run)) if run_at(run, a)), None
            )
            if at is None:
                return False
            start = at + len(run)
        return start + 1 <= n - len(last)

    @staticmethod
    def _row_matches(row: tuple[Any, ...], want: np.ndarray, same: Any) -> bool:
        cuts = [n for n, v in enumerate(row) if v is ELIDED or v is GAP]
        if len(cuts) > 1:
            return Grid._runs_match(row, cuts, want, same)
        left = row[: cuts[0]] if cuts else row
        right = row[cuts[0] + 1 :] if cuts else ()
        if len(left) + len(right) > len(want) or (not cuts and len(left) != len(want)):
            return False
        pairs = list(zip(left, want[: len(left)])) + list(
            zip(right, want[len(want) - len(right) :])
        )
        return all(same(a, b) for a, b in pairs)


def grid(node: Node) -> Grid | None:
    """The :class:`Grid` of a matrix tree (transposed when written with ``^T``), else ``None``."""
    if not isinstance(node, Mat):
        return None
    rows = tuple(tuple(entry_value(c) for c in row) for row in node.cells)
    places = max(
        (decimal_places(parse_side(c)) for row in node.cells for c in row if c.strip()), default=0
    )
    if node.transposed:
        if len({len(r) for r in rows}) != 1:
            return Grid(rows, places)
        swap = {id(ELIDED): GAP, id(GAP): ELIDED}
        rows = tuple(tuple(swap.get(id(v), v) for v in col) for col in zip(*rows))
    return Grid(rows, places)


# ----- names --------------------------------------------------------------------------------


def key(node: Node) -> str | None:
    """A normalised signature of a name-like tree: ``C^T``, ``vec(x)``, ``C (C^T x)``,
    ``~x * w^flip``, ``y_{1,1}``; ``None`` for numbers and matrices."""
    if isinstance(node, Sym):
        out = "~" if node.accent in ("tilde",) else node.accent + ":" if node.accent else ""
        out += node.base + "'" * node.prime
        if node.sup:
            out += "^" + node.sup
        if node.sub:
            out += "_{" + node.sub + "}"
        return out
    if isinstance(node, Call):
        args = [key(a) for a in node.args]
        if any(a is None for a in args):
            return None
        return f"{node.name}({', '.join(a for a in args if a)})"
    if isinstance(node, Bin) and node.op in ("juxt", "star", "sub", "transpose"):
        a, b = key(node.left), key(node.right)
        if a is None or b is None:
            return None
        if node.op == "sub":
            return f"({a})_{{{b}}}"
        if node.op == "transpose":
            return f"({a})^T"
        return f"{a} {b}" if node.op == "juxt" else f"{a} * {b}"
    if isinstance(node, Accent):
        inner = key(node.arg)
        return None if inner is None else f"{node.accent}:({inner})"
    return None


# ----- size formulas in the claim language --------------------------------------------------


class Unmapped(Exception):
    """A name of a formula that maps to no size parameter (the formula is not checked)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


#: Names of sizes in documents -> the claim language's variables.
SIZE_NAMES: dict[str, str] = {
    **{n: "i" for n in ("i", "i'", "Input size", "input size", "Input", "输入尺寸", "输入大小")},
    **{
        n: "k"
        for n in (
            "k",
            "k'",
            "Kernel size",
            "kernel size",
            "Kernel",
            "卷积核尺寸",
            "卷积核大小",
            "核大小",
        )
    },
    **{n: "s" for n in ("s", "s'", "Stride", "stride", "步长")},
    **{n: "p" for n in ("p", "p'", "Padding", "padding", "填充")},
    **{n: "d" for n in ("d", "Dilation", "dilation", "膨胀率", "空洞率", "扩张率")},
    **{
        n: "op"
        for n in ("op", "a", "Output padding", "output padding", "output_padding", "输出填充")
    },
    **{n: "p_lo" for n in ("p_lo", "p_{lo}")},
    **{n: "p_hi" for n in ("p_hi", "p_{hi}")},
}
_DIM_SUBSCRIPTS = frozenset({"h", "w", "H", "W", "x", "y", "1", "2", "3", "0", "j", "t"})


def size_name(node: Sym) -> str | None:
    """The claim variable a size name stands for (``i_h`` -> ``i``), or ``None``."""
    if node.accent or node.sup:
        return None
    base = node.base + "'" * node.prime
    if node.sub in ("lo", "hi") and node.base == "p":
        return f"p_{node.sub}"
    if node.sub and node.sub not in _DIM_SUBSCRIPTS:
        return None
    if node.sub and node.base == "p":
        return None  # p_h: textbooks use it for the total padding of a dimension
    return SIZE_NAMES.get(base)


def claim_text(node: Node, names: Mapping[str, str]) -> str:
    """The tree as a number expression of the claim language.

    Raises:
        Unmapped: a name that is not a size (its text), or a part with no meaning there.
    """
    return _claim(node, names, 0)


def _claim(node: Node, names: Mapping[str, str], prec: int) -> str:
    if isinstance(node, Num):
        if node.value.denominator != 1:
            return f"({node.value.numerator}/{node.value.denominator})"
        return str(node.value.numerator)
    if isinstance(node, Sym):
        var = size_name(node) if names is SIZE_NAMES else names.get(key(node) or "")
        if var is None:
            raise Unmapped(key(node) or node.base)
        return var
    if isinstance(node, Neg):
        out = "-" + _claim(node.arg, names, 3)
        return f"({out})" if prec > 1 else out
    if isinstance(node, Bin):
        if node.op in ("+", "-"):
            out = f"{_claim(node.left, names, 1)} {node.op} {_claim(node.right, names, 2)}"
            return f"({out})" if prec > 1 else out
        if node.op in ("*", "times", "cdot", "juxt"):
            out = f"{_claim(node.left, names, 2)}*{_claim(node.right, names, 3)}"
            return f"({out})" if prec > 2 else out
        if node.op == "/":
            out = f"{_claim(node.left, names, 2)}/{_claim(node.right, names, 3)}"
            return f"({out})" if prec > 2 else out
        if node.op == "mod":
            out = f"{_claim(node.left, names, 2)} % {_claim(node.right, names, 3)}"
            return f"({out})" if prec > 2 else out
        raise Unmapped(node.op)
    if isinstance(node, Frac):
        return f"({_claim(node.num, names, 0)})/({_claim(node.den, names, 0)})"
    if isinstance(node, Floor):
        return f"floor({_claim(node.arg, names, 0)})"
    if isinstance(node, Ceil):
        return f"ceiling({_claim(node.arg, names, 0)})"
    if isinstance(node, Pow):
        exp = number(node.exp)
        if exp is None or exp.denominator != 1 or not 0 <= exp <= 8:
            raise Unmapped("^")
        return f"{_claim(node.base, names, 4)}^{int(exp)}"
    if isinstance(node, Call) and node.name in ("max", "min", "floor", "ceil", "ceiling"):
        name = "ceiling" if node.name == "ceil" else node.name
        return f"{name}({', '.join(_claim(a, names, 0) for a in node.args)})"
    if isinstance(node, Unknown):
        raise Unmapped(node.text[:40])
    raise Unmapped(type(node).__name__)


def names_in(node: Node) -> list[Sym]:
    """Every :class:`~symtconv.linter.latex_expr.Sym` of a tree, in order."""
    if isinstance(node, Sym):
        return [node]
    out: list[Sym] = []
    for value in vars(node).values():
        if isinstance(value, tuple):
            for item in value:
                if not isinstance(item, (str, tuple)):
                    out.extend(names_in(item))
        elif not isinstance(value, (str, int, bool, Fraction)) and value is not None:
            out.extend(names_in(value))
    return out
