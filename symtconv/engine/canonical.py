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
    >>> outputs, inputs, taps = np.array([0, 0, 1]), np.array([0, 1, 1]), np.array([0, 1, 1])
    >>> nonzeros = Nonzeros(outputs, inputs, taps, np.arange(3), np.array([0, 2, 3]))
    >>> entries(atoms, nonzeros)
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

__all__ = ["BLOCK", "Atoms", "Nonzeros", "compare_key", "entries"]

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
class Nonzeros:
    """C's nonzeros as the product reads them, grouped by output entry.

    Attributes:
        outer: per nonzero, the output entry it adds to.
        inner: per nonzero, the input entry it multiplies.
        taps: per nonzero, the weight entry it holds.
        order: the nonzeros grouped by output entry, inputs ascending in each group.
        bounds: output entry ``j``'s nonzeros are ``order[bounds[j]:bounds[j + 1]]``.
    """

    outer: np.ndarray
    inner: np.ndarray
    taps: np.ndarray
    order: np.ndarray
    bounds: np.ndarray
    _live_inputs: set[int] | None = None

    @property
    def n_out(self) -> int:
        """The number of output entries."""
        return int(self.bounds.size - 1)

    def entry(self, j: int) -> tuple[list[int], list[int]]:
        """The inputs and taps of output entry ``j``, inputs ascending."""
        picks = self.order[self.bounds[j] : self.bounds[j + 1]]
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


def _sympy_sum(atoms: Atoms, nonzeros: Nonzeros, j: int, sample: int) -> sympy.Expr:
    """Entry ``j`` by ``sympy.Add`` of ``sympy.Mul`` products, in the order of
    SymPy's sparse product (``sdm_matmul_exraw``: the intersection of the
    entry's nonzero inputs with the inputs nonzero in some sample)."""
    inputs, taps = nonzeros.entry(j)
    w_kinds, x_kinds = atoms.kinds[0], atoms.kinds[sample + 1]
    weights = {
        i: t for i, t in zip(inputs, taps) if w_kinds[t] != ZERO
    }  # a plain dict, as C's rows
    terms = [
        atoms.value(0, weights[i]) * atoms.value(sample + 1, i)
        for i in set(weights) & nonzeros.live_inputs(atoms)
        if x_kinds[i] != ZERO
    ]
    total = Add(*terms)
    return total if total else S.Zero


#: About this many terms are planned and built at a time (bounding the temporary arrays).
BLOCK = 1 << 16


def entries(atoms: Atoms, nonzeros: Nonzeros) -> tuple[tuple[sympy.Expr, ...], ...]:
    """Per sample, the sums ``y[j]`` of ``w[taps[n]] * x[inner[n]]`` over the nonzeros
    ``n`` with ``outer[n] == j``, for every output entry ``j``.

    Args:
        atoms: the weight (group 0) and the samples of the input.
        nonzeros: C's nonzeros.
    """
    n_out, nnz = nonzeros.n_out, nonzeros.order.size
    step = max(1, BLOCK * n_out // max(1, nnz))
    out = []
    for sample in range(len(atoms.groups) - 1):
        entries: list[sympy.Expr] = []
        for j0 in range(0, n_out, step):
            entries.extend(_block(atoms, nonzeros, sample, j0, min(j0 + step, n_out)))
        out.append(tuple(entries))
    return tuple(out)


def _block(atoms: Atoms, nonzeros: Nonzeros, sample: int, j0: int, j1: int) -> list[sympy.Expr]:
    """Output entries ``j0 .. j1 - 1`` of one sample.

    The terms are classified and sorted with NumPy, then built with
    ``Mul._from_args`` and summed with ``Add._from_args``.
    """
    lo, hi = int(nonzeros.bounds[j0]), int(nonzeros.bounds[j1])
    picks = nonzeros.order[lo:hi]
    outer = nonzeros.outer[picks].astype(np.int64) - j0
    taps, inner = nonzeros.taps[picks], nonzeros.inner[picks]
    kw, rw = atoms.kinds[0][taps], atoms.ranks[0][taps]
    kx, rx = atoms.kinds[sample + 1][inner], atoms.ranks[sample + 1][inner]
    live = (kw != ZERO) & (kx != ZERO)
    other = live & ((kw == OTHER) | (kx == OTHER))
    fallback = np.zeros(j1 - j0, dtype=bool)
    fallback[outer[other]] = True
    numbers = live & (kw == RATIONAL) & (kx == RATIONAL)
    symbolic = live & ~other & ~numbers

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
    # two terms Add would combine: the same symbols (with any numbers) twice
    if both.all():
        same, where = key[order], o[order]
    else:
        ident = np.where(both, r1 * base + r2, s_rank * base + base - 1)
        by_ident = np.lexsort((ident, o))
        same, where = ident[by_ident], o[by_ident]
    fallback[where[1:][(where[1:] == where[:-1]) & (same[1:] == same[:-1])]] = True

    table, mul, add = atoms.table, Mul._from_args, Add._from_args
    first, second = r1[order].tolist(), r2[order].tolist()
    if single.any():
        terms = [
            table[p] if q < 0 else mul((table[p], table[q]), True) for p, q in zip(first, second)
        ]
    else:
        terms = [mul((table[p], table[q]), True) for p, q in zip(first, second)]
    bounds = np.searchsorted(o[order], np.arange(j1 - j0 + 1)).tolist()
    out = [add(terms[s:e], True) for s, e in itertools.pairwise(bounds)]
    if numbers.any():
        w_values, x_values = atoms.groups[0], atoms.groups[sample + 1]
        sums: dict[int, Any] = {}
        for j, t, i in zip(
            outer[numbers].tolist(), taps[numbers].tolist(), inner[numbers].tolist()
        ):
            sums[j] = sums.get(j, 0) + _exact(w_values[t]) * _exact(x_values[i])
        for j, total in sums.items():
            if total != 0:
                number = (
                    sympy.Integer(total)
                    if isinstance(total, int)
                    else Rational(total.numerator, total.denominator)
                )
                out[j] = add([number, *terms[bounds[j] : bounds[j + 1]]], True)
    for j in np.flatnonzero(fallback).tolist():
        out[j] = _sympy_sum(atoms, nonzeros, j0 + j, sample)
    return out
