r"""The documents' LaTeX math as MathML (Presentation MathML, as MathML Core renders it).

latex2mathml parses the LaTeX into an element tree; this module writes that tree
itself, through :func:`~.markup.escape` and an allowlist of MathML elements and
attributes.  (latex2mathml's own ``convert`` un-escapes its whole output, so
``\text{<img ...>}`` would come out as markup, and it passes ``\href`` through as an
``href`` attribute; SymPy's MathML printer writes symbol names unescaped too.)
Unknown elements become ``mrow``, unknown attributes are dropped, so no input can
add an element or an attribute a page would act on.

Lines of an aligned display (``&`` outside every matrix) become the rows of a two-
column ``mtable`` (right, left), lines of a gathered display its centred rows: the
LaTeX writers use amsmath's environments for these, which latex2mathml does not read.

Examples:
    >>> inline("x_{0,1}")
    '<math><msub><mi>x</mi><mrow><mn>0</mn><mo>,</mo><mn>1</mn></mrow></msub></math>'
    >>> inline(r"\text{<img src=x onerror=alert(1)>}")
    '<math><mtext>&lt;img\xa0src=x\xa0onerror=alert(1)&gt;</mtext></math>'
    >>> inline(r"\href{javascript:alert(1)}{a}")
    '<math><mrow><mrow><mi>a</mi></mrow></mrow></math>'
    >>> split_aligned(r"y &= \begin{bmatrix} 1 & 2 \end{bmatrix}")
    ['y ', '= \\begin{bmatrix} 1 & 2 \\end{bmatrix}']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from xml.etree.ElementTree import Element

from latex2mathml.converter import convert_to_element

from .markup import escape

__all__ = ["ATTRIBUTES", "ELEMENTS", "display", "inline", "split_aligned"]

#: The MathML elements a page may contain (others are written as ``mrow``).
ELEMENTS = frozenset(
    {
        "math",
        "merror",
        "mfrac",
        "mi",
        "mmultiscripts",
        "mn",
        "mo",
        "mover",
        "mpadded",
        "mphantom",
        "mprescripts",
        "mroot",
        "mrow",
        "ms",
        "mspace",
        "msqrt",
        "mstyle",
        "msub",
        "msubsup",
        "msup",
        "mtable",
        "mtd",
        "mtext",
        "mtr",
        "munder",
        "munderover",
        "none",
    }
)
#: The attributes kept (MathML Core's and the presentation attributes it maps to CSS).
ATTRIBUTES = frozenset(
    {
        "accent",
        "accentunder",
        "columnalign",
        "columnspacing",
        "depth",
        "displaystyle",
        "fence",
        "form",
        "height",
        "largeop",
        "linethickness",
        "lspace",
        "mathbackground",
        "mathcolor",
        "mathsize",
        "mathvariant",
        "maxsize",
        "minsize",
        "movablelimits",
        "rowspacing",
        "rspace",
        "scriptlevel",
        "separator",
        "stretchy",
        "symmetric",
        "voffset",
        "width",
    }
)

# latex2mathml writes characters as hexadecimal references in its texts.
_REFERENCE = re.compile(r"&#x([0-9A-Fa-f]{1,6});")
# A row of one element: written without its mrow.
_PLAIN_ROWS = frozenset({"math", "mtd"})


#: Elements with a fixed number of children (latex2mathml gives ``[ table ]^T`` four).
_ARITY = {"mfrac": 2, "mover": 2, "mroot": 2, "msub": 2, "msup": 2, "msubsup": 3, "munder": 2}
_ARITY["munderover"] = 3
#: Elements whose children are a row (the others place their children by position).
_ROWS = frozenset({"math", "menclose", "merror", "mpadded", "mphantom", "mrow", "msqrt", "mstyle"})
_ROWS = _ROWS | {"mtd"}
_SIGNS = frozenset({"\u2212", "-", "+", "\u00b1"})
_CLOSING = frozenset(")]}|\u2016\u27e9\u230b\u2309")
# Letters in MathML Core's only mathvariant, "normal", or as Unicode's mathematical letters.
_ALPHABETS = {"sans-serif": (0x1D5A0, 0x1D5BA, 0x1D7E2), "bold": (0x1D400, 0x1D41A, 0x1D7CE)}


def _decoded(text: str | None) -> str:
    if not text:
        return ""

    def char(m: re.Match[str]) -> str:
        code = int(m.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _REFERENCE.sub(char, text)


def _styled(text: str, variant: str) -> str:
    upper, lower, digit = _ALPHABETS[variant]
    out = []
    for ch in text:
        if "A" <= ch <= "Z":
            out.append(chr(upper + ord(ch) - 65))
        elif "a" <= ch <= "z":
            out.append(chr(lower + ord(ch) - 97))
        elif "0" <= ch <= "9":
            out.append(chr(digit + ord(ch) - 48))
        else:
            out.append(ch)
    return "".join(out)


def _repaired(node: Element) -> Element:
    """A copy of the tree as MathML Core reads it (see the module's notes)."""
    children = [_repaired(child) for child in node]
    arity = _ARITY.get(node.tag)
    if arity is not None and len(children) > arity:
        base = Element("mrow")
        base.extend(children[: len(children) - arity + 1])
        children = [base, *children[len(children) - arity + 1 :]]
    tag, attrib, text = node.tag, dict(node.attrib), _decoded(node.text)
    if tag == "mo" and len(text) > 1 and text.isalpha():  # \operatorname{vec}
        tag = "mi"
    elif tag == "mi" and len(text) == 1 and unicodedata.category(text).startswith("P"):
        tag = "mo"  # \colon, \langle
    variant = attrib.get("mathvariant")
    if tag in ("mi", "mn") and variant in _ALPHABETS:
        text = _styled(text, variant)
        del attrib["mathvariant"]
    if tag in _ROWS:
        previous: Element | None = None
        for child in children:
            if child.tag == "mo" and child.text in _SIGNS and "form" not in child.attrib:
                if previous is None or (previous.tag == "mo" and previous.text not in _CLOSING):
                    child.set("form", "prefix")
            previous = child
    out = Element(tag, attrib)
    out.text = text
    out.extend(children)
    return out


def _write(node: Element, out: list[str]) -> None:
    tag = node.tag if node.tag in ELEMENTS else "mrow"
    attrs = "".join(
        f' {name}="{escape(str(value))}"'
        for name, value in sorted(node.attrib.items())
        if name in ATTRIBUTES
    )
    out.append(f"<{tag}{attrs}>{escape(node.text or '')}")
    for child in node:
        _write(child, out)
    out.append(f"</{tag}>")


def _children(latex: str) -> str:
    """The MathML of a LaTeX formula, without the ``math`` element around it."""
    try:
        root = convert_to_element(latex)
    except Exception:  # latex2mathml raises its own classes and built-ins alike
        return f"<merror><mtext>{escape(latex)}</mtext></merror>"
    out: list[str] = []
    row = list(_repaired(root))
    # convert_to_element wraps everything in one mrow; a lone child needs none
    nodes = list(row[0]) if len(row) == 1 and row[0].tag == "mrow" and not row[0].attrib else row
    if len(nodes) == 1 and nodes[0].tag == "mrow" and not nodes[0].attrib and len(nodes[0]) == 1:
        nodes = list(nodes[0])
    for node in nodes:
        _write(node, out)
    return "".join(out)


@lru_cache(maxsize=4096)
def inline(latex: str) -> str:
    """Inline math: ``<math>...</math>``."""
    return f"<math>{_children(latex)}</math>"


def split_aligned(line: str) -> list[str]:
    """A line of an aligned display cut at its ``&`` outside every environment."""
    cells, depth, start, i = [], 0, 0, 0
    while i < len(line):
        if line.startswith("\\begin{", i):
            depth, i = depth + 1, i + 7
        elif line.startswith("\\end{", i):
            depth, i = depth - 1, i + 5
        elif line.startswith("\\&", i):
            i += 2
        elif line[i] == "&" and depth == 0:
            cells.append(line[start:i])
            start = i = i + 1
        else:
            i += 1
    cells.append(line[start:])
    return cells


def display(lines: Sequence[str], aligned: bool) -> str:
    """Displayed math: one line, or rows aligned at ``&`` (``aligned``) or centred."""
    if len(lines) == 1 and not aligned:
        return f'<math display="block">{_children(lines[0])}</math>'
    rows = []
    for line in lines:
        if aligned:
            cells = split_aligned(line)
            cells += [""] * (2 - len(cells) % 2 if len(cells) % 2 else 0)
            tds = "".join(
                f'<mtd class="{"l" if n % 2 else "r"}">{_children(cell) if cell.strip() else ""}'
                "</mtd>"
                for n, cell in enumerate(cells)
            )
        else:
            tds = f'<mtd class="c">{_children(line)}</mtd>'
        rows.append(f"<mtr>{tds}</mtr>")
    kind = "aligned" if aligned else "gathered"
    return (
        f'<math display="block"><mtable class="{kind}" displaystyle="true">'
        + "".join(rows)
        + "</mtable></math>"
    )
