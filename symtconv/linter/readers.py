"""The readers, a registry: a document's kind -> the function that cuts it into blocks.

Examples:
    >>> sorted(READERS)
    ['latex', 'markdown', 'notebook']
    >>> [b.kind for b in read_blocks(Document("<text>", "markdown", "$$ 1 + 1 = 2 $$"))]
    ['math']
"""

from __future__ import annotations

from collections.abc import Callable

from .blocks import Block
from .read_latex import read_latex
from .read_markdown import read_markdown
from .read_notebook import read_notebook
from .source import Document

__all__ = ["READERS", "read_blocks"]

#: Kind of document -> its reader.
READERS: dict[str, Callable[[str], list[Block]]] = {
    "markdown": read_markdown,
    "latex": read_latex,
    "notebook": read_notebook,
}


def read_blocks(doc: Document) -> list[Block]:
    """The blocks of a document, in document order."""
    return READERS[doc.kind](doc.text)
