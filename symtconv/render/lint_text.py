"""Text (like a compiler's) and plain data of a lint report
(:class:`~symtconv.linter.report.LintReport`).

Text: one block per finding, ``file:line:column: severity kind: message``, then
the claimed and the expected value and the evidence, indented; then the summary
line.  Everything that comes from the document is clipped and its control
characters escaped.  Data (and JSON): ``findings`` (``line``, ``column``,
``severity``, ``kind``, ``message``, ``claimed``, ``expected``, ``evidence``, and
more per kind), ``checked`` (every claim checked, with its ``line``, ``kind`` and
``status``) and ``summary``.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from ..results import writer
from .lint_phrases import phrase

if TYPE_CHECKING:
    from ..linter.blocks import Location
    from ..linter.report import Finding, LintReport, Message

__all__ = ["lint_data", "lint_json", "lint_text", "safe"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MAX = 300


def safe(text: str, limit: int = _MAX) -> str:
    """Text from a document, fit to print: control characters escaped, clipped.

    Examples:
        >>> safe("a\\x1b[31mred")
        'a\\\\x1b[31mred'
    """
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text.replace("\n", " "))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _where(name: str, loc: Location) -> str:
    cell = f"cell {loc.cell}:" if loc.cell else ""
    return f"{safe(name, 200)}:{cell}{loc.line}:{loc.column}"


def _say(m: Message, lang: str) -> str:
    return safe(phrase(m.code, lang, m.mapping()), 600)


def _finding_lines(report: LintReport, f: Finding, lang: str) -> list[str]:
    severity = phrase(f"severity_{f.severity}", lang, {})
    lines = [f"{_where(report.name, f.loc)}: {severity} {f.kind}: {_say(f.message, lang)}"]
    if f.claimed is not None:
        lines.append(f"    {phrase('claimed', lang, {})}: {safe(f.claimed)}")
    if f.expected is not None:
        lines.append(f"    {phrase('expected', lang, {})}: {safe(f.expected)}")
    for e in f.evidence:
        lines.append(f"    {_say(e, lang)}")
    if f.kind == "misconception":
        for code in ("misconception_correction", "misconception_command"):
            key = "reference" if code.endswith("correction") else "command"
            if f.message.get(key):
                lines.append(f"    {safe(phrase(code, lang, f.message.mapping()), 400)}")
    return lines


def _summary(report: LintReport) -> dict[str, int]:
    counts = report.statuses()
    return {
        "claims_checked": len(report.checked),
        "correct": counts.get("correct", 0),
        "wrong": counts.get("wrong", 0),
        "not_understood": counts.get("not understood", 0),
        "errors": report.errors,
        "warnings": report.warnings,
        "notes": report.notes,
        "worked_examples": report.problems,
    }


@writer("LintReport", "text")
def lint_text(report: LintReport, lang: str = "en") -> str:
    """The report as text: the findings, then the summary line."""
    lines: list[str] = []
    for f in report.findings:
        lines.extend(_finding_lines(report, f, lang))
    s = _summary(report)
    lines.append(
        phrase(
            "summary",
            lang,
            {
                "name": safe(report.name, 200),
                "checked": str(s["claims_checked"]),
                "correct": str(s["correct"]),
                "wrong": str(s["wrong"]),
                "unknown": str(s["not_understood"]),
                "errors": str(s["errors"]),
                "warnings": str(s["warnings"]),
                "notes": str(s["notes"]),
            },
        )
    )
    return "\n".join(lines)


def _loc(loc: Location) -> dict[str, Any]:
    out: dict[str, Any] = {"line": loc.line, "column": loc.column}
    if loc.cell:
        out["cell"] = loc.cell
    return out


@writer("LintReport", "data")
def lint_data(report: LintReport, lang: str = "en") -> dict[str, Any]:
    """Plain data for JSON (messages in ``lang``)."""
    findings = []
    for f in report.findings:
        entry: dict[str, Any] = {
            **_loc(f.loc),
            "severity": f.severity,
            "kind": f.kind,
            "code": f.message.code,
            "message": phrase(f.message.code, lang, f.message.mapping()),
            "claimed": f.claimed,
            "expected": f.expected,
            "evidence": [phrase(e.code, lang, e.mapping()) for e in f.evidence],
        }
        entry.update({k: v for k, v in f.data.items() if k not in entry})
        findings.append(entry)
    checked = [
        {
            **_loc(c.loc),
            "kind": c.kind,
            "status": c.status,
            "what": phrase(c.what.code, lang, c.what.mapping()),
        }
        for c in report.checked
    ]
    return {
        "file": report.name,
        "format": report.doc_kind,
        "findings": findings,
        "checked": checked,
        "summary": _summary(report),
    }


@writer("LintReport", "json")
def lint_json(report: LintReport, indent: int | None = 2, lang: str = "en") -> str:
    """The plain data as JSON text."""
    return json.dumps(lint_data(report, lang), indent=indent, ensure_ascii=False)
