"""SymPy's canonical sums of products, built directly: the entries of the literal product.

``sympy.Mul(w, x)`` and ``sympy.Add(*terms)`` spend most of their time finding
out what the caller often knows: that the factors are distinct symbols, that no
two terms combine, and the order SymPy keeps their arguments in (``Mul`` and
``Add`` sort them by :meth:`sympy.core.basic.Basic.compare`, ``Add`` keeps
its number first).  This module decides that for a whole product at once,
with NumPy, and then builds each entry with ``Mul._from_args`` and
``Add._from_args`` -- the objects SymPy's own constructors return, so the
result is ``==`` to theirs.

Every value of the operands is an *atom* of one of four kinds: zero (its
products are dropped), a rational number, a commutative :class:`sympy.Symbol`,
or anything else.  Symbols and rationals get a *rank*: their place in
``Basic.compare``'s order, from a key that mirrors it (class, length of the
hashable content, the content).  A term of an entry is then

* ``a*b``, two distinct symbols: ``Mul(a, b)`` with the lower rank first;
* ``c*s``, a rational and a symbol: ``s`` when ``c`` is 1, else ``Mul(c, s)``;
* ``c*d``, two rationals: a number, summed exactly into the entry's number;

and the entry is its number (when not zero) followed by its terms sorted by
their own ``compare`` key (class, then the ranks of their arguments).  An
entry with a term of any other kind, a square (``s*s``) or two terms that
``Add`` would combine (the same symbols twice) is summed by :func:`sympy.Add`
of the products instead, taken in the order SymPy's sparse matrix product
takes them, so that float sums round alike.

Examples:
    >>> import numpy as np
    >>> x, y, w = sympy.symbols("x y w")
    >>> atoms = Atoms([np.array([w, 2], dtype=object), np.array([x, y], dtype=object)])
    >>> rows = np.array([0, 0, 1]); inputs = np.array([0, 1, 1]); taps = np.array([0, 1, 1])
    >>> entries(atoms, rows, inputs, taps, 2)
    ((w*x + 2*y, 2*y),)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from sympy import Add, Mul, Rational, S, Symbol
from sympy.core.basic import ordering_of_classes

from ..errors import SpecError

__all__ = ["Atoms", "compare_key", "entries"]

#: The kinds of atom.
ZERO, RATIONAL, SYMBOL, OTHER = 0, 1, 2, 3

_CLASS_INDEX = {name: n for n, name in enumerate(ordering_of_classes)}
_UNKNOWN = len(ordering_of_classes) + 1
_NOT_FINITE = (S.Infinity, S.NegativeInfinity, S.ComplexInfinity, S.NaN)


def _class_key(cls: type) -> tuple[int, str]:
    """The order ``Basic.compare`` puts classes in: their place in
    ``ordering_of_classes``, classes not listed after them by name."""
    key = _CLASS_KEYS.get(cls)
    if key is None:
        index = _CLASS_INDEX.get(cls.__name__)
        key = _CLASS_KEYS[cls] = (index, "") if index is not None else (_UNKNOWN, cls.__name__)
    return key


_CLASS_KEYS: dict[type, tuple[int, str]] = {}


def compare_key(atom: sympy.Basic) -> tuple[Any, ...]:
    """A sort key of a symbol or a number that orders like :meth:`Basic.compare`.

    ``compare`` orders by class (:func:`_class_key`), then by the length of
    the hashable content, then item by item (here: strings, integers and
    tuples of them, which Python compares as ``compare`` does).

    Examples:
        >>> a, b = sympy.Symbol("w_{0}"), sympy.Symbol("x_{0}")
        >>> (compare_key(a) < compare_key(b)) == (a.compare(b) < 0)
        True
    """
    content = atom._hashable_content()
    return (_class_key(type(atom)), len(content), content)


#: Where a term of a sum goes among the others: by its class first (a Symbol before a Mul).
_SINGLE = int(_class_key(Symbol) > _class_key(Mul))
_PRODUCT = 1 - _SINGLE


def _kind(value: Any) -> int:
    if type(value) is Symbol:
        return SYMBOL if value.is_commutative else OTHER
    if isinstance(value, Rational):
        return ZERO if value is S.Zero else RATIONAL
    if isinstance(value, sympy.Basic) and value.has(*_NOT_FINITE):
        raise SpecError(f"an entry is {value}; entries must be finite")
    return OTHER


def _exact(value: Rational) -> int | Fraction:
    p, q = int(value.p), int(value.q)
    return p if q == 1 else Fraction(p, q)


@dataclass(eq=False)
class Atoms:
    """The values of the operands, each with its kind and, for symbols and
    rationals, its rank in SymPy's order.

    Attributes:
        groups: flat object arrays: the weight first, then each sample of the input.
        kinds: per group, each value's kind (:data:`ZERO`, :data:`RATIONAL`, ...).
        ranks: per group, each value's rank (-1 for zeros and other values).
        table: the ranked atoms, by rank.
        one: the rank of 1, or -1 when no value is 1.
    """

    groups: list[np.ndarray]
    kinds: list[np.ndarray] = field(init=False)
    ranks: list[np.ndarray] = field(init=False)
    table: list[sympy.Expr] = field(init=False)
    one: int = field(init=False)

    def __post_init__(self) -> None:
        values = [v for group in self.groups for v in group.tolist()]
        kinds = [_kind(v) for v in values]
        ranked = [n for n, kind in enumerate(kinds) if kind == SYMBOL or kind == RATIONAL]
        keys = [compare_key(values[n]) for n in ranked]
        ranks = [-1] * len(values)
        self.table, last = [], None
        for n in sorted(range(len(ranked)), key=keys.__getitem__):
            if keys[n] != last:  # equal keys: the same class and content, an equal atom
                self.table.append(values[ranked[n]])
                last = keys[n]
            ranks[ranked[n]] = len(self.table) - 1
        rank_array = np.array(ranks, dtype=np.int64)
        bounds = np.cumsum([0, *(g.size for g in self.groups)])
        kind_array = np.array(kinds, dtype=np.int8)
        self.kinds = [kind_array[a:b] for a, b in itertools.pairwise(bounds)]
        self.ranks = [rank_array[a:b] for a, b in itertools.pairwise(bounds)]
        one = [n for n, atom in enumerate(self.table) if atom is S.One]
        self.one = one[0] if one else -1

    def value(self, group: int, index: int) -> Any:
        """A value of a group (the weight is group 0, sample ``n`` is group ``n + 1``)."""
        return self.groups[group][index]


@dataclass(eq=False)
class _Columns:
    """The nonzeros grouped by output entry, inputs ascending (built on first use)."""

    outer: np.ndarray
    inner: np.ndarray
    taps: np.ndarray
    n_out: int
    _order: np.ndarray | None = None
    _bounds: np.ndarray | None = None
    _live_inputs: set[int] | None = None

    def entry(self, j: int) -> tuple[list[int], list[int]]:
        """The inputs and taps of output entry ``j``, inputs ascending."""
        if self._order is None:
            self._order = np.argsort(self.outer, kind="stable")
            self._bounds = np.searchsorted(self.outer[self._order], np.arange(self.n_out + 1))
        assert self._bounds is not None
        picks = self._order[self._bounds[j] : self._bounds[j + 1]]
        return self.inner[picks].tolist(), self.taps[picks].tolist()

    def live_inputs(self, atoms: Atoms) -> set[int]:
        """The inputs that are not zero in some sample, as SymPy's product collects them."""
        if self._live_inputs is None:
            order: dict[int, None] = {}
            for kinds in atoms.kinds[1:]:
                for i in np.flatnonzero(kinds != ZERO).tolist():
                    order.setdefault(i)
            self._live_inputs = set(list(order))  # built one key at a time, as from a dict subclass
        return self._live_inputs


def _sympy_sum(atoms: Atoms, columns: _Columns, j: int, sample: int) -> sympy.Expr:
    """Entry ``j`` by ``sympy.Add`` of ``sympy.Mul`` products, in the order of
    SymPy's sparse product (``sdm_matmul_exraw``: the intersection of the
    entry's nonzero inputs with the inputs nonzero in some sample)."""
    inputs, taps = columns.entry(j)
    w_kinds, x_kinds = atoms.kinds[0], atoms.kinds[sample + 1]
    weights = {
        i: t for i, t in zip(inputs, taps) if w_kinds[t] != ZERO
    }  # a plain dict, as C's rows
    terms = [
        atoms.value(0, weights[i]) * atoms.value(sample + 1, i)
        for i in set(weights) & columns.live_inputs(atoms)
        if x_kinds[i] != ZERO
    ]
    total = Add(*terms)
    return total if total else S.Zero


def entries(
    atoms: Atoms, outer: np.ndarray, inner: np.ndarray, taps: np.ndarray, n_out: int
) -> tuple[tuple[sympy.Expr, ...], ...]:
    """Per sample, the ``n_out`` sums ``y[j]`` of ``w[taps[n]] * x[inner[n]]`` over the
    nonzeros ``n`` with ``outer[n] == j``.

    Args:
        atoms: the weight (group 0) and the samples of the input.
        outer: per nonzero of C, the output entry it adds to.
        inner: per nonzero, the input entry it multiplies.
        taps: per nonzero, the weight entry it holds.
        n_out: the number of output entries.
    """
    columns = _Columns(outer, inner, taps, n_out)
    return tuple(_build(atoms, columns, sample) for sample in range(len(atoms.groups) - 1))


@dataclass(frozen=True, eq=False)
class _Plan:
    """One sample's entries, decided: their terms, in order, as ranks of atoms.

    Attributes:
        bounds: entry ``j``'s terms are ``first[bounds[j]:bounds[j + 1]]`` (and ``second``).
        first: per term, the rank of its first factor (of the symbol, for a bare symbol).
        second: per term, the rank of its second factor (-1 for a bare symbol).
        numbers: the nonzeros whose two values are rational (summed into a number).
        fallback: per entry, whether ``sympy.Add`` sums it instead.
    """

    bounds: np.ndarray
    first: np.ndarray
    second: np.ndarray
    numbers: np.ndarray
    fallback: np.ndarray


def _plan(atoms: Atoms, columns: _Columns, sample: int) -> _Plan:
    """Classify one sample's nonzeros and sort each entry's terms, all at once."""
    outer, inner, taps, n_out = columns.outer, columns.inner, columns.taps, columns.n_out
    kw, rw = atoms.kinds[0][taps], atoms.ranks[0][taps]
    kx, rx = atoms.kinds[sample + 1][inner], atoms.ranks[sample + 1][inner]
    live = (kw != ZERO) & (kx != ZERO)
    other = live & ((kw == OTHER) | (kx == OTHER))
    fallback = np.zeros(n_out, dtype=bool)
    fallback[outer[other]] = True
    symbolic = live & ~other & ((kw == SYMBOL) | (kx == SYMBOL))
    numbers = np.flatnonzero(live & (kw == RATIONAL) & (kx == RATIONAL))

    o, a, b = outer[symbolic], rw[symbolic], rx[symbolic]
    w_is_symbol = kw[symbolic] == SYMBOL
    both = w_is_symbol & (kx[symbolic] == SYMBOL)
    fallback[o[both & (a == b)]] = True  # s*s is a power
    s_rank = np.where(w_is_symbol, a, b)  # c*s: the symbol, and the number
    c_rank = np.where(w_is_symbol, b, a)
    single = ~both & (c_rank == atoms.one)
    r1 = np.where(both, np.minimum(a, b), np.where(single, s_rank, c_rank))
    r2 = np.where(both, np.maximum(a, b), np.where(single, -1, s_rank))
    base = len(atoms.table) + 1
    key = (np.where(single, _SINGLE, _PRODUCT) * base + r1) * base + np.maximum(r2, 0)
    order = np.lexsort((key, o))
    o_sorted = o[order]
    # two terms Add would combine: the same symbols (with any numbers) twice
    if both.all():
        same, where = key[order], o_sorted
    else:
        ident = np.where(both, r1 * base + r2, s_rank * base + base - 1)
        by_ident = np.lexsort((ident, o))
        same, where = ident[by_ident], o[by_ident]
    fallback[where[1:][(where[1:] == where[:-1]) & (same[1:] == same[:-1])]] = True
    small = np.int32 if base < 2**31 else np.int64
    return _Plan(
        bounds=np.searchsorted(o_sorted, np.arange(n_out + 1)),
        first=r1[order].astype(small),
        second=r2[order].astype(small),
        numbers=numbers,
        fallback=fallback,
    )


#: Terms built per block (their ranks become Python lists one block at a time).
_BLOCK = 1 << 16


def _build(atoms: Atoms, columns: _Columns, sample: int) -> tuple[sympy.Expr, ...]:
    """One sample's entries: ``Mul._from_args`` and ``Add._from_args`` as the plan says."""
    plan = _plan(atoms, columns, sample)
    table, mul, add = atoms.table, Mul._from_args, Add._from_args
    out: list[sympy.Expr] = []
    n_out = columns.n_out
    step = max(1, _BLOCK * n_out // max(1, plan.first.size))
    for j0 in range(0, n_out, step):
        j1 = min(j0 + step, n_out)
        bounds = plan.bounds[j0 : j1 + 1].tolist()
        lo, hi = bounds[0], bounds[-1]
        terms = [
            table[p] if q < 0 else mul((table[p], table[q]), True)
            for p, q in zip(plan.first[lo:hi].tolist(), plan.second[lo:hi].tolist())
        ]
        out.extend(add(terms[s - lo : e - lo], True) for s, e in itertools.pairwise(bounds))
    if plan.numbers.size:
        _add_numbers(atoms, columns, sample, plan, out)
    for j in np.flatnonzero(plan.fallback).tolist():
        out[j] = _sympy_sum(atoms, columns, j, sample)
    return tuple(out)


def _add_numbers(
    atoms: Atoms, columns: _Columns, sample: int, plan: _Plan, out: list[sympy.Expr]
) -> None:
    """Put each entry's number (the exact sum of its rational products) first in its sum."""
    picks = plan.numbers
    sums: dict[int, Any] = {}
    w_values, x_values = atoms.groups[0], atoms.groups[sample + 1]
    for j, t, i in zip(
        columns.outer[picks].tolist(), columns.taps[picks].tolist(), columns.inner[picks].tolist()
    ):
        sums[j] = sums.get(j, 0) + _exact(w_values[t]) * _exact(x_values[i])
    for j, total in sums.items():
        if total == 0:
            continue
        count = int(plan.bounds[j + 1] - plan.bounds[j])
        terms = [] if count == 0 else [out[j]] if count == 1 else list(out[j].args)
        number = (
            sympy.Integer(total)
            if isinstance(total, int)
            else Rational(total.numerator, total.denominator)
        )
        out[j] = Add._from_args([number, *terms], True)
