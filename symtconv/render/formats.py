"""The output formats of a derivation, as a registry: name -> renderer.

Every renderer takes the derivation and :class:`DocumentOptions` and returns
a :class:`Rendered` (the text, and files to put next to it: the SVG pictures
of a Markdown document; an HTML page is one file).

Examples:
    >>> from symtconv import derive
    >>> sorted(FORMATS)
    ['html', 'json', 'latex', 'markdown', 'text']
    >>> render(derive(), "latex").text.startswith("% symtconv derivation")
    True
    >>> render(derive(), "pdf")
    Traceback (most recent call last):
    ...
    symtconv.errors.SpecError: format: got 'pdf'; valid formats: html, json, latex, markdown, text
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..core.gcpause import gc_paused
from ..errors import SpecError
from ..results import writer
from .document import DocumentOptions
from .latex import render_latex
from .markdown import Rendered, render_markdown
from .text import THRESHOLD, derivation_text

if TYPE_CHECKING:
    from ..engine.derivation import Derivation

__all__ = ["DOCUMENT_FORMATS", "FORMATS", "Rendered", "render"]

Renderer = Callable[["Derivation", DocumentOptions], Rendered]


def _text(d: Derivation, o: DocumentOptions) -> Rendered:
    return Rendered(derivation_text(d, o.threshold, o.edgeitems, o.max_entries))


def _json(d: Derivation, o: DocumentOptions) -> Rendered:
    return Rendered(d.to_json())


def _latex(d: Derivation, o: DocumentOptions) -> Rendered:
    return Rendered(render_latex(d, o))


def _html(d: Derivation, o: DocumentOptions) -> Rendered:
    # imported here so that latex2mathml loads only for HTML pages
    from .html.page import render_html

    return render_html(d, o)


#: Format name -> renderer.
FORMATS: dict[str, Renderer] = {
    "text": _text,
    "json": _json,
    "latex": _latex,
    "markdown": render_markdown,
    "html": _html,
}

#: Formats that are documents (they have languages and pictures).
DOCUMENT_FORMATS = ("latex", "markdown", "html")

#: Defaults that differ from :class:`DocumentOptions`', per format.
_DEFAULTS: dict[str, dict[str, Any]] = {"text": {"max_entries": 40, "threshold": THRESHOLD}}


def render(d: Derivation, fmt: str, **options: Any) -> Rendered:
    """Render a derivation in a format.

    Args:
        d: the derivation.
        fmt: a key of :data:`FORMATS`.
        **options: fields of :class:`~symtconv.render.document.DocumentOptions`
            (``lang``, ``standalone``, ``threshold``, ``edgeitems``,
            ``max_entries``, ``pictures``, ``picture_base``).

    Raises:
        SpecError: an unknown format or option, an option the format does
            not have (``lang`` or ``pictures`` with text/JSON, ``standalone``
            outside LaTeX), or an invalid option value.
    """
    if fmt not in FORMATS:
        raise SpecError(f"format: got {fmt!r}; valid formats: {', '.join(sorted(FORMATS))}")
    valid = set(DocumentOptions.__dataclass_fields__)
    unknown = sorted(set(options) - valid)
    if unknown:
        raise SpecError(f"options: got {unknown[0]!r}; valid options: {', '.join(sorted(valid))}")
    if fmt not in DOCUMENT_FORMATS and options.get("lang", "en") != "en":
        raise SpecError(
            f"lang: got {options['lang']!r}; the {fmt} format is English only "
            f"(languages apply to {', '.join(DOCUMENT_FORMATS[:-1])} and {DOCUMENT_FORMATS[-1]})"
        )
    if options.get("standalone") and fmt != "latex":
        raise SpecError(f"standalone: applies to the latex format only, not {fmt}")
    options = {**_DEFAULTS.get(fmt, {}), **options}
    with gc_paused():  # as derive does: many small objects, all kept
        return FORMATS[fmt](d, DocumentOptions(**options))


@writer("Derivation", "latex")
def derivation_latex(d: Derivation, **options: Any) -> str:
    """``Derivation.to_latex``: the LaTeX document."""
    return render(d, "latex", **options).text


@writer("Derivation", "markdown")
def derivation_markdown(d: Derivation, **options: Any) -> str:
    """``Derivation.to_markdown``: the Markdown document (pictures: see :func:`render`)."""
    return render(d, "markdown", **options).text


@writer("Derivation", "html")
def derivation_html(d: Derivation, **options: Any) -> str:
    """``Derivation.to_html``: the HTML page (one self-contained file)."""
    return render(d, "html", **options).text
