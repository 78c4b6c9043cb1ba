"""Plain text: matrices drawn with brackets, and arithmetic written out.

Tutorials often show matrices as rows of brackets in a code block or a paragraph,
sometimes side by side with ``+`` and ``=`` between them::

    [1  0]      [2  0]
    [0 -1]  +  [0 -2]   =   [1  2  0]
                             [0 -1 -2]

:func:`bracket_art` finds such drawings: on each line the bracketed groups of
numbers, stacked into matrices from line to line (a group continues the open
matrix with the same number of entries nearest to it), and the operators between
them on the line that has the most groups.  :func:`arithmetic` finds equations
of numbers in running text (``(2 − 1) × 1 + 2 = 3``, ``0 + 3 = 3``).

Examples:
    >>> art = bracket_art("[1 0]   [2 0]\\n[0 -1] + [0 -2] = [1 2 0]\\n            [0 -1 -2]")
    >>> [(m.line, m.rows) for m in art[0].matrices][2]
    (1, (('1', '2', '0'), ('0', '-1', '-2')))
    >>> art[0].operators
    ('+', '=')
    >>> [(m.start, m.group()) for m in arithmetic("so (2 − 1) × 1 + 2 = 3, and 0 + 3 = 3.")]
    [(3, '(2 − 1) × 1 + 2 = 3'), (28, '0 + 3 = 3')]
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

__all__ = ["Art", "ArtMatrix", "Match", "arithmetic", "bracket_art", "mask_math"]

_NUMBER = r"-?(?:\d+(?:\.\d+)?|\.\d+)(?:/\d+)?"
_GROUP = re.compile(rf"\[\s*((?:{_NUMBER})(?:\s*,?\s+|\s*,\s*)?)+\]")
_ENTRY = re.compile(_NUMBER)
_MAX_COLUMN_DRIFT = 14


@dataclass
class ArtMatrix:
    """A matrix drawn with brackets: its first line (0-based, in the text), column, rows."""

    line: int
    column: int
    rows: tuple[tuple[str, ...], ...]
    last_line: int = 0
    last_column: int = 0

    @property
    def width(self) -> int:
        return len(self.rows[0])


@dataclass
class Art:
    """One drawing: its matrices (left to right on their first lines) and the operators
    between them."""

    matrices: list[ArtMatrix] = field(default_factory=list)
    operators: tuple[str, ...] = ()
    line: int = 0


def _groups(line: str) -> list[tuple[int, int, tuple[str, ...]]]:
    out = []
    for m in _GROUP.finditer(line):
        before = line[: m.start()].rstrip()[-1:]
        after = line[m.end() :].lstrip()[:1]
        if before in ("[", ",", "'", '"', "(") or after in ("]", ",", "'", '"', ")"):
            continue  # part of a nested list, a string or a call, not a drawing
        entries = tuple(_ENTRY.findall(m.group()))
        out.append((m.start(), m.end(), entries))
    return out


def _operators(line: str, groups: list[tuple[int, int, tuple[str, ...]]]) -> tuple[str, ...]:
    ops = []
    for (_, end, _), (start, _, _) in itertools.pairwise(groups):
        between = line[end:start].strip()
        ops.append(between if between in ("+", "=", "-", "*", "×", "·", "→") else "?")
    return tuple(ops)


def bracket_art(text: str) -> list[Art]:
    """The bracket drawings of a text (lines without a bracketed group end a drawing)."""
    arts: list[Art] = []
    current: Art | None = None
    open_: list[ArtMatrix] = []
    best_line: tuple[int, int, str] = (0, 0, "")  # (groups, line number, line)
    for number, line in enumerate(text.split("\n")):
        groups = _groups(line)
        if not groups:
            if current is not None:
                _finish(current, best_line)
                arts.append(current)
            current, open_, best_line = None, [], (0, 0, "")
            continue
        if current is None:
            current = Art(line=number)
        extended: list[ArtMatrix] = []
        for start, _, entries in groups:
            candidates = [
                m
                for m in open_
                if m.width == len(entries)
                and m.last_line == number - 1
                and m not in extended
                and abs(m.last_column - start) <= _MAX_COLUMN_DRIFT
            ]
            if candidates:
                m = min(candidates, key=lambda c: abs(c.last_column - start))
                m.rows = (*m.rows, entries)
                m.last_line, m.last_column = number, start
            else:
                m = ArtMatrix(number, start, (entries,), number, start)
                current.matrices.append(m)
            extended.append(m)
        open_ = extended
        if len(groups) > best_line[0]:
            best_line = (len(groups), number, line)
    if current is not None:
        _finish(current, best_line)
        arts.append(current)
    return arts


def _finish(art: Art, best: tuple[int, int, str]) -> None:
    line = best[2]
    groups = _groups(line)
    if len(groups) == len(art.matrices) and len(groups) > 1:
        art.operators = _operators(line, groups)
    art.matrices.sort(key=lambda m: (m.column, m.line))


# ----- arithmetic in running text ------------------------------------------------------------

_ARITH = re.compile(
    r"(?<![\w.,/\[])"
    r"[-−(]*\s*\d+(?:\.\d+)?\s*\)*"
    r"(?:\s*(?:[-+−×x*/·÷=]|\*\*)\s*[-−(]*\s*\d+(?:\.\d+)?\s*\)*)+"
)


@dataclass(frozen=True)
class Match:
    """A piece of text found, at ``start`` (an offset into the text scanned)."""

    start: int
    text: str

    def group(self) -> str:
        return self.text


def arithmetic(text: str) -> list[Match]:
    """Runs of numbers and operators with at least one ``=`` (each side with a digit)."""
    out = []
    for m in _ARITH.finditer(text):
        found = m.group().rstrip()
        if "=" not in found or found.count("(") != found.count(")"):
            found = found.strip("()") if "=" in found else ""
            if not found or found.count("(") != found.count(")"):
                continue
        sides = found.split("=")
        if len(sides) < 2 or not all(re.search(r"\d", s) for s in sides):
            continue
        if re.fullmatch(r"\s*\d+\s*(=\s*\d+\s*)+", found) and len(sides) == 2:
            continue  # "1 = 1", an index or a label, not arithmetic
        out.append(Match(m.start() + (len(m.group()) - len(m.group().lstrip())), found.strip()))
    return out


def mask_math(text: str) -> str:
    """``$...$`` spans blanked (same length), so plain-text scanning skips them."""
    return re.sub(r"\$[^$]*\$", lambda m: " " * len(m.group()), text)
