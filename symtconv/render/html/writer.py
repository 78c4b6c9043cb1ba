"""A derivation document's blocks as HTML: prose escaped, math as MathML, pictures as inline SVG.

The same blocks as the LaTeX and Markdown documents (:mod:`symtconv.render.document`),
one ``_write_<Block>`` method per block class.  Prose comes from the i18n table with
``$...$`` inline math and code marked up; every piece of text between them goes through
:func:`~.markup.escape`, every formula through :mod:`.mathml`.

Examples:
    >>> from symtconv.render.document.blocks import Code, Para, T
    >>> w = HtmlWriter("en")
    >>> w.write(Para((T("param_output_padding", value="$2$"),)))
    '<p>output padding <math><mn>2</mn></math> (<code>output_padding</code>)</p>'
    >>> w.write(Para((T("method_other", name=Code("<script>")),)))
    '<p><code>&lt;script&gt;</code></p>'
"""

from __future__ import annotations

import re

from ..document.blocks import Figure, Items, Listing, Math, Para, Section, Text, Title
from ..document.writer import Writer
from ..i18n import SENTENCE_SEP
from ..pictures import svg
from .markup import element, escape
from .mathml import display, inline

__all__ = ["HtmlWriter", "plain"]

# Code spans stand in the translated text as private-use markers until it is escaped.
_CODE = re.compile("\ue000([0-9]+)\ue001")
_MATH = re.compile(r"\$([^$]+)\$")
_GLUED = re.compile(r"[.,;:!?)\]\u3001\u3002\uff0c\uff1a\uff1b\uff09]+")


def plain(text: str) -> str:
    """Translated prose without its markup, for an attribute (``aria-label``, ``title``)."""
    text = _CODE.sub("", text)
    return _MATH.sub(lambda m: m.group(1), text).replace("\\mathsf ", "").replace("\\", "")


class HtmlWriter(Writer):
    """A document's blocks as HTML elements (the body of a page)."""

    def __init__(self, lang: str) -> None:
        super().__init__(lang)
        self._codes: list[str] = []
        #: (number, title markup) of the sections written, for a table of contents.
        self.sections: list[tuple[int, str]] = []

    def code(self, text: str) -> str:
        self._codes.append(text)
        return f"\ue000{len(self._codes) - 1}\ue001"

    def markup(self, text: str) -> str:
        """Translated prose (with ``$...$`` math and code markers) as HTML."""
        out: list[str] = []
        for n, piece in enumerate(_MATH.split(text)):
            if n % 2:
                out.append(inline(piece))
                continue
            glued = _GLUED.match(piece)
            if out and glued:  # no line break between a formula and its punctuation
                out[-1] = element("span", {"class": "nb"}, out[-1] + escape(glued.group()))
                piece = piece[glued.end() :]
            out.append(
                _CODE.sub(
                    lambda m: element("code", None, escape(self._codes[int(m.group(1))])),
                    escape(piece),
                )
            )
        return "".join(out)

    def prose(self, t: Text) -> str:
        """One text of the i18n table in the writer's language, as HTML."""
        return self.markup(self.text(t))

    def _write_Title(self, block: Title) -> str:
        return element("h1", None, self.prose(block.text))

    def _write_Section(self, block: Section) -> str:
        n = self.next_section()
        title = self.prose(block.text)
        self.sections.append((n, title))
        return element("h2", {"id": f"step-{n}"}, f"{n}. {title}")

    def _write_Para(self, block: Para) -> str:
        return element("p", None, SENTENCE_SEP[self.lang].join(self.prose(t) for t in block.texts))

    def _write_Items(self, block: Items) -> str:
        items = "".join(element("li", None, self.prose(t)) for t in block.items)
        return element("ol" if block.numbered else "ul", None, items)

    def _write_Math(self, block: Math) -> str:
        return element(
            "div",
            {"class": "display", "data-tag": block.tag},
            display(block.lines, block.aligned),
        )

    def _write_Listing(self, block: Listing) -> str:
        code = element("pre", None, element("code", None, escape(block.text)))
        return code if block.lead is None else element("p", None, self.prose(block.lead)) + code

    def _write_Figure(self, block: Figure) -> str:
        label = self.next_figure_label()
        caption = self.prose(block.caption)
        picture = svg(block.picture).replace(
            "<svg ", f'<svg role="img" aria-label="{escape(plain(self.text(block.caption)))}" ', 1
        )
        return element(
            "figure",
            {"class": "picture", "data-name": block.name},
            picture
            + element(
                "figcaption",
                None,
                element("b", None, escape(label)) + SENTENCE_SEP[self.lang] + caption,
            ),
        )
