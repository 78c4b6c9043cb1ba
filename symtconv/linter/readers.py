"""The readers, a registry: a document's kind -> the function that cuts it into blocks.

Examples:
    >>> sorted(READERS)
    ['latex', 'markdown', 'notebook']
    >>> [b.kind for b in read_blocks(Document("<text>", "markdown", "$$ 1 + 1 = 2 $$"))]
    ['math']
"""

from __future__ import annotations

from collections.abc import Callable

from ..core.lexer import clip
from ..errors import ParseError, TooLargeError
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
    """The blocks of a document, in document order.

    Raises:
        ParseError: the document cannot be read as its kind (the message names the file).
        TooLargeError: it has more parts than a reader takes.
    """
    try:
        return READERS[doc.kind](doc.text)
    except (ParseError, TooLargeError) as exc:
        raise type(exc)(f"file: {clip(doc.name)}: {exc}") from None
    except RecursionError:  # a nesting the checks of symtconv.linter.source let through
        raise ParseError(
            f"file: {clip(doc.name)}: nested too deeply for the {doc.kind} reader"
        ) from None
