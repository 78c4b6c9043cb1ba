"""The document's lesson parts compute only what they show, and give the same values as
the whole computation: conv's ``at`` against the naive oracle, the gradient check's
``L(e_j)`` against ``L(u + e_j) - L(u)`` expanded in full, the recap's shown entries
against the whole convolution."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy
from oracles.naive import naive_conv, naive_conv_transpose

from symtconv import derive
from symtconv.core.numeric import conv, conv_transpose_zero_insertion
from symtconv.render.document.builder import Builder
from symtconv.render.document.gradient import _free, _loss, _operand, loss_difference, upstream
from symtconv.render.document.options import DocumentOptions
from symtconv.render.document.windows import recap_operand
from symtconv.render.printer import Raw

CASES = [
    # input size, kernel, stride, padding, dilation, groups, channels in/out
    ((5,), (2,), 2, 0, 1, 1, (1, 1)),
    ((4, 5), (3, 2), 2, 1, 1, 1, (1, 1)),
    ((3, 4), (2, 2), (1, 2), ((0, 1), (1, 0)), 2, 1, (2, 3)),
    ((4, 3), (2, 3), 3, 1, (2, 1), 2, (4, 2)),
    ((2, 2, 3), (2, 1, 2), 2, 0, 1, 1, (1, 2)),
]


def _operands(size, kernel, cin, cout, groups, seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(-5, 6, (cin, *size)).astype(object)
    w = rng.integers(-5, 6, (cout, cin // groups, *kernel)).astype(object)
    return x, w


@pytest.mark.parametrize("case", CASES)
def test_conv_at_gives_the_naive_entries_at_those_positions(case):
    size, kernel, stride, padding, dilation, groups, (cin, cout) = case
    x, w = _operands(size, kernel, cin, cout, groups, 0)
    whole = naive_conv(x, w, None, stride, padding, dilation, groups)
    positions = list(itertools.product(*map(range, whole.shape[1:])))
    at = positions[:: max(1, len(positions) // 3)]
    got = conv(x, w, None, stride, padding, dilation, groups, at=at)
    assert got.shape == whole.shape
    for index in positions:
        expected = whole[(slice(None), *index)] if index in at else 0
        assert (got[(slice(None), *index)] == expected).all(), index


@pytest.mark.parametrize("case", CASES)
def test_zero_insertion_at_gives_the_naive_transposed_entries(case):
    size, kernel, stride, padding, dilation, groups, (cin, cout) = case
    x, _ = _operands(size, kernel, cin, cout, groups, 1)
    w = np.random.default_rng(2).integers(-5, 6, (cin, cout // groups, *kernel)).astype(object)
    whole = naive_conv_transpose(x, w, None, stride, padding, 0, dilation, groups)
    positions = list(itertools.product(*map(range, whole.shape[1:])))
    at = [positions[0], positions[-1]]
    got = conv_transpose_zero_insertion(x, w, None, stride, padding, 0, dilation, groups, at=at)
    for index in at:
        assert (got[(slice(None), *index)] == whole[(slice(None), *index)]).all()


DERIVED = [
    {"input_shape": (2, 3), "kernel_shape": (2, 2), "stride": 2},
    {"input_shape": (3, 3), "kernel_shape": (3, 3), "stride": 2, "padding": 1},
    {"input_shape": (4,), "kernel_shape": (3,), "stride": 3, "padding": [(1, 0)], "dilation": 2},
    {
        "input_shape": (2, 2),
        "kernel_shape": (2, 2),
        "stride": 2,
        "in_channels": 2,
        "out_channels": 4,
        "groups": 2,
    },
    {"input_shape": (3, 3), "kernel_shape": (2, 2), "stride": 2, "forward": True},
    {
        "input_shape": (5, 4),
        "kernel_shape": (3, 2),
        "stride": (2, 1),
        "padding": 1,
        "forward": True,
        "in_channels": 2,
        "out_channels": 2,
    },
]


@pytest.mark.parametrize("options", DERIVED)
def test_loss_difference_is_the_whole_losses_difference(options):
    b = Builder(derive(**options), DocumentOptions())
    u, g = _operand(b), upstream(b)
    assert _free(u) or _free(g) or _free(b.d.w)  # symbolic: the path the document takes
    for where in itertools.product(*map(range, b.spec.col_size)):
        moved = u.copy()
        moved[(0, *where)] = moved[(0, *where)] + 1
        expected = sympy.expand(_loss(b, moved, g) - _loss(b, u, g))
        assert sympy.expand(loss_difference(b, where) - expected) == 0, where


def test_loss_difference_is_not_zero_where_windows_meet():
    b = Builder(derive(), DocumentOptions())  # the seed's example
    assert loss_difference(b, (1, 1)) != 0


def _shown_text(b, value):
    """A shown entry of the recap as the document prints it (the tap sums come printed)."""
    return value.latex if isinstance(value, Raw) else b.p.doprint(value)


@pytest.mark.parametrize("options", DERIVED[:4])
def test_recap_computes_the_shown_entries_as_the_whole_convolution(options):
    """The shown entries, computed on the taps' numbers and printed from those, against
    the whole convolution in SymPy, printed by the printer (itself held to SymPy's)."""
    b = Builder(derive(**options), DocumentOptions())
    _, whole = recap_operand(b)
    _, shown = recap_operand(b, shown=True)
    indices = b.p.shown_indices(b.shown(whole).shape)
    assert indices
    for index in indices:
        assert isinstance(b.shown(shown)[index], Raw)
        assert b.shown(shown)[index].latex == b.p.doprint(b.shown(whole)[index])


def _value(v):
    return sympy.Symbol(v) if isinstance(v, str) else sympy.Integer(v)


@pytest.mark.parametrize(
    "kernel",
    [
        [[2, -1], [0, 3]],  # numbers: SymPy's sums
        [["w_{0,0}", "w_{0,0}"], ["w_{1,0}", "w_{0,0}"]],  # a name at several taps: summed
        [["w_{0,0}", "q"], ["w_{1,0}", "w_{1,1}"]],  # a name the printer does not order
    ],
)
def test_recap_of_other_kernels_gives_the_whole_convolutions_entries(kernel):
    w = np.array([[_value(v) for v in row] for row in kernel], dtype=object)
    b = Builder(derive(input_shape=(3, 3), kernel=w, stride=2, padding=1), DocumentOptions())
    _, whole = recap_operand(b)
    _, shown = recap_operand(b, shown=True)
    for index in b.p.shown_indices(b.shown(whole).shape):
        got = _shown_text(b, b.shown(shown)[index])
        assert got == b.p.doprint(b.shown(whole)[index])


def test_recap_of_a_big_input_leaves_the_entries_not_shown_zero():
    b = Builder(derive(input_shape=(20, 20), kernel_shape=(3, 3), stride=2), DocumentOptions())
    _, whole = recap_operand(b)
    _, shown = recap_operand(b, shown=True)
    kept = set(b.p.shown_indices(b.shown(whole).shape))
    flat = b.shown(shown)
    hidden = [i for i in np.ndindex(*flat.shape) if i not in kept]
    assert hidden and all(flat[i] == 0 for i in hidden)
    assert all(flat[i].latex == b.p.doprint(b.shown(whole)[i]) for i in kept)


@pytest.mark.parametrize("seed", range(25))
def test_round_trip_grouping_is_sympys_collect(seed):
    """The round trip's entry grouped by its inputs directly, against SymPy's collect
    (random sums of products, some with a term that has no input, or two)."""
    from symtconv.render.document.relations import _collected

    rng = np.random.default_rng(seed)
    xs = [sympy.Symbol(f"x_{{{i}}}") for i in range(4)]
    ws = [sympy.Symbol(f"w_{{{i}}}") for i in range(4)]
    terms = []
    for _ in range(int(rng.integers(1, 9))):
        factors = [ws[int(i)] for i in rng.integers(0, 4, int(rng.integers(1, 3)))]
        if rng.random() < 0.9:
            factors.append(xs[int(rng.integers(0, 4))])
        if rng.random() < 0.1:
            factors.append(xs[int(rng.integers(0, 4))])
        terms.append(int(rng.choice([1, 2, -3])) * sympy.Mul(*factors))
    expr = sympy.expand(sympy.Add(*terms))
    assert _collected(expr, xs) == sympy.collect(expr, xs)
