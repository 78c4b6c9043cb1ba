"""Checking claimed placements ("steps") one by one, to find the first wrong step.

Each claimed step is compared with the correct placement of its input element
(:func:`symtconv.handcheck.placement.placements`): the element's value, the offset
``at`` (``q*s - p_lo`` per dimension), the block (value times kernel) and the
running sum (the placements so far, added, cropped to the output).  A wrong
field is matched with the mistakes whose placements give the claimed one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import sympy

from ..core.operands import entry_name, input_names_axes, json_value
from ..engine.derivation import Derivation
from ..errors import SpecError
from .answers import StepClaim, resolve, resolve_value
from .compare import Comparator
from .mistakes import MISTAKES, correct_plan
from .placement import Placement, Plan, place, placements
from .report import StepIssue, StepResult, StepsCheck

__all__ = ["check_steps", "shown"]


def shown(d: Derivation, full: np.ndarray) -> np.ndarray:
    """A full-layout output as the derivation shows it (spatial only when compact)."""
    return full.reshape(full.shape[1:]) if d.compact else full


def _plain(arr: np.ndarray) -> Any:
    return np.vectorize(json_value, otypes=[object])(arr).tolist()


def _same_array(claim: np.ndarray, want: np.ndarray, cmp: Comparator) -> bool:
    return claim.shape == want.shape and all(
        v is None or cmp.same(cmp.canon(v), cmp.canon(want[i])) for i, v in np.ndenumerate(claim)
    )


def check_steps(
    d: Derivation, steps: list[StepClaim], names: dict[sympy.Symbol, sympy.Expr], cmp: Comparator
) -> StepsCheck:
    """Check claimed placements one by one against the correct ones, in order.

    Args:
        d: the derivation (a transposed convolution).
        steps: the claimed steps.
        names: the derivation's names (``x_{..}``, ...) and their values.
        cmp: compares the values.

    Raises:
        SpecError: a forward convolution, a step's input index outside the input,
            more steps than input elements.
    """
    if not d.spec.transposed:
        raise SpecError(
            "claimed_steps: placements exist only for a transposed convolution; "
            "drop --forward or check the output instead"
        )
    checker = _StepChecker(d, names, cmp)
    wrong = [result for step in steps if (result := checker.check(step)) is not None]
    return StepsCheck(checked=len(steps), wrong=tuple(wrong), missing=checker.missing())


class _StepChecker:
    """Claimed steps checked in order against the correct placements (and the mistakes')."""

    def __init__(
        self, d: Derivation, names: dict[sympy.Symbol, sympy.Expr], cmp: Comparator
    ) -> None:
        spec = d.spec
        self.d, self.names, self.cmp = d, names, cmp
        self.axes = input_names_axes(spec)
        self.lead = len(spec.input_shape) - self.axes
        self.elements = list(np.ndindex(*spec.input_shape))
        self.plan = correct_plan(spec)
        self.others = [
            (n, p)
            for n, m in MISTAKES.items()
            if (p := m.plan(spec)) is not None and p.mode == "scatter"
        ]
        self.placed: list[tuple[int, ...]] = []

    def check(self, step: StepClaim) -> StepResult | None:
        """The wrong fields of one step (``None`` when it is right); the step's element
        counts as placed from now on."""
        where = f"claimed_steps step {step.number}"
        element = self._element(step, where)
        name = entry_name("x", element[self.lead :])
        issues: list[StepIssue | None] = []
        if element in self.placed:
            issues.append(StepIssue("input", name, f"an element not yet placed ({name} was)"))
        else:
            self.placed.append(element)
        if step.value is not None:
            issues.append(self._value_issue(step.value, element, where))
        if step.at is not None:
            issues.append(self._at_issue(step.at, element))
        if step.block is not None:
            block = resolve(step.block, self.names, f"{where} 'block'")
            issues.append(self._array_issue("block", block, lambda p: self._block(p, element)))
        if step.sum is not None:
            total = resolve(step.sum, self.names, f"{where} 'sum'")
            issues.append(self._array_issue("sum", total, self._sum))
        found = tuple(issue for issue in issues if issue is not None)
        return StepResult(step.number, name, found) if found else None

    def missing(self) -> tuple[str, ...]:
        """The input elements no step placed."""
        return tuple(entry_name("x", e[self.lead :]) for e in self.elements if e not in self.placed)

    def _element(self, step: StepClaim, where: str) -> tuple[int, ...]:
        """The input element a step places: the one it names, else the next in row-major order.

        Raises:
            SpecError: an index outside the input, or a step past the last element.
        """
        shape = self.d.spec.input_shape[self.lead :]
        if step.input is not None:
            if len(step.input) != self.axes or not all(
                0 <= v < n for v, n in zip(step.input, shape, strict=True)
            ):
                raise SpecError(
                    f"{where} 'input': got {list(step.input)}; must be {self.axes} index(es) "
                    f"within the input shape {list(shape)} (0-based)"
                )
            return (0,) * self.lead + step.input
        if step.number <= len(self.elements):
            return self.elements[step.number - 1]
        raise SpecError(
            f"{where}: the input has only {len(self.elements)} elements; give 'input' or "
            "fewer steps"
        )

    def _value_issue(
        self, claimed: sympy.Expr, element: tuple[int, ...], where: str
    ) -> StepIssue | None:
        value = self.cmp.canon(resolve_value(claimed, self.names, f"{where} 'value'"))
        right = self.d.x[element]
        if self.cmp.same(value, self.cmp.canon(right)):
            return None
        return StepIssue("value", json_value(value), json_value(right))

    def _at_issue(self, claimed: tuple[int, ...], element: tuple[int, ...]) -> StepIssue | None:
        right = self._placement(self.plan, element).at
        if claimed == right:
            return None
        causes = tuple(n for n, p in self.others if self._placement(p, element).at == claimed)
        return StepIssue("at", list(claimed), list(right), causes)

    def _array_issue(
        self, field: str, claimed: np.ndarray, answer: Callable[[Plan], np.ndarray]
    ) -> StepIssue | None:
        """A claimed block or sum against the correct plan's; the mistakes giving the claim."""
        want = answer(self.plan)
        if _same_array(claimed, want, self.cmp):
            return None
        causes = tuple(n for n, p in self.others if _same_array(claimed, answer(p), self.cmp))
        return StepIssue(field, _plain(claimed), _plain(want), causes)

    def _placement(self, plan: Plan, element: tuple[int, ...]) -> Placement:
        d = self.d
        return placements(plan, d.x, d.w, d.spec.groups, [element])[0]

    def _block(self, plan: Plan, element: tuple[int, ...]) -> np.ndarray:
        """The element times the kernel, as the derivation shows it."""
        block = self._placement(plan, element).block
        return block[0] if self.d.compact else block

    def _sum(self, plan: Plan) -> np.ndarray:
        """The placements so far, added and cropped, as the derivation shows it."""
        d = self.d
        return shown(d, place(plan, d.x, d.w, None, d.spec.groups, self.placed))
