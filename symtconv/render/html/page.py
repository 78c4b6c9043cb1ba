r"""A derivation as one self-contained HTML page: the explorer and the lesson.

The page needs nothing but itself: its style sheet and script (``assets/``, this
package's own) are inlined, its mathematics is MathML, its pictures inline SVG.  A
``Content-Security-Policy`` allows exactly that inline style and script (by their
SHA-256) and nothing else -- no request of any kind, no other script, not even an event
handler attribute -- so a name that slipped through escaping could still run nothing.

Examples:
    >>> from symtconv import derive
    >>> page = render_html(derive(), DocumentOptions()).text
    >>> page.startswith("<!DOCTYPE html>"), "default-src &#x27;none&#x27;" in page
    (True, True)
    >>> import re
    >>> page.count("<script>"), sorted(set(re.findall(r"https?://[^\s\"'<>]+", page)))
    (1, ['http://www.w3.org/1998/Math/MathML', 'http://www.w3.org/2000/svg'])
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from ..command import derive_args, wrap_command
from ..document import DocumentOptions, build_document
from ..document.blocks import Block, Section, Title
from ..document.builder import dims, per_dim
from ..markdown import Rendered
from .explorer import explorer
from .markup import element, escape, void
from .mathml import inline
from .phrases import phrases
from .writer import HtmlWriter, plain

if TYPE_CHECKING:
    from ...engine.derivation import Derivation

__all__ = ["asset", "html_document", "render_html"]

#: How the page's language is named for the browser.
_HTML_LANG = {"en": "en", "zh": "zh-Hans"}


@cache
def asset(name: str) -> str:
    """One of this package's assets (``explorer.css``, ``explorer.js``) as text."""
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _policy(style: str, script: str | None) -> str:
    scripts = f"'{_digest(script)}'" if script is not None else "'none'"
    return (
        f"default-src 'none'; style-src '{_digest(style)}'; script-src {scripts}; "
        "base-uri 'none'; form-action 'none'"
    )


def command_args(d: Derivation, options: DocumentOptions) -> list[str] | None:
    """The command line that writes this page again (None: the data have no CLI form)."""
    args = derive_args(d)
    if args is None:
        return None
    args += ["--format", "html"]
    if options.lang != "en":
        args += ["--lang", options.lang]
    defaults = DocumentOptions()
    for name in ("threshold", "edgeitems", "max_entries"):
        value = getattr(options, name)
        if value != getattr(defaults, name):
            args += [f"--{name.replace('_', '-')}", str(value)]
    if not options.pictures:
        args.append("--no-pictures")
    return args


def _parameters(d: Derivation) -> str:
    """The spec as a list of formulas: shapes, stride, padding, dilation, output padding."""
    spec = d.spec
    pieces = [
        rf"x\colon {dims(d.input_shape)}",
        rf"w\colon {dims(d.kernel_shape)}",
        f"s = {per_dim(spec.stride)}",
    ]
    if spec.symmetric_padding:
        pieces.append(f"p = {per_dim(tuple(lo for lo, _ in spec.padding))}")
    else:
        pairs = ", ".join(f"({lo}, {hi})" for lo, hi in spec.padding)
        pieces.append(rf"(p_{{\mathrm{{lo}}}}, p_{{\mathrm{{hi}}}}) = {pairs}")
    pieces.append(f"d = {per_dim(spec.dilation)}")
    if spec.transposed:
        pieces.append(rf"\mathit{{op}} = {per_dim(spec.output_padding)}")
    if not d.compact or spec.groups > 1:
        pieces.append(rf"C_{{\mathrm{{in}}}} = {spec.in_channels}")
        pieces.append(rf"C_{{\mathrm{{out}}}} = {spec.out_channels}")
        pieces.append(rf"g = {spec.groups}")
    pieces.append(rf"y\colon {dims(d.output_shape)}")
    return "".join(element("li", None, inline(p)) for p in pieces)


def _header(d: Derivation, options: DocumentOptions, head: str) -> str:
    words = phrases(options.lang)
    args = command_args(d, options)
    command = (
        element("pre", None, element("code", None, escape(wrap_command(args))))
        if args is not None
        else element("p", None, escape(words["no_command"]))
    )
    return element(
        "header",
        None,
        head
        + element(
            "div",
            {"class": "spec"},
            element("h2", None, escape(words["parameters"]))
            + element("ul", {"class": "parameters"}, _parameters(d))
            + element("p", None, escape(words["reproduce"]))
            + command,
        ),
    )


def _contents(words: dict[str, str], sections: list[tuple[int, str]]) -> str:
    items = element("li", None, element("a", {"href": "#explore"}, escape(words["explore"])))
    items += "".join(
        element("li", None, element("a", {"href": f"#step-{n}"}, f"{n}. {title}"))
        for n, title in sections
    )
    return element("nav", {"aria-label": words["contents"]}, element("ul", {"class": "toc"}, items))


def html_document(title: str, lang: str, body: str, script: bool = True) -> str:
    """A complete page around ``body``: the policy, the inlined style sheet and script
    (``script=False``: a page without one, and a policy that allows none)."""
    style = asset("explorer.css")
    code = asset("explorer.js") if script else None
    head = "".join(
        [
            void("meta", {"charset": "utf-8"}),
            void(
                "meta", {"http-equiv": "Content-Security-Policy", "content": _policy(style, code)}
            ),
            void("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
            void("meta", {"name": "referrer", "content": "no-referrer"}),
            element("title", None, escape(title)),
            f"<style>{style}</style>",
        ]
    )
    return (
        "<!DOCTYPE html>\n"
        + f'<html lang="{escape(_HTML_LANG.get(lang, lang))}">\n'
        + element("head", None, head)
        + "\n"
        + element("body", None, body + (f"\n<script>{code}</script>" if code is not None else ""))
        + "\n</html>\n"
    )


def render_html(d: Derivation, options: DocumentOptions | None = None) -> Rendered:
    """The derivation as one HTML page (the explorer, then the same lesson as the documents)."""
    options = options or DocumentOptions()
    doc = build_document(d, options)
    writer = HtmlWriter(options.lang)
    first = next((n for n, b in enumerate(doc.blocks) if isinstance(b, Section)), len(doc.blocks))
    head_blocks: tuple[Block, ...] = doc.blocks[:first]
    head = "\n".join(t for t in map(writer.write, head_blocks) if t is not None)
    lesson = "\n".join(t for t in map(writer.write, doc.blocks[first:]) if t is not None)
    overlap = d.overlap() if d.spec.transposed else None
    body = (
        _header(d, options, head)
        + "\n"
        + _contents(phrases(options.lang), writer.sections)
        + "\n"
        + element("main", None, explorer(d, options, overlap) + "\n" + lesson)
    )
    titles = [b for b in head_blocks if isinstance(b, Title)]
    title = plain(writer.text(titles[0].text)) if titles else "symtconv"
    return Rendered(html_document(title, options.lang, body))
