"""Reading a document to lint: a file (or text), its kind, and the limits on it.

A document is untrusted input: it is read as UTF-8 text of at most
:data:`MAX_BYTES` bytes, never executed, and its kind (Markdown, LaTeX, a
Jupyter notebook) comes from the file's extension or, for text given
directly, from what it looks like.  A missing, unreadable, binary or too large
file is one error naming the file and what is wrong.

Examples:
    >>> doc = read_document("Stride $s = 2$.")
    >>> doc.kind, doc.name
    ('markdown', '<text>')
    >>> read_document(r"\\documentclass{article}").kind
    'latex'
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.lexer import clip
from ..core.limits import MAX_DIGITS
from ..errors import ParseError, SpecError, TooLargeError

__all__ = [
    "EXTENSIONS",
    "KINDS",
    "MAX_BYTES",
    "MAX_NESTING",
    "MAX_NESTING_WORK",
    "Document",
    "read_document",
]

#: Largest document read, in bytes.
MAX_BYTES = 2_000_000
#: Deepest nesting of braces and LaTeX environments read (deeper is no document a person
#: writes, and it would exhaust the readers' recursion).
MAX_NESTING = 100
#: The most nesting work a document may ask of the readers: the sum, over every opening
#: brace, of the number of braces open around it.  Reading nested braces costs about that
#: much (30 equations of 2^{2^{...}} nested 99 deep, 148,500 units: 2.3 s), so a document
#: of many deep nestings is refused before any reader runs instead of reading for minutes;
#: ordinary documents, whose braces are one to three deep, stay far below it.
MAX_NESTING_WORK = 1_500_000
#: File extension -> the kind of document.
EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".tex": "latex",
    ".ipynb": "notebook",
}
#: The kinds of document (the readers of :mod:`symtconv.linter.readers`).
KINDS = ("markdown", "latex", "notebook")


@dataclass(frozen=True)
class Document:
    """A document's text and kind.

    Attributes:
        name: the file name as given, or ``<text>``.
        kind: ``markdown``, ``latex`` or ``notebook``.
        text: the whole text.
    """

    name: str
    kind: str
    text: str


def _sniff(text: str) -> str:
    head = text.lstrip()[:2000]
    if head.startswith("{") and '"cells"' in text[:200_000]:
        return "notebook"
    if "\\documentclass" in head or "\\begin{document}" in text or "\\section{" in head:
        return "latex"
    return "markdown"


def _looks_like_a_path(source: str) -> bool:
    if "\n" in source or len(source) > 4096:
        return False
    return os.path.exists(source) or Path(source).suffix.lower() in EXTENSIONS


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:1_000_000]:
        raise ParseError(f"file: {name!r} is binary (it has NUL bytes); expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"file: {name!r} is not UTF-8 text (byte {exc.start}: {exc.reason}); "
            "expected a UTF-8 Markdown, LaTeX or notebook file"
        ) from None


_DIGITS = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")
_NESTING = re.compile(r"\\begin\s*\{|\\end\s*\{|(?<!\\)[{}]")


def _check_text(text: str, name: str) -> str:
    """The text, unless it holds a number or a nesting no reader should take on.

    Raises:
        ParseError: a number of more than :data:`~symtconv.core.limits.MAX_DIGITS` digits,
            or braces and environments nested more than :data:`MAX_NESTING` deep.
        TooLargeError: more nesting work than :data:`MAX_NESTING_WORK`.
    """
    long = _DIGITS.search(text)
    if long is not None:
        line = text.count("\n", 0, long.start()) + 1
        digits = len(re.match(r"\d+", text[long.start() :]).group())  # type: ignore[union-attr]
        raise ParseError(
            f"file: {clip(name)} line {line} has a number of {digits} digits; at most "
            f"{MAX_DIGITS} digits are read"
        )
    depth = braces = work = 0
    for m in _NESTING.finditer(text):
        token = m.group()
        # a brace opens a level, an environment another; \end{ closes its environment and
        # opens its name's brace
        step = {"{": 1, "}": -1}.get(token, 2 if token.startswith("\\begin") else 0)
        depth = max(0, depth + step)
        if token == "{":
            work += braces
            braces += 1
        elif token == "}":
            braces = max(0, braces - 1)
        if work > MAX_NESTING_WORK:
            line = text.count("\n", 0, m.start()) + 1
            raise TooLargeError(
                f"file: {clip(name)}: by line {line} its braces ask more than "
                f"{MAX_NESTING_WORK:,} units of nesting work (the sum, over every brace, of "
                "the braces open around it); documents with less are linted"
            )
        if depth > MAX_NESTING:
            line = text.count("\n", 0, m.start()) + 1
            raise ParseError(
                f"file: {clip(name)} line {line}: braces or environments nested more than "
                f"{MAX_NESTING} levels deep; at most {MAX_NESTING} are read"
            )
    return text


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise SpecError(f"kind: got {kind!r}; valid kinds are {', '.join(KINDS)}")
    return kind


def read_document(
    source: str | os.PathLike[str], kind: str | None = None, max_bytes: int | None = None
) -> Document:
    """Read a document from a path or from its text.

    Args:
        source: a path (a ``PathLike``, or a one-line string naming a file or ending in
            ``.md``, ``.tex`` or ``.ipynb``), or the document's text.
        kind: ``markdown``, ``latex`` or ``notebook`` (default: from the extension, or
            from what the text looks like).
        max_bytes: the largest document read (default :data:`MAX_BYTES`).

    Raises:
        SpecError: a missing or unreadable file, or an unknown kind.
        ParseError: a binary or non-UTF-8 file.
        TooLargeError: a document over ``max_bytes``.
    """
    if kind is not None:
        _check_kind(kind)
    if max_bytes is None:
        max_bytes = MAX_BYTES
    if isinstance(source, os.PathLike) or (isinstance(source, str) and _looks_like_a_path(source)):
        path = Path(source)
        name = str(source)
        try:
            size = path.stat().st_size
            if path.is_dir():
                raise SpecError(f"file: {name!r} is a directory; expected a document")
            if size > max_bytes:
                raise TooLargeError(
                    f"file: {name!r} has {size} bytes; documents of at most {max_bytes} "
                    "bytes are linted"
                )
            data = path.read_bytes()
        except OSError as exc:
            raise SpecError(f"file: cannot read {name!r}: {exc.strerror}") from None
        text = _check_text(_decode(data, name), name)
        found = EXTENSIONS.get(path.suffix.lower())
        return Document(name, kind or found or _sniff(text), text)
    if not isinstance(source, str):
        raise SpecError(
            f"document: got a {type(source).__name__}; expected a path or the document's text"
        )
    if len(source.encode("utf-8", "replace")) > max_bytes:
        raise TooLargeError(
            f"document: the text has more than {max_bytes} bytes; documents of at most "
            f"{max_bytes} bytes are linted"
        )
    if "\x00" in source:
        raise ParseError(f"document: the text has NUL characters ({clip(source)})")
    return Document("<text>", kind or _sniff(source), _check_text(source, "<text>"))
