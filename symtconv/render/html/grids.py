"""Tensors as grids of cells: 2-D panels (one per channel, and per slice in 3-D), elided
like the documents' matrices (beyond ``threshold`` rows, columns, slices or channels only
the first and last ``edgeitems``).

A grid is an ARIA grid (``role="grid"``): an HTML table of ``gridcell``s that the page's
script moves through with the arrow keys.  Which cells a grid has, and what each holds,
is the caller's: :func:`grid_panels` asks ``cell(index)`` for the attributes and content
of the cell at each full index shown.

Examples:
    >>> lay = layout((2, 3, 20), channel_axes=1, threshold=9, edgeitems=3)
    >>> lay.lead, lay.rows, lay.cols[:4], lay.index((1,), 2, 19)
    (((0,), (1,)), (0, 1, 2), (0, 1, 2, None), (1, 2, 19))
    >>> layout((4, 4, 4), 0, 2, 1).lead
    ((0,), None, (3,))
    >>> layout((1, 14), 1, 9, 3, [range(2, 12)]).cols
    (0, 1, 2, 3, 4, None, 9, 10, 11, 12, 13)
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..printer import keep_indices
from .markup import Attrs, element

__all__ = ["GAP", "Layout", "attribute_list", "grid_panels", "layout"]

#: The text of an elided row, column or panel.
GAP = {"row": "\u22ee", "col": "\u22ef", "both": "\u22f1", "panel": "\u22ef"}


@dataclass(frozen=True)
class Layout:
    """Which panels, rows and columns of a tensor are shown.

    Attributes:
        shape: the tensor's full shape (channel axes, then the spatial axes).
        rank: the number of spatial axes.
        lead: the leading indices of each panel shown (channels, and the first spatial
            axis in 3-D); None marks elided panels.
        rows, cols: the row and column indices shown (1-D: the one row 0); None marks an
            elision.
    """

    shape: tuple[int, ...]
    rank: int
    lead: tuple[tuple[int, ...] | None, ...]
    rows: tuple[int | None, ...]
    cols: tuple[int | None, ...]

    def index(self, lead: tuple[int, ...], row: int, col: int) -> tuple[int, ...]:
        """The full index of a cell."""
        return (*lead, col) if self.rank == 1 else (*lead, row, col)


def _keep(n: int, inner: range | None, threshold: int, edgeitems: int) -> list[int | None]:
    """The indices shown along an axis (with a frame ``inner``: all of its margins, and
    the frame's part elided as if alone)."""
    if inner is None:
        return keep_indices(n, threshold, edgeitems)
    if len(inner) <= threshold:
        return list(range(n))
    return [*range(inner.start + edgeitems), None, *range(inner.stop - edgeitems, n)]


def layout(
    shape: tuple[int, ...],
    channel_axes: int,
    threshold: int,
    edgeitems: int,
    frame: Sequence[range] | None = None,
) -> Layout:
    """The panels, rows and columns shown of a tensor with ``channel_axes`` leading axes.

    ``frame``: per spatial axis, where the tensor that a bigger grid is drawn around
    lies in it (an output on its uncropped canvas): that part is elided as if alone, its
    margins are all shown.
    """
    rank = len(shape) - channel_axes
    frames: list[range | None] = [None] * channel_axes
    frames += list(frame) if frame is not None else [None] * rank
    lead_dims = shape[: len(shape) - min(rank, 2)]
    keeps = [_keep(n, frames[a], threshold, edgeitems) for a, n in enumerate(lead_dims)]
    lead: list[tuple[int, ...] | None] = []
    for combo in itertools.product(*keeps):
        if any(i is None for i in combo):
            if lead and lead[-1] is None:
                continue
            lead.append(None)
        else:
            lead.append(tuple(int(i) for i in combo if i is not None))
    rows = _keep(shape[-2], frames[-2], threshold, edgeitems) if rank >= 2 else [0]
    cols = _keep(shape[-1], frames[-1], threshold, edgeitems)
    return Layout(tuple(shape), rank, tuple(lead), tuple(rows), tuple(cols))


Cell = Callable[[tuple[int, ...]], tuple[Attrs, str]]


def _table(lay: Layout, lead: tuple[int, ...], cell: Cell, label: str) -> str:
    body = []
    for r in lay.rows:
        cells = []
        for c in lay.cols:
            if r is None or c is None:
                gap = GAP["both"] if r is None and c is None else GAP["row" if r is None else "col"]
                cells.append(element("td", {"class": "gap", "aria-hidden": "true"}, gap))
                continue
            attrs, content = cell(lay.index(lead, r, c))
            cells.append(element("td", {"role": "gridcell", "tabindex": "-1", **attrs}, content))
        body.append(element("tr", {"role": "row"}, "".join(cells)))
    return element("table", {"role": "grid", "aria-label": label}, "".join(body))


def grid_panels(
    lay: Layout,
    cell: Cell,
    label: Callable[[tuple[int, ...]], tuple[str, str]],
    attrs: Attrs | None = None,
) -> str:
    """The panels of a tensor: a figure per panel, its caption and its grid.

    Args:
        lay: what is shown (:func:`layout`).
        cell: full index -> (attributes, content markup) of a cell.
        label: leading indices -> (caption markup, plain label for ``aria-label``).
        attrs: attributes of the element around the panels.
    """
    panels = []
    for lead in lay.lead:
        if lead is None:
            panels.append(
                element("div", {"class": "panel gap", "aria-hidden": "true"}, GAP["panel"])
            )
            continue
        caption, plain = label(lead)
        panels.append(
            element(
                "figure",
                {"class": "panel", "data-lead": ",".join(map(str, lead))},
                (element("figcaption", None, caption) if caption else "")
                + element("div", {"class": "stage"}, _table(lay, lead, cell, plain)),
            )
        )
    return element("div", {"class": "panels", **(attrs or {})}, "".join(panels))


def attribute_list(values: list[int] | tuple[int, ...]) -> str:
    """Integers as an attribute value: ``"1,2,3"``."""
    return ",".join(str(int(v)) for v in values)
