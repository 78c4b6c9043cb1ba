"""Checking a hand calculation: compare a claim with the derivation, point at
the wrong entries with the terms that make them up, and name the likely mistake.

:func:`check` reads the claims (:mod:`symtconv.handcheck.answers`), derives the
correct answer (``C^T x``, :mod:`symtconv.engine.derivation`), resolves the claim
against the derivation's names, compares entry by entry (:mod:`.compare`: exactly
for integers, fractions and symbolic expressions (expanded), to a stated tolerance
where a float is involved), diagnoses what is wrong by recomputing the answer under
every registered mistake (:mod:`.diagnosis`, :mod:`.mistakes`), checks the claimed
size and steps (:mod:`.placement_steps`), and assembles the :class:`CheckReport`.

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

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ..core import cost
from ..core.lexer import clip
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
    StepClaim,
    read_entry_claim,
    read_index,
    read_output_claim,
    read_size_claim,
    read_steps,
    resolve,
    resolve_value,
)
from .compare import Comparator, needs_expansion
from .diagnosis import check_size, diagnose_output, wrong_entry
from .placement_steps import check_steps
from .report import CheckReport, Finding, SizeCheck, StepsCheck, WrongEntry

if TYPE_CHECKING:
    from typing import Unpack

__all__ = ["DEFAULT_TOLERANCE", "MAX_ELEMENTS", "MAX_NONZEROS", "CheckReport", "check"]

#: Tolerance where a float is compared: ``|claimed - expected| <= tol * max(1, |expected|)``.
DEFAULT_TOLERANCE = FLOAT_RTOL
#: check's default limit on C's nonzeros (it derives, then recomputes under every mistake).
MAX_NONZEROS = 15_000
#: check's default limit on the entries of the input, kernel and output.
MAX_ELEMENTS = 30_000


def check(
    claimed: Any = None,
    input: Any = None,
    kernel: Any = None,
    *,
    entry: Any = None,
    claimed_size: Any = None,
    claimed_steps: Any = None,
    tolerance: float = DEFAULT_TOLERANCE,
    max_nonzeros: int = MAX_NONZEROS,
    max_elements: int = MAX_ELEMENTS,
    max_terms: int = cost.MAX_TERMS.default,
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
        input, kernel, max_nonzeros, max_elements: as for :func:`symtconv.derive`
            (lower defaults: a check also recomputes the answer under every mistake).
        max_terms: refuse a claimed value with more terms than this once expanded.
        **options: the spec options (:class:`~symtconv.core.operands.SpecOptions`).

    Returns:
        The :class:`CheckReport`.

    Raises:
        ParseError: an unparsable or ragged claim, or one naming unknown symbols.
        SpecError: no claim, an index outside the output, invalid parameters.
        TooLargeError: above a limit (checked before the derivation starts).
    """
    check_options(
        dict(options),
        "claimed",
        "entry",
        "claimed_size",
        "claimed_steps",
        "tolerance",
        "max_nonzeros",
        "max_elements",
        "max_terms",
    )
    _require_a_claim(claimed, entry, claimed_size, claimed_steps)
    cmp = Comparator(tolerance)
    claims = _read_claims(claimed, entry, claimed_steps)
    _check_terms(claims, cost.check_limit(max_terms, cost.MAX_TERMS))
    d = derive(input, kernel, max_nonzeros=max_nonzeros, max_elements=max_elements, **options)
    names = _names(d)
    size = None
    if claimed_size is not None:
        size = check_size(d, read_size_claim(claimed_size, d.spec.rank))
    output = _check_output(d, claims, names, cmp)
    steps = check_steps(d, claims.steps, names, cmp) if claims.steps is not None else None
    return _report(d, output, size, steps, cmp)


def _require_a_claim(claimed: Any, entry: Any, claimed_size: Any, claimed_steps: Any) -> None:
    """Raise unless something is claimed (and an entry comes with its value)."""
    if entry is not None and claimed is None:
        raise SpecError("entry: given without claimed; give the entry's claimed value too")
    if claimed is None and claimed_size is None and claimed_steps is None:
        raise SpecError(
            "claimed: nothing to check; give claimed (the output, or one entry with entry), "
            "claimed_size or claimed_steps"
        )


@dataclass(frozen=True)
class _Claims:
    """The claims as read, before any computation (so that bad text fails fast).

    Attributes:
        output: the claimed output as written (a 0-d array for one entry), or ``None``.
        entry: the index of the one claimed entry, or ``None``.
        steps: the claimed steps, or ``None``.
    """

    output: np.ndarray | None
    entry: tuple[int, ...] | None
    steps: list[StepClaim] | None


def _read_claims(claimed: Any, entry: Any, claimed_steps: Any) -> _Claims:
    """Read the claimed output (or entry) and the claimed steps."""
    output: np.ndarray | None = None
    index: tuple[int, ...] | None = None
    if claimed is not None and entry is not None:
        index = read_index(entry, "entry")
        output = np.array(read_entry_claim(claimed, "claimed"), dtype=object).reshape(())
    elif claimed is not None:
        output = read_output_claim(claimed, "claimed")
    if output is not None and all(v is None for v in output.flat):
        raise ParseError("claimed: every entry is '?'; nothing to check")
    steps = read_steps(claimed_steps, "claimed_steps") if claimed_steps is not None else None
    return _Claims(output, index, steps)


def _check_terms(claims: _Claims, max_terms: int) -> None:
    """Refuse claimed values whose expansions have more than ``max_terms`` terms in all
    (counted before any is expanded; sums of products need no expansion and count nothing).

    Raises:
        TooLargeError: naming the count and the largest value.
    """
    values: list[Any] = list(claims.output.flat) if claims.output is not None else []
    for step in claims.steps or ():
        values.append(step.value)
        for arr in (step.block, step.sum):
            if arr is not None:
                values.extend(arr.flat)
    counted = [(cost.expanded_terms(v), v) for v in values if needs_expansion(v)]
    if not counted:
        return
    largest = max(counted, key=lambda pair: pair[0])[1]
    cost.require(
        sum(terms for terms, _ in counted),
        max_terms,
        cost.MAX_TERMS,
        "expanding the claimed values",
        f"{len(counted)} to expand, the largest {clip(str(largest), 40)[1:-1]}",
    )


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


@dataclass(frozen=True)
class _OutputCheck:
    """A claimed output (or entry) compared with the derivation, and diagnosed."""

    claim: np.ndarray | None
    entry: tuple[int, ...] | None
    wrong: tuple[WrongEntry, ...]
    checked: int
    unknown: int
    findings: tuple[Finding, ...]
    causes: tuple[str, ...]


#: No output claimed: nothing compared.
_NO_OUTPUT = _OutputCheck(None, None, (), 0, 0, (), ())


def _check_output(
    d: Derivation, claims: _Claims, names: dict[sympy.Symbol, sympy.Expr], cmp: Comparator
) -> _OutputCheck:
    """Compare the claimed output entry by entry; diagnose it when it is wrong."""
    if claims.output is None:
        return _NO_OUTPUT
    expected = np.vectorize(cmp.canon, otypes=[object])(
        np.array(d.output.tolist(), dtype=object).reshape(d.output_shape)
    )
    claim, written = _resolve_claim(d, claims, names, cmp)
    wrong: list[WrongEntry] = []
    if claim.shape == expected.shape:
        wrong = [
            wrong_entry(d, i, v, expected[i], written[i], cmp)
            for i, v in np.ndenumerate(claim)
            if v is not None and not cmp.same(v, expected[i])
        ]
    findings: list[Finding] = []
    causes: tuple[str, ...] = ()
    if wrong or claim.shape != expected.shape:
        findings, causes = diagnose_output(d, claim, expected, wrong, cmp)
    return _OutputCheck(
        claim=claim,
        entry=claims.entry,
        wrong=tuple(wrong),
        checked=sum(v is not None for v in claim.flat),
        unknown=sum(v is None for v in claim.flat) if claims.entry is None else 0,
        findings=tuple(findings),
        causes=causes,
    )


def _resolve_claim(
    d: Derivation, claims: _Claims, names: dict[sympy.Symbol, sympy.Expr], cmp: Comparator
) -> tuple[np.ndarray, np.ndarray]:
    """The claim in the output's shape with the derivation's names replaced by their values
    (expanded), and the claim as written (``None`` where nothing was claimed)."""
    assert claims.output is not None
    index = claims.entry
    if index is not None:
        _check_index(index, d.output_shape)
        written = np.full(d.output_shape, None, dtype=object)
        written[index] = claims.output[()]
        claim = written.copy()
        claim[index] = resolve_value(claims.output[()], names, f"claimed (entry {list(index)})")
    else:
        written = _fit_shape(claims.output, d.output_shape)
        claim = resolve(written, names, "claimed")
    return np.vectorize(cmp.canon, otypes=[object])(claim), written


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


def _report(
    d: Derivation,
    output: _OutputCheck,
    size: SizeCheck | None,
    steps: StepsCheck | None,
    cmp: Comparator,
) -> CheckReport:
    """The report of every check, with the likely causes of all of them (output, size, steps)."""
    causes = [
        *output.causes,
        *(size.causes if size is not None else ()),
        *(steps.causes if steps is not None else ()),
    ]
    return CheckReport(
        derivation=d,
        claimed=output.claim,
        entry=output.entry,
        wrong_entries=output.wrong,
        checked=output.checked,
        unknown=output.unknown,
        size=size,
        steps=steps,
        findings=output.findings,
        likely_causes=tuple(dict.fromkeys(causes)),
        tolerance=cmp.tolerance,
        floats=cmp.floats,
    )
