"""Verifying a derivation's own output, without computing the product again.

:func:`verify_output` takes the output a derivation built and checks it with the
independent methods of :mod:`symtconv.engine.verification`:

* numeric data: every method on the data, compared with the output exactly
  (integers, rationals) or to the tolerance (floats);
* symbolic data: every symbol gets a random nonzero integer; the output,
  evaluated at those integers, is compared exactly with every method on the
  integers -- all of its entries -- and the entries named in ``shown`` (those a
  document displays) are also compared algebraically with the definition of the
  (transposed) convolution, entry by entry (:func:`definition_entry`).

Symbolic data whose values at integers are not all rational (``sin(a)``, a
division by zero) are compared algebraically entry by entry as
:func:`~symtconv.engine.verification.verify_spec` does.

Examples:
    >>> from symtconv import derive
    >>> d = derive(input_shape=(2, 2), kernel_shape=(2, 2))
    >>> report = verify_output(d.spec, d.x, d.w, d.b, d.output_full, shown=[(0, 1, 1)])
    >>> report.ok
    True
    >>> for r in report.results:
    ...     print(r.name, r.comparison, r.entries)
    matrix exact at random integers None
    scatter exact at random integers None
    zero_insertion exact at random integers None
    definition algebraic 1
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from sympy import Add, Mul, Symbol

from ..core.operands import same_value
from ..core.spec import ConvSpec
from ..errors import SymtconvError
from .verification import (
    FLOAT_RTOL,
    METHODS,
    MethodResult,
    VerifyReport,
    adjoint_check,
    compare,
    data_kind,
    int64_exact,
    plain,
    verify_spec,
)

__all__ = ["RANDOM_RANGE", "Values", "definition_entry", "evaluate", "verify_output"]

#: Symbols get random integers in [-RANDOM_RANGE, RANDOM_RANGE], never 0.
RANDOM_RANGE = 99

RANDOM = "exact at random integers"


class Values(dict[Any, int]):
    """Integer values of symbols, looked up by identity first (SymPy's ``__hash__`` is
    Python code; an ``id`` is not), by equality when a symbol is another object."""

    def __init__(self, values: dict[Any, int]) -> None:
        super().__init__(values)
        self.by_id = {id(s): v for s, v in values.items()}
        ids = np.fromiter(self.by_id, dtype=np.uint64, count=len(self.by_id))
        order = np.argsort(ids)
        #: the symbols' ids, sorted, and their values in that order (:meth:`of_all`)
        self.ids = ids[order]
        self.sorted_values = np.fromiter(self.by_id.values(), np.int64, len(self.by_id))[order]

    def of_all(self, objects: Sequence[Any]) -> np.ndarray | None:
        """The values of ``objects`` (each one of the symbols themselves), as int64, in
        NumPy (their ids looked up in :attr:`ids`); None when one is another object."""
        if not len(self.ids):
            return None
        ids = np.fromiter(map(id, objects), dtype=np.uint64, count=len(objects))
        pos = np.searchsorted(self.ids, ids)
        pos[pos == len(self.ids)] = 0
        if not (self.ids[pos] == ids).all():
            return None
        found: np.ndarray = self.sorted_values[pos]
        return found

    def of(self, symbol: Any) -> int:
        """The value of ``symbol``."""
        value = self.by_id.get(id(symbol))
        return self[symbol] if value is None else value


def evaluate(expr: Any, values: Values) -> Any:
    """``expr`` with each symbol replaced by its value, exactly.

    Sums and products of symbols and rationals are evaluated in Python
    integers and fractions (the loops are written out: this runs once per
    entry of a derivation); anything else through ``xreplace``.

    Examples:
        >>> a, b = sympy.symbols("a b")
        >>> evaluate(2 * a * b + sympy.Rational(1, 2), Values({a: 3, b: -1}))
        Fraction(-11, 2)
    """
    by_id = values.by_id
    kind = type(expr)
    if kind is Add:
        total: Any = 0
        for term in expr.args:
            if type(term) is Mul:
                product: Any = 1
                for f in term.args:
                    v = by_id.get(id(f))
                    product *= v if v is not None else evaluate(f, values)
                total += product
            else:
                v = by_id.get(id(term))
                total += v if v is not None else evaluate(term, values)
        return total
    if kind is Mul:
        product = 1
        for f in expr.args:
            v = by_id.get(id(f))
            product *= v if v is not None else evaluate(f, values)
        return product
    if kind is Symbol:
        return values.of(expr)
    if isinstance(expr, sympy.Rational):
        return int(expr.p) if expr.q == 1 else Fraction(int(expr.p), int(expr.q))
    if not isinstance(expr, sympy.Basic):
        return expr
    value = expr.xreplace({s: sympy.Integer(values.of(s)) for s in expr.free_symbols})
    if isinstance(value, sympy.Rational):
        return int(value.p) if value.q == 1 else Fraction(int(value.p), int(value.q))
    return value


def definition_entry(
    spec: ConvSpec, x: np.ndarray, w: np.ndarray, b: np.ndarray | None, index: Sequence[int]
) -> sympy.Expr:
    """One output entry (full layout) straight from the definition, as a SymPy sum.

    Transposed: ``y[n, c, o]`` sums ``x[n, ci, q] * w[ci, c', t]`` over the
    channels ``ci`` of ``c``'s group and the taps ``t`` for which
    ``q = (o + p_lo - t*d) / s`` is a whole input position.  Forward: it sums
    ``x[n, ci, o*s - p_lo + t*d] * w[c, ci', t]`` where that position is inside
    the input.  The bias is added.

    Examples:
        >>> spec = ConvSpec.create(2, 2)
        >>> x, w = sympy.symbols("x0 x1"), sympy.symbols("w0 w1")
        >>> definition_entry(spec, np.array([x]), np.array([[w]]), None, (0, 1))
        w0*x1 + w1*x0
    """
    rank = spec.rank
    lead = tuple(index[: -rank - 1])
    c, o = index[-rank - 1], index[-rank:]
    g = c // (spec.out_channels // spec.groups)
    per_in = spec.in_channels // spec.groups
    terms = []
    for ci, t in itertools.product(range(per_in), itertools.product(*map(range, spec.kernel_size))):
        q = []
        for n in range(rank):
            (lo, _), s, d = spec.padding[n], spec.stride[n], spec.dilation[n]
            if spec.transposed:
                offset = o[n] + lo - t[n] * d
                q.append(offset // s if offset % s == 0 else -1)
            else:
                q.append(o[n] * s - lo + t[n] * d)
        if not all(0 <= q[n] < spec.input_size[n] for n in range(rank)):
            continue
        if spec.transposed:
            channel, weight = (
                g * per_in + ci,
                (g * per_in + ci, c % (spec.out_channels // spec.groups)),
            )
        else:
            channel, weight = g * per_in + ci, (c, ci)
        terms.append(x[(*lead, channel, *q)] * w[(*weight, *t)])
    if b is not None:
        terms.append(b[c])
    return Add(*terms)


def _symbol_values(arrays: Iterable[np.ndarray | None], rng: np.random.Generator) -> Values:
    """A random nonzero integer for every symbol, in the order the symbols first appear."""
    found: dict[Any, None] = {}
    for arr in arrays:
        if arr is None:
            continue
        flat = arr.reshape(-1).tolist()
        if set(map(type, flat)) == {Symbol}:  # the usual operand: its symbols, in order
            found.update(dict.fromkeys(flat))
            continue
        for value in flat:
            if type(value) is Symbol:
                found.setdefault(value)
            elif isinstance(value, sympy.Basic):
                for s in sorted(value.free_symbols, key=sympy.default_sort_key):
                    found.setdefault(s)
    magnitudes = rng.integers(1, RANDOM_RANGE + 1, len(found))
    signs = rng.choice([-1, 1], len(found))
    return Values(dict(zip(found, (magnitudes * signs).tolist())))


def _evaluated(arr: np.ndarray | None, values: Values) -> np.ndarray | None:
    if arr is None:
        return None
    flat = arr.reshape(-1).tolist()
    fast = _symbols(flat, values)
    if fast is None:
        fast = _sums_of_products(flat, values)
    out = np.empty(len(flat), dtype=object)
    out[:] = [evaluate(v, values) for v in flat] if fast is None else fast
    return out.reshape(arr.shape)


def _symbols(flat: list[Any], values: Values) -> list[int] | None:
    """:func:`evaluate` of every entry at once when each is one of the symbols (a
    derivation's usual input and kernel); None otherwise."""
    if not flat or set(map(type, flat)) != {Symbol}:
        return None
    found = values.of_all(flat)
    return None if found is None else found.tolist()


_ARGS = operator.attrgetter("_args")  # the slot behind .args, a Python property


def _sums_of_products(flat: list[Any], values: Values) -> list[int] | None:
    """:func:`evaluate` of every entry at once when each is a product of two symbols or
    a sum of such products (a derivation's usual output), with NumPy; None otherwise.

    The loops over the entries and their terms are C's (``map``), the symbols' values
    looked up by id in NumPy (:meth:`Values.of_all`)."""
    if not flat:
        return None
    terms = [e._args if type(e) is Add else (e,) for e in flat]
    products = list(itertools.chain.from_iterable(terms))
    if set(map(type, products)) != {Mul}:
        return None
    pairs = list(map(_ARGS, products))
    if set(map(len, pairs)) != {2}:
        return None
    first = values.of_all(list(map(operator.itemgetter(0), pairs)))
    second = values.of_all(list(map(operator.itemgetter(1), pairs)))
    if first is None or second is None:  # a factor that is not one of the symbols
        return None
    lengths = list(map(len, terms))
    if max(lengths) * RANDOM_RANGE**2 >= 2**62:  # pragma: no cover - int64 suffices
        return None
    starts = np.cumsum([0, *lengths])[:-1]
    sums: list[int] = np.add.reduceat(first * second, starts).tolist()
    return sums


def _types(*arrays: np.ndarray | None) -> set[type]:
    """The types of the values of the arrays."""
    return set().union(*(set(map(type, a.reshape(-1).tolist())) for a in arrays if a is not None))


def _same(ref: np.ndarray, got: np.ndarray) -> tuple[bool, float | None]:
    """Exact comparison, in NumPy when both are int64 arrays."""
    if ref.dtype == np.int64 and got.dtype == np.int64 and ref.shape == got.shape:
        diff = np.abs(ref - got)
        return bool((diff == 0).all()), float(diff.max(initial=0))
    return compare(ref, got, "rational")


def verify_output(
    spec: ConvSpec,
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None,
    output: np.ndarray,
    *,
    shown: Iterable[Sequence[int]] = (),
    seed: int = 0,
) -> VerifyReport:
    """Verify ``output`` (full layout, bias included), the literal product of ``x`` and ``w``.

    Args:
        spec: the geometry.
        x, w, b: the derivation's operands (object arrays of SymPy values).
        output: the derivation's output.
        shown: full-layout output indices to compare algebraically as well (symbolic data).
        seed: seed of the random integers and of the adjoint check.
    """
    kind = data_kind(x, w, b)
    values: Values | None = None
    if kind == "symbolic":
        values = at = _symbol_values((x, w, b), np.random.default_rng(seed))
        data = [_evaluated(a, at) for a in (x, w, b)]
        ref = _evaluated(output, at)
        types = _types(ref, *data)
        if not types <= {int, Fraction}:  # e.g. sin(a) at an integer: compare algebraically
            return verify_spec(spec, x, w, b, seed=seed)
        kind = "integer" if types <= {int} else "rational"
    else:
        data = [x, w, b]
        ref = output
    int64 = kind == "integer" and int64_exact(spec, *data)
    data = [plain(a, kind, int64) for a in data]
    ref = plain(ref, kind, int64)
    assert ref is not None
    how = RANDOM if values is not None else f"rtol {FLOAT_RTOL:g}" if kind == "float" else "exact"
    results = [MethodResult("matrix", True, how, 0.0)]
    for name, (transposed, forward, method) in METHODS.items():
        if name in ("matrix", "torch") or not (transposed if spec.transposed else forward):
            continue
        try:
            got = method(spec, *data)  # type: ignore[arg-type]
        except (SymtconvError, RuntimeError, ValueError) as exc:  # as verify_spec reports it
            results.append(MethodResult(name, False, how, error=f"{type(exc).__name__}: {exc}"))
            continue
        agrees, diff = compare(ref, got, "float") if kind == "float" else _same(ref, got)
        results.append(MethodResult(name, agrees, how, diff))
    if values is not None:
        indices = [tuple(int(i) for i in index) for index in shown]
        agrees = all(
            map(
                same_value,
                (output[i] for i in indices),
                (definition_entry(spec, x, w, b, i) for i in indices),
            )
        )
        results.append(MethodResult("definition", agrees, "algebraic", None, entries=len(indices)))
    report_kind = "symbolic" if values is not None else kind
    return VerifyReport(
        spec,
        report_kind,
        tuple(results),
        adjoint_check(spec, np.random.default_rng(seed)),
        output,
        random_range=RANDOM_RANGE if values is not None else None,
    )
