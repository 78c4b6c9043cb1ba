"""Diagnosing a hand calculation: what makes each wrong entry, which mistakes explain the
claim, and where a claimed size comes from.

For a claimed output (:func:`diagnose_output`):

1. every mistake whose answer equals the claim on all entries the claim gives
   (and differs from the correct answer there) reproduces it: ``match="exact"``;
2. otherwise, a mistake that explains every wrong entry (its answer has the
   claimed value there) is ``match="entries"``;  ``overlap_not_summed`` also
   explains a wrong entry that equals the sum of only some of the nonzero
   contributions reaching it;
3. otherwise the closest: the mistakes explaining the most wrong entries
   (then agreeing on the most entries), ``match="closest"``.

The likely causes are the mistakes of the best kind found.  A claim of the
wrong shape is compared with the mistakes whose answer has the claimed shape.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import sympy

from ..engine.derivation import Derivation
from .compare import Comparator
from .mistakes import MISTAKES
from .placement import place
from .placement_steps import shown
from .report import Contribution, Finding, SizeCheck, WrongEntry

__all__ = ["MAX_PARTIAL_TERMS", "check_size", "diagnose_output", "wrong_entry"]

#: Above this many nonzero contributions an entry is not searched for partial sums.
MAX_PARTIAL_TERMS = 12


def wrong_entry(
    d: Derivation,
    index: tuple[int, ...],
    claimed: sympy.Expr,
    expected: sympy.Expr,
    written: sympy.Expr | None,
    cmp: Comparator,
) -> WrongEntry:
    """The entry at ``index`` explained: its contributions, its bias, the terms a partial
    sum kept, the products a symbolic claim misses or adds."""
    terms, zero_terms = _contributions(d, index)
    bias = None
    if d.b is not None:
        bias = d.b[index[-d.spec.rank - 1]] if not d.compact else d.b[0]
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    if not claimed.is_number and not expected.is_number:
        have, want = sympy.Add.make_args(claimed), sympy.Add.make_args(expected)
        missing = tuple(str(a) for a in want if a not in have)
        extra = tuple(str(a) for a in have if a not in want)
    return WrongEntry(
        index=index,
        name=d.output_name(index),
        claimed=claimed,
        expected=expected,
        terms=tuple(terms),
        zero_terms=tuple(zero_terms),
        bias=bias,
        kept=_kept(claimed, terms, bias, cmp),
        missing=missing,
        extra=extra,
        written=None if written is None or written == claimed else written,
    )


def _contributions(
    d: Derivation, index: tuple[int, ...]
) -> tuple[list[Contribution], list[Contribution]]:
    """The products reaching an output entry: those that are nonzero, and those that are 0."""
    nonzero: list[Contribution] = []
    zero: list[Contribution] = []
    for t in d.terms(index):
        value = t.input_value * t.weight_value
        c = Contribution(t.input_name, t.weight_name, t.input_value, t.weight_value, value)
        (zero if value == 0 else nonzero).append(c)
    return nonzero, zero


def _kept(
    claimed: sympy.Expr, terms: list[Contribution], bias: sympy.Expr | None, cmp: Comparator
) -> tuple[Contribution, ...] | None:
    """The terms whose sum (plus the bias) is the claim, if a proper nonempty subset of them."""
    n = len(terms)
    if n < 2 or n > MAX_PARTIAL_TERMS:
        return None
    base = cmp.canon(bias) if bias is not None else sympy.Integer(0)
    values = [cmp.canon(t.value) for t in terms]  # sums of expanded terms stay expanded
    later_first = range(n - 1, -1, -1)  # on a tie, the later placements (the overwrite story)
    for size in range(1, n):
        for subset in itertools.combinations(later_first, size):
            if cmp.same(claimed, sympy.Add(base, *(values[i] for i in subset))):
                return tuple(terms[i] for i in sorted(subset))
    return None


def diagnose_output(
    d: Derivation,
    claim: np.ndarray,
    expected: np.ndarray,
    wrong: Sequence[WrongEntry],
    cmp: Comparator,
) -> tuple[list[Finding], tuple[str, ...]]:
    """Recompute under every mistake; rank what each says about the claim.

    Returns:
        The findings, best first, and the likely causes (the mistakes of the best kind).
    """
    known = [i for i, v in np.ndenumerate(claim) if v is not None]
    shape_ok = claim.shape == expected.shape
    wrong_at = {e.index for e in wrong}
    findings = []
    for name, mistake in MISTAKES.items():
        plan = mistake.plan(d.spec)
        if plan is None or plan.output_size != claim.shape[claim.ndim - d.spec.rank :]:
            continue
        answer = shown(d, place(plan, d.x, d.w, d.b, d.spec.groups))
        if answer.shape != claim.shape:
            continue
        agree = {i for i in known if cmp.same(claim[i], cmp.canon(answer[i]))}
        if shape_ok and all(cmp.same(cmp.canon(answer[i]), expected[i]) for i in known):
            continue  # indistinguishable from the correct answer here
        explains = agree & wrong_at if shape_ok else agree
        if mistake.entrywise:
            explains |= {e.index for e in wrong if e.kept is not None}
        if len(agree) == len(known):
            match = "exact"
        elif not shape_ok:
            if not agree:
                continue
            match = "shape"
        elif explains and explains >= wrong_at:
            match = "entries"
        elif explains:
            match = "closest"
        else:
            continue
        findings.append(
            Finding(
                name, mistake.description, match, len(agree), len(known), tuple(sorted(explains))
            )
        )
    rank = {"exact": 0, "entries": 1, "closest": 2, "shape": 2}
    findings.sort(key=lambda f: (rank[f.match], -len(f.explains), -f.agrees))
    if not findings:
        return findings, ()
    best = findings[0]
    causes = tuple(
        f.mistake
        for f in findings
        if rank[f.match] == rank[best.match]
        and (
            best.match in ("exact", "entries")
            or (len(f.explains), f.agrees) == (len(best.explains), best.agrees)
        )
    )
    return findings, causes


def check_size(d: Derivation, claimed: tuple[int, ...]) -> SizeCheck:
    """A claimed output size against the formula, with the mistakes that give it."""
    f = d.size_formula
    causes: list[str] = []
    if claimed != d.spec.output_size:
        for name, mistake in MISTAKES.items():
            plan = mistake.plan(d.spec)
            if plan is not None and plan.output_size == claimed:
                causes.append(name)
    return SizeCheck(
        claimed=claimed,
        expected=d.spec.output_size,
        general=f.general_text(),
        evaluated=tuple(f.substituted_text(dim) for dim in range(d.spec.rank)),
        causes=tuple(causes),
    )
