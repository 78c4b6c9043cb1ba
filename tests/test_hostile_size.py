"""Hostile input, class 2: work refused before it starts.

Every command and API entry point estimates its cost from the spec
(:mod:`symtconv.core.cost`: closed-form Python integers) and refuses work above a
limit before it allocates anything: one line naming the limit (``max_...``), the
estimate, the limit and the option that raises it.  The estimates themselves are
checked against independent counts (brute force, SymPy's own expansion).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import sympy
from hostile import api_refused, assert_refused, run
from hypothesis import given, settings
from hypothesis import strategies as st
from oracles.naive import naive_matrix

import symtconv
from symtconv import ConvSpec, SpecError, TooLargeError
from symtconv.core import cost
from symtconv.core.shapes import listed_sizes
from symtconv.engine.sweeps import SweepGrid

BIG = "9" * 5000

#: (argv, the limit named): the issue's examples and more, every command.
CLI_CASES = [
    (["derive", "--input-shape", "3000x3000", "--kernel-shape", "3x3"], "max_nonzeros"),
    (["derive", "--input-shape", "700x700", "--kernel-shape", "2x2"], "max_nonzeros"),
    (["derive", "--input-shape", "2x2", "--kernel-shape", "1x1", "--stride", "100000"],
     "max_elements"),
    (["derive", "--input-shape", "2x2", "--kernel-shape", "2x2", "--dilation", "1000000"],
     "max_elements"),
    (["derive", "--input-shape", "1x1", "--kernel-shape", "1x1", "--dilation", "2147483647",
      "--output-padding", "2147483646"], "max_elements"),
    (["derive", "--input-shape", "50x50", "--kernel-shape", "3x3", "--format", "latex"],
     "max_nonzeros"),
    (["derive", "--input-shape", "100000x3x100x100", "--kernel-shape", "3x3x3x3"],
     "max_nonzeros"),
    (["derive", "--input-shape", "8x8", "--kernel-shape", "8x8", "--in-channels", "100000",
      "--out-channels", "100000"], "max_nonzeros"),
    (["derive", "--input-shape", "100x100x100", "--kernel-shape", "3x3x3"], "max_nonzeros"),
    (["derive", "--input-shape", "10000000", "--kernel-shape", "1"], "max_nonzeros"),
    (["verify", "--input-shape", "1000x1000", "--kernel-shape", "3x3", "--stride", "2"],
     "max_nonzeros"),
    (["verify", "--input-shape", "2000x2000", "--kernel-shape", "3x3"], "max_nonzeros"),
    (["verify", "--input-shape", "2x2", "--kernel-shape", "1x1", "--stride", "1000000"],
     "max_elements"),
    (["verify", "--sweep", "--sizes", "1:10000", "--kernels", "1:10000"], "max_configurations"),
    (["verify", "--sweep", "--paddings", "0:10000"], "max_configurations"),
    (["verify", "--sweep", "--ranks", "3", "--sizes", "60", "--kernels", "5"], "max_nonzeros"),
    (["crosscheck", "--framework", "torch", "--sweep", "--sizes", "1:10000", "--kernels",
      "1:10000"], "max_configurations"),
    (["crosscheck", "--framework", "torch", "--input-shape", "100000x100000", "--kernel-shape",
      "3x3"], "max_bytes"),
    (["crosscheck", "--framework", "onnx", "--input-shape", "1x1x100000000", "--kernel-shape",
      "1x1x3"], "max_bytes"),
    (["convert", "--from", "torch", "--input-size", "100000,100000", "--kernel-size", "3"],
     "max_bytes"),
    (["shape", "--input-shape", "5", "--kernel-shape", "3", "--stride", "100000000"],
     "max_sizes"),
    (["shape", "--input-shape", "5", "--kernel-shape", "3", "--dilation", "100000000"],
     "max_sizes"),
    (["check", "--input-shape", "2x2", "--kernel-shape", "2x2", "--claimed",
      "(x_{0,0}+x_{0,1}+x_{1,0}+x_{1,1}+w_{0,0}+w_{0,1}+w_{1,0}+w_{1,1})^64", "--entry", "1,1"],
     "max_terms"),
    (["check", "--claimed", "(x_{0,0}+x_{0,1}+x_{1,0}+x_{1,1})^30 " * 3, "--entry", "1,1"],
     "max_terms"),
    (["check", "--input-shape", "300x300", "--kernel-shape", "3x3", "--claimed-size", "302"],
     "max_nonzeros"),
    (["prove", "(i+j+k+l+m+n)^64 >= 0"], "max_terms"),
    (["prove", "(i+j+k)^40 == (i+j+k)^40 and (a+b+c+d)^40 >= 0"], "max_terms"),
    (["prove", "--identity", "adjoint", "--input-shape", "100x100", "--kernel-shape", "3x3"],
     "max_nonzeros"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "limit"), CLI_CASES, ids=lambda v: str(v)[:60])
def test_big_work_is_refused_before_it_starts(argv: list[str], limit: str) -> None:
    outcome = run(argv, seconds=30)
    option = cost.LIMITS[limit].option
    assert_refused(outcome, f"{limit}: ", "above the limit of", f"raise it with {option} N")


def test_the_steps_file_is_read_no_further_than_the_limit() -> None:
    outcome = run(["check", "--claimed-steps", "/dev/zero"], seconds=30)
    assert_refused(outcome, "--claimed-steps", "more than 1,000,000 characters")


def test_a_raised_limit_is_honoured_and_named() -> None:
    argv = ["derive", "--input-shape", "8x8", "--kernel-shape", "3x3"]
    assert run(argv).code == 0
    assert_refused(run([*argv, "--max-nonzeros", "10"]), "above the limit of 10;")
    assert_refused(run([*argv, "--max-elements", "10"]), "max_elements", "limit of 10;")
    assert_refused(run([*argv, "--max-nonzeros", "0"]), "--max-nonzeros", ">= 1")
    assert_refused(run([*argv, "--max-nonzeros", BIG]), "--max-nonzeros", "5000 digits")


#: (call, the keyword named): the Python API.
API_CASES = [
    (lambda: symtconv.derive(input_shape=(3000, 3000), kernel_shape=(3, 3)), "max_nonzeros"),
    (lambda: symtconv.derive(np.zeros((2000, 2000)), [[1]]), "max_elements"),
    (lambda: symtconv.verify(input_shape=(1000, 1000), kernel_shape=(3, 3)), "max_nonzeros"),
    (lambda: symtconv.check("1", entry=(0, 0), input_shape=(500, 500), kernel_shape=(3, 3)),
     "max_nonzeros"),
    (lambda: symtconv.conv_transpose(np.ones((1, 2, 2)), np.ones((1, 1, 2, 2)), stride=10**6),
     "max_bytes"),
    (lambda: symtconv.conv(np.ones((1, 10, 10)), np.ones((1, 1, 3, 3)), padding=10**5),
     "max_bytes"),
    (lambda: symtconv.conv_transpose_zero_insertion(np.ones((1, 2, 2)), np.ones((1, 1, 2, 2)),
                                                    stride=10**6), "max_bytes"),
    (lambda: symtconv.sweep(SweepGrid(sizes=tuple(range(1, 1001)), kernels=tuple(range(1, 101)))),
     "max_configurations"),
    (lambda: symtconv.shape_report(ConvSpec.create(5, 3, stride=10**8)), "max_sizes"),
    (lambda: symtconv.prove("(i+j+k+l+m+n)^64 >= 0"), "max_terms"),
    (lambda: symtconv.convert("torch", (10**5, 10**5), 3, {}), "max_bytes"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "keyword"), API_CASES, ids=lambda v: getattr(v, "__name__", v))
def test_the_api_refuses_big_work(call, keyword: str) -> None:
    api_refused(call, TooLargeError, f"{keyword}: ", f"(Python: {keyword}=N)", seconds=30)


def test_an_allowed_numeric_call_is_exact_at_any_stride() -> None:
    x, w = np.array([[1, 2]]), np.array([[[3, 4]]])
    y = symtconv.conv_transpose(x, w, stride=1000)
    assert y.shape == (1, 1002) and y[0, 0] == 3 and y[0, 1000] == 6 and y.sum() == 21


def test_out_of_memory_names_what_was_too_big(monkeypatch: pytest.MonkeyPatch) -> None:
    """Accepted work that still exhausts the machine names the estimate that let it in."""
    from symtconv.engine import derivation

    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(derivation, "multiply", exhausted)
    outcome = run(["derive", "--input-shape", "40x40", "--kernel-shape", "3x3"])
    assert_refused(outcome, "out of memory", "input 40x40, kernel 3x3", "max_")


# ----- the estimates against independent counts -----------------------------------------------

specs = st.builds(
    lambda *args: _spec(*args),
    st.integers(1, 2),  # rank
    st.integers(1, 4),  # input size
    st.integers(1, 3),  # kernel
    st.integers(1, 3),  # stride
    st.integers(0, 2),  # padding, low
    st.integers(0, 2),  # padding, high
    st.integers(1, 2),  # dilation
    st.integers(0, 2),  # output padding
    st.booleans(),  # transposed
    st.sampled_from([1, 2]),  # groups
)


def _spec(rank, i, k, s, lo, hi, d, op, transposed, groups):  # type: ignore[no-untyped-def]
    try:
        return ConvSpec.create(
            (i,) * rank,
            (k,) * rank,
            stride=s,
            padding=[(lo, hi)] * rank,
            dilation=d,
            output_padding=op if transposed else 0,
            transposed=transposed,
            in_channels=2,
            out_channels=2,
            groups=groups,
        )
    except SpecError:
        return None


@settings(max_examples=80, derandomize=True, deadline=None)
@given(specs)
def test_nonzeros_is_the_brute_force_count(spec: ConvSpec | None) -> None:
    """C built from the naive convolution with a weight of ones: its nonzeros, counted."""
    if spec is None:
        return
    ones = np.ones(spec.weight_shape, dtype=object)
    c = naive_matrix(
        ones, spec.col_size, spec.stride, spec.padding, spec.dilation, spec.groups, spec.row_size
    )
    assert cost.nonzeros(spec) == int(np.count_nonzero(c))
    assert cost.elements(spec) == (
        math.prod(spec.input_shape) + math.prod(spec.weight_shape) + math.prod(spec.output_shape)
    )


@pytest.mark.parametrize(("n", "k", "s", "lo", "d"), [(3, 70_000, 1, 0, 1), (2, 100_000, 3, 5, 2)])
def test_beyond_the_exact_taps_the_nonzeros_are_bounded_above(n, k, s, lo, d) -> None:
    cols = (n - 1) * s + d * (k - 1) + 1 - 2 * lo
    exact = sum(
        1 for o in range(n) for t in range(k) if 0 <= o * s - lo + t * d < cols
    )  # the definition, counted
    assert cost.tap_pairs(n, cols, k, s, lo, d) >= exact


@settings(max_examples=60, derandomize=True, deadline=None)
@given(
    st.lists(st.sampled_from(sympy.symbols("a b c d")), min_size=1, max_size=4),
    st.integers(0, 4),
    st.integers(1, 3),
)
def test_expanded_terms_bounds_sympys_expansion(symbols, power: int, factors: int) -> None:
    expr = sympy.Mul(*[sympy.Add(*symbols, 1) ** power for _ in range(factors)], evaluate=False)
    expanded = sympy.expand(expr)
    actual = len(expanded.args) if expanded.is_Add else 1
    assert cost.expanded_terms(expr) >= actual
    if factors == 1:  # one multinomial: exactly its monomials
        assert cost.expanded_terms(sympy.Add(*set(symbols), 1) ** power) == (
            len(sympy.expand(sympy.Add(*set(symbols), 1) ** power).args) if power else 1
        )


def test_expanded_terms_of_the_issues_claims() -> None:
    i, j, k, l, m, n = sympy.symbols("i j k l m n")
    assert cost.expanded_terms((i + j + k + l + m + n) ** 64) == math.comb(69, 5)


@pytest.mark.parametrize(
    "grid",
    [
        SweepGrid(),
        SweepGrid(ranks=(1,), sizes=(1, 2), kernels=(1, 3), strides=(1, 2, 3), dilations=(1, 3)),
        SweepGrid(channels=((1, 1, 1),), forward=False, paddings=(0, 1, 2)),
    ],
)
def test_sweep_configurations_bounds_the_grid(grid: SweepGrid) -> None:
    assert grid.configurations() >= grid.size()


#: Forward geometries (i, k, s, lo, hi, d) whose output size is at least 1.
FORWARD = [
    g
    for g in itertools.product(range(1, 5), range(1, 4), range(1, 5), range(3), range(3), (1, 3))
    if g[0] + g[3] + g[4] >= g[5] * (g[1] - 1) + 1
]


def _forward_size(i: int, k: int, s: int, lo: int, hi: int, d: int) -> int:
    return (i + lo + hi - d * (k - 1) - 1) // s + 1


@pytest.mark.parametrize(("i", "k", "s", "lo", "hi", "d"), FORWARD)
def test_listed_sizes_counts_the_inputs_of_the_same_output_size(i, k, s, lo, hi, d) -> None:
    spec = ConvSpec.create(i, k, stride=s, padding=[(lo, hi)], dilation=d, transposed=False)
    out = _forward_size(i, k, s, lo, hi, d)
    smallest = d * (k - 1) + 1 - lo - hi  # below it the output size is < 1
    counted = sum(
        1
        for j in range(max(1, smallest), i + 2 * s + 2)
        if _forward_size(j, k, s, lo, hi, d) == out
    )  # the definition, counted
    assert listed_sizes(spec) == counted
