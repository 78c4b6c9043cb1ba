"""The literal product against SymPy's own sparse matrix product (:mod:`oracles.sparse`),
with C from the naive convolution (:mod:`oracles.naive`): the same expressions, ``==``
entry by entry, on a sweep of specs and kinds of data."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import pytest
import sympy
from oracles.naive import naive_matrix
from oracles.sparse import sympy_product

from symtconv import derive
from symtconv.core.spec import ConvSpec
from symtconv.engine.canonical import compare_key
from symtconv.engine.product import multiply
from symtconv.errors import SpecError, SymtconvError

SPECS = [
    ConvSpec.create((2, 2), (2, 2)),
    ConvSpec.create((3, 3), (2, 2), transposed=False),
    ConvSpec.create((6, 5), (3, 3), stride=2, padding=1),
    ConvSpec.create(4, 3, stride=2, padding=1, output_padding=1),
    ConvSpec.create(3, 2, stride=1, dilation=3, output_padding=2),  # op >= s: rows truncated
    ConvSpec.create((3, 2), (2, 3), stride=(2, 1), padding=((1, 0), (0, 2)), dilation=(1, 2)),
    ConvSpec.create(3, 2, stride=2, in_channels=4, out_channels=2, groups=2),
    ConvSpec.create(4, 3, in_channels=2, out_channels=3, batch=3),
    ConvSpec.create((5, 5), (3, 3), stride=2, in_channels=2, out_channels=2, batch=2),
    ConvSpec.create(
        5, 3, stride=2, padding=(1,), in_channels=2, out_channels=4, groups=2, transposed=False
    ),
    ConvSpec.create((4, 4), (3, 3), padding=1, in_channels=2, batch=2, transposed=False),
    ConvSpec.create((2, 2, 2), (2, 1, 2), stride=(1, 2, 1), padding=((0, 1), 0, (1, 0))),
]

A, B, C = sympy.symbols("a b c")
POOL = [A, B, C, sympy.Integer(2), sympy.Integer(-1), sympy.Integer(1)]


def _named(letter: str) -> Callable[[tuple[int, ...], np.random.Generator], np.ndarray]:
    def make(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        # flat indices: names like x_{10} sort before x_{2}, as SymPy orders strings
        return np.array(
            [sympy.Symbol(f"{letter}_{{{n}}}") for n in range(int(np.prod(shape)))], dtype=object
        ).reshape(shape)

    return make


def _choice(values: list[object]) -> Callable[[tuple[int, ...], np.random.Generator], np.ndarray]:
    def make(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        picks = rng.integers(0, len(values), int(np.prod(shape)))
        return np.array([sympy.sympify(values[p]) for p in picks], dtype=object).reshape(shape)

    return make


def _floats(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    values = rng.standard_normal(int(np.prod(shape))) * 10.0 ** rng.integers(-3, 4, 1)
    values[rng.random(values.size) < 0.2] = 0.0
    return np.array([sympy.Float(float(v)) for v in values], dtype=object).reshape(shape)


def _mixed(letter: str) -> Callable[[tuple[int, ...], np.random.Generator], np.ndarray]:
    named = _named(letter)

    def make(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        out = named(shape, rng).reshape(-1)
        numbers = [0, 1, -1, 2, -3, sympy.Rational(1, 2), sympy.Rational(-2, 3), 0.25, -1.5]
        for n in np.flatnonzero(rng.random(out.size) < 0.6):
            out[n] = sympy.sympify(numbers[rng.integers(0, len(numbers))])
        return out.reshape(shape)

    return make


#: Kind of data -> (input maker, weight maker).
KINDS = {
    "symbolic": (_named("x"), _named("w")),
    "integer": (_choice(list(range(-3, 4))), _choice(list(range(-3, 4)))),
    "rational": (
        _choice([0, 1, Fraction(1, 2), Fraction(-3, 4), 2]),
        _choice([0, -1, Fraction(2, 3), 3]),
    ),
    "float": (_floats, _floats),
    "mixed": (_mixed("x"), _mixed("w")),
    "numeric weight": (_named("x"), _choice([0, 1, -1, 2, sympy.Rational(1, 2)])),
    "numeric input": (_choice([0, 1, -2, sympy.Rational(3, 2)]), _named("w")),
    "repeated symbols": (_choice(POOL), _choice(POOL)),
    "same names": (_named("w"), _named("w")),  # x's symbols are w's: squares
    "expressions": (
        _choice([A + 1, 2 * A, A**2, sympy.sin(B), C, 0, 3]),
        _choice([A, B - 1, sympy.Rational(1, 3), 1]),
    ),
    "assumptions": (
        _choice([sympy.Symbol("a", positive=True), A, sympy.Dummy("d"), 2]),
        _choice([A, sympy.Symbol("a", integer=True), sympy.Symbol("A", commutative=False)]),
    ),
}


@functools.cache
def _taps(spec: ConvSpec) -> np.ndarray:
    """Per cell of C, 1 + the flat index of the weight the naive convolution puts there, or 0."""
    naive = functools.partial(
        naive_matrix,
        col_size=spec.col_size,
        stride=spec.stride,
        padding=spec.padding,
        dilation=spec.dilation,
        groups=spec.groups,
        row_size=spec.row_size,
    )
    size = int(np.prod(spec.weight_shape))
    assert naive(np.ones(spec.weight_shape, dtype=object)).max() <= 1, "one tap per cell at most"
    return naive(np.arange(1, size + 1, dtype=object).reshape(spec.weight_shape))


def dense_matrix(spec: ConvSpec, w: np.ndarray) -> np.ndarray:
    """C with the weight's own values where the naive convolution puts each tap.

    (The naive convolution of a unit input would turn a weight ``0.0`` into the
    integer 0, a structural zero; C keeps every nonzero value, ``0.0`` included.)
    """
    where = _taps(spec)
    flat = w.reshape(-1)
    dense = np.zeros(where.shape, dtype=object)
    for index, tap in np.ndenumerate(where):
        if tap:
            dense[index] = flat[tap - 1]
    return dense


def _expected(spec: ConvSpec, x: np.ndarray, w: np.ndarray) -> list[list[sympy.Expr]]:
    return sympy_product(dense_matrix(spec, w), x.reshape(spec.batch or 1, -1), spec.transposed)


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.describe())
def test_product_is_sympys_sparse_product(spec: ConvSpec, kind: str) -> None:
    rng = np.random.default_rng(abs(hash((spec.describe(), kind))) % 2**32)
    make_x, make_w = KINDS[kind]
    for _ in range(3):
        x, w = make_x(spec.input_shape, rng), make_w(spec.weight_shape, rng)
        got = multiply(spec, x, w)
        expected = _expected(spec, x, w)
        assert [list(sample) for sample in got] == expected
        # == alone would let an equal but differently built expression through
        for a, b in zip(itertools.chain(*got), itertools.chain(*expected)):
            assert type(a) is type(b) and a.args == b.args and str(a) == str(b)


def test_float_sums_round_as_sympys() -> None:
    """Nine float products per entry, summed in the order SymPy's product takes them."""
    spec = ConvSpec.create((12, 12), (3, 3), stride=1, padding=1, batch=2)
    rng = np.random.default_rng(3)
    x, w = _floats(spec.input_shape, rng), _floats(spec.weight_shape, rng)
    got = multiply(spec, x, w)
    assert [list(sample) for sample in got] == _expected(spec, x, w)


@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize("forward", [False, True])
def test_derive_output_is_the_product_plus_bias(bias: bool, forward: bool) -> None:
    d = derive(
        input_shape=(2, 5, 5), kernel_shape=(2, 2, 3, 3), stride=2, bias=bias, forward=forward
    )
    spec = d.spec
    expected = np.array(_expected(spec, d.x, d.w)[0], dtype=object).reshape(spec.output_shape)
    if bias:
        expected = expected + d.b.reshape(-1, 1, 1)
    assert (d.output_full == expected).all()


@pytest.mark.parametrize("value", [sympy.oo, -sympy.oo, sympy.zoo, sympy.nan, A + sympy.oo])
def test_entries_must_be_finite(value: sympy.Expr) -> None:
    spec = ConvSpec.create(2, 2)
    x = np.array([[1, value]], dtype=object)
    with pytest.raises(SpecError, match="finite") as info:
        multiply(spec, np.vectorize(sympy.sympify, otypes=[object])(x), np.ones((1, 1, 2), object))
    assert isinstance(info.value, SymtconvError)


ATOMS = [
    *sympy.symbols("x_{0} x_{1} x_{10} x_{2} w_{0,0} w_{1,0} b y X _a"),
    sympy.Symbol("x_{0}", positive=True),
    sympy.Symbol("a", integer=True),
    *[sympy.Integer(n) for n in (-3, -1, 0, 1, 2, 10)],
    *[sympy.Rational(p, q) for p, q in ((1, 2), (-1, 2), (2, 3), (7, 5))],
]


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(ATOMS, 2)), ids=str)
def test_compare_key_orders_like_basic_compare(a: sympy.Basic, b: sympy.Basic) -> None:
    assert (compare_key(a) > compare_key(b)) - (compare_key(a) < compare_key(b)) == a.compare(b)


@pytest.mark.parametrize(
    "kind", ["symbolic", "integer", "rational", "numeric weight", "numeric input"]
)
def test_symbols_and_rationals_take_the_fast_path(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("summed by sympy.Add")

    monkeypatch.setattr("symtconv.engine.canonical._sympy_sum", refuse)
    spec = SPECS[8]
    rng = np.random.default_rng(1)
    make_x, make_w = KINDS[kind]
    x, w = make_x(spec.input_shape, rng), make_w(spec.weight_shape, rng)
    assert [list(sample) for sample in multiply(spec, x, w)] == _expected(spec, x, w)


@pytest.mark.parametrize("value", [sympy.oo, sympy.nan, A - sympy.zoo])
def test_derive_refuses_entries_that_are_not_finite(value: sympy.Expr) -> None:
    with pytest.raises(SpecError, match=r"^kernel: entry \[1\] is .*; entries must be finite$"):
        derive([1, 2], [3, value])
