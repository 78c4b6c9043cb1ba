"""symtconv.check: the verdict, the wrong entries with their terms, the diagnosis."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from oracles.mistakes import FORWARD, TRANSPOSED, conv, tconv

from symtconv import check
from symtconv.errors import ParseError, SpecError, SymtconvError
from symtconv.handcheck.mistakes import MISTAKES

SEED_LATEX = (
    r"$$ \text{Output} = \begin{bmatrix} 1 & 2 & 0 \\ 3 & 3 & -2 \\ 0 & -3 & -4 "
    r"\end{bmatrix} $$"
)
CENTRE_WRONG = "1 2 0; 3 -1 -2; 0 -3 -4"

# ----- the seed example ------------------------------------------------------------------


def test_the_seed_answer_pasted_from_its_latex_is_accepted():
    r = check(SEED_LATEX)
    assert r.correct and r.wrong_entries == () and r.checked == 9
    assert r.likely_causes == ()


def test_the_centre_computed_as_minus_one_is_rejected_with_exactly_that_entry():
    r = check(CENTRE_WRONG)
    assert not r.correct
    assert [e.index for e in r.wrong_entries] == [(1, 1)]
    e = r.wrong_entries[0]
    assert (e.claimed, e.expected) == (-1, 3)
    assert [(t.product, t.input_value, t.weight_value, t.value) for t in e.terms] == [
        ("x_{0,0}*w_{1,1}", 1, -1, -1),
        ("x_{1,1}*w_{0,0}", 4, 1, 4),
    ]
    # the taps with weight 0 reach the centre too: listed apart, never hidden
    assert [t.product for t in e.zero_terms] == ["x_{0,1}*w_{1,0}", "x_{1,0}*w_{0,1}"]
    assert [t.product for t in e.kept] == ["x_{0,0}*w_{1,1}"]
    assert r.likely_causes == ("overlap_not_summed",)
    assert r.findings[0].match == "entries"


def test_the_seed_with_later_placements_overwriting_is_reproduced_exactly():
    r = check("1 2 0; 3 4 0; 0 0 -4")
    assert r.likely_causes == ("overlap_not_summed",)
    assert r.findings[0].match == "exact"


# ----- every mistake, on non-symmetric kernels with stride 2 and padding -----------------------

RNG = np.random.default_rng(7)
TRANSPOSED_CASES = {
    "3x3,k3,s2,p1,op1": (
        RNG.integers(1, 9, (3, 3)),
        [[1, 2, 0], [0, -1, 3], [2, 0, 1]],
        (2, 2),
        ((1, 1), (1, 1)),
        (1, 1),
        (1, 1),
    ),
    "2x3,k3,s2,p(2,1),op1": (
        RNG.integers(-5, 6, (2, 3)),
        [[3, -1, 0], [1, 2, -2], [0, 1, 4]],
        (2, 2),
        ((2, 2), (1, 1)),
        (1, 1),
        (1, 1),
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
}


def _kwargs(s, p, op=None, d=(1, 1)):
    out = {"stride": s, "padding": list(p), "dilation": d}
    if op is not None:
        out["output_padding"] = op
    return out


@pytest.mark.parametrize("case", TRANSPOSED_CASES)
@pytest.mark.parametrize("name", TRANSPOSED)
def test_a_claim_made_with_a_mistake_is_diagnosed_with_it(name, case):
    x, w, s, p, op, d = TRANSPOSED_CASES[case]
    claim = TRANSPOSED[name](x, w, s, p, op, d)
    assert claim.tolist() != tconv(x, w, s, p, op, d).tolist()
    r = check(claim.tolist(), x.tolist(), w, **_kwargs(s, p, op, d))
    assert not r.correct
    assert name in r.likely_causes
    assert next(f for f in r.findings if f.mistake == name).match == "exact"


@pytest.mark.parametrize("case", FORWARD_CASES)
@pytest.mark.parametrize("name", FORWARD)
def test_a_forward_claim_made_with_a_mistake_is_diagnosed_with_it(name, case):
    x, w, s, p, d = FORWARD_CASES[case]
    claim = FORWARD[name](x, w, s, p, d)
    r = check(claim.tolist(), x.tolist(), w, forward=True, **_kwargs(s, p, d=d))
    assert not r.correct and name in r.likely_causes


def test_every_registered_mistake_is_diagnosed_in_a_test():
    assert set(MISTAKES) == set(TRANSPOSED) | set(FORWARD)


@pytest.mark.parametrize("case", TRANSPOSED_CASES)
def test_correct_claims_pass(case):
    x, w, s, p, op, d = TRANSPOSED_CASES[case]
    r = check(tconv(x, w, s, p, op, d).tolist(), x.tolist(), w, **_kwargs(s, p, op, d))
    assert r.correct and r.findings == () and r.likely_causes == ()


@pytest.mark.parametrize("case", FORWARD_CASES)
def test_correct_forward_claims_pass(case):
    x, w, s, p, d = FORWARD_CASES[case]
    r = check(conv(x, w, s, p, d).tolist(), x.tolist(), w, forward=True, **_kwargs(s, p, d=d))
    assert r.correct


def test_a_single_slip_is_not_blamed_on_a_whole_answer_mistake():
    x, w, s, p, op, d = TRANSPOSED_CASES["3x3,k3,s2,p1,op1"]
    claim = tconv(x, w, s, p, op, d)
    claim[0, 0] += 7  # an arithmetic slip no listed mistake makes
    r = check(claim.tolist(), x.tolist(), w, **_kwargs(s, p, op, d))
    assert [e.index for e in r.wrong_entries] == [(0, 0)]
    assert r.likely_causes == ()
    assert "No listed mistake explains the claim." in str(r)


# ----- symbolic claims, partial claims, numbers ---------------------------------------------


def test_symbolic_claims_are_compared_by_algebra():
    r = check(
        "[[x_{0,0}*w_{0,0}, ?, ?], [?, w_{1,1}*x_{0,0} + x_{0,1}*w_{1,0} + x_{1,0}*w_{0,1}"
        " + x_{1,1}*w_{0,0}, ?], [?, ?, x_{1,1}*(w_{1,1} + 1) - x_{1,1}]]",
        input_shape=(2, 2),
        kernel_shape=(2, 2),
    )
    assert r.correct and r.checked == 3 and r.unknown == 6


def test_a_symbolic_claim_missing_products_names_them():
    r = check(
        "x_{0,0}*w_{1,1} + x_{1,1}*w_{0,0}", entry="1,1", input_shape=(2, 2), kernel_shape=(2, 2)
    )
    (e,) = r.wrong_entries
    assert sorted(e.missing) == ["w_{0,1}*x_{1,0}", "w_{1,0}*x_{0,1}"]
    assert e.extra == ()
    assert r.likely_causes == ("overlap_not_summed",)


def test_a_symbolic_claim_with_the_kernel_flipped():
    r = check(
        "[[x_{0,0}*w_{1,1}, ?, ?], [?, ?, ?], [?, ?, ?]]", input_shape=(2, 2), kernel_shape=(2, 2)
    )
    (e,) = r.wrong_entries
    assert e.extra == ("w_{1,1}*x_{0,0}",) and e.missing == ("w_{0,0}*x_{0,0}",)
    assert "kernel_flipped" in r.likely_causes


def test_names_in_a_claim_take_the_operands_values():
    r = check("x_{0,0}*w_{1,1} + x_{1,1}*w_{0,0}", entry=(1, 1))
    assert r.correct
    r = check("x_{0,0}*w_{1,1}", entry=(1, 1))
    assert r.wrong_entries[0].written == sympy.Symbol("x_{0,0}") * sympy.Symbol("w_{1,1}")
    assert r.wrong_entries[0].claimed == -1


def test_partial_claims():
    assert check("1 ? 0; ? 3 ?; ? ? -4").correct
    r = check("1 ? 0; ? -1 ?; ? ? -4")
    assert [e.index for e in r.wrong_entries] == [(1, 1)] and r.unknown == 5


def test_fractions_are_exact_and_floats_use_the_tolerance():
    # by hand: y_{1,1} = 1*(-1/3) + 4*(1/2) = 5/3
    kernel = [[Fraction(1, 2), 0], [0, Fraction(-1, 3)]]
    x = [[1, 2], [3, 4]]
    assert check("1/2 1 0; 3/2 5/3 -2/3; 0 -1 -4/3", x, kernel).correct
    assert not check("1/2 1 0; 3/2 5/4 -2/3; 0 -1 -4/3", x, kernel).correct
    assert not check("1/2 1 0; 3/2 1.6666 -2/3; 0 -1 -4/3", x, kernel).correct
    r = check("1/2 1 0; 3/2 1.66666666666667 -2/3; 0 -1 -4/3", x, kernel)
    assert r.correct and r.floats
    assert "tolerance of 1e-09" in str(r)
    assert check("1 2 0; 3 3.01 -2; 0 -3 -4", tolerance=0.01).correct
    assert not check("1 2 0; 3 3.01 -2; 0 -3 -4").correct


def test_bias_is_part_of_the_expected_entry():
    r = check("2 3 1; 4 1 -1; 1 -2 -3", bias=[1])
    assert [e.index for e in r.wrong_entries] == [(1, 1)]
    assert r.wrong_entries[0].expected == 4 and r.wrong_entries[0].bias == 1


def test_channels_and_batch():
    x = np.arange(1, 9).reshape(2, 2, 2).tolist()  # (C_in=2, 2, 2)
    w = [[[[1, 0], [0, -1]]], [[[0, 1], [2, 0]]]]  # (C_in=2, C_out=1, 2, 2)
    # by hand: channel 0 gives the seed answer [[1,2,0],[3,3,-2],[0,-3,-4]]; channel 1 places
    # v at (a, b+1) and 2v at (a+1, b) for v = 5, 6, 7, 8: [[0,5,6],[10,19,8],[14,16,0]]
    right = np.array([[[1, 7, 6], [13, 22, 6], [14, 13, -4]]])
    assert check(right.tolist(), x, w).correct
    wrong = right.copy()
    wrong[0, 1, 1] = 0
    r = check(wrong.tolist(), x, w)
    assert [e.index for e in r.wrong_entries] == [(0, 1, 1)]
    assert check(right.tolist(), x, w).correct


def test_1d_and_a_claim_with_an_extra_axis_of_length_one():
    assert check("[[1, 1, -1]]", input=[1, 2], kernel=[1, -1]).correct is False
    assert check("[[1, 1, -2]]", input=[1, 2], kernel=[1, -1]).correct


# ----- shapes and sizes ---------------------------------------------------------------------


def test_the_seed_stacked_4x3_array_is_a_shape_mismatch_explained():
    r = check("[[1,2,0],[0,-1,-2],[3,4,0],[0,-3,-4]]")
    assert not r.correct and not r.shape_ok and r.wrong_entries == ()
    text = r.as_dict()["shape_mismatch"]["explanation"]
    assert text.startswith("the claim is 4x3 but the output is 3x3")
    assert "o = (2 - 1)*1 + 2 = 3" in text


def test_a_claim_of_another_shape_is_matched_with_the_mistakes_of_that_shape():
    x, w, s, p, op, d = TRANSPOSED_CASES["3x3,k3,s2,p1,op1"]
    claim = TRANSPOSED["padding_not_cropped"](x, w, s, p, op, d)
    r = check(claim.tolist(), x.tolist(), w, **_kwargs(s, p, op, d))
    assert not r.shape_ok and r.likely_causes == ("padding_not_cropped",)


@pytest.mark.parametrize(
    ("size", "causes"),
    [
        ("6", ()),
        ("6,6", ()),
        ("8", ("padding_not_cropped",)),
        ("5", ("output_padding_missing",)),
        ("7", ("output_padding_added_both_sides",)),
        ("4", ("stride_not_applied",)),
        ("12", ("padding_applied_to_input",)),
        ("9", ()),
    ],
)
def test_sizes(size, causes):
    r = check(
        claimed_size=size,
        input_shape=(3, 3),
        kernel_shape=(3, 3),
        stride=2,
        padding=1,
        output_padding=1,
    )
    assert r.size is not None and r.size.expected == (6, 6)
    assert r.correct == (size in ("6", "6,6"))
    assert r.size.causes == causes and r.likely_causes == causes
    assert r.size.evaluated[0] == "o = (3 - 1)*2 - 2*1 + 3 + 1 = 6"
    assert r.as_dict()["expected_size"] == [6, 6]


# ----- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({}, SpecError, "nothing to check"),
        ({"claimed": "1 2; 3"}, ParseError, "ragged"),
        ({"claimed": "1 2 0; 3 3 -2; 0 -3 -4 +"}, ParseError, "expected"),
        ({"claimed": "1 2 0; 3 y -2; 0 -3 -4"}, ParseError, "unknown symbol(s) y"),
        ({"claimed": "x_{2,0}", "entry": "0,0"}, ParseError, "unknown symbol(s) x_{2,0}"),
        ({"claimed": "exp(1)", "entry": "0,0"}, ParseError, "function calls are not accepted"),
        ({"claimed": "? ?; ? ?"}, ParseError, "nothing to check"),
        ({"claimed": "3", "entry": "3,0"}, SpecError, "within the output shape 3x3"),
        ({"claimed": "3", "entry": "1"}, SpecError, "within the output shape"),
        ({"entry": "1,1"}, SpecError, "without claimed"),
        ({"claimed_size": "3,3,3"}, ParseError, "2 spatial dimension"),
        ({"claimed": "1", "tolerance": 2}, SpecError, "tolerance"),
        ({"claimed_steps": [{"input": [5, 0]}]}, SpecError, "within the input shape"),
        ({"claimed_steps": [{"block": "1 0; 0 -1"}] * 5}, SpecError, "only 4 elements"),
        ({"claimed_steps": [{"block": "z"}]}, ParseError, "unknown symbol(s) z"),
        ({"claimed_steps": [{"value": 1}], "forward": True}, SpecError, "transposed"),
    ],
)
def test_bad_input_fails_with_one_clear_line(kwargs, error, message):
    with pytest.raises(SymtconvError) as info:
        check(**kwargs)
    assert isinstance(info.value, error)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_sympy_matrices_and_arrays_are_claims():
    from symtconv import derive

    assert check(derive().output).correct
    assert check(sympy.Matrix([[1, 2, 0], [3, 3, -2], [0, -3, -4]])).correct


@settings(max_examples=30, deadline=None)
@given(
    size=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    k=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    s=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    p=st.integers(0, 1),
    seed=st.integers(0, 2**16),
    bump=st.integers(1, 5),
)
def test_right_answers_pass_and_one_changed_entry_is_found(size, k, s, p, seed, bump):
    pads = ((p, p), (p, p))
    out_size = [(n - 1) * st_ - 2 * p + kk for n, st_, kk in zip(size, s, k, strict=True)]
    if min(out_size) < 1:
        return
    rng = np.random.default_rng(seed)
    x, w = rng.integers(-4, 5, size), rng.integers(-4, 5, k)
    right = tconv(x, w, s, pads)
    kwargs = {"stride": s, "padding": p}
    assert check(right.tolist(), x.tolist(), w.tolist(), **kwargs).correct
    where = tuple(int(rng.integers(0, n)) for n in right.shape)
    wrong = right.copy()
    wrong[where] += bump
    r = check(wrong.tolist(), x.tolist(), w.tolist(), **kwargs)
    assert [e.index for e in r.wrong_entries] == [where]
    assert r.wrong_entries[0].expected == right[where]


def test_a_column_is_not_read_as_a_row():
    # 1x2 input, 3x3 kernel, padding 1: the output is 1x2; a 2x1 claim is a shape mismatch
    r = check("[[1], [2]]", [[1, 2]], [[0, 0, 0], [0, 1, 0], [0, 0, 0]], padding=1)
    assert not r.shape_ok and r.likely_causes == ("rows_and_columns_swapped",)
