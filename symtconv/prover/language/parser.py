"""The claim language: integer claims about convolution sizes, parsed safely.

A claim is a condition over integer variables (any identifier), for example
``conv_out(tconv_out(i, k, s, p, d, op), k, s, p, d) == i``.  A token
table and a recursive-descent parser on :mod:`symtconv.core.lexer` build an
abstract syntax tree (frozen dataclasses); nothing is evaluated as Python and
no text reaches ``sympify``.  The tree is then type-checked (numbers vs
conditions) and can be turned into SymPy expressions (:func:`to_sympy`) or
evaluated with plain Python integers and fractions
(:mod:`symtconv.prover.language.evaluate`).

Its grammar is not that of :mod:`symtconv.core.parse` (the values a user types:
decimals, subscripted names, LaTeX, juxtaposition, ``?``, computed at once):
a claim must stay a tree the prover can reason about, with integer literals
only, ``//``, ``%``, functions and comparisons.  So the number part of the
language is parsed by :func:`parse_number_expression`, and
:func:`symtconv.core.parse.parse_expression` is the other language's.

The language:

* integer literals, variables (identifiers), parentheses;
* ``+ - *``, ``/`` (exact rational division), ``//`` and ``%`` (floor
  division and modulo with Python's semantics, also for negative divisors),
  ``^`` or ``**`` with a literal exponent 0..64;
* ``floor(x)``, ``ceiling(x)`` (or ``ceil``), ``Mod(a, b)`` (or ``mod``, same
  as ``a % b``), ``min(a, b, ...)``, ``max(a, b, ...)``, ``abs(x)``;
* the counting functions ``gcd(a, b)``, ``taps(k, s, d, r)`` (the taps
  ``0 <= t < k`` with ``t*d = r (mod s)``), ``min_taps(k, s, d)`` and
  ``max_taps(k, s, d)`` (:mod:`.counting`): a claim that uses one is checked
  on a box, never proved for all integers;
* ``conv_out(i, k, s=1, p=0, d=1)``: the forward output size
  ``floor((i + 2p - d(k-1) - 1)/s) + 1``, and ``tconv_out(i, k, s=1, p=0,
  d=1, op=0)``: the transposed output size ``(i-1)s - 2p + d(k-1) + op + 1``.
  Arguments are positional in that order or keywords (``s=2``); asymmetric
  padding is written with the keywords ``p_lo=`` and ``p_hi=`` (both, instead
  of ``p``): ``conv_out(i, k, s, p_lo=1, p_hi=2)``;
* comparisons ``== != < <= > >=`` (chains like ``0 <= r < s`` as in Python),
  combined with ``not``, ``and``, ``or``, ``implies`` and ``iff`` (loosest).

Examples:
    >>> from symtconv.prover.language import compile_node, variables
    >>> tree = parse_claim("conv_out(i, 3, s=2, p=1) == (i + 1) // 2")
    >>> print(tree)
    conv_out(i, 3, 2, 1) == (i + 1) // 2
    >>> variables(tree)
    ('i',)
    >>> compile_node(tree)({"i": 7})
    True
    >>> to_sympy(parse_number_expression("conv_out(i, k)"))
    i - k + 1
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sympy

from ...core.lexer import Parser, Token, TokenTable, clip
from ...core.shapes import OP, P_HI, P_LO, D, I, K, P, S, conv_size_expr, tconv_size_expr
from ...errors import ParseError
from .counting import COUNTING
from .syntax import (
    SIZE_PARAMS,
    BinOp,
    BoolConst,
    Compare,
    Func,
    Logic,
    Neg,
    Node,
    Num,
    SizeCall,
    Var,
    children,
    expect_kind,
    kind_of,
    text,
)

__all__ = [
    "FUNCTIONS",
    "MAX_EXPONENT",
    "parse_claim",
    "parse_number_expression",
    "symbol",
    "to_sympy",
]

#: Largest literal exponent accepted after ``^`` / ``**``.
MAX_EXPONENT = 64
_MAX_TEXT = 10_000
_MAX_TOKENS = 2_000
_MAX_NESTING = 25  # parentheses, unary signs, not
_MAX_TREE_DEPTH = 100
_MAX_DIGITS = 100

#: Plain functions: name -> (canonical name, minimum arguments, maximum arguments or None).
FUNCTIONS: dict[str, tuple[str, int, int | None]] = {
    "floor": ("floor", 1, 1),
    "ceiling": ("ceiling", 1, 1),
    "ceil": ("ceiling", 1, 1),
    "Mod": ("Mod", 2, 2),
    "mod": ("Mod", 2, 2),
    "min": ("min", 2, None),
    "max": ("max", 2, None),
    "abs": ("abs", 1, 1),
    # counting functions (checked on a box only; see .counting)
    "gcd": ("gcd", 2, 2),
    "taps": ("taps", 4, 4),
    "min_taps": ("min_taps", 3, 3),
    "max_taps": ("max_taps", 3, 3),
}

_KEYWORDS = {"and", "or", "not", "implies", "iff", "true", "false"}

# ----- tokens -------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>//|\*\*|==|!=|<=|>=|[-+*/%^(),<>=]|[\u2212\u2264\u2265\u2260\u00b7\u00d7])
    """,
    re.VERBOSE,
)
_UNICODE = {
    "\u2212": "-",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2260": "!=",
    "\u00b7": "*",
    "\u00d7": "*",
    "**": "^",
}
_COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")


def _integer_literal(tok: Token, source: str, what: str) -> None:
    """The token rule of the claim language: numbers are integer literals of few digits."""
    if tok.kind != "num":
        return
    if not tok.text.isdigit():
        raise ParseError(
            f"{what}: number {tok.text!r} at position {tok.pos} in {clip(source)}; only integer "
            "literals are accepted (write 1/2 for a fraction)"
        )
    if len(tok.text) > _MAX_DIGITS:
        raise ParseError(
            f"{what}: integer literal of {len(tok.text)} digits at position {tok.pos}; at most "
            f"{_MAX_DIGITS} digits are accepted"
        )


_TABLE = TokenTable(
    _TOKEN,
    "integers, names, + - * / // % ^, comparisons, parentheses and commas",
    spellings=_UNICODE,
    rule=_integer_literal,
    max_text=_MAX_TEXT,
    max_tokens=_MAX_TOKENS,
    shorter="write a shorter claim",
)

# ----- the parser ---------------------------------------------------------------------------


class _Parser(Parser):
    """Recursive descent; one method per grammar rule (loosest binding first)."""

    table = _TABLE
    max_depth = _MAX_NESTING

    def hint(self, tok: Token) -> str:
        return " (write == to compare)" if tok.text == "=" else ""

    # claim := implies ('iff' implies)?
    def claim(self) -> Node:
        with self.deeper():
            left = self.implies()
            if self.eat("name", "iff"):
                left = Logic("iff", (left, self.implies()))
        return left

    # implies := or ('implies' implies)?      (right-associative)
    def implies(self) -> Node:
        left = self.disjunction()
        if self.eat("name", "implies"):
            with self.deeper():
                left = Logic("implies", (left, self.implies()))
        return left

    # or := and ('or' and)*
    def disjunction(self) -> Node:
        return self.joined("or", self.conjunction)

    # and := not ('and' not)*
    def conjunction(self) -> Node:
        return self.joined("and", self.negation)

    def joined(self, word: str, operand: Callable[[], Node]) -> Node:
        """``operand (word operand)*``: one operand alone, else their :class:`Logic` ``word``."""
        items = [operand()]
        while self.eat("name", word):
            items.append(operand())
        return items[0] if len(items) == 1 else Logic(word, tuple(items))

    def negation(self) -> Node:
        if self.eat("name", "not"):
            with self.deeper():
                return Logic("not", (self.negation(),))
        return self.comparison()

    def comparison(self) -> Node:
        operands = [self.sum()]
        ops = []
        while self.at_op(*_COMPARISONS):
            ops.append(self.take().text)
            operands.append(self.sum())
        if not ops:
            return operands[0]
        return Compare(tuple(ops), tuple(operands))

    def sum(self) -> Node:
        node = self.product()
        while self.at_op("+", "-"):
            node = BinOp(self.take().text, node, self.product())
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.at_op("*", "/", "//", "%"):
            node = BinOp(self.take().text, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.eat_op("-"):
            with self.deeper():
                return Neg(self.unary())
        if self.eat_op("+"):
            with self.deeper():
                return self.unary()
        return self.power()

    def power(self) -> Node:
        base = self.atom()
        if not self.at_op("^"):
            return base
        pos = self.take().pos
        with self.deeper():
            exponent = self.unary()
        if not isinstance(exponent, Num) or exponent.value > MAX_EXPONENT:
            raise self.error(
                f"exponent {text(exponent)!r} at position {pos} in "
                f"{self.clipped}; only literal exponents 0 to {MAX_EXPONENT} are accepted"
            )
        return BinOp("^", base, exponent)

    def atom(self) -> Node:
        tok = self.tok
        if tok.kind == "num":
            self.take()
            return Num(int(tok.text))
        if tok.kind == "name":
            if tok.text in ("true", "false"):
                self.take()
                return BoolConst(tok.text == "true")
            if tok.text in _KEYWORDS:
                raise self.fail("a number, a name or '('")
            self.take()
            if tok.text in FUNCTIONS or tok.text in SIZE_PARAMS:
                if not self.at_op("("):
                    raise self.error(
                        f"{tok.text!r} at position {tok.pos} is a function; "
                        f"write {tok.text}(...) (in {self.clipped})"
                    )
                return self.call(tok)
            if self.at_op("("):
                raise self.error(
                    f"unknown function {tok.text!r} at position {tok.pos} in "
                    f"{self.clipped}; valid are {', '.join([*FUNCTIONS, *SIZE_PARAMS])}"
                )
            return Var(tok.text)
        if self.eat_op("("):
            node = self.claim()
            self.expect_op(")")
            return node
        raise self.fail("a number, a name or '('")

    def call(self, name: Token) -> Node:
        self.expect_op("(")
        with self.deeper():
            positional, keywords = self.arguments(name)
            self.expect_op(")")
        if name.text in SIZE_PARAMS:
            return self.size_call(name, positional, keywords)
        canonical, low, high = FUNCTIONS[name.text]
        if keywords:
            raise self.error(
                f"{name.text}() takes no keyword arguments (got "
                f"{', '.join(keywords)}) in {self.clipped}"
            )
        count = len(positional)
        if count < low or (high is not None and count > high):
            wanted = f"{low}" if low == high else f"at least {low}"
            raise self.error(
                f"{name.text}() takes {wanted} argument(s), got {count}, in {self.clipped}"
            )
        return Func(canonical, tuple(positional))

    def arguments(self, name: Token) -> tuple[list[Node], dict[str, Node]]:
        """A call's arguments up to its ``)``: positional ones, then ``name=value`` ones."""
        positional: list[Node] = []
        keywords: dict[str, Node] = {}
        if self.at_op(")"):
            return positional, keywords
        while True:
            if self.at("name") and self.peek().text == "=":
                key = self.take()
                self.take()
                if key.text in keywords:
                    raise self.error(
                        f"{name.text}(): argument {key.text!r} given twice in {self.clipped}"
                    )
                keywords[key.text] = self.claim()
            else:
                if keywords:
                    raise self.fail("a keyword argument (name=value) after keyword arguments")
                positional.append(self.claim())
            if not self.eat_op(","):
                return positional, keywords

    def size_call(self, name: Token, positional: list[Node], keywords: dict[str, Node]) -> Node:
        order, defaults = SIZE_PARAMS[name.text]
        valid = (*order, "p_lo", "p_hi")
        where = f"in {self.clipped}"
        if len(positional) > len(order):
            raise self.error(
                f"{name.text}() takes at most {len(order)} positional arguments "
                f"({', '.join(order)}), got {len(positional)}, {where}"
            )
        given: dict[str, Node] = dict(zip(order, positional, strict=False))
        for key, value in keywords.items():
            if key not in valid:
                raise self.error(
                    f"{name.text}() has no parameter {key!r}; valid are {', '.join(valid)}, {where}"
                )
            if key in given:
                raise self.error(f"{name.text}() got {key!r} twice, {where}")
            given[key] = value
        for key in ("i", "k"):
            if key not in given:
                raise self.error(f"{name.text}() needs the argument {key!r}, {where}")
        asym = [key for key in ("p_lo", "p_hi") if key in given]
        if asym and "p" in given:
            raise self.error(
                f"{name.text}() got both p and {asym[0]}; give p (symmetric) or "
                f"both p_lo and p_hi, {where}"
            )
        if len(asym) == 1:
            raise self.error(
                f"{name.text}() got {asym[0]} alone; asymmetric padding needs "
                f"both p_lo and p_hi, {where}"
            )
        params: list[tuple[str, Node]] = []
        for key in order:
            if key == "p" and asym:
                params += [("p_lo", given["p_lo"]), ("p_hi", given["p_hi"])]
            else:
                params.append((key, given.get(key, Num(defaults.get(key, 0)))))
        return SizeCall(name.text, tuple(params))


def _parse(source: str, what: str) -> Node:
    if not isinstance(source, str):
        raise ParseError(f"{what}: got {type(source).__name__}; expected text")
    _TABLE.check_length(source, what)  # before the blank test: a long blank text is too long
    if not source.strip():
        raise ParseError(f"{what}: got an empty text; expected a condition such as a == b")
    parser = _Parser(source, what)
    node = parser.claim()
    parser.done("an operator or the end of the text")
    if _depth(node) > _MAX_TREE_DEPTH:
        raise ParseError(
            f"{what}: the expression is more than {_MAX_TREE_DEPTH} operations deep in "
            f"{clip(source)}; write a shorter claim"
        )
    if _power_product(node) > MAX_EXPONENT:
        raise ParseError(
            f"{what}: powers of powers in {clip(source)} multiply their exponents to more than "
            f"{MAX_EXPONENT} (e.g. (x^8)^16 is x^128); at most {MAX_EXPONENT} is accepted"
        )
    return node


def _power_product(node: Node) -> int:
    """The largest product of the exponents of nested powers (the base of a power inside
    another's), computed without recursion."""
    largest, stack = 1, [(node, 1)]
    while stack:
        current, product = stack.pop()
        if isinstance(current, BinOp) and current.op == "^" and isinstance(current.right, Num):
            product *= max(current.right.value, 1)
            largest = max(largest, product)
            stack.append((current.left, product))
            continue
        stack.extend((child, product) for child in children(current))
    return largest


def _depth(node: Node) -> int:
    """Depth of the tree, computed without recursion."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        current, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children(current))
    return deepest


def parse_claim(source: str, what: str = "claim") -> Node:
    """Parse a condition (a claim or an assumption) into a checked tree.

    Args:
        source: the text, e.g. ``"conv_out(i, k) == i - k + 1"``.
        what: the name used in error messages.

    Raises:
        ParseError: not a well-formed, well-typed condition of the language.

    Examples:
        >>> parse_claim("0 <= r < s")
        Compare(ops=('<=', '<'), operands=(Num(value=0), Var(name='r'), Var(name='s')))
    """
    node = _parse(source, what)
    expect_kind(node, "bool", what, source)
    return node


def parse_number_expression(source: str, what: str = "expression") -> Node:
    """Parse an integer or rational expression (no comparison at the top).

    Raises:
        ParseError: not a well-formed, well-typed expression.
    """
    node = _parse(source, what)
    if kind_of(node, what, source) == "bool":
        raise ParseError(f"{what}: expected a number expression, got the condition {clip(source)}")
    return node


# ----- SymPy --------------------------------------------------------------------------------


def symbol(name: str) -> sympy.Symbol:
    """The SymPy symbol of a claim variable (an integer)."""
    return sympy.Symbol(name, integer=True)


def _size_sympy(call: SizeCall, args: dict[str, sympy.Expr]) -> sympy.Expr:
    """The call's size through :mod:`symtconv.core.shapes`' formulas (substituted)."""
    symmetric = call.symmetric
    expr = conv_size_expr(symmetric) if call.name == "conv_out" else tconv_size_expr(symmetric)
    subs = {I: args["i"], K: args["k"], S: args["s"], D: args["d"]}
    if symmetric:
        subs[P] = args["p"]
    else:
        subs[P_LO], subs[P_HI] = args["p_lo"], args["p_hi"]
    if call.name == "tconv_out":
        subs[OP] = args["op"]
    return expr.xreplace(subs)


def to_sympy(node: Node) -> sympy.Expr:
    """The SymPy expression of a number expression (integer symbols).

    ``//`` becomes ``floor(a/b)``, ``%`` and ``Mod`` SymPy's ``Mod`` (Python's
    semantics), and size calls the formulas of :mod:`symtconv.core.shapes`.

    Raises:
        TypeError: ``node`` is a condition (use the boolean structure instead).
    """
    if isinstance(node, Num):
        return sympy.Integer(node.value)
    if isinstance(node, Var):
        return symbol(node.name)
    if isinstance(node, Neg):
        return -to_sympy(node.arg)
    if isinstance(node, BinOp):
        a, b = to_sympy(node.left), to_sympy(node.right)
        if node.op == "+":
            return a + b
        if node.op == "-":
            return a - b
        if node.op == "*":
            return a * b
        if node.op == "/":
            return a / b
        if node.op == "//":
            return sympy.floor(a / b)
        if node.op == "%":
            return sympy.Mod(a, b)
        return a ** int(b)
    if isinstance(node, Func):
        args = [to_sympy(a) for a in node.args]
        table: dict[str, Callable[..., sympy.Expr]] = {
            "floor": sympy.floor,
            "ceiling": sympy.ceiling,
            "Mod": sympy.Mod,
            "min": sympy.Min,
            "max": sympy.Max,
            "abs": sympy.Abs,
        }
        if node.name in COUNTING:  # no closed form on purpose: an undefined function
            return sympy.Function(node.name)(*args)
        return table[node.name](*args)
    if isinstance(node, SizeCall):
        return _size_sympy(node, {k: to_sympy(v) for k, v in node.params})
    raise TypeError(f"to_sympy: {text(node)!r} is a condition, not a number expression")
