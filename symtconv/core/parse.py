"""Safe parsing of the text users type: matrices, expressions, option values.

Nothing here evaluates text as Python or hands raw strings to ``sympify``:
a token table and a recursive-descent parser on :mod:`symtconv.core.lexer`
build SymPy objects from numbers, fractions, symbol names, ``+ - * / ^`` and
parentheses only.

This is the language of values (a matrix entry, a hand-computed answer): decimals,
subscripted names, LaTeX and juxtaposition, ``?`` for an entry not computed, and
arithmetic done at once into a SymPy value.  The claim language
(:mod:`symtconv.prover.language.parser`) is another one: integer literals only,
``//``, ``%``, functions and comparisons, and a syntax tree kept for the prover; the
two share the lexer and the parser base, not the grammar, so its expression parser
has its own name (``parse_number_expression``).

Accepted matrix forms:

* nested lists: ``[[1, 2], [3, 4]]`` (any depth);
* rows: ``"1 2; 3 4"`` (entries split by commas when a row has any, else by spaces);
* a LaTeX ``bmatrix``/``pmatrix``/``matrix``/``vmatrix`` pasted from a
  document (the last such environment in the text is read).

Entries are numbers (``3``, ``-2``, ``0.5``, ``1/3``), symbol names
(``x_{0,1}``, ``w_{1,1}``, ``a``) or expressions of them
(``x_{0,0}*w_{1,1} + x_{0,1}*w_{1,0}``; LaTeX ``\\cdot``, ``\\times`` and
``\\frac{a}{b}`` too; juxtaposition multiplies).

Examples:
    >>> parse_expression("x_{0, 0}*w_{1,1} - 1/2")
    w_{1,1}*x_{0,0} - 1/2
    >>> parse_tensor("1 2; 3 4").tolist()
    [[1, 2], [3, 4]]
    >>> parse_tensor(r"\\begin{bmatrix} 1 & 0 \\\\ 0 & -1 \\end{bmatrix}").tolist()
    [[1, 0], [0, -1]]
    >>> parse_int_tuple("stride", "2,1")
    (2, 1)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import sympy

from ..errors import ParseError
from .lexer import Parser, Token, TokenTable, clip

__all__ = [
    "UNKNOWN",
    "canonical_name",
    "nested_array",
    "parse_expression",
    "parse_int_tuple",
    "parse_padding",
    "parse_range",
    "parse_shape",
    "parse_tensor",
]

#: Marker for an entry written as ``?`` (not computed), when allowed.
UNKNOWN = None

_MAX_TEXT = 1_000_000
_MAX_DEPTH = 64

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+|\\[,;:!\s]|\\quad|\\qquad|\\left|\\right|\\big|\\Big)
  | (?P<num>(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z][A-Za-z0-9]*(?:_(?:\{[^{}]*\}|[A-Za-z0-9]+))*)
  | (?P<cmd>\\[A-Za-z]+)
  | (?P<op>\*\*|[-+*/^()\[\]{},?]|\u2212|\u00b7|\u00d7)
    """,
    re.VERBOSE,
)

_CMD_OPS = {"\\cdot": "*", "\\times": "*", "\\frac": "frac", "\\dfrac": "frac", "\\tfrac": "frac"}
_CHAR_OPS = {"\u2212": "-", "\u00b7": "*", "\u00d7": "*", "**": "^"}


def _known_command(tok: Token, source: str, what: str) -> None:
    """The token rule of this language: a LaTeX command must be one of :data:`_CMD_OPS`."""
    if tok.kind == "cmd" and tok.text not in _CMD_OPS:
        raise ParseError(
            f"{what}: unknown LaTeX command {tok.text} in {clip(source)}; "
            "valid are \\cdot, \\times, \\frac"
        )


_TABLE = TokenTable(
    _TOKEN,
    "numbers, symbol names, + - * / ^, parentheses",
    spellings={**_CMD_OPS, **_CHAR_OPS},
    rule=_known_command,
    max_text=_MAX_TEXT,
)


def canonical_name(name: str) -> str:
    """Normalise a symbol name: ``x_{0, 1}`` -> ``x_{0,1}``, ``x_0`` -> ``x_{0}``.

    Examples:
        >>> canonical_name("w_1")
        'w_{1}'
    """
    head, sep, sub = name.partition("_")
    if not sep:
        return name
    if sub.startswith("{") and sub.endswith("}") and "_" not in sub:
        inner = sub[1:-1]
    elif "{" not in sub and "_" not in sub:
        inner = sub
    else:
        return re.sub(r"\s+", "", name)
    inner = "".join(inner.split())
    return f"{head}_{{{inner}}}"


class _Parser(Parser):
    """Recursive descent over the tokens of one expression or nested list."""

    table = _TABLE
    max_depth = _MAX_DEPTH

    def __init__(self, text: str, what: str, allow_unknown: bool) -> None:
        super().__init__(text, what)
        self.allow_unknown = allow_unknown

    # list := '[' (item (',' item)*)? ']'
    def nested(self) -> object:
        if not self.eat_op("["):
            return self.entry()
        with self.deeper():
            items: list[object] = []
            if not self.eat_op("]"):
                items.append(self.nested())
                while self.eat_op(","):
                    items.append(self.nested())
                self.expect_op("]")
        return items

    def entry(self) -> sympy.Expr | None:
        if self.at_op("?"):
            if not self.allow_unknown:
                raise self.error("'?' (an entry not computed) is only accepted in claims")
            self.take()
            return UNKNOWN
        return self.expr()

    # expr := term (('+'|'-') term)*
    def expr(self) -> sympy.Expr:
        terms = [self.term()]
        while self.at_op("+", "-"):
            negative = self.take().text == "-"
            term = self.term()
            terms.append(-term if negative else term)
        return sympy.Add(*terms) if len(terms) > 1 else terms[0]

    # term := unary (('*'|'/'|juxtaposition) unary)*
    def term(self) -> sympy.Expr:
        value = self.unary()
        while True:
            if self.eat_op("*"):
                value = value * self.unary()
            elif self.eat_op("/"):
                value = value / self._nonzero(self.unary())
            elif self.at("num") or self.at("name") or self.at_op("(", "{", "frac"):
                value = value * self.unary()
            else:
                return value

    # unary := ('+'|'-') unary | power
    def unary(self) -> sympy.Expr:
        sign = 1
        while self.at_op("+", "-"):
            sign = -sign if self.take().text == "-" else sign
        value = self.power()
        return -value if sign < 0 else value

    # power := atom ('^' unary)?
    def power(self) -> sympy.Expr:
        base = self.atom()
        if not self.eat_op("^"):
            return base
        exponent = self.unary()
        if not (exponent.is_Integer and abs(int(exponent)) <= 64):
            raise self.error(
                f"exponent {exponent} in {self.clipped}; "
                "only integer exponents from -64 to 64 are accepted"
            )
        if base == 0 and exponent < 0:
            raise self.error(f"division by zero in {self.clipped}")
        if (
            base.is_Rational
            and max(abs(base.p), abs(base.q)).bit_length() * abs(int(exponent)) > 4096
        ):
            raise self.error(f"the power in {self.clipped} is too large (more than 4096 bits)")
        return base**exponent

    # atom := number | name | '(' expr ')' | '{' expr '}' | frac '{' expr '}' '{' expr '}'
    def atom(self) -> sympy.Expr:
        if self.at("num"):
            text = self.take().text
            return sympy.Integer(int(text)) if re.fullmatch(r"\d+", text) else sympy.Float(text)
        if self.at("name"):
            return sympy.Symbol(canonical_name(self.take().text))
        for left, right in (("(", ")"), ("{", "}")):
            if self.eat_op(left):
                with self.deeper():
                    value = self.expr()
                    self.expect_op(right)
                return value
        if self.eat_op("frac"):
            num = self.braced()
            return num / self._nonzero(self.braced())
        raise self.fail("a number, a symbol name or '('")

    def braced(self) -> sympy.Expr:
        self.expect_op("{")
        value = self.expr()
        self.expect_op("}")
        return value

    def _nonzero(self, den: sympy.Expr) -> sympy.Expr:
        if den == 0:
            raise self.error(f"division by zero in {self.clipped}")
        return den


def parse_expression(
    text: str, what: str = "expression", allow_unknown: bool = False
) -> sympy.Expr:
    """Parse one expression (a number, a symbol name, or arithmetic of them).

    Args:
        text: the expression.
        what: the parameter name used in error messages.
        allow_unknown: accept ``?`` (returns ``None``).

    Raises:
        ParseError: the text is not an expression of the accepted form.
    """
    if not text.strip():
        raise ParseError(f"{what}: got an empty text; expected a number or an expression")
    parser = _Parser(text, what, allow_unknown)
    value = parser.entry()
    parser.done()
    return value


_ENV = re.compile(
    r"\\begin\{(?P<env>[bBpvV]?matrix|smallmatrix|array)\}(?:\{[^{}]*\})?(?P<body>.*?)\\end\{(?P=env)\}",
    re.DOTALL,
)


def parse_tensor(text: str, what: str = "matrix", allow_unknown: bool = False) -> np.ndarray:
    """Parse a tensor given as nested lists, rows, or a LaTeX matrix.

    Returns:
        A NumPy object array of SymPy numbers/expressions (``None`` for ``?``).

    Raises:
        ParseError: unparsable text, or a ragged (non-rectangular) tensor.
    """
    stripped = text.strip()
    if not stripped:
        raise ParseError(f"{what}: got an empty text; expected e.g. [[1, 2], [3, 4]] or '1 2; 3 4'")
    if "\\begin" in stripped:
        envs = list(_ENV.finditer(stripped))
        if not envs:
            raise ParseError(
                f"{what}: found \\begin but no complete bmatrix/pmatrix/matrix environment "
                f"in {clip(stripped)}"
            )
        body = envs[-1].group("body").strip()
        rows = [
            r
            for r in re.split(r"\\\\(?:\[[^\]]*\])?", body)
            if r.strip() and r.strip() != "\\hline"
        ]
        nested: object = [
            [parse_expression(cell, what, allow_unknown) for cell in row.split("&")] for row in rows
        ]
    elif stripped.startswith("["):
        parser = _Parser(stripped, what, allow_unknown)
        nested = parser.nested()
        parser.done()
    else:
        rows = [r for r in re.split(r"[;\n]", stripped) if r.strip()]
        nested = [
            [parse_expression(cell, what, allow_unknown) for cell in _split_row(row)]
            for row in rows
        ]
        if len(rows) == 1 and ";" not in stripped:
            nested = nested[0]
    return nested_array(nested, what)


def _split_row(row: str) -> list[str]:
    """Split a row at top-level commas if it has any, else at whitespace."""
    cells, depth, current = [], 0, ""
    for ch in row:
        depth += (ch in "({[") - (ch in ")}]")
        if ch == "," and depth == 0:
            cells.append(current)
            current = ""
        else:
            current += ch
    cells.append(current)
    if len(cells) == 1:
        cells = row.split()
    return [cell.strip() for cell in cells if cell.strip()]


def nested_array(
    nested: object, what: str, entry: Callable[[Any, tuple[int, ...]], Any] | None = None
) -> np.ndarray:
    """A rectangular nest of lists (or tuples) as an object array.

    Args:
        nested: the lists; anything that is not a list or tuple is an entry.
        what: the name used in error messages.
        entry: turns each entry (and its index) into the array's value (default: kept).

    Raises:
        ParseError: ragged rows, or a dimension without entries.

    Examples:
        >>> nested_array([[1, 2], (3, 4)], "m").tolist()
        [[1, 2], [3, 4]]
    """
    shape = _shape_of(nested, what, ())
    if 0 in shape:
        raise ParseError(
            f"{what}: has an empty dimension (shape {shape}); every dimension needs >= 1 entry"
        )
    arr = np.empty(shape, dtype=object)
    for index in np.ndindex(*shape):
        item: Any = nested
        for i in index:
            item = item[i]
        arr[index] = item if entry is None else entry(item, index)
    return arr


def _shape_of(item: object, what: str, where: tuple[int, ...]) -> tuple[int, ...]:
    if not isinstance(item, (list, tuple)):
        return ()
    shapes = [_shape_of(sub, what, (*where, n)) for n, sub in enumerate(item)]
    if any(s != shapes[0] for s in shapes):
        lengths = [len(sub) if isinstance(sub, (list, tuple)) else "a number" for sub in item]
        place = f" at {list(where)}" if where else ""
        raise ParseError(
            f"{what}: ragged{place}: its rows have lengths {lengths}; "
            "all rows must have the same length"
        )
    return (len(item), *(shapes[0] if shapes else ()))


def _ints(name: str, text: str, sep: str) -> list[int]:
    parts = [p.strip() for p in text.split(sep)]
    if not parts or any(not re.fullmatch(r"-?\d+", p) for p in parts):
        raise ParseError(
            f"{name}: got {text!r}; expected an integer or integers separated by {sep!r}"
        )
    return [int(p) for p in parts]


def parse_int_tuple(name: str, text: str) -> tuple[int, ...]:
    """Parse ``"2"`` or ``"2,1"`` (one integer per dimension).

    Raises:
        ParseError: not integers separated by commas.
    """
    return tuple(_ints(name, text, ","))


def parse_shape(name: str, text: str) -> tuple[int, ...]:
    """Parse a shape like ``"3x3"``, ``"2x3x3"`` or ``"5"``.

    Examples:
        >>> parse_shape("input_shape", "2x3")
        (2, 3)
    """
    values = _ints(name, text.lower().replace("×", "x").replace("*", "x"), "x")
    for value in values:
        if value < 1:
            raise ParseError(f"{name}: got {text!r}; every size must be an integer >= 1")
    return tuple(values)


def parse_padding(text: str) -> tuple[int | tuple[int, int], ...]:
    """Parse padding: ``"1"``, ``"1,2"`` (per dim), ``"1:2"`` or ``"1:2,0:1"`` (lo:hi per dim).

    Examples:
        >>> parse_padding("1:2,0")
        ((1, 2), 0)
    """
    out: list[int | tuple[int, int]] = []
    for part in text.split(","):
        if ":" in part:
            lo, hi = _ints("padding", part, ":") if part.count(":") == 1 else (None, None)
            if lo is None or hi is None:
                raise ParseError(f"padding: got {text!r}; expected e.g. 1, 1,2, 1:2 or 1:2,0:1")
            out.append((lo, hi))
        else:
            out.extend(_ints("padding", part, ","))
    return tuple(out)


def parse_range(name: str, text: str) -> tuple[int, ...]:
    """Parse ``"1:4"`` (inclusive) or ``"1,2,5"`` or ``"3"`` into integers.

    Examples:
        >>> parse_range("sizes", "1:3"), parse_range("strides", "1,4")
        ((1, 2, 3), (1, 4))
    """
    values: list[int] = []
    for part in text.split(","):
        if ":" in part:
            lo, hi = (_ints(name, part, ":") + [0])[:2] if part.count(":") == 1 else (0, -1)
            if part.count(":") != 1 or hi < lo or hi - lo > 10_000:
                raise ParseError(f"{name}: got {text!r}; expected e.g. 1:4 (inclusive) or 1,2,5")
            values.extend(range(lo, hi + 1))
        else:
            values.extend(_ints(name, part, ","))
    return tuple(dict.fromkeys(values))
