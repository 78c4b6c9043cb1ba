"""The pieces a reader cuts a document into: prose, math, plain text and code.

Every reader (:mod:`symtconv.linter.readers`) turns a document into a list of
:class:`Block` s in document order; everything after the readers works on
blocks only, whatever the document's format.  A block knows where it starts
(line, column, and the notebook cell), so any offset into its text maps back
to a line of the document.

Examples:
    >>> b = Block("prose", "one\\ntwo three", line=4)
    >>> b.where(6)
    (5, 3)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BLOCK_KINDS", "Block", "Location"]

#: prose: sentences (inline math kept as ``$...$``); math: a formula (display or
#: inline); text: plain text that may hold bracket matrices and arithmetic (an
#: unlabelled code block); code: source code in ``lang``.
BLOCK_KINDS = ("prose", "math", "text", "code")


@dataclass(frozen=True, order=True)
class Location:
    """A place in a document: 1-based line and column, and the notebook cell (1-based).

    In a notebook, ``line`` is the line within the cell.
    """

    cell: int
    line: int
    column: int

    @property
    def cell_number(self) -> int | None:
        """The cell, or ``None`` outside a notebook."""
        return self.cell or None


@dataclass(frozen=True)
class Block:
    """One piece of a document.

    Attributes:
        kind: one of :data:`BLOCK_KINDS`.
        text: the piece's text (math without its delimiters).
        line: the 1-based line of its first character.
        column: the 1-based column of its first character.
        cell: the 1-based notebook cell (0 outside a notebook).
        lang: code: the language (``python``; empty when unknown).
        display: math: a displayed formula (``False``: inline).
        heading: prose: the heading level (0: not a heading).
    """

    kind: str
    text: str
    line: int
    column: int = 1
    cell: int = 0
    lang: str = ""
    display: bool = True
    heading: int = 0

    def where(self, offset: int) -> tuple[int, int]:
        """The (line, column) of character ``offset`` of :attr:`text`."""
        offset = max(0, min(offset, len(self.text)))
        before = self.text[:offset]
        newlines = before.count("\n")
        if not newlines:
            return self.line, self.column + offset
        return self.line + newlines, offset - before.rfind("\n")

    def location(self, offset: int = 0) -> Location:
        """The :class:`Location` of character ``offset``."""
        line, column = self.where(offset)
        return Location(self.cell, line, column)
