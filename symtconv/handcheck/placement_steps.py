"""Checking claimed placements ("steps") one by one, to find the first wrong step.

Each claimed step is compared with the correct placement of its input element
(:func:`symtconv.handcheck.placement.placements`): the element's value, the offset
``at`` (``q*s - p_lo`` per dimension), the block (value times kernel) and the
running sum (the placements so far, added, cropped to the output).  A wrong
field is matched with the mistakes whose placements give the claimed one.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from ..core.operands import entry_name, input_names_axes, json_value
from ..engine.derivation import Derivation
from ..errors import SpecError
from .answers import StepClaim, resolve, resolve_value
from .compare import Comparator
from .mistakes import MISTAKES, correct_plan
from .placement import place, placements
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
    spec = d.spec
    if not spec.transposed:
        raise SpecError(
            "claimed_steps: placements exist only for a transposed convolution; "
            "drop --forward or check the output instead"
        )
    axes = input_names_axes(spec)
    elements = list(np.ndindex(*spec.input_shape))
    lead = len(spec.input_shape) - axes
    plan = correct_plan(spec)
    others = [
        (n, p)
        for n, m in MISTAKES.items()
        if (p := m.plan(spec)) is not None and p.mode == "scatter"
    ]
    placed: list[tuple[int, ...]] = []
    wrong = []

    def block_of(p: Any) -> np.ndarray:
        return p.block[0] if d.compact else p.block

    for step in steps:
        where = f"claimed_steps step {step.number}"
        issues = []
        if step.input is not None:
            if len(step.input) != axes or not all(
                0 <= v < n for v, n in zip(step.input, spec.input_shape[lead:], strict=True)
            ):
                raise SpecError(
                    f"{where} 'input': got {list(step.input)}; must be {axes} index(es) within "
                    f"the input shape {list(spec.input_shape[lead:])} (0-based)"
                )
            element = (0,) * lead + step.input
        elif step.number <= len(elements):
            element = elements[step.number - 1]
        else:
            raise SpecError(
                f"{where}: the input has only {len(elements)} elements; give 'input' or fewer steps"
            )
        name = entry_name("x", element[lead:])
        if element in placed:
            issues.append(StepIssue("input", name, f"an element not yet placed ({name} was)"))
        else:
            placed.append(element)
        right = placements(plan, d.x, d.w, spec.groups, [element])[0]
        if step.value is not None:
            value = cmp.canon(resolve_value(step.value, names, f"{where} 'value'"))
            if not cmp.same(value, cmp.canon(d.x[element])):
                issues.append(StepIssue("value", json_value(value), json_value(d.x[element])))
        if step.at is not None and step.at != right.at:
            causes = tuple(
                n
                for n, p in others
                if placements(p, d.x, d.w, spec.groups, [element])[0].at == step.at
            )
            issues.append(StepIssue("at", list(step.at), list(right.at), causes))
        if step.block is not None:
            claimed = resolve(step.block, names, f"{where} 'block'")
            want = block_of(right)
            if not _same_array(claimed, want, cmp):
                causes = tuple(
                    n
                    for n, p in others
                    if _same_array(
                        claimed, block_of(placements(p, d.x, d.w, spec.groups, [element])[0]), cmp
                    )
                )
                issues.append(StepIssue("block", _plain(claimed), _plain(want), causes))
        if step.sum is not None:
            claimed = resolve(step.sum, names, f"{where} 'sum'")
            want = shown(d, place(plan, d.x, d.w, None, spec.groups, placed))
            if not _same_array(claimed, want, cmp):
                causes = tuple(
                    n
                    for n, p in others
                    if _same_array(
                        claimed, shown(d, place(p, d.x, d.w, None, spec.groups, placed)), cmp
                    )
                )
                issues.append(StepIssue("sum", _plain(claimed), _plain(want), causes))
        if issues:
            wrong.append(StepResult(step.number, name, tuple(issues)))
    missing = tuple(entry_name("x", e[lead:]) for e in elements if e not in placed)
    return StepsCheck(checked=len(steps), wrong=tuple(wrong), missing=missing)
