"""What a computation will cost, estimated before it starts, and the limits it keeps.

Every estimate here is a closed-form Python integer computed from the spec (or
from a grid's ranges, or from an expression's tree): nothing builds a NumPy array
of the problem's size to find out how big the problem is.  The commands and the
API entry points call :func:`require` with an estimate and a limit before they
allocate anything; above the limit it raises :class:`~symtconv.errors.TooLargeError`
naming what is too big, the value, the limit, and the option (command line) and
keyword (Python) that raise it.

The estimates:

* :func:`nonzeros` -- C's structural nonzeros (the products of ``C^T x`` per sample);
* :func:`elements` -- the entries of the input, the weight, the bias and the output;
* :func:`numeric_bytes` -- the arrays a NumPy convolution holds at its peak;
* :func:`sweep_configurations` -- the configurations of a sweep's grid;
* :func:`expanded_terms` -- the terms an expression has once expanded;
* :func:`symtconv.core.shapes.listed_sizes` -- the input sizes a shape report lists
  (with the size formulas it counts).

The defaults (:data:`LIMITS`) were set from measurements on a 2-core machine
(README, "Limits") so that whatever is accepted finishes in under 30 s and 4 GB.

Examples:
    >>> from symtconv.core.spec import ConvSpec
    >>> spec = ConvSpec.create((2, 2), (2, 2))
    >>> nonzeros(spec), elements(spec)
    (16, 17)
    >>> require(nonzeros(ConvSpec.create((3000, 3000), (3, 3))), 100_000, MAX_NONZEROS,
    ...         "C", "input 3000x3000, kernel 3x3")
    Traceback (most recent call last):
    ...
    symtconv.errors.TooLargeError: max_nonzeros: C would have 81,000,000 nonzeros (input ...
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from ..errors import SpecError, TooLargeError
from .spec import ConvSpec

__all__ = [
    "LIMITS",
    "MAX_BYTES",
    "MAX_CONFIGURATIONS",
    "MAX_ELEMENTS",
    "MAX_NONZEROS",
    "MAX_SIZES",
    "MAX_TERMS",
    "OBJECT_BYTES",
    "Budget",
    "Estimate",
    "Limit",
    "check_limit",
    "describe",
    "elements",
    "expanded_terms",
    "forget_estimates",
    "last_estimate",
    "nonzeros",
    "numeric_bytes",
    "require",
    "sweep_configurations",
    "tap_pairs",
]


@dataclass(frozen=True)
class Limit:
    """One kind of limit: what it counts, its keyword and option, and its default.

    Attributes:
        keyword: the keyword of the Python API (``max_nonzeros``).
        option: the command-line option (``--max-nonzeros``).
        counts: what the number counts, in the plural ("nonzeros").
        default: the default of the API (a command may have its own, see :data:`LIMITS`).
        hint: what else to do, after the option that raises the limit (or nothing).
    """

    keyword: str
    option: str
    counts: str
    default: int
    hint: str = ""


#: C's structural nonzeros in symbolic or exact (SymPy) work.
MAX_NONZEROS = Limit(
    "max_nonzeros",
    "--max-nonzeros",
    "nonzeros",
    100_000,
    "or compute numbers with symtconv.conv_transpose / symtconv verify",
)
#: Entries of the tensors of a symbolic or exact computation (input, weight, bias, output).
MAX_ELEMENTS = Limit("max_elements", "--max-elements", "entries", 150_000)
#: Bytes of the arrays a NumPy convolution holds at its peak.
MAX_BYTES = Limit("max_bytes", "--max-bytes", "bytes", 2 * 1024**3)
#: Configurations of a sweep.
MAX_CONFIGURATIONS = Limit("max_configurations", "--max-configurations", "configurations", 5_000)
#: Terms of an expression once expanded (a claimed value, a claim to prove).
MAX_TERMS = Limit("max_terms", "--max-terms", "terms", 10_000)
#: Input sizes a shape report lists (the sizes that share an output size).
MAX_SIZES = Limit("max_sizes", "--max-sizes", "sizes", 10_000)

#: Every limit, by keyword.
LIMITS: dict[str, Limit] = {
    limit.keyword: limit
    for limit in (MAX_NONZEROS, MAX_ELEMENTS, MAX_BYTES, MAX_CONFIGURATIONS, MAX_TERMS, MAX_SIZES)
}

#: Bytes counted for one entry of an object array (a pointer and a Python number).
OBJECT_BYTES = 64


@dataclass(frozen=True)
class Estimate:
    """The last estimate checked: what it was of, its value and limit (for "out of memory")."""

    limit: Limit
    value: int
    allowed: int
    subject: str

    def describe(self) -> str:
        """One phrase: what, how much, and the limit that let it through."""
        return (
            f"{self.subject} needs {self.value:,} {self.limit.counts} (accepted under "
            f"{self.limit.keyword}={self.allowed:,})"
        )


_LAST: ContextVar[Estimate | None] = ContextVar("symtconv_last_estimate", default=None)


def last_estimate() -> Estimate | None:
    """The largest estimate :func:`require` accepted in this context (None: none yet).

    The command line names it when the machine runs out of memory anyway.
    """
    return _LAST.get()


def forget_estimates() -> None:
    """Start a new computation: :func:`last_estimate` is None again (the command line calls
    this before each command)."""
    _LAST.set(None)


def check_limit(value: Any, limit: Limit) -> int:
    """A limit's value given by the user: an integer >= 1.

    Raises:
        SpecError: anything else.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SpecError(f"{limit.keyword}: got {value!r}; must be an integer >= 1")
    return value


def require(value: int, allowed: int, limit: Limit, what: str, subject: str) -> None:
    """Refuse work whose estimate is above the limit.

    Args:
        value: the estimate.
        allowed: the limit in force (the default or the user's).
        limit: which kind of limit.
        what: what the estimate counts the parts of ("C", "the output", "the sweep").
        subject: what is being computed, shortly ("input 3000x3000, kernel 3x3").

    Raises:
        TooLargeError: ``value > allowed``.
    """
    check_limit(allowed, limit)
    if value > allowed:
        raise TooLargeError(
            f"{limit.keyword}: {what} would have {value:,} {limit.counts} ({subject}), above "
            f"the limit of {allowed:,}; raise it with {limit.option} N (Python: "
            f"{limit.keyword}=N){', ' + limit.hint if limit.hint else ''}"
        )
    last = _LAST.get()
    if last is None or value >= last.value:
        _LAST.set(Estimate(limit, value, allowed, subject))


@dataclass(frozen=True)
class Budget:
    """The limits of one symbolic or exact (SymPy) computation.

    Attributes:
        max_nonzeros: C's structural nonzeros, times the samples.
        max_elements: the entries of the input, the weight, the bias and the output.
    """

    max_nonzeros: int = MAX_NONZEROS.default
    max_elements: int = MAX_ELEMENTS.default

    def check_values(self, what: str, count: int) -> None:
        """Refuse given values with more entries than :attr:`max_elements` (before reading them).

        Raises:
            TooLargeError: too many entries.
        """
        require(count, self.max_elements, MAX_ELEMENTS, what, "the values given")

    def check_spec(self, spec: ConvSpec) -> None:
        """Refuse a spec whose C or tensors are above the limits (before any is built).

        Raises:
            TooLargeError: naming the estimate and the limit.
        """
        samples = spec.batch or 1
        what = "C" if samples == 1 else f"C times {samples} samples"
        require(nonzeros(spec) * samples, self.max_nonzeros, MAX_NONZEROS, what, describe(spec))
        require(
            elements(spec),
            self.max_elements,
            MAX_ELEMENTS,
            "the input, kernel and output",
            describe(spec),
        )


# ----- a spec --------------------------------------------------------------------------------


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


#: Up to this many taps per dimension, the nonzeros are counted tap by tap (exactly).
_EXACT_TAPS = 1 << 16


def tap_pairs(n_rows: int, n_cols: int, k: int, s: int, lo: int, d: int) -> int:
    """The pairs ``(o, t)``, ``0 <= o < n_rows``, ``0 <= t < k``, with
    ``0 <= o*s - lo + t*d < n_cols``: C's nonzeros along one dimension.

    Exact up to 65,536 taps; above, the bound ``min(n_rows*k, n_cols*min(k, n_rows))``.

    Examples:
        >>> tap_pairs(2, 3, 2, 1, 0, 1), tap_pairs(3, 3, 3, 1, 1, 1)
        (4, 7)
    """
    if k > _EXACT_TAPS:
        return min(n_rows * k, n_cols * min(k, n_rows))
    total = 0
    for t in range(k):
        offset = t * d - lo  # column j = o*s + offset
        first = max(0, _ceil_div(-offset, s))
        last = min(n_rows - 1, (n_cols - 1 - offset) // s)
        if last >= first:
            total += last - first + 1
    return total


def nonzeros(spec: ConvSpec) -> int:
    """C's structural nonzeros (one product of ``C^T x`` each, per sample).

    Examples:
        >>> nonzeros(ConvSpec.create(3, 3, padding=1))
        7
    """
    per_dim = 1
    for n_rows, n_cols, k, s, (lo, _), d in zip(
        spec.row_size, spec.col_size, spec.kernel_size, spec.stride, spec.padding, spec.dilation
    ):
        per_dim *= tap_pairs(n_rows, n_cols, k, s, lo, d)
    return spec.row_channels * (spec.col_channels // spec.groups) * per_dim


def elements(spec: ConvSpec) -> int:
    """The entries of the input, the weight, the bias and the output (every sample)."""
    samples = spec.batch or 1
    return (
        samples * (math.prod(spec.input_shape[-spec.rank - 1 :]))
        + math.prod(spec.weight_shape)
        + (spec.out_channels if spec.bias else 0)
        + samples * math.prod(spec.output_shape[-spec.rank - 1 :])
    )


def describe(spec: ConvSpec) -> str:
    """A short phrase of a spec's sizes for a message ("input 3000x3000, kernel 3x3, stride 2").

    Examples:
        >>> describe(ConvSpec.create((5, 5), (3, 3), stride=2, in_channels=2, out_channels=2))
        'input 5x5, kernel 3x3, stride 2, channels 2->2'
    """
    parts = [
        "input " + "x".join(map(str, spec.input_size)),
        "kernel " + "x".join(map(str, spec.kernel_size)),
    ]
    for name, values, default in (
        ("stride", spec.stride, 1),
        ("dilation", spec.dilation, 1),
    ):
        if any(v != default for v in values):
            shown = str(values[0]) if len(set(values)) == 1 else ",".join(map(str, values))
            parts.append(f"{name} {shown}")
    if spec.in_channels > 1 or spec.out_channels > 1:
        parts.append(f"channels {spec.in_channels}->{spec.out_channels}")
    if spec.batch is not None:
        parts.append(f"batch {spec.batch}")
    return ", ".join(parts)


def numeric_bytes(spec: ConvSpec, method: str, itemsize: int) -> int:
    """The bytes of the arrays a NumPy convolution of :mod:`symtconv.core.numeric` holds at its
    peak: its input and weight, the intermediate arrays, the output (twice, with the bias).

    Args:
        spec: the geometry.
        method: ``"scatter"`` (conv_transpose), ``"zero_insertion"`` or ``"gather"`` (conv).
        itemsize: bytes per entry (:data:`OBJECT_BYTES` for object arrays).
    """
    n = spec.batch or 1
    rank = spec.rank
    x = n * spec.in_channels * math.prod(spec.input_size)
    w = math.prod(spec.weight_shape)
    out = n * spec.out_channels * math.prod(spec.output_size)
    taps = math.prod(spec.kernel_size)
    if method == "scatter":
        cols = n * taps * spec.out_channels * math.prod(spec.input_size)
        canvas = n * spec.out_channels
        for dim in range(rank):
            i, k, s, d = (
                spec.input_size[dim],
                spec.kernel_size[dim],
                spec.stride[dim],
                spec.dilation[dim],
            )
            span = (i - 1) * s + d * (k - 1) + 1
            canvas *= max(span, spec.padding[dim][0] + spec.output_size[dim])
        total = 2 * x + w + cols + 2 * canvas + 2 * out
    elif method == "gather":
        padded = n * spec.in_channels
        for dim in range(rank):
            lo, hi = spec.padding[dim]
            padded *= spec.input_size[dim] + lo + hi
        patches = n * spec.in_channels * taps * math.prod(spec.output_size)
        total = 2 * x + w + padded + patches + 2 * out
    elif method == "zero_insertion":
        stretched = n * spec.in_channels
        for dim in range(rank):
            i, k, s, d = (
                spec.input_size[dim],
                spec.kernel_size[dim],
                spec.stride[dim],
                spec.dilation[dim],
            )
            lo, hi = spec.padding[dim]
            reach = d * (k - 1)
            stretched *= (i - 1) * s + 1 + max(reach - lo, 0) + max(reach - hi, 0) + 1
        patches = n * spec.in_channels * taps * math.prod(spec.output_size)
        total = 2 * x + 2 * w + 2 * stretched + patches + 2 * out
    else:
        raise SpecError(f"method: got {method!r}; valid: scatter, zero_insertion, gather")
    return total * itemsize


# ----- a sweep -------------------------------------------------------------------------------


def sweep_configurations(
    ranks: Sequence[int],
    sizes: Sequence[int],
    kernels: Sequence[int],
    strides: Sequence[int],
    paddings: Sequence[int],
    dilations: Sequence[int],
    channels: Sequence[tuple[int, int, int]],
    forward: bool,
) -> int:
    """The configurations a sweep's grid visits at most (before invalid ones are skipped).

    Every (rank, size, kernel, lo, hi, channels) combination, times, for every
    stride ``s`` and dilation ``d``, the ``max(s, d)`` output paddings of the
    transposed convolution and (``forward``) one forward convolution.

    Examples:
        >>> sweep_configurations((1,), (2,), (2,), (1, 2), (0,), (1,), ((1, 1, 1),), False)
        3
    """
    per_pair = sum(max(s, d) + (1 if forward else 0) for s in strides for d in dilations)
    return len(ranks) * len(sizes) * len(kernels) * len(paddings) ** 2 * len(channels) * per_pair


# ----- an expression -------------------------------------------------------------------------


def expanded_terms(expr: Any, cap: int | None = None) -> int:
    """An upper bound on the terms of ``sympy.expand(expr)`` and of every expansion inside it.

    Closed form on the expression tree: a sum has the terms of its parts, a product
    the product of theirs, a power ``b**n`` (integer ``n``) with ``t`` terms in ``b``
    the ``C(|n| + t - 1, t - 1)`` monomials of the multinomial; a function's
    arguments are expanded on their own (the function counts as one term).  The count
    saturates at ``cap`` (so that it never becomes a huge integer).

    Examples:
        >>> import sympy
        >>> a, b, c = sympy.symbols("a b c")
        >>> expanded_terms((a + b) * (b + c)), expanded_terms((a + b + c) ** 64)
        (4, 2145)
    """
    cap = cap if cap is not None else 1 << 62
    worst = 0

    def go(node: Any) -> int:
        nonlocal worst
        args = getattr(node, "args", ())
        if node.is_Add:
            count = min(cap, sum(go(arg) for arg in args))
        elif node.is_Mul:
            count = 1
            for arg in args:
                count = min(cap, count * go(arg))
        elif node.is_Pow and node.exp.is_Integer:
            t = go(node.base)
            n = abs(int(node.exp))
            count = 1 if t == 1 else min(cap, _multinomial(n, t, cap))
        elif args:
            for arg in args:
                go(arg)
            count = 1
        else:
            count = 1
        worst = max(worst, count)
        return count

    go(expr)
    return worst


def _multinomial(n: int, t: int, cap: int) -> int:
    """``C(n + t - 1, t - 1)``, saturating at ``cap``."""
    k = min(n, t - 1)
    value = 1
    for i in range(1, k + 1):
        value = value * (n + t - i) // i
        if value > cap:
            return cap
    return value
