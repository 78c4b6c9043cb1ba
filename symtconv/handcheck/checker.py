"""Checking a hand calculation: compare a claim with the derivation, point at
the wrong entries with the terms that make them up, and name the likely mistake.

:func:`check` derives the correct answer (``C^T x``, :mod:`symtconv.engine.derivation`),
reads the claim (:mod:`symtconv.handcheck.answers`), compares entry by entry -- exactly
for integers, fractions and symbolic expressions (expanded), to a stated
tolerance where a float is involved -- and recomputes the answer under every
registered mistake (:mod:`symtconv.handcheck.mistakes`) to say which ones reproduce
the claim.  The result is a :class:`CheckReport`.

Diagnosis, for a claimed output:

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

Examples:
    >>> r = check("1 2 0; 3 -1 -2; 0 -3 -4")          # the seed example, centre wrong
    >>> r.correct, [e.index for e in r.wrong_entries], r.likely_causes
    (False, [(1, 1)], ('overlap_not_summed',))
    >>> [t.product for t in r.wrong_entries[0].terms]
    ['x_{0,0}*w_{1,1}', 'x_{1,1}*w_{0,0}']
    >>> check([[1, 2, 0], [3, 3, -2], [0, -3, -4]]).correct
    True
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ..core.matrix import DEFAULT_MAX_NONZEROS
from ..core.operands import (
    SpecOptions,
    check_options,
    entry_name,
    input_names_axes,
    weight_names_axes,
)
from ..engine.derivation import Derivation, derive
from ..engine.verification import FLOAT_RTOL
from ..errors import ParseError, SpecError
from .answers import (
    read_entry_claim,
    read_index,
    read_output_claim,
    read_size_claim,
    read_steps,
    resolve,
    resolve_value,
)
from .compare import Comparator
from .mistakes import MISTAKES
from .placement import place
from .placement_steps import check_steps, shown
from .report import (
    CheckReport,
    Contribution,
    Finding,
    SizeCheck,
    StepIssue,
    StepResult,
    StepsCheck,
    WrongEntry,
)

if TYPE_CHECKING:
    from typing import Unpack

__all__ = [
    "DEFAULT_TOLERANCE",
    "CheckReport",
    "Contribution",
    "Finding",
    "SizeCheck",
    "StepIssue",
    "StepResult",
    "StepsCheck",
    "WrongEntry",
    "check",
]

#: Tolerance where a float is compared: ``|claimed - expected| <= tol * max(1, |expected|)``.
DEFAULT_TOLERANCE = FLOAT_RTOL

#: Above this many nonzero contributions an entry is not searched for partial sums.
MAX_PARTIAL_TERMS = 12


def _names(d: Derivation) -> dict[sympy.Symbol, sympy.Expr]:
    """Every name of the derivation (x, w, b entries) -> its value."""
    spec = d.spec
    out: dict[sympy.Symbol, sympy.Expr] = {}
    for letter, arr, axes in (
        ("x", d.x, input_names_axes(spec)),
        ("w", d.w, weight_names_axes(spec)),
    ):
        for index, value in np.ndenumerate(arr):
            out[sympy.Symbol(entry_name(letter, index[len(index) - axes :]))] = value
    if d.b is not None:
        for c, value in enumerate(d.b):
            out[sympy.Symbol(entry_name("b", (c,)))] = value
    return out


def _contributions(
    d: Derivation, index: tuple[int, ...]
) -> tuple[list[Contribution], list[Contribution]]:
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


def _wrong_entry(
    d: Derivation,
    index: tuple[int, ...],
    claimed: sympy.Expr,
    expected: sympy.Expr,
    written: sympy.Expr | None,
    cmp: Comparator,
) -> WrongEntry:
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


def _diagnose_output(
    d: Derivation,
    claim: np.ndarray,
    expected: np.ndarray,
    wrong: Sequence[WrongEntry],
    cmp: Comparator,
) -> tuple[list[Finding], tuple[str, ...]]:
    """Recompute under every mistake; rank what each says about the claim."""
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


def _check_index(index: tuple[int, ...], shape: tuple[int, ...]) -> None:
    if len(index) != len(shape) or not all(0 <= i < n for i, n in zip(index, shape, strict=True)):
        raise SpecError(
            f"entry: got {','.join(map(str, index))}; must be {len(shape)} integer(s) within "
            f"the output shape {'x'.join(map(str, shape))} (0-based)"
        )


def _lead_stripped(shape: tuple[int, ...]) -> tuple[int, ...]:
    while shape and shape[0] == 1:
        shape = shape[1:]
    return shape


def _fit_shape(claim: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The claim reshaped to ``shape`` when they differ only by leading axes of length 1
    (``[[1, 2, 3]]`` for a 1-D output; never a row read as a column)."""
    if claim.shape != shape and _lead_stripped(claim.shape) == _lead_stripped(shape):
        return claim.reshape(shape)
    return claim


def _check_size(d: Derivation, claimed: tuple[int, ...]) -> SizeCheck:
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


def check(
    claimed: Any = None,
    input: Any = None,
    kernel: Any = None,
    *,
    entry: Any = None,
    claimed_size: Any = None,
    claimed_steps: Any = None,
    tolerance: float = DEFAULT_TOLERANCE,
    max_nonzeros: int = DEFAULT_MAX_NONZEROS,
    **options: Unpack[SpecOptions],
) -> CheckReport:
    """Check a hand calculation of a (transposed) convolution.

    The operands and parameters are those of :func:`symtconv.derive` (no
    operands: the seed example).  Give at least one claim.

    Args:
        claimed: the whole output (text: nested lists, rows ``"1 2; 3 4"`` or a
            LaTeX bmatrix/pmatrix; or nested lists/arrays), or with ``entry``
            one entry.  Entries: numbers, fractions, floats, expressions in the
            names ``x_{..}``, ``w_{..}``, ``b_{..}`` (replaced by their values
            when the operands are numbers), or ``?`` for an entry not computed.
        entry: the output index (``"1,1"`` or ``(1, 1)``, 0-based) that
            ``claimed`` is the value of.
        claimed_size: the output size (``"3,3"``, ``3`` for every dimension, a tuple).
        claimed_steps: the placements, a list of steps (see
            :data:`symtconv.handcheck.answers.STEP_KEYS`) in row-major input order unless
            each names its ``input``.
        tolerance: where a float is involved, ``|claimed - expected| <=
            tolerance * max(1, |expected|)``; all else is compared exactly.
        input, kernel, max_nonzeros: as for :func:`symtconv.derive`.
        **options: the spec options (:class:`~symtconv.core.operands.SpecOptions`).

    Returns:
        The :class:`CheckReport`.

    Raises:
        ParseError: an unparsable or ragged claim, or one naming unknown symbols.
        SpecError: no claim, an index outside the output, invalid parameters.
    """
    check_options(
        dict(options),
        "claimed",
        "entry",
        "claimed_size",
        "claimed_steps",
        "tolerance",
        "max_nonzeros",
    )
    if entry is not None and claimed is None:
        raise SpecError("entry: given without claimed; give the entry's claimed value too")
    if claimed is None and claimed_size is None and claimed_steps is None:
        raise SpecError(
            "claimed: nothing to check; give claimed (the output, or one entry with entry), "
            "claimed_size or claimed_steps"
        )
    cmp = Comparator(tolerance)
    # read every claim before any computation: bad text fails fast
    raw_claim: np.ndarray | None = None
    index: tuple[int, ...] | None = None
    if claimed is not None and entry is not None:
        index = read_index(entry, "entry")
        raw_claim = np.array(read_entry_claim(claimed, "claimed"), dtype=object).reshape(())
    elif claimed is not None:
        raw_claim = read_output_claim(claimed, "claimed")
    if raw_claim is not None and all(v is None for v in raw_claim.flat):
        raise ParseError("claimed: every entry is '?'; nothing to check")
    steps = read_steps(claimed_steps, "claimed_steps") if claimed_steps is not None else None
    d = derive(input, kernel, max_nonzeros=max_nonzeros, **options)
    names = _names(d)
    size_check = (
        _check_size(d, read_size_claim(claimed_size, d.spec.rank))
        if claimed_size is not None
        else None
    )
    expected = np.vectorize(cmp.canon, otypes=[object])(
        np.array(d.output.tolist(), dtype=object).reshape(d.output_shape)
    )
    claim: np.ndarray | None = None
    if raw_claim is not None:
        if index is not None:
            _check_index(index, d.output_shape)
            written = np.full(d.output_shape, None, dtype=object)
            written[index] = raw_claim[()]
            claim = written.copy()
            claim[index] = resolve_value(raw_claim[()], names, f"claimed (entry {list(index)})")
        else:
            written = _fit_shape(raw_claim, d.output_shape)
            claim = resolve(written, names, "claimed")
        claim = np.vectorize(cmp.canon, otypes=[object])(claim)
    wrong: list[WrongEntry] = []
    findings: list[Finding] = []
    causes: tuple[str, ...] = ()
    checked = unknown = 0
    if claim is not None:
        unknown = sum(v is None for v in claim.flat) if index is None else 0
        checked = sum(v is not None for v in claim.flat)
        if claim.shape == expected.shape:
            wrong = [
                _wrong_entry(d, i, v, expected[i], written[i], cmp)
                for i, v in np.ndenumerate(claim)
                if v is not None and not cmp.same(v, expected[i])
            ]
        if wrong or claim.shape != expected.shape:
            findings, causes = _diagnose_output(d, claim, expected, wrong, cmp)
    steps_check = check_steps(d, steps, names, cmp) if steps is not None else None
    all_causes = list(causes)
    if size_check is not None:
        all_causes += size_check.causes
    if steps_check is not None:
        all_causes += steps_check.causes
    return CheckReport(
        derivation=d,
        claimed=claim,
        entry=index,
        wrong_entries=tuple(wrong),
        checked=checked,
        unknown=unknown,
        size=size_check,
        steps=steps_check,
        findings=tuple(findings),
        likely_causes=tuple(dict.fromkeys(all_causes)),
        tolerance=cmp.tolerance,
        floats=cmp.floats,
    )
