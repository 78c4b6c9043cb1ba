"""The ordinary convolution behind C: its sliding windows, and one window as one row of C.

A transposed document first recalls the ordinary convolution with the same
kernel, stride, padding and dilation (the one whose matrix is C): it maps an
array ``u`` of the output's shape to an array ``z`` of the input's shape, one
window per entry of ``z``.  It is worked on ``u`` = the numbers 1, 2, 3, ... row
by row (on the seed's example that is the seed's own recap: ``[[1,2,3],[4,5,6],
[7,8,9]]`` gives ``[[-4,-4],[-4,-4]]``), computed by gathering windows
(:func:`symtconv.core.numeric.conv`), not from C.  A forward document is that
convolution itself (``u`` is its ``x``, ``z`` its ``y``).

Examples:
    >>> from symtconv import derive
    >>> from .builder import Builder
    >>> from .options import DocumentOptions
    >>> b = Builder(derive(), DocumentOptions())
    >>> window_cells(b, 0)
    [(0, 0, 1), (1, 1, 0), (3, 2, 0), (4, 3, -1)]
    >>> recap_operand(b)[1].tolist()
    [[[-4, -4], [-4, -4]]]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from ...core.numeric import conv
from ...core.operands import entry_name
from ..pictures import window_picture
from ..printer import ZERO, MatrixView, Raw
from .blocks import Figure, Section, T, Text
from .builder import BUDGET, Builder, dims, is_name

__all__ = ["recap", "recap_input", "recap_operand", "window_cells", "window_names", "window_rows"]


def window_names(b: Builder) -> tuple[str, str]:
    """The names of the convolution's input and output: ``u``, ``z`` (transposed documents,
    where ``x`` and ``y`` are the transposed convolution's), else ``x``, ``y``."""
    return ("u", "z") if b.spec.transposed else ("x", "y")


def window_cells(b: Builder, row: int) -> list[tuple[int, int, Any]]:
    """The cells of row ``row`` of C: ``(column, tap, weight value)``, by column."""
    st = b.d.structure
    lo, hi = np.searchsorted(st.rows, [row, row + 1])
    flat_w = b.d.w.reshape(-1)
    return [
        (int(c), int(t), flat_w[int(t)])
        for c, t in zip(st.cols[lo:hi].tolist(), st.taps[lo:hi].tolist(), strict=True)
    ]


def _column_name(b: Builder, letter: str, col: int) -> str:
    """The name of the entry of C's column side at column ``col`` (``u_{0,1}``)."""
    spec = b.spec
    full = tuple(map(int, np.unravel_index(col, (spec.col_channels, *spec.col_size))))
    return entry_name(letter, full[1:] if b.d.compact else full)


def _row_name(b: Builder, letter: str, row: int) -> str:
    spec = b.spec
    full = tuple(map(int, np.unravel_index(row, (spec.row_channels, *spec.row_size))))
    return entry_name(letter, full[1:] if b.d.compact else full)


def _tap_name(b: Builder, tap: int) -> str:
    spec = b.spec
    full = tuple(map(int, np.unravel_index(tap, spec.weight_shape)))
    return entry_name("w", full[2:] if b.d.compact else full)


def recap_input(b: Builder) -> np.ndarray:
    """``u``: the numbers 1, 2, ... row by row, of C's column side, ``(channels, *size)``
    (Python's integers: SymPy's, made one by one, would cost more than the rest of a
    big document's recap)."""
    spec = b.spec
    shape = (spec.col_channels, *spec.col_size)
    return np.arange(1, int(np.prod(shape)) + 1, dtype=object).reshape(shape)  # Python ints


class _TapSum:
    """A sum of integer multiples of the kernel's taps, ``{tap: coefficient}``: what the
    ordinary convolution of integers by the kernel gives, built with Python's dicts (the
    same sum in SymPy costs about ten times more) and printed as that sum."""

    __slots__ = ("coeffs",)

    def __init__(self, coeffs: dict[int, int]) -> None:
        self.coeffs = coeffs

    def __mul__(self, k: int) -> _TapSum:
        return _TapSum({t: k * c for t, c in self.coeffs.items()} if k else {})

    __rmul__ = __mul__

    def __add__(self, other: _TapSum | int) -> _TapSum:
        if not isinstance(other, _TapSum):  # the 0 of an entry not computed
            return self
        coeffs = dict(self.coeffs)
        for t, c in other.coeffs.items():
            coeffs[t] = coeffs.get(t, 0) + c
        return _TapSum(coeffs)

    __radd__ = __add__


def _printed(b: Builder, z: np.ndarray) -> np.ndarray | None:
    """``z`` of tap sums with each shown entry as its printed sum of weights (the
    others 0), or None when a weight is not a named symbol (printed by SymPy then)."""
    flat_w = b.d.w.reshape(-1).tolist()
    out = np.zeros(z.size, dtype=object)
    for index, value in enumerate(z.reshape(-1).tolist()):
        if isinstance(value, _TapSum):
            by_symbol: dict[Any, int] = {}
            for t, c in value.coeffs.items():
                by_symbol[flat_w[t]] = by_symbol.get(flat_w[t], 0) + c
            latex = b.p.combination([(c, s) for s, c in by_symbol.items()])
            if latex is None:
                return None
            out[index] = Raw(latex)
    return out.reshape(z.shape)


def recap_operand(b: Builder, shown: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """``u`` (:func:`recap_input`) and ``z``, the ordinary convolution of ``u`` by
    gathering windows (its first ``i`` positions where C keeps only those), both
    ``(channels, *size)``; with ``shown``, only the entries of ``z`` a document shows are
    computed (the others are 0), and when the weights are named symbols (a derivation's
    usual kernel) each as its printed sum (:class:`~symtconv.render.printer.Raw`), the
    convolution computed on the taps' numbers and the sums printed from those."""
    spec = b.spec
    u = recap_input(b)
    at = None
    w = b.d.w
    if shown:
        z_shape: tuple[int, ...] = (spec.row_channels, *spec.row_size)
        if b.d.compact and spec.row_channels == 1:  # as Builder.shown
            z_shape = z_shape[1:]
        at = sorted({i[-spec.rank :] for i in b.p.shown_indices(z_shape)})
        if all(map(is_name, w.reshape(-1).tolist())):
            taps = np.empty(w.size, dtype=object)
            taps[:] = [_TapSum({t: 1}) for t in range(w.size)]
            w = taps.reshape(w.shape)

    def convolved(weights: np.ndarray) -> np.ndarray:
        z = conv(u, weights, None, spec.stride, spec.padding, spec.dilation, spec.groups, at=at)
        return z[(slice(None), *(slice(0, n) for n in spec.row_size))]

    printed = None if w is b.d.w else _printed(b, convolved(w))
    return u, convolved(b.d.w) if printed is None else printed


def _window_chain(b: Builder, row: int, u: np.ndarray | None) -> list[str]:
    """``z_{0,0} = u w + ... = values = result`` for one window (row of C)."""
    inp, out = window_names(b)
    cells = window_cells(b, row)
    names = [
        rf"{b.value(sympy.Symbol(_column_name(b, inp, c)))}\, "
        rf"{b.value(sympy.Symbol(_tap_name(b, t)))}"
        for c, t, _ in cells
    ]
    lhs = b.value(sympy.Symbol(_row_name(b, out, row)))
    groups = [names]
    if u is not None:
        flat = u.reshape(-1)
        values = [rf"{b.p.factor(flat[c])} \cdot {b.p.factor(w)}" for c, _, w in cells]
        total = sympy.expand(sum((flat[c] * w for c, _, w in cells), sympy.Integer(0)))
        groups += [values, [b.value(total)]]
    return b.chain(lhs, groups)


def _padding_phrase(b: Builder) -> Text:
    if any(lo or hi for lo, hi in b.spec.padding):
        return T("recap_padded")
    return T("recap_unpadded")


def recap(b: Builder) -> None:
    """The ordinary convolution whose matrix is C, worked on u = 1, 2, 3, ... (transposed)."""
    d, spec = b.d, b.spec
    b.add(Section(T("sec_recap")))
    small = f"${dims(b.shape_of(spec.row_size, spec.row_channels))}$"
    big = f"${dims(b.shape_of(spec.col_size, spec.col_channels))}$"
    b.para(T("recap_intro", big=big, small=small), _padding_phrase(b))
    b.math(_window_formula(b))
    if spec.rank > 1:
        b.para(T("recap_per_dim"))
    if not d.compact:
        b.para(T("recap_channels"))
    if b.options.pictures:
        pic = window_picture(d, "z")
        if pic is not None:
            b.add(Figure("windows", pic, _window_caption(b)))
    u = recap_input(b)
    b.para(T("recap_numbers"))
    b.math(*_window_chain(b, 0, u))
    inputs = b.tensor("u", b.shown(u))
    if all(b.fits_piece(p) for p in inputs):  # else z, as big, is not shown either
        z = recap_operand(b, shown=True)[1]
        pieces = [*inputs, *b.tensor(r"z = C u", b.shown(z))]
        if all(b.fits_piece(p) for p in pieces):
            b.para(T("recap_all", count=str(z.size)))
            b.pieces(pieces, tag="recap")
    b.para(T("recap_size", small=small))


def _window_formula(b: Builder) -> str:
    inp, out = window_names(b)
    return rf"{out}_{{j}} = \sum_{{t}} {inp}_{{j s - p_{{\mathrm{{lo}}}} + t d}}\, w_{{t}}"


def _window_caption(b: Builder) -> Text:
    inp, out = window_names(b)
    frame = T(
        "fig_windows_frame_padded"
        if any(lo or hi for lo, hi in b.spec.padding)
        else "fig_windows_frame",
        inp=f"${inp}$",
    )
    return T("fig_windows", inp=f"${inp}$", out=f"${out}$", frame=frame)


def window_rows(b: Builder) -> None:
    """One window is one row of C: the first window's cells and the row they make."""
    d, spec = b.d, b.spec
    inp, out = window_names(b)
    if not spec.transposed and b.options.pictures:
        pic = window_picture(d, "y")
        if pic is not None:
            b.para(T("windows_forward", inp=f"${inp}$"))
            b.add(Figure("windows", pic, _window_caption(b)))
    cells = window_cells(b, 0)
    names = tuple(f"${b.value(sympy.Symbol(_column_name(b, inp, c)))}$" for c, _, _ in cells)
    columns = tuple(f"${c}$" for c, _, _ in cells)
    b.para(
        T(
            "windows_rows",
            out=f"${b.value(sympy.Symbol(_row_name(b, out, 0)))}$",
            cells=names,
            columns=columns,
        )
    )
    b.math(f"C_{{0,:}} = {_row_latex(b, 0)}", tag="window_row")


def _row_latex(b: Builder, row: int) -> str:
    """Row ``row`` of C as a one-row matrix: whole when it fits, else its nonzero columns
    and the first and last column, with ``\\cdots`` for the structural zeros between."""
    _, cols = b.d.matrix_shape
    cells = {c: w for c, _, w in window_cells(b, row)}

    def cell(r: int, c: int) -> Any:
        return cells.get(c, ZERO)

    if cols <= 40:
        whole = b.p.doprint(MatrixView((1, cols), cell, (0,), tuple(range(cols))))
        if b.width(whole) <= BUDGET:
            return whole
    wanted = sorted({0, cols - 1, *cells})
    keep: list[int | None] = []
    for i in wanted:
        last = keep[-1] if keep else None
        if last is not None and i == last + 2:  # a one-column gap: show it
            keep.append(last + 1)
        elif last is not None and i > last + 1:
            keep.append(None)
        keep.append(i)
    return b.p.doprint(MatrixView((1, cols), cell, (0,), tuple(keep)))
