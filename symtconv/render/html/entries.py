"""The entries of a derivation as the explorer's cells: names, values, terms, the hidden pool.

Every cell says what it is in ``data-`` attributes made of integers (and its name, escaped):
an input element ``data-x`` (its flat index in C's numbering), a kernel entry ``data-w``
(its flat index in PyTorch's weight layout), an output entry ``data-y``.  What a cell
shows (the value, and the name where it differs) is MathML.  The entries a shown output
needs and no grid shows go to a hidden pool (:meth:`Entries.pool`), so that every sum of
products the page's script writes is complete.

Examples:
    >>> from symtconv import derive
    >>> from symtconv.render.document import DocumentOptions
    >>> e = Entries(derive(), DocumentOptions(), None)
    >>> e.y_name(4), e.terms(4)
    ('y_{1,1}', [(0, 3), (1, 2), (2, 1), (3, 0)])
    >>> e.x_name(3), e.w_name(3)
    ('x_{1,1}', 'w_{1,1}')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ...core.operands import entry_name, input_names_axes, weight_names_axes
from ..document.options import DocumentOptions
from ..pictures import HEAT, PALETTE
from ..printer import DocLatexPrinter, math_width
from .grids import Layout, layout
from .markup import Attrs, element
from .mathml import inline
from .phrases import phrases

if TYPE_CHECKING:
    from ...engine.derivation import Derivation
    from ...engine.overlap import Overlap

__all__ = ["Entries", "heat", "ravel"]

#: A cell wider than this (in characters, :func:`~symtconv.render.printer.math_width`)
#: shows its name; the value is in the sum of products.
_CELL_WIDTH = 6.0


def ravel(index: Sequence[int], shape: Sequence[int]) -> int:
    return int(np.ravel_multi_index(tuple(index), tuple(shape)))


def heat(value: int, values: list[int]) -> int:
    """The shade (index into HEAT, -1 for 0) of a count among the counts."""
    nonzero = [v for v in values if v]
    if value == 0:
        return -1
    if len(nonzero) == 1:
        return 3
    return round(nonzero.index(value) * (len(HEAT) - 1) / (len(nonzero) - 1))


class Entries:
    """The entries of one derivation, as cells (the grids are :class:`~.panels.Panels`')."""

    def __init__(self, d: Derivation, options: DocumentOptions, overlap: Overlap | None) -> None:
        self.d, self.spec = d, d.spec
        self.words = phrases(options.lang)
        self.t, self.e = options.threshold, options.edgeitems
        self.p = DocLatexPrinter({"threshold": self.t, "edgeitems": self.e})
        spec = self.spec
        self.transposed = spec.transposed
        self.x = (d.x[0] if spec.batch is not None else d.x).reshape(-1)
        self.w = d.w.reshape(-1)
        out = d.output_full[0] if spec.batch is not None else d.output_full
        self.y = out.reshape(-1)
        self.x_shape = (spec.in_channels, *spec.input_size)
        self.y_shape = (spec.out_channels, *spec.output_size)
        self.overlap = overlap
        st = d.structure
        outs, ins = (st.cols, st.rows) if self.transposed else (st.rows, st.cols)
        order = np.argsort(outs, kind="stable")
        bounds = np.searchsorted(outs[order], np.arange(int(np.prod(self.y_shape)) + 1))
        self._terms = (ins[order], st.taps[order], bounds)
        self.cells: dict[tuple[int, int], int] = (
            {(int(r), int(c)): int(t) for r, c, t in zip(st.rows, st.cols, st.taps, strict=True)}
            if st.nnz <= 200_000
            else {}
        )
        self.shown_x: set[int] = set()
        self.shown_w: set[int] = set()
        self.needed_x: set[int] = set()
        self.needed_w: set[int] = set()
        self.taps = math.prod(spec.kernel_size)
        self.elided = False
        self.count_values: list[int] = []

    # ----- names and values -----------------------------------------------------

    def x_name(self, q: int) -> str:
        index = tuple(int(v) for v in np.unravel_index(q, self.x_shape))
        if self.spec.batch is not None:
            index = (0, *index)
        return entry_name("x", index[len(index) - input_names_axes(self.spec) :])

    def w_name(self, t: int) -> str:
        index = tuple(int(v) for v in np.unravel_index(t, self.spec.weight_shape))
        return entry_name("w", index[len(index) - weight_names_axes(self.spec) :])

    def y_name(self, j: int) -> str:
        index = tuple(int(v) for v in np.unravel_index(j, self.y_shape))
        if self.d.compact:
            index = index[1:]
        elif self.spec.batch is not None:
            index = (0, *index)
        return self.d.output_name(index)

    def terms(self, j: int) -> list[tuple[int, int]]:
        """The (x, w) flat indices of output entry ``j``'s products, in C's order."""
        ins, taps, bounds = self._terms
        lo, hi = int(bounds[j]), int(bounds[j + 1])
        return [(int(q), int(t)) for q, t in zip(ins[lo:hi], taps[lo:hi], strict=True)]

    def _cell(
        self, kind: str, key: str, n: int, name: str, value: Any, extra: str = ""
    ) -> tuple[Attrs, str]:
        """A cell holding entry ``n`` (``data-<key>``) named ``name``: its value and name.

        A value that is not a bare symbol or number, or is wide, is shown by its name
        (class ``long``); the value stays in the cell for the sum of products.
        """
        latex = self.p.doprint(value)
        same = str(value) == name
        content = element("span", {"class": "v"}, inline(latex))
        if not same:
            name_math = inline(self.p.doprint(sympy.Symbol(name)))
            content += element("span", {"class": "n"}, name_math)
        simple = isinstance(value, sympy.Symbol) or (
            isinstance(value, sympy.Basic) and bool(value.is_number)
        )
        long = not same and (not simple or math_width(latex) > _CELL_WIDTH)
        attrs: Attrs = {
            "class": f"cell {kind}{' long' if long else ''}{extra}",
            f"data-{key}": str(n),
            "data-name": name,
            "aria-label": name if same else f"{name} = {value}",
            "data-wrap": self.p.factor(value) != latex,
            "data-zero": key == "w" and bool(value == 0),
        }
        return attrs, content

    def _layout(
        self, shape: tuple[int, ...], channel_axes: int, frame: Sequence[range] | None = None
    ) -> Layout:
        """What a grid shows (``frame``: see :func:`~.grids.layout`)."""
        lay = layout(shape, channel_axes, self.t, self.e, frame)
        if None in lay.lead or None in lay.rows or None in lay.cols:
            self.elided = True
        return lay

    def tap_class(self, t: int) -> str:
        return f" t{(t % self.taps) % len(PALETTE)}"

    # ----- the grids ------------------------------------------------------------------

    def label(self, letter: str, channel_axes: int) -> Any:
        """Panel captions ``x_{c,:,:}`` (none for a single panel of a compact derivation)."""
        rank = self.spec.rank

        def caption(lead: tuple[int, ...]) -> tuple[str, str]:
            shown = lead if not self.d.compact else lead[channel_axes:]
            if not shown:
                return "", letter
            sub = ",".join([*map(str, shown), *([":"] * min(rank, 2))])
            latex = f"{letter}_{{{sub}}}"
            return inline(latex), f"{letter}_{{{sub}}}"

        return caption

    @property
    def canvas(self) -> tuple[int, ...]:
        """The uncropped output size ``(i - 1) s + d (k - 1) + 1 + op`` per dimension."""
        s = self.spec
        return tuple(
            (i - 1) * st + dd * (k - 1) + 1 + op
            for i, st, dd, k, op in zip(
                s.input_size, s.stride, s.dilation, s.kernel_size, s.output_padding, strict=True
            )
        )

    # ----- what the script needs besides the grids ---------------------------------

    def pool(self) -> str:
        """Hidden entries the shown outputs need and no grid shows (and the bias)."""
        parts = []
        for q in sorted(self.needed_x - self.shown_x):
            attrs, content = self._cell("x", "x", q, self.x_name(q), self.x[q])
            parts.append(element("span", attrs, content))
        for t in sorted(self.needed_w - self.shown_w):
            attrs, content = self._cell("w", "w", t, self.w_name(t), self.w[t])
            parts.append(element("span", attrs, content))
        if self.d.b is not None:
            for c, value in enumerate(self.d.b.tolist()):
                attrs, content = self._cell("b", "b", c, f"b_{{{c}}}", value)
                parts.append(element("span", attrs, content))
        return element("div", {"class": "pool", "hidden": True}, "".join(parts))
