"""From blocks to items: every equation, matrix, parameter, label and sentence, located.

Math blocks are cut into rows, equations and sides (:mod:`.latex_split`) and each
side parsed (:mod:`.latex_expr`); plain text and prose give bracket drawings and
arithmetic (:mod:`.text_scan`), parameters, element labels and element claims
(:mod:`.words`), sentences and section titles.  Limits: at most
:data:`MAX_ITEMS` items and :data:`MAX_MATRIX_CELLS` cells per matrix (a bigger
one is kept as not understood).

Examples:
    >>> from symtconv.linter.read_markdown import read_markdown
    >>> text = "Stride $s = 2$.\\n\\n$$ o = (2 - 1) \\\\cdot 2 + 2 = 4 $$\\n"
    >>> items = extract(read_markdown(text))
    >>> [type(i).__name__ for i in items]
    ['Sentence', 'Param', 'Equation', 'Equation']
    >>> [s.text.strip() for s in items[3].sides]
    ['o', '(2 - 1) \\\\cdot 2 + 2', '4']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import TooLargeError
from .blocks import Block, Location
from .items import (
    Code,
    Entry,
    Equation,
    Item,
    Label,
    MatrixRef,
    Param,
    Section,
    Sentence,
    Side,
)
from .latex_expr import Bin, Mat, Node, Under, Unknown, parse_side
from .latex_split import Piece, equations, rows, sides
from .text_scan import Art, arithmetic, bracket_art, mask_math
from .values import Grid, grid
from .words import element_labels, entry_claims, parameters, section_kind

__all__ = ["MAX_ITEMS", "MAX_MATRIX_CELLS", "extract"]

#: Most items read from one document.
MAX_ITEMS = 20_000
#: Most cells of one matrix read (a bigger one is not understood).
MAX_MATRIX_CELLS = 10_000


def _mats(node: Node) -> Iterator[Mat]:
    """The matrices of a tree, left to right."""
    if isinstance(node, Mat):
        yield node
        return
    for value in vars(node).values():
        if isinstance(value, tuple):
            for item in value:
                if not isinstance(item, (str, tuple)):
                    yield from _mats(item)
        elif hasattr(value, "__dataclass_fields__"):
            yield from _mats(value)


def _under_labels(node: Node) -> Iterator[tuple[Mat, str]]:
    if isinstance(node, Under) and isinstance(node.body, Mat):
        yield node.body, node.label
        return
    for value in vars(node).values():
        if hasattr(value, "__dataclass_fields__"):
            yield from _under_labels(value)


def _grid(mat: Mat) -> Grid:
    cells = sum(len(r) for r in mat.cells)
    if cells > MAX_MATRIX_CELLS:
        return Grid(((None,),))
    found = grid(mat)
    assert found is not None
    return found


def _side(block: Block, piece: Piece, relation: str | None) -> Side:
    lead = len(piece.text) - len(piece.text.lstrip())
    node = parse_side(piece.text)
    labels = dict((id(m), label) for m, label in _under_labels(node))
    refs = []
    starts = [m.start() for m in re.finditer(r"\\begin\s*\{", piece.text)]
    for n, mat in enumerate(_mats(node)):
        at = piece.offset + (starts[n] if n < len(starts) else lead)
        refs.append(
            MatrixRef(_grid(mat), block.location(at), _clip(piece.text), labels.get(id(mat), ""))
        )
    return Side(
        node, block.location(piece.offset + lead), relation, piece.text.strip(), tuple(refs)
    )


def _clip(text: str, n: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."


def _math(block: Block, context: str) -> Iterator[Equation]:
    for row in rows(block.text):
        for eq in equations(row):
            chain = [_side(block, piece, rel) for rel, piece in sides(eq)]
            chain = [s for s in chain if s.text or s.relation is None]
            if not chain or (len(chain) == 1 and not chain[0].matrices):
                continue
            yield Equation(chain[0].loc, tuple(chain), context, "math")


def _art_equations(block: Block, art: Art, context: str) -> Iterator[Equation]:
    lines = block.text.split("\n")
    refs = []
    for m in art.matrices:
        mat = Mat("text", m.rows)
        offset = sum(len(lines[n]) + 1 for n in range(m.line)) + m.column
        refs.append((mat, MatrixRef(_grid(mat), block.location(offset), _clip(str(m.rows)))))
    if art.operators and len(art.operators) == len(refs) - 1 and "?" not in art.operators:
        chain: list[Side] = []
        current: list[tuple[Mat, MatrixRef]] = [refs[0]]
        relation: str | None = None
        for op, ref in zip(art.operators, refs[1:]):
            if op == "=":
                chain.append(_art_side(current, relation))
                current, relation = [ref], "="
            elif op == "+":
                current.append(ref)
            else:
                current = []
                break
        if current:
            chain.append(_art_side(current, relation))
            yield Equation(chain[0].loc, tuple(chain), context, "art")
            return
    for mat, single in refs:
        yield Equation(
            single.loc, (Side(mat, single.loc, None, single.text, (single,)),), context, "art"
        )


def _art_side(parts: list[tuple[Mat, MatrixRef]], relation: str | None) -> Side:
    node: Node = parts[0][0]
    for mat, _ in parts[1:]:
        node = Bin("+", node, mat)
    first = parts[0][1]
    return Side(
        node, first.loc, relation, " + ".join(r.text for _, r in parts), tuple(r for _, r in parts)
    )


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'“$])|(?<=[。！？；])|\n\s*\n|\n(?=\s*[-*•]\s)")


def _sentences(block: Block, text: str) -> Iterator[Sentence]:
    start = 0
    for m in list(_SENTENCE_END.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            yield Sentence(block.location(start + lead), " ".join(piece.split()))
        start = m.end() if m else len(text)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().split("\n") if line.strip()]
    return lines[-1].strip() if lines else ""


def _plain(block: Block, context: str) -> Iterator[Item]:
    """Bracket drawings, arithmetic, parameters, labels and claims of a prose or text block."""
    masked = mask_math(block.text)
    lines = block.text.split("\n")
    for art in bracket_art(masked):
        before = lines[art.line - 1].strip() if art.line > 0 else context
        yield from _art_equations(block, art, before)
    for found in arithmetic(masked):
        text = re.sub(r"(?<=\d)\s*[xX]\s*(?=\d)", r" \\times ", found.text)
        pieces = text.split("=")
        offset = found.start
        chain = []
        for n, piece in enumerate(pieces):
            node = parse_side(piece)
            chain.append(Side(node, block.location(offset), "=" if n else None, piece.strip()))
            offset += len(piece) + 1
        if not any(isinstance(s.node, Unknown) for s in chain):
            yield Equation(chain[0].loc, tuple(chain), "", "text")
    for stated in parameters(block.text):
        yield Param(block.location(stated.offset), stated)
    for label in element_labels(block.text):
        yield Label(block.location(label.offset), label)
    for claim in entry_claims(masked):
        yield Entry(block.location(claim.offset), claim)


def _is_title(block: Block) -> bool:
    text = block.text.strip()
    if block.heading:
        return True
    return (
        "\n" not in text
        and 0 < len(text) <= 40
        and not re.search(r"[.。!?！？:：,，;；]$|\$|[:：]", text)
    )


def extract(blocks: list[Block]) -> list[Item]:
    """The items of a document's blocks, in document order.

    Raises:
        TooLargeError: more than :data:`MAX_ITEMS` items.
    """
    items: list[Item] = []
    last_prose: Block | None = None
    previous: Block | None = None
    for block in blocks:
        if block.kind == "prose":
            if _is_title(block):
                items.append(
                    Section(
                        block.location(0),
                        section_kind(block.text),
                        block.text.strip(),
                        block.heading,
                    )
                )
            masked = re.sub(
                r"\$[^$]*\$", lambda m: "⟪" + "·" * (len(m.group()) - 2) + "⟫", block.text
            )
            items.extend(_sentences(block, masked))
            items.extend(_plain(block, _last_line(last_prose.text) if last_prose else ""))
            last_prose = block
        elif block.kind == "math":
            context = ""
            if not block.display or (
                last_prose is not None
                and last_prose.line <= block.line <= last_prose.line + last_prose.text.count("\n")
            ):
                context = _inline_context(block, last_prose)
            elif last_prose is not None and previous is last_prose:
                context = _last_line(last_prose.text)
            items.extend(_math(block, context))
        elif block.kind == "text":
            items.extend(_sentences(block, mask_math(block.text)))
            items.extend(_plain(block, _last_line(last_prose.text) if last_prose else ""))
        elif block.kind == "code":
            items.append(Code(block.location(0), block))
        if block.kind != "math" or block.display:
            previous = block
        if len(items) > MAX_ITEMS:
            raise TooLargeError(
                f"document: more than {MAX_ITEMS} equations, parameters and sentences; "
                "documents with fewer are linted"
            )
    return sorted(items, key=lambda i: (i.loc, _ORDER.get(type(i).__name__, 9)))


_ORDER = {"Section": 0, "Sentence": 1, "Param": 2, "Label": 3, "Entry": 4, "Equation": 5, "Code": 6}


def _inline_context(block: Block, prose: Block | None) -> str:
    """For inline math: the words before it on its line of the paragraph."""
    if prose is None:
        return ""
    lines = prose.text.split("\n")
    n = block.line - prose.line
    if not 0 <= n < len(lines):
        return ""
    line = lines[n]
    at = line.find("$" + block.text)
    return line[:at] if at >= 0 else ""


def location_of(items: list[Item]) -> Location:
    """The first location of a list of items (for messages)."""
    return items[0].loc if items else Location(0, 1, 1)
