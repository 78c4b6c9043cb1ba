"""Safe parsing of matrices, expressions and option values."""

from __future__ import annotations

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from symtconv.core.parse import (
    canonical_name,
    parse_expression,
    parse_int_tuple,
    parse_padding,
    parse_range,
    parse_shape,
    parse_tensor,
)
from symtconv.errors import ParseError, SymtconvError

x00, x01, w11, w10, a = (sympy.Symbol(n) for n in ("x_{0,0}", "x_{0,1}", "w_{1,1}", "w_{1,0}", "a"))

SEED_LATEX_OUTPUT = (
    r"$$ \text{Output} = \begin{bmatrix} 1 & 2 & 0 \\ 3 & 3 & -2 \\ 0 & -3 & -4 \end{bmatrix} $$"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[1,2],[3,4]]", [[1, 2], [3, 4]]),
        ("[[1, 2], [3, 4]]", [[1, 2], [3, 4]]),
        ("1 2; 3 4", [[1, 2], [3, 4]]),
        ("1, 2; 3, 4", [[1, 2], [3, 4]]),
        ("1 2\n3 4", [[1, 2], [3, 4]]),
        ("1 2 3", [1, 2, 3]),
        ("[1, -2, 3]", [1, -2, 3]),
        (r"\begin{bmatrix} 1 & 0 \\ 0 & -1 \end{bmatrix}", [[1, 0], [0, -1]]),
        (r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \\ \end{pmatrix}", [[1, 2], [3, 4]]),
        (SEED_LATEX_OUTPUT, [[1, 2, 0], [3, 3, -2], [0, -3, -4]]),
        # the seed's forward output: the last environment is the result
        (
            r"\begin{bmatrix} (1-5) & (2-6) \\ (4-8) & (5-9) \end{bmatrix} = "
            r"\begin{bmatrix} -4 & -4 \\ -4 & -4 \end{bmatrix}",
            [[-4, -4], [-4, -4]],
        ),
        ("[[[1],[2]],[[3],[4]]]", [[[1], [2]], [[3], [4]]]),
        ("1/2 3/4", [sympy.Rational(1, 2), sympy.Rational(3, 4)]),
        ("[x_{0,0}, x_{0, 1}]", [x00, x01]),
        ("x_{0,0}*w_{1,1}, a", [x00 * w11, a]),
    ],
)
def test_tensor_forms(text: str, expected: list) -> None:
    assert parse_tensor(text).tolist() == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", sympy.Integer(3)),
        ("-3", sympy.Integer(-3)),
        ("\u22123", sympy.Integer(-3)),  # a Unicode minus, as pasted from documents
        ("1/3", sympy.Rational(1, 3)),
        ("0.5", sympy.Float(0.5)),
        ("2e3", sympy.Float(2000)),
        ("x_{0,0}*w_{1,1} + x_{0,1}*w_{1,0}", x00 * w11 + x01 * w10),
        ("w_{1,1} x_{0,0}", x00 * w11),  # juxtaposition, as SymPy's LaTeX prints products
        (r"x_{0,0} \cdot w_{1,1}", x00 * w11),
        (r"\frac{1}{2} a", a / 2),
        ("2(a + 1)", 2 * a + 2),
        ("a^2 - a**2", sympy.Integer(0)),
        ("--3", sympy.Integer(3)),
        ("x_0", sympy.Symbol("x_{0}")),
        (r"\left( a \right)", a),
        ("(1-5)", sympy.Integer(-4)),
    ],
)
def test_expressions(text: str, expected: sympy.Expr) -> None:
    assert parse_expression(text) == expected


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("[[1,2],[3]]", ["ragged", "[2, 1]"]),
        ("1 2; 3", ["ragged"]),
        ("[[1,2],[3,4]", ["expected ']'", "end of the text"]),
        ("__import__('os').system('echo hi')", ["unexpected character '_'"]),
        ("x +", ["expected a number"]),
        ("1/0", ["division by zero"]),
        ("2^x", ["exponent"]),
        ("(((2^64)^64)^64)^64", ["too large"]),
        (r"\alpha", ["unknown LaTeX command", "\\alpha"]),
        ("", ["empty"]),
        ("[]", ["empty dimension"]),
        ("[" * 100 + "]" * 100, ["nested more than"]),
        ("(" * 100 + "1" + ")" * 100, ["nested more than"]),
        (r"\begin{bmatrix} 1 & 2", ["no complete"]),
        ("?", ["only accepted in claims"]),
        ("lambda: 1", ["unexpected character ':'"]),
        ("a.b", ["expected"]),
    ],
)
def test_bad_text(text: str, fragments: list[str]) -> None:
    with pytest.raises(ParseError) as info:
        parse_tensor(text, "--input")
    message = str(info.value)
    assert message.startswith("--input: ")
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message
    assert isinstance(info.value, SymtconvError)


def test_unknown_entries_when_allowed() -> None:
    assert parse_tensor("[[1, ?], [?, 4]]", allow_unknown=True).tolist() == [[1, None], [None, 4]]
    assert parse_expression("?", allow_unknown=True) is None


def test_nothing_is_evaluated() -> None:
    """Names that would mean something to Python or SymPy stay plain symbols."""
    for name in ("exec", "eval", "open", "Integer", "pi", "E", "I", "oo", "S"):
        value = parse_expression(name)
        assert value == sympy.Symbol(name) and isinstance(value, sympy.Symbol)


@given(st.text(max_size=40))
def test_random_text_only_raises_parse_error(text: str) -> None:
    try:
        parse_tensor(text)
    except ParseError:
        pass


_names = st.sampled_from(["x_{0,0}", "x_{1,2}", "w_{0,1}", "a", "b_{3}"])
_leaves = st.one_of(st.integers(-20, 20).map(str), _names)
_exprs = st.recursive(
    _leaves,
    lambda inner: st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})"
    ),
    max_leaves=8,
)


@given(_exprs)
def test_printed_results_parse_back(text: str) -> None:
    """What symtconv prints (SymPy's str) is accepted back and means the same."""
    value = parse_expression(text)
    assert sympy.expand(parse_expression(str(value)) - value) == 0


@pytest.mark.parametrize(
    ("name", "canonical"),
    [("x_{0, 1}", "x_{0,1}"), ("x_0", "x_{0}"), ("w_{1,1}", "w_{1,1}"), ("alpha", "alpha")],
)
def test_canonical_names(name: str, canonical: str) -> None:
    assert canonical_name(name) == canonical


def test_option_values() -> None:
    assert parse_int_tuple("stride", "2") == (2,)
    assert parse_int_tuple("stride", "2,1") == (2, 1)
    assert parse_shape("input_shape", "3x3") == (3, 3)
    assert parse_shape("input_shape", "2×3×4") == (2, 3, 4)
    assert parse_padding("1") == (1,)
    assert parse_padding("1:2,0") == ((1, 2), 0)
    assert parse_range("sizes", "1:3") == (1, 2, 3)
    assert parse_range("sizes", "1,3,3") == (1, 3)


@pytest.mark.parametrize(
    ("fn", "text", "fragment"),
    [
        (lambda t: parse_int_tuple("stride", t), "two", "stride: got 'two'"),
        (lambda t: parse_int_tuple("stride", t), "1.5", "stride: got '1.5'"),
        (lambda t: parse_shape("input_shape", t), "3x0", ">= 1"),
        (lambda t: parse_shape("input_shape", t), "3by3", "input_shape: got '3by3'"),
        (parse_padding, "1:2:3", "padding: got '1:2:3'"),
        (parse_padding, "a:b", "padding"),
        (lambda t: parse_range("sizes", t), "3:1", "sizes: got '3:1'"),
    ],
)
def test_bad_option_values(fn, text: str, fragment: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ParseError, match=fragment.replace("(", r"\(")):
        fn(text)
