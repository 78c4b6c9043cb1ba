"""Markdown (CommonMark with ``$...$`` / ``$$...$$`` math) into blocks, with markdown-it-py.

markdown-it-py parses the document (its ``dollarmath`` and ``amsmath`` plugins from
mdit-py-plugins find the math), and every token with a line map becomes a block:
a paragraph, list item, table cell or heading is *prose* (its inline math kept as
``$...$`` and also given as inline *math* blocks), a math block is *math*, a fenced
block in Python is *code*, other fenced or indented blocks are plain *text* (where
bracket matrices and plain arithmetic are looked for); fences in other languages
(``sh``, ``console``) and HTML are skipped.

Examples:
    >>> [(b.kind, b.line) for b in read_markdown("# T\\n\\nStride $s = 2$.\\n\\n$$ o = 3 $$\\n")]
    [('prose', 1), ('prose', 3), ('math', 3), ('math', 5)]
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin

from .blocks import Block

__all__ = ["PYTHON", "read_markdown"]

#: Code-fence languages read as Python.
PYTHON = frozenset({"python", "py", "python3", "ipython", "ipython3", "pycon"})
#: Fence languages whose blocks are plain text (bracket matrices, arithmetic).
_TEXT = frozenset({"", "text", "txt", "plain", "plaintext", "math", "none"})

_PARSER = (
    MarkdownIt("commonmark", {"html": True})
    .enable("table")
    .use(dollarmath_plugin, allow_space=True, allow_digits=True, double_inline=True)
    .use(amsmath_plugin)
)


def _column(lines: list[str], line: int, snippet: str) -> int:
    """1-based column of ``snippet`` on 0-based ``line`` (1 when not found)."""
    if 0 <= line < len(lines):
        found = lines[line].find(snippet[:40]) if snippet else -1
        if found >= 0:
            return found + 1
    return 1


def _inline(token: Token, lines: list[str], cell: int, heading: int) -> list[Block]:
    """A prose block for an inline token (math kept as ``$...$``) and its inline math."""
    assert token.map is not None
    start = token.map[0]
    parts: list[str] = []
    maths: list[Block] = []
    line = start
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
            line += 1
        elif child.type == "text":
            parts.append(child.content)
            line += child.content.count("\n")
        elif child.type in ("math_inline", "math_inline_double"):
            parts.append(f"${child.content}$")
            col = _column(lines, line, child.content)
            maths.append(
                Block(
                    "math", child.content, line + 1, col, cell, display=child.type != "math_inline"
                )
            )
            line += child.content.count("\n")
        elif child.type == "code_inline":
            parts.append(f"`{child.content}`")
    text = "".join(parts)
    col = _column(lines, start, text.split("\n", 1)[0])
    return [Block("prose", text, start + 1, col, cell, heading=heading), *maths]


def read_markdown(text: str, cell: int = 0) -> list[Block]:
    """The blocks of a Markdown text (``cell``: the notebook cell it comes from, 0 if none)."""
    lines = text.splitlines()
    blocks: list[Block] = []
    heading = 0
    for token in _PARSER.parse(text):
        if token.type == "heading_open":
            heading = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
        elif token.type == "heading_close":
            heading = 0
        elif token.type == "inline" and token.map is not None:
            blocks.extend(_inline(token, lines, cell, heading))
        elif token.type in ("math_block", "math_block_label", "amsmath") and token.map:
            body = token.content
            first = token.map[0]
            line = lines[first] if first < len(lines) else ""
            opening = line.find("$$") if "$$" in line else line.find("\\[")
            blocks.append(Block("math", body, first + 1, opening + 3 if opening >= 0 else 1, cell))
        elif token.type in ("fence", "code_block") and token.map:
            info = (token.info or "").strip().split(maxsplit=1)
            lang = info[0].lower().strip("{}") if info else ""
            first = token.map[0] + (1 if token.type == "fence" else 0)
            indent = len(lines[first]) - len(lines[first].lstrip()) if first < len(lines) else 0
            if lang in PYTHON:
                blocks.append(Block("code", token.content, first + 1, 1, cell, lang="python"))
            elif lang in _TEXT:
                blocks.append(Block("text", token.content, first + 1, indent + 1, cell))
    return blocks
