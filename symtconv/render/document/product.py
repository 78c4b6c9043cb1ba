"""The sections on the product: x flattened, then C^T x (or C x) entry by entry."""

from __future__ import annotations

import numpy as np
import sympy

from ...core.operands import entry_name, input_names_axes
from ..printer import math_width
from ..text import entry_indices
from .blocks import Section, T
from .builder import BUDGET, Builder, dims, is_name

__all__ = ["entries", "flatten", "listed_entries", "shown_entries"]


def flatten(b: Builder) -> None:
    b.add(Section(T("sec_flatten")))
    d, spec = b.d, b.spec

    axes = input_names_axes(spec)
    samples = spec.batch or 1
    per = d.x.size // samples

    def name(index: tuple[int, ...]) -> str:
        full = [int(i) for i in np.unravel_index(index[0] * per + index[1], spec.input_shape)]
        return entry_name("x", full[len(full) - axes :])

    names = b.named((samples, per), name)
    values = d.x.reshape(samples, per)
    numeric = not all(map(is_name, values.reshape(-1).tolist()))
    if spec.batch is None:
        b.para(T("flatten", count=str(per)))
        groups = [[f"{b.p.matrix(names[0])}^{{\\mathsf T}}"]]
        if numeric:
            groups.append([f"{b.p.matrix(values[0])}^{{\\mathsf T}}"])
        lines = b.chain(r"\operatorname{vec}(x)", groups)
        b.math(*(lines if len(lines) > 1 else [lines[0].replace(" &= ", " = ", 1)]))
    else:
        b.para(T("flatten_batch", count=str(per), samples=str(samples)))
        b.math(rf"X^{{\mathsf T}} = {b.p.matrix(names)}")
        if numeric:
            b.math(rf"X^{{\mathsf T}} = {b.p.matrix(values)}")


def _whole_product(b: Builder) -> None:
    """The whole product as matrices, ``C^T vec(x) = [C^T][x] = [y]``, when it fits a line."""
    d, spec = b.d, b.spec
    if spec.batch is not None:
        return
    column = np.array(d.x.reshape(-1).tolist(), dtype=object).reshape(-1, 1)
    result = np.array(d.product[0], dtype=object).reshape(-1, 1)
    name = r"C^{\mathsf T}" if spec.transposed else "C"
    line = (
        rf"{name} \operatorname{{vec}}(x) = {b.p.doprint(b.matrix_view(spec.transposed))}"
        rf" {b.p.matrix(column)} = {b.p.matrix(result)}"
    )
    if math_width(line) > BUDGET:
        return
    b.para(T("product_whole", op=f"${name} \\operatorname{{vec}}(x)$"))
    b.math(line, tag="product")


def listed_entries(b: Builder) -> list[tuple[int, ...] | None]:
    """The output entries listed one by one (None where the list is elided)."""
    total = int(np.prod(b.d.output_shape))
    limit = b.options.max_entries
    # elide only when that hides a good part of the list
    return entry_indices(b.d.output_shape, limit if total > limit * 3 // 2 else total)


def shown_entries(b: Builder) -> list[tuple[int, ...]]:
    """Every output entry the document shows: those listed, and those of the output tensor."""
    listed = [i for i in listed_entries(b) if i is not None]
    return sorted({*listed, *b.p.shown_indices(b.d.output_shape)})


def entries(b: Builder) -> None:
    b.add(Section(T("sec_entries", op=f"$y = {b.op}$")))

    d, spec = b.d, b.spec
    _whole_product(b)
    intro = [T("entries_intro_t" if spec.transposed else "entries_intro_f")]
    if d.b is not None:
        intro.append(T("entries_bias"))
    b.para(*intro)
    total = int(np.prod(d.output_shape))
    indices = listed_entries(b)
    note = b.entries_note(sum(1 for i in indices if i is not None), total)
    if note is not None:
        b.para(note)
    lines: list[str] = []
    for index in indices:
        if index is None:
            lines.append(r"&\;\;\vdots")
            continue
        lines.extend(_entry_lines(b, index))
    b.math(*lines)
    out = d.output_full.reshape(d.output_shape)
    shape = f"${dims(d.output_shape)}$"
    if b.fits(out):
        b.para(T("entries_output", shape=shape))
        b.pieces(b.tensor("y", out), tag="output")
    else:
        names = b.named(d.output_shape, d.output_name)
        b.para(T("entries_output_named", shape=shape))
        b.pieces(b.tensor("y", names))


def _entry_lines(b: Builder, index: tuple[int, ...]) -> list[str]:
    d, spec = b.d, b.spec
    terms = d.terms(index)
    names = [
        rf"{b.value(sympy.Symbol(t.input_name))}\, {b.value(sympy.Symbol(t.weight_name))}"
        for t in terms
    ]
    symbolic = all(
        str(t.input_value) == t.input_name and str(t.weight_value) == t.weight_name for t in terms
    )
    values = [rf"{b.p.factor(t.input_value)} \cdot {b.p.factor(t.weight_value)}" for t in terms]
    if d.b is not None:
        channel = index[-spec.rank - 1] if not d.compact else 0
        names.append(f"b_{{{channel}}}")
        values.append(b.p.factor(d.b[channel]))
        symbolic = symbolic and str(d.b[channel]) == f"b_{{{channel}}}"
    lhs = b.value(sympy.Symbol(d.output_name(index)))
    if not names:
        return b.chain(lhs, [["0"]])
    groups = [names]
    if not symbolic:
        groups.append(values)
        result = b.value(d.output_full.reshape(d.output_shape)[index])
        if values != [result]:
            groups.append([result])
    return b.chain(lhs, groups)
