"""A page of links to other pages (the gallery's ``index.html``).

Examples:
    >>> page = index_page("Derivations", "Pages.", [("The seed", [("English", "seed.en.html")])])
    >>> '<a href="seed.en.html">English</a>' in page, page.count("<table>"), "<script" in page
    (True, 1, False)
"""

from __future__ import annotations

from collections.abc import Sequence

from .markup import element, escape
from .page import html_document

__all__ = ["index_page"]


def index_page(
    title: str,
    intro: str,
    rows: Sequence[tuple[str, Sequence[tuple[str, str]]]],
    lang: str = "en",
) -> str:
    """A page with a title, a paragraph and a table: per row a description and its links.

    Args:
        title: the page's title (text).
        intro: one paragraph (text).
        rows: (description, [(link text, relative address), ...]) per row.
        lang: the page's language.
    """
    body = "".join(
        element(
            "tr",
            None,
            element("td", None, escape(description))
            + element(
                "td",
                {"class": "links"},
                " ".join(element("a", {"href": href}, escape(text)) for text, href in links),
            ),
        )
        for description, links in rows
    )
    return html_document(
        title,
        lang,
        element("h1", None, escape(title))
        + element("p", None, escape(intro))
        + element("table", None, element("tbody", None, body)),
        script=False,
    )
