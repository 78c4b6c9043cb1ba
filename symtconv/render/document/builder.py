"""The pen of a document: a :class:`Builder` appends blocks, and formats values,
tensors, C and long sums for the page; the sections (:mod:`.opening`, :mod:`.matrix`,
:mod:`.product`, :mod:`.views`, :mod:`.relations`, :mod:`.verification`, :mod:`.summary`)
use it to write their steps.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ..printer import ZERO, DocLatexPrinter, MatrixView, Raw, math_width, pack
from .blocks import Block, Math, Para, T, Text
from .options import BUDGET, FIT_ROWS, MAX_COMMAND, DocumentOptions

if TYPE_CHECKING:
    from ...engine.derivation import Derivation

__all__ = ["BUDGET", "MAX_COMMAND", "Builder", "dims", "is_name", "per_dim", "tidy"]


def dims(shape: tuple[int, ...] | list[int]) -> str:
    """A shape as math: ``3 \\times 3``."""
    return r" \times ".join(str(n) for n in shape)


def per_dim(values: tuple[Any, ...]) -> str:
    """One value when all dimensions agree, else a tuple: ``2`` or ``(2, 1)``."""
    vals = list(values)
    return str(vals[0]) if len(set(vals)) == 1 else "(" + ", ".join(map(str, vals)) + ")"


def is_name(value: Any) -> bool:
    """True for a bare symbol (an entry shown by its name)."""
    return isinstance(value, sympy.Symbol)


class Builder:
    """Builds the blocks of one document from a derivation (see :func:`build_document`)."""

    def __init__(self, d: Derivation, options: DocumentOptions) -> None:
        self.d = d
        self.spec = d.spec
        self.options = options
        self.p = DocLatexPrinter(
            {
                "threshold": options.threshold,
                "edgeitems": options.edgeitems,
                "fit": (BUDGET, FIT_ROWS),
            }
        )
        self.blocks: list[Block] = []
        self.op = r"C^{\mathsf T} x" if d.spec.transposed else "C x"

    # ----- small helpers ---------------------------------------------------------

    def add(self, *blocks: Block) -> None:
        """Append blocks."""
        self.blocks.extend(blocks)

    def para(self, *texts: Text) -> None:
        """Append a paragraph."""
        self.blocks.append(Para(tuple(texts)))

    def math(self, *lines: str, tag: str | None = None) -> None:
        """Append displayed math."""
        self.blocks.append(Math(tuple(lines), tag))

    def pieces(self, pieces: list[str], tag: str | None = None) -> None:
        """Display pieces (``name = [...]``), as many per line as fit."""
        self.math(*pack(pieces, BUDGET), tag=tag)

    def tensor(self, name: str, arr: np.ndarray) -> list[str]:
        """Display pieces of a tensor (see :meth:`DocLatexPrinter.tensor`)."""
        return self.p.tensor(name, arr)

    def named(self, shape: tuple[int, ...], name: Any) -> np.ndarray:
        """An array whose entries are their names (symbols ``name(index)``).

        Only the entries :meth:`tensor` and the printer's matrices show are
        filled (the others are never printed), so a big array costs little.
        """
        arr = np.empty(shape, dtype=object)
        arr[...] = ZERO
        for index in self.p.shown_indices(shape):
            arr[index] = sympy.Symbol(name(index))
        return arr

    def value(self, v: Any) -> str:
        """A value (or ZERO) as LaTeX."""
        return self.p.doprint(v)

    def shown(self, arr: np.ndarray) -> np.ndarray:
        """A full-layout per-sample array without the channel axis when compact."""
        return arr.reshape(arr.shape[1:]) if self.d.compact and arr.shape[0] == 1 else arr

    def product(self, x_value: Any, w_value: Any) -> Any:
        """A product as shown: ``x w`` for two names, else its value."""
        if is_name(x_value) and is_name(w_value):
            return Raw(rf"{self.value(x_value)}\, {self.value(w_value)}")
        return x_value * w_value

    def fits(self, arr: np.ndarray) -> bool:
        """True when the (elided) matrices of an array fit on one line."""
        return all(math_width(piece) <= BUDGET for piece in self.tensor("y", arr))

    def fits_piece(self, piece: str) -> bool:
        """True when a piece of math fits on one line."""
        return math_width(piece) <= BUDGET

    def width(self, latex: str) -> float:
        """The width of math, in characters (see :func:`~symtconv.render.printer.math_width`)."""
        return math_width(latex)

    def chain(self, lhs: str, groups: list[list[str]]) -> list[str]:
        """``lhs = g_1 = g_2 ...``, each group a sum of terms, broken into aligned lines."""
        lines: list[str] = []
        cur, width = f"{lhs} &= ", math_width(lhs) + 2.0
        started = False
        for gi, group in enumerate(groups):
            if gi > 0:
                if width + 2.0 + math_width(group[0]) > BUDGET and started:
                    lines.append(cur)
                    cur, width = "&= ", 4.0
                else:
                    cur += " = "
                    width += 2.0
            for ti, term in enumerate(group):
                piece = term if ti == 0 else f" + {term}"
                w = math_width(piece)
                if started and ti > 0 and width + w > BUDGET:
                    lines.append(cur)
                    cur, width = rf"&\quad + {term}", 6.0 + math_width(term)
                else:
                    cur += piece
                    width += w
                started = True
        lines.append(cur)
        return lines

    def entries_note(self, shown: int, total: int) -> Text | None:
        """A note when a list is elided."""
        if shown >= total:
            return None
        return T("elided_list", shown=str(shown), total=str(total))

    # ----- the steps ----------------------------------------------------------------

    def shape_of(self, size: tuple[int, ...], channels: int) -> tuple[int, ...]:
        """A spatial size with its channel axis unless compact."""
        return size if self.d.compact else (channels, *size)

    def matrix_view(self, transpose: bool = False) -> MatrixView:
        """C (or C^T) with its structural zeros."""
        st = self.d.structure
        flat_w = self.d.w.reshape(-1)

        def cell(r: int, c: int) -> Any:
            tap = st.tap(c, r) if transpose else st.tap(r, c)
            return ZERO if tap is None else flat_w[tap]

        rows, cols = self.d.matrix_shape
        lines = st.cols if transpose else st.rows  # the displayed rows' indices
        present = np.zeros(cols if transpose else rows, dtype=bool)
        present[lines] = True

        def has(r: int) -> bool:
            return bool(present[r])

        return MatrixView((cols, rows) if transpose else (rows, cols), cell, row_has_nonzero=has)


_OP = re.compile(r"(?<![A-Za-z\\])op(?![A-Za-z])")


def tidy(formula: str) -> str:
    """Upright multi-letter names in a size formula: ``op``, ``p_{lo}``, ``p_{hi}``."""
    formula = _OP.sub(r"\\mathit{op}", formula)
    return formula.replace("p_{lo}", r"p_{\mathrm{lo}}").replace("p_{hi}", r"p_{\mathrm{hi}}")
