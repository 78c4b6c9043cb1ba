"""How a transposed convolution differs from an ordinary one with the same parameters."""

from __future__ import annotations

from .blocks import Items, Section, T
from .builder import Builder, dims

__all__ = ["difference_step"]


def difference_step(b: Builder) -> None:
    """Sizes, what slides, the stride, the matrix: the two operations side by side."""
    spec = b.spec
    small = f"${dims(b.shape_of(spec.row_size, spec.row_channels))}$"
    big = f"${dims(b.shape_of(spec.col_size, spec.col_channels))}$"
    b.add(Section(T("sec_difference")))
    b.add(
        Items(
            (
                T("diff_sizes", small=small, big=big),
                T("diff_sliding"),
                T("diff_stride"),
                T("diff_matrix"),
            )
        )
    )
