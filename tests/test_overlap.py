"""The overlap analysis (symtconv.engine.overlap) against independent computations.

* counts: PyTorch's conv_transpose of an all-ones input with an all-ones kernel (every
  output entry is then the number of products that reach it, over the input channels of
  its group), on a few hundred seeded random layers (ranks 1-3, stride, dilation,
  padding lo/hi, output_padding including op >= s where op < d, groups), exactly; and
  the brute-force count of :mod:`oracles.phases` (no torch needed);
* phases and classification: the brute-force phase taps of :mod:`oracles.phases` on a
  grid of k, s, d;
* constant input: the interior of a real transposed convolution (the naive oracle) of a
  constant input, against the answer, for kernels with equal and unequal phase sums.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import sympy
from oracles.naive import naive_conv_transpose
from oracles.phases import classify, count_map, phase_sums, phase_taps
from oracles.sizes import tconv_length

import symtconv
from symtconv import SpecError, SymtconvError, TooLargeError, overlap, overlap_of
from symtconv.core.spec import ConvSpec

N_TORCH = 300


def random_layer(index: int) -> dict[str, Any]:
    """A valid random transposed layer of its own seed (PyTorch accepts it)."""
    rng = np.random.default_rng([12, index])
    rank = int(rng.integers(1, 4))
    top_i, top_k = (6, 5) if rank < 3 else (3, 3)
    while True:
        dims = []
        for _ in range(rank):
            i, k = int(rng.integers(1, top_i + 1)), int(rng.integers(1, top_k + 1))
            s, d = int(rng.integers(1, 4)), int(rng.integers(1, 4))
            lo, hi = int(rng.integers(0, 4)), int(rng.integers(0, 4))
            op = int(rng.integers(0, max(s, d)))
            dims.append((i, k, s, lo, hi, d, op))
        if min(tconv_length(*dim) for dim in dims) >= 1:
            break
    groups = int(rng.integers(1, 4))
    return {
        "dims": dims,
        "groups": groups,
        "cin": groups * int(rng.integers(1, 3)),
        "cout": groups * int(rng.integers(1, 3)),
    }


def _spec(layer: dict[str, Any]) -> ConvSpec:
    dims = layer["dims"]
    return ConvSpec.create(
        [d[0] for d in dims],
        [d[1] for d in dims],
        stride=[d[2] for d in dims],
        padding=[(d[3], d[4]) for d in dims],
        dilation=[d[5] for d in dims],
        output_padding=[d[6] for d in dims],
        in_channels=layer["cin"],
        out_channels=layer["cout"],
        groups=layer["groups"],
    )


def test_the_random_layers_cover_what_they_should() -> None:
    layers = [random_layer(n) for n in range(N_TORCH)]
    dims = [d for layer in layers for d in layer["dims"]]
    assert {len(layer["dims"]) for layer in layers} == {1, 2, 3}
    assert any(op >= s for (_, _, s, _, _, _, op) in dims)  # op >= s, allowed as op < d
    assert any(lo != hi for (_, _, _, lo, hi, _, _) in dims)
    assert any(layer["groups"] > 1 for layer in layers)


@pytest.mark.parametrize("index", range(N_TORCH))
def test_counts_equal_torch_on_ones(index: int) -> None:
    torch = pytest.importorskip("torch")
    layer = random_layer(index)
    spec = _spec(layer)
    dims, rank = layer["dims"], len(layer["dims"])
    m = [min(lo, hi) for (_, _, _, lo, hi, _, _) in dims]  # PyTorch pads both sides alike
    fn = getattr(torch.nn.functional, f"conv_transpose{rank}d")
    y = fn(
        torch.ones((1, layer["cin"], *spec.input_size), dtype=torch.float64),
        torch.ones(spec.weight_shape, dtype=torch.float64),
        stride=spec.stride,
        padding=m,
        output_padding=spec.output_padding,
        dilation=spec.dilation,
        groups=spec.groups,
    )
    crop = tuple(
        slice(lo - mm, lo - mm + o) for (lo, _), mm, o in zip(spec.padding, m, spec.output_size)
    )
    expected = y[(0, slice(None), *crop)].numpy()
    counts = overlap_of(spec).counts
    assert counts.dtype == np.int64
    for channel in expected:
        assert np.array_equal(channel, counts)


@pytest.mark.parametrize("index", range(0, N_TORCH, 10))
def test_counts_equal_the_brute_force_count(index: int) -> None:
    layer = random_layer(index)
    spec = _spec(layer)
    dims = layer["dims"]
    expected = count_map(
        [d[0] for d in dims],
        [d[1] for d in dims],
        [d[2] for d in dims],
        [(d[3], d[4]) for d in dims],
        [d[5] for d in dims],
        [d[6] for d in dims],
    ) * (layer["cin"] // layer["groups"])
    assert np.array_equal(overlap_of(spec).counts, expected)


GRID = [(k, s, d) for k in range(1, 9) for s in range(1, 6) for d in range(1, 6)]


@pytest.mark.parametrize(("k", "s", "d"), GRID)
def test_phases_and_classification_agree_with_brute_force(k: int, s: int, d: int) -> None:
    o = overlap_of(ConvSpec.create(3, k, stride=s, dilation=d))
    (dim,) = o.dims
    assert [list(t) for t in dim.taps] == phase_taps(k, s, d)
    assert o.kind == dim.kind == classify(k, s, d)
    assert o.uniform == (classify(k, s, d) == "uniform")
    assert o.holes == (classify(k, s, d) == "holes")


@pytest.mark.parametrize(("k", "s", "d"), [(k, s, d) for k, s, d in GRID if k <= 4 and s <= 3])
def test_interior_counts_are_the_phase_counts(k: int, s: int, d: int) -> None:
    """Between the bands every position gets all the taps of its phase; the band edge does not."""
    spec = ConvSpec.create(7, k, stride=s, dilation=d, padding=1 if d * (k - 1) >= 2 else 0)
    o = overlap_of(spec)
    (interior,) = o.interior
    (lo, hi), n = o.bands[0], spec.output_size[0]
    full = [len(t) for t in phase_taps(k, s, d)]
    for j in interior:
        assert o.counts[j] == full[(j + spec.padding[0][0]) % s]
    if lo:
        assert o.counts[lo - 1] < full[(lo - 1 + spec.padding[0][0]) % s]
    if hi:
        assert o.counts[n - hi] < full[(n - hi + spec.padding[0][0]) % s]


@pytest.mark.parametrize(
    ("dims", "kind"),
    [
        ([(3, 2, 1), (4, 2, 1)], "uneven"),
        ([(4, 2, 1), (2, 2, 1)], "uniform"),
        ([(3, 2, 1), (3, 2, 2)], "holes"),
        ([(1, 2, 1), (3, 1, 1)], "holes"),
    ],
)
def test_a_layer_is_as_bad_as_its_worst_dimension(
    dims: list[tuple[int, int, int]], kind: str
) -> None:
    spec = ConvSpec.create(
        (4, 4),
        [k for k, _, _ in dims],
        stride=[s for _, s, _ in dims],
        dilation=[d for _, _, d in dims],
    )
    o = overlap_of(spec)
    assert o.kind == kind
    assert o.phase_table.shape == spec.stride
    expected = np.multiply.outer(*[np.array([len(t) for t in phase_taps(*dim)]) for dim in dims])
    assert np.array_equal(o.phase_table, expected)


def test_channels_multiply_the_counts() -> None:
    o = overlap(input_shape=(6, 3), kernel_shape=(6, 2, 3), stride=2, groups=3, out_channels=6)
    assert o.per_channel == 2
    assert o.counts.tolist() == [
        2 * c for c in overlap(input_shape=(3,), kernel_shape=(3,), stride=2).counts
    ]


# ----- the constant input ------------------------------------------------------------------


def _flat_interior(w: np.ndarray, stride: tuple[int, ...], dilation: tuple[int, ...]) -> bool:
    """A real transposed convolution of a constant input: is the middle of the output constant?"""
    size = 3 * max(w.shape) + 3
    x = np.full((1, *(size,) * w.ndim), 5, dtype=object)
    y = naive_conv_transpose(x, w[None, None], stride=list(stride), dilation=list(dilation))[0]
    reach = [d * (k - 1) for k, d in zip(w.shape, dilation)]
    middle = y[tuple(slice(r + 1, n - r - 1) for r, n in zip(reach, y.shape))]
    return len({v for v in middle.reshape(-1)}) == 1


KERNELS = [
    ([1, 2, 1], (2,), (1,), True),
    ([1, 1, 1], (2,), (1,), False),
    ([1, 3, 3, 1], (2,), (1,), True),
    ([1, 1, 1, 1], (2,), (1,), True),
    ([2, 1, 1, 2], (2,), (1,), True),
    ([2, 1, 1, 1], (2,), (1,), False),
    ([1, 2, 3, 3, 2, 1], (3,), (1,), True),
    ([1, 1, 1, 1], (3,), (1,), False),
    ([1, -1, 2, 0], (2,), (1,), False),
    ([1, 2, 1], (2,), (2,), False),
    ([1, 2, 1], (1,), (1,), True),
    ([[1, 2, 1], [2, 4, 2], [1, 2, 1]], (2, 2), (1, 1), True),
    ([[1, 1, 1], [1, 1, 1], [1, 1, 1]], (2, 2), (1, 1), False),
    ([[1, 3, 3, 1], [3, 9, 9, 3], [3, 9, 9, 3], [1, 3, 3, 1]], (2, 2), (1, 1), True),
    ([[1, 1, 1, 1], [1, 1, 1, 1]], (2, 2), (1, 1), True),
    ([[1, 2, 1], [1, 2, 1]], (2, 2), (1, 1), True),
    ([[1, 2, 1], [1, 1, 1]], (2, 2), (1, 1), False),
    ([[1, 2, 1], [2, 4, 2], [1, 2, 1]], (2, 1), (1, 1), True),
]


@pytest.mark.parametrize(("kernel", "stride", "dilation", "flat"), KERNELS)
def test_constant_input_answer(
    kernel: list[Any], stride: tuple[int, ...], dilation: tuple[int, ...], flat: bool
) -> None:
    w = np.array(kernel, dtype=object)
    assert _flat_interior(w, stride, dilation) is flat  # the example is what it says
    o = overlap(kernel=kernel, input_shape=(6,) * w.ndim, stride=stride, dilation=dilation)
    c = o.constant_input
    assert c is not None and not c.symbolic and c.equations == ()
    assert c.constant is flat
    expected = phase_sums(w, stride, dilation)
    assert {r: c.sums[(0, *r)] for r in expected} == expected


def test_random_kernels_agree_with_the_real_convolution() -> None:
    rng = np.random.default_rng(7)
    seen = set()
    for n in range(60):
        stride = (int(rng.integers(1, 4)),)
        k = int(rng.integers(1, 6))
        w = rng.integers(0, 3, k).astype(object)
        if n % 2:  # make the phase sums equal: scale each phase to the same sum
            sums = phase_sums(w, stride, (1,))
            if all(sums.values()):
                target = math.prod(sums.values())
                for t in range(k):
                    w[t] = Fraction(int(w[t]) * target, int(sums[(t % stride[0],)]))
        o = overlap(kernel=w, input_shape=(5,), stride=stride)
        flat = _flat_interior(w, stride, (1,))
        assert o.constant_input is not None and o.constant_input.constant is flat, (w, stride)
        seen.add(flat)
    assert seen == {True, False}


def test_symbolic_kernel_gives_the_equations() -> None:
    o = overlap(kernel_shape=(3,), input_shape=(4,), stride=2)
    c = o.constant_input
    assert c is not None and c.symbolic and c.constant is None
    assert c.equation_text() == ["w_{0} + w_{2} = w_{1}"]
    ((_, _, lhs, rhs),) = c.equations
    values = dict(zip(sympy.symbols("w_{0} w_{1} w_{2}"), (1, 2, 1)))
    assert (lhs - rhs).subs(values) == 0
    assert (lhs - rhs).subs(dict(zip(values, (1, 1, 1)))) != 0


def test_symbolic_kernel_in_2d_and_with_channels() -> None:
    c = overlap(kernel_shape=(2, 2), input_shape=(3, 3), stride=2).constant_input
    assert c is not None
    assert c.equation_text() == ["w_{0,0} = w_{0,1}", "w_{0,0} = w_{1,0}", "w_{0,0} = w_{1,1}"]
    c = overlap(kernel_shape=(2, 1, 2), input_shape=(2, 3), stride=2).constant_input
    assert c is not None
    assert c.equation_text() == ["w_{0,0,0} + w_{1,0,0} = w_{0,0,1} + w_{1,0,1}"]
    always = overlap(kernel_shape=(3,), input_shape=(4,), stride=1).constant_input
    assert always is not None and always.constant is True and always.equations == ()


def test_floats_are_compared_to_a_tolerance() -> None:
    c = overlap(kernel=[0.1, 0.3, 0.2], input_shape=(4,), stride=2).constant_input
    assert c is not None and c.constant is True and c.comparison == "rtol 1e-09"
    c = overlap(kernel=[0.1, 0.3, 0.25], input_shape=(4,), stride=2).constant_input
    assert c is not None and c.constant is False


def test_groups_sum_their_own_channels() -> None:
    # two groups of two input channels; output channel 0 gets w[0] + w[1], channel 1 w[2] + w[3]
    w = [[[1, 0, 1]], [[0, 0, 0]], [[1, 1, 1]], [[0, 1, 0]]]
    o = overlap(kernel=w, input_shape=(4, 5), stride=2, groups=2)
    c = o.constant_input
    assert c is not None
    assert c.sums.tolist() == [[2, 0], [2, 2]]
    assert c.constant is False


# ----- results and errors ------------------------------------------------------------------


def test_seed_example_by_default() -> None:
    o = overlap()
    assert o.counts.tolist() == [[1, 2, 1], [2, 4, 2], [1, 2, 1]]
    assert o.kind == "uniform" and o.bands == ((1, 1), (1, 1))
    assert symtconv.overlap is overlap


def test_only_the_kernel_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    import symtconv.core.operands as operands

    real = operands.symbolic_tensor
    made: list[str] = []

    def spy(letter: str, *args: Any, **kwargs: Any) -> np.ndarray:
        made.append(letter)
        return real(letter, *args, **kwargs)

    monkeypatch.setattr(operands, "symbolic_tensor", spy)
    overlap(input_shape=(300, 300), kernel_shape=(3, 3), stride=2)
    assert made == ["w"]


@pytest.mark.parametrize(
    ("kwargs", "error", "fragment"),
    [
        ({"forward": True}, SpecError, "overlap: is about a transposed convolution"),
        ({"input_shape": (3,), "kernel_shape": (3,), "stride": 0}, SpecError, "stride: got 0"),
        (
            {"input_shape": (3,), "kernel_shape": (3,), "max_positions": 0},
            SpecError,
            "max_positions",
        ),
        (
            {"input_shape": (3000, 3000), "kernel_shape": (3, 3)},
            TooLargeError,
            "9,012,004 positions",
        ),
        ({"input_shape": (3,), "kernel_shape": (3,), "nope": 1}, SpecError, "options: got 'nope'"),
    ],
)
def test_errors(kwargs: dict[str, Any], error: type[Exception], fragment: str) -> None:
    with pytest.raises(error, match=fragment) as info:
        overlap(**kwargs)
    assert isinstance(info.value, SymtconvError)


def test_overlap_of_checks_its_weight() -> None:
    spec = ConvSpec.create(3, 3, stride=2)
    with pytest.raises(SpecError, match="weight: shape"):
        overlap_of(spec, np.zeros((1, 1, 2), dtype=object))
    with pytest.raises(SpecError, match="transposed"):
        overlap_of(ConvSpec.create(5, 3, transposed=False))
