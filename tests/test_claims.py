"""The claim language: parsing, printing, types, evaluation, SymPy."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from oracles.claims import conv_out as conv_out_oracle
from oracles.claims import tconv_out as tconv_out_oracle

from symtconv.errors import ParseError, SymtconvError
from symtconv.prover.language import (
    Compare,
    Num,
    Program,
    SizeCall,
    Var,
    compile_node,
    latex,
    parse_claim,
    parse_number_expression,
    text,
    to_sympy,
    variables,
)

VALID = [
    "conv_out(i, k) == i - k + 1",
    "conv_out(i, k, s, p, d) == (i + 2*p - d*(k - 1) - 1) // s + 1",
    "tconv_out(i, k, s, p, d, op) >= 1",
    "conv_out(i, k, s, p_lo=a, p_hi=b, d=2) > 0",
    "tconv_out(i, k, s=2, p_lo=1, p_hi=0, op=1) != 3",
    "0 <= r < s and r % s == r",
    "not a < b or a >= b",
    "a > 0 implies b > 0 iff c > 0",
    "(a > 0 implies b > 0) implies c > 0",
    "x^2 - -x // 3 % 2 > 1/2",
    "x ** 3 == x*x*x",
    "min(a, b, c) <= max(a, b) and abs(a) >= Mod(a, 3) - 3",
    "ceiling(a/2) == -(-a // 2) and ceil(a/2) == floor((a + 1)/2)",
    "true or false",
    "2*-3 < -a^2",
    "a \u2264 b \u2212 1 and b \u2265 c and c \u2260 d and a \u00b7 b == a \u00d7 b",
]


@pytest.mark.parametrize("source", VALID)
def test_text_reparses_to_the_same_tree(source: str) -> None:
    tree = parse_claim(source)
    assert parse_claim(text(tree)) == tree
    assert str(tree) == text(tree)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("conv_out(i, k, 1, 0, 1) == i", "conv_out(i, k) == i"),
        ("conv_out(i, k, s=2) > 0", "conv_out(i, k, 2) > 0"),
        ("tconv_out(i, k, op=1) > 0", "tconv_out(i, k, 1, 0, 1, 1) > 0"),
        ("conv_out(i, k, p_lo=1, p_hi=2) > 0", "conv_out(i, k, 1, p_lo=1, p_hi=2) > 0"),
        ("not(a<b)", "not a < b"),
        ("(a - (b - c)) * 2 >= -a ^ 2", "(a - (b - c))*2 >= -a^2"),
        ("a  ==  b", "a == b"),
    ],
)
def test_canonical_text(source: str, expected: str) -> None:
    assert text(parse_claim(source)) == expected


def test_size_call_defaults_and_keywords() -> None:
    call = parse_number_expression("tconv_out(i, 3, p_lo=1, p_hi=2, op=1)")
    assert isinstance(call, SizeCall)
    assert dict(call.params) == {
        "i": Var("i"),
        "k": Num(3),
        "s": Num(1),
        "p_lo": Num(1),
        "p_hi": Num(2),
        "d": Num(1),
        "op": Num(1),
    }
    assert not call.symmetric


def test_chains_and_variables() -> None:
    tree = parse_claim("0 <= r < s")
    assert tree == Compare(("<=", "<"), (Num(0), Var("r"), Var("s")))
    assert variables(parse_claim("conv_out(n, k) == m + n")) == ("n", "k", "m")


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("", "got an empty text"),
        ("a", "expected a condition"),
        ("a = b", "write == to compare"),
        ("a < (b", "expected ')'"),
        ("1.5 < a", "only integer literals"),
        ("a < b c", "expected an operator or the end of the text at position 6"),
        ("a and b", "got the number expression 'a'"),
        ("(a < b) + 1", "expected a number expression, got the condition 'a < b'"),
        ("x ^ y > 1", "only literal exponents 0 to 64"),
        ("x ^ 65 > 1", "only literal exponents 0 to 64"),
        ("floor < 2", "'floor' at position 0 is a function"),
        ("f(x) > 1", "unknown function 'f'"),
        ("min(a) > 1", "min() takes at least 2 argument(s), got 1"),
        ("abs(a, b) > 1", "abs() takes 1 argument(s), got 2"),
        ("floor(x=1) > 1", "floor() takes no keyword arguments"),
        ("conv_out(i) > 1", "conv_out() needs the argument 'k'"),
        ("conv_out(i, k, 1, 2, 3, 4) > 1", "at most 5 positional arguments"),
        ("conv_out(i, k, q=1) > 1", "has no parameter 'q'"),
        ("conv_out(i, k, p=1, p_lo=2, p_hi=0) > 1", "got both p and p_lo"),
        ("conv_out(i, k, p_lo=1) > 1", "got p_lo alone"),
        ("conv_out(i, k, s=1, s=2) > 1", "argument 's' given twice"),
        ("conv_out(i, k, 2, s=2) > 1", "got 's' twice"),
        ("conv_out(s=1, i, k) > 1", "a keyword argument (name=value) after keyword arguments"),
        ("conv_out(i/2, k) > 0", "argument i = i/2 is a fraction"),
        ("a # b", "unexpected character '#'"),
        ("(" * 30 + "a" + ")" * 30 + " > 0", "nested more than 25 levels"),
        ("+".join(["1"] * 150) + " > 0", "more than 100 operations deep"),
        ("9" * 101 + " > 0", "at most 100 digits"),
        ("and > 1", "expected a number, a name or '('"),
    ],
)
def test_parse_errors_name_the_problem(source: str, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_claim(source)
    assert fragment in str(info.value)
    assert str(info.value).startswith("claim: ")
    assert "\n" not in str(info.value)


def test_parse_error_is_a_value_error_and_a_symtconv_error() -> None:
    with pytest.raises(SymtconvError):
        parse_claim("a <")
    with pytest.raises(ValueError):
        parse_claim("a <")
    with pytest.raises(ParseError, match=r"^assumption 2: "):
        parse_claim("a <", "assumption 2")


def test_parse_expression_rejects_conditions() -> None:
    with pytest.raises(ParseError, match="expected a number expression"):
        parse_number_expression("a < b")


_ALPHABET = "ikspdo_ 0123456789()+-*/%^<>=!,.abcnotrfl" + "\u2264\u2212#"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_parser_never_crashes(source: str) -> None:
    try:
        tree = parse_claim(source)
    except ParseError:
        return
    assert parse_claim(text(tree)) == tree


_ATOMS = st.sampled_from(["i", "k", "s", "p", "d", "op", "0", "1", "2", "7"])


def _exprs() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        binary = st.tuples(inner, st.sampled_from(["+", "-", "*", "//", "%", "/"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        )
        calls = st.tuples(st.sampled_from(["floor", "ceiling", "abs", "-"]), inner).map(
            lambda t: f"{t[0]}({t[1]})"
        )
        pairs = st.tuples(st.sampled_from(["min", "max", "Mod"]), inner, inner).map(
            lambda t: f"{t[0]}({t[1]}, {t[2]})"
        )
        return binary | calls | pairs

    return st.recursive(_ATOMS, extend, max_leaves=6)


@settings(max_examples=200, deadline=None)
@given(_exprs(), st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), _exprs())
def test_generated_claims_round_trip_through_text(a: str, op: str, b: str) -> None:
    tree = parse_claim(f"{a} {op} {b}")
    assert parse_claim(text(tree)) == tree


@pytest.mark.parametrize("a", [-7, -6, -1, 0, 1, 5, 7])
@pytest.mark.parametrize("b", [-3, -2, -1, 1, 2, 3])
def test_floor_division_and_modulo_follow_python(a: int, b: int) -> None:
    program = Program(
        [parse_number_expression(e) for e in ("x // y", "x % y", "Mod(x, y)", "x / y")]
    )
    assert program.run({"x": a, "y": b}) == [a // b, a % b, a % b, Fraction(a, b)]


@pytest.mark.parametrize(
    ("source", "env", "expected"),
    [
        ("ceiling(a/2) + floor(-a/2)", {"a": 7}, 0),
        ("abs(a) + min(a, b, 3) - max(a, b)", {"a": -4, "b": 9}, -9),
        ("a / 4 * 4", {"a": 3}, 3),
        ("(a/2) % 1", {"a": 3}, Fraction(1, 2)),
        ("a^3 - a**2", {"a": -2}, -12),
    ],
)
def test_evaluation(source: str, env: dict[str, int], expected: object) -> None:
    assert compile_node(parse_number_expression(source))(env) == expected


def test_division_by_zero_raises() -> None:
    with pytest.raises(ZeroDivisionError):
        compile_node(parse_number_expression("a // b"))({"a": 1, "b": 0})


SIZE_GRID = list(itertools.product([1, 2, 5, 7], [1, 2, 3], [1, 2, 3], [0, 1, 2], [1, 2]))


@pytest.mark.parametrize(("i", "k", "s", "p", "d"), SIZE_GRID)
def test_size_calls_match_brute_force(i: int, k: int, s: int, p: int, d: int) -> None:
    env = {"i": i, "k": k, "s": s, "p": p, "d": d}
    if i + 2 * p >= d * (k - 1) + 1:
        want = conv_out_oracle(i, k, s, p, d)
        assert compile_node(parse_number_expression("conv_out(i, k, s, p, d)"))(env) == want
        assert (
            to_sympy(parse_number_expression("conv_out(i, k, s, p, d)")).subs(
                {sympy.Symbol(n, integer=True): v for n, v in env.items()}
            )
            == want
        )
    for op in range(3):
        size = (i - 1) * s - 2 * p + d * (k - 1) + op + 1
        if size >= 1:
            want = tconv_out_oracle(i, k, s, p, d, op)
            got = compile_node(parse_number_expression(f"tconv_out(i, k, s, p, d, {op})"))(env)
            assert got == want


def test_asymmetric_padding_matches_brute_force() -> None:
    expr = parse_number_expression("conv_out(i, k, s, p_lo=a, p_hi=b, d=d)")
    for i, k, s, a, b, d in itertools.product([2, 5], [2, 3], [1, 2], [0, 1, 2], [0, 3], [1, 2]):
        if i + a + b >= d * (k - 1) + 1:
            env = {"i": i, "k": k, "s": s, "a": a, "b": b, "d": d}
            assert compile_node(expr)(env) == conv_out_oracle(i, k, s, d=d, p_lo=a, p_hi=b)


def test_to_sympy_uses_integer_symbols_and_python_modulo() -> None:
    expr = to_sympy(parse_number_expression("x % y + x // y"))
    x, y = sympy.Symbol("x", integer=True), sympy.Symbol("y", integer=True)
    assert expr == sympy.Mod(x, y) + sympy.floor(x / y)
    assert expr.subs({x: 7, y: -2}) == 7 % -2 + 7 // -2


def test_latex_exact() -> None:
    tree = parse_claim("conv_out(i, k, s) >= (i - k) // s and p_lo % 2 != 0")
    assert latex(tree) == (
        "\\operatorname{conv\\_out}\\left(i, k, s\\right) \\ge "
        "\\left\\lfloor \\frac{i - k}{s} \\right\\rfloor \\wedge p_{lo} \\bmod 2 \\ne 0"
    )
    assert latex(parse_claim("tconv_out(i, k, s, p_lo=1, p_hi=0) <= 2^3")) == (
        "\\operatorname{tconv\\_out}\\left(i, k, s, p_{lo}=1, p_{hi}=0\\right) \\le 2^{3}"
    )
