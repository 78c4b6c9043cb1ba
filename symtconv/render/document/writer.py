"""The dispatcher every document format shares: ``write(block)`` -> ``_write_<Block>``.

A format is a subclass of :class:`Writer` (SymPy's printers dispatch on
``_print_<Class>`` the same way): it says how code is marked up
(:meth:`Writer.code`) and has one ``_write_<Block>`` method per block class of
:mod:`.blocks`; a method returns the block's text, or None to leave the block
out.  A new block type is one method in each format; a new format is one
subclass.  The writer numbers the sections and the figures it writes.

Examples:
    >>> from .blocks import Document, Para, Section, T
    >>> class Plain(Writer):
    ...     def _write_Section(self, block):
    ...         return f"{self.next_section()}. {self.text(block.text)}"
    >>> doc = Document("transposed", (Section(T("sec_parameters")), Para((T("sec_size"),))))
    >>> print(Plain("en").document(doc), end="")
    1. Parameters
    <BLANKLINE>
    Output size
    >>> Plain("en").write(T("sec_size"))
    Traceback (most recent call last):
    ...
    TypeError: Plain writes no Text block; it writes Para, Section
"""

from __future__ import annotations

from typing import Any

from ..i18n import SENTENCE_SEP, translate
from .blocks import Block, Document, Para, Text

__all__ = ["Writer"]


class Writer:
    """Writes the blocks of one document in one language; subclasses add the format.

    Args:
        lang: the language of the prose (a key of :data:`~symtconv.render.i18n.LANGS`).
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._sections = 0
        self._figures = 0

    def document(self, doc: Document) -> str:
        """The document's blocks, each written, separated by blank lines."""
        parts = [text for text in map(self.write, doc.blocks) if text is not None]
        return "\n\n".join(parts) + "\n"

    def write(self, block: Block | Any) -> str | None:
        """One block's text (None: left out), from the ``_write_<Block>`` method of its class.

        Raises:
            TypeError: the format has no method for the block's class.
        """
        for klass in type(block).__mro__:
            method = getattr(self, f"_write_{klass.__name__}", None)
            if method is not None:
                text: str | None = method(block)
                return text
        known = sorted(name[7:] for name in dir(self) if name.startswith("_write_"))
        raise TypeError(
            f"{type(self).__name__} writes no {type(block).__name__} block; "
            f"it writes {', '.join(known)}"
        )

    def code(self, text: str) -> str:
        """Code (a parameter name, a command) marked up in the format; plain by default."""
        return text

    def text(self, t: Text) -> str:
        """Prose in the writer's language, its code marked up by :meth:`code`."""
        return translate(t, self.lang, self.code)

    def next_section(self) -> int:
        """The number of the section being written (1, 2, ...)."""
        self._sections += 1
        return self._sections

    def next_figure_label(self) -> str:
        """The label of the figure being written ("Figure 1", ...), in the writer's language."""
        self._figures += 1
        return self.text(Text("figure", (("n", str(self._figures)),)))

    def _write_Para(self, block: Para) -> str:
        return SENTENCE_SEP[self.lang].join(self.text(t) for t in block.texts)
