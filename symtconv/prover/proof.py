"""Prove or refute integer claims about convolution sizes, for all integers.

:func:`prove` parses a claim and its assumptions (:mod:`symtconv.prover.language.parser`),
states the implicit domain (:mod:`symtconv.prover.domain`), encodes floor and mod
as ``den*q + r`` and asks z3 whether the negated claim can hold
(:mod:`symtconv.prover.smt`), explains the reduction (:mod:`symtconv.prover.reduction`) and
returns a :class:`Proof` with one of three answers:

* ``"proved"``: z3 found the negation unsatisfiable (the certificate is the
  SMT-LIB query it answered ``unsat``) *and* every assignment in a small box
  of values satisfies the claim when evaluated with plain Python integers;
* ``"disproved"``: a counterexample, re-checked by plain Python evaluation
  (domain, assumptions, and the claim false) before it is reported, with the
  values of both sides;
* ``"unknown"``: neither (nonlinear integer arithmetic is undecidable in
  general; z3 may time out); the reason is given.  Never reported as proved;
* ``"checked"``: the claim uses a counting function (``gcd``, ``taps``,
  ``min_taps``, ``max_taps``: :mod:`symtconv.prover.language.counting`), which
  z3 is not given, and every assignment of the box satisfies it: *checked on a
  box*, not proved for all integers.  (A counterexample there disproves it.)

Examples:
    >>> proof = prove("conv_out(tconv_out(i, k, s, p, d, op), k, s, p, d) == i",
    ...               assume=["op < s"])
    >>> proof.status
    'proved'
    >>> bad = prove("conv_out(tconv_out(i, k, s, p, d, op), k, s, p, d) == i",
    ...             assume=["op < s or op < d"])
    >>> bad.status, bad.counterexample
    ('disproved', {'i': 1, 'k': 1, 's': 1, 'p': 0, 'd': 2, 'op': 1})
"""

from __future__ import annotations

import itertools
import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ..core import cost
from ..core.lexer import clip
from ..errors import EncodingError, SpecError
from ..results import Result, writer_for
from .domain import describe_domain, domain_conditions, lower_bounds
from .language.counting import COUNTING
from .language.evaluate import Program, compile_node
from .language.parser import parse_claim, to_sympy
from .language.syntax import (
    LATEX_COMPARISONS,
    Compare,
    Func,
    Node,
    latex,
    text,
    variables,
    walk,
)
from .language.vectorised import box_outcomes
from .reduction import Step, reduction_steps
from .smt import (
    Encoding,
    SmtResult,
    check_negation,
    encode,
    is_positive,
    size_bound,
    z3_version,
)

__all__ = [
    "BOX_BUDGET",
    "DEFAULT_TIMEOUT",
    "STATUSES",
    "BoxCheck",
    "Certificate",
    "Proof",
    "Side",
    "prove",
]

#: Seconds z3 may spend on one claim before the answer is "unknown".
DEFAULT_TIMEOUT = 10.0
#: Largest number of assignments the exhaustive cross-check evaluates.
BOX_BUDGET = 20_000
_MAX_WIDTH = 16
#: The answers: the three of z3's method, and the box check of a claim with a counting function.
STATUSES = ("proved", "disproved", "unknown", "checked")


@dataclass(frozen=True)
class Certificate:
    """z3's answer ``unsat`` for the negated claim.

    Attributes:
        solver: the solver and its version.
        result: ``"unsat"``.
        seconds: solver time.
        smtlib: the query (domain, assumptions, division facts, negated claim)
            as an SMT-LIB 2 script; ``z3 FILE`` answers ``unsat`` again.
    """

    solver: str
    result: str
    seconds: float
    smtlib: str


@dataclass(frozen=True)
class BoxCheck:
    """Exhaustive evaluation over a small box of integer values.

    Attributes:
        ranges: each variable's inclusive range.
        assignments: how many assignments were evaluated.
        in_domain: how many of them satisfy the domain and the assumptions.
        failure: the first assignment in the domain where the claim is false.
        sampled: True when the box was too large and was sampled (seeded).
    """

    ranges: dict[str, tuple[int, int]]
    assignments: int
    in_domain: int
    failure: dict[str, int] | None
    sampled: bool = False

    def describe(self) -> str:
        """One line: what was checked and the outcome."""
        box = ", ".join(f"{n} in {lo}..{hi}" for n, (lo, hi) in self.ranges.items())
        how = "sampled" if self.sampled else "evaluated"
        outcome = (
            "all satisfy the claim"
            if self.failure is None
            else "the claim fails at " + _assignment(self.failure)
        )
        if not box:
            return f"no variables: evaluated once; {outcome.replace('all satisfy', 'it satisfies')}"
        return (
            f"{self.assignments} assignments {how} in the box {box}: {self.in_domain} in the "
            f"domain and the assumptions; {outcome}"
        )


@dataclass(frozen=True)
class Side:
    """A comparison of the claim evaluated at the counterexample.

    Attributes:
        comparison: the comparison's text.
        ops: its operators (``("==",)``, or ``("<=", "<")`` for a chain).
        operands: ``(expression, value)`` for each side.
        holds: its truth value there.
    """

    comparison: str
    ops: tuple[str, ...]
    operands: tuple[tuple[str, str], ...]
    holds: bool

    def substituted(self) -> str:
        """The comparison with the values put in, e.g. ``2 == 1``."""
        out = self.operands[0][1]
        for op, (_, value) in zip(self.ops, self.operands[1:], strict=True):
            out += f" {op} {value}"
        return out

    def substituted_latex(self) -> str:
        """The same in LaTeX, e.g. ``-\\frac{1}{2} \\le 0``."""
        out = _latex_value(self.operands[0][1])
        for op, (_, value) in zip(self.ops, self.operands[1:], strict=True):
            out += f" {LATEX_COMPARISONS[op]} {_latex_value(value)}"
        return out


def _latex_value(value: str) -> str:
    """A value of :class:`Side` (an integer or a fraction ``"-3/2"``) in LaTeX."""
    if "/" in value:
        num, den = value.split("/")
        sign = "-" if num.startswith("-") else ""
        return f"{sign}\\frac{{{num.lstrip('-')}}}{{{den}}}"
    return value


@dataclass(frozen=True, eq=False)
class Proof(Result):
    """The answer about one claim: proved, disproved or unknown, with its evidence.

    Attributes:
        claim: the claim (canonical text).
        assumptions: the assumptions (canonical text).
        variables: the claim's variables, in order of appearance.
        status: ``"proved"``, ``"disproved"``, ``"unknown"`` or ``"checked"`` (on a
            box only: the claim uses a counting function).
        domain: the implicit domain, as lines of text.
        steps: the readable steps (text and LaTeX).
        counterexample: the variables' values breaking the claim (re-checked), or None.
        sides: the claim's comparisons evaluated at the counterexample.
        certificate: z3's unsat answer (proved only).
        box: the exhaustive cross-check (or counterexample search).
        reason: why the answer is unknown (or how a counterexample was found).
        notes: anything else worth knowing (an inconsistency between the solver
            and the evaluation, a vacuous box).
        seconds: total time.
        latex_claim, latex_assumptions, latex_domain: the same in LaTeX.
    """

    claim: str
    assumptions: tuple[str, ...]
    variables: tuple[str, ...]
    status: str
    domain: tuple[str, ...]
    steps: tuple[Step, ...]
    counterexample: dict[str, int] | None
    sides: tuple[Side, ...]
    certificate: Certificate | None
    box: BoxCheck | None
    reason: str | None
    notes: tuple[str, ...]
    seconds: float
    latex_claim: str
    latex_assumptions: tuple[str, ...]
    latex_domain: tuple[str, ...]

    @property
    def proved(self) -> bool:
        """True when the claim was proved."""
        return self.status == "proved"

    def __repr__(self) -> str:
        return f"<Proof {self.status}: {self.claim}>"

    def to_latex(self) -> str:
        """The proof as a LaTeX ``aligned`` block (math mode)."""
        return str(writer_for(self, "latex")(self))


# ----- evaluation with Python integers --------------------------------------------------------


class _Evaluator:
    """The claim, its assumptions and its domain evaluated with plain Python integers."""

    def __init__(self, claim: Node, assumptions: Sequence[Node], domain: Sequence[Node]) -> None:
        self.claim = claim
        self.guard_nodes = [*domain, *assumptions]
        self.guards = len(self.guard_nodes)
        self.program = Program([*self.guard_nodes, claim])

    def outcome(self, env: dict[str, int]) -> bool | None:
        """None outside the domain or the assumptions, else the claim's truth value."""
        try:
            return self.program.check(env, self.guards)
        except ZeroDivisionError:
            return None

    def admits(self, env: dict[str, int]) -> bool:
        """Whether the assignment is in the domain and satisfies the assumptions."""
        return self.outcome(env) is not None

    def breaks(self, env: dict[str, int]) -> bool:
        """Whether the assignment is admitted and the claim is false there."""
        return self.outcome(env) is False


def _box_ranges(names: Sequence[str], lows: dict[str, int], budget: int) -> dict[str, range]:
    n = len(names)
    width = 2
    while width < _MAX_WIDTH and (width + 1) ** n <= budget:
        width += 1
    out = {}
    for name in names:
        low = lows.get(name, -(width // 2))
        out[name] = range(low, low + width)
    return out


def _box_check(
    names: Sequence[str], lows: dict[str, int], evaluator: _Evaluator, budget: int
) -> BoxCheck:
    """Evaluate every assignment of the box (or a seeded sample when it is too large).

    The failure reported is the smallest one (least ``sum |v|``, then the first
    in enumeration order), so that it does not depend on the solver.
    """
    ranges = _box_ranges(names, lows, budget)
    total = math.prod(len(r) for r in ranges.values())
    sampled = total > budget
    if sampled:
        rng = random.Random(0)
        points: Any = (tuple(rng.choice(ranges[n]) for n in names) for _ in range(budget))
    else:
        points = itertools.product(*ranges.values())
    rows = list(points)
    grid = np.array(rows, dtype=np.int64).reshape(len(rows), len(names))
    outcomes = box_outcomes(evaluator.claim, evaluator.guard_nodes, names, grid)
    if outcomes is None:  # exact rationals needed: one assignment at a time
        outcomes = np.array(
            [
                {None: -1, True: 1, False: 0}[evaluator.outcome(dict(zip(names, row.tolist())))]
                for row in grid
            ],
            dtype=np.int8,
        )
    count, admitted = len(grid), int((outcomes >= 0).sum())
    failure: dict[str, int] | None = None
    failing = np.flatnonzero(outcomes == 0)
    if failing.size:  # the smallest (least sum |v|), the first in enumeration order on ties
        sizes = np.abs(grid[failing]).sum(axis=1)
        row = grid[failing[int(np.argmin(sizes))]]
        failure = dict(zip(names, (int(v) for v in row), strict=True))
    spans = {n: (r.start, r.stop - 1) for n, r in ranges.items()}
    return BoxCheck(spans, count, admitted, failure, sampled)


def _format_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return str(value) if value.denominator != 1 else str(value.numerator)
    return str(value)


def _sides(claim: Node, env: dict[str, int]) -> tuple[Side, ...]:
    out = []
    for node in walk(claim):
        if isinstance(node, Compare):
            operands = tuple((text(o), _format_value(compile_node(o)(env))) for o in node.operands)
            out.append(Side(text(node), node.ops, operands, bool(compile_node(node)(env))))
    return tuple(out)


def _size(env: dict[str, int]) -> int:
    return sum(abs(v) for v in env.values())


def _assignment(env: dict[str, int]) -> str:
    return ", ".join(f"{k} = {v}" for k, v in env.items())


# ----- the prover -------------------------------------------------------------------------------


def _shrink(
    enc: Encoding,
    claim: Node,
    hypotheses: Sequence[Node],
    evaluator: _Evaluator,
    model: dict[str, int],
    budget: float,
) -> dict[str, int]:
    """Ask z3 for counterexamples with smaller ``sum |v|`` (each one re-checked)."""
    best = model
    deadline = time.perf_counter() + budget
    for _ in range(12):
        left = deadline - time.perf_counter()
        if left <= 0.05:
            break
        bound = size_bound(enc, _size(best))
        if not bound:
            break
        result = check_negation(enc, claim, hypotheses, min(1.0, left), bound)
        if result.status != "sat" or result.model is None or not evaluator.breaks(result.model):
            break
        best = result.model
    return best


@dataclass
class _Verdict:
    """The answer and its evidence, before they go into a :class:`Proof`."""

    status: str
    counterexample: dict[str, int] | None = None
    box: BoxCheck | None = None
    reason: str | None = None
    notes: list[str] = field(default_factory=list)


def _decide(
    smt: SmtResult,
    enc: Encoding | None,
    claim: Node,
    hypotheses: Sequence[Node],
    evaluator: _Evaluator,
    names: Sequence[str],
    lows: dict[str, int],
    timeout: float,
    budget: int,
) -> _Verdict:
    """Turn z3's answer into proved / disproved / unknown, checking it by evaluation.

    * unsat: proved only when the box holds no counterexample either;
    * sat: disproved only when the model (or a smaller one from the box)
      really breaks the claim;
    * unknown (or a model that does not break the claim): the box may still
      hold a counterexample; otherwise unknown, with the reason.
    """
    box = _box_check(names, lows, evaluator, budget)
    if smt.status == "unsat":
        return _after_unsat(box, enc, hypotheses)
    model = smt.model if smt.status == "sat" and enc is not None else None
    if model is not None and enc is not None and evaluator.breaks(model):
        if box.failure is not None:
            reason = (
                "z3 found one; shown is the smallest in a box of small values, re-checked "
                "by evaluation with Python integers"
            )
            return _Verdict("disproved", box.failure, box, reason)
        smaller = _shrink(enc, claim, hypotheses, evaluator, model, min(timeout, 2.0))
        reason = "found by z3 and re-checked by evaluation with Python integers"
        return _Verdict("disproved", smaller, box, reason)
    if model is not None:
        why = f"z3's model {model} does not break the claim when evaluated"
        notes = [why + " (an encoding problem; please report it)"]
    else:
        why, notes = f"z3 answered unknown ({smt.reason})", []
    if box.failure is not None:
        reason = f"{why}; found by exhaustive evaluation over a small box"
        return _Verdict("disproved", box.failure, box, reason, notes)
    reason = (
        f"{why}, and no counterexample among {box.assignments} assignments of a small box; "
        "the claim may be true or false"
    )
    return _Verdict("unknown", None, box, reason, notes)


def _after_unsat(box: BoxCheck, enc: Encoding | None, hypotheses: Sequence[Node]) -> _Verdict:
    """z3 answered unsat: proved, unless the box holds a counterexample (then the solver or
    the encoding is wrong); with a note when the proof is vacuous."""
    if box.failure is not None:
        note = (
            "z3 answered unsat, but plain evaluation finds this counterexample: the solver "
            "or the encoding is wrong for this claim (please report it)"
        )
        return _Verdict(
            "disproved", box.failure, box, "found by the exhaustive cross-check", [note]
        )
    verdict = _Verdict("proved", None, box)
    if enc is not None and check_negation(enc, None, hypotheses, 1.0).status == "unsat":
        verdict.notes.append(
            "no integers satisfy the domain and the assumptions together: the claim holds vacuously"
        )
    elif box.in_domain == 0:
        verdict.notes.append(
            "no assignment of the box is in the domain: the cross-check is vacuous"
        )
    return verdict


def _counted(box: BoxCheck, names: Sequence[str], evaluator: _Evaluator) -> _Verdict:
    """The answer about a claim with counting functions: the box alone decides, never "proved"."""
    what = ", ".join(names)
    verb = "is" if len(names) == 1 else "are"
    outside = f"{what} {verb} defined by counting, outside z3's encoding"
    if box.failure is not None and not evaluator.breaks(box.failure):
        note = (
            f"the box's NumPy evaluation finds {_assignment(box.failure)} breaks the claim and "
            "the Python evaluation does not (please report it)"
        )
        reason = f"{outside}, and the two evaluations disagree"
        return _Verdict("unknown", None, box, reason, [note])
    if box.failure is not None:
        return _Verdict(
            "disproved",
            box.failure,
            box,
            f"{outside}; found by exhaustive evaluation over a small box, re-checked with Python "
            "integers",
        )
    verdict = _Verdict(
        "checked",
        None,
        box,
        f"{outside}: every assignment of the box satisfies the claim, which is not proved for "
        "all integers",
    )
    if box.in_domain == 0:
        verdict.notes.append("no assignment of the box is in the domain: the check is vacuous")
    return verdict


def _counting_functions(*nodes: Node) -> tuple[str, ...]:
    """The counting functions a claim or its assumptions use, in order of appearance."""
    found = (
        n.name for node in nodes for n in walk(node) if isinstance(n, Func) and n.name in COUNTING
    )
    return tuple(dict.fromkeys(found))


def _parse_all(claim: str, assume: Sequence[str] | str) -> tuple[Node, list[Node]]:
    if isinstance(assume, str):
        assume = [assume]
    tree = parse_claim(claim, "claim")
    hyps = [parse_claim(a, f"assumption {n}") for n, a in enumerate(assume, start=1)]
    return tree, hyps


def prove(
    claim: str,
    assume: Sequence[str] | str = (),
    *,
    timeout: float = DEFAULT_TIMEOUT,
    box_budget: int = BOX_BUDGET,
    max_terms: int = cost.MAX_TERMS.default,
) -> Proof:
    """Prove a claim for all integers in its domain, or refute it, or say unknown.

    Args:
        claim: a condition in the claim language (see :mod:`symtconv.prover.language.parser`),
            e.g. ``"conv_out(i, k, 1, k // 2) == i"``.
        assume: conditions assumed together (same language), e.g. ``["k % 2 == 1"]``.
        timeout: seconds z3 may spend before the answer is ``"unknown"``.
        box_budget: largest number of assignments of the exhaustive cross-check.
        max_terms: refuse a claim or assumption whose comparisons have more terms than
            this once expanded (``(i + j + k)^64`` has 2,145), counted before anything
            is expanded.

    Returns:
        The :class:`Proof` (its ``status`` is ``"proved"``, ``"disproved"`` or
        ``"unknown"``; ``"checked"`` for a claim with a counting function that holds on
        the whole box).

    Raises:
        ParseError: the claim or an assumption is not in the language.
        SpecError: a literal argument outside the domain (e.g. a stride of 0),
            or an invalid timeout/budget.
        TooLargeError: a comparison with more than ``max_terms`` terms once expanded.
    """
    if not (isinstance(timeout, (int, float)) and 0 < timeout <= 3600):
        raise SpecError(f"timeout: got {timeout!r}; must be a number of seconds in (0, 3600]")
    if isinstance(box_budget, bool) or not isinstance(box_budget, int) or box_budget < 1:
        raise SpecError(f"box_budget: got {box_budget!r}; must be an integer >= 1")
    cost.check_limit(max_terms, cost.MAX_TERMS)
    start = time.perf_counter()
    tree, hyps = _parse_all(claim, assume)
    _check_terms([tree, *hyps], max_terms)
    domain = domain_conditions([tree, *hyps])
    names = variables(tree, *hyps)
    hypotheses = [*domain, *hyps]
    evaluator = _Evaluator(tree, hyps, domain)
    lows = lower_bounds(hypotheses)
    enc: Encoding | None = None
    counted = _counting_functions(tree, *hyps)
    if counted:
        verdict = _counted(_box_check(names, lows, evaluator, box_budget), counted, evaluator)
        return _proof(tree, hyps, names, domain, verdict, (), None, start)
    try:
        enc = encode([tree, *hyps, *domain])
        smt = check_negation(enc, tree, hypotheses, timeout)
        steps = reduction_steps(
            enc, tree, hyps, domain, lambda e: is_positive(enc, e, hypotheses, min(1.0, timeout))
        ).steps
    except EncodingError as exc:
        smt = SmtResult("unknown", None, str(exc), 0.0, "")
        steps = ()
    verdict = _decide(smt, enc, tree, hypotheses, evaluator, names, lows, timeout, box_budget)
    certificate = (
        Certificate(f"z3 {z3_version()}", "unsat", smt.seconds, smt.smtlib)
        if verdict.status == "proved"
        else None
    )
    return _proof(tree, hyps, names, domain, verdict, tuple(steps), certificate, start)


def _proof(
    tree: Node,
    hyps: Sequence[Node],
    names: tuple[str, ...],
    domain: Sequence[Node],
    verdict: _Verdict,
    steps: tuple[Step, ...],
    certificate: Certificate | None,
    start: float,
) -> Proof:
    """The :class:`Proof` of a verdict: the claim's texts, the sides at the counterexample."""
    counterexample = verdict.counterexample
    return Proof(
        claim=text(tree),
        assumptions=tuple(text(h) for h in hyps),
        variables=names,
        status=verdict.status,
        domain=tuple(describe_domain(names, domain)),
        steps=steps,
        counterexample=counterexample,
        sides=_sides(tree, counterexample) if counterexample is not None else (),
        certificate=certificate,
        box=verdict.box,
        reason=verdict.reason,
        notes=tuple(verdict.notes),
        seconds=time.perf_counter() - start,
        latex_claim=latex(tree),
        latex_assumptions=tuple(latex(h) for h in hyps),
        latex_domain=tuple(latex(c) for c in domain),
    )


def _check_terms(nodes: Sequence[Node], max_terms: int) -> None:
    """Refuse conditions whose comparisons expand to more than ``max_terms`` terms in all
    (counted before anything is expanded).

    Raises:
        TooLargeError: naming the count and the largest comparison.
    """
    total, largest, where = 0, -1, ""
    for node in nodes:
        for item in walk(node):
            if not isinstance(item, Compare):
                continue
            for a, b in zip(item.operands, item.operands[1:]):
                try:
                    difference = to_sympy(a) - to_sympy(b)
                except (ZeroDivisionError, ValueError):
                    # a divisor that is identically 0 (SymPy's nan, which min and max refuse
                    # with a ValueError): reported later, with the domain
                    continue
                terms = cost.expanded_terms(difference)
                total += terms
                if terms > largest:
                    largest, where = terms, text(item)
    cost.require(
        total,
        max_terms,
        cost.MAX_TERMS,
        "expanding the comparisons",
        f"the largest {clip(where, 40)[1:-1]}",
    )


def evaluate(claim: str, values: dict[str, int], assume: Sequence[str] | str = ()) -> bool:
    """Evaluate a claim at one assignment with plain Python integers.

    Raises:
        SpecError: the assignment is outside the domain or breaks an assumption.

    Examples:
        >>> evaluate("conv_out(i, 3, 2, 1) == 3", {"i": 5})
        True
    """
    tree, hyps = _parse_all(claim, assume)
    domain = domain_conditions([tree, *hyps])
    missing = [n for n in variables(tree, *hyps) if n not in values]
    if missing:
        raise SpecError(f"values: no value for {', '.join(missing)}")
    evaluator = _Evaluator(tree, hyps, domain)
    if not evaluator.admits(values):
        raise SpecError(
            f"values: {_assignment(values)} is outside the domain or breaks an assumption"
        )
    return bool(evaluator.outcome(values))
