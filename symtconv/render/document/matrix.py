"""The section on C: the matrix with its zeros, its sparsity picture, and C^T."""

from __future__ import annotations

from ..pictures import sparsity_picture
from .blocks import Figure, Section, T
from .builder import Builder, dims
from .windows import window_rows

__all__ = ["matrix"]


def matrix(b: Builder) -> None:
    b.add(Section(T("sec_matrix")))
    window_rows(b)
    d, spec = b.d, b.spec
    rows, cols = d.matrix_shape
    small = f"${dims(b.shape_of(spec.row_size, spec.row_channels))}$"
    big = f"${dims(b.shape_of(spec.col_size, spec.col_channels))}$"
    b.para(
        T(
            "matrix_intro_t" if spec.transposed else "matrix_intro_f",
            shape=f"${rows} \\times {cols}$",
            small=small,
            big=big,
            nnz=str(d.structure.nnz),
        ),
        T("matrix_zeros"),
    )
    if spec.truncated_rows:
        b.para(
            T(
                "matrix_truncated",
                positions=f"${dims(spec.forward_output_size)}$",
                kept=f"${dims(spec.row_size)}$",
            )
        )
    b.math(f"C = {b.p.doprint(b.matrix_view())}", tag="matrix")
    if b.options.pictures:
        pic = sparsity_picture(d)
        if pic.note is None:
            caption = T("fig_sparsity")
        else:
            r, rr, c, cc = pic.note
            caption = T(
                "fig_sparsity_window",
                rows=str(r),
                all_rows=str(rr),
                cols=str(c),
                all_cols=str(cc),
            )
        b.add(Figure("sparsity", pic, caption))
    if spec.transposed:
        b.para(T("matrix_transpose", shape=f"${cols} \\times {rows}$"))
        b.math(rf"C^{{\mathsf T}} = {b.p.doprint(b.matrix_view(transpose=True))}")
