"""The canonical form: geometry, normalisation, and its numbers against the naive oracle."""

from __future__ import annotations

import numpy as np
import pytest
from oracles.naive import naive_conv_transpose

from symtconv.core.spec import ConvSpec
from symtconv.errors import SpecError, SymtconvError
from symtconv.frameworks.canonical import Canonical
from symtconv.frameworks.windows import adjust_is_valid, apply_adjust, window_adjust

CASES = [
    # i, k, s, d, pads, op, (cin, cout, groups)
    ((5,), (3,), (2,), (1,), ((0, 1),), (0,), (1, 1, 1)),
    ((5,), (3,), (2,), (1,), ((1, 1),), (1,), (1, 1, 1)),
    ((4,), (2,), (3,), (1,), ((0, 0),), (2,), (1, 1, 1)),
    ((3,), (2,), (1,), (3,), ((2, 0),), (2,), (1, 1, 1)),  # op >= s, allowed as op < d
    ((3, 2), (2, 3), (2, 1), (1, 2), ((1, 0), (0, 2)), (1, 0), (2, 4, 2)),
    ((2, 2), (2, 2), (1, 1), (1, 1), ((0, 0), (0, 0)), (0, 0), (1, 1, 1)),
]


@pytest.mark.parametrize("i, k, s, d, pads, op, ch", CASES)
def test_compute_matches_the_definition(i, k, s, d, pads, op, ch):
    cin, cout, g = ch
    c = Canonical(i, k, s, d, pads, op, cin, cout, g)
    rng = np.random.default_rng(1)
    x = rng.integers(-9, 10, (cin, *i))
    w = rng.integers(-9, 10, (cin, cout // g, *k))
    assert c.compute(x, w).tolist() == naive_conv_transpose(x, w, None, s, pads, op, d, g).tolist()


@pytest.mark.parametrize(
    "pads, op, expect, problem",
    [
        (((-2, 1),), (0,), [0, 0, 1, 2, 3, 4, 5], "pads (-2, 1)"),
        (((1, -2),), (0,), [2, 3, 4, 5, 6, 0, 0], "output_padding 2"),
    ],
)
def test_compute_with_negative_pads_adds_zeros(pads, op, expect, problem):
    # k = 1, s = 1: the full result is the input itself
    c = Canonical((6,), (1,), (1,), (1,), pads, op)
    x = np.array([[1, 2, 3, 4, 5, 6]])
    w = np.array([[[1]]])
    assert c.compute(x, w)[0].tolist() == expect
    assert problem in (c.spec_problem() or "")


def test_seed_example():
    c = Canonical.create((2, 2), (2, 2))
    x = np.array([[[1, 2], [3, 4]]])
    w = np.array([[[[1, 0], [0, -1]]]])
    assert c.compute(x, w)[0].tolist() == [[1, 2, 0], [3, 3, -2], [0, -3, -4]]


def test_bias_reaches_added_zeros():
    c = Canonical((2,), (1,), (1,), (1,), ((-1, 0),), (0,))
    y = c.compute(np.array([[1, 2]]), np.array([[[3]]]), np.array([10]))
    assert y.tolist() == [[10, 13, 16]]


def test_geometry():
    c = Canonical.create(5, 3, stride=2, pads=(0, 1))
    assert (c.output_size, c.full_size, c.window) == ((10,), (11,), ((0, 10),))
    assert c.effective_kernel_size == (3,)


@pytest.mark.parametrize(
    "a, b, same",
    [
        (dict(pads=1, output_padding=1), dict(pads=((1, 0),)), True),
        (dict(pads=((0, 1),)), dict(pads=1, output_padding=1), False),
        (dict(pads=((0, 0),), output_padding=1), dict(pads=((0, 0),), output_padding=1), True),
    ],
)
def test_same_numbers(a, b, same):
    ca = Canonical.create(5, 3, stride=2, **a)
    cb = Canonical.create(5, 3, stride=2, **b)
    assert ca.same_numbers(cb) is same


@pytest.mark.parametrize("s, d, op", [(2, 1, 1), (1, 3, 2), (3, 2, 2)])
def test_spec_roundtrip(s, d, op):
    spec = ConvSpec.create(4, 2, stride=s, dilation=d, padding=[(1, 0)], output_padding=op)
    c = Canonical.from_spec(spec)
    assert c.to_spec() == spec
    assert c.output_size == spec.output_size


def test_to_spec_refuses_what_pytorch_cannot_compute():
    with pytest.raises(SpecError, match="no PyTorch-style spec") as info:
        Canonical.create(4, 2, stride=2, pads=((-1, 0),)).to_spec()
    assert isinstance(info.value, SymtconvError)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(input_size=0, kernel_size=3), "input_size: got [0]"),
        (dict(input_size=3, kernel_size=3, stride=0), "stride: got [0]"),
        (dict(input_size=3, kernel_size=3, output_padding=-1), "output_padding: got [-1]"),
        (dict(input_size=2, kernel_size=1, pads=3), "output size of"),
        (dict(input_size=2, kernel_size=1, stride="x"), "stride: got 'x'"),
        (
            dict(input_size=2, kernel_size=1, in_channels=2, out_channels=3, groups=2),
            "groups: got 2",
        ),
    ],
)
def test_errors_name_the_parameter(kwargs, message):
    with pytest.raises(SpecError) as info:
        Canonical.create(**kwargs)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_from_spec_refuses_forward():
    with pytest.raises(SpecError, match="forward"):
        Canonical.from_spec(ConvSpec.create(3, 2, transposed=False))


@pytest.mark.parametrize(
    "realized, target, valid",
    [
        ((0, 11), (0, 10), True),  # crop one at the end
        ((1, 11), (0, 10), False),  # position 0 is part of the full result: no zeros there
        ((0, 8), (-2, 8), True),  # zeros before the full result
        ((0, 7), (0, 9), False),  # positions 7, 8 are inside the full result (length 8)
        ((0, 8), (0, 9), True),
    ],
)
def test_adjust_validity(realized, target, valid):
    assert adjust_is_valid([realized], [target], [8 if realized[1] <= 8 else 11]) is valid


def test_window_adjust_and_apply():
    adjust = window_adjust([(0, 11)], [(2, 12)])
    assert adjust == ((2, -1),)
    assert apply_adjust(np.arange(11), adjust, 0).tolist() == [2, 3, 4, 5, 6, 7, 8, 9, 10, 0]
