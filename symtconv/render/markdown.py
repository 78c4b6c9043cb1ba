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
    ['seed-scatter.svg', 'seed-sparsity.svg']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .document import DocumentOptions, build_document
from .document.blocks import Document, Figure, Items, Listing, Math, Para, Section, Text, Title
from .i18n import SENTENCE_SEP, translate
from .pictures import svg

if TYPE_CHECKING:
    from ..engine.derivation import Derivation

__all__ = ["Rendered", "document_markdown", "render_markdown"]


@dataclass(frozen=True)
class Rendered:
    """A rendered document: its text and the files that go next to it (name -> content)."""

    text: str
    files: dict[str, str] = field(default_factory=dict)


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _text(t: Text, lang: str) -> str:
    return translate(t, lang, _code)


def _math(block: Math) -> str:
    if block.aligned:
        body = "\\begin{aligned}\n" + " \\\\\n".join(block.lines) + "\n\\end{aligned}"
    elif len(block.lines) == 1:
        body = block.lines[0]
    else:
        body = "\\begin{gathered}\n" + " \\\\\n".join(block.lines) + "\n\\end{gathered}"
    tag = f"<!-- symtconv:{block.tag} -->\n" if block.tag else ""
    return f"{tag}$$\n{body}\n$$"


def _plain(text: str) -> str:
    """Alt text for an image: the caption without math delimiters or markup."""
    return text.replace("$", "").replace("`", "").replace("\\mathsf ", "").replace("\\", "")


def document_markdown(doc: Document, lang: str, picture_base: str | None) -> Rendered:
    """A document in Markdown; SVG files named ``<picture_base>-<figure>.svg``."""
    out: list[str] = []
    files: dict[str, str] = {}
    section = 0
    figure = 0
    for block in doc.blocks:
        if isinstance(block, Title):
            out.append(f"# {_text(block.text, lang)}")
        elif isinstance(block, Section):
            section += 1
            out.append(f"## {section}. {_text(block.text, lang)}")
        elif isinstance(block, Para):
            out.append(SENTENCE_SEP[lang].join(_text(t, lang) for t in block.texts))
        elif isinstance(block, Items):
            out.append("\n".join(f"- {_text(t, lang)}" for t in block.items))
        elif isinstance(block, Math):
            out.append(_math(block))
        elif isinstance(block, Listing):
            out.append(f"```sh\n{block.text}\n```")
        elif isinstance(block, Figure):
            if picture_base is None:
                continue
            figure += 1
            name = f"{picture_base}-{block.name}.svg"
            files[name] = svg(block.picture)
            caption = _text(block.caption, lang)
            label = _text(Text("figure", (("n", str(figure)),)), lang)
            out.append(f"![{_plain(caption)}]({name})\n\n*{label}*{SENTENCE_SEP[lang]}{caption}")
    return Rendered("\n\n".join(out) + "\n", files)


def render_markdown(d: Derivation, options: DocumentOptions | None = None) -> Rendered:
    """The derivation as Markdown, with its pictures as SVG files (if ``picture_base``)."""
    options = options or DocumentOptions()
    doc = build_document(d, options)
    return document_markdown(doc, options.lang, options.picture_base if options.pictures else None)
