"""The first sections of a document: the title and introduction, the parameters
and operands, the output size."""

from __future__ import annotations

from .blocks import Items, Section, T, Text, Title
from .builder import Builder, dims, per_dim, tidy

__all__ = ["opening", "parameters", "size"]


def opening(b: Builder) -> None:
    b.add(Title(T("title_t" if b.spec.transposed else "title_f")))
    spec = b.spec
    small = f"${dims(b.shape_of(spec.row_size, spec.row_channels))}$"
    big = f"${dims(b.shape_of(spec.col_size, spec.col_channels))}$"
    if spec.transposed:
        b.para(T("intro_t", small=small, big=big), T("intro_t_use"))
    else:
        b.para(T("intro_f", small=small, big=big))
    b.para(T("intro_conventions"))


def parameters(b: Builder) -> None:
    b.add(Section(T("sec_parameters")))
    d, spec = b.d, b.spec
    items = [
        T("param_input", shape=f"${dims(d.input_shape)}$")
        if d.compact
        else T("param_input_full", shape=f"${dims(d.input_shape)}$"),
        T("param_kernel", shape=f"${dims(d.kernel_shape)}$")
        if d.compact
        else T(
            "param_kernel_full_t" if spec.transposed else "param_kernel_full_f",
            shape=f"${dims(d.kernel_shape)}$",
        ),
        T("param_stride", value=f"$s = {per_dim(spec.stride)}$"),
        _padding_item(b),
        T(
            "param_dilation_alias" if any(v > 1 for v in spec.dilation) else "param_dilation",
            value=f"$d = {per_dim(spec.dilation)}$",
        ),
    ]
    if spec.transposed:
        items.append(
            T(
                "param_output_padding",
                value=rf"$\mathit{{op}} = {per_dim(spec.output_padding)}$",
            )
        )
    if spec.groups > 1 or not d.compact:
        items.append(
            T(
                "param_channels",
                cin=str(spec.in_channels),
                cout=str(spec.out_channels),
                groups=str(spec.groups),
            )
        )
    if d.b is not None:
        items.append(T("param_bias", count=str(spec.out_channels)))
    b.add(Items(tuple(items)))
    pieces = [
        *b.tensor("x", d.x.reshape(d.input_shape)),
        *b.tensor("w", d.w.reshape(d.kernel_shape)),
    ]
    if d.b is not None:
        pieces.extend(b.tensor("b", d.b))
    b.pieces(pieces)


def _padding_item(b: Builder) -> Text:
    spec = b.spec
    if spec.symmetric_padding:
        return T("param_padding", value=f"$p = {per_dim(tuple(lo for lo, _ in spec.padding))}$")
    pairs = ", ".join(f"({lo}, {hi})" for lo, hi in spec.padding)
    return T("param_padding_asym", value=rf"$(p_{{\mathrm{{lo}}}}, p_{{\mathrm{{hi}}}}) = {pairs}$")


def size(b: Builder) -> None:
    b.add(Section(T("sec_size")))
    f = b.d.size_formula
    general, simplified = tidy(f.general_latex()), tidy(f.simplified_latex())
    b.para(T("size_general_t" if b.spec.transposed else "size_general_f"))
    b.math(general)
    if simplified != general:
        b.para(T("size_simplified"))
        b.math(simplified)
    distinct = f.distinct_dims()
    if len(distinct) == 1:
        b.para(T("size_numbers_all" if b.spec.rank > 1 else "size_numbers"))
        b.math(tidy(f.substituted_latex(distinct[0])))
    else:
        for dim in distinct:
            b.para(T("size_numbers_dim", dim=str(dim)))
            b.math(tidy(f.substituted_latex(dim)))
    b.para(T("size_result", shape=f"${dims(b.d.output_shape)}$"))
