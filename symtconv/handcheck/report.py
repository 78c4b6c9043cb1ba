"""The result of :func:`symtconv.check`: plain data that renders itself.

:class:`CheckReport` holds the derivation checked against, the claim, the
wrong entries (:class:`WrongEntry`, each with its :class:`Contribution` s),
what each mistake says (:class:`Finding`), the size and steps checks, and the
likely causes.  Rendering lives in :mod:`symtconv.render`: plain data (of the
report and of each part) in :mod:`~symtconv.render.check_data`, text in
:mod:`~symtconv.render.check_text`, LaTeX in :mod:`~symtconv.render.check_latex`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from ..engine.derivation import Derivation
from ..results import Result, writer_for
from .mistakes import MISTAKES, Mistake

__all__ = [
    "CheckReport",
    "Contribution",
    "Finding",
    "SizeCheck",
    "StepIssue",
    "StepResult",
    "StepsCheck",
    "WrongEntry",
]


class _Part:
    """A part of a check report; its plain data comes from the registered ``data`` writer."""

    def as_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready)."""
        data: dict[str, Any] = writer_for(self, "data")(self)
        return data


@dataclass(frozen=True)
class Contribution(_Part):
    """One product ``input entry * weight tap`` reaching an output entry.

    Attributes:
        input_name: e.g. ``x_{0,0}``.
        weight_name: e.g. ``w_{1,1}``.
        input_value: the input entry (number or symbol).
        weight_value: the weight entry.
        value: their product.
    """

    input_name: str
    weight_name: str
    input_value: sympy.Expr
    weight_value: sympy.Expr
    value: sympy.Expr

    @property
    def product(self) -> str:
        """``x_{..}*w_{..}``."""
        return f"{self.input_name}*{self.weight_name}"


@dataclass(frozen=True)
class WrongEntry(_Part):
    """A claimed entry that differs from the derivation.

    Attributes:
        index: index into the output as shown.
        name: ``y_{..}``.
        claimed: the claimed value (known names replaced by their values).
        expected: the correct value.
        terms: the nonzero contributions that make up ``expected`` (without the bias).
        zero_terms: taps that reach the entry but contribute 0 (a zero weight or input).
        bias: the bias added to the entry, or ``None``.
        kept: when the claim equals the sum of only some of ``terms`` (plus the
            bias): those terms; else ``None``.
        missing: symbolic claims: products in ``expected`` that the claim lacks.
        extra: symbolic claims: products in the claim that ``expected`` lacks.
        written: the claim as written when it named operands whose values were
            put in (e.g. ``x_{0,0}*w_{1,1}``), else ``None``.
    """

    index: tuple[int, ...]
    name: str
    claimed: sympy.Expr
    expected: sympy.Expr
    terms: tuple[Contribution, ...]
    zero_terms: tuple[Contribution, ...]
    bias: sympy.Expr | None = None
    kept: tuple[Contribution, ...] | None = None
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    written: sympy.Expr | None = None


@dataclass(frozen=True)
class Finding(_Part):
    """What one mistake's answer says about a claim.

    Attributes:
        mistake: the identifier.
        description: its one-line description.
        match: ``"exact"`` (reproduces the claim), ``"entries"`` (explains every
            wrong entry), ``"closest"`` (explains some), or ``"shape"`` (only gives
            the claimed shape).
        agrees: how many claimed entries its answer has.
        compared: how many entries were compared.
        explains: the wrong entries it explains.
    """

    mistake: str
    description: str
    match: str
    agrees: int
    compared: int
    explains: tuple[tuple[int, ...], ...] = ()


@dataclass(frozen=True)
class SizeCheck(_Part):
    """A claimed output size against the size formula.

    Attributes:
        claimed: the claimed spatial size.
        expected: the correct spatial size.
        general: the general formula.
        evaluated: the formula with the numbers put in, per dimension.
        causes: mistakes whose answer has the claimed size.
    """

    claimed: tuple[int, ...]
    expected: tuple[int, ...]
    general: str
    evaluated: tuple[str, ...]
    causes: tuple[str, ...]

    @property
    def correct(self) -> bool:
        """Whether the claimed size is right."""
        return self.claimed == self.expected

    @property
    def mistakes(self) -> tuple[Mistake, ...]:
        """The registry's entries of :attr:`causes`."""
        return tuple(MISTAKES[name] for name in self.causes)


@dataclass(frozen=True)
class StepIssue(_Part):
    """One wrong field of a claimed step.

    Attributes:
        field: ``input``, ``value``, ``at``, ``block`` or ``sum``.
        claimed: what was claimed (plain data).
        expected: what is right (plain data).
        causes: mistakes that give the claimed field.
    """

    field: str
    claimed: Any
    expected: Any
    causes: tuple[str, ...] = ()


@dataclass(frozen=True)
class StepResult(_Part):
    """A claimed step with at least one wrong field.

    Attributes:
        number: 1-based step number.
        element: the input element's name (``x_{..}``) the step places.
        issues: the wrong fields.
    """

    number: int
    element: str
    issues: tuple[StepIssue, ...]


@dataclass(frozen=True)
class StepsCheck(_Part):
    """Claimed placements checked one by one.

    Attributes:
        checked: number of steps checked.
        wrong: the wrong steps, in order.
        missing: input elements no step placed.
    """

    checked: int
    wrong: tuple[StepResult, ...]
    missing: tuple[str, ...]

    @property
    def first_wrong(self) -> StepResult | None:
        """The first wrong step, or ``None``."""
        return self.wrong[0] if self.wrong else None

    @property
    def causes(self) -> tuple[str, ...]:
        """Mistakes that explain a field of the first wrong step."""
        first = self.first_wrong
        if first is None:
            return ()
        return tuple(dict.fromkeys(c for issue in first.issues for c in issue.causes))


@dataclass(frozen=True, eq=False)
class CheckReport(Result):
    """The result of :func:`check`: plain data that renders itself.

    Attributes:
        derivation: the correct derivation the claim was checked against.
        claimed: the claimed output (known names replaced by values; ``None``
            entries for ``?``), or ``None`` when no output was claimed.
        entry: the index, when one entry was claimed.
        wrong_entries: the wrong entries in index order.
        checked: number of claimed entries compared.
        unknown: number of ``?`` entries.
        size: the size check, if a size was claimed.
        steps: the steps check, if steps were claimed.
        findings: what the mistakes' answers say about the claimed output.
        likely_causes: identifiers of the likely mistakes (output, size, steps).
        tolerance: the float tolerance.
        floats: whether a float was compared (then ``tolerance`` applied).
    """

    derivation: Derivation
    claimed: np.ndarray | None
    entry: tuple[int, ...] | None
    wrong_entries: tuple[WrongEntry, ...]
    checked: int
    unknown: int
    size: SizeCheck | None
    steps: StepsCheck | None
    findings: tuple[Finding, ...]
    likely_causes: tuple[str, ...]
    tolerance: float
    floats: bool

    @property
    def expected(self) -> np.ndarray:
        """The correct output (object array, shape ``derivation.output_shape``)."""
        return np.array(self.derivation.output.tolist(), dtype=object).reshape(
            self.derivation.output_shape
        )

    @property
    def shape_ok(self) -> bool:
        """Whether the claimed output (if any) has the output's shape."""
        return self.claimed is None or self.claimed.shape == self.expected.shape

    @property
    def correct(self) -> bool:
        """True when every part of the claim is right."""
        output_ok = self.claimed is None or (self.shape_ok and not self.wrong_entries)
        size_ok = self.size is None or self.size.correct
        steps_ok = self.steps is None or not self.steps.wrong
        return output_ok and size_ok and steps_ok

    def to_latex(self, lang: str = "en") -> str:
        """A complete LaTeX document, a correction note to hand back (``lang``: en or zh)."""
        return str(writer_for(self, "latex")(self, lang))

    @property
    def causes(self) -> tuple[Mistake, ...]:
        """The registry's entries of :attr:`likely_causes`, in order."""
        return tuple(MISTAKES[name] for name in self.likely_causes)

    def __repr__(self) -> str:
        verdict = "correct" if self.correct else "wrong"
        return (
            f"<CheckReport {verdict}: {len(self.wrong_entries)} wrong entr"
            f"{'y' if len(self.wrong_entries) == 1 else 'ies'}; "
            f"likely causes {list(self.likely_causes)}>"
        )
