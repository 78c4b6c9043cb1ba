"""Checking a worked example: its equations, its steps, its labels, its claims.

For one problem (:mod:`symtconv.linter.problems`), solved:

* every equation goes through :func:`~symtconv.linter.chains.check_equation` (the
  claimed output through the check engine);
* every other matrix is identified as a step of the computation
  (:mod:`symtconv.linter.quantities`): a scaled kernel ``x_q·w``, a placement, a partial
  sum, the canvas, the zero-inserted input, C, ... -- or reported as matching no step
  (with what it resembles: two partial sums stacked, a step with a few wrong entries);
* a step with a label (``the fourth element (3)``) is checked against it: the label's
  value against the element, the block against the element times the kernel;
* blocks drawn side by side and summed (``[1 0] + [2 0] = [1 2 0]``) are checked as
  placements: the blocks are elements times the kernel, the sum is their placement;
* claims about one output element (``The element at (1,0) of the output is 3``).
"""

from __future__ import annotations

import re

import numpy as np
import sympy

from ..core.operands import entry_name
from .chains import check_equation, interpret
from .context import Context
from .items import Entry, Equation, Label, MatrixRef
from .problems import Problem, Solved, stated_parameters
from .quantities import Quantities, Quantity
from .report import Message
from .sink import same, show

__all__ = ["check_problem", "check_unsolved"]

_STEP_NAMES = {
    "input": "the input",
    "kernel": "the kernel",
    "output": "the output",
}


def _grid_is(ref: MatrixRef, value: np.ndarray) -> bool:
    want = value if value.ndim == 2 else value.reshape(1, -1) if value.ndim == 1 else None
    if want is None:
        return False
    if ref.grid.matches(want, lambda a, b: same(a, b, ref.grid.places)):
        return True
    if value.ndim == 1:
        return ref.grid.matches(value.reshape(-1, 1), lambda a, b: same(a, b, ref.grid.places))
    return False


def _identify(ref: MatrixRef, quantities: list[Quantity]) -> Quantity | None:
    arr = ref.grid.array()
    for q in quantities:
        v = q.value
        if v.ndim > 2:
            continue
        if arr is not None:
            shape = arr.shape
            if v.ndim == 2 and v.shape != shape:
                continue
            if v.ndim == 1 and v.size != arr.size:
                continue
        if _grid_is(ref, v):
            return q
    return None


def _nearest(ref: MatrixRef, quantities: list[Quantity]) -> tuple[Quantity, int] | None:
    arr = ref.grid.array()
    if arr is None:
        return None
    best: tuple[Quantity, int] | None = None
    for q in quantities:
        if q.value.shape != arr.shape:
            continue
        wrong = sum(
            not same(a, b, ref.grid.places) for a, b in zip(arr.flat, q.value.flat, strict=True)
        )
        if 0 < wrong <= max(1, arr.size // 4) and (best is None or wrong < best[1]):
            best = (q, wrong)
    return best


def _stacked(ref: MatrixRef, quantities: list[Quantity]) -> tuple[Quantity, Quantity] | None:
    """A matrix that is two steps stacked (rows of one above the other's)."""
    arr = ref.grid.array()
    if arr is None or arr.ndim != 2:
        return None
    for cut in range(1, arr.shape[0]):
        top, bottom = arr[:cut], arr[cut:]
        a = next(
            (
                q
                for q in quantities
                if q.name in ("partial", "placed", "scaled")
                and q.value.shape == top.shape
                and _all_same(q.value, top)
            ),
            None,
        )
        b = next(
            (
                q
                for q in quantities
                if q.name in ("partial", "placed", "scaled")
                and q.value.shape == bottom.shape
                and _all_same(q.value, bottom)
            ),
            None,
        )
        if a is not None and b is not None:
            return a, b
    return None


def _all_same(a: np.ndarray, b: np.ndarray) -> bool:
    return all(same(u, v) for u, v in zip(a.flat, b.flat, strict=True))


def _labels_for(problem: Problem) -> dict[int, Label]:
    """Each element label -> the first matrix after it (before the next label)."""
    out: dict[int, Label] = {}
    items = problem.items
    for n, item in enumerate(items):
        if not isinstance(item, Label):
            continue
        for later in items[n + 1 :]:
            if isinstance(later, Label):
                break
            if isinstance(later, Equation) and later.matrices:
                out[id(later.matrices[0])] = item
                break
    return out


def _under_element(label: str) -> tuple[int, ...] | None:
    m = re.search(r"x_\{?([0-9,]+)\}?", label)
    if not m:
        return None
    return tuple(int(v) for v in m.group(1).split(","))


def _check_label(ref: MatrixRef, label: Label, ctx: Context, q: Quantities) -> None:
    sink = ctx.sink
    order = list(np.ndindex(*q.x.shape))
    ordinal = label.label.ordinal
    n = len(order) if ordinal is None else ordinal
    ctx.used.add(id(ref))
    if not 1 <= n <= len(order):
        sink.find(label.loc, "error", "label", "label_outside", ordinal=n, count=len(order))
        return
    index = order[n - 1]
    element = q.x[index]
    said = sympy.Rational(label.label.value.numerator, label.label.value.denominator)
    block = _expand(q.w * element)
    arr = ref.grid.array()
    shown_value = _which_multiple(arr, q.w) if arr is not None else None
    name = entry_name("x", index)
    if not same(said, element):
        evidence = (
            [Message.of("evidence_label_block", block=show(arr), value=shown_value)]
            if shown_value is not None
            else []
        )
        sink.find(
            label.loc,
            "error",
            "label",
            "label_wrong",
            claimed=said,
            expected=element,
            evidence=evidence,
            ordinal=n,
            name=name,
            label=label.label.text,
            block_value="" if shown_value is None else str(shown_value),
        )
        sink.checked(label.loc, "label", "wrong", "label_ok", label=label.label.text)
    else:
        sink.checked(label.loc, "label", "correct", "label_ok", label=label.label.text)
    if arr is None:
        return
    if _grid_is(ref, block):
        sink.checked(ref.loc, "step", "correct", "step_ok", step=f"{name}·w")
    else:
        sink.find(
            ref.loc,
            "error",
            "step",
            "block_wrong",
            claimed=arr,
            expected=block,
            name=name,
            ordinal=n,
        )
        sink.checked(ref.loc, "step", "wrong", "step_ok", step=f"{name}·w")


def _which_multiple(arr: np.ndarray, w: np.ndarray) -> sympy.Expr | None:
    """The value v with ``arr == v·w`` (``None`` if there is none)."""
    if arr.shape != w.shape:
        return None
    pivot = next((n for n, v in enumerate(w.flat) if v != 0), None)
    if pivot is None:
        return None
    v = sympy.nsimplify(sympy.sympify(arr.flat[pivot]) / w.flat[pivot])
    return v if _all_same(arr, _expand(w * v)) else None


def _check_placement_sum(
    eq: Equation, ctx: Context, q: Quantities, quantities: list[Quantity]
) -> bool:
    """``A + B = C`` with blocks of different shapes: blocks placed at their offsets."""
    values = [interpret(s) for s in eq.sides]
    if len(values) != 2 or values[1].kind != "matrix" or not values[1].refs:
        return False
    terms = values[0].refs
    result = values[1].refs[-1]
    arrays = [r.grid.array() for r in terms]
    shapes = {a.shape for a in arrays if a is not None}
    if values[0].kind == "matrix" and values[0].computed == "sum":
        if values[1].array is None or shapes == {values[1].array.shape}:
            return False
    elif values[0].kind != "placement_sum":
        return False
    elements: list[tuple[int, ...]] = []
    scaled = [x for x in quantities if x.name == "scaled" and "dilated" not in x.label]
    for ref in terms:
        ctx.used.add(id(ref))
        found = next(
            (x for x in scaled if x.elements[0] not in elements and _grid_is(ref, x.value)), None
        )
        if found is None:
            ctx.sink.checked(ref.loc, "step", "not understood", "step_unknown")
            return True
        elements.append(found.elements[0])
        ctx.sink.checked(ref.loc, "step", "correct", "step_ok", step=found.label)
    ctx.used.add(id(result))
    key = tuple(sorted(elements))
    want_value = _footprint_sum(q, key)
    label = " + ".join(f"{entry_name('x', e)}·w" for e in key)
    if want_value is not None and _grid_is(result, want_value):
        ctx.sink.checked(result.loc, "step", "correct", "step_ok", step=label)
    else:
        ctx.sink.find(
            result.loc,
            "error",
            "step",
            "placement_wrong",
            claimed=result.grid.array(),
            expected=want_value,
            step=label,
        )
        ctx.sink.checked(result.loc, "step", "wrong", "step_ok", step=label)
    return True


def _footprint_sum(q: Quantities, elements: tuple[tuple[int, ...], ...]) -> np.ndarray | None:
    if not elements:
        return None
    total = sum((q._placed(e) for e in elements[1:]), q._placed(elements[0]))
    return _expand(total[q._footprint(elements)])


def _expand(arr: np.ndarray) -> np.ndarray:
    return np.vectorize(lambda v: sympy.expand(sympy.sympify(v)), otypes=[object])(arr)


def _check_entry(entry: Entry, ctx: Context, q: Quantities) -> None:
    sink = ctx.sink
    index = entry.claim.index
    y = q.y
    value = sympy.Rational(entry.claim.value.numerator, entry.claim.value.denominator)
    fits = len(index) == y.ndim and all(0 <= i < n for i, n in zip(index, y.shape))
    if fits and same(value, y[index]):
        sink.checked(entry.loc, "example", "correct", "entry_ok", name=entry_name("y", index))
        return
    one_based = tuple(i - 1 for i in index)
    if (
        len(index) == y.ndim
        and all(0 <= i < n for i, n in zip(one_based, y.shape))
        and same(value, y[one_based])
        and 0 not in index
    ):
        sink.checked(entry.loc, "example", "correct", "entry_ok", name=entry_name("y", one_based))
        sink.find(entry.loc, "note", "example", "entry_one_based", index=show(index))
        return
    sink.checked(entry.loc, "example", "wrong", "entry_ok", name=entry_name("y", index))
    if not fits:
        sink.find(
            entry.loc,
            "error",
            "example",
            "entry_outside",
            name=entry.claim.text,
            shape=show(y.shape),
        )
        return
    sink.find(
        entry.loc,
        "error",
        "example",
        "entry_wrong",
        claimed=value,
        expected=y[index],
        name=entry_name("y", index),
    )


def check_problem(problem: Problem, solved: Solved, ctx: Context) -> None:
    """Check everything of one solved worked example."""
    q = ctx.q
    assert q is not None
    sink = ctx.sink
    _note_assumptions(solved, ctx)
    quantities = list(q.all())
    labels = _labels_for(problem)
    for item in problem.items:
        if isinstance(item, Equation):
            if _check_placement_sum(item, ctx, q, quantities):
                continue
            check_equation(item, ctx)
        elif isinstance(item, Entry):
            _check_entry(item, ctx, q)
    for ref in (r for item in problem.items if isinstance(item, Equation) for r in item.matrices):
        if id(ref) in ctx.used:
            continue
        if id(ref) in labels:
            _check_label(ref, labels[id(ref)], ctx, q)
            continue
        ctx.used.add(id(ref))
        if ref.under:
            _check_under(ref, ctx, quantities)
            continue
        found = _identify(ref, quantities)
        if found is not None:
            sink.checked(ref.loc, "step", "correct", "step_ok", step=found.label)
            continue
        if not q.compact or not ref.grid.understood:
            sink.checked(ref.loc, "step", "not understood", "step_unknown")
            continue
        evidence = []
        stacked = _stacked(ref, quantities)
        if stacked is not None:
            evidence.append(
                Message.of("evidence_stacked", top=stacked[0].label, bottom=stacked[1].label)
            )
        else:
            near = _nearest(ref, quantities)
            if near is not None:
                evidence.append(Message.of("evidence_nearest", step=near[0].label, wrong=near[1]))
        sink.find(
            ref.loc,
            "warning",
            "step",
            "no_step",
            claimed=ref.grid.array() if ref.grid.array() is not None else ref.text,
            evidence=evidence,
            kind=solved.kind,
        )
        sink.checked(ref.loc, "step", "wrong", "step_unknown")


def _check_under(ref: MatrixRef, ctx: Context, quantities: list[Quantity]) -> None:
    element = _under_element(ref.under)
    placed = [
        x
        for x in quantities
        if x.name == "placed" and (element is None or x.elements == (element,))
    ]
    if any(_grid_is(ref, x.value) for x in placed):
        ctx.sink.checked(ref.loc, "step", "correct", "step_ok", step=f"{ref.under}")
        return
    if element is None or not placed:
        ctx.sink.checked(ref.loc, "step", "not understood", "step_unknown")
        return
    ctx.sink.find(
        ref.loc,
        "error",
        "step",
        "term_wrong",
        claimed=ref.grid.array(),
        expected=placed[0].value,
        step=placed[0].label,
    )
    ctx.sink.checked(ref.loc, "step", "wrong", "step_ok", step=ref.under)


def _note_assumptions(solved: Solved, ctx: Context) -> None:
    if not solved.assumed:
        return
    assumed = ", ".join(f"{k} {v}" for k, v in solved.assumed.items())
    if solved.problem.claim is None:
        code = "assumed_default"
    else:
        code = "assumed_search" if solved.searched else "assumed_nomatch"
    ctx.sink.find(
        solved.problem.loc,
        "note",
        "parameter",
        code,
        assumed=assumed,
        kind=solved.kind,
        data={"assumed": dict(solved.assumed), "stated": dict(solved.stated), "kind": solved.kind},
    )


def check_unsolved(problem: Problem, reason: str, ctx: Context) -> None:
    """A problem that cannot be solved: its arithmetic is still checked (its formulas against
    the parameters it states); a note says why."""
    ctx.sink.find(problem.loc, "note", "example", "unsolved", reason=reason)
    ctx.stated = stated_parameters(problem)
    for item in problem.items:
        if isinstance(item, Equation):
            check_equation(item, ctx)
