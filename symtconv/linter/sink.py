"""Where the checks put what they find and what they checked, and how they compare values.

Examples:
    >>> from symtconv.linter.blocks import Location
    >>> sink = Sink()
    >>> sink.checked(Location(0, 3, 1), "arithmetic", "correct", "arithmetic_ok", text="1 + 1 = 2")
    >>> sink.find(Location(0, 4, 1), "error", "arithmetic", "arithmetic_wrong", claimed="4")
    >>> [c.status for c in sink.checks], [f.severity for f in sink.findings]
    (['correct'], ['error'])
    >>> same(sympy.Rational(1, 3), sympy.Float("0.33"), places=2), same(1, 2)
    (True, False)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from ..handcheck.compare import Comparator
from .blocks import Location
from .report import Checked, Finding, Message

__all__ = ["Sink", "same", "show", "tolerance_for"]

#: Most findings kept for one document (the rest are counted in a note).
MAX_FINDINGS = 500


class Sink:
    """The findings and checks of one document, in the order they were made."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.checks: list[Checked] = []
        self.dropped = 0

    def find(
        self,
        loc: Location,
        severity: str,
        kind: str,
        code: str,
        /,
        *,
        claimed: Any = None,
        expected: Any = None,
        evidence: tuple[Message, ...] | list[Message] = (),
        data: dict[str, Any] | None = None,
        **args: Any,
    ) -> None:
        """Record a finding (and, for an error about a claim, the claim as wrong)."""
        if len(self.findings) >= MAX_FINDINGS:
            self.dropped += 1
            return
        if claimed is not None:
            args.setdefault("claimed", show(claimed))
        if expected is not None:
            args.setdefault("expected", show(expected))
        self.findings.append(
            Finding(
                loc,
                severity,
                kind,
                Message.of(code, **args),
                None if claimed is None else show(claimed),
                None if expected is None else show(expected),
                tuple(evidence),
                dict(data or {}),
            )
        )

    def checked(self, loc: Location, kind: str, status: str, code: str, /, **args: Any) -> None:
        """Record a claim checked."""
        self.checks.append(Checked(loc, kind, status, Message.of(code, **args)))


def tolerance_for(places: int) -> float:
    """Half a unit of the last decimal written (exact comparison for integers)."""
    return 0.5 * 10.0 ** (-places) + 1e-12 if places else 1e-9


def same(a: Any, b: Any, places: int = 0) -> bool:
    """Whether two values agree (exactly; to the decimals written where one is a decimal)."""
    try:
        sa, sb = sympy.sympify(a), sympy.sympify(b)
    except (sympy.SympifyError, TypeError):
        return False
    if sa.is_number and sb.is_number:
        if sa.has(sympy.Float) or sb.has(sympy.Float):
            tol = tolerance_for(places) if places else 1e-9 * max(1.0, abs(float(sb)))
            return bool(abs(float(sa - sb)) <= tol)
        return bool(sa == sb)
    cmp = Comparator(tolerance_for(places))
    return cmp.same(cmp.canon(sa), cmp.canon(sb))


def show(value: Any) -> str:
    """A value as short text: numbers, shapes (``3x3``), matrices as nested lists."""
    if isinstance(value, str):
        return value
    if isinstance(value, tuple) and all(isinstance(v, int) for v in value):
        return "x".join(str(v) for v in value)
    if isinstance(value, np.ndarray):
        return str(_plain(value.tolist()))
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, sympy.Integer):
        return int(value)
    if isinstance(value, sympy.Float):
        return float(value)
    if isinstance(value, sympy.Basic):
        return _Raw(str(value))
    return value


class _Raw:
    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text
