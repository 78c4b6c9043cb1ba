"""Verification: independent methods agree, and C's transpose is the adjoint.

For one spec and data, :func:`verify` computes the result by every method in
the registry and compares each with the literal matrix product:

* transposed: ``matrix`` (SymPy ``C^T x``), ``scatter`` (NumPy scatter-add),
  ``zero_insertion`` (NumPy stretched input, flipped kernel), and ``torch``
  (``torch.nn.functional.conv_transpose{1,2,3}d`` in float64) when asked;
* forward: ``matrix`` (SymPy ``C x``), ``gather`` (NumPy windows), ``torch``.

Integer and rational data are compared exactly; float data to the stated
tolerance ``|a - b| <= FLOAT_RTOL * max(1, max|reference|)``; symbolic data
by expanding the difference to zero.  The adjoint identity
``<C u, v> = <u, C^T v>`` is checked on random integer ``u``, ``v`` with the
gather convolution and the scatter transposed convolution (exactly).

:mod:`symtconv.engine.sweeps` runs :func:`verify_spec` over a grid of configurations.

Examples:
    >>> report = verify()  # the seed example
    >>> report.ok, [r.name for r in report.results]
    (True, ['matrix', 'scatter', 'zero_insertion'])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ..core import cost
from ..core.arguments import c_rows, c_transpose_params, conv_params
from ..core.limits import check_seed
from ..core.numeric import conv, conv_transpose, conv_transpose_zero_insertion
from ..core.operands import (
    SpecOptions,
    check_options,
    input_names_axes,
    read_operands,
    symbolic_tensor,
    weight_names_axes,
    with_seed,
)
from ..core.spec import ConvSpec
from ..errors import MissingDependencyError, SpecError, SymtconvError
from ..results import Result
from .product import assemble, multiply

if TYPE_CHECKING:
    from typing import Unpack

__all__ = [
    "FLOAT_RTOL",
    "MAX_ELEMENTS",
    "MAX_NONZEROS",
    "METHODS",
    "AdjointResult",
    "MethodResult",
    "VerifyReport",
    "adjoint_check",
    "compare",
    "data_kind",
    "int64_exact",
    "plain",
    "verify",
    "verify_spec",
]

#: Relative tolerance for float data (relative to max(1, max |reference|)).
FLOAT_RTOL = 1e-9
#: verify's default limit on C's nonzeros (the literal product is exact SymPy arithmetic).
MAX_NONZEROS = 1_000_000
#: verify's default limit on the entries of the input, kernel and output.
MAX_ELEMENTS = 600_000

Method = Callable[[ConvSpec, np.ndarray, np.ndarray, "np.ndarray | None"], np.ndarray]


def _numeric_call(fn: Callable[..., np.ndarray]) -> Method:
    def run(spec: ConvSpec, x: np.ndarray, w: np.ndarray, b: np.ndarray | None) -> np.ndarray:
        return fn(x, w, b, **conv_params(spec))

    return run


def _matrix(spec: ConvSpec, x: np.ndarray, w: np.ndarray, b: np.ndarray | None) -> np.ndarray:
    """The reference: the literal matrix product (SymPy), with the bias (its size checked by
    the caller: :func:`verify_spec` with a budget, :func:`verify`, the sweeps)."""
    product = multiply(spec, _to_sympy(x), _to_sympy(w), max_nonzeros=10**12)
    return assemble(spec, product, None if b is None else _to_sympy(b))


def _torch(spec: ConvSpec, x: np.ndarray, w: np.ndarray, b: np.ndarray | None) -> np.ndarray:
    try:  # optional: torch is a test extra, imported only when asked for
        import torch
        import torch.nn.functional as F
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            "method 'torch' needs PyTorch; install it with: pip install torch==2.13.0"
        ) from exc
    as_t = lambda a: torch.tensor(np.asarray(a, dtype=np.float64))  # noqa: E731
    xt = as_t(x) if spec.batch is not None else as_t(x)[None]
    pads = [lo for lo, _ in spec.padding]
    extra = [hi - lo for lo, hi in spec.padding]
    bias = None if b is None else as_t(b)
    common = {"stride": spec.stride, "groups": spec.groups, "dilation": spec.dilation}
    if spec.transposed:
        fn = getattr(F, f"conv_transpose{spec.rank}d")
        # asymmetric padding: pad with the smaller side, then crop the rest
        lo_pad = [min(lo, hi) for lo, hi in spec.padding]
        out = fn(xt, as_t(w), bias, padding=lo_pad, output_padding=spec.output_padding, **common)
        crop = tuple(
            slice(lo - m, out.shape[2 + n] - (hi - m))
            for n, ((lo, hi), m) in enumerate(zip(spec.padding, lo_pad))
        )
        out = out[(slice(None), slice(None), *crop)]
    else:
        fn = getattr(F, f"conv{spec.rank}d")
        flat = [v for lo, hi in reversed(spec.padding) for v in (lo, hi)]
        xt = F.pad(xt, flat) if any(extra) else xt
        out = fn(xt, as_t(w), bias, padding=0 if any(extra) else pads, **common)
    result = out.numpy()
    return result if spec.batch is not None else result[0]


#: Method registry: name -> (applies to transposed?, applies to forward?, function).
METHODS: dict[str, tuple[bool, bool, Method]] = {
    "matrix": (True, True, _matrix),
    "scatter": (True, False, _numeric_call(conv_transpose)),
    "zero_insertion": (True, False, _numeric_call(conv_transpose_zero_insertion)),
    "gather": (False, True, _numeric_call(conv)),
    "torch": (True, True, _torch),
}
_OPTIONAL = {"torch"}


def _to_sympy(arr: np.ndarray) -> np.ndarray:
    out = np.empty(arr.shape, dtype=object)
    for index, value in np.ndenumerate(arr):
        if isinstance(value, (int, np.integer)):
            out[index] = sympy.Integer(int(value))
        elif isinstance(value, Fraction):
            out[index] = sympy.Rational(value.numerator, value.denominator)
        else:
            out[index] = sympy.sympify(value) if not isinstance(value, sympy.Basic) else value
    return out


def data_kind(*arrays: np.ndarray | None) -> str:
    """What the data are: "symbolic" (any free symbol), else "float", "rational" or "integer"."""
    kinds = set()
    for arr in arrays:
        if arr is None:
            continue
        for value in arr.reshape(-1):
            if isinstance(value, sympy.Basic) and value.free_symbols:
                return "symbolic"
            if isinstance(value, (float, np.floating, sympy.Float)):
                kinds.add("float")
            elif isinstance(value, (Fraction, sympy.Rational)) and not (
                isinstance(value, sympy.Integer)
                or (isinstance(value, Fraction) and value.denominator == 1)
            ):
                kinds.add("rational")
    return "float" if "float" in kinds else "rational" if "rational" in kinds else "integer"


def plain(arr: np.ndarray | None, kind: str, int64: bool) -> np.ndarray | None:
    """Data in the form the numeric methods compute exactly (or in floats).

    Integers go to int64 when ``int64`` says no sum of products can overflow,
    else stay Python integers (object arrays).
    """
    if arr is None:
        return None
    if kind == "integer":
        values = [int(v) for v in arr.reshape(-1)]
        return np.array(values, dtype=np.int64 if int64 else object).reshape(arr.shape)
    if kind == "rational":
        return np.array(
            [Fraction(int(sympy.Rational(v).p), int(sympy.Rational(v).q)) for v in arr.reshape(-1)],
            dtype=object,
        ).reshape(arr.shape)
    if kind == "float":
        return np.array([float(v) for v in arr.reshape(-1)], dtype=np.float64).reshape(arr.shape)
    return arr


@dataclass(frozen=True)
class MethodResult:
    """How one method's result compares with the literal matrix product.

    Attributes:
        name: the method's registry name.
        agrees: True when equal (exactly, or within the tolerance for floats).
        comparison: "exact", "algebraic" (symbolic: the difference expands to 0),
            "rtol 1e-09" (float data, or torch's float64 result) or "exact at random
            integers" (symbolic data, every symbol given a random integer).
        max_abs_diff: largest absolute difference (numeric data), else None.
        error: the error the method raised, if any.
        not_applicable: why the method does not apply to this data (then it was not
            run, and it counts neither as agreeing nor as disagreeing), or None.
        entries: how many output entries were compared, when not all of them.
    """

    name: str
    agrees: bool
    comparison: str = "exact"
    max_abs_diff: float | None = None
    error: str | None = None
    not_applicable: str | None = None
    entries: int | None = None


@dataclass(frozen=True)
class AdjointResult:
    """``<C u, v>`` and ``<u, C^T v>`` on random integer u, v (gather vs scatter)."""

    lhs: int
    rhs: int

    @property
    def holds(self) -> bool:
        """True when the two inner products are equal."""
        return self.lhs == self.rhs


@dataclass(frozen=True, eq=False)
class VerifyReport(Result):
    """The outcome of :func:`verify` for one spec and one set of data.

    Attributes:
        spec: the geometry.
        data_kind: "integer", "rational", "float" or "symbolic".
        results: one :class:`MethodResult` per method (the reference first).
        adjoint: the adjoint identity check (None when not run).
        output: the reference output (object array, full layout).
        rtol: the relative tolerance float data is compared to.
        random_range: for symbolic data compared at random values of the symbols
            (:func:`symtconv.engine.output_verification.verify_output`), ``r``: the
            values were nonzero integers from ``-r`` to ``r``; else None.
    """

    spec: ConvSpec
    data_kind: str
    results: tuple[MethodResult, ...]
    adjoint: AdjointResult | None
    output: np.ndarray = field(repr=False)
    rtol: float = FLOAT_RTOL
    random_range: int | None = None

    @property
    def ok(self) -> bool:
        """True when every method that applies agrees and the adjoint identity holds."""
        return all(r.agrees or r.not_applicable for r in self.results) and (
            self.adjoint is None or self.adjoint.holds
        )


def int64_exact(spec: ConvSpec, *arrays: np.ndarray | None) -> bool:
    """True when int64 holds every sum of products of this integer data exactly."""
    big = max((abs(int(v)) for a in arrays if a is not None for v in a.reshape(-1)), default=0)
    terms = max(spec.in_channels, spec.out_channels) * math.prod(spec.kernel_size) + 1
    return big * big * terms < 1 << 62


def _exact(value: Any) -> int | Fraction | None:
    """A number as an exact int or Fraction (None for NaN or infinity)."""
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, sympy.Rational):
        return int(value.p) if value.q == 1 else Fraction(int(value.p), int(value.q))
    try:
        return Fraction(value)  # a float exactly, or a Fraction
    except (ValueError, OverflowError):
        return None


def compare(ref: np.ndarray, got: np.ndarray, kind: str) -> tuple[bool, float | None]:
    """(equal?, max |difference|) -- exact for integer/rational, tolerance for float."""
    if got.shape != ref.shape:
        return False, None
    pairs = list(zip(ref.reshape(-1), got.reshape(-1)))
    if kind == "symbolic":
        return all(sympy.expand(sympy.sympify(a) - sympy.sympify(b)) == 0 for a, b in pairs), None
    if kind == "float":
        diffs = [abs(float(a) - float(b)) for a, b in pairs]
        scale = max([1.0] + [abs(float(a)) for a, _ in pairs])
        # all(...) and np.max, not max(): a NaN must count as a difference
        return all(d <= FLOAT_RTOL * scale for d in diffs), float(np.max(diffs, initial=0.0))
    exact = [(_exact(a), _exact(b)) for a, b in pairs]
    if any(a is None or b is None for a, b in exact):
        return False, float("nan")
    diffs = [abs(a - b) for a, b in exact]  # type: ignore[operator]
    return all(d == 0 for d in diffs), float(max(diffs, default=0))


def adjoint_check(spec: ConvSpec, rng: np.random.Generator) -> AdjointResult:
    """<C u, v> with the gather convolution vs <u, C^T v> with the scatter one.

    C is the matrix of ``spec.forward_equivalent()`` (restricted to the first
    ``row_size`` output positions, see :mod:`symtconv.core.matrix`); ``C^T v`` is the
    transposed convolution whose output_padding gives back C's column size.
    """
    fwd = spec.forward_equivalent()
    w = rng.integers(-9, 10, fwd.weight_shape).astype(object)
    u = rng.integers(-9, 10, fwd.input_shape).astype(object)
    v = rng.integers(
        -9, 10, (*fwd.input_shape[: -spec.rank - 1], spec.row_channels, *spec.row_size)
    )
    cu = conv(u, w, None, **conv_params(fwd))[c_rows(spec)]
    ctv = conv_transpose(v.astype(object), w, None, **c_transpose_params(spec))
    return AdjointResult(int(np.sum(cu * v)), int(np.sum(u * ctv)))


def verify_spec(
    spec: ConvSpec,
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None = None,
    *,
    methods: Sequence[str] | None = None,
    with_torch: bool = False,
    adjoint: bool = True,
    symbolic: bool = False,
    seed: int = 0,
    budget: cost.Budget | None = None,
) -> VerifyReport:
    """Verify one spec on given full-layout data (object arrays or numbers).

    Args:
        spec: the geometry (``x`` must have ``spec.input_shape``, ``w`` ``spec.weight_shape``).
        x, w, b: the data; SymPy values, ints, Fractions or floats.
        methods: registry names to run (default: every applicable one except torch).
        with_torch: also run the torch method.
        adjoint: also check the adjoint identity on random integer data.
        symbolic: also compare the symbolic ``C^T x`` (``C x``) with the
            scatter-add (gather) of symbols ``x_{...}``, ``w_{...}`` (method "symbolic").
        seed: seed for the adjoint check's random data.
        budget: the limits of the exact work, checked first (default: verify's,
            :data:`MAX_NONZEROS` and :data:`MAX_ELEMENTS`).

    Raises:
        SpecError: an unknown or inapplicable method name, a bad seed.
        MissingDependencyError: a method needs a package that is not installed.
        TooLargeError: the spec is above the budget.
    """
    seed = check_seed(seed)
    (budget or cost.Budget(MAX_NONZEROS, MAX_ELEMENTS)).check_spec(spec)
    applicable = [name for name, (t, f, _) in METHODS.items() if (t if spec.transposed else f)]
    if methods is None:
        names = [n for n in applicable if n not in _OPTIONAL]
    else:
        names = list(dict.fromkeys(["matrix", *methods]))
    if with_torch and "torch" not in names:
        names.append("torch")
    for name in names:
        if name not in applicable:
            raise SpecError(
                f"methods: got {name!r}; valid for a "
                f"{'transposed' if spec.transposed else 'forward'} convolution: "
                f"{', '.join(applicable)}"
            )
    kind = data_kind(x, w, b)
    data = [
        plain(a, kind, int64_exact(spec, x, w, b) if kind == "integer" else False)
        for a in (x, w, b)
    ]
    ref = METHODS["matrix"][2](spec, *data)  # type: ignore[arg-type]
    how = {"symbolic": "algebraic", "float": f"rtol {FLOAT_RTOL:g}"}.get(kind, "exact")
    results = [MethodResult("matrix", True, how, 0.0 if kind != "symbolic" else None)]
    for name in names[1:]:
        fn = METHODS[name][2]
        if name == "torch" and kind == "symbolic":
            reason = "symbolic data (torch computes numbers)"
            results.append(MethodResult(name, False, how, not_applicable=reason))
            continue
        try:
            got = fn(spec, *data)  # type: ignore[arg-type]
        except MissingDependencyError:
            raise
        except (SymtconvError, RuntimeError, ValueError) as exc:
            results.append(MethodResult(name, False, how, error=f"{type(exc).__name__}: {exc}"))
            continue
        cmp_kind = "float" if name == "torch" and kind != "symbolic" else kind
        agrees, diff = compare(ref, got, cmp_kind)
        label = f"rtol {FLOAT_RTOL:g}" if cmp_kind == "float" else how
        results.append(MethodResult(name, agrees, label, diff))
    if symbolic:
        results.append(MethodResult("symbolic", _symbolic_agrees(spec), "algebraic"))
    adj = adjoint_check(spec, np.random.default_rng(seed)) if adjoint else None
    return VerifyReport(spec, kind, tuple(results), adj, ref)


def verify(
    input: Any = None,
    kernel: Any = None,
    *,
    methods: Sequence[str] | None = None,
    with_torch: bool = False,
    random_data: bool = False,
    seed: int = 0,
    max_nonzeros: int = MAX_NONZEROS,
    max_elements: int = MAX_ELEMENTS,
    **options: Unpack[SpecOptions],
) -> VerifyReport:
    """Check that every method gives the same result as the literal matrix product.

    Operands are given as for :func:`symtconv.derive`.  With shapes only
    (or ``random_data=True``), entries are random integers in [-9, 9] drawn
    from ``seed``; with no operands, the seed tutorial's example is used.

    Args:
        input, kernel: values, or ``None`` with the shapes in ``options``.
        methods: registry names to run (default: every applicable one except torch).
        with_torch: also run the torch method.
        random_data: random integers instead of the given values.
        seed: seed of the random data and of the adjoint check (0 to 2**64 - 1).
        max_nonzeros: refuse a C with more structural nonzeros (times the samples).
        max_elements: refuse more entries in the input, kernel, bias and output.
        **options: the spec options (:class:`~symtconv.core.operands.SpecOptions`).

    Raises:
        SpecError: invalid parameters or operands, an unknown method, a bad seed.
        MissingDependencyError: a requested method's package is missing.
        TooLargeError: above ``max_nonzeros`` or ``max_elements`` (checked before any
            operand is built).
    """
    check_options(
        dict(options),
        "methods",
        "with_torch",
        "random_data",
        "seed",
        "max_nonzeros",
        "max_elements",
    )
    seed = check_seed(seed)
    budget = cost.Budget(
        cost.check_limit(max_nonzeros, cost.MAX_NONZEROS),
        cost.check_limit(max_elements, cost.MAX_ELEMENTS),
    )
    input, kernel = with_seed(input, kernel, options)  # the seed's values, not random
    spec, x, w, b = read_operands(input, kernel, budget=budget, **options)
    rng = np.random.default_rng(seed)
    if random_data or input is None:
        x = rng.integers(-9, 10, spec.input_shape).astype(object)
    if random_data or kernel is None:
        w = rng.integers(-9, 10, spec.weight_shape).astype(object)
    if spec.bias and (random_data or options.get("bias") is True):
        b = rng.integers(-9, 10, (spec.out_channels,)).astype(object)
    return verify_spec(
        spec, x, w, b, methods=methods, with_torch=with_torch, seed=seed, budget=budget
    )


def _symbolic_agrees(spec: ConvSpec) -> bool:
    """Symbolic C^T x (or C x) equals the symbolic scatter-add (or gather)."""
    x = symbolic_tensor("x", spec.input_shape, input_names_axes(spec))
    w = symbolic_tensor("w", spec.weight_shape, weight_names_axes(spec))
    ref = METHODS["matrix"][2](spec, x, w, None)
    other = METHODS["scatter" if spec.transposed else "gather"][2](spec, x, w, None)
    return compare(ref, other, "symbolic")[0]
