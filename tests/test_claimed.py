"""Reading claims: forms, '?', sizes, steps, and refusing what is not a claim."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symtconv.errors import ParseError, SymtconvError
from symtconv.handcheck.answers import (
    STEP_KEYS,
    read_entry_claim,
    read_index,
    read_output_claim,
    read_size_claim,
    read_steps,
    resolve,
    resolve_value,
)

SEED_LATEX = (
    r"$$ \text{Output} = \begin{bmatrix} 1 & 2 & 0 \\ 3 & 3 & -2 \\ 0 & -3 & -4 "
    r"\end{bmatrix} $$"
)
SEED = [[1, 2, 0], [3, 3, -2], [0, -3, -4]]


@pytest.mark.parametrize(
    "text",
    [
        SEED_LATEX,
        r"\begin{pmatrix} 1 & 2 & 0 \\ 3 & 3 & −2 \\ 0 & −3 & −4 \end{pmatrix}",
        "1 2 0; 3 3 -2; 0 -3 -4",
        "[[1, 2, 0], [3, 3, -2], [0, -3, -4]]",
        "1, 2, 0\n3, 3, -2\n0, -3, -4",
    ],
)
def test_the_seed_answer_in_every_form(text):
    assert read_output_claim(text).tolist() == SEED


def test_python_data_with_fractions_floats_strings_and_unknowns():
    got = read_output_claim(
        [[Fraction(1, 2), 0.25], ["?", None], ["x_{0,0}*w_{1,1}", sympy.Integer(3)]]
    )
    assert got.tolist() == [
        [sympy.Rational(1, 2), sympy.Float(0.25)],
        [None, None],
        [sympy.Symbol("x_{0,0}") * sympy.Symbol("w_{1,1}"), 3],
    ]


def test_an_array_and_a_single_number():
    assert read_output_claim(np.array([[1, 2], [3, 4]])).tolist() == [[1, 2], [3, 4]]
    assert read_output_claim(5).shape == ()


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        ("[[1, 2], [3]]", "ragged"),
        ([[1, 2], [3]], "ragged"),
        ([[1, True]], "True"),
        ([[1, "1 +"]], "expected"),
        ("1 2; 3 $", "unexpected character"),
        ("[[1, 2], [3, 4]", "expected"),
        ([[]], "empty dimension"),
        ([[1, object()]], "object"),
        ([[1, float("nan")]], "finite"),
        (r"\begin{bmatrix} 1 & \alpha \end{bmatrix}", "unknown LaTeX command"),
    ],
)
def test_bad_claims_fail_with_a_parse_error(claim, message):
    with pytest.raises(SymtconvError) as info:
        read_output_claim(claim)
    assert isinstance(info.value, ParseError)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_nothing_is_evaluated():
    # a Python expression is text to refuse, never code to run
    with pytest.raises(ParseError):
        read_output_claim("[[__import__('os').system('true')]]")
    # a function call is refused with a message, never called
    with pytest.raises(ParseError, match="function calls are not accepted"):
        read_entry_claim("exp(1)")


def test_entry_claim_and_index():
    assert read_entry_claim("-1") == -1
    assert read_entry_claim("?") is None
    assert read_index("1,1") == (1, 1)
    assert read_index((0, 2)) == (0, 2)
    with pytest.raises(ParseError, match="entry"):
        read_index("1;1")
    with pytest.raises(ParseError, match="expected integers"):
        read_index([1.5])


def test_size_claims():
    assert read_size_claim("3,3", rank=2) == (3, 3)
    assert read_size_claim(4, rank=3) == (4, 4, 4)
    with pytest.raises(ParseError, match="2 spatial dimension"):
        read_size_claim("3,3,3", rank=2)
    with pytest.raises(ParseError, match="claimed_size"):
        read_size_claim("3x3", rank=2)


def test_unknown_names_are_refused_with_the_valid_ones():
    x, w = sympy.Symbol("x_{0,0}"), sympy.Symbol("w_{0,0}")
    names = {x: sympy.Integer(2), w: w}
    claim = read_output_claim("[[x_{0,0}*w_{0,0}, z]]")
    with pytest.raises(SymtconvError) as info:
        resolve(claim, names, "claimed")
    assert isinstance(info.value, ParseError)
    assert str(info.value) == (
        "claimed entry [0, 1]: names unknown symbol(s) z; valid names are x_{0,0}, w_{0,0}"
    )


def test_known_names_get_their_values():
    x, w = sympy.Symbol("x_{0,0}"), sympy.Symbol("w_{0,0}")
    assert resolve_value(x * w, {x: sympy.Integer(3), w: sympy.Integer(-1)}, "c") == -3
    assert resolve_value(None, {}, "c") is None


def test_steps():
    steps = read_steps(
        [
            {"input": [0, 1], "value": 2, "at": [0, 1], "block": [[2, 0], [0, "-2"]]},
            "3 0; 0 -3",
            {"sum": "1 2 ?; 3 3 -2; 0 -3 -4"},
        ]
    )
    assert [s.number for s in steps] == [1, 2, 3]
    assert steps[0].input == (0, 1) and steps[0].at == (0, 1) and steps[0].value == 2
    assert steps[0].block.tolist() == [[2, 0], [0, -2]]
    assert steps[1].block.tolist() == [[3, 0], [0, -3]]
    assert steps[2].sum[0, 2] is None


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ({"block": [[1]]}, "non-empty JSON list"),
        ([], "non-empty JSON list"),
        ([{"blok": [[1]]}], "unknown key(s) 'blok'"),
        ([{"input": "0,1"}], "'input'"),
        ([{"at": [0.5]}], "'at'"),
        ([{"value": True}], "'value'"),
        ([{"block": [[1], [1, 2]]}], "ragged"),
    ],
)
def test_bad_steps(steps, message):
    with pytest.raises(ParseError) as info:
        read_steps(steps)
    assert message in str(info.value)


def test_step_keys_are_documented():
    assert set(STEP_KEYS) == {"input", "value", "at", "block", "sum"}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 ;,[]?.-+*/^()xw_{}abz&\\\n", max_size=40))
def test_any_text_parses_or_fails_with_a_parse_error(text):
    try:
        out = read_output_claim(text)
    except ParseError:
        return
    assert isinstance(out, np.ndarray)
