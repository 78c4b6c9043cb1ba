"""What symtconv's two small languages share: tokens, a table-driven tokenizer, a parser base.

The matrix and expression text of :mod:`symtconv.core.parse` and the claim
language of :mod:`symtconv.prover.language.parser` are each a
:class:`TokenTable` (a regular expression with one named group per token
kind, the operators' other spellings, the language's own token rules) and a
:class:`Parser` subclass with one method per grammar rule.  This module holds
the rest: the :class:`Token`, the tokenizer, and the parser base with
``tok``/``peek``/``take``/``eat``/``expect_op``, the nesting limit and the
error messages, so both languages fail the same way.  Nothing here evaluates
text: a parser builds its values or its tree from the tokens alone.

Examples:
    >>> table = TokenTable(re.compile(r"(?P<ws>\\s+)|(?P<num>\\d+)|(?P<op>[-+]|\\u2212)"),
    ...                    "digits, + -", spellings={"\\u2212": "-"})
    >>> [(t.kind, t.text) for t in table.tokens("1 \\u2212 2", "sum")]
    [('num', '1'), ('op', '-'), ('num', '2'), ('end', '')]
    >>> table.tokens("1 * 2", "sum")
    Traceback (most recent call last):
    ...
    symtconv.errors.ParseError: sum: unexpected character '*' at position 2 in ...; valid are ...
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import ClassVar

from ..errors import ParseError

__all__ = ["Parser", "Token", "TokenTable", "clip"]


def clip(source: str, n: int = 60) -> str:
    """A text shortened for an error message, quoted.

    Examples:
        >>> clip("a  +\\n b"), clip("x" * 80)[-6:]
        ("'a + b'", "x...'")
    """
    source = " ".join(source.split())
    return repr(source if len(source) <= n else source[: n - 3] + "...")


@dataclass(frozen=True)
class Token:
    """One token: its kind (a group name of the table, ``"op"`` or ``"end"``), text, position."""

    kind: str
    text: str
    pos: int


#: A language's own rule for a token (raises :class:`ParseError`): ``rule(token, source, what)``.
TokenRule = Callable[[Token, str, str], None]


@dataclass(frozen=True)
class TokenTable:
    """A language's tokens: what the tokenizer matches, respells and refuses.

    Attributes:
        pattern: one named group per token kind, tried in order at each
            position; the group ``ws`` is skipped.
        valid: what the language accepts, named in the unexpected-character message.
        spellings: another spelling of an operator (a character, a LaTeX
            command) -> the operator; such a token becomes an ``op`` token.
        rule: the language's own check of each token, before it is respelled.
        max_text: the longest text accepted (characters), or ``None``.
        max_tokens: the most tokens accepted, or ``None``.
        shorter: the advice after "more than max_tokens tokens".
    """

    pattern: re.Pattern[str]
    valid: str
    spellings: Mapping[str, str] = field(default_factory=dict)
    rule: TokenRule | None = None
    max_text: int | None = None
    max_tokens: int | None = None
    shorter: str = "write a shorter text"

    def check_length(self, source: str, what: str) -> None:
        """Refuse a text longer than :attr:`max_text`.

        Raises:
            ParseError: naming the length and the limit.
        """
        if self.max_text is not None and len(source) > self.max_text:
            raise ParseError(
                f"{what}: text of {len(source)} characters; at most {self.max_text} accepted"
            )

    def tokens(self, source: str, what: str) -> list[Token]:
        """The tokens of ``source``, ending with an ``end`` token at its length.

        Raises:
            ParseError: a text too long, a character no group matches, a token
                the language's rule refuses, or too many tokens.
        """
        self.check_length(source, what)
        out: list[Token] = []
        pos = 0
        while pos < len(source):
            m = self.pattern.match(source, pos)
            if not m:
                raise ParseError(
                    f"{what}: unexpected character {source[pos]!r} at position {pos} in "
                    f"{clip(source)}; valid are {self.valid}"
                )
            pos = m.end()
            kind = m.lastgroup or ""
            if kind == "ws":
                continue
            token = Token(kind, m.group(), m.start())
            if self.rule is not None:
                self.rule(token, source, what)
            if token.text in self.spellings:
                token = Token("op", self.spellings[token.text], token.pos)
            out.append(token)
            if self.max_tokens is not None and len(out) > self.max_tokens:
                raise ParseError(
                    f"{what}: more than {self.max_tokens} tokens in {clip(source)}; {self.shorter}"
                )
        out.append(Token("end", "", len(source)))
        return out


class Parser:
    """Recursive descent over one text's tokens; a subclass adds the grammar rules.

    Subclasses set :attr:`table` and :attr:`max_depth`, and may override
    :meth:`hint` (a remark after "found ..." in :meth:`fail`).

    Attributes:
        source: the text being parsed.
        what: the name used in error messages.
        toks: its tokens; ``i`` indexes the current one.
        depth: the current nesting (see :meth:`deeper`).
    """

    table: ClassVar[TokenTable]
    max_depth: ClassVar[int]

    def __init__(self, source: str, what: str) -> None:
        self.source = source
        self.what = what
        self.toks = self.table.tokens(source, what)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        """The current token."""
        return self.toks[self.i]

    def peek(self, ahead: int = 1) -> Token:
        """The token ``ahead`` places after the current one (the end token past the end)."""
        return self.toks[min(self.i + ahead, len(self.toks) - 1)]

    def take(self) -> Token:
        """The current token; moves on to the next."""
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def at(self, kind: str, *texts: str) -> bool:
        """Whether the current token is of ``kind`` (and one of ``texts``, if given)."""
        return self.tok.kind == kind and (not texts or self.tok.text in texts)

    def at_op(self, *texts: str) -> bool:
        """Whether the current token is one of the operators ``texts``."""
        return self.at("op", *texts)

    def eat(self, kind: str, text: str) -> bool:
        """Take the current token if it is ``text`` of ``kind``; say whether it was."""
        if self.at(kind, text):
            self.i += 1
            return True
        return False

    def eat_op(self, text: str) -> bool:
        """Take the current token if it is the operator ``text``; say whether it was."""
        return self.eat("op", text)

    def expect_op(self, text: str) -> None:
        """Take the operator ``text``.

        Raises:
            ParseError: the current token is something else.
        """
        if not self.eat_op(text):
            raise self.fail(repr(text))

    @contextmanager
    def deeper(self) -> Iterator[None]:
        """One nesting level more for the rule inside (parentheses, lists, signs, ``not``).

        Raises:
            ParseError: more than :attr:`max_depth` levels.
        """
        self.depth += 1
        if self.depth > self.max_depth:
            raise self.error(f"nested more than {self.max_depth} levels deep in {self.clipped}")
        yield
        self.depth -= 1

    @property
    def clipped(self) -> str:
        """The text, shortened and quoted for an error message."""
        return clip(self.source)

    def error(self, message: str) -> ParseError:
        """A :class:`ParseError` ``"{what}: {message}"``."""
        return ParseError(f"{self.what}: {message}")

    def hint(self, tok: Token) -> str:
        """A remark on the unexpected token ``tok`` for :meth:`fail` (none by default)."""
        return ""

    def fail(self, expected: str) -> ParseError:
        """The error for an unexpected current token: what was expected, where, what was found."""
        tok = self.tok
        found = "the end of the text" if tok.kind == "end" else repr(tok.text)
        return self.error(
            f"expected {expected} at position {tok.pos}, found {found}{self.hint(tok)}, "
            f"in {self.clipped}"
        )

    def done(self, expected: str = "the end of the text") -> None:
        """Require the end of the text.

        Raises:
            ParseError: tokens are left (``expected`` says what could have come instead).
        """
        if self.tok.kind != "end":
            raise self.fail(expected)
