"""The two other views of C^T x: the scatter (each input element times the kernel,
placed and summed) and the zero insertion (stretched input, flipped kernel)."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from ..pictures import scatter_picture
from ..printer import MatrixView, keep_around
from .arrays import ScatterTerm, scatter_rows, scatter_sum, scatter_terms, zero_insertion
from .blocks import Figure, Items, Section, T
from .builder import Builder

__all__ = ["SCATTER_TERMS", "scatter_step", "view_steps", "zero_insertion_step"]


#: Scatter terms shown in full up to this many; beyond, the first and last edgeitems.
SCATTER_TERMS = 9


def _elide(items: list[Any], limit: int, edge: int) -> list[Any]:
    return items if len(items) <= limit else [*items[:edge], None, *items[-edge:]]


def _cells(b: Builder, term: ScatterTerm) -> np.ndarray:
    """The term's canvas as shown: its products where taps land, :data:`ZERO` elsewhere."""
    out = term.canvas.copy()
    flat = out.reshape(-1)
    for c in term.hits:
        flat[c] = b.product(*flat[c])
    return out


def _focus(shape: tuple[int, ...], hits: tuple[int, ...], axis: int) -> range:
    """The index range along ``axis`` where a canvas of ``shape`` has taps at ``hits``."""
    if not hits:
        return range(0)
    at = np.unravel_index(np.array(hits), shape)[axis]
    return range(int(at.min()), int(at.max()) + 1)


def _body(b: Builder, arr: np.ndarray, term: ScatterTerm | None = None) -> str:
    """A canvas (1-D, 2-D, or 3-D as a tuple of slices) as LaTeX.

    With ``term``, an elided canvas keeps the rows and columns its taps land
    on, so the elision never hides the term.
    """
    grid = arr.reshape(1, -1) if arr.ndim == 1 else arr
    keep = b.p.keep
    if term is not None and term.canvas.ndim >= 1:
        shape = grid.shape
        t, e = b.options.threshold, b.options.edgeitems
        rows_keep = keep_around(shape[-2], _focus(shape, term.hits, len(shape) - 2), t, e)
        cols_keep = keep_around(shape[-1], _focus(shape, term.hits, len(shape) - 1), t, e)
        lead_keep = (
            keep_around(shape[0], _focus(shape, term.hits, 0), t, e) if grid.ndim == 3 else [0]
        )
    else:
        rows_keep, cols_keep = keep(grid.shape[-2]), keep(grid.shape[-1])
        lead_keep = keep(grid.shape[0]) if grid.ndim == 3 else [0]

    def matrix(m: np.ndarray) -> str:
        view = MatrixView(
            (int(m.shape[0]), int(m.shape[1])),
            lambda r, c: m[r, c],
            tuple(rows_keep),
            tuple(cols_keep),
        )
        return b.p.doprint(view)

    if grid.ndim == 2:
        return matrix(grid)
    slices = [r"\cdots" if i is None else matrix(grid[i]) for i in lead_keep]
    return r"\left(" + r",\; ".join(slices) + r"\right)"


def scatter_step(b: Builder) -> None:
    """Each input element times the kernel, placed on the output canvas, summed."""
    d, spec = b.d, b.spec
    b.add(Section(T("sec_scatter")))
    if spec.rank == 1:
        offset = r"q\,s - p_{\mathrm{lo}}"
    else:
        offset = ", ".join(rf"q_{n}\, s - p_{{\mathrm{{lo}}}}" for n in range(spec.rank))
        offset = rf"({offset})"
    shape = r" \times ".join(map(str, spec.output_size))
    b.para(T("scatter_intro", offset=f"${offset}$"), T("scatter_canvas", shape=f"${shape}$"))
    if not d.compact:
        b.para(T("scatter_channel"))
    rows = scatter_rows(d)
    shown = _elide(rows, SCATTER_TERMS, b.options.edgeitems)
    terms = iter(scatter_terms(d, rows=[r for r in shown if r is not None]))
    total = scatter_sum(d, positions=b.p.shown_indices(spec.output_size))
    pieces = []
    for row in shown:
        if row is None:
            pieces.append(r"\cdots")
            continue
        term = next(terms)
        x_name = "x_{" + ",".join(map(str, term.index)) + "}"
        w_name = "w" if d.compact else "w_{" + ",".join(map(str, term.weight_prefix)) + "}"
        body = _body(b, _cells(b, term), term)
        pieces.append(rf"\underbrace{{{body}}}_{{{x_name}\, {w_name}}}")
    note = b.entries_note(len([p for p in pieces if p != r"\cdots"]), len(rows))
    if note is not None:
        b.para(note)
    lhs = r"C^{\mathsf T} x" if d.compact else r"(C^{\mathsf T} x)_{0}"
    groups = [pieces]
    if b.fits(total):
        groups.append([_body(b, total)])
    b.math(*b.chain(lhs, groups), tag="scatter")
    if not b.fits(total):
        b.para(T("scatter_sum_named"))
    if b.options.pictures:
        pic = scatter_picture(d)
        if pic is not None:
            b.add(Figure("scatter", pic, T("fig_scatter")))


def zero_insertion_step(b: Builder) -> None:
    """Stretch, pad, flip, correlate."""
    d, spec = b.d, b.spec
    shown = b.p.shown_indices(b.shown(np.empty((spec.out_channels, *spec.output_size))).shape)
    z = zero_insertion(d, [(0, *i) for i in shown] if d.compact else shown)
    b.add(Section(T("sec_zero_insertion")))
    b.para(T("zi_intro"), *([] if d.compact else [T("zi_channels")]))
    distinct = d.size_formula.distinct_dims()
    for dim in distinct:
        if len(distinct) > 1:
            b.para(T("size_numbers_dim", dim=str(dim)))
        s, k, dd = spec.stride[dim], spec.kernel_size[dim], spec.dilation[dim]
        (lo, hi), op = spec.padding[dim], spec.output_padding[dim]
        low, high = z.padding[dim]
        items = [
            T("zi_stretch", value=f"$s - 1 = {s - 1}$"),
            T(
                "zi_low",
                value=rf"$d\,(k - 1) - p_{{\mathrm{{lo}}}} = {dd} \cdot ({k} - 1) - {lo} = {low}$",
            ),
            T(
                "zi_high",
                value=rf"$d\,(k - 1) - p_{{\mathrm{{hi}}}} + \mathit{{op}} = "
                rf"{dd} \cdot ({k} - 1) - {hi} + {op} = {high}$",
            ),
        ]
        if low < 0 or high < 0:
            items.append(T("zi_crop"))
        b.add(Items(tuple(items)))
    flipped = z.flipped.reshape(spec.kernel_size) if d.compact else z.flipped
    b.pieces(
        [*b.tensor(r"\tilde{x}", b.shown(z.stretched)), *b.tensor(r"w^{\mathrm{flip}}", flipped)]
    )
    result = b.shown(z.result)
    expected = b.shown(
        np.array(d.product[0], dtype=object).reshape(spec.out_channels, *spec.output_size)
    )
    same = all(sympy.expand(result[i] - expected[i]) == 0 for i in shown)
    b.para(T("zi_correlate"))
    if b.fits(result):
        b.pieces(b.tensor(r"\tilde{x} \star w^{\mathrm{flip}}", result), tag="zero_insertion")
    b.para(T("zi_same" if same else "zi_differs"))


def view_steps(b: Builder) -> None:
    """The scatter and zero-insertion views (transposed derivations)."""
    scatter_step(b)
    zero_insertion_step(b)
