"""The two other views of C^T x: the scatter (each input element times the kernel,
placed and summed) and the zero insertion (stretched input, flipped kernel)."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from ...core.operands import same_value
from ..pictures import scatter_picture
from ..printer import ZERO, MatrixView, keep_around
from .accumulate import busiest, mark_overlaps, overlap_entry, overlap_step
from .arrays import (
    ScatterTerm,
    ZeroInsertion,
    scatter_rows,
    scatter_sum,
    scatter_terms,
    zero_insertion,
)
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
        # one short piece (dimension n of the offset is q_n s - p_lo), never broken across lines
        offset = r"{(q_n\, s - p_{\mathrm{lo}})_{n}}"
    shape = r" \times ".join(map(str, spec.output_size))
    intro = [T("scatter_intro", offset=f"${offset}$")]
    if any(lo or hi for lo, hi in spec.padding):
        intro.append(T("scatter_cropped"))
    total = scatter_sum(d, positions=b.p.shown_indices(spec.output_size))
    boxed = b.fits(total)  # the sum, its overlaps boxed, is drawn only when it fits
    canvas = "scatter_canvas" if boxed else "scatter_canvas_unboxed"
    b.para(*intro, T(canvas, shape=f"${shape}$"))
    if not d.compact:
        b.para(T("scatter_channel"))
    rows = scatter_rows(d)
    shown = _elide(rows, SCATTER_TERMS, b.options.edgeitems)
    terms = iter(scatter_terms(d, rows=[r for r in shown if r is not None]))
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
    if boxed:
        groups.append([_body(b, mark_overlaps(b, total))])
    b.math(*b.chain(lhs, groups), tag="scatter")
    if not boxed:
        b.para(T("scatter_sum_named"))
    overlap_entry(b)
    if b.options.pictures:
        pic = scatter_picture(d)
        if pic is not None:
            padded = any(lo or hi for lo, hi in spec.padding) or any(spec.output_padding)
            b.add(Figure("scatter", pic, T("fig_scatter_padded" if padded else "fig_scatter")))


def zero_insertion_step(b: Builder) -> None:
    """Stretch, pad, flip (dilate), correlate."""
    d, spec = b.d, b.spec
    shown = b.p.shown_indices(b.shown(np.empty((spec.out_channels, *spec.output_size))).shape)
    z = zero_insertion(d, [(0, *i) for i in shown] if d.compact else shown)
    b.add(Section(T("sec_zero_insertion")))
    b.para(
        T("zi_intro_2d" if spec.rank == 2 else "zi_intro"),
        *([] if d.compact else [T("zi_channels")]),
    )
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
    kernel = r"w^{\mathrm{flip}}"
    if any(v > 1 for v in spec.dilation):
        kernel = r"\hat{w}"
        b.para(T("zi_dilated", d=f"$d = {_per_dim(spec.dilation)}$"))
        b.pieces(b.tensor(kernel, _dilated(flipped, spec.dilation)))
    result = b.shown(z.result)
    full_shape = (spec.out_channels, *spec.output_size)

    def expected(i: tuple[int, ...]) -> Any:  # the derivation's entry, looked up alone
        return d.product[0][
            int(np.ravel_multi_index(i if len(i) == len(full_shape) else (0, *i), full_shape))
        ]

    same = all(same_value(result[i], expected(i)) for i in shown)
    name = rf"\tilde{{x}} \star {kernel}"
    if b.fits(result):
        b.para(T("zi_correlate", kernel=f"${kernel}$"))
        b.pieces(b.tensor(name, result), tag="zero_insertion")
    else:
        where = busiest(b)
        shape = r" \times ".join(map(str, spec.output_size))
        b.para(
            T(
                "zi_correlate_entry",
                kernel=f"${kernel}$",
                shape=f"${shape}$",
                entry=f"$({', '.join(map(str, where))})$" if len(where) > 1 else f"${where[0]}$",
            )
        )
        b.math(*_zi_entry(b, z, where, name), tag="zero_insertion_entry")
    b.para(T("zi_same" if same else "zi_differs"))


def _per_dim(values: tuple[int, ...]) -> str:
    return str(values[0]) if len(set(values)) == 1 else "(" + ", ".join(map(str, values)) + ")"


def _dilated(flipped: np.ndarray, dilation: tuple[int, ...]) -> np.ndarray:
    """A kernel with ``d - 1`` structural zeros between neighbouring taps (spatial axes last)."""
    rank = len(dilation)
    lead = flipped.shape[: flipped.ndim - rank]
    spatial = flipped.shape[flipped.ndim - rank :]
    shape = (*lead, *((k - 1) * dd + 1 for k, dd in zip(spatial, dilation, strict=True)))
    out = np.empty(shape, dtype=object)
    out[...] = ZERO
    where: tuple[Any, ...] = (..., *(slice(None, None, dd) for dd in dilation))
    out[where] = flipped
    return out


def _zi_entry(b: Builder, z: ZeroInsertion, where: tuple[int, ...], name: str) -> list[str]:
    """One entry of the correlation (output channel 0), its non-zero cells times the taps."""
    spec = b.spec
    cin_g = spec.in_channels // spec.groups
    terms: list[str] = []
    named: list[str] = []  # the products of symbols, as the document writes them
    total = sympy.Integer(0)
    numeric = True
    for ci in range(cin_g):
        for t in np.ndindex(*spec.kernel_size):
            q = tuple(where[n] + t[n] * spec.dilation[n] for n in range(spec.rank))
            cell = z.stretched[(ci, *q)]
            if cell is ZERO:
                continue
            tap = z.flipped[(0, ci, *t)]
            numeric = numeric and not (sympy.sympify(cell * tap).free_symbols)
            terms.append(f"{b.p.factor(cell)} \\cdot {b.p.factor(tap)}")
            named.append(b.value(cell * tap))
            total += cell * tap
    sub = ",".join(map(str, where if b.d.compact else (0, *where)))
    lhs = rf"({name})_{{{sub}}}"
    value = b.value(sympy.expand(total))
    if not numeric:  # symbols: the products are the value, written once
        return b.chain(lhs, [named])
    groups = [terms or ["0"]]
    if [value] != groups[0]:
        groups.append([value])
    return b.chain(lhs, groups)


def view_steps(b: Builder) -> None:
    """The scatter view, the overlap, the zero-insertion view (transposed derivations)."""
    scatter_step(b)
    overlap_step(b)
    zero_insertion_step(b)
