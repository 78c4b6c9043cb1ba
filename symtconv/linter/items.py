"""What the extraction finds in a document, each with its place: the items.

Equations (chains of sides, each side a parsed tree; matrices located one by
one), parameters stated, element labels, claims about one output element,
section titles, sentences (for the misconceptions) and code.  Items are plain
frozen data in document order; :mod:`symtconv.linter.problems` groups them into
worked examples, the checks read them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .blocks import Block, Location
from .latex_expr import Node
from .values import Grid
from .words import ElementLabel, EntryClaim, Stated

__all__ = [
    "Code",
    "Entry",
    "Equation",
    "Item",
    "Label",
    "MatrixRef",
    "Param",
    "Section",
    "Sentence",
    "Side",
]


@dataclass(frozen=True, eq=False)
class MatrixRef:
    """One matrix written in the document.

    Attributes:
        grid: its entries as written.
        loc: where it starts.
        text: its source text (for messages, clipped and escaped there).
        under: the ``\\underbrace`` label under it, if any.
    """

    grid: Grid
    loc: Location
    text: str
    under: str = ""


@dataclass(frozen=True, eq=False)
class Side:
    """One side of an equation chain.

    Attributes:
        node: the parsed tree.
        loc: where it starts.
        relation: the relation before it (``=``, ``!=``, ``~``, ...; ``None`` for the first).
        text: its source text.
        matrices: the matrices in it, in order.
    """

    node: Node
    loc: Location
    relation: str | None
    text: str
    matrices: tuple[MatrixRef, ...] = ()


@dataclass(frozen=True, eq=False)
class Equation:
    """A chain ``a = b = c`` (or one side alone: a displayed matrix).

    Attributes:
        loc: where it starts.
        sides: its sides.
        context: the prose just before it (a label such as ``Input:``), or empty.
        origin: ``math`` (LaTeX), ``text`` (plain arithmetic) or ``art`` (bracket drawings).
    """

    loc: Location
    sides: tuple[Side, ...]
    context: str = ""
    origin: str = "math"

    @property
    def matrices(self) -> tuple[MatrixRef, ...]:
        return tuple(m for s in self.sides for m in s.matrices)


@dataclass(frozen=True)
class Param:
    """A parameter stated in the text (see :class:`~symtconv.linter.words.Stated`)."""

    loc: Location
    stated: Stated


@dataclass(frozen=True)
class Label:
    """An element label (``the fourth element (3)``) before a step."""

    loc: Location
    label: ElementLabel


@dataclass(frozen=True)
class Entry:
    """A claim about one output element."""

    loc: Location
    claim: EntryClaim


@dataclass(frozen=True)
class Section:
    """A section title (or a short line standing alone): what it is about.

    Attributes:
        kind: ``transposed``, ``forward`` or ``None``.
        level: the heading level (0: a short line standing alone).
    """

    loc: Location
    kind: str | None
    text: str
    level: int = 0


@dataclass(frozen=True)
class Sentence:
    """A sentence of prose (inline math blanked), for the misconceptions."""

    loc: Location
    text: str


@dataclass(frozen=True)
class Code:
    """A block of code (never run)."""

    loc: Location
    block: Block


Item = Equation | Param | Label | Entry | Section | Sentence | Code
