"""The LaTeX math printer: exact strings (as SymPy tests its printers)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from symtconv.errors import SpecError, SymtconvError
from symtconv.render.printer import (
    ZERO,
    DocLatexPrinter,
    MatrixView,
    Raw,
    keep_around,
    keep_indices,
    math_width,
)

W = sympy.Symbol("w_{0}")


def test_two_by_two_with_structural_zero():
    view = MatrixView((2, 2), lambda r, c: W if r == c else ZERO)
    assert DocLatexPrinter().doprint(view) == (
        r"\begin{bmatrix} w_{0} & {\color{gray}0} \\ {\color{gray}0} & w_{0} \end{bmatrix}"
    )


def test_a_kernel_zero_is_black_and_a_structural_zero_grey():
    view = MatrixView((1, 2), lambda r, c: [sympy.Integer(0), ZERO][c])
    assert DocLatexPrinter().doprint(view) == r"\begin{bmatrix} 0 & {\color{gray}0} \end{bmatrix}"


def test_elided_corners():
    p = DocLatexPrinter({"threshold": 4, "edgeitems": 1})
    view = MatrixView((5, 6), lambda r, c: r * 6 + c)
    assert p.doprint(view) == (
        r"\begin{bmatrix} 0 & \cdots & 5 \\ \vdots & \ddots & \vdots \\ 24 & \cdots & 29 "
        r"\end{bmatrix}"
    )


def test_elided_rows_only():
    p = DocLatexPrinter({"threshold": 2, "edgeitems": 1})
    view = MatrixView((3, 2), lambda r, c: r)
    assert p.doprint(view) == r"\begin{bmatrix} 0 & 0 \\ \vdots & \vdots \\ 2 & 2 \end{bmatrix}"


def test_more_than_ten_columns_use_array():
    """amsmath's bmatrix takes at most 10 columns unless MaxMatrixCols is raised."""
    p = DocLatexPrinter({"threshold": 20})
    text = p.doprint(MatrixView((1, 11), lambda r, c: c))
    assert text.startswith(r"\left[\begin{array}{ccccccccccc} 0 & 1 & ")
    assert text.endswith(r"10 \end{array}\right]")


def test_sympy_values_and_raw_cells():
    p = DocLatexPrinter()
    cells = [sympy.Rational(-1, 2), Raw(r"x_{0}\, w_{1}"), sympy.Float(0.5)]
    assert p.doprint(MatrixView((1, 3), lambda r, c: cells[c])) == (
        r"\begin{bmatrix} - \frac{1}{2} & x_{0}\, w_{1} & 0.5 \end{bmatrix}"
    )


def test_sympy_matrices_are_elided_too():
    p = DocLatexPrinter({"threshold": 2, "edgeitems": 1})
    assert p.doprint(sympy.Matrix([[1, 2, 3]])) == r"\begin{bmatrix} 1 & \cdots & 3 \end{bmatrix}"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (sympy.Integer(-1), "(-1)"),
        (sympy.Integer(3), "3"),
        (sympy.Symbol("a") + 1, r"\left(a + 1\right)"),
        (sympy.Rational(-1, 2), r"\left(- \frac{1}{2}\right)"),
    ],
)
def test_factor(value, text):
    assert DocLatexPrinter().factor(value) == text


def test_tensor_slices():
    p = DocLatexPrinter()
    arr = np.arange(8, dtype=object).reshape(2, 2, 2)
    assert p.tensor("x", arr) == [
        r"x_{0,:,:} = \begin{bmatrix} 0 & 1 \\ 2 & 3 \end{bmatrix}",
        r"x_{1,:,:} = \begin{bmatrix} 4 & 5 \\ 6 & 7 \end{bmatrix}",
    ]


@pytest.mark.parametrize(
    ("n", "threshold", "edge", "expected"),
    [(3, 3, 1, [0, 1, 2]), (4, 3, 1, [0, None, 3]), (7, 4, 2, [0, 1, None, 5, 6])],
)
def test_keep_indices(n, threshold, edge, expected):
    assert keep_indices(n, threshold, edge) == expected


def test_keep_around_keeps_the_focus():
    assert keep_around(20, range(8, 10), 6, 2) == [0, 1, None, 8, 9, None, 18, 19]
    assert keep_around(5, range(3, 4), 6, 2) == [0, 1, 2, 3, 4]


def test_math_width_counts_matrix_columns_not_cells():
    one_row = math_width(r"\begin{bmatrix} 1 & 2 \end{bmatrix}")
    two_rows = math_width(r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}")
    assert one_row == two_rows
    assert math_width("x_{0,0}") < math_width("x00000")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"threshold": 3, "edgeitems": 2}, "threshold: got 3; must be at least 2 * edgeitems = 4"),
        ({"edgeitems": 0}, "edgeitems: got 0; must be an integer >= 1"),
        ({"threshold": "9"}, "threshold: got '9'; must be an integer"),
    ],
)
def test_bad_settings(settings, message):
    with pytest.raises(SpecError) as info:
        DocLatexPrinter(settings)
    assert str(info.value) == message
    with pytest.raises(SymtconvError):
        DocLatexPrinter(settings)


def test_unknown_setting_is_refused_like_sympy():
    with pytest.raises(TypeError, match="Unknown setting"):
        DocLatexPrinter({"thresold": 4})


# ----- integer multiples of names: the printer's own path, SymPy's printer the oracle -----

_WEIGHTS = [sympy.Symbol(f"w_{{{i},{j}}}") for i in range(10) for j in range(10)]


@pytest.mark.parametrize("seed", range(40))
def test_integer_combinations_of_names_print_as_sympys_latex(seed):
    """A sum of integer multiples of weight names (indices below 10, where the order of
    the names as text, SymPy's, is the order of their indices, the printer's): the
    printer's own path writes exactly what SymPy's LaTeX printer writes."""
    rng = np.random.default_rng(seed)
    chosen = rng.choice(len(_WEIGHTS), size=int(rng.integers(1, 10)), replace=False)
    coeffs = rng.choice([-130, -7, -2, -1, 1, 2, 3, 129], size=len(chosen))
    expr = sympy.Add(*[int(c) * _WEIGHTS[int(i)] for c, i in zip(coeffs, chosen)])
    assert DocLatexPrinter().doprint(expr) == sympy.latex(expr)


def test_integer_multiples_order_by_index_not_by_text():
    w2, w10 = sympy.Symbol("w_{2}"), sympy.Symbol("w_{10}")
    assert sympy.latex(3 * w10 + 2 * w2) == "3 w_{10} + 2 w_{2}"  # SymPy: by the text
    assert DocLatexPrinter().doprint(3 * w10 + 2 * w2) == "2 w_{2} + 3 w_{10}"
    assert DocLatexPrinter().doprint(-3 * w10 - w2) == "- w_{2} - 3 w_{10}"
