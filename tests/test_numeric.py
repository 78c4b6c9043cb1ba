"""symtconv.core.numeric against the naive convolutions of :mod:`oracles.naive`.

The reference loops over every input element and every kernel tap, in plain
Python, written from the definitions:

* transposed: ``out[n, co, o*s - p_lo + t*d] += x[n, ci, o] * w[ci, co', t]``
  for ``co`` in the group of ``ci`` (weight layout ``(C_in, C_out/g, *k)``);
* forward: ``out[n, co, o] = sum x[n, ci, o*s - p_lo + t*d] * w[co, ci', t]``
  over the taps that land inside the input (weight ``(C_out, C_in/g, *k)``).

It knows nothing of matrices, strided slicing or zero insertion, and is
compared with every function of the module on int64 (exact), Fraction
(exact), float64 and SymPy-symbol data.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from oracles.naive import naive_conv, naive_conv_transpose, per_dim

from symtconv.core import numeric
from symtconv.core.numeric import conv, conv_transpose, conv_transpose_zero_insertion
from symtconv.errors import SpecError, SymtconvError

# ----- data of each kind and how to compare it ---------------------------------------------

DTYPES = ["int64", "fraction", "float64", "sympy"]


def make(kind: str, shape: tuple[int, ...], rng: np.random.Generator, letter: str) -> np.ndarray:
    """Random data of one kind; SymPy data are distinct symbols ``<letter><flat index>``."""
    if kind == "int64":
        return rng.integers(-9, 10, shape).astype(np.int64)
    if kind == "fraction":
        num, den = rng.integers(-9, 10, shape), rng.integers(1, 6, shape)
        flat = [Fraction(int(a), int(b)) for a, b in zip(num.ravel(), den.ravel(), strict=True)]
        return np.array([*flat, None], dtype=object)[:-1].reshape(shape)
    if kind == "float64":
        return rng.standard_normal(shape)
    names = [sympy.Symbol(f"{letter}{i}") for i in range(math.prod(shape))]
    return np.array([*names, None], dtype=object)[:-1].reshape(shape)


def assert_same(got: np.ndarray, expected: np.ndarray, kind: str) -> None:
    """Equal in the sense of the data kind: exact, within 1e-12, or algebraically."""
    assert got.shape == expected.shape
    if kind == "int64":
        assert got.dtype == np.int64
        assert np.array_equal(got, expected.astype(np.int64))
    elif kind == "fraction":
        assert got.dtype == object
        assert all(isinstance(v, (Fraction, int)) for v in got.flat)
        assert all(a == b for a, b in zip(got.flat, expected.flat, strict=True))
    elif kind == "float64":
        assert got.dtype == np.float64
        np.testing.assert_allclose(got, expected.astype(np.float64), rtol=1e-12, atol=1e-12)
    else:
        assert all(sympy.expand(a - b) == 0 for a, b in zip(got.flat, expected.flat, strict=True))


# ----- the grids ---------------------------------------------------------------------------

# (input size, kernel, stride, padding, dilation, output_padding); padding in every accepted
# form: int, one int per dim, (lo, hi) pairs.  Some have output_padding >= stride (allowed by
# PyTorch because it is < dilation) and crops larger than the stretched input.
TRANSPOSED_GEOMETRIES = [
    ((4,), (3,), 1, 0, 1, 0),
    ((4,), (3,), 2, 1, 1, 1),
    ((3,), (2,), 3, [(0, 2)], 1, 2),
    ((3,), (3,), 2, [(2, 0)], 2, 1),
    ((2,), (2,), 1, 0, 3, 2),
    ((1,), (1,), 1, [(2, 0)], 3, 2),
    ((1,), (2,), 1, [(3, 0)], 4, 3),
    ((5,), (1,), 2, 1, 1, 0),
    ((2,), (4,), 2, [(3, 1)], 2, 1),
    ((3,), (2,), 1, [(1, 2)], 3, 1),
    ((1,), (3,), 4, 0, 1, 3),
    ((2, 2), (2, 2), 1, 0, 1, 0),
    ((3, 3), (3, 3), 2, 1, 1, 1),
    ((3, 2), (2, 3), (1, 2), [(0, 1), (2, 0)], (1, 2), (0, 1)),
    ((2, 3), (1, 2), (1, 3), [(2, 0), (0, 1)], (3, 1), (2, 2)),
    ((4, 1), (2, 1), (2, 1), [(1, 0), 0], (2, 1), (1, 0)),
    ((2, 2, 2), (2, 2, 2), 1, 0, 1, 0),
    ((2, 3, 1), (2, 1, 2), (2, 1, 1), [(1, 0), (0, 0), (0, 1)], (1, 2, 1), (1, 0, 0)),
    ((1, 2, 2), (1, 2, 2), (1, 2, 1), (0, 1, 0), (2, 1, 2), (1, 1, 1)),
]

# (input size, kernel, stride, padding, dilation) for the forward convolution.
FORWARD_GEOMETRIES = [
    ((5,), (3,), 1, 0, 1),
    ((6,), (3,), 2, 1, 1),
    ((4,), (2,), 3, [(0, 2)], 1),
    ((3,), (3,), 2, [(2, 0)], 2),
    ((7,), (2,), 1, 0, 3),
    ((1,), (1,), 1, 0, 1),
    ((1,), (3,), 2, [(3, 1)], 1),
    ((5,), (2,), 4, [(1, 2)], 3),
    ((3, 3), (2, 2), 1, 0, 1),
    ((4, 5), (3, 2), (2, 1), [(1, 0), (0, 2)], (1, 2)),
    ((2, 6), (1, 3), (1, 3), (2, 0), (3, 1)),
    ((3, 3, 3), (2, 2, 2), 1, 0, 1),
    ((3, 2, 4), (2, 1, 2), (2, 1, 3), [(1, 0), (0, 0), (0, 1)], (1, 2, 2)),
]

# (in_channels, out_channels, groups, batch, bias)
LAYOUTS = [
    (1, 1, 1, None, False),
    (2, 3, 1, 2, True),
    (4, 2, 2, None, True),
    (3, 3, 3, 2, False),
    (2, 4, 2, 1, False),
]


def _operands(
    kind: str, size: tuple[int, ...], kernel: tuple[int, ...], layout: tuple, transposed: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    cin, cout, groups, batch, bias = layout
    rng = np.random.default_rng([len(size), *size, *kernel, cin, cout, groups])
    lead = () if batch is None else (batch,)
    wshape = (cin, cout // groups) if transposed else (cout, cin // groups)
    x = make(kind, (*lead, cin, *size), rng, "x")
    w = make(kind, (*wshape, *kernel), rng, "w")
    b = make(kind, (cout,), rng, "b") if bias else None
    return x, w, b


@pytest.mark.parametrize("kind", DTYPES)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("geometry", TRANSPOSED_GEOMETRIES)
@pytest.mark.parametrize("fn", [conv_transpose, conv_transpose_zero_insertion])
def test_conv_transpose_matches_naive(fn, geometry, layout, kind):
    size, kernel, s, p, d, op = geometry
    x, w, b = _operands(kind, size, kernel, layout, transposed=True)
    kwargs = dict(stride=s, padding=p, output_padding=op, dilation=d, groups=layout[2])
    assert_same(fn(x, w, b, **kwargs), naive_conv_transpose(x, w, b, **kwargs), kind)


@pytest.mark.parametrize("kind", DTYPES)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("geometry", FORWARD_GEOMETRIES)
def test_conv_matches_naive(geometry, layout, kind):
    size, kernel, s, p, d = geometry
    x, w, b = _operands(kind, size, kernel, layout, transposed=False)
    kwargs = dict(stride=s, padding=p, dilation=d, groups=layout[2])
    assert_same(conv(x, w, b, **kwargs), naive_conv(x, w, b, **kwargs), kind)


# Exhaustive small 1-D grid in int64: every stride, (lo, hi), dilation and accepted
# output_padding (including op >= stride where op < dilation).
GRID_1D = [
    (i, k, s, lo, hi, d, op)
    for i, k, s, lo, hi, d in itertools.product(
        (1, 2, 3), (1, 2, 3), (1, 2, 3), (0, 1, 3), (0, 2), (1, 2, 3)
    )
    for op in range(max(s, d))
    if (i - 1) * s - lo - hi + d * (k - 1) + op + 1 >= 1
]


@pytest.mark.parametrize("fn", [conv_transpose, conv_transpose_zero_insertion])
@pytest.mark.parametrize("case", GRID_1D, ids=lambda c: "i{}k{}s{}p{}:{}d{}op{}".format(*c))
def test_conv_transpose_1d_grid(case, fn):
    i, k, s, lo, hi, d, op = case
    rng = np.random.default_rng(list(case))
    x, w = rng.integers(-9, 10, (2, i)), rng.integers(-9, 10, (2, 1, k))
    kwargs = dict(stride=s, padding=[(lo, hi)], output_padding=op, dilation=d)
    assert_same(fn(x, w, **kwargs), naive_conv_transpose(x, w, **kwargs), "int64")


FORWARD_GRID_1D = [
    (i, k, s, lo, hi, d)
    for i, k, s, lo, hi, d in itertools.product(
        (1, 2, 4), (1, 2, 3), (1, 2, 3), (0, 1, 3), (0, 2), (1, 2, 3)
    )
    if i + lo + hi >= d * (k - 1) + 1
]


@pytest.mark.parametrize("case", FORWARD_GRID_1D, ids=lambda c: "i{}k{}s{}p{}:{}d{}".format(*c))
def test_conv_1d_grid(case):
    i, k, s, lo, hi, d = case
    rng = np.random.default_rng(list(case))
    x, w = rng.integers(-9, 10, (2, i)), rng.integers(-9, 10, (3, 2, k))
    kwargs = dict(stride=s, padding=[(lo, hi)], dilation=d)
    assert_same(conv(x, w, **kwargs), naive_conv(x, w, **kwargs), "int64")


def test_grids_are_not_trivial():
    """The grids above visit the cases that matter (guards against an emptied grid)."""
    assert len(GRID_1D) > 200 and len(FORWARD_GRID_1D) > 150
    assert any(op >= s for _, _, s, _, _, _, op in GRID_1D)
    assert any(
        min(np.subtract(per_dim(op, len(size)), per_dim(s, len(size)))) >= 0
        for size, _, s, _, _, op in TRANSPOSED_GEOMETRIES
    )
    assert {len(g[0]) for g in TRANSPOSED_GEOMETRIES} == {1, 2, 3}
    assert {len(g[0]) for g in FORWARD_GEOMETRIES} == {1, 2, 3}


# ----- hand-checked values ------------------------------------------------------------------


def test_seed_example():
    """The seed tutorial's numbers (checked by hand there)."""
    x = np.array([[[1, 2], [3, 4]]])
    w = np.array([[[[1, 0], [0, -1]]]])
    expected = [[1, 2, 0], [3, 3, -2], [0, -3, -4]]
    assert conv_transpose(x, w)[0].tolist() == expected
    assert conv_transpose_zero_insertion(x, w)[0].tolist() == expected
    assert conv(np.arange(1, 10).reshape(1, 3, 3), w)[0].tolist() == [[-4, -4], [-4, -4]]


def test_output_padding_beyond_stride_hand_checked():
    """s=1, d=3, op=2: x=[1, 2], w=[1, 10] -> taps at 0,3 and 1,4; length 1+3+2+1 = 7."""
    out = conv_transpose(np.array([[1, 2]]), np.array([[[1, 10]]]), dilation=3, output_padding=2)
    assert out.tolist() == [[1, 2, 0, 10, 20, 0, 0]]


@pytest.mark.parametrize("fn", [conv_transpose, conv_transpose_zero_insertion])
def test_crop_larger_than_stretched_input(fn):
    """p_lo=2 crops past the single input element; op=2 (< d=3) leaves one zero entry."""
    out = fn(np.array([[5]]), np.array([[[7]]]), padding=[(2, 0)], output_padding=2, dilation=3)
    assert out.tolist() == [[0]]


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.uint8, np.bool_])
@pytest.mark.parametrize("fn", [conv_transpose, conv_transpose_zero_insertion, conv])
def test_small_integer_dtypes_are_exact_in_int64(fn, dtype):
    """The module promises int64 arithmetic for integer data: no wrap-around."""
    x = np.full((1, 2), 100 if dtype != np.bool_ else 1, dtype=dtype)
    w = np.full((1, 1, 2), 100 if dtype != np.bool_ else 1, dtype=dtype)
    out = fn(x, w)
    assert out.dtype == np.int64
    unit = 10_000 if dtype != np.bool_ else 1
    expected = [unit, 2 * unit, unit] if fn is not conv else [2 * unit]
    assert out.tolist() == [expected]


def test_padding_forms_are_equivalent():
    rng = np.random.default_rng(7)
    x, w = rng.integers(-9, 10, (1, 3, 4)), rng.integers(-9, 10, (1, 1, 2, 3))
    forms = [1, (1, 1), [(1, 1), (1, 1)], ((1, 1), 1)]
    results = [conv_transpose(x, w, padding=p, stride=2) for p in forms]
    assert all(np.array_equal(results[0], r) for r in results)
    results = [conv(x, w, padding=p) for p in forms]
    assert all(np.array_equal(results[0], r) for r in results)


def test_batch_is_a_stack_of_single_samples():
    rng = np.random.default_rng(3)
    x, w = rng.integers(-9, 10, (3, 2, 4)), rng.integers(-9, 10, (2, 2, 3))
    batched = conv_transpose(x, w, stride=2, groups=2)
    assert batched.shape == (3, 4, 9)
    for n in range(3):
        assert np.array_equal(batched[n], conv_transpose(x[n], w, stride=2, groups=2))


# ----- random specs (hypothesis) --------------------------------------------------------------


@st.composite
def transposed_cases(draw: Any) -> dict[str, Any]:
    rank = draw(st.integers(1, 3))
    small = st.integers(1, 3 if rank < 3 else 2)
    size = tuple(draw(small) for _ in range(rank))
    kernel = tuple(draw(small) for _ in range(rank))
    s = tuple(draw(st.integers(1, 3)) for _ in range(rank))
    d = tuple(draw(st.integers(1, 3)) for _ in range(rank))
    op = tuple(draw(st.integers(0, max(a, b) - 1)) for a, b in zip(s, d, strict=True))
    pads = []
    for a in range(rank):
        full = (size[a] - 1) * s[a] + d[a] * (kernel[a] - 1) + op[a]  # output size - 1 at p = 0
        lo = draw(st.integers(0, min(full, 4)))
        pads.append((lo, draw(st.integers(0, min(full - lo, 4)))))
    groups = draw(st.integers(1, 2))
    cin, cout = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    batch = draw(st.sampled_from([None, 1, 2]))
    seed = draw(st.integers(0, 2**32 - 1))
    return dict(
        size=size,
        kernel=kernel,
        stride=s,
        padding=pads,
        dilation=d,
        output_padding=op,
        groups=groups,
        cin=cin,
        cout=cout,
        batch=batch,
        seed=seed,
        bias=draw(st.booleans()),
    )


@settings(max_examples=60, deadline=None)
@given(transposed_cases())
def test_random_transposed_specs(case):
    rng = np.random.default_rng(case["seed"])
    lead = () if case["batch"] is None else (case["batch"],)
    x = rng.integers(-9, 10, (*lead, case["cin"], *case["size"]))
    w = rng.integers(-9, 10, (case["cin"], case["cout"] // case["groups"], *case["kernel"]))
    b = rng.integers(-9, 10, (case["cout"],)) if case["bias"] else None
    kwargs = {k: case[k] for k in ("stride", "padding", "output_padding", "dilation", "groups")}
    expected = naive_conv_transpose(x, w, b, **kwargs)
    assert_same(conv_transpose(x, w, b, **kwargs), expected, "int64")
    assert_same(conv_transpose_zero_insertion(x, w, b, **kwargs), expected, "int64")
    # the forward convolution with the same geometry, on the transposed output's size
    fx = rng.integers(-9, 10, (*lead, case["cout"], *expected.shape[-len(case["size"]) :]))
    fw = rng.integers(-9, 10, (case["cin"], case["cout"] // case["groups"], *case["kernel"]))
    fb = rng.integers(-9, 10, (case["cin"],)) if case["bias"] else None
    fkw = {k: case[k] for k in ("stride", "padding", "dilation", "groups")}
    assert_same(conv(fx, fw, fb, **fkw), naive_conv(fx, fw, fb, **fkw), "int64")


# ----- errors -------------------------------------------------------------------------------

ONE = np.ones((1, 3), dtype=np.int64)
W1 = np.ones((1, 1, 2), dtype=np.int64)

ERRORS = [
    ("weight rank", conv_transpose, (ONE, np.ones((1, 2))), {}, r"weight: has shape \(1, 2\)"),
    ("input rank", conv_transpose, (np.ones(3), W1), {}, r"input: has shape \(3,\)"),
    ("input rank fwd", conv, (np.ones((1, 1, 1, 3)), W1), {}, r"input: has shape \(1, 1, 1, 3\)"),
    (
        "channels",
        conv_transpose,
        (np.ones((2, 3)), W1),
        {},
        r"input: has 2 channel\(s\).*expects 1",
    ),
    (
        "channels fwd",
        conv,
        (np.ones((3, 4)), np.ones((2, 2, 2))),
        {},
        r"input: has 3 channel\(s\).*expects 2",
    ),
    (
        "groups not dividing",
        conv_transpose,
        (np.ones((3, 4)), np.ones((3, 1, 2))),
        {"groups": 2},
        r"groups: got 2; must divide .*\(3, 2\)",
    ),
    (
        "groups not dividing fwd",
        conv,
        (np.ones((4, 5)), np.ones((3, 2, 2))),
        {"groups": 2},
        r"groups: got 2; must divide .*\(4, 3\)",
    ),
    ("groups zero", conv_transpose, (ONE, W1), {"groups": 0}, r"groups: got 0; must be an integer"),
    ("groups bool", conv, (ONE, W1), {"groups": True}, r"groups: got True"),
    (
        "op = s, d = 1",
        conv_transpose,
        (ONE, W1),
        {"stride": 2, "output_padding": 2},
        r"output_padding: got 2; must be smaller than either stride \(2\) or dilation \(1\)",
    ),
    (
        "op = d > s",
        conv_transpose,
        (ONE, W1),
        {"dilation": 3, "output_padding": 3},
        r"output_padding: got 3; .*stride \(1\) or dilation \(3\)",
    ),
    (
        "op 2-D",
        conv_transpose,
        (np.ones((1, 2, 2)), np.ones((1, 1, 2, 2))),
        {"stride": (2, 1), "output_padding": (1, 1)},
        r"output_padding: got 1 in dimension 1; .*stride \(1\) or dilation \(1\)",
    ),
    ("op negative", conv_transpose, (ONE, W1), {"output_padding": -1}, r"output_padding: got -1"),
    (
        "output size 0",
        conv_transpose,
        (np.ones((1, 1)), W1),
        {"padding": 1},
        r"input_size: got 1, which gives an output size of 0",
    ),
    (
        "output size < 0",
        conv_transpose,
        (ONE, W1),
        {"padding": [(3, 4)]},
        r"input_size: got 3, which gives an output size of -3",
    ),
    (
        "fwd output size 0",
        conv,
        (np.ones((1, 2)), np.ones((1, 1, 2))),
        {"dilation": 2},
        r"input_size: got 2, which gives an output size of 0",
    ),
    (
        "stride 0",
        conv_transpose,
        (ONE, W1),
        {"stride": 0},
        r"stride: got 0; must be an integer >= 1",
    ),
    ("dilation 0", conv, (ONE, W1), {"dilation": 0}, r"dilation: got 0; must be an integer >= 1"),
    ("padding < 0", conv, (ONE, W1), {"padding": -1}, r"padding: got \(-1, -1\)"),
    (
        "stride per dim",
        conv_transpose,
        (ONE, W1),
        {"stride": (1, 2)},
        r"stride: got \(1, 2\); must be an integer or 1 integer",
    ),
    ("padding form", conv, (ONE, W1), {"padding": [(1, 2, 3)]}, r"padding: got \[\(1, 2, 3\)\]"),
    (
        "bias shape",
        conv_transpose,
        (ONE, np.ones((1, 2, 2)), np.ones(3)),
        {},
        r"bias: has shape \(3,\); must be \(2,\)",
    ),
    ("bias shape fwd", conv, (ONE, W1, np.ones((1, 1))), {}, r"bias: has shape \(1, 1\)"),
    ("dtype", conv_transpose, (np.array([["a", "b"]]), W1), {}, r"input: has dtype <U1"),
    ("weight dtype", conv, (ONE, np.array([[[1j, 2]]])), {}, r"weight: has dtype complex128"),
]


@pytest.mark.parametrize(
    ("fn", "args", "kwargs", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_errors(fn, args, kwargs, message):
    with pytest.raises(SpecError, match=message) as info:
        fn(*args, **kwargs)
    assert isinstance(info.value, SymtconvError)
    assert isinstance(info.value, ValueError)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("fn", [conv_transpose, conv_transpose_zero_insertion])
def test_output_padding_below_dilation_is_accepted(fn):
    """PyTorch's rule: op < s OR op < d; op = 2 >= s = 1 is fine because 2 < d = 3."""
    assert fn(ONE, W1, dilation=3, output_padding=2).shape == (1, 3 - 1 + 3 + 2 + 1)


@pytest.mark.parametrize("threads", [2, 3])
def test_threaded_accumulation_matches_single_thread(
    monkeypatch: pytest.MonkeyPatch, threads: int
) -> None:
    """Big float problems accumulate on several threads; the numbers must not change."""
    rng = np.random.default_rng(11)
    x = rng.standard_normal((2, 4, 7, 6))
    w = rng.standard_normal((4, 3, 3, 2))  # groups 2: 4 -> 6 channels
    kwargs = dict(
        stride=(2, 3), padding=((1, 0), (0, 2)), output_padding=(1, 0), dilation=(2, 1), groups=2
    )
    single = numeric.conv_transpose(x, w, **kwargs)
    monkeypatch.setattr(numeric, "THREAD_WORK", 0)
    monkeypatch.setattr(numeric, "GEMM_WORK", 0)  # the matrix product split between threads too
    monkeypatch.setattr(numeric, "NUM_THREADS", threads)
    monkeypatch.setattr(numeric, "_POOL", None)
    threaded = numeric.conv_transpose(x, w, **kwargs)
    assert np.array_equal(threaded, single)
    expected = naive_conv_transpose(x, w, None, **kwargs).astype(float)
    assert np.allclose(threaded, expected, rtol=1e-12, atol=1e-12)
