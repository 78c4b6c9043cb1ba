"""Verifying a derivation's own output (symtconv.engine.output_verification): what it
catches, what it compares, and that it never multiplies again."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy
from oracles.naive import naive_conv, naive_conv_transpose

import symtconv.engine.product as product_module
from symtconv import derive
from symtconv.engine.output_verification import (
    RANDOM_RANGE,
    Values,
    definition_entry,
    evaluate,
    verify_output,
)

CASES = {
    "2d symbolic": dict(input_shape=(4, 3), kernel_shape=(3, 2), stride=2, padding=1),
    "1d dilation op": dict(
        input_shape=(3,), kernel_shape=(2,), stride=1, dilation=3, output_padding=2
    ),
    "channels groups bias": dict(
        input_shape=(4, 3, 3), kernel_shape=(4, 1, 2, 2), groups=2, bias=True, stride=2
    ),
    "batch forward": dict(
        input_shape=(2, 2, 4, 4), kernel_shape=(3, 2, 3, 3), forward=True, padding=1
    ),
    "3d": dict(input_shape=(2, 2, 2), kernel_shape=(2, 1, 2), stride=(1, 2, 1)),
}


def _all_indices(d):
    return list(np.ndindex(*d.output_shape))


@pytest.mark.parametrize("name", sorted(CASES))
def test_symbolic_output_agrees_everywhere(name: str) -> None:
    d = derive(**CASES[name])
    report = d.verification(_all_indices(d))
    assert report.ok and report.data_kind == "symbolic" and report.random_range == RANDOM_RANGE
    names = [r.name for r in report.results]
    expected = (
        ["matrix", "scatter", "zero_insertion"] if d.spec.transposed else ["matrix", "gather"]
    )
    assert names == [*expected, "definition"]
    assert report.results[-1].entries == int(np.prod(d.output_shape))
    assert all(r.comparison == "exact at random integers" for r in report.results[:-1])


def _broken(d, index, change):
    out = d.output_full.copy()
    out[index] = change(out[index])
    return out


@pytest.mark.parametrize("name", sorted(CASES))
def test_one_wrong_entry_is_caught_at_random_integers(name: str) -> None:
    """An entry off by one product, not among those shown: the numeric check finds it."""
    d = derive(**CASES[name])
    last = tuple(s - 1 for s in d.spec.output_shape)
    extra = d.x.reshape(-1)[0] * d.w.reshape(-1)[0]
    out = _broken(d, last, lambda e: e + extra)
    report = verify_output(d.spec, d.x, d.w, d.b, out, shown=[])
    assert not report.ok
    methods = [r for r in report.results[1:] if r.name != "definition"]
    assert methods and not any(r.agrees for r in methods)  # every method disagrees


def test_a_wrong_entry_shown_is_caught_algebraically_too() -> None:
    d = derive(**CASES["2d symbolic"])
    index = (0, 1, 1)
    x0, w0 = d.x.reshape(-1)[0], d.w.reshape(-1)[0]
    out = _broken(d, index, lambda e: e + x0 * w0)
    report = verify_output(d.spec, d.x, d.w, d.b, out, shown=[index, (0, 0, 0)])
    by_name = {r.name: r for r in report.results}
    assert not by_name["definition"].agrees and by_name["definition"].entries == 2


@pytest.mark.parametrize("name", sorted(CASES))
def test_definition_is_the_naive_convolution(name: str) -> None:
    d = derive(**CASES[name])
    s = d.spec
    conv = naive_conv_transpose if s.transposed else naive_conv
    kwargs = dict(stride=s.stride, padding=s.padding, dilation=s.dilation, groups=s.groups)
    if s.transposed:
        kwargs["output_padding"] = s.output_padding
    expected = conv(d.x, d.w, d.b, **kwargs)
    for index in itertools.islice(np.ndindex(*s.output_shape), 60):
        assert sympy.expand(definition_entry(s, d.x, d.w, d.b, index) - expected[index]) == 0


@pytest.mark.parametrize(
    "data",
    [
        dict(input=[[1, 2], [3, 4]], kernel=[[1, 0], [0, -1]]),
        dict(input=[[sympy.Rational(1, 2), 2], [3, 4]], kernel=[[1, 0], [0, -1]]),
        dict(input=[[1.5, 2], [3, 4]], kernel=[[0.25, 0], [0, -1]]),
    ],
    ids=["integer", "rational", "float"],
)
def test_numeric_data_are_compared_as_before(data) -> None:
    d = derive(**data)
    report = d.verification()
    assert report.ok and report.random_range is None
    assert report.data_kind in ("integer", "rational", "float")
    assert "definition" not in [r.name for r in report.results]


def test_values_that_are_not_rational_fall_back_to_algebra() -> None:
    a = sympy.Symbol("a")
    d = derive([[sympy.sin(a), 1], [2, 3]], [[1, 0], [0, -1]])
    report = d.verification()
    assert report.ok and report.random_range is None
    assert all(r.comparison == "algebraic" for r in report.results)


def test_verification_does_not_multiply_again(monkeypatch: pytest.MonkeyPatch) -> None:
    d = derive(**CASES["channels groups bias"])

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the product was computed again")

    monkeypatch.setattr(product_module, "multiply", refuse)
    monkeypatch.setattr("symtconv.engine.verification.multiply", refuse)
    assert d.verification().ok
    assert "agrees" in d.to_markdown()


def test_default_shown_entries() -> None:
    d = derive(input_shape=(8, 8), kernel_shape=(3, 3))
    report = d.verification()
    assert report.results[-1].entries == 40  # the first and last 20 of 100


def test_evaluate() -> None:
    a, b = sympy.symbols("a b")
    values = Values({a: 3, b: -2})
    assert evaluate(a * b + 2 * a - sympy.Rational(1, 3), values) == sympy.Rational(-1, 3)
    assert evaluate(a**2 / b, values) == sympy.Rational(-9, 2)
    other = sympy.Symbol("a")  # equal, found by equality when not by identity
    assert evaluate(other, Values({a: 5})) == 5


def test_same_seed_same_report() -> None:
    d = derive(**CASES["3d"])
    a, b = d.verification(), d.verification()
    assert (a.adjoint.lhs, a.adjoint.rhs) == (b.adjoint.lhs, b.adjoint.rhs)


def test_spec_check_of_shown_indices() -> None:
    d = derive(input_shape=(2, 2), kernel_shape=(2, 2))
    with pytest.raises(ValueError, match="index"):
        d.verification([(5, 5)])


def test_all_entries_at_once_as_one_by_one() -> None:
    from symtconv.engine.output_verification import _evaluated, _symbol_values

    d = derive(input_shape=(5, 4), kernel_shape=(3, 3), stride=2, padding=1)  # 1 to 4 terms
    values = _symbol_values((d.x, d.w), np.random.default_rng(5))
    flat = d.output_full.reshape(-1).tolist()
    assert _evaluated(d.output_full, values).reshape(-1).tolist() == [
        evaluate(e, values) for e in flat
    ]
