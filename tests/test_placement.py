"""The placement engine in its correct mode against the literal C^T x (and C x)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symtconv.core.numeric import conv_transpose
from symtconv.engine.derivation import derive
from symtconv.handcheck.mistakes import correct_plan
from symtconv.handcheck.placement import Plan, place, placements


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and all(
        sympy.expand(u - v) == 0 for u, v in zip(a.reshape(-1), b.reshape(-1), strict=True)
    )


CASES = {
    "seed": {},
    "stride 2, padding 1, op 1": dict(
        input_shape=(3, 3), kernel_shape=(3, 3), stride=2, padding=1, output_padding=1
    ),
    "1-D dilation 2": dict(
        input_shape=(4,), kernel_shape=(3,), stride=3, padding=(2,), dilation=2, output_padding=2
    ),
    "asymmetric padding": dict(
        input_shape=(2, 3), kernel_shape=(2, 3), stride=(2, 1), padding=[(1, 0), (0, 2)]
    ),
    "channels and groups": dict(
        input_shape=(4, 2, 2), kernel_shape=(4, 1, 2, 2), groups=2, stride=2, padding=1
    ),
    "batch and bias": dict(input_shape=(2, 2, 3), kernel_shape=(2, 3, 2), bias=True, stride=2),
    "3-D": dict(input_shape=(2, 2, 2), kernel_shape=(2, 1, 2), stride=(1, 2, 1)),
    "forward": dict(input_shape=(5, 4), kernel_shape=(3, 2), stride=2, padding=1, forward=True),
    "forward groups": dict(
        input_shape=(2, 4, 4, 4),
        kernel_shape=(6, 2, 3, 3),
        groups=2,
        stride=2,
        padding=1,
        dilation=(1, 2),
        forward=True,
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_correct_plan_is_the_literal_product(case):
    d = derive(**CASES[case])
    got = place(correct_plan(d.spec), d.x, d.w, d.b, d.spec.groups)
    assert _same(got, np.asarray(d.output_full, dtype=object))


@settings(max_examples=40, deadline=None)
@given(
    size=st.integers(1, 4),
    k=st.integers(1, 3),
    s=st.integers(1, 3),
    lo=st.integers(0, 2),
    hi=st.integers(0, 2),
    d=st.integers(1, 2),
    op=st.integers(0, 2),
    seed=st.integers(0, 2**16),
)
def test_correct_plan_matches_numpy_scatter(size, k, s, lo, hi, d, op, seed):
    if not (op < s or op < d) or (size - 1) * s - lo - hi + d * (k - 1) + op + 1 < 1:
        return
    rng = np.random.default_rng(seed)
    x = rng.integers(-5, 6, (2, size, size))
    w = rng.integers(-5, 6, (2, 1, k, k))
    want = conv_transpose(x, w, stride=s, padding=[(lo, hi)] * 2, output_padding=op, dilation=d)
    d_ = derive(x, w, stride=s, padding=[(lo, hi)] * 2, output_padding=op, dilation=d)
    got = place(correct_plan(d_.spec), d_.x, d_.w, None, 1)
    assert got.tolist() == want.tolist()


def test_placements_of_the_seed_follow_row_major_order():
    d = derive()
    steps = placements(correct_plan(d.spec), d.x, d.w, 1)
    assert [p.input_index for p in steps] == [(0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1)]
    assert [p.at for p in steps] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert steps[3].block[0].tolist() == [[4, 0], [0, -4]]


def test_overwrite_keeps_the_last_placement_including_zero_taps():
    d = derive()
    plan = correct_plan(d.spec).but(overwrite=True)
    assert place(plan, d.x, d.w, None, 1)[0].tolist() == [[1, 2, 0], [3, 4, 0], [0, 0, -4]]


def test_order_places_only_the_given_elements():
    d = derive()
    plan = correct_plan(d.spec)
    got = place(plan, d.x, d.w, None, 1, order=[(0, 1, 1), (0, 0, 0)])
    assert got[0].tolist() == [[1, 0, 0], [0, 3, 0], [0, 0, -4]]


def test_plan_fields_are_frozen():
    plan = Plan("scatter", "transposed", (1,), (1,), (0,), (3,))
    with pytest.raises(AttributeError):
        plan.flip = True  # type: ignore[misc]
    assert plan.but(flip=True).flip and not plan.flip
