"""Cutting a formula into what can be checked: rows, equations, and the sides of each.

A displayed formula may hold several rows (``aligned``, ``gathered``, ``\\\\``), a row
several equations (``x = \\dots,\\quad w = \\dots``), and an equation a chain of
sides (``o = (2 - 1) \\cdot 1 + 2 = 3``).  Everything here works at the top level
only: inside braces, parentheses or an environment (a matrix) nothing is cut.
Rows that continue the previous one (they start with ``=`` or an operator after the
alignment ``&``) are joined to it, so a chain broken over lines stays one chain.

Examples:
    >>> [p.text for p in rows(r"\\begin{aligned} y &= a + b \\\\ &\\quad + c = 3 \\end{aligned}")]
    [' y &= a + b           + c = 3 ']
    >>> [p.text for p in equations(Piece(r"x = 1,\\quad w = 2", 0))]
    ['x = 1', ' w = 2']
    >>> [(r, p.text) for r, p in sides(Piece("a = b \\\\neq c", 0))]
    [(None, 'a '), ('=', ' b '), ('!=', ' c')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["RELATIONS", "Piece", "clean", "equations", "rows", "sides", "top_level"]


@dataclass(frozen=True)
class Piece:
    """A part of a formula: its text and its offset in the formula."""

    text: str
    offset: int


_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
_DROP = re.compile(r"\\(?:label|tag\*?|eqref)\s*\{[^{}]*\}|\\(?:nonumber|notag)\b")
_WRAPPERS = ("aligned", "align", "align*", "gathered", "gather", "gather*", "split", "multline")
_OUTER = re.compile(
    r"^\s*\\begin\{(?P<env>aligned|gathered|split|align\*?|gather\*?|multline\*?)\}"
    r"(?:\[[a-z]\])?(?P<body>.*)\\end\{(?P=env)\}\s*$",
    re.DOTALL,
)


def clean(text: str) -> str:
    """The formula without comments, labels and tags (same length: blanked out)."""

    def blank(m: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", m.group())

    return _DROP.sub(blank, _COMMENT.sub(blank, text))


def top_level(text: str) -> Iterator[tuple[int, int]]:
    """(index, depth) of every character; depth counts braces, parentheses and environments."""
    depth = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            m = re.match(r"\\(begin|end)\s*\{[^{}]*\}", text[i:])
            if m:
                if m.group(1) == "begin":
                    yield i, depth
                    depth += 1
                else:
                    depth -= 1
                    yield i, depth
                i += m.end()
                continue
            if i + 1 < n and text[i + 1] in "{}":
                yield i, depth
                i += 2
                continue
            yield i, depth
            i += 1
            continue
        if ch in "{(":
            yield i, depth
            depth += 1
        elif ch in "})":
            depth = max(0, depth - 1)
            yield i, depth
        else:
            yield i, depth
        i += 1


def _cut(text: str, offset: int, pattern: re.Pattern[str]) -> list[Piece]:
    """Cut at the top-level matches of ``pattern`` (the matches dropped)."""
    depths = dict(top_level(text))
    pieces: list[Piece] = []
    start = 0
    for m in pattern.finditer(text):
        if depths.get(m.start(), 1) == 0 and m.start() >= start:
            pieces.append(Piece(text[start : m.start()], offset + start))
            start = m.end()
    pieces.append(Piece(text[start:], offset + start))
    return pieces


_ROW = re.compile(r"\\\\(?:\s*\[[^\]]*\])?")
_LEAD = re.compile(r"^\s*&?\s*(?:\\quad|\\qquad|\\;|\\,|\s)*")
_CONTINUES = re.compile(r"^\s*&?\s*(?:\\quad|\\qquad|\\;|\\,|\s)*(?:[=+\-−]|\\cdot|\\times)")


def rows(text: str) -> list[Piece]:
    """The rows of a formula (one for a plain formula); continued rows joined."""
    text = clean(text)
    offset = 0
    m = _OUTER.match(text)
    if m:
        offset = m.start("body")
        text = m.group("body")
    out: list[Piece] = []
    for piece in _cut(text, offset, _ROW):
        if not piece.text.strip():
            continue
        if out and _CONTINUES.match(piece.text):
            last = out[-1]
            gap = piece.offset - (last.offset + len(last.text))
            lead = _LEAD.match(piece.text)
            text = " " * lead.end() + piece.text[lead.end() :] if lead else piece.text
            out[-1] = Piece(last.text + " " * gap + text, last.offset)
        else:
            out.append(piece)
    return out


_SEPARATORS = re.compile(
    r"(?<!\\),?\s*\\q?quad\b|(?<!\\);|"
    r"\\text\s*\{\s*(?:and|or|for|with|where|if|and so|so|hence|i\.e\.,?|"
    r"so that|那么|所以|且|和|其中)\s*\}|(?<!\\),\s*(?=\\?[A-Za-z]+(?:_\{[^{}]*\}|_\w)?\s*=)"
)


def equations(row: Piece) -> list[Piece]:
    """The equations of a row, cut at top-level ``\\quad``, ``;``, ``\\text{and}`` and commas
    that start a new ``name =``."""
    return [p for p in _cut(row.text, row.offset, _SEPARATORS) if p.text.strip()]


#: Relation spellings -> the relation.
RELATIONS = {
    "=": "=",
    ":=": "=",
    "\\neq": "!=",
    "\\ne": "!=",
    "≠": "!=",
    "\\approx": "~",
    "≈": "~",
    "\\equiv": "=",
    "\\le": "<=",
    "\\leq": "<=",
    "\\leqslant": "<=",
    "≤": "<=",
    "\\ge": ">=",
    "\\geq": ">=",
    "\\geqslant": ">=",
    "≥": ">=",
    "<": "<",
    ">": ">",
    "\\lt": "<",
    "\\gt": ">",
    "\\Rightarrow": "=>",
    "\\implies": "=>",
    "\\to": "=>",
    "\\rightarrow": "=>",
    "\\longrightarrow": "=>",
    "\\mapsto": "=>",
    "\\iff": "=>",
    "\\Leftrightarrow": "=>",
    "→": "=>",
    "⇒": "=>",
}
_RELATION = re.compile(
    r":=|(?<![<>!:=])=(?!=)|≠|≈|≤|≥|→|⇒|(?<!\\)<|(?<!\\)>|"
    r"\\(?:neq|ne|approx|equiv|leqslant|geqslant|leq|geq|le|ge|lt|gt|Rightarrow|implies|"
    r"longrightarrow|rightarrow|to|mapsto|iff|Leftrightarrow)(?![A-Za-z])"
)


def _unalign(text: str, depths: dict[int, int]) -> str:
    """The text with its top-level alignment marks ``&`` blanked (a matrix keeps its own)."""
    return "".join(" " if c == "&" and depths.get(i, 1) == 0 else c for i, c in enumerate(text))


def sides(equation: Piece) -> list[tuple[str | None, Piece]]:
    """The sides of an equation chain, each with the relation before it (``None`` first)."""
    depths = dict(top_level(equation.text))
    text = _unalign(equation.text, depths)
    out: list[tuple[str | None, Piece]] = []
    start, relation = 0, None
    for m in _RELATION.finditer(text):
        if depths.get(m.start(), 1) != 0 or m.start() < start:
            continue
        out.append((relation, Piece(text[start : m.start()], equation.offset + start)))
        relation = RELATIONS[m.group()]
        start = m.end()
    out.append((relation, Piece(text[start:], equation.offset + start)))
    if len(out) == 1:
        inner = re.fullmatch(r"(\s*\(\s*)(.*?)\)\s*", text, re.DOTALL)
        if inner and dict(top_level(inner.group(2))) and _balanced(inner.group(2)):
            found = sides(Piece(inner.group(2), equation.offset + len(inner.group(1))))
            if len(found) > 1:
                return found
    return out


def _balanced(text: str) -> bool:
    depth = 0
    for _, d in top_level(text):
        depth = d
    return depth == 0 and text.count("(") == text.count(")")
