"""The language-independent building blocks of a derivation document.

A :class:`Document` is a tuple of blocks.  Prose is a :class:`Text`: an
i18n key with parameters (see :mod:`symtconv.render.i18n`); math is final
LaTeX (it reads the same in every language and in both output formats);
pictures are :class:`~symtconv.render.pictures.Picture` data.  Each format's
:class:`~.writer.Writer` (LaTeX, Markdown) turns the same blocks into its text,
one ``_write_<Block>`` method per block class.

Examples:
    >>> T("verify_agrees").key
    'verify_agrees'
    >>> Math(("a &= b", "&= c")).aligned
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..pictures import Picture

__all__ = [
    "Block",
    "Code",
    "Document",
    "Figure",
    "Items",
    "Listing",
    "Math",
    "Para",
    "Section",
    "T",
    "Text",
    "Title",
]


@dataclass(frozen=True)
class Code:
    """A parameter shown as code (escaped for the output format)."""

    text: str


@dataclass(frozen=True)
class Text:
    """Prose: an i18n key and its parameters.

    Parameter values are strings (language independent: numbers, inline math
    in ``$...$``), :class:`Code`, nested :class:`Text` (translated too), or
    tuples of those (joined by the language's list separator).
    """

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    def param_dict(self) -> dict[str, Any]:
        """The parameters as a dict."""
        return dict(self.params)


def T(key: str, **params: Any) -> Text:
    """Shorthand for :class:`Text` (parameters sorted for a stable representation)."""
    return Text(key, tuple(sorted(params.items())))


@dataclass(frozen=True)
class Title:
    """The document's title."""

    text: Text


@dataclass(frozen=True)
class Section:
    """A numbered step."""

    text: Text


@dataclass(frozen=True)
class Para:
    """A paragraph: texts joined by the language's sentence separator."""

    texts: tuple[Text, ...]


@dataclass(frozen=True)
class Items:
    """A bulleted list (``numbered``: a numbered one)."""

    items: tuple[Text, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Math:
    """Displayed math: one or more lines of LaTeX.

    Attributes:
        lines: the lines; lines containing ``&`` are aligned at it.
        tag: a marker written next to the display (a LaTeX comment, an HTML
            comment in Markdown) so that tools and tests can find it, e.g.
            ``"output"``.
    """

    lines: tuple[str, ...]
    tag: str | None = None

    @property
    def aligned(self) -> bool:
        """True when the lines align at ``&``."""
        return any(_aligns(line) for line in self.lines)


def _aligns(line: str) -> bool:
    """True when the line has an ``&`` outside every matrix environment."""
    depth = 0
    i = 0
    while i < len(line):
        if line.startswith(r"\begin{", i):
            depth += 1
            i += 7
        elif line.startswith(r"\end{", i):
            depth -= 1
            i += 5
        elif line[i] == "&" and depth == 0:
            return True
        else:
            i += 1
    return False


@dataclass(frozen=True)
class Figure:
    """A picture with a caption; ``name`` names its SVG file next to a Markdown document."""

    name: str
    picture: Picture
    caption: Text


@dataclass(frozen=True)
class Listing:
    """A shell command, shown verbatim, with the sentence that leads to it (kept on its page)."""

    text: str
    lead: Text | None = None


Block = Title | Section | Para | Items | Math | Figure | Listing


@dataclass(frozen=True)
class Document:
    """A derivation document: its kind ("transposed" or "forward") and blocks."""

    kind: str
    blocks: tuple[Block, ...]
