"""The later steps of a derivation document: the scatter and zero-insertion
views, transpose versus inverse, the shape relation to the forward
convolution (and what output_padding resolves), and the verification.

They extend a :class:`~symtconv.render.document.Builder`; see
:func:`symtconv.render.document.build_document`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ..shapes import shape_report
from ..verify import FLOAT_RTOL, verify_spec
from .blocks import Code, Figure, Items, Section, T, Text
from .pictures import scatter_picture
from .printer import ZERO, MatrixView, keep_around
from .views import round_trip, scatter_rows, scatter_sum, scatter_terms, zero_insertion

if TYPE_CHECKING:
    from .document import Builder

__all__ = ["SCATTER_TERMS", "relation_steps", "verification_step", "view_steps"]

#: Scatter terms shown in full up to this many; beyond, the first and last edgeitems.
SCATTER_TERMS = 9


def _equal(a: np.ndarray, b: np.ndarray) -> bool:
    """Entry by entry equal (the differences expand to 0)."""
    pairs = zip(a.reshape(-1), b.reshape(-1), strict=True)
    return a.shape == b.shape and all(sympy.expand(p - q) == 0 for p, q in pairs)


def _elide(items: list[Any], limit: int, edge: int) -> list[Any]:
    return items if len(items) <= limit else [*items[:edge], None, *items[-edge:]]


def _cells(b: Builder, canvas: np.ndarray) -> np.ndarray:
    out = np.empty(canvas.shape, dtype=object)
    for index, cell in np.ndenumerate(canvas):
        out[index] = cell if cell is ZERO else b.product(*cell)
    return out


def _focus(canvas: np.ndarray, axis: int) -> range:
    """The index range along ``axis`` where the canvas has taps."""
    hit = [
        i
        for i in range(canvas.shape[axis])
        if any(c is not ZERO for c in np.take(canvas, i, axis=axis).reshape(-1))
    ]
    return range(hit[0], hit[-1] + 1) if hit else range(0)


def _body(b: Builder, arr: np.ndarray, canvas: np.ndarray | None = None) -> str:
    """A canvas (1-D, 2-D, or 3-D as a tuple of slices) as LaTeX.

    With ``canvas`` (the term's cells), an elided canvas keeps the rows and
    columns its taps land on, so the elision never hides the term.
    """
    grid = arr.reshape(1, -1) if arr.ndim == 1 else arr
    keep = b.p.keep
    if canvas is not None and canvas.ndim >= 1:
        cells = canvas.reshape(1, -1) if canvas.ndim == 1 else canvas
        t, e = b.options.threshold, b.options.edgeitems
        rows_keep = keep_around(grid.shape[-2], _focus(cells, cells.ndim - 2), t, e)
        cols_keep = keep_around(grid.shape[-1], _focus(cells, cells.ndim - 1), t, e)
        lead_keep = keep_around(grid.shape[0], _focus(cells, 0), t, e) if grid.ndim == 3 else [0]
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
        body = _body(b, _cells(b, term.canvas), term.canvas)
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


def _round_trip(b: Builder) -> None:
    d, spec = b.d, b.spec
    x0 = b.shown(d.x[0] if spec.batch is not None else d.x)
    lhs = r"C (C^{\mathsf T} x)" if spec.transposed else r"C^{\mathsf T} (C x)"
    numeric = not any(v.free_symbols for v in x0.reshape(-1)) and not any(
        v.free_symbols for v in d.w.reshape(-1)
    )
    if numeric:
        rt = b.shown(round_trip(d))
        equal = _equal(rt, x0)
        b.para(T("round_trip_numeric", lhs=f"${lhs}$"))
        relation = "=" if equal else r"\neq"
        left, right = b.tensor(lhs, rt), b.tensor("x", x0)
        if len(left) == 1 and len(right) == 1:
            matrix = right[0].split(" = ", 1)[1]
            b.math(f"{left[0]} {relation} {matrix} = x", tag="round_trip")
        else:
            b.pieces(left, tag="round_trip")
            b.pieces(right)
        b.para(T("round_trip_equal" if equal else "round_trip_differs", lhs=f"${lhs}$"))
        return
    first = round_trip(d, count=1)[0]
    name = str(d.x.reshape(-1)[0]) if is_symbol(d.x.reshape(-1)[0]) else "x"
    sub = name[name.index("{") :] if "{" in name else "{0}"
    xs = sorted((v for v in d.x.reshape(-1) if is_symbol(v)), key=str)
    collected = sympy.collect(first, xs)
    terms = [b.value(t) for t in sympy.Add.make_args(collected)]
    b.para(T("round_trip_symbolic", lhs=f"${lhs}$", name=f"${b.value(d.x.reshape(-1)[0])}$"))
    b.math(*b.chain(rf"\big({lhs}\big)_{sub}", [terms]), tag="round_trip")


def is_symbol(value: Any) -> bool:
    """True for a bare SymPy symbol."""
    return isinstance(value, sympy.Symbol)


def _shapes(b: Builder) -> None:
    from .document import forward_size_check

    d, spec = b.d, b.spec
    report = shape_report(spec)
    distinct = d.size_formula.distinct_dims()
    for dim in distinct:
        if len(distinct) > 1:
            b.para(T("size_numbers_dim", dim=str(dim)))
        pre = report.preimages[dim]
        sizes = tuple(f"${p.input_size}$" for p in pre)
        if spec.transposed:
            i, o = spec.input_size[dim], spec.output_size[dim]
            back = spec.forward_output_size[dim]
            if back == i:
                b.para(T("shapes_forward_t", o=f"${o}$", i=f"${i}$"))
            else:
                b.para(T("shapes_forward_trunc", o=f"${o}$", i=f"${i}$", back=f"${back}$"))
            b.math(forward_size_check(spec, dim))
            if len(pre) == 1:
                b.para(T("shapes_unique_t", size=sizes[0], i=f"${i}$"))
            else:
                b.para(T("shapes_ambiguous_t", sizes=sizes, i=f"${i}$", s=f"${spec.stride[dim]}$"))
                chosen = spec.output_padding[dim]
                b.add(
                    Items(
                        tuple(
                            T(
                                "shapes_choice_this"
                                if p.output_padding == chosen
                                else "shapes_choice",
                                op=rf"$\mathit{{op}} = {p.output_padding}$",
                                size=f"${p.input_size}$",
                            )
                            for p in pre
                        )
                    )
                )
            extra = report.extra_output_paddings[dim]
            if extra:
                texts = [
                    T(
                        "shapes_extra",
                        ops=tuple(f"${v}$" for v in extra),
                        s=f"${spec.stride[dim]}$",
                        d=f"${spec.dilation[dim]}$",
                    )
                ]
                if spec.output_padding[dim] in extra:
                    texts.append(
                        T("shapes_extra_this", op=rf"$\mathit{{op}} = {spec.output_padding[dim]}$")
                    )
                b.para(*texts)
        else:
            o = d.size_formula.values[dim]
            if len(pre) == 1:
                b.para(T("shapes_unique_f", size=sizes[0], o=f"${o}$"))
            else:
                b.para(T("shapes_ambiguous_f", sizes=sizes, o=f"${o}$"))
                b.add(
                    Items(
                        tuple(
                            T(
                                "shapes_choice",
                                op=rf"$\mathit{{op}} = {p.output_padding}$",
                                size=f"${p.input_size}$",
                            )
                            for p in pre
                        )
                    )
                )


def relation_steps(b: Builder) -> None:
    """Transpose versus inverse, and the shapes (and output_padding's ambiguity)."""
    d, spec = b.d, b.spec
    rows, cols = d.matrix_shape
    b.add(Section(T("sec_transpose_t" if spec.transposed else "sec_transpose_f")))
    texts: list[Text] = [T("adjoint_t" if spec.transposed else "adjoint_f")]
    if rows < cols:
        texts.append(T("adjoint_rank", m=f"${rows}$", n=f"${cols}$", nn=f"${cols} \\times {cols}$"))
    b.para(*texts)
    _round_trip(b)
    b.add(Section(T("sec_shapes")))
    _shapes(b)


_METHOD_KEYS = {
    "scatter": "method_scatter",
    "zero_insertion": "method_zero_insertion",
    "gather": "method_gather",
    "torch": "method_torch",
    "symbolic": "method_symbolic",
}


def verification_step(b: Builder) -> None:
    """Which independent methods agree with the literal product, and how exactly."""
    d, spec = b.d, b.spec
    report = verify_spec(spec, d.x, d.w, d.b)
    b.add(Section(T("sec_verify")))
    b.para(T("verify_intro", op=f"${b.op}$"), T(f"verify_kind_{report.data_kind}", rtol=_rtol()))
    items: list[Text] = []
    for r in report.results[1:]:
        method = T(_METHOD_KEYS.get(r.name, "method_other"), name=Code(r.name))
        if r.error:
            items.append(T("verify_error", method=method, error=Code(r.error)))
        elif r.agrees and r.comparison == "exact":
            items.append(T("verify_agrees_exact", method=method))
        elif r.agrees and r.comparison == "algebraic":
            items.append(T("verify_agrees_algebraic", method=method))
        elif r.agrees:
            items.append(T("verify_agrees_tol", method=method, diff=f"${r.max_abs_diff:.3g}$"))
        else:
            items.append(T("verify_disagrees", method=method))
    if report.adjoint is not None:
        a = report.adjoint
        relation = "=" if a.holds else r"\neq"
        items.append(
            T(
                "verify_adjoint",
                value=rf"$\langle C u, v \rangle = {a.lhs} {relation} {a.rhs} = "
                rf"\langle u, C^{{\mathsf T}} v \rangle$",
            )
        )
    b.add(Items(tuple(items)))
    b.para(T("verify_ok" if report.ok else "verify_not_ok"))


def _rtol() -> str:
    exponent = round(np.log10(FLOAT_RTOL))
    return rf"$10^{{{exponent}}}$"
