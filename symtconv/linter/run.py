"""``lint``: read a document, find everything that can be checked, check it, report.

The stages: the document is read (:mod:`.source`) and cut into blocks by its
reader (:mod:`.readers`); the blocks give items (:mod:`.extract`); the items are
grouped into worked examples (:mod:`.problems`), each solved and checked
(:mod:`.examples`, :mod:`.chains`, :mod:`.outputs`, :mod:`.formulas`); equations
outside any example are checked as arithmetic and formulas; sentences are matched
against the misconceptions (:mod:`.misconceptions`); code is read for framework
calls (:mod:`.code`).  Nothing in the document is executed.

Examples:
    >>> r = lint("$$ (2 - 1) \\\\times 1 + 2 = 4 $$")
    >>> [(f.severity, f.kind, f.claimed, f.expected) for f in r.findings]
    [('error', 'arithmetic', '4', '3')]
    >>> lint("It is the transpose of $C$, not its inverse.").clean
    True
"""

from __future__ import annotations

import os

from .blocks import Location
from .chains import check_equation
from .code import check_code
from .context import Context
from .examples import check_problem, check_unsolved
from .extract import extract
from .items import Code, Equation, Item, Section, Sentence
from .misconceptions import MISCONCEPTIONS
from .problems import Problem, Unsolvable, group, solve
from .readers import read_blocks
from .report import LintReport
from .sink import Sink
from .source import Document, read_document

__all__ = ["lint", "lint_document"]


def lint(source: str | os.PathLike[str], kind: str | None = None) -> LintReport:
    """Lint a document: a path or the document's text.

    Args:
        source: a path (``.md``, ``.tex``, ``.ipynb``) or the text itself.
        kind: ``markdown``, ``latex`` or ``notebook`` (default: from the extension or
            the text).

    Returns:
        The :class:`~symtconv.linter.report.LintReport`.

    Raises:
        SpecError: a missing or unreadable file.
        ParseError: a binary file, or a notebook that is not one.
        TooLargeError: a document over the size limits.
    """
    return lint_document(read_document(source, kind))


def _sections(items: list[Item]) -> dict[int, str | None]:
    """For each item (by position), the kind of the section it is in."""
    out: dict[int, str | None] = {}
    current: str | None = None
    for n, item in enumerate(items):
        if isinstance(item, Section) and item.kind is not None:
            current = item.kind
        out[n] = current
    return out


def _misconceptions(items: list[Item], sink: Sink) -> None:
    for item in items:
        if not isinstance(item, Sentence):
            continue
        for m in MISCONCEPTIONS.values():
            found = m.match(item.text)
            if found is None:
                continue
            quote = _quote(item.text, found.start(), found.end())
            sink.find(
                item.loc,
                m.severity,
                "misconception",
                "misconception",
                claimed=quote,
                misconception=m.name,
                summary=m.summary,
                summary_zh=m.summary_zh,
                correction=m.correction,
                correction_zh=m.correction_zh,
                reference=m.reference,
                command=m.command,
                data={"misconception": m.name, "reference": m.reference, "command": m.command},
            )
            sink.checked(
                item.loc, "misconception", "wrong", "misconception_found", misconception=m.name
            )


def _quote(text: str, start: int, end: int, around: int = 8, limit: int = 80) -> str:
    """The words of a sentence that state a misconception, with a little context."""
    a, b = max(0, start - around), min(len(text), end + around)
    quote = text[a:b]
    if len(quote) > limit:
        quote = quote[: limit - 3] + "..."
    return ("..." if a > 0 else "") + quote + ("..." if b < len(text) else "")


def lint_document(doc: Document) -> LintReport:
    """Lint a document already read (see :func:`lint`)."""
    sink = Sink()
    items = extract(read_blocks(doc))
    problems = group(items)
    claimed: set[int] = set()
    for problem in problems:
        claimed.update(id(i) for i in problem.items)
        _check(problem, sink)
    sections = _sections(items)
    for n, item in enumerate(items):
        if isinstance(item, Equation) and id(item) not in claimed:
            check_equation(item, Context(sink, None, sections[n]))
        elif isinstance(item, Code):
            check_code(item.block, sink)
    _misconceptions(items, sink)
    if sink.dropped:
        sink.find(Location(0, 1, 1), "note", "reader", "findings_dropped", n=sink.dropped)
    order = {"error": 0, "warning": 1, "note": 2}
    findings = sorted(sink.findings, key=lambda f: (f.loc, order[f.severity]))
    checks = sorted(sink.checks, key=lambda c: c.loc)
    return LintReport(doc.name, doc.kind, tuple(findings), tuple(checks), len(problems))


def _check(problem: Problem, sink: Sink) -> None:
    try:
        solved = solve(problem)
    except Unsolvable as exc:
        check_unsolved(problem, exc.reason, Context(sink, None, problem.section))
        return
    check_problem(problem, solved, Context(sink, solved, problem.section))
