"""Derivation documents as Markdown with ``$...$`` and ``$$...$$`` math.

The math is the same LaTeX as in the LaTeX documents, restricted to what
GitHub (MathJax), KaTeX and Jupyter render: ``aligned``/``gathered``
instead of ``align*``/``gather*``, each display in a ``$$`` block of its
own.  Pictures are SVG files next to the document, linked by name
(``options.picture_base``); without a base name they are left out.

Examples:
    >>> from symtconv import derive
    >>> r = render_markdown(derive(), DocumentOptions(picture_base="seed"))
    >>> r.text.splitlines()[0]
    '# Transposed convolution as $y = C^{\\\\mathsf T} x$'
    >>> sorted(r.files)
    ['seed-counts.svg', 'seed-scatter.svg', 'seed-sparsity.svg', 'seed-windows.svg']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .document import DocumentOptions, build_document
from .document.blocks import Document, Figure, Items, Listing, Math, Section, Title
from .document.writer import Writer
from .escape import markdown_code, markdown_fence, markdown_link, markdown_text
from .i18n import LABEL_SEP
from .pictures import svg

if TYPE_CHECKING:
    from ..engine.derivation import Derivation

__all__ = ["MarkdownWriter", "Rendered", "document_markdown", "render_markdown"]


@dataclass(frozen=True)
class Rendered:
    """A rendered document: its text and the files that go next to it (name -> content)."""

    text: str
    files: dict[str, str] = field(default_factory=dict)


def _plain(text: str) -> str:
    """Alt text for an image: the caption without math delimiters or markup, escaped."""
    bare = text.replace("$", "").replace("`", "").replace("\\mathsf ", "").replace("\\", "")
    return markdown_text(bare)


class MarkdownWriter(Writer):
    """A document's blocks as Markdown; its pictures become SVG files in :attr:`files`.

    Args:
        lang: the language of the prose.
        picture_base: figures go to ``<picture_base>-<figure>.svg``; None leaves them out.
    """

    def __init__(self, lang: str, picture_base: str | None) -> None:
        super().__init__(lang)
        self.picture_base = picture_base
        self.files: dict[str, str] = {}

    def code(self, text: str) -> str:
        return markdown_code(text)

    def _write_Title(self, block: Title) -> str:
        return f"# {self.text(block.text)}"

    def _write_Section(self, block: Section) -> str:
        return f"## {self.next_section()}. {self.text(block.text)}"

    def _write_Items(self, block: Items) -> str:
        marks = [f"{n}." if block.numbered else "-" for n in range(1, len(block.items) + 1)]
        return "\n".join(f"{m} {self.text(t)}" for m, t in zip(marks, block.items, strict=True))

    def _write_Math(self, block: Math) -> str:
        if len(block.lines) == 1 and not block.aligned:
            body = block.lines[0]
        else:
            env = "aligned" if block.aligned else "gathered"
            body = f"\\begin{{{env}}}\n" + " \\\\\n".join(block.lines) + f"\n\\end{{{env}}}"
        tag = f"<!-- symtconv:{block.tag} -->\n" if block.tag else ""
        return f"{tag}$$\n{body}\n$$"

    def _write_Listing(self, block: Listing) -> str:
        lead = "" if block.lead is None else self.text(block.lead) + "\n\n"
        fence = markdown_fence(block.text)
        return f"{lead}{fence}sh\n{block.text}\n{fence}"

    def _write_Figure(self, block: Figure) -> str | None:
        if self.picture_base is None:
            return None
        label = self.next_figure_label()
        name = f"{self.picture_base}-{block.name}.svg"
        self.files[name] = svg(block.picture)
        caption = self.text(block.caption)
        # the separator outside the emphasis: CommonMark closes ``*...*`` only after a
        # character that is not punctuation, or before one that is (so ``*图 2：*分`` fails)
        return (
            f"![{_plain(caption)}]({markdown_link(name)})\n\n"
            f"*{label}*{LABEL_SEP[self.lang]}{caption}"
        )


def document_markdown(doc: Document, lang: str, picture_base: str | None) -> Rendered:
    """A document in Markdown; SVG files named ``<picture_base>-<figure>.svg``."""
    w = MarkdownWriter(lang, picture_base)
    text = w.document(doc)
    return Rendered(text, w.files)


def render_markdown(d: Derivation, options: DocumentOptions | None = None) -> Rendered:
    """The derivation as Markdown, with its pictures as SVG files (if ``picture_base``)."""
    options = options or DocumentOptions()
    doc = build_document(d, options)
    return document_markdown(doc, options.lang, options.picture_base if options.pictures else None)
