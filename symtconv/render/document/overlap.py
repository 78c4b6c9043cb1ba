"""The overlap of a transposed convolution as document blocks (en/zh, LaTeX and Markdown).

:func:`overlap_document` is the whole document of ``symtconv overlap --format latex`` /
``markdown``; its parts are separate so that another document can take them: the count
map (a matrix and the heatmap picture, :func:`~symtconv.render.pictures.count_picture`)
with the border bands, the stride phases with the classification, the constant-input
answer.  Each part takes an :class:`~symtconv.engine.overlap.Overlap` (from
:func:`symtconv.engine.overlap.overlap_of`, given a spec and a weight).

Examples:
    >>> from symtconv.engine.overlap import overlap
    >>> doc = overlap_document(overlap(kernel=[1, 2, 1], input_shape=(4,), stride=2))
    >>> [type(b).__name__ for b in doc.blocks][:4]
    ['Title', 'Para', 'Items', 'Section']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..pictures import count_picture
from ..printer import DocLatexPrinter, pack
from .blocks import Block, Document, Figure, Items, Math, Para, Section, T, Text, Title
from .builder import dims, per_dim
from .options import BUDGET, DocumentOptions

if TYPE_CHECKING:
    from ...engine.overlap import ConstantInput, Overlap

__all__ = [
    "constant_blocks",
    "count_blocks",
    "count_figure",
    "integers",
    "overlap_document",
    "parameter_items",
    "phase_blocks",
]


def parameter_items(o: Overlap) -> Items:
    """The layer's parameters as a list (the sentences of the derivation documents)."""
    spec = o.spec
    items = [
        T("overlap_input", shape=f"${dims(spec.input_size)}$"),
        T("overlap_kernel", shape=f"${dims(spec.kernel_size)}$"),
        T("param_stride", value=f"$s = {per_dim(spec.stride)}$"),
    ]
    if spec.symmetric_padding:
        pads = per_dim(tuple(lo for lo, _ in spec.padding))
        items.append(T("param_padding", value=f"$p = {pads}$"))
    else:
        pairs = ", ".join(f"({lo}, {hi})" for lo, hi in spec.padding)
        items.append(
            T(
                "param_padding_asym",
                value=rf"$(p_{{\mathrm{{lo}}}}, p_{{\mathrm{{hi}}}}) = {pairs}$",
            )
        )
    items.append(T("param_dilation", value=f"$d = {per_dim(spec.dilation)}$"))
    items.append(
        T("param_output_padding", value=rf"$\mathit{{op}} = {per_dim(spec.output_padding)}$")
    )
    if spec.groups > 1 or spec.in_channels > 1 or spec.out_channels > 1:
        items.append(
            T(
                "param_channels",
                cin=str(spec.in_channels),
                cout=str(spec.out_channels),
                groups=str(spec.groups),
            )
        )
    return Items(tuple(items))


def count_figure(o: Overlap, name: str = "counts") -> Figure:
    """The heatmap of the count map, the interior outlined (``name``: its SVG file's)."""
    empty = any(len(r) == 0 for r in o.interior)
    whole = all(len(r) == n for r, n in zip(o.interior, o.counts.shape[-len(o.interior) :]))
    picture = count_picture(o.counts, None if whole else o.interior)
    # the outline is drawn, and named, only around an interior that has border bands around it
    caption: Text = T(
        "overlap_counts_caption_plain" if empty or whole else "overlap_counts_caption"
    )
    if picture.note is not None:
        rows, total_rows, cols, total_cols = picture.note
        window = T(
            "overlap_counts_window",
            rows=str(rows),
            total_rows=str(total_rows),
            cols=str(cols),
            total_cols=str(total_cols),
        )
        caption = T("overlap_caption_window", caption=caption, window=window)
    return Figure(name, picture, caption)


def count_blocks(
    o: Overlap, printer: DocLatexPrinter, pictures: bool = True, name: str = "counts"
) -> list[Block]:
    """The count map as an (elided) matrix and a heatmap, and the border bands."""
    blocks: list[Block] = [Para((T("overlap_counts"),))]
    pieces = printer.tensor("n", integers(o.counts))
    blocks.append(Math(tuple(pack(pieces, BUDGET))))
    if pictures:
        blocks.append(count_figure(o, name))
    if any(len(r) == 0 for r in o.interior):
        blocks.append(Para((T("overlap_no_interior"),)))
    elif any(lo or hi for lo, hi in o.bands):
        bands = tuple(
            T("overlap_band", dim=str(n), lo=str(lo), hi=str(hi))
            for n, (lo, hi) in enumerate(o.bands)
        )
        blocks.append(Para((T("overlap_bands", bands=bands),)))
    return blocks


def integers(arr: np.ndarray) -> np.ndarray:
    """An integer array as Python's integers, which the LaTeX printer prints as numbers
    (NumPy's own print as text), in an object array."""
    out: np.ndarray = arr.astype(object)
    return out


def _taps(taps: tuple[int, ...]) -> str:
    return "$\\{" + ", ".join(map(str, taps)) + "\\}$"


def phase_blocks(o: Overlap, printer: DocLatexPrinter) -> list[Block]:
    """The taps of every phase per dimension, the phase table and the classification."""
    items = []
    for n, dim in enumerate(o.dims):
        phases = tuple(
            T("overlap_phase", r=str(r), taps=_taps(taps))
            if taps
            else T("overlap_phase_empty", r=str(r))
            for r, taps in enumerate(dim.taps)
        )
        items.append(
            T(
                "overlap_dim",
                dim=str(n),
                k=str(dim.kernel),
                s=str(dim.stride),
                d=str(dim.dilation),
                phases=phases,
            )
        )
    blocks: list[Block] = [Para((T("overlap_phase_rule"),)), Items(tuple(items))]
    blocks.append(Para((T("overlap_table"),)))
    blocks.append(Math(tuple(pack(printer.tensor("N", integers(o.phase_table)), BUDGET))))
    values = sorted({int(v) for v in o.phase_table.reshape(-1)}, reverse=True)
    if o.kind == "uniform":
        verdict = T("overlap_uniform", n=str(values[0]))
    elif o.kind == "uneven":
        verdict = T("overlap_uneven", counts=tuple(f"${v}$" for v in values))
    else:
        verdict = T("overlap_holes")
    texts = (verdict,) if o.kind == "uniform" else (verdict, T("overlap_remedy"))
    blocks.append(Para(texts))
    return blocks


def _sum_name(c: ConstantInput, channel: int, phase: tuple[int, ...]) -> str:
    sub = ",".join(map(str, phase))
    return f"S_{{{sub}}}" if c.sums.shape[0] == 1 else f"S^{{({channel})}}_{{{sub}}}"


def constant_blocks(o: Overlap, printer: DocLatexPrinter) -> list[Block]:
    """The phase sums of the kernel, and whether (or when) a constant input stays flat."""
    c = o.constant_input
    if c is None:
        return []
    pieces = [
        f"{_sum_name(c, index[0], index[1:])} = {printer.doprint(value)}"
        for index, value in np.ndenumerate(c.sums)
    ]
    blocks: list[Block] = [Para((T("overlap_sums"),)), Math(tuple(pack(pieces, BUDGET)))]
    if c.constant is True:
        key = "overlap_constant_always" if c.symbolic else "overlap_constant"
        blocks.append(Para((T(key),)))
    elif c.constant is False:
        blocks.append(Para((T("overlap_not_constant"),)))
    else:
        blocks.append(Para((T("overlap_constant_if"),)))
        lines = [f"{printer.doprint(a)} = {printer.doprint(b)}" for _, _, a, b in c.equations]
        blocks.append(Math(tuple(lines)))
    return blocks


def overlap_document(o: Overlap, options: DocumentOptions | None = None) -> Document:
    """The overlap as a document: parameters, counts, phases, constant input."""
    options = options or DocumentOptions()
    printer = DocLatexPrinter({"threshold": options.threshold, "edgeitems": options.edgeitems})
    blocks: list[Block] = [
        Title(T("title_overlap")),
        Para((T("overlap_intro", per=str(o.per_channel)),)),
        parameter_items(o),
        Section(T("sec_overlap_counts")),
        *count_blocks(o, printer, options.pictures),
        Section(T("sec_overlap_phases")),
        *phase_blocks(o, printer),
    ]
    if o.constant_input is not None:
        blocks += [Section(T("sec_overlap_constant")), *constant_blocks(o, printer)]
    return Document("transposed", tuple(blocks))
