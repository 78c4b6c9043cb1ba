"""Size formulas: the SymPy expressions, their text/LaTeX forms, preimages."""

from __future__ import annotations

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st
from oracles.sizes import conv_length

from symtconv.core.shapes import (
    OP,
    P_HI,
    P_LO,
    D,
    I,
    K,
    P,
    S,
    conv_size_expr,
    preimages,
    shape_report,
    size_formula,
    tconv_size_expr,
)
from symtconv.core.spec import ConvSpec


@given(
    i=st.integers(1, 12),
    k=st.integers(1, 5),
    s=st.integers(1, 4),
    lo=st.integers(0, 3),
    hi=st.integers(0, 3),
    d=st.integers(1, 3),
)
def test_forward_expr_counts_windows(i: int, k: int, s: int, lo: int, hi: int, d: int) -> None:
    if i + lo + hi < d * (k - 1) + 1:
        return
    value = conv_size_expr(symmetric=False).subs({I: i, K: k, S: s, P_LO: lo, P_HI: hi, D: d})
    assert value == conv_length(i, k, s, lo, hi, d)


def test_expressions_are_the_documented_ones() -> None:
    assert sympy.simplify(tconv_size_expr() - ((I - 1) * S - 2 * P + D * (K - 1) + OP + 1)) == 0
    assert tconv_size_expr(symmetric=False).free_symbols == {I, K, S, P_LO, P_HI, D, OP}
    assert conv_size_expr().has(sympy.floor)


@pytest.mark.parametrize(
    ("kwargs", "lines"),
    [
        (
            dict(input_size=(2, 2), kernel_size=(2, 2)),
            [
                "o = (i - 1)*s - 2*p + d*(k - 1) + op + 1",
                "o = (i - 1)*s + k",
                "o = (2 - 1)*1 + 2 = 3",
            ],
        ),
        (
            dict(input_size=5, kernel_size=3, stride=2, padding=1, output_padding=1),
            [
                "o = (i - 1)*s - 2*p + d*(k - 1) + op + 1",
                "o = (i - 1)*s - 2*p + k + op",
                "o = (5 - 1)*2 - 2*1 + 3 + 1 = 10",
            ],
        ),
        (
            dict(input_size=(4, 3), kernel_size=3, padding=((1, 0), (0, 2)), dilation=2),
            [
                "o = (i - 1)*s - p_lo - p_hi + d*(k - 1) + op + 1",
                "o = (i - 1)*s - p_lo - p_hi + d*(k - 1) + 1",
                "o = (4 - 1)*1 - 1 - 0 + 2*(3 - 1) + 1 = 7",
                "o = (3 - 1)*1 - 0 - 2 + 2*(3 - 1) + 1 = 5",
            ],
        ),
        (
            dict(input_size=(3, 3), kernel_size=(2, 2), transposed=False),
            [
                "o = floor((i + 2*p - d*(k - 1) - 1) / s) + 1",
                "o = i - k + 1",
                "o = 3 - 2 + 1 = 2",
            ],
        ),
        (
            dict(input_size=7, kernel_size=3, stride=2, padding=1, transposed=False),
            [
                "o = floor((i + 2*p - d*(k - 1) - 1) / s) + 1",
                "o = floor((i + 2*p - k) / s) + 1",
                "o = floor((7 + 2*1 - 3) / 2) + 1 = 4",
            ],
        ),
    ],
)
def test_formula_text(kwargs: dict, lines: list[str]) -> None:
    assert str(size_formula(ConvSpec.create(**kwargs))).splitlines() == lines


def test_formula_latex_exact() -> None:
    f = size_formula(ConvSpec.create(7, 3, stride=2, padding=1, transposed=False))
    assert f.general_latex() == (
        "o = \\left\\lfloor \\frac{i + 2\\,p - d\\,(k - 1) - 1}{s} \\right\\rfloor + 1"
    )
    assert f.substituted_latex(0) == (
        "o = \\left\\lfloor \\frac{7 + 2 \\cdot 1 - 3}{2} \\right\\rfloor + 1 = 4"
    )
    seed = size_formula(ConvSpec.create((2, 2), (2, 2)))
    assert seed.simplified_latex() == "o = (i - 1)\\,s + k"
    assert seed.substituted_latex(1) == "o = (2 - 1) \\cdot 1 + 2 = 3"


@given(
    i=st.integers(1, 9),
    k=st.integers(1, 4),
    s=st.integers(1, 4),
    p=st.integers(0, 3),
    d=st.integers(1, 3),
    op=st.integers(0, 3),
)
def test_substituted_text_evaluates_to_value(
    i: int, k: int, s: int, p: int, d: int, op: int
) -> None:
    """The substituted arithmetic, evaluated independently, gives the stated value."""
    try:
        spec = ConvSpec.create(i, k, stride=s, padding=p, dilation=d, output_padding=op)
    except ValueError:
        return
    text = size_formula(spec).substituted_text(0)
    arithmetic, value = text.removeprefix("o = ").rsplit(" = ", 1)
    assert int(value) == spec.output_size[0]
    assert sympy.sympify(arithmetic) == spec.output_size[0]  # trusted text made by the test's spec


@given(
    o=st.integers(1, 8),
    k=st.integers(1, 4),
    s=st.integers(1, 4),
    lo=st.integers(0, 2),
    hi=st.integers(0, 2),
    d=st.integers(1, 3),
)
def test_preimages_are_all_and_only_the_sizes(
    o: int, k: int, s: int, lo: int, hi: int, d: int
) -> None:
    brute = [
        n
        for n in range(1, 80)
        if n + lo + hi >= d * (k - 1) + 1 and conv_length(n, k, s, lo, hi, d) == o
    ]
    found = preimages(o, k, s, lo, hi, d)
    assert [p.input_size for p in found] == brute
    assert len(brute) <= s
    for p in found:  # the transposed conv of size o with that output_padding gives n back
        assert (o - 1) * s - lo - hi + d * (k - 1) + 1 + p.output_padding == p.input_size
        assert p.output_padding < s and p.accepted_by_pytorch


def test_shape_report_forward_and_transposed() -> None:
    fwd = shape_report(ConvSpec.create(5, 3, stride=2, padding=1, transposed=False))
    assert [p.input_size for p in fwd.preimages[0]] == [5, 6]
    text = str(fwd)
    assert "Input sizes with output size 3: 5, 6" in text
    assert "output_padding=1 -> size 6" in text
    tr = shape_report(ConvSpec.create(3, 3, stride=1, padding=1, dilation=3))
    assert tr.extra_output_paddings == ((1, 2),)
    assert "PyTorch also accepts output_padding 1, 2" in str(tr)
    data = tr.as_dict()
    assert data["output_size"] == [7] and data["pytorch_extra_output_paddings"] == [[1, 2]]
