"""How a document is rendered: the options every document format shares, and the page's sizes."""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import SpecError
from ..i18n import LANGS
from ..printer import check_elision
from ..text import EDGEITEMS

__all__ = ["BUDGET", "DOC_THRESHOLD", "FIT_ROWS", "MAX_COMMAND", "MAX_ENTRIES", "DocumentOptions"]

#: Width of a display line, in characters (see :func:`~symtconv.render.printer.math_width`).
BUDGET = 66.0
#: Output entries listed one by one before the list is elided (first and last half).
MAX_ENTRIES = 16
#: Documents show matrices with up to this many rows/columns in full (a page is narrow).
DOC_THRESHOLD = 9
#: Longest command line shown to reproduce a document.
MAX_COMMAND = 240
#: A matrix with at most this many rows is shown whole when it fits the line's width.
FIT_ROWS = 20


@dataclass(frozen=True)
class DocumentOptions:
    """How a document is rendered.

    Attributes:
        lang: "en" or "zh".
        standalone: a complete LaTeX document instead of a fragment for ``\\input``.
        threshold: matrices (tensors) with more rows/columns (slices) are elided.
        edgeitems: rows/columns kept at each end when eliding.
        max_entries: output entries listed one by one; a list longer than 1.5 times
            this is elided to its first and last ``max_entries // 2``.
        pictures: include the pictures (TikZ in LaTeX, SVG links in Markdown).
        picture_base: Markdown only: the SVG files are named
            ``<picture_base>-<figure>.svg`` (None: no picture links).

    Raises:
        SpecError: an unknown language or invalid elision settings.
    """

    lang: str = "en"
    standalone: bool = False
    threshold: int = DOC_THRESHOLD
    edgeitems: int = EDGEITEMS
    max_entries: int = MAX_ENTRIES
    pictures: bool = True
    picture_base: str | None = None

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise SpecError(f"lang: got {self.lang!r}; valid languages: {', '.join(LANGS)}")
        check_elision(self.threshold, self.edgeitems)
        if (
            isinstance(self.max_entries, bool)
            or not isinstance(self.max_entries, int)
            or (self.max_entries < 2)
        ):
            raise SpecError(f"max_entries: got {self.max_entries!r}; must be an integer >= 2")
