r"""LaTeX math for documents: SymPy's LatexPrinter, extended where it must differ.

Three things differ from SymPy's own printing:

* structural zeros -- entries that are zero by construction (outside every
  kernel window of C, cells of a canvas no kernel tap reaches, zeros inserted
  between input elements) -- are printed grey, ``{\color{gray}0}``, so that a
  kernel entry that happens to be 0 stays distinguishable;
* big matrices are elided the way NumPy summarises arrays: beyond
  ``threshold`` rows (columns) only the first and last ``edgeitems`` are
  shown, with ``\vdots`` (``\cdots``, and ``\ddots`` where both meet).

* a symbol name outside the safe alphabet of :mod:`symtconv.core.names` (which
  no parser lets in) is printed as escaped text, never as LaTeX.

Everything else (numbers, fractions, symbols such as ``x_{0,1}``) is SymPy's
printing.  The math uses only amsmath (and xcolor, which TikZ loads) and also
renders in KaTeX and MathJax.

Examples:
    >>> import sympy
    >>> p = DocLatexPrinter()
    >>> w = sympy.Symbol("w_{0}")
    >>> print(p.doprint(MatrixView((2, 2), lambda r, c: w if r == c else ZERO)))
    \begin{bmatrix} w_{0} & {\color{gray}0} \\ {\color{gray}0} & w_{0} \end{bmatrix}
    >>> p = DocLatexPrinter({"threshold": 4, "edgeitems": 1})
    >>> print(p.doprint(MatrixView((5, 5), lambda r, c: r * 5 + c)))
    \begin{bmatrix} 0 & \cdots & 4 \\ \vdots & \ddots & \vdots \\ 20 & \cdots & 24 \end{bmatrix}
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import sympy
from sympy.printing.latex import LatexPrinter

from ..core.memo import memo
from ..core.names import is_safe_name
from ..errors import SpecError
from .escape import math_name
from .text import EDGEITEMS, THRESHOLD

__all__ = [
    "ZERO",
    "DocLatexPrinter",
    "MatrixView",
    "Raw",
    "StructuralZero",
    "check_elision",
    "keep_around",
    "keep_indices",
    "math_width",
    "pack",
]

#: amsmath's matrix environments take at most this many columns by default.
_MAX_MATRIX_COLS = 10
#: A matrix shown whole because it fits has at most this many columns.
_FIT_COLS = 40
#: Rows are checked for hidden nonzeros by asking their cells up to this many columns.
_SCAN_COLS = 100_000


class StructuralZero:
    """A zero by construction (not a data value); printed grey."""

    _instance: StructuralZero | None = None

    def __new__(cls) -> StructuralZero:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ZERO"


#: The structural zero.
ZERO = StructuralZero()


@dataclass(frozen=True)
class Raw:
    """Ready LaTeX, printed as it is."""

    latex: str


@dataclass(frozen=True)
class MatrixView:
    """A matrix given by a cell function, so huge sparse matrices cost nothing.

    Attributes:
        shape: (rows, cols).
        cell: ``(row, col) -> value``: a SymPy value, a number, :data:`ZERO`
            or :class:`Raw`; only the cells shown are asked for.
        rows, cols: the indices to show, ``None`` marking an elision
            (default: the printer's rule, see :meth:`DocLatexPrinter.view_indices`).
        row_has_nonzero: whether a row has a cell that is not a structural zero
            (default: the cells are asked; a sparse matrix answers faster).
    """

    shape: tuple[int, int]
    cell: Callable[[int, int], Any]
    rows: tuple[int | None, ...] | None = None
    cols: tuple[int | None, ...] | None = None
    row_has_nonzero: Callable[[int], bool] | None = None

    @classmethod
    def of(cls, arr: np.ndarray) -> MatrixView:
        """A view of a 1-D (one row) or 2-D array."""
        grid = arr.reshape(1, -1) if arr.ndim == 1 else arr
        if grid.ndim != 2:
            raise SpecError(f"matrix: got an array of shape {arr.shape}; must be 1-D or 2-D")
        return cls((int(grid.shape[0]), int(grid.shape[1])), lambda r, c: grid[r, c])


def check_elision(threshold: int, edgeitems: int) -> None:
    """Validate elision settings.

    Raises:
        SpecError: ``edgeitems < 1`` or ``threshold < 2 * edgeitems``.
    """
    for name, value in (("threshold", threshold), ("edgeitems", edgeitems)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise SpecError(f"{name}: got {value!r}; must be an integer")
    if edgeitems < 1:
        raise SpecError(f"edgeitems: got {edgeitems}; must be an integer >= 1")
    if threshold < 2 * edgeitems:
        raise SpecError(
            f"threshold: got {threshold}; must be at least 2 * edgeitems = {2 * edgeitems}"
        )


def keep_indices(n: int, threshold: int, edgeitems: int) -> list[int | None]:
    """Indices shown along an axis of length ``n``; ``None`` marks the elision.

    Examples:
        >>> keep_indices(4, 12, 3), keep_indices(13, 12, 3)
        ([0, 1, 2, 3], [0, 1, 2, None, 10, 11, 12])
    """
    if n <= threshold:
        return list(range(n))
    return [*range(edgeitems), None, *range(n - edgeitems, n)]


def keep_around(n: int, focus: range, threshold: int, edgeitems: int) -> list[int | None]:
    """Like :func:`keep_indices`, but also keeping the indices in ``focus``.

    Examples:
        >>> keep_around(25, range(10, 13), 9, 3)
        [0, 1, 2, None, 10, 11, 12, None, 22, 23, 24]
        >>> keep_around(25, range(2, 5), 9, 3)
        [0, 1, 2, 3, 4, None, 22, 23, 24]
    """
    if n <= threshold:
        return list(range(n))
    wanted = sorted(
        {*range(edgeitems), *range(n - edgeitems, n), *(i for i in focus if 0 <= i < n)}
    )
    out: list[int | None] = []
    for i in wanted:
        if out and out[-1] is not None and i != out[-1] + 1:
            out.append(None)
        out.append(i)
    return out


_COMMAND = re.compile(r"\\([a-zA-Z]+)")
_WIDE_COMMANDS = {"cdots": 2.0, "ldots": 2.0, "quad": 2.0, "qquad": 4.0, "neq": 1.0}
_SILENT_COMMANDS = {
    "left",
    "right",
    "begin",
    "end",
    "color",
    "mathsf",
    "mathrm",
    "mathit",
    "operatorname",
    "underbrace",
    "underset",
    "displaystyle",
    "text",
}


_MATRIX_ENV = re.compile(r"\\begin\{(bmatrix|array)\}(?:\{c*\})?(.*?)\\end\{\1\}", re.S)


@memo(maxsize=2048)
def math_width(latex: str) -> float:
    """A rough width of rendered math, in characters of the base font size.

    Subscripts and superscripts count 0.7 per character, commands such as
    ``\\cdot`` one character, layout commands nothing; a matrix counts its
    widest cell per column.  Used only to decide where to break long lines.

    Examples:
        >>> math_width("x_{0,0}")
        3.1
        >>> math_width(r"\\begin{bmatrix} 1 & 20 \\\\ 300 & 4 \\end{bmatrix}")
        8.0
    """
    extra = 0.0

    def matrix(m: re.Match[str]) -> str:
        nonlocal extra
        rows = [row.split("&") for row in m.group(2).split("\\\\")]
        ncols = max(len(row) for row in rows)
        widths = [
            max(_flat_width(row[j]) if j < len(row) else 0.0 for row in rows) for j in range(ncols)
        ]
        extra += sum(widths) + 2.0 * (ncols - 1) + 1.0
        return ""

    rest = _MATRIX_ENV.sub(matrix, latex)
    return round(_flat_width(rest) + extra, 3)


@memo(maxsize=8192)  # a matrix's cells repeat (the kernel's names)
def _flat_width(latex: str) -> float:
    total = 0.0
    level = 0  # > 0 inside a sub/superscript group
    script_depths: list[int] = []
    depth = 0
    i = 0
    text = latex.replace("{\\color{gray}0}", "0")
    while i < len(text):
        ch = text[i]
        scale = 0.7 if level else 1.0
        if ch == "\\":
            m = _COMMAND.match(text, i)
            if m is None:
                i += 2
                continue
            name = m.group(1)
            if name in ("begin", "end", "color"):
                # skip the argument: an environment name or a colour
                close = text.find("}", m.end())
                i = close + 1 if close != -1 else m.end()
                continue
            if name not in _SILENT_COMMANDS:
                total += _WIDE_COMMANDS.get(name, 1.0) * scale
            i = m.end()
            continue
        if ch in "_^" and i + 1 < len(text):
            if text[i + 1] == "{":
                script_depths.append(depth)
                depth += 1
                level += 1
                i += 2
            else:
                total += 0.7
                i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if script_depths and script_depths[-1] == depth:
                script_depths.pop()
                level -= 1
        elif ch == "&":
            total += 1.0
        elif ch != " ":
            total += scale
        i += 1
    return total


class DocLatexPrinter(LatexPrinter):
    """SymPy's LatexPrinter with structural zeros and elided matrices.

    Settings (besides SymPy's): ``threshold`` and ``edgeitems`` (elision,
    validated by :func:`check_elision`); ``fit``, ``(width, rows)`` or None: a matrix
    with at most ``rows`` rows whose whole display is at most ``width`` characters
    wide (:func:`math_width`) is shown whole, whatever the threshold (documents).

    The elision never shows a misleading row: a row whose shown cells are all
    structural zeros, while it has a nonzero among the hidden columns, is left out
    with the other hidden rows (it would look empty).  Products of symbols print
    inputs first (``x_{0} w_{1}``, as the document's sums are written) and sums of
    such products in the order of their inputs.
    """

    _default_settings: ClassVar[dict[str, Any]] = {
        **LatexPrinter._default_settings,
        "threshold": THRESHOLD,
        "edgeitems": EDGEITEMS,
        "fit": None,
    }

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__(settings)
        check_elision(self._settings["threshold"], self._settings["edgeitems"])

    @property
    def threshold(self) -> int:
        """Rows/columns shown in full up to this many."""
        return int(self._settings["threshold"])

    @property
    def edgeitems(self) -> int:
        """Leading and trailing items kept when eliding."""
        return int(self._settings["edgeitems"])

    def keep(self, n: int) -> list[int | None]:
        """Indices shown along an axis of length ``n`` with this printer's settings."""
        return keep_indices(n, self.threshold, self.edgeitems)

    def _print_Mul(self, expr: Any) -> str:
        term = _term(expr)
        if term is None:
            return str(super()._print_Mul(expr))
        _, coeff, symbols = term
        return self._product(coeff, symbols)

    def _product(self, coeff: int, symbols: list[Any]) -> str:
        """``coeff`` times the symbols (already in the document's order)."""
        body = " ".join([self._print(f) for f in symbols])
        if coeff == 1:
            return body
        if coeff < 0:  # as SymPy's printer writes it: ``- w``, ``- 2 w``
            return f"- {body}" if coeff == -1 else f"- {-coeff} {body}"
        return f"{coeff} {body}"

    def _ordered(self, expr: Any) -> list[tuple[Any, int, list[Any]]] | None:
        """The terms of a sum of such products (:func:`_term`), in the order written."""
        terms = [_term(t) for t in sympy.Add.make_args(expr)]
        if any(t is None for t in terms):
            return None
        return sorted(terms, key=operator.itemgetter(0))  # type: ignore[arg-type]

    def _print_Add(self, expr: Any, order: Any = None) -> str:
        terms = self._ordered(expr)
        if terms is None:
            return str(super()._print_Add(expr, order))
        return self._sum(terms)

    def combination(self, terms: Sequence[tuple[int, Any]]) -> str | None:
        """The sum of ``coefficient * symbol`` over ``terms`` (distinct named symbols,
        integer coefficients), as :meth:`_print_Add` writes that sum, without building
        it in SymPy; ``0`` when every coefficient is; None when a symbol is not named.

        Examples:
            >>> w0, w1 = sympy.symbols("w_{0} w_{1}")
            >>> DocLatexPrinter().combination([(3, w1), (-1, w0)])
            '- w_{0} + 3 w_{1}'
        """
        if not all(_named(s) for _, s in terms):
            return None
        kept = [((_factor_key(s),), int(c), [s]) for c, s in terms if c]
        return self._sum(sorted(kept, key=operator.itemgetter(0))) if kept else "0"

    def _sum(self, terms: list[tuple[Any, int, list[Any]]]) -> str:
        text = ""
        for n, (_, coeff, symbols) in enumerate(terms):
            if n == 0:
                text = self._product(coeff, symbols)
            elif coeff < 0:
                text += " - " + self._product(-coeff, symbols)
            else:
                text += " + " + self._product(coeff, symbols)
        return text

    def sum_terms(self, expr: Any) -> list[str] | None:
        """The terms of a sum of positive products of named symbols, printed in the order
        :meth:`_print_Add` writes them (None for anything else), for breaking a long sum
        into lines.

        Examples:
            >>> x0, x1, w0 = sympy.symbols("x_{0} x_{1} w_{0}")
            >>> DocLatexPrinter().sum_terms(w0 * x1 + w0 * x0)
            ['x_{0} w_{0}', 'x_{1} w_{0}']
        """
        terms = self._ordered(expr)
        if terms is None or any(coeff < 0 for _, coeff, _ in terms):
            return None
        return [self._product(coeff, symbols) for _, coeff, symbols in terms]

    def _print_StructuralZero(self, expr: StructuralZero) -> str:
        return r"{\color{gray}0}"

    def _print_Symbol(self, expr: sympy.Symbol, style: str = "plain") -> str:
        """SymPy's printing for a name of the safe alphabet; any other name as escaped text."""
        if is_safe_name(expr.name):
            return str(super()._print_Symbol(expr, style))
        return math_name(expr.name)

    def _print_Raw(self, expr: Raw) -> str:
        return expr.latex

    def view_indices(self, view: MatrixView) -> tuple[list[int | None], list[int | None]]:
        """The rows and columns a view shows (``None``: an elision).

        Its own, when it gives them; else all of them when the matrix fits (setting
        ``fit``), else the ``threshold``/``edgeitems`` rule without misleading rows.

        Examples:
            >>> p = DocLatexPrinter({"threshold": 4, "edgeitems": 1})
            >>> cells = {(0, 0): 1, (4, 2): 3}
            >>> view = MatrixView((5, 5), lambda r, c: cells.get((r, c), ZERO))
            >>> p.view_indices(view)  # row 4 would show only zeros: it is left out
            ([0, None], [0, None, 4])
        """
        if view.rows is not None or view.cols is not None:
            rows = list(view.rows) if view.rows is not None else self.keep(view.shape[0])
            cols = list(view.cols) if view.cols is not None else self.keep(view.shape[1])
            return rows, cols
        n_rows, n_cols = view.shape
        rows, cols = self.keep(n_rows), self.keep(n_cols)
        fit = self._settings["fit"]
        if fit is not None and (None in rows or None in cols) and self._fits(view, *fit):
            return list(range(n_rows)), list(range(n_cols))
        if None in cols:
            rows = self._honest_rows(view, rows, cols)
        return rows, cols

    def _fits(self, view: MatrixView, width: float, max_rows: int) -> bool:
        n_rows, n_cols = view.shape
        if n_rows > max_rows or n_cols > _FIT_COLS:
            return False
        cells = [[view.cell(r, c) for c in range(n_cols)] for r in range(n_rows)]
        if any(v is None for row in cells for v in row):  # not computed: not shown
            return False
        whole = MatrixView(
            view.shape, lambda r, c: cells[r][c], tuple(range(n_rows)), tuple(range(n_cols))
        )
        return math_width(self._print_MatrixView(whole)) <= width

    def _honest_rows(
        self, view: MatrixView, rows: list[int | None], cols: list[int | None]
    ) -> list[int | None]:
        """``rows`` without those that would look empty (see the class)."""
        shown = [c for c in cols if c is not None]
        if view.row_has_nonzero is not None:
            has = view.row_has_nonzero
        elif view.shape[1] <= _SCAN_COLS:

            def has(r: int) -> bool:
                return any(view.cell(r, c) is not ZERO for c in range(view.shape[1]))

        else:
            return rows
        out: list[int | None] = []
        for r in rows:
            if r is not None and all(view.cell(r, c) is ZERO for c in shown) and has(r):
                r = None
            if r is None and out and out[-1] is None:
                continue
            out.append(r)
        return out if any(r is not None for r in out) else rows

    def _print_MatrixView(self, view: MatrixView) -> str:
        rows, cols = self.view_indices(view)
        lines = []
        for r in rows:
            cells = []
            for c in cols:
                if r is None:
                    cells.append(r"\ddots" if c is None else r"\vdots")
                elif c is None:
                    cells.append(r"\cdots")
                else:
                    cells.append(self._print(view.cell(r, c)))
            lines.append(" & ".join(cells))
        body = " \\\\ ".join(lines)
        if len(cols) > _MAX_MATRIX_COLS:
            return rf"\left[\begin{{array}}{{{'c' * len(cols)}}} {body} \end{{array}}\right]"
        return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"

    def _print_MatrixBase(self, expr: Any) -> str:
        return self._print_MatrixView(MatrixView(expr.shape, lambda r, c: expr[r, c]))

    # ----- helpers used by the document builder -----------------------------

    def factor(self, value: Any) -> str:
        """A value as a factor of a product: negative numbers and sums in parentheses."""
        text = self._print(value)
        if isinstance(value, sympy.Basic) and value.is_Add:
            return rf"\left({text}\right)"
        if text.startswith("-"):
            return rf"\left({text}\right)" if "\\frac" in text else f"({text})"
        return text

    def matrix(self, arr: np.ndarray) -> str:
        """A 1-D (as one row) or 2-D array as an (elided) matrix."""
        return self._print(MatrixView.of(arr))

    def tensor(self, name: str, arr: np.ndarray) -> list[str]:
        """An array as displayed pieces: ``name = [...]`` for 1-D/2-D, else its 2-D slices.

        Slices are labelled ``name_{i,:,:}``; beyond ``threshold`` slices only
        the first and last ``edgeitems`` are kept, with ``\\cdots`` between.
        """
        if arr.ndim <= 2:
            return [f"{name} = {self.matrix(arr)}"]
        pieces = []
        for index in self._lead(arr.shape):
            if index is None:
                pieces.append(r"\cdots")
                continue
            label = ",".join(str(i) for i in index)
            pieces.append(f"{_subscripted(name, label + ',:,:')} = {self.matrix(arr[index])}")
        return pieces

    def _lead(self, shape: tuple[int, ...]) -> list[tuple[int, ...] | None]:
        """The leading indices of the 2-D slices shown of an N-D array."""
        lead: list[tuple[int, ...] | None] = list(np.ndindex(*shape[:-2]))
        if len(lead) > self.threshold:
            lead = [*lead[: self.edgeitems], None, *lead[-self.edgeitems :]]
        return lead

    def shown_indices(self, shape: tuple[int, ...]) -> list[tuple[int, ...]]:
        """The indices of the entries :meth:`tensor` displays for an array of ``shape``.

        Examples:
            >>> DocLatexPrinter({"threshold": 2, "edgeitems": 1}).shown_indices((3, 2))
            [(0, 0), (0, 1), (2, 0), (2, 1)]
        """
        if len(shape) == 1:
            return [(c,) for c in self.keep(shape[0]) if c is not None]
        rows = [r for r in self.keep(shape[-2]) if r is not None]
        cols = [c for c in self.keep(shape[-1]) if c is not None]
        lead = [()] if len(shape) == 2 else [i for i in self._lead(shape) if i is not None]
        return [(*i, r, c) for i in lead for r in rows for c in cols]


_NAME = re.compile(r"([A-Za-z]+)_\{([0-9,]+)\}$")
#: Factors of a product in the order a document writes them: inputs, then weights, then bias.
_ROLE = {"w": 1, "b": 2}


def _factor_key(symbol: Any) -> tuple[int, str, tuple[int, ...]]:
    """Sort key of a symbol in a product: its role, its letter, its indices as numbers."""
    name = symbol.name
    m = _NAME.match(name)
    if m is None:
        return (3, name, ())
    letter, index = m.group(1), tuple(int(i) for i in m.group(2).split(","))
    return (_ROLE.get(letter, 0), letter, index)


def _named(value: Any) -> bool:
    return isinstance(value, sympy.Symbol) and _NAME.match(value.name) is not None


def _term(expr: Any) -> tuple[Any, int, list[Any]] | None:
    """A named symbol, a product of distinct named symbols, or such a product (or one
    named symbol) times an integer: ``(sort key, integer coefficient, the symbols in the
    document's order)``, the key that of its symbols; else None."""
    if _named(expr):
        key = _factor_key(expr)
        return (key,), 1, [expr]
    if not isinstance(expr, sympy.Mul):
        return None
    coeff, factors = expr.as_coeff_mul()
    if not coeff.is_Integer or not factors or not all(map(_named, factors)):
        return None
    keyed = sorted([(_factor_key(f), f) for f in factors], key=operator.itemgetter(0))
    return tuple(k for k, _ in keyed), int(coeff), [f for _, f in keyed]


def _subscripted(name: str, sub: str) -> str:
    """``name`` with a subscript appended: ``w^{flip}`` -> ``w^{flip}_{0,:,:}``, a compound
    name in parentheses (``(\\tilde{x} \\star w)_{0,:,:}``, not ``\\tilde{x} \\star w_{0,:,:}``).

    Examples:
        >>> _subscripted(r"C (C^{\\mathsf T} x)", "0,:,:")
        '\\\\big(C (C^{\\\\mathsf T} x)\\\\big)_{0,:,:}'
    """
    if " " in name or "(" in name:
        return rf"\big({name}\big)_{{{sub}}}"
    return f"{name}_{{{sub}}}"


def pack(pieces: Sequence[str], budget: float, sep: str = r",\quad ") -> list[str]:
    """Greedily put pieces on lines of at most ``budget`` width (one piece may exceed it)."""
    lines: list[str] = []
    current: list[str] = []
    width = 0.0
    for piece in pieces:
        w = math_width(piece)
        if current and width + w > budget:
            lines.append(sep.join(current))
            current, width = [], 0.0
        current.append(piece)
        width += w + math_width(sep)
    if current:
        lines.append(sep.join(current))
    return lines
