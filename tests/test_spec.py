"""ConvSpec: normalisation, validation, derived geometry.

Expected sizes are hand-computed from PyTorch's documented formulas
(REFERENCE: out = (i-1)s - 2p + d(k-1) + op + 1; forward floor((i+2p-d(k-1)-1)/s)+1)
or counted by brute force (:mod:`oracles.sizes`).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from oracles.sizes import conv_length, tconv_length

from symtconv.core.spec import ConvSpec
from symtconv.errors import SpecError, SymtconvError


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (dict(input_size=(2, 2), kernel_size=(2, 2)), (3, 3)),  # the seed: (2-1)*1+2
        (dict(input_size=5, kernel_size=3, stride=2, padding=1, output_padding=1), (10,)),
        (dict(input_size=(3, 4), kernel_size=(3, 2), stride=(2, 3)), (7, 11)),
        (dict(input_size=4, kernel_size=3, dilation=2, padding=(1,)), (6,)),
        (dict(input_size=2, kernel_size=2, stride=1, dilation=3, output_padding=2), (7,)),
        (dict(input_size=(3, 3), kernel_size=(3, 3), transposed=False), (1, 1)),
        (dict(input_size=(3, 3), kernel_size=(2, 2), transposed=False), (2, 2)),  # seed recap
        (dict(input_size=7, kernel_size=3, stride=2, padding=1, transposed=False), (4,)),
        (dict(input_size=6, kernel_size=3, stride=2, padding=[(0, 1)], transposed=False), (3,)),
    ],
)
def test_output_size_hand_checked(kwargs: dict, expected: tuple[int, ...]) -> None:
    assert ConvSpec.create(**kwargs).output_size == expected


@given(
    i=st.integers(1, 8),
    k=st.integers(1, 5),
    s=st.integers(1, 4),
    lo=st.integers(0, 4),
    hi=st.integers(0, 4),
    d=st.integers(1, 3),
    op=st.integers(0, 3),
)
def test_sizes_match_brute_force(i: int, k: int, s: int, lo: int, hi: int, d: int, op: int) -> None:
    forward_ok = i + lo + hi >= d * (k - 1) + 1
    try:
        f = ConvSpec.create(i, k, stride=s, padding=[(lo, hi)], dilation=d, transposed=False)
    except SpecError:
        assert not forward_ok
    else:
        assert forward_ok
        assert f.output_size == (conv_length(i, k, s, lo, hi, d),)
    expected = tconv_length(i, k, s, lo, hi, d, op)
    accepted = (op < s or op < d) and expected >= 1
    try:
        t = ConvSpec.create(i, k, stride=s, padding=[(lo, hi)], dilation=d, output_padding=op)
    except SpecError:
        assert not accepted
    else:
        assert accepted
        assert t.output_size == (expected,)
        # C's forward convolution has i + op // s output positions (more when op >= s)
        assert t.forward_output_size == (i + op // s,)
        assert t.truncated_rows == (op >= s)


@pytest.mark.parametrize(
    ("padding", "rank", "expected"),
    [
        (1, 2, ((1, 1), (1, 1))),
        ((1, 2), 2, ((1, 1), (2, 2))),
        (((1, 2), (0, 3)), 2, ((1, 2), (0, 3))),
        ([(2, 0)], 1, ((2, 0),)),
        ((1, (0, 2), 1), 3, ((1, 1), (0, 2), (1, 1))),
    ],
)
def test_padding_forms(padding: object, rank: int, expected: tuple) -> None:
    spec = ConvSpec.create((4,) * rank, (2,) * rank, padding=padding)  # type: ignore[arg-type]
    assert spec.padding == expected


@pytest.mark.parametrize(
    ("kwargs", "fragments"),
    [
        (dict(stride=0), ["stride", "got 0", ">= 1"]),
        (dict(stride=(1, 2, 3)), ["stride", "(1, 2, 3)", "2 integer(s)"]),
        (dict(stride=1.5), ["stride", "1.5", "integer"]),
        (dict(dilation=-1), ["dilation", "-1", ">= 1"]),
        (dict(padding=-1), ["padding", "(-1, -1)", ">= 0"]),
        (dict(padding=((1, 2, 3), 0)), ["padding", "(lo, hi)"]),
        (dict(padding="1"), ["padding", "'1'"]),
        (dict(output_padding=1), ["output_padding", "got 1", "stride (1)", "dilation (1)"]),
        (dict(output_padding=-1), ["output_padding", "-1", ">= 0"]),
        (dict(in_channels=0), ["in_channels", "0", ">= 1"]),
        (dict(in_channels=2, out_channels=3, groups=2), ["groups", "2", "divide"]),
        (dict(groups=True), ["groups", "True"]),
        (dict(batch=0), ["batch", "0"]),
        (dict(padding=3), ["input_size", "output size of -3", "padding must be smaller"]),
        (dict(kernel_size=(5, 5), transposed=False), ["input_size", "dilated kernel"]),
        (dict(transposed=False, output_padding=1), ["output_padding", "only a transposed"]),
        (dict(kernel_size=(1, 1, 1, 1)), ["kernel_size", "rank", "1 to 3"]),
        (dict(kernel_size=()), ["kernel_size", "1 to 3"]),
        (dict(input_size=(0, 2)), ["input_size", "got 0", ">= 1"]),
    ],
)
def test_invalid_specs(kwargs: dict, fragments: list[str]) -> None:
    args = dict(input_size=(2, 2), kernel_size=(2, 2)) | kwargs
    with pytest.raises(SpecError) as info:
        ConvSpec.create(**args)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message
    assert "\n" not in message
    assert isinstance(info.value, SymtconvError) and isinstance(info.value, ValueError)


def test_direct_construction_is_validated() -> None:
    with pytest.raises(SpecError, match="stride"):
        ConvSpec((2,), (2,), (0,), ((0, 0),), (1,), (0,))
    with pytest.raises(SpecError, match="padding"):
        ConvSpec((2,), (2,), (1,), ((0,),), (1,), (0,))  # type: ignore[arg-type]


def test_frozen_and_hashable() -> None:
    a = ConvSpec.create((2, 2), (2, 2))
    b = ConvSpec.create([2, 2], [2, 2], stride=(1, 1), padding=((0, 0), (0, 0)))
    assert a == b and hash(a) == hash(b)
    with pytest.raises(AttributeError):
        a.stride = (2, 2)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "weight", "inp", "out", "matrix"),
    [
        # transposed 2->6 channels, groups 2: weight (C_in, C_out/g, k); C maps 6x5 -> 2x3
        (
            dict(input_size=3, kernel_size=3, in_channels=2, out_channels=6, groups=2),
            (2, 3, 3),
            (2, 3),
            (6, 5),
            (2 * 3, 6 * 5),
        ),
        # forward 4->2, groups 2: weight (C_out, C_in/g, k); C maps 4x5 -> 2x3
        (
            dict(
                input_size=5,
                kernel_size=3,
                in_channels=4,
                out_channels=2,
                groups=2,
                transposed=False,
            ),
            (2, 2, 3),
            (4, 5),
            (2, 3),
            (2 * 3, 4 * 5),
        ),
    ],
)
def test_channel_layouts(
    kwargs: dict, weight: tuple, inp: tuple, out: tuple, matrix: tuple
) -> None:
    spec = ConvSpec.create(**kwargs)
    assert spec.weight_shape == weight
    assert spec.input_shape == inp
    assert spec.output_shape == out
    assert spec.matrix_shape == matrix


def test_batch_shapes_and_forward_equivalent() -> None:
    spec = ConvSpec.create(
        (2, 3),
        (2, 2),
        stride=2,
        padding=((1, 0), (0, 1)),
        in_channels=3,
        out_channels=2,
        batch=4,
        bias=True,
    )
    assert spec.input_shape == (4, 3, 2, 3)
    assert spec.output_shape == (4, 2, 3, 5)
    fwd = spec.forward_equivalent()
    assert not fwd.transposed
    assert fwd.input_size == spec.output_size and fwd.output_size == spec.input_size
    assert (fwd.in_channels, fwd.out_channels) == (2, 3)
    assert fwd.weight_shape == spec.weight_shape  # the same tensor, read in forward layout


def test_describe_and_as_dict() -> None:
    spec = ConvSpec.create((5, 5), (3, 3), stride=2, padding=((1, 2), (1, 2)), output_padding=1)
    assert spec.describe() == (
        "2-D transposed convolution, input 5x5, kernel 3x3, stride 2, padding 1:2,1:2, "
        "dilation 1, output_padding 1"
    )
    data = spec.as_dict()
    assert data["padding"] == [[1, 2], [1, 2]]
    assert data["output_size"] == [9, 9]  # (5-1)*2 - 1 - 2 + (3-1) + 1 + 1
