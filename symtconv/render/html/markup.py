"""HTML markup with one escaping rule: every text and attribute value goes through :func:`escape`.

Nothing from a derivation (a symbol name, a value, a command line) reaches a page
except as text escaped here, inside an element or an attribute whose name is a
constant of this package.

Examples:
    >>> escape('x_{<img src=x onerror="alert(1)">} & \\'y\\'')
    'x_{&lt;img src=x onerror=&quot;alert(1)&quot;&gt;} &amp; &#x27;y&#x27;'
    >>> element("td", {"class": "cell", "aria-label": "y_{0} = <1>"}, "3")
    '<td class="cell" aria-label="y_{0} = &lt;1&gt;">3</td>'
    >>> element("span", {"hidden": True, "data-no": None})
    '<span hidden></span>'
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

__all__ = ["Attrs", "element", "escape", "void"]

#: Attribute values: a string (escaped), True (the attribute alone), None or False (left out).
Attrs = Mapping[str, "str | int | bool | None"]

_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")


def escape(text: str) -> str:
    """Text made safe for HTML and XML text and quoted attribute values (``& < > " '``)."""
    return html.escape(text, quote=True)


def _attrs(attrs: Attrs | None) -> str:
    out = []
    for name, value in (attrs or {}).items():
        if not _NAME.match(name):
            raise ValueError(f"attribute name: got {name!r}; must match {_NAME.pattern}")
        if value is None or value is False:
            continue
        out.append(f" {name}" if value is True else f' {name}="{escape(str(value))}"')
    return "".join(out)


def element(name: str, attrs: Attrs | None = None, content: str = "") -> str:
    """``<name attrs>content</name>``; ``content`` is markup already (escape text first).

    Raises:
        ValueError: a tag or attribute name that is not a plain lower-case name.
    """
    if not _NAME.match(name):
        raise ValueError(f"element name: got {name!r}; must match {_NAME.pattern}")
    return f"<{name}{_attrs(attrs)}>{content}</{name}>"


def void(name: str, attrs: Attrs | None = None) -> str:
    """A void element (``<meta ...>``, ``<input ...>``): no content, no end tag."""
    if not _NAME.match(name):
        raise ValueError(f"element name: got {name!r}; must match {_NAME.pattern}")
    return f"<{name}{_attrs(attrs)}>"
