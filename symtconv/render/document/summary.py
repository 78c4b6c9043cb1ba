"""The last section: the summary and the command that derives the document again."""

from __future__ import annotations

from ..command import derive_args, wrap_command
from .blocks import Items, Listing, Section, T
from .builder import MAX_COMMAND, Builder, dims, tidy

__all__ = ["summary"]


def summary(b: Builder) -> None:
    b.add(Section(T("sec_summary")))
    d, spec = b.d, b.spec
    f = d.size_formula
    items = [
        T(
            "summary_op_t" if spec.transposed else "summary_op_f",
            shape=f"${d.matrix_shape[0]} \\times {d.matrix_shape[1]}$",
        ),
        T(
            "summary_size",
            formula=f"${tidy(f.simplified_latex())}$",
            shape=f"${dims(d.output_shape)}$",
        ),
    ]
    if spec.transposed:
        items.append(T("summary_views"))
        items.append(T("summary_transpose"))
    else:
        items.append(T("summary_forward_transpose"))
    b.add(Items(tuple(items)))
    args = derive_args(d)
    if args is not None and len(" ".join(args)) <= MAX_COMMAND:
        b.add(Listing(wrap_command(args), T("summary_reproduce")))
