"""Derivations: the seed example (hand-checked), symbolic structure, channels, rendering."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction

import numpy as np
import pytest
import sympy
from oracles.naive import naive_conv_transpose

from symtconv import derive
from symtconv.core.parse import parse_expression
from symtconv.errors import SpecError, TooLargeError


def sym(name: str) -> sympy.Symbol:
    return sympy.Symbol(name)


def test_seed_transposed_example() -> None:
    """REFERENCE: input [[1,2],[3,4]], kernel [[1,0],[0,-1]], stride 1 -> this 3x3."""
    d = derive()
    assert d.output.tolist() == [[1, 2, 0], [3, 3, -2], [0, -3, -4]]
    assert d.output_shape == (3, 3) and d.matrix_shape == (4, 9)
    assert d.size_formula.values == (3, 3)
    assert d.C.shape == (4, 9) and isinstance(d.C, sympy.ImmutableSparseMatrix)
    # y = C^T x as a SymPy product, checked here with a dense product of C
    x = sympy.Matrix([1, 2, 3, 4])
    assert list(d.C.T * x) == [1, 2, 0, 3, 3, -2, 0, -3, -4]


def test_seed_forward_recap() -> None:
    """REFERENCE: input 1..9 as 3x3, kernel [[1,0],[0,-1]] -> [[-4,-4],[-4,-4]]."""
    d = derive([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0], [0, -1]], forward=True)
    assert d.output.tolist() == [[-4, -4], [-4, -4]]
    assert derive(forward=True).output.tolist() == [[-4, -4], [-4, -4]]
    assert d.matrix_shape == (4, 9)  # the same C as the transposed seed example


def test_symbolic_3x3_centre_is_nine_products() -> None:
    d = derive(input_shape=(3, 3), kernel_shape=(3, 3))
    assert d.output_shape == (5, 5)
    centre = d.output[2, 2]
    expected = sum(
        (sym(f"x_{{{a},{b}}}") * sym(f"w_{{{2 - a},{2 - b}}}") for a in range(3) for b in range(3)),
        sympy.Integer(0),
    )
    assert sympy.expand(centre - expected) == 0
    assert len(centre.args) == 9 and all(arg.is_Mul for arg in centre.args)


def test_symbolic_stride_2_entries_are_distinct_single_products() -> None:
    d = derive(input_shape=(2, 2), kernel_shape=(2, 2), stride=2)
    assert d.output_shape == (4, 4)
    entries = [d.output[i, j] for i in range(4) for j in range(4)]
    assert all(e.is_Mul and len(e.args) == 2 for e in entries)
    assert len(set(entries)) == 16
    # entry (2q + a, 2r + b) = x_{q,r} * w_{a,b}
    for q, r, a, b in itertools.product(range(2), repeat=4):
        assert d.output[2 * q + a, 2 * r + b] == sym(f"x_{{{q},{r}}}") * sym(f"w_{{{a},{b}}}")


def test_terms_of_an_entry() -> None:
    d = derive()
    terms = d.terms((1, 1))
    assert [(t.input_name, t.weight_name) for t in terms] == [
        ("x_{0,0}", "w_{1,1}"),
        ("x_{0,1}", "w_{1,0}"),
        ("x_{1,0}", "w_{0,1}"),
        ("x_{1,1}", "w_{0,0}"),
    ]
    assert sum(t.input_value * t.weight_value for t in terms) == d.output[1, 1] == 3
    with pytest.raises(SpecError, match="index: got \\[3, 0\\]"):
        d.terms((3, 0))


VALID_1D = [
    (s, p, d, op)
    for s, p, (d, op) in itertools.product([1, 2, 3], [0, 1, 2], [(1, 0), (2, 1), (3, 2)])
    if (op < s or op < d) and 3 * s - 2 * p + 2 * d + op + 1 >= 1
]


@pytest.mark.parametrize(("s", "p", "d", "op"), VALID_1D)
def test_rational_1d_against_definition(s: int, p: int, d: int, op: int) -> None:
    x = [Fraction(1, 2), -3, Fraction(5, 7), 2]
    w = [1, Fraction(-2, 3), 4]
    got = derive(x, w, stride=s, padding=p, dilation=d, output_padding=op)
    expected = naive_conv_transpose([x], [[w]], stride=s, padding=p, output_padding=op, dilation=d)[
        0
    ]
    assert [Fraction(int(v.p), int(v.q)) for v in got.output.tolist()] == list(expected)


def test_output_padding_at_least_stride_truncates_c() -> None:
    """op >= s (allowed as op < d): C keeps the first i output positions of its forward conv."""
    d = derive([1, 2], [1, 10], stride=1, dilation=3, output_padding=2)
    assert d.spec.truncated_rows and d.spec.forward_output_size == (4,)  # i + op // s
    assert d.matrix_shape == (2, 7)
    # scatter by hand: x0 at 0 and 3 (taps), x1 at 1 and 4; size (2-1)+3+2+1 = 7
    assert d.output.tolist() == [1, 2, 0, 10, 20, 0, 0]
    assert "C keeps the first 2 of them" in str(d)


def test_channels_groups_bias_batch() -> None:
    d = derive(
        input_shape=(1, 2), kernel_shape=(1, 1), in_channels=2, out_channels=4, groups=2, bias=True
    )
    assert d.output_shape == (4, 1, 2)
    # output channel 3 is in group 1: fed by input channel 1 through w_{1,1,0,0}
    assert d.output[3, 0, 1] == sym("x_{1,0,1}") * sym("w_{1,1,0,0}") + sym("b_{3}")
    x = np.arange(2 * 3).reshape(2, 1, 3)  # batch 2, 1 channel, length 3
    w = np.array([[[1, -1]]])
    d = derive(x, w, bias=[10], in_channels=1, out_channels=1)
    assert d.output_shape == (2, 1, 4)
    assert d.output.tolist() == [[[10, 11, 11, 8]], [[13, 11, 11, 5]]]


def test_json_round_trip() -> None:
    d = derive(input_shape=(2, 2), kernel_shape=(2, 2), stride=2, padding=1, output_padding=1)
    data = json.loads(d.to_json())
    for key in ("output", "output_shape", "matrix_shape", "size_formula", "entries"):
        assert key in data
    assert data["output_shape"] == [3, 3] and data["matrix_shape"] == [4, 9]
    for entry in data["entries"]:
        value = parse_expression(str(entry["value"]))
        assert value == d.output[tuple(entry["index"])]


def test_text_shows_the_steps() -> None:
    text = str(derive())
    assert "o = (2 - 1)*1 + 2 = 3" in text
    assert "y_{1,1} = x_{0,0}*w_{1,1} + x_{0,1}*w_{1,0} + x_{1,0}*w_{0,1} + x_{1,1}*w_{0,0}" in text
    assert "= 1*(-1) + 2*0 + 3*0 + 4*1 = 3" in text
    assert "C (4x9)" in text


def test_size_limit_and_big_numeric() -> None:
    with pytest.raises(TooLargeError, match="--max-nonzeros"):
        derive(input_shape=(64, 64), kernel_shape=(3, 3), max_nonzeros=10_000)
    text = str(derive(input_shape=(12, 12), kernel_shape=(3, 3), stride=2))
    assert "..." in text and len(text.splitlines()) < 200
