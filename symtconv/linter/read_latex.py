"""LaTeX into blocks, with pylatexenc's ``LatexWalker``.

pylatexenc parses the source tolerantly into nodes (characters, macros, groups,
environments, math, comments) with their positions; this reader walks them:
``$...$``, ``\\(...\\)``, ``$$...$$``, ``\\[...\\]`` and the math environments
(``equation``, ``align``, ``gather``, ``multline``, ... and their starred forms)
become *math* blocks; ``lstlisting`` / ``minted`` in Python become *code*,
``verbatim`` plain *text*; sectioning commands give headings; everything else is
*prose*, with the text of ``\\emph{...}``-like arguments kept, other macros and
comments dropped (their line breaks kept, so every block knows its lines).

Examples:
    >>> blocks = read_latex("\\\\section{Conv}\\nStride $s = 2$.\\n\\\\[ o = 3 \\\\]\\n")
    >>> [(b.kind, b.line) for b in blocks]
    [('prose', 1), ('prose', 2), ('math', 2), ('math', 3)]
    >>> blocks[2].text, blocks[3].text
    ('s = 2', ' o = 3 ')
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexCommentNode,
    LatexEnvironmentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexNode,
    LatexSpecialsNode,
    LatexWalker,
)

from .blocks import Block

__all__ = ["MATH_ENVIRONMENTS", "read_latex"]

#: Environments whose body is math.
MATH_ENVIRONMENTS = frozenset(
    name + star
    for name in (
        "equation",
        "align",
        "alignat",
        "flalign",
        "gather",
        "multline",
        "eqnarray",
        "displaymath",
        "math",
        "dmath",
    )
    for star in ("", "*")
)
_CODE = frozenset({"lstlisting", "minted", "pycode", "pyverbatim", "pythoncode"})
_VERBATIM = frozenset({"verbatim", "verbatim*", "Verbatim", "alltt"})
#: Sectioning commands -> heading level.
_SECTIONS = {
    "part": 1,
    "chapter": 1,
    "title": 1,
    "section": 1,
    "subsection": 2,
    "subsubsection": 3,
    "paragraph": 4,
}
#: Macros whose arguments are prose.
_TEXT_MACROS = frozenset(
    {
        "emph",
        "textbf",
        "textit",
        "textsl",
        "textrm",
        "textsf",
        "texttt",
        "underline",
        "text",
        "mbox",
        "textup",
        "caption",
        "footnote",
        "enquote",
        "hl",
    }
)
_CHARS = {"$": "$", "%": "%", "&": "&", "_": "_", "#": "#", "{": "{", "}": "}", "\\": "\n"}
_HEADER = re.compile(r"\\begin\s*\{[^}]*\}(?:\s*\[[^\]]*\])?(?:\s*\{[^}]*\})?")
_PYTHON = re.compile(r"language\s*=\s*\{?\s*python|\{\s*python\d?\s*\}", re.IGNORECASE)


@dataclass
class _Walker:
    """The walk: the source, where lines start, the blocks so far and the prose being built."""

    src: str
    starts: list[int]
    blocks: list[Block] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    prose_at: int | None = None

    def where(self, pos: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, pos) - 1
        return line + 1, pos - self.starts[line] + 1

    def add_prose(self, text: str, pos: int) -> None:
        if self.prose_at is None:
            if not text.strip():
                return
            lead = len(text) - len(text.lstrip())
            text, pos = text[lead:], pos + lead
            self.prose_at = pos
        self.prose.append(text)

    def flush(self) -> None:
        text = "".join(self.prose)
        if self.prose_at is not None and text.strip():
            line, col = self.where(self.prose_at)
            self.blocks.append(Block("prose", text, line, col))
        self.prose, self.prose_at = [], None

    def block(self, kind: str, text: str, pos: int, **extra: object) -> None:
        line, col = self.where(pos)
        self.blocks.append(Block(kind, text, line, col, **extra))  # type: ignore[arg-type]

    def raw(self, node: LatexNode) -> str:
        return self.src[node.pos : node.pos + node.len]

    # ----- the walk -------------------------------------------------------------------

    def walk(self, nodes: list[LatexNode] | None) -> None:
        for node in nodes or []:
            self.node(node)

    def node(self, node: LatexNode) -> None:
        if isinstance(node, LatexCharsNode):
            self.chars(node.chars, node.pos)
        elif isinstance(node, LatexCommentNode):
            self.add_prose("\n" * self.raw(node).count("\n"), node.pos)
        elif isinstance(node, LatexMathNode):
            self.math(node)
        elif isinstance(node, LatexEnvironmentNode):
            self.environment(node)
        elif isinstance(node, LatexGroupNode):
            self.walk(node.nodelist)
        elif isinstance(node, LatexMacroNode):
            self.macro(node)
        elif isinstance(node, LatexSpecialsNode):
            self.add_prose(" " if node.specials_chars == "&" else node.specials_chars, node.pos)

    def chars(self, text: str, pos: int) -> None:
        at = 0
        for m in re.finditer(r"\n[ \t]*\n\s*", text):
            self.add_prose(text[at : m.start()] + "\n" * m.group().count("\n"), pos + at)
            self.flush()
            at = m.end()
        self.add_prose(text[at:], pos + at)

    def math(self, node: LatexMathNode) -> None:
        raw = self.raw(node)
        opening, closing = node.delimiters if node.delimiters else ("$", "$")
        body = raw[len(opening) : len(raw) - len(closing)]
        display = node.displaytype == "display"
        if display:
            self.flush()
        else:
            self.add_prose(f"${body}$", node.pos)
        self.block("math", body, node.pos + len(opening), display=display)

    def environment(self, node: LatexEnvironmentNode) -> None:
        name = node.environmentname
        raw = self.raw(node)
        header = _HEADER.match(raw)
        start = header.end() if header else 0
        end = raw.rfind("\\end")
        body = raw[start : end if end >= start else len(raw)]
        if name in MATH_ENVIRONMENTS:
            self.flush()
            self.block("math", body, node.pos + start)
        elif name in _CODE or name in _VERBATIM:
            self.flush()
            lang = "python" if name in _CODE and header and _PYTHON.search(header.group()) else ""
            lead = len(body) - len(body.lstrip("\n"))
            kind = "code" if lang else "text"
            self.block(kind, body[lead:], node.pos + start + lead, lang=lang)
        elif name in ("itemize", "enumerate", "description"):
            self.flush()
            self.walk(node.nodelist)
            self.flush()
        else:
            self.walk(node.nodelist)

    def macro(self, node: LatexMacroNode) -> None:
        name = node.macroname
        args = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a is not None]
        if name in _SECTIONS:
            self.flush()
            if args:
                self.add_prose(self.text_of(args[-1]), args[-1].pos)
                line, col = self.where(self.prose_at or node.pos)
                text = "".join(self.prose)
                self.prose, self.prose_at = [], None
                self.blocks.append(Block("prose", text, line, col, heading=_SECTIONS[name]))
        elif name in ("item", "par"):
            self.flush()
        elif name in _CHARS:
            self.add_prose(_CHARS[name], node.pos)
        elif name in _TEXT_MACROS:
            for arg in args:
                self.node(arg)
        else:
            self.add_prose(" " + "\n" * self.raw(node).count("\n"), node.pos)

    def text_of(self, node: LatexNode) -> str:
        raw = self.raw(node)
        return raw[1:-1] if raw.startswith("{") and raw.endswith("}") else raw


def read_latex(text: str) -> list[Block]:
    """The blocks of a LaTeX source (the whole file or a fragment)."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    walker = _Walker(text, starts)
    nodes, _, _ = LatexWalker(text, tolerant_parsing=True).get_latex_nodes()
    walker.walk(nodes)
    walker.flush()
    return sorted(walker.blocks, key=lambda b: (b.line, b.column))
