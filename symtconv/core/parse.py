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
(``x_{0,1}``, ``w_{1,1}``, ``a``: the safe alphabet of :mod:`symtconv.core.names`)
or expressions of them (``x_{0,0}*w_{1,1} + x_{0,1}*w_{1,0}``; LaTeX ``\\cdot``,
``\\times`` and ``\\frac{a}{b}`` too; juxtaposition with a space multiplies, as
SymPy's LaTeX prints a product: ``2 x_{0,0}``, ``w_{1,1} x_{0,0}``).

Refused, with a message saying what is not accepted: a number directly followed
by a letter (hexadecimal ``0x10``, complex ``2j``, an implicit product ``2x``),
a name directly followed by ``(`` (a function call ``f(1)``), names outside the
safe alphabet, literals of more than :data:`~symtconv.core.limits.MAX_DIGITS`
digits, decimals beyond the range of floats (``1e400``), computed numbers of
more than :data:`MAX_BITS` bits, more than :data:`MAX_DEPTH` levels of nesting
(brackets, parentheses, braces, ``\\frac``, ``^``) and texts of more than
:data:`~symtconv.core.limits.MAX_TEXT` characters.

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

import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import sympy

from ..errors import ParseError
from .lexer import Parser, Token, TokenTable, clip
from .limits import MAX_DIGITS, MAX_TEXT, read_int
from .names import NAME_RULE, canonical_name, is_safe_name

__all__ = [
    "MAX_AXES",
    "MAX_BITS",
    "MAX_DEPTH",
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

#: Most levels of nesting (brackets, parentheses, braces, ``\\frac``, ``^``).
MAX_DEPTH = 64
#: Most bits of a number computed while parsing (a product, a quotient, a power).
MAX_BITS = 16_384
#: Most axes of a tensor (batch, channels and three spatial dimensions).
MAX_AXES = 5

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+|\\[,;:!\s]|\\quad|\\qquad|\\left|\\right|\\big|\\Big)
  | (?P<num>(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z][A-Za-z0-9]*(?:_(?:\{[^{}]*\}|[A-Za-z0-9]+))*)
  | (?P<sub>_)
  | (?P<cmd>\\[A-Za-z]+)
  | (?P<op>\*\*|[-+*/^()\[\]{},?]|\u2212|\u00b7|\u00d7)
    """,
    re.VERBOSE,
)

_CMD_OPS = {"\\cdot": "*", "\\times": "*", "\\frac": "frac", "\\dfrac": "frac", "\\tfrac": "frac"}
_CHAR_OPS = {"\u2212": "-", "\u00b7": "*", "\u00d7": "*", "**": "^"}


_VALID = "numbers, symbol names, + - * / ^, parentheses"


def _token_rule(tok: Token, source: str, what: str) -> None:
    """The token rules of this language: known LaTeX commands, safe names, plain numbers."""
    end = tok.pos + len(tok.text)
    after = source[end : end + 1]
    if tok.kind == "cmd" and tok.text not in _CMD_OPS:
        raise ParseError(
            f"{what}: unknown LaTeX command {clip(tok.text, 20)} in {clip(source)}; "
            "valid are \\cdot, \\times, \\frac"
        )
    after_name = tok.pos > 0 and re.match(r"[A-Za-z0-9}]", source[tok.pos - 1])
    if tok.kind == "sub" and not after_name:
        raise ParseError(
            f"{what}: unexpected character '_' at position {tok.pos} in {clip(source)}; "
            f"valid are {_VALID}"
        )
    if tok.kind == "sub" or (tok.kind == "name" and not is_safe_name(tok.text)):
        name = tok.text
        if tok.kind == "sub":
            head = re.search(r"[A-Za-z][A-Za-z0-9]*$", source[: tok.pos])
            name = source[head.start() if head else tok.pos : tok.pos + 20]
        raise ParseError(
            f"{what}: symbol name {clip(name, 24)} at position {tok.pos} is not accepted; a name "
            f"is {NAME_RULE}"
        )
    if tok.kind == "num":
        if len(tok.text) > MAX_DIGITS:
            raise ParseError(
                f"{what}: number of {len(tok.text)} characters at position {tok.pos}; at most "
                f"{MAX_DIGITS} digits are accepted"
            )
        if after.isalpha() or after == "_":
            word = re.match(r"\w+", source[end:])
            raise ParseError(
                f"{what}: {clip(tok.text + (word.group() if word else ''), 16)} at position "
                f"{tok.pos}: a number "
                "directly followed by a letter is not accepted (no hexadecimal 0x10, complex 2j "
                "or implicit product 2x; write 2*x)"
            )
    if tok.kind == "name" and after == "(":
        raise ParseError(
            f"{what}: {clip(tok.text + '(', 24)} at position {tok.pos}: function calls are not "
            f"accepted (for a product write {clip(tok.text, 20)[1:-1]}*(...))"
        )


_TABLE = TokenTable(
    _TOKEN,
    _VALID,
    spellings={**_CMD_OPS, **_CHAR_OPS},
    rule=_token_rule,
    max_text=MAX_TEXT,
)


class _Parser(Parser):
    """Recursive descent over the tokens of one expression or nested list."""

    table = _TABLE
    max_depth = MAX_DEPTH

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
                value = self._sized(value * self.unary())
            elif self.eat_op("/"):
                value = self._sized(value / self._nonzero(self.unary()))
            elif self.at("num") or self.at("name") or self.at_op("(", "{", "frac"):
                value = self._sized(value * self.unary())
            else:
                return value

    def _sized(self, value: sympy.Expr) -> sympy.Expr:
        """``value``, unless it is a number of more than :data:`MAX_BITS` bits."""
        if value.is_Rational and _bits(value) > MAX_BITS:
            raise self.error(
                f"a number computed in {self.clipped} has more than {MAX_BITS} bits; "
                "write smaller numbers"
            )
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
        with self.deeper():
            exponent = self.unary()
        if not (exponent.is_Integer and abs(int(exponent)) <= 64):
            raise self.error(
                f"exponent {exponent} in {self.clipped}; "
                "only integer exponents from -64 to 64 are accepted"
            )
        if base == 0 and exponent < 0:
            raise self.error(f"division by zero in {self.clipped}")
        if base.is_Rational and _bits(base) * abs(int(exponent)) > MAX_BITS:
            raise self.error(
                f"the power in {self.clipped} is too large (more than {MAX_BITS} bits)"
            )
        return base**exponent

    # atom := number | name | '(' expr ')' | '{' expr '}' | frac '{' expr '}' '{' expr '}'
    def atom(self) -> sympy.Expr:
        if self.at("num"):
            tok = self.take()
            if re.fullmatch(r"\d+", tok.text):
                return sympy.Integer(read_int(tok.text, self.what))
            if math.isinf(float(tok.text)):
                raise self.error(
                    f"{clip(tok.text, 20)} at position {tok.pos} is beyond the range of floats "
                    "(about 1.8e308); write it as an integer or a fraction"
                )
            return sympy.Float(tok.text)
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
        with self.deeper():
            value = self.expr()
            self.expect_op("}")
        return value

    def _nonzero(self, den: sympy.Expr) -> sympy.Expr:
        if den == 0:
            raise self.error(f"division by zero in {self.clipped}")
        return den


def _bits(value: sympy.Rational) -> int:
    """The bits of a rational's larger part (numerator or denominator)."""
    return int(max(abs(value.p), abs(value.q)).bit_length())


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
        ParseError: ragged rows, a dimension without entries, or more than
            :data:`MAX_AXES` axes.

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
    if len(where) >= MAX_AXES:
        raise ParseError(
            f"{what}: nested more than {MAX_AXES} levels deep; a tensor has at most {MAX_AXES} "
            "axes (batch, channels and 3 spatial dimensions)"
        )
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
            f"{name}: got {clip(text)}; expected an integer or integers separated by {sep!r}"
        )
    return [read_int(p, name) for p in parts]


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
            raise ParseError(f"{name}: got {clip(text)}; every size must be an integer >= 1")
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
                raise ParseError(f"padding: got {clip(text)}; expected e.g. 1, 1,2, 1:2 or 1:2,0:1")
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
                raise ParseError(
                    f"{name}: got {clip(text)}; expected e.g. 1:4 (inclusive) or 1,2,5"
                )
            values.extend(range(lo, hi + 1))
        else:
            values.extend(_ints(name, part, ","))
    return tuple(dict.fromkeys(values))
