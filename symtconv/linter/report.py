"""The result of :func:`symtconv.lint`: findings, what was checked, a summary.

A :class:`Finding` is one problem found (an error, a warning or a note) at a
place, with its kind, its message, the claimed and the expected value, and the
evidence; a :class:`Checked` is one claim checked (correct, wrong, or not
understood).  Messages are :class:`Message` s (a stable code and its
arguments), put into words in the chosen language by the writers in
:mod:`symtconv.render.lint_text` (text like a compiler, JSON).  Every value that
comes from the document is clipped and kept as data; the writers escape it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..results import Result, writer_for
from .blocks import Location

__all__ = ["KINDS", "SEVERITIES", "STATUSES", "Checked", "Finding", "LintReport", "Message"]

#: The severities, most serious first.
SEVERITIES = ("error", "warning", "note")
#: The kinds of finding and of claim checked.
KINDS = (
    "example",
    "step",
    "label",
    "arithmetic",
    "formula",
    "misconception",
    "framework",
    "parameter",
    "reader",
)
#: The outcomes of a claim checked.
STATUSES = ("correct", "wrong", "not understood")


@dataclass(frozen=True)
class Message:
    """A sentence to put into words: its code (a key of the phrase table) and arguments.

    Examples:
        >>> Message.of("arithmetic_wrong", claimed="4", expected="3").get("claimed")
        '4'
    """

    code: str
    args: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, code: str, **args: Any) -> Message:
        """A message with its arguments as text."""
        return cls(code, tuple((k, str(v)) for k, v in args.items()))

    def get(self, name: str, default: str = "") -> str:
        return dict(self.args).get(name, default)

    def mapping(self) -> dict[str, str]:
        return dict(self.args)


@dataclass(frozen=True)
class Finding:
    """One thing found.

    Attributes:
        loc: where.
        severity: ``error``, ``warning`` or ``note``.
        kind: one of :data:`KINDS`.
        message: what.
        claimed: what the document says (text), if it says a value.
        expected: what is right (text), if known.
        evidence: how we know (the terms of an entry, a counterexample, ...).
        data: more, for the JSON (e.g. ``mistake``, ``counterexample``, ``misconception``).
    """

    loc: Location
    severity: str
    kind: str
    message: Message
    claimed: str | None = None
    expected: str | None = None
    evidence: tuple[Message, ...] = ()
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Checked:
    """One claim checked: where, what kind, the outcome, and what it was."""

    loc: Location
    kind: str
    status: str
    what: Message


@dataclass(frozen=True, eq=False)
class LintReport(Result):
    """The findings and the checks of one document.

    Attributes:
        name: the document's name (``<text>`` for text).
        doc_kind: ``markdown``, ``latex`` or ``notebook``.
        findings: in document order (errors, warnings, notes).
        checked: every claim checked, in document order.
        problems: how many worked examples were found.
    """

    name: str
    doc_kind: str
    findings: tuple[Finding, ...]
    checked: tuple[Checked, ...]
    problems: int = 0

    def count(self, severity: str) -> int:
        """How many findings of a severity."""
        return sum(f.severity == severity for f in self.findings)

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")

    @property
    def notes(self) -> int:
        return self.count("note")

    @property
    def ok(self) -> bool:
        """No error (warnings and notes allowed)."""
        return self.errors == 0

    @property
    def clean(self) -> bool:
        """No error and no warning."""
        return self.errors == 0 and self.warnings == 0

    def statuses(self) -> Counter[str]:
        """How many claims checked ended in each status."""
        return Counter(c.status for c in self.checked)

    def by_kind(self, kind: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == kind)

    def text(self, lang: str = "en") -> str:
        """The report as text, like a compiler's (``lang``: en or zh)."""
        return str(writer_for(self, "text")(self, lang=lang))

    def __repr__(self) -> str:
        return (
            f"<LintReport {self.name}: {self.errors} error(s), {self.warnings} warning(s), "
            f"{self.notes} note(s); {len(self.checked)} claim(s) checked>"
        )
