"""The mistake registry: each mistake's answer against a hand-written loop."""

from __future__ import annotations

import numpy as np
import pytest
from oracles.mistakes import FORWARD, TRANSPOSED, conv, tconv

from symtconv.core.operands import read_operands
from symtconv.core.spec import ConvSpec
from symtconv.errors import SpecError, SymtconvError
from symtconv.handcheck.mistakes import MISTAKES, get_mistake, mistake_output

RNG = np.random.default_rng(20240605)

#: (input, kernel, stride, padding ((lo, hi), (lo, hi)), output_padding, dilation)
TRANSPOSED_CASES = {
    "3x3,k3,s2,p1,op1": (
        RNG.integers(1, 9, (3, 3)),
        [[1, 2, 0], [0, -1, 3], [2, 0, 1]],
        (2, 2),
        ((1, 1), (1, 1)),
        (1, 1),
        (1, 1),
    ),
    "2x3,k3,s(2,3),p asym,op(1,2)": (
        RNG.integers(-4, 5, (2, 3)),
        [[1, -2, 3], [0, 2, -1], [2, 1, 0]],
        (2, 3),
        ((1, 0), (2, 1)),
        (1, 2),
        (1, 1),
    ),
    "3x2,k2,s2,p1,op1,d2": (
        RNG.integers(1, 6, (3, 2)),
        [[2, -1], [1, 3]],
        (2, 2),
        ((1, 1), (1, 1)),
        (1, 1),
        (2, 2),
    ),
}
FORWARD_CASES = {
    "5x5,k3,s2,p1": (
        RNG.integers(-3, 4, (5, 5)),
        [[1, 2, 0], [0, -1, 3], [2, 0, 1]],
        (2, 2),
        ((1, 1), (1, 1)),
        (1, 1),
    ),
    "4x6,k2x3,s(2,1),p asym,d(1,2)": (
        RNG.integers(1, 7, (4, 6)),
        [[1, -2, 3], [0, 2, -1]],
        (2, 1),
        ((0, 1), (2, 0)),
        (1, 2),
    ),
}


def _operands(x, w, s, p, op, d, forward=False):
    return read_operands(
        np.asarray(x).tolist(),
        w,
        stride=s,
        padding=list(p),
        output_padding=op,
        dilation=d,
        forward=forward,
    )


def test_every_mistake_has_a_hand_written_oracle():
    assert set(MISTAKES) == set(TRANSPOSED) | set(FORWARD)


@pytest.mark.parametrize("case", TRANSPOSED_CASES)
@pytest.mark.parametrize("name", TRANSPOSED)
def test_transposed_mistake_matches_the_hand_written_loop(name, case):
    x, w, s, p, op, d = TRANSPOSED_CASES[case]
    spec, xs, ws, b = _operands(x, w, s, p, op, d)
    got = mistake_output(name, spec, xs, ws, b)
    want = TRANSPOSED[name](x, w, s, p, op, d)
    assert got is not None
    assert got[0].tolist() == want.tolist()
    assert want.tolist() != tconv(x, w, s, p, op, d).tolist()  # the mistake shows here


@pytest.mark.parametrize("case", FORWARD_CASES)
@pytest.mark.parametrize("name", FORWARD)
def test_forward_mistake_matches_the_hand_written_loop(name, case):
    x, w, s, p, d = FORWARD_CASES[case]
    spec, xs, ws, b = _operands(x, w, s, p, 0, d, forward=True)
    got = mistake_output(name, spec, xs, ws, b)
    want = FORWARD[name](x, w, s, p, d)
    assert got is not None
    assert got[0].tolist() == want.tolist()
    assert want.tolist() != conv(x, w, s, p, d).tolist()


@pytest.mark.parametrize(
    ("name", "spec"),
    [
        ("stride_not_applied", ConvSpec.create((3, 3), (2, 2))),
        ("padding_not_cropped", ConvSpec.create((3, 3), (2, 2), stride=2)),
        ("padding_applied_to_input", ConvSpec.create((3, 3), (2, 2))),
        ("output_padding_missing", ConvSpec.create((3, 3), (2, 2), stride=2)),
        ("output_padding_added_both_sides", ConvSpec.create(3, 2, stride=2)),
        ("forward_instead_of_transposed", ConvSpec.create(2, 3)),  # forward size would be 0
        ("transposed_instead_of_forward", ConvSpec.create(3, 2)),
        ("overlap_not_summed", ConvSpec.create(3, 2, transposed=False)),
        ("rows_and_columns_swapped", ConvSpec.create(3, 2)),
    ],
)
def test_mistakes_that_cannot_happen_have_no_plan(name, spec):
    assert MISTAKES[name].plan(spec) is None


def test_descriptions_are_one_line():
    assert all(m.description and "\n" not in m.description for m in MISTAKES.values())


def test_unknown_mistake_lists_the_valid_ones():
    with pytest.raises(SymtconvError) as info:
        get_mistake("flipped")
    assert isinstance(info.value, SpecError)
    assert "'flipped'" in str(info.value) and "kernel_flipped" in str(info.value)


def test_channels_overwrite_in_row_major_order():
    # two input channels, one output channel: the second channel's placements overwrite
    x = [[[1, 2]], [[10, 20]]]  # (C_in=2, 1, 2)
    w = [[[[1, 1]]], [[[1, -1]]]]  # (C_in=2, C_out=1, 1, 2)
    spec, xs, ws, b = read_operands(x, w)
    out = mistake_output("overlap_not_summed", spec, xs, ws, b)
    # order x[0,0,0], x[0,0,1], x[1,0,0], x[1,0,1]; the last two write
    # 10*[1,-1] at 0..1, then 20*[1,-1] at 1..2
    assert out.tolist() == [[[10, 20, -20]]]
