"""One side of a formula as a tree: numbers, names, matrices, operators (LaTeX or plain text).

The side of an equation in a document is LaTeX (``(2 - 1) \\cdot 1 + 2``,
``\\text{Input size} - 1``, ``C^{\\mathsf T} \\operatorname{vec}(x)``,
``\\begin{bmatrix} 1 & 2 \\end{bmatrix}^{\\mathsf T}``) or plain text
(``(2 − 1) × 1 + 2``).  A tokenizer and a small recursive-descent parser turn it
into a tree of the frozen dataclasses below; nothing is evaluated as Python, the
text is never handed to ``sympify``, and what the parser does not know becomes an
:class:`Unknown` leaf (the side is then "not understood", never guessed).
:mod:`symtconv.linter.values` gives the tree its meanings (a number, a shape, a
matrix, a size formula in the claim language, a name).

Examples:
    >>> parse_side(r"2 \\times x")
    Bin(op='times', left=Num(value=Fraction(2, 1), places=0), right=Sym(base='x', ...))
    >>> parse_side(r"C^{\\mathsf T}")
    Sym(base='C', sub='', sup='T', accent='', word=False, prime=0)
    >>> parse_side(r"\\frac{\\text{Input size} - 1}{s}").__class__.__name__
    'Frac'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from .latex_split import top_level

__all__ = [
    "MAX_SIDE",
    "Accent",
    "Bin",
    "Call",
    "Ceil",
    "Floor",
    "Frac",
    "Mat",
    "Neg",
    "Node",
    "Num",
    "Pow",
    "Sym",
    "Under",
    "Unknown",
    "find_environment",
    "norm_script",
    "parse_side",
]

#: Longest side parsed (characters); longer ones are not understood.
MAX_SIDE = 20_000
_MAX_DEPTH = 40


@dataclass(frozen=True)
class Num:
    """A number as written; ``places``: digits after the decimal point (0 for an integer)."""

    value: Fraction
    places: int = 0


@dataclass(frozen=True)
class Sym:
    """A name: ``x_{0,1}``, ``C^{\\mathsf T}``, ``\\tilde{x}``, ``\\text{Input size}``, ``o'``.

    Attributes:
        base: the letter(s), a Greek name, or a word (``Input size``).
        sub: the subscript, normalised (``0,1``; ``lo``), or empty.
        sup: the superscript when it is not a power (``T``, ``flip``), or empty.
        accent: ``tilde``, ``hat``, ``bar`` ... or empty.
        word: whether the name is a word (from ``\\text{...}``).
        prime: the number of primes.
    """

    base: str
    sub: str = ""
    sup: str = ""
    accent: str = ""
    word: bool = False
    prime: int = 0


@dataclass(frozen=True)
class Mat:
    """A matrix environment: its cells as written (rows of LaTeX text), and ``^T`` after it."""

    env: str
    cells: tuple[tuple[str, ...], ...]
    transposed: bool = False


@dataclass(frozen=True)
class Bin:
    """``left op right``: op is ``+ - * / times cdot juxt star mod``."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Neg:
    arg: Node


@dataclass(frozen=True)
class Frac:
    num: Node
    den: Node


@dataclass(frozen=True)
class Floor:
    arg: Node


@dataclass(frozen=True)
class Ceil:
    arg: Node


@dataclass(frozen=True)
class Pow:
    base: Node
    exp: Node


@dataclass(frozen=True)
class Call:
    """A function applied: ``vec(x)``, ``max(a, b)``, ``floor(x)`` in plain text."""

    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Accent:
    """An accent on something that is not a plain name (``\\tilde{X}_1`` is a :class:`Sym`)."""

    accent: str
    arg: Node


@dataclass(frozen=True)
class Under:
    """``\\underbrace{body}_{label}`` (the label as written)."""

    body: Node
    label: str


@dataclass(frozen=True)
class Unknown:
    """Something the parser does not know (the side is not understood)."""

    text: str


Node = Num | Sym | Mat | Bin | Neg | Frac | Floor | Ceil | Pow | Call | Accent | Under | Unknown

# ----- tokens -------------------------------------------------------------------------------

_SPACE = re.compile(
    r"\s+|\\[,;:!> ]|~|\\q?quad(?![A-Za-z])|\\(?:display|text|script)style(?![A-Za-z])|"
    r"\\(?:left|right|middle)(?![A-Za-z])|\\[bB]igg?[lr]?(?![A-Za-z])|\\(?:hline|cr)(?![A-Za-z])|"
    r"\\(?:limits|nolimits|displaylimits)(?![A-Za-z])"
)
_STYLED = re.compile(
    r"\\(?P<cmd>text|textrm|textnormal|mathrm|mbox|operatorname\*?|mathit|textit|mathsf|textsf|"
    r"mathbf|textbf|boldsymbol|bm|mathbb|mathcal|mathtt|texttt|mathnormal)\s*\{(?P<body>[^{}]*)\}"
)
_STYLED_LETTER = re.compile(
    r"\\(?:mathsf|mathrm|mathbf|mathit|mathcal|mathbb)\s*(?P<body>[A-Za-z])"
)
#: Commands that only mark what follows (a colour; a box around an entry): skipped, the marked
#: group read as it is.
_COLOR = re.compile(r"\\(?:color|textcolor|colorbox)\s*\{[^{}]*\}|\\boxed(?![A-Za-z])")
_NUM = re.compile(r"(?:\d+(?:\.\d+)?|\.\d+)")
_CMD = re.compile(r"\\[A-Za-z]+")
_OPS = {
    "−": "-",
    "–": "-",
    "×": "\\times",
    "·": "\\cdot",
    "⋅": "\\cdot",
    "∗": "*",
    "÷": "/",
    "⌊": "\\lfloor",
    "⌋": "\\rfloor",
    "⌈": "\\lceil",
    "⌉": "\\rceil",
    "（": "(",
    "）": ")",
    "＋": "+",
    "－": "-",
    "＝": "=",
}
_GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu "
    "xi pi rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma "
    "Phi Psi Omega ell".split()
)
_ACCENTS = frozenset({"tilde", "widetilde", "hat", "widehat", "bar", "overline", "vec", "dot"})
_ELISIONS = frozenset({"cdots", "vdots", "ddots", "ldots", "dots", "hdots"})


@dataclass(frozen=True)
class _Tok:
    kind: str  # num name word cmd op env other end
    text: str
    extra: str = ""


def find_environment(text: str, start: int) -> tuple[str, str, int] | None:
    """At ``text[start:]`` a ``\\begin{env}``: (env, body, end index) with nesting, or None."""
    m = re.compile(r"\\begin\s*\{([^{}]*)\}").match(text, start)
    if not m:
        return None
    env = m.group(1)
    depth, i = 1, m.end()
    pattern = re.compile(r"\\(begin|end)\s*\{" + re.escape(env) + r"\}")
    while True:
        n = pattern.search(text, i)
        if n is None:
            return None
        depth += 1 if n.group(1) == "begin" else -1
        if depth == 0:
            return env, text[m.end() : n.start()], n.end()
        i = n.end()


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        m = _SPACE.match(text, i)
        if m and m.end() > i:
            i = m.end()
            continue
        if text.startswith("\\begin", i):
            found = find_environment(text, i)
            if found is None:
                out.append(_Tok("other", text[i:]))
                break
            env, body, end = found
            out.append(_Tok("env", body, env))
            i = end
            continue
        m = _COLOR.match(text, i)
        if m:
            i = m.end()
            continue
        m = _STYLED.match(text, i) or _STYLED_LETTER.match(text, i)
        if m:
            out.append(
                _Tok("word", " ".join(m.group("body").split()), m.groupdict().get("cmd") or "")
            )
            i = m.end()
            continue
        m = _NUM.match(text, i)
        if m:
            out.append(_Tok("num", m.group()))
            i = m.end()
            continue
        m = _CMD.match(text, i)
        if m:
            out.append(_Tok("cmd", m.group()[1:]))
            i = m.end()
            continue
        if text.startswith("\\{", i) or text.startswith("\\}", i) or text.startswith("\\|", i):
            out.append(_Tok("other", text[i : i + 2]))
            i += 2
            continue
        if ch.isascii() and ch.isalpha():
            out.append(_Tok("name", ch))
        elif "\u4e00" <= ch <= "\u9fff":
            m = re.compile(r"[\u4e00-\u9fff]+").match(text, i)
            assert m is not None
            out.append(_Tok("word", m.group()))
            i = m.end()
            continue
        elif ch in _OPS:
            mapped = _OPS[ch]
            out.append(_Tok("cmd", mapped[1:]) if mapped.startswith("\\") else _Tok("op", mapped))
        elif ch in "+-*/^_()[]{},'|!=<>":
            out.append(_Tok("op", ch))
        else:
            out.append(_Tok("other", ch))
        i += 1
    out.append(_Tok("end", ""))
    return out


def norm_script(text: str) -> str:
    """A sub- or superscript normalised: ``{\\mathrm{lo}}`` -> ``lo``, ``{0, 1}`` -> ``0,1``,
    ``{\\mathsf T}``/``\\top``/``\\intercal`` -> ``T``.

    Examples:
        >>> norm_script(r"{\\mathrm{flip}}"), norm_script("{0, :, :}"), norm_script(r"\\top")
        ('flip', '0,:,:', 'T')
    """
    text = text.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    text = _STYLED.sub(lambda m: m.group("body"), text)
    text = _STYLED_LETTER.sub(lambda m: m.group("body"), text)
    text = re.sub(r"\\(?:top|intercal|mathsf\s*T|sf\s*T)(?![A-Za-z])", "T", text)
    text = re.sub(r"\\[,;:! ]", "", text)
    text = text.replace("{", "").replace("}", "")
    return "".join(text.split())


# ----- the parser ---------------------------------------------------------------------------


class _Unparsable(Exception):
    pass


_STARTS_FACTOR = frozenset({"num", "name", "word", "env"})
_MUL_CMDS = {"cdot": "cdot", "times": "times", "ast": "star", "star": "star", "div": "/"}
_FUNCS = frozenset({"max", "min", "floor", "ceil", "ceiling", "vec", "abs", "mod", "conv", "tconv"})


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.pos = 0
        self.depth = 0

    @property
    def tok(self) -> _Tok:
        return self.toks[self.pos]

    def take(self) -> _Tok:
        tok = self.toks[self.pos]
        self.pos = min(self.pos + 1, len(self.toks) - 1)
        return tok

    def at(self, kind: str, text: str | None = None) -> bool:
        return self.tok.kind == kind and (text is None or self.tok.text == text)

    def expect(self, kind: str, text: str) -> None:
        if not self.at(kind, text):
            raise _Unparsable
        self.take()

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise _Unparsable

    # expr := term (('+'|'-') term)*
    def expr(self) -> Node:
        self.deeper()
        node = self.term()
        while self.at("op", "+") or self.at("op", "-") or self.at("cmd", "pm"):
            op = self.take().text
            if op == "pm":
                raise _Unparsable
            node = Bin(op, node, self.term())
        self.depth -= 1
        return node

    def starts_factor(self) -> bool:
        tok = self.tok
        if tok.kind in _STARTS_FACTOR:
            return True
        if tok.kind == "op":
            return tok.text in "({"
        if tok.kind == "cmd":
            return tok.text in ("frac", "dfrac", "tfrac", "lfloor", "lceil", "underbrace") or (
                tok.text in _GREEK or tok.text in _ACCENTS or tok.text in _FUNCS
            )
        return False

    # term := factor (mulop factor | factor)*
    def term(self) -> Node:
        node = self.factor()
        while True:
            if self.at("op", "*"):
                self.take()
                node = Bin("*", node, self.factor())
            elif self.at("op", "/"):
                self.take()
                node = Bin("/", node, self.factor())
            elif self.tok.kind == "cmd" and self.tok.text in _MUL_CMDS:
                op = _MUL_CMDS[self.take().text]
                node = Bin(op, node, self.factor())
            elif self.at("cmd", "bmod") or self.at("cmd", "mod"):
                self.take()
                node = Bin("mod", node, self.factor())
            elif self.starts_factor():
                node = Bin("juxt", node, self.factor())
            else:
                return node

    # factor := ('-'|'+') factor | postfix
    def factor(self) -> Node:
        if self.at("op", "-"):
            self.take()
            self.deeper()
            node: Node = Neg(self.factor())
            self.depth -= 1
            return node
        if self.at("op", "+"):
            self.take()
            return self.factor()
        return self.postfix()

    def script(self) -> str:
        """The raw text of a sub/superscript: a braced group or one token."""
        tok = self.take()
        if tok.kind == "op" and tok.text == "{":
            depth, parts = 1, []
            while True:
                t = self.take()
                if t.kind == "end":
                    raise _Unparsable
                if t.kind == "op" and t.text == "{":
                    depth += 1
                elif t.kind == "op" and t.text == "}":
                    depth -= 1
                    if depth == 0:
                        break
                parts.append(_raw(t))
            return "".join(parts)
        if tok.kind in ("end",):
            raise _Unparsable
        return _raw(tok)

    def postfix(self) -> Node:
        node = self.atom()
        while True:
            if self.at("op", "_"):
                self.take()
                sub = norm_script(self.script())
                node = _with_sub(node, sub)
            elif self.at("op", "^"):
                self.take()
                raw = self.script()
                sup = norm_script(raw)
                if re.fullmatch(r"-?\d+", sup):
                    node = Pow(node, Num(Fraction(int(sup))))
                elif isinstance(node, (Sym, Mat)) or sup in ("T",):
                    node = _with_sup(node, sup)
                else:
                    node = Pow(node, _Parser(raw).whole())
            elif self.at("op", "'"):
                self.take()
                node = (
                    Sym(node.base, node.sub, node.sup, node.accent, node.word, node.prime + 1)
                    if isinstance(node, Sym)
                    else node
                )
            else:
                return node

    def group(self, opening: str, closing: str) -> Node:
        self.expect("op", opening)
        self.deeper()
        node = self.expr()
        self.depth -= 1
        self.expect("op", closing)
        return node

    def braced(self) -> Node:
        if self.at("op", "{"):
            return self.group("{", "}")
        return self.postfix_atom_only()

    def postfix_atom_only(self) -> Node:
        return self.atom()

    def atom(self) -> Node:
        tok = self.tok
        if tok.kind == "num":
            self.take()
            places = len(tok.text.split(".", 1)[1]) if "." in tok.text else 0
            return Num(Fraction(tok.text), places)
        if tok.kind == "name":
            self.take()
            if self.at("op", "(") and tok.text in ("f", "g"):
                raise _Unparsable
            return Sym(tok.text)
        if tok.kind == "word":
            self.take()
            name = tok.text
            if tok.extra.startswith("operatorname") or name in _FUNCS:
                if self.at("op", "("):
                    return Call(name, self.arguments())
            return Sym(name, word=len(name) > 1 or tok.extra in ("text", "textrm", "mbox"))
        if tok.kind == "env":
            self.take()
            return _matrix(tok.extra, tok.text)
        if tok.kind == "op" and tok.text == "(":
            return self.group("(", ")")
        if tok.kind == "op" and tok.text == "{":
            return self.group("{", "}")
        if tok.kind == "op" and tok.text == "[":
            return self.group("[", "]")
        if tok.kind == "cmd":
            return self.command()
        raise _Unparsable

    def arguments(self) -> tuple[Node, ...]:
        self.expect("op", "(")
        args = [self.expr()]
        while self.at("op", ","):
            self.take()
            args.append(self.expr())
        self.expect("op", ")")
        return tuple(args)

    def command(self) -> Node:
        name = self.take().text
        if name in ("frac", "dfrac", "tfrac"):
            num = self.braced()
            return Frac(num, self.braced())
        if name == "lfloor":
            node = self.expr()
            self.expect("cmd", "rfloor")
            return Floor(node)
        if name == "lceil":
            node = self.expr()
            self.expect("cmd", "rceil")
            return Ceil(node)
        if name in _ACCENTS:
            arg = self.braced()
            if isinstance(arg, Sym) and not arg.accent:
                return Sym(
                    arg.base, arg.sub, arg.sup, name.replace("wide", ""), arg.word, arg.prime
                )
            return Accent(name.replace("wide", ""), arg)
        if name == "underbrace":
            body = self.braced()
            label = ""
            if self.at("op", "_"):
                self.take()
                label = self.script()
            return Under(body, label)
        if name in _GREEK:
            return Sym(name)
        if name in _FUNCS:
            if self.at("op", "("):
                return Call(name, self.arguments())
            if name in ("max", "min") and self.at("op", "{"):
                return Call(name, (self.group("{", "}"),))
            return Sym(name, word=True)
        if name in _ELISIONS:
            return Unknown("\\" + name)
        raise _Unparsable

    def whole(self) -> Node:
        node = self.expr()
        if not self.at("end"):
            raise _Unparsable
        return node


def _raw(tok: _Tok) -> str:
    if tok.kind == "cmd":
        return "\\" + tok.text + " "
    if tok.kind == "word":
        return tok.text
    if tok.kind == "env":
        return f"\\begin{{{tok.extra}}}{tok.text}\\end{{{tok.extra}}}"
    return tok.text


def _with_sub(node: Node, sub: str) -> Node:
    if isinstance(node, Sym) and not node.sub:
        return Sym(node.base, sub, node.sup, node.accent, node.word, node.prime)
    if isinstance(node, Call):
        return Call(node.name + "_" + sub, node.args)
    return Bin("sub", node, Sym(sub))


def _with_sup(node: Node, sup: str) -> Node:
    if isinstance(node, Mat) and sup == "T":
        return Mat(node.env, node.cells, not node.transposed)
    if isinstance(node, Sym) and not node.sup:
        return Sym(node.base, node.sub, sup, node.accent, node.word, node.prime)
    if sup == "T":
        return Bin("transpose", node, Sym("T"))
    raise _Unparsable


_MATRIX_ENVS = frozenset(
    {"bmatrix", "pmatrix", "matrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "array"}
)


def _matrix(env: str, body: str) -> Node:
    if env not in _MATRIX_ENVS:
        return Unknown(f"\\begin{{{env}}}")
    if env == "array":
        body = re.sub(r"^\s*\{[^{}]*\}", "", body)
    rows: list[list[str]] = [[]]
    depths = dict(top_level(body))
    start = 0
    i = 0
    while i < len(body):
        if depths.get(i, 1) == 0 and body.startswith("\\\\", i):
            rows[-1].append(body[start:i])
            m = re.compile(r"\\\\(?:\s*\[[^\]]*\])?").match(body, i)
            i = m.end() if m else i + 2
            start = i
            rows.append([])
            continue
        if depths.get(i, 1) == 0 and body[i] == "&" and (i == 0 or body[i - 1] != "\\"):
            rows[-1].append(body[start:i])
            start = i + 1
        i += 1
    rows[-1].append(body[start:])
    cells = tuple(
        tuple(c.strip() for c in row)
        for row in rows
        if any(c.strip() and c.strip() != "\\hline" for c in row)
    )
    return Mat(env, cells)


def parse_side(text: str) -> Node:
    """The tree of one side of an equation (an :class:`Unknown` when it cannot be read).

    Examples:
        >>> parse_side(r"\\sum_q x_q")
        Unknown(text='\\\\sum_q x_q')
    """
    stripped = text.strip()
    while stripped[-1:] in (".", ",", ";", "。", "，", "；") and not stripped.endswith("\\,"):
        stripped = stripped[:-1].rstrip()
    if not stripped or len(stripped) > MAX_SIDE:
        return Unknown(stripped[:80])
    try:
        return _Parser(stripped).whole()
    except (_Unparsable, RecursionError, ValueError, ZeroDivisionError):
        return Unknown(stripped[:200])
