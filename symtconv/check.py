"""Checking a hand calculation: compare a claim with the derivation, point at
the wrong entries with the terms that make them up, and name the likely mistake.

:func:`check` derives the correct answer (``C^T x``, :mod:`symtconv.derive`),
reads the claim (:mod:`symtconv.claims`), compares entry by entry -- exactly
for integers, fractions and symbolic expressions (expanded), to a stated
tolerance where a float is involved -- and recomputes the answer under every
registered mistake (:mod:`symtconv.mistakes`) to say which ones reproduce
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
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from .claims import (
    StepClaim,
    read_entry_claim,
    read_index,
    read_output_claim,
    read_size_claim,
    read_steps,
    resolve,
    resolve_value,
)
from .derive import Derivation, derive, json_value
from .errors import ParseError, SpecError
from .matrix import DEFAULT_MAX_NONZEROS
from .mistakes import MISTAKES, correct_plan
from .placement import place, placements
from .spec import IntOrSeq, PaddingArg
from .tensors import entry_name, input_names_axes, weight_names_axes
from .verify import FLOAT_RTOL

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


# ----- comparison ----------------------------------------------------------------------


class _Compare:
    """Exact equality of SymPy values; within a tolerance where a float is involved."""

    def __init__(self, tolerance: float) -> None:
        if (
            not isinstance(tolerance, (int, float))
            or isinstance(tolerance, bool)
            or not (0 <= tolerance < 1)
        ):
            raise SpecError(f"tolerance: got {tolerance!r}; must be a number from 0 to below 1")
        self.tolerance = float(tolerance)
        self.floats = False

    @staticmethod
    def canon(value: sympy.Expr | None) -> sympy.Expr | None:
        """The expanded form (sums of products are left as they are: already expanded)."""
        if value is None or value.is_number or _expanded(value):
            return value
        return sympy.expand(value)

    def same(self, a: sympy.Expr | None, b: sympy.Expr | None) -> bool:
        """a == b, for canonical values (``None`` never equals anything)."""
        if a is None or b is None:
            return False
        if a.has(sympy.Float) or b.has(sympy.Float):
            self.floats = True
            diff = sympy.expand(a - b)
            coeffs = [diff] if diff.is_number else list(diff.as_coefficients_dict().values())
            scale_of = [b] if b.is_number else list(b.as_coefficients_dict().values())
            if not all(c.is_number for c in coeffs + scale_of):
                return False
            scale = max([1.0, *(abs(float(c)) for c in scale_of)])
            return all(abs(float(c)) <= self.tolerance * scale for c in coeffs)
        if a == b:
            return True
        if a.is_number and b.is_number:
            return False
        # expanded polynomials are equal exactly when they are identical; only a
        # claim with a symbolic denominator needs more than that
        if _has_denominator(a) or _has_denominator(b):
            return sympy.cancel(a - b) == 0
        return False


def _monomial(value: sympy.Expr) -> bool:
    if value.is_Symbol or value.is_number:
        return True
    if value.is_Pow:
        return bool(value.base.is_Symbol and value.exp.is_Integer and value.exp > 0)
    return bool(value.is_Mul) and all(_monomial(a) and not a.is_Mul for a in value.args)


def _expanded(value: sympy.Expr) -> bool:
    """True for a sum of products of symbols and numbers (nothing for expand to do)."""
    if value.is_Add:
        return all(_monomial(a) and not a.is_Add for a in value.args)
    return _monomial(value)


def _has_denominator(value: sympy.Expr) -> bool:
    return any(p.exp.is_negative and not p.base.is_number for p in value.atoms(sympy.Pow))


# ----- the pieces of a report ------------------------------------------------------------


@dataclass(frozen=True)
class Contribution:
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

    def as_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "product": self.product,
            "input": self.input_name,
            "weight": self.weight_name,
            "input_value": json_value(self.input_value),
            "weight_value": json_value(self.weight_value),
            "value": json_value(self.value),
        }


@dataclass(frozen=True)
class WrongEntry:
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

    def as_dict(self) -> dict[str, Any]:
        """Plain data: index, claimed, expected, terms (nonzero), zero_terms, ..."""
        return {
            "index": list(self.index),
            "name": self.name,
            "claimed": json_value(self.claimed),
            "claimed_as_written": None if self.written is None else str(self.written),
            "expected": json_value(self.expected),
            "terms": [t.as_dict() for t in self.terms],
            "zero_terms": [t.as_dict() for t in self.zero_terms],
            "bias": json_value(self.bias),
            "kept_only": None if self.kept is None else [t.product for t in self.kept],
            "missing": list(self.missing),
            "extra": list(self.extra),
        }


@dataclass(frozen=True)
class Finding:
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

    def as_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "mistake": self.mistake,
            "description": self.description,
            "match": self.match,
            "agrees": self.agrees,
            "compared": self.compared,
            "explains": [list(i) for i in self.explains],
        }


@dataclass(frozen=True)
class SizeCheck:
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

    def as_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "correct": self.correct,
            "claimed_size": list(self.claimed),
            "expected_size": list(self.expected),
            "formula": self.general,
            "evaluated": list(self.evaluated),
            "likely_causes": list(self.causes),
        }


@dataclass(frozen=True)
class StepIssue:
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

    def as_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "field": self.field,
            "claimed": self.claimed,
            "expected": self.expected,
            "likely_causes": list(self.causes),
        }


@dataclass(frozen=True)
class StepResult:
    """A claimed step with at least one wrong field.

    Attributes:
        number: 1-based step number.
        element: the input element's name (``x_{..}``) the step places.
        issues: the wrong fields.
    """

    number: int
    element: str
    issues: tuple[StepIssue, ...]

    def as_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "step": self.number,
            "element": self.element,
            "issues": [i.as_dict() for i in self.issues],
        }


@dataclass(frozen=True)
class StepsCheck:
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

    def as_dict(self) -> dict[str, Any]:
        """Plain data."""
        first = self.first_wrong
        return {
            "checked": self.checked,
            "first_wrong_step": None if first is None else first.number,
            "wrong_steps": [s.as_dict() for s in self.wrong],
            "missing_elements": list(self.missing),
            "likely_causes": list(self.causes),
        }


@dataclass(frozen=True, eq=False)
class CheckReport:
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

    def as_dict(self) -> dict[str, Any]:
        """Plain data: ``correct``, ``wrong_entries``, ``likely_causes``, ``expected_size``, ..."""
        from .render.check import report_dict

        return report_dict(self)

    def to_json(self, indent: int | None = 2) -> str:
        """The report as a JSON string."""
        return json.dumps(self.as_dict(), indent=indent, ensure_ascii=False)

    def to_latex(self, lang: str = "en") -> str:
        """A complete LaTeX document, a correction note to hand back (``lang``: en or zh)."""
        from .render.check_latex import report_document

        return report_document(self, lang)

    def _latex(self, printer: Any = None) -> str:
        from .render.check_latex import report_math

        return report_math(self)

    def _repr_latex_(self) -> str:
        return f"$\\displaystyle {self._latex()}$"

    def __str__(self) -> str:
        from .render.check import report_text

        return report_text(self)

    def __repr__(self) -> str:
        verdict = "correct" if self.correct else "wrong"
        return (
            f"<CheckReport {verdict}: {len(self.wrong_entries)} wrong entr"
            f"{'y' if len(self.wrong_entries) == 1 else 'ies'}; "
            f"likely causes {list(self.likely_causes)}>"
        )


# ----- the check -------------------------------------------------------------------------


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


def _shown(d: Derivation, full: np.ndarray) -> np.ndarray:
    """A full-layout output as the derivation shows it (spatial only when compact)."""
    return full.reshape(full.shape[1:]) if d.compact else full


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
    claimed: sympy.Expr, terms: list[Contribution], bias: sympy.Expr | None, cmp: _Compare
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
    cmp: _Compare,
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
    cmp: _Compare,
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
        answer = _shown(d, place(plan, d.x, d.w, d.b, d.spec.groups))
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


def _fit_shape(claim: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The claim reshaped to ``shape`` when they differ only by axes of length 1."""
    if claim.shape != shape and claim.size == int(np.prod(shape)):
        if tuple(n for n in claim.shape if n != 1) == tuple(n for n in shape if n != 1):
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


def _plain(arr: np.ndarray) -> Any:
    return np.vectorize(json_value, otypes=[object])(arr).tolist()


def _same_array(claim: np.ndarray, want: np.ndarray, cmp: _Compare) -> bool:
    return claim.shape == want.shape and all(
        v is None or cmp.same(cmp.canon(v), cmp.canon(want[i])) for i, v in np.ndenumerate(claim)
    )


def _check_steps(
    d: Derivation, steps: list[StepClaim], names: dict[sympy.Symbol, sympy.Expr], cmp: _Compare
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
            want = _shown(d, place(plan, d.x, d.w, None, spec.groups, placed))
            if not _same_array(claimed, want, cmp):
                causes = tuple(
                    n
                    for n, p in others
                    if _same_array(
                        claimed, _shown(d, place(p, d.x, d.w, None, spec.groups, placed)), cmp
                    )
                )
                issues.append(StepIssue("sum", _plain(claimed), _plain(want), causes))
        if issues:
            wrong.append(StepResult(step.number, name, tuple(issues)))
    missing = tuple(entry_name("x", e[lead:]) for e in elements if e not in placed)
    return StepsCheck(checked=len(steps), wrong=tuple(wrong), missing=missing)


def check(
    claimed: Any = None,
    input: Any = None,
    kernel: Any = None,
    *,
    entry: Any = None,
    claimed_size: Any = None,
    claimed_steps: Any = None,
    tolerance: float = DEFAULT_TOLERANCE,
    input_shape: Sequence[int] | None = None,
    kernel_shape: Sequence[int] | None = None,
    bias: Any = None,
    stride: IntOrSeq = 1,
    padding: PaddingArg = 0,
    output_padding: IntOrSeq = 0,
    dilation: IntOrSeq = 1,
    groups: int = 1,
    in_channels: int | None = None,
    out_channels: int | None = None,
    forward: bool = False,
    max_nonzeros: int = DEFAULT_MAX_NONZEROS,
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
            :data:`symtconv.claims.STEP_KEYS`) in row-major input order unless
            each names its ``input``.
        tolerance: where a float is involved, ``|claimed - expected| <=
            tolerance * max(1, |expected|)``; all else is compared exactly.
        input, kernel, input_shape, kernel_shape, bias, stride, padding,
        output_padding, dilation, groups, in_channels, out_channels, forward,
        max_nonzeros: as for :func:`symtconv.derive`.

    Returns:
        The :class:`CheckReport`.

    Raises:
        ParseError: an unparsable or ragged claim, or one naming unknown symbols.
        SpecError: no claim, an index outside the output, invalid parameters.
    """
    if entry is not None and claimed is None:
        raise SpecError("entry: given without claimed; give the entry's claimed value too")
    if claimed is None and claimed_size is None and claimed_steps is None:
        raise SpecError(
            "claimed: nothing to check; give claimed (the output, or one entry with entry), "
            "claimed_size or claimed_steps"
        )
    cmp = _Compare(tolerance)
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
    d = derive(
        input,
        kernel,
        input_shape=input_shape,
        kernel_shape=kernel_shape,
        bias=bias,
        stride=stride,
        padding=padding,
        output_padding=output_padding,
        dilation=dilation,
        groups=groups,
        in_channels=in_channels,
        out_channels=out_channels,
        forward=forward,
        max_nonzeros=max_nonzeros,
    )
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
    steps_check = _check_steps(d, steps, names, cmp) if steps is not None else None
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
