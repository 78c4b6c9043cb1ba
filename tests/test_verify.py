"""symtconv.verify and ``symtconv verify``: the checks agree where they should and fail where
they must.

Agreement on good configurations is only half of it: every check is also shown
to fail, by monkeypatching a registry entry (or the adjoint's convolutions) with
a shifted or perturbed result.  Counts of swept configurations are compared with
an enumeration of counted sizes (:mod:`oracles.sizes`), and the literal symbolic
``C^T x`` (``C x``) is compared with the symbolic scatter-add (gather) on every
configuration of a small sweep grid.
"""

from __future__ import annotations

import itertools
import json
import math
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import sympy
from oracles.sizes import conv_length, tconv_length

from symtconv.cli import main
from symtconv.core.numeric import conv, conv_transpose
from symtconv.core.spec import ConvSpec
from symtconv.engine import verification as verify_module
from symtconv.engine.derivation import derive
from symtconv.engine.sweeps import SweepGrid, sweep
from symtconv.engine.verification import (
    FLOAT_RTOL,
    METHODS,
    VerifyReport,
    verify,
    verify_spec,
)
from symtconv.errors import SpecError, SymtconvError

SEED_OUTPUT = [[1, 2, 0], [3, 3, -2], [0, -3, -4]]

# ----- helpers ------------------------------------------------------------------------------------


def ints(shape: tuple[int, ...], seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(-9, 10, shape).astype(object)


def symbols(letter: str, shape: tuple[int, ...]) -> np.ndarray:
    flat = [sympy.Symbol(f"{letter}{n}") for n in range(math.prod(shape))]
    return np.array([*flat, None], dtype=object)[:-1].reshape(shape)


def operands(spec: ConvSpec, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    b = ints((spec.out_channels,), seed + 2) if spec.bias else None
    return ints(spec.input_shape, seed), ints(spec.weight_shape, seed + 1), b


def broken(name: str, how: str, amount: Any = 1) -> tuple[bool, bool, Any]:
    """The registry entry ``name`` with its result shifted, perturbed or cut short."""
    transposed, forward, fn = METHODS[name]

    def run(spec: ConvSpec, x: np.ndarray, w: np.ndarray, b: np.ndarray | None) -> np.ndarray:
        out = np.array(fn(spec, x, w, b), copy=True)
        if how == "shift":
            return np.roll(out, 1, axis=-1)
        if how == "perturb":
            out.flat[out.size // 2] = out.flat[out.size // 2] + amount
            return out
        if how == "scale":
            return out * amount
        return out[..., :-1]  # "shape"

    return transposed, forward, run


def by_name(report: VerifyReport) -> dict[str, Any]:
    return {r.name: r for r in report.results}


# A spread of geometries: rank 1-3, groups, asymmetric padding, output_padding >= stride
# (allowed since < dilation), batch, bias; transposed and forward.
SPECS = {
    "seed": ConvSpec.create((2, 2), (2, 2)),
    "1d stride dilation": ConvSpec.create(4, 3, stride=2, padding=1, output_padding=1, dilation=2),
    "1d op >= s": ConvSpec.create(3, 2, stride=1, dilation=3, output_padding=2, padding=[(1, 0)]),
    "2d asym groups": ConvSpec.create(
        (3, 2),
        (2, 3),
        stride=(2, 1),
        padding=[(1, 0), (0, 2)],
        output_padding=(1, 0),
        in_channels=4,
        out_channels=2,
        groups=2,
    ),
    "2d batch bias": ConvSpec.create(
        (2, 3),
        (3, 2),
        stride=(1, 3),
        dilation=(2, 1),
        output_padding=(1, 2),
        in_channels=2,
        out_channels=3,
        batch=2,
        bias=True,
    ),
    "3d": ConvSpec.create((2, 2, 2), (2, 1, 2), stride=(2, 1, 1), padding=[(0, 1), 0, (1, 0)]),
    "fwd 1d": ConvSpec.create(6, 3, stride=2, padding=[(2, 1)], dilation=2, transposed=False),
    "fwd 2d groups batch bias": ConvSpec.create(
        (4, 5),
        (2, 3),
        stride=(2, 1),
        padding=[(1, 0), (0, 1)],
        in_channels=4,
        out_channels=6,
        groups=2,
        batch=2,
        bias=True,
        transposed=False,
    ),
    "fwd 3d": ConvSpec.create(
        (3, 3, 2), (2, 2, 2), dilation=(1, 2, 1), padding=1, transposed=False
    ),
}


def test_specs_cover_truncated_rows():
    """Where op >= s (allowed as op < d), C keeps only the first rows of its forward conv."""
    truncated = {name for name, spec in SPECS.items() if spec.truncated_rows}
    assert truncated == {"1d op >= s", "2d batch bias"}
    assert sum(_spec(c).truncated_rows for c in SMALL_CONFIGS) > 0


# ----- verify(): agreement on good configurations -------------------------------------------------


def test_verify_default_is_the_seed_example():
    report = verify()
    assert report.ok
    assert [r.name for r in report.results] == ["matrix", "scatter", "zero_insertion"]
    assert report.data_kind == "integer"
    assert np.array(report.output).reshape(3, 3).tolist() == SEED_OUTPUT


def test_verify_default_forward_is_the_seed_forward_example():
    report = verify(forward=True)
    assert report.ok
    assert [r.name for r in report.results] == ["matrix", "gather"]
    assert np.array(report.output).reshape(2, 2).tolist() == [[-4, -4], [-4, -4]]


def test_verify_given_values():
    report = verify([[1, 2], [3, 4]], [[1, 0], [0, -1]], stride=2)
    assert report.ok
    # stride 2: four disjoint copies of the kernel scaled by 1, 2, 3, 4 (hand-checked)
    expected = [[1, 0, 2, 0], [0, -1, 0, -2], [3, 0, 4, 0], [0, -3, 0, -4]]
    assert np.array(report.output).reshape(4, 4).tolist() == expected


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(input_shape=(3, 3), kernel_shape=(2, 2), stride=2, padding=[(1, 0), (0, 1)]),
        dict(input_shape=(4,), kernel_shape=(3,), dilation=3, output_padding=2),
        dict(input_shape=(4, 3, 3), kernel_shape=(4, 1, 2, 2), groups=2, stride=(1, 2)),
        dict(input_shape=(2, 2, 4), kernel_shape=(2, 3, 3), bias=True, padding=1),
        dict(input_shape=(2, 5, 5), kernel_shape=(3, 2, 2, 2), forward=True, stride=2),
        dict(input_shape=(2, 2, 2), kernel_shape=(2, 2, 2), random_data=True, seed=5),
    ],
)
def test_verify_random_integer_data_agrees(kwargs):
    report = verify(**kwargs)
    assert report.ok, str(report)
    assert report.data_kind == "integer"
    assert report.adjoint is not None and report.adjoint.holds


def test_verify_shapes_only_uses_seeded_random_integers():
    a = verify(input_shape=(3, 3), kernel_shape=(2, 2), seed=1)
    b = verify(input_shape=(3, 3), kernel_shape=(2, 2), seed=1)
    c = verify(input_shape=(3, 3), kernel_shape=(2, 2), seed=2)
    assert np.array_equal(a.output, b.output) and not np.array_equal(a.output, c.output)
    assert all(isinstance(v, sympy.Integer) for v in a.output.flat)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_verify_spec_agrees_on_good_configurations(name):
    spec = SPECS[name]
    report = verify_spec(spec, *operands(spec))
    assert report.ok, str(report)
    expected = ["matrix", "scatter", "zero_insertion"] if spec.transposed else ["matrix", "gather"]
    assert [r.name for r in report.results] == expected
    assert all(r.comparison == "exact" and r.max_abs_diff == 0 for r in report.results)
    assert report.adjoint is not None and report.adjoint.holds and report.adjoint.lhs != 0
    assert report.output.shape == spec.output_shape


@pytest.mark.parametrize("name", sorted(SPECS))
def test_verify_spec_reference_is_the_numeric_result(name):
    """The reference output itself equals the NumPy computation (not only self-consistency)."""
    spec = SPECS[name]
    x, w, b = operands(spec, seed=9)
    report = verify_spec(spec, x, w, b, adjoint=False)
    params = dict(
        stride=spec.stride, padding=list(spec.padding), dilation=spec.dilation, groups=spec.groups
    )
    if spec.transposed:
        expected = conv_transpose(x, w, b, output_padding=spec.output_padding, **params)
    else:
        expected = conv(x, w, b, **params)
    assert np.array_equal(np.array(report.output, dtype=object), expected)


@pytest.mark.parametrize("name", sorted(METHODS))
def test_every_registered_method_runs_and_agrees(name):
    if name == "torch":
        pytest.importorskip("torch")
    transposed = METHODS[name][0]
    spec = SPECS["2d asym groups"] if transposed else SPECS["fwd 2d groups batch bias"]
    report = verify_spec(spec, *operands(spec), methods=[name])
    assert [r.name for r in report.results] == list(dict.fromkeys(["matrix", name]))
    assert report.ok, str(report)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_torch_agrees(name):
    pytest.importorskip("torch")
    spec = SPECS[name]
    report = verify_spec(spec, *operands(spec), methods=["torch"])
    result = by_name(report)["torch"]
    assert result.agrees and result.max_abs_diff == 0.0, str(report)
    assert result.comparison == f"rtol {FLOAT_RTOL:g}"


def test_methods_must_apply():
    with pytest.raises(SpecError, match=r"methods: got 'gather'; valid for a transposed") as info:
        verify_spec(SPECS["seed"], *operands(SPECS["seed"]), methods=["gather"])
    assert isinstance(info.value, SymtconvError) and isinstance(info.value, ValueError)
    with pytest.raises(SpecError, match=r"methods: got 'nope'; .*matrix, scatter"):
        verify(methods=["nope"])


# ----- broken methods are caught ------------------------------------------------------------------


@pytest.mark.parametrize("how", ["shift", "perturb", "shape"])
@pytest.mark.parametrize("name", sorted(n for n in METHODS if n != "matrix"))
def test_a_broken_method_is_reported(monkeypatch, name, how):
    if name == "torch":
        pytest.importorskip("torch")
    transposed = METHODS[name][0]
    spec = SPECS["2d batch bias"] if transposed else SPECS["fwd 2d groups batch bias"]
    monkeypatch.setitem(METHODS, name, broken(name, how))
    report = verify_spec(spec, *operands(spec), methods=[name])
    assert not report.ok
    results = by_name(report)
    assert not results[name].agrees
    assert results["matrix"].agrees
    assert "DISAGREES" in str(report) and str(report).startswith("DISAGREEMENT")
    assert report.as_dict()["ok"] is False
    if how == "perturb":
        assert results[name].max_abs_diff == 1
    if how == "shape":
        assert results[name].max_abs_diff is None


def test_a_broken_reference_is_reported(monkeypatch):
    monkeypatch.setitem(METHODS, "matrix", broken("matrix", "perturb"))
    report = verify_spec(SPECS["3d"], *operands(SPECS["3d"]))
    assert not report.ok
    assert [r.agrees for r in report.results] == [True, False, False]


def test_a_method_that_raises_is_reported(monkeypatch):
    def fails(*args: Any) -> np.ndarray:
        raise SpecError("padding: got 9; boom")

    monkeypatch.setitem(METHODS, "scatter", (True, False, fails))
    report = verify_spec(SPECS["seed"], *operands(SPECS["seed"]))
    assert not report.ok
    assert by_name(report)["scatter"].error == "SpecError: padding: got 9; boom"
    assert "error: SpecError" in str(report)


# ----- the adjoint identity -----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SPECS))
def test_adjoint_identity_holds(name):
    result = verify_module.adjoint_check(SPECS[name], np.random.default_rng(3))
    assert result.holds and result.lhs != 0


@pytest.mark.parametrize("which", ["conv_transpose", "conv"])
@pytest.mark.parametrize("name", sorted(SPECS))
def test_a_broken_adjoint_is_caught(monkeypatch, name, which):
    """Break only the convolutions the adjoint check uses; the methods still agree."""
    original = getattr(verify_module, which)

    def off_by_one(*args: Any, **kwargs: Any) -> np.ndarray:
        return original(*args, **kwargs) + 1

    monkeypatch.setattr(verify_module, which, off_by_one)
    spec = SPECS[name]
    report = verify_spec(spec, *operands(spec), seed=11)
    assert all(r.agrees for r in report.results)
    assert report.adjoint is not None and not report.adjoint.holds
    assert not report.ok
    assert "!=" in str(report)


# ----- floats: the stated tolerance ---------------------------------------------------------------


def float_operands(spec: ConvSpec) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    rng = np.random.default_rng(4)
    x = rng.standard_normal(spec.input_shape) * 100
    w = rng.standard_normal(spec.weight_shape)
    b = rng.standard_normal(spec.out_channels) if spec.bias else None
    return x, w, b


def test_float_data_agree_within_the_tolerance():
    spec = SPECS["2d batch bias"]
    report = verify_spec(spec, *float_operands(spec))
    assert report.ok and report.data_kind == "float"
    for r in report.results:
        assert r.comparison == f"rtol {FLOAT_RTOL:g}"
        assert r.max_abs_diff is not None and r.max_abs_diff <= FLOAT_RTOL


@pytest.mark.parametrize(
    ("factor", "agrees"), [(0.1, True), (0.9, True), (1.5, False), (10, False)]
)
def test_float_tolerance_is_the_stated_one(monkeypatch, factor, agrees):
    spec = SPECS["2d batch bias"]
    x, w, b = float_operands(spec)
    scale = max(
        1.0,
        float(
            np.max(
                np.abs(
                    conv_transpose(
                        x,
                        w,
                        b,
                        stride=spec.stride,
                        padding=list(spec.padding),
                        output_padding=spec.output_padding,
                        dilation=spec.dilation,
                    )
                )
            )
        ),
    )
    assert scale > 10  # so the tolerance is relative, not absolute
    monkeypatch.setitem(
        METHODS, "scatter", broken("scatter", "perturb", factor * FLOAT_RTOL * scale)
    )
    result = by_name(verify_spec(spec, x, w, b))["scatter"]
    assert result.agrees is agrees
    assert result.max_abs_diff == pytest.approx(factor * FLOAT_RTOL * scale, rel=1e-3)


def test_nan_is_a_disagreement(monkeypatch):
    spec = SPECS["seed"]
    monkeypatch.setitem(
        METHODS, "zero_insertion", broken("zero_insertion", "perturb", float("nan"))
    )
    assert not by_name(verify_spec(spec, *float_operands(spec)))["zero_insertion"].agrees


# ----- exact data: rationals, and integers compared exactly ---------------------------------------


def test_rational_data_are_exact(monkeypatch):
    spec = SPECS["1d stride dilation"]
    x = np.array([[Fraction(n, 3) for n in range(1, 5)]], dtype=object)
    w = np.array([[[Fraction(1, 7), Fraction(-2, 5), Fraction(3, 2)]]], dtype=object)
    report = verify_spec(spec, x, w)
    assert report.ok and report.data_kind == "rational"
    assert all(r.comparison == "exact" for r in report.results)
    assert any(v.q > 1 for v in report.output.flat)
    # a difference of 1/10**30 is a difference
    monkeypatch.setitem(METHODS, "scatter", broken("scatter", "perturb", Fraction(1, 10**30)))
    assert not by_name(verify_spec(spec, x, w))["scatter"].agrees


def test_integer_data_are_compared_exactly(monkeypatch):
    spec = SPECS["seed"]
    x = np.array([[[10**20, 1], [1, 1]]], dtype=object)  # beyond float64's 2**53
    w = np.array([[[[1, 0], [0, 1]]]], dtype=object)
    assert verify_spec(spec, x, w).ok
    monkeypatch.setitem(METHODS, "scatter", broken("scatter", "perturb", 1))
    assert not by_name(verify_spec(spec, x, w))["scatter"].agrees


# ----- symbolic data: compared algebraically ------------------------------------------------------


def test_symbolic_data_agree_algebraically():
    spec = SPECS["2d asym groups"]
    report = verify_spec(spec, symbols("x", spec.input_shape), symbols("w", spec.weight_shape))
    assert report.ok and report.data_kind == "symbolic"
    assert all(r.comparison == "algebraic" for r in report.results)


def test_symbolic_comparison_is_algebraic_not_structural(monkeypatch):
    """An unexpanded but equal form agrees; one extra symbol disagrees."""
    spec = SPECS["1d stride dilation"]
    x, w = symbols("x", spec.input_shape), symbols("w", spec.weight_shape)
    a = sympy.Symbol("a")

    def factored(s: ConvSpec, xx: np.ndarray, ww: np.ndarray, b: Any) -> np.ndarray:
        out = METHODS["zero_insertion"][2](s, xx, ww, b)
        return np.vectorize(
            lambda e: sympy.Mul((1 + a), e, evaluate=False) - a * e, otypes=[object]
        )(out)

    plain = METHODS["zero_insertion"][2](spec, x, w, None)
    other = factored(spec, x, w, None)
    assert all(f != e for f, e in zip(other.flat, plain.flat, strict=True))  # not the same form
    monkeypatch.setitem(METHODS, "scatter", (True, False, factored))
    assert verify_spec(spec, x, w).ok
    monkeypatch.setitem(METHODS, "scatter", broken("zero_insertion", "perturb", sympy.Symbol("x0")))
    assert not by_name(verify_spec(spec, x, w))["scatter"].agrees


def test_torch_does_not_apply_to_symbolic_data():
    """torch computes numbers: on symbols it is not run, and that is no disagreement."""
    spec = SPECS["seed"]
    report = verify_spec(
        spec, symbols("x", spec.input_shape), symbols("w", spec.weight_shape), methods=["torch"]
    )
    assert report.ok
    torch_result = by_name(report)["torch"]
    assert torch_result.not_applicable == "symbolic data (torch computes numbers)"
    assert torch_result.error is None and "not applicable" in str(report)


def test_symbolic_check_catches_a_method_broken_only_on_symbols(monkeypatch):
    """verify_spec(symbolic=True) compares symbol-level C^T x with the scatter-add."""
    transposed, forward, fn = METHODS["scatter"]

    def wrong_on_symbols(spec: ConvSpec, x: np.ndarray, w: np.ndarray, b: Any) -> np.ndarray:
        out = fn(spec, x, w, b)
        if any(isinstance(v, sympy.Basic) and v.free_symbols for v in x.flat):
            out = np.array(out, copy=True)
            out.flat[0] = out.flat[0] + sympy.Symbol("extra")
        return out

    spec = SPECS["2d asym groups"]
    assert by_name(verify_spec(spec, *operands(spec), symbolic=True))["symbolic"].agrees
    monkeypatch.setitem(METHODS, "scatter", (transposed, forward, wrong_on_symbols))
    report = verify_spec(spec, *operands(spec), symbolic=True)
    assert by_name(report)["scatter"].agrees
    assert not by_name(report)["symbolic"].agrees
    assert not report.ok


# ----- sweeps -------------------------------------------------------------------------------------


def enumerate_grid(
    ranks: Any,
    sizes: Any,
    kernels: Any,
    strides: Any,
    paddings: Any,
    dilations: Any,
    channels: Any,
    forward: bool = True,
) -> list[tuple]:
    """Every valid configuration, from the counted sizes and PyTorch's output_padding rule."""
    out = []
    for rank, i, k, s, lo, hi, d, ch in itertools.product(
        ranks, sizes, kernels, strides, paddings, paddings, dilations, channels
    ):
        for op in range(max(s, d) + 1):  # one past the rule, to show it is enforced
            if (op < s or op < d) and tconv_length(i, k, s, lo, hi, d, op) >= 1:
                out.append((True, rank, i, k, s, lo, hi, d, op, ch))
        if forward and conv_length(i, k, s, lo, hi, d) >= 1:
            out.append((False, rank, i, k, s, lo, hi, d, 0, ch))
    return out


def _nonzeros(cfg: tuple) -> int:
    """Nonzeros of C by counting every (row, tap) whose column lands inside, per dimension."""
    transposed, rank, i, k, s, lo, hi, d, op, (cin, cout, g) = cfg
    if transposed:
        rows, cols = i, tconv_length(i, k, s, lo, hi, d, op)
        row_ch, col_ch = cin, cout
    else:
        rows, cols = conv_length(i, k, s, lo, hi, d), i
        row_ch, col_ch = cout, cin
    per_dim = sum(1 for o in range(rows) for t in range(k) if 0 <= o * s - lo + t * d < cols)
    return row_ch * (col_ch // g) * per_dim**rank


SMALL = dict(
    ranks=(1, 2),
    sizes=(1, 2),
    kernels=(1, 2),
    strides=(1, 2),
    paddings=(0, 1),
    dilations=(1, 2),
    channels=((1, 1, 1), (2, 2, 2)),
)
SMALL_CONFIGS = enumerate_grid(**SMALL)


def _spec(cfg: tuple) -> ConvSpec:
    transposed, rank, i, k, s, lo, hi, d, op, (cin, cout, g) = cfg
    return ConvSpec.create(
        (i,) * rank,
        (k,) * rank,
        stride=s,
        padding=[(lo, hi)] * rank,
        dilation=d,
        output_padding=op,
        in_channels=cin,
        out_channels=cout,
        groups=g,
        transposed=transposed,
    )


def test_grid_specs_are_exactly_the_valid_configurations():
    grid = SweepGrid(**SMALL)
    assert [s for s in grid.specs()] == [_spec(c) for c in SMALL_CONFIGS]
    assert grid.size() == len(SMALL_CONFIGS)


def test_sweep_counts_and_agreement():
    grid = SweepGrid(**{**SMALL, "ranks": (1,)})
    calls: list[tuple[int, int]] = []
    report = sweep(grid, progress=lambda done, total: calls.append((done, total)))
    configs = [c for c in SMALL_CONFIGS if c[1] == 1]
    assert report.checked == len(configs) == report.agreed
    assert report.disagreed == 0 and report.ok and report.first_disagreement is None
    small = [c for c in configs if _nonzeros(c) <= grid.symbolic_max_nonzeros]
    assert report.symbolic_checked == len(small) > 0
    assert report.methods == ("matrix", "scatter", "zero_insertion", "symbolic", "gather")
    assert calls == [(n, len(configs)) for n in range(1, len(configs) + 1)]
    data = json.loads(report.to_json())
    assert (data["checked"], data["agreed"], data["disagreed"]) == (len(configs), len(configs), 0)
    assert f"sweep: {len(configs)} configurations checked" in str(report)


def test_sweep_reports_the_first_disagreement(monkeypatch):
    monkeypatch.setitem(METHODS, "zero_insertion", broken("zero_insertion", "perturb"))
    grid = SweepGrid(**{**SMALL, "ranks": (1,), "sizes": (2,)})
    configs = [c for c in SMALL_CONFIGS if c[1] == 1 and c[2] == 2]
    report = sweep(grid)
    assert report.checked == len(configs)
    assert report.disagreed == sum(c[0] for c in configs)  # every transposed one
    assert not report.ok
    first = report.first_disagreement
    assert first is not None and first.spec == _spec(configs[0])
    assert not by_name(first)["zero_insertion"].agrees
    assert "first disagreement:" in str(report) and "DISAGREES" in str(report)
    assert json.loads(report.to_json())["first_disagreement"]["ok"] is False


@pytest.mark.parametrize(
    "kwargs",
    [{"methods": ["scatter", "zero_insertion", "gather", "torch"]}, {"with_torch": True}],
)
def test_sweep_with_torch(kwargs):
    pytest.importorskip("torch")
    grid = SweepGrid(**{**SMALL, "ranks": (2,), "sizes": (2,), "channels": ((2, 2, 2),)})
    report = sweep(grid, **kwargs)
    assert report.ok
    assert report.methods == ("matrix", "scatter", "zero_insertion", "torch", "symbolic", "gather")
    assert report.checked == sum(1 for c in SMALL_CONFIGS if c[1:3] == (2, 2) and c[9] == (2, 2, 2))


@pytest.mark.parametrize("name", ["seed", "fwd 2d groups batch bias"])
def test_verify_with_torch(name):
    pytest.importorskip("torch")
    spec = SPECS[name]
    report = verify_spec(spec, *operands(spec), with_torch=True)
    expected = ["matrix", "scatter", "zero_insertion"] if spec.transposed else ["matrix", "gather"]
    assert [r.name for r in report.results] == [*expected, "torch"]
    assert report.ok
    assert [r.name for r in verify(with_torch=True).results][-1] == "torch"


def test_an_empty_sweep_is_a_spec_error():
    """A sweep that checks nothing must not report success."""
    with pytest.raises(SpecError, match=r"sweep: no valid configuration"):
        # transposed output size (1-1)*1 - 1 - 1 + 1*(1-1) + 0 + 1 = -1 everywhere
        sweep(
            SweepGrid(
                sizes=(1,),
                kernels=(1,),
                strides=(1,),
                paddings=(1,),
                dilations=(1,),
                forward=False,
            )
        )


def test_sweep_unknown_method_is_a_spec_error():
    with pytest.raises(SpecError, match=r"methods: got 'nope'"):
        sweep(SweepGrid(**{**SMALL, "ranks": (1,), "sizes": (1,)}), methods=["nope"])


@pytest.mark.parametrize(
    "cfg",
    SMALL_CONFIGS,
    ids=lambda c: "{}r{}i{}k{}s{}p{}:{}d{}op{}c{}".format("T" if c[0] else "F", *c[1:9], c[9][0]),
)
def test_literal_symbolic_product_equals_symbolic_scatter(cfg):
    """The issue's check: symbolic C^T x (C x) from derive == symbolic scatter-add (gather)."""
    spec = _spec(cfg)
    x, w = symbols("x", spec.input_shape), symbols("w", spec.weight_shape)
    d = derive(
        x,
        w,
        stride=spec.stride,
        padding=spec.padding,
        output_padding=spec.output_padding,
        dilation=spec.dilation,
        groups=spec.groups,
        forward=not spec.transposed,
    )
    assert d.spec == spec
    params = dict(
        stride=spec.stride, padding=list(spec.padding), dilation=spec.dilation, groups=spec.groups
    )
    if spec.transposed:
        other = conv_transpose(x, w, output_padding=spec.output_padding, **params)
    else:
        other = conv(x, w, **params)
    literal = d.output_full
    assert literal.shape == other.shape == spec.output_shape
    assert all(sympy.expand(a - b) == 0 for a, b in zip(literal.flat, other.flat, strict=True))


# ----- the command line ---------------------------------------------------------------------------


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_verify_seed_text(capsys):
    code, out, err = run(["verify"], capsys)
    assert code == 0 and err == ""
    assert out.startswith("OK: 2-D transposed convolution, input 2x2, kernel 2x2")
    for line in (
        "matrix          reference",
        "scatter         agrees (exact)",
        "zero_insertion  agrees (exact)",
    ):
        assert line in out
    assert "<C u, v> = " in out and "= <u, C^T v>" in out


def test_cli_verify_json(capsys):
    code, out, _ = run(["verify", "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["ok"] is True
    assert [m["name"] for m in data["methods"]] == ["matrix", "scatter", "zero_insertion"]
    assert np.array(data["output"]).reshape(3, 3).tolist() == SEED_OUTPUT
    assert data["adjoint"]["holds"] is True


def test_cli_verify_options(capsys):
    argv = [
        "verify",
        "--input-shape",
        "2x3x3",
        "--kernel-shape",
        "2x2x2x2",
        "--groups",
        "2",
        "--stride",
        "2,1",
        "--padding",
        "1:0,0:1",
        "--output-padding",
        "1,0",
        "--dilation",
        "1,2",
        "--bias",
        "--format",
        "json",
    ]
    code, out, _ = run(argv, capsys)
    data = json.loads(out)
    assert code == 0 and data["ok"]
    assert data["spec"]["padding"] == [[1, 0], [0, 1]]
    # (i-1)s - p_lo - p_hi + d(k-1) + op + 1: (3-1)*2 - 1 - 0 + 1 + 1 + 1 and 2 - 0 - 1 + 2 + 0 + 1
    assert data["spec"]["output_size"] == [6, 4]
    assert data["spec"]["bias"] is True


@pytest.mark.parametrize("forward", [False, True])
def test_cli_verify_torch(capsys, forward):
    pytest.importorskip("torch")
    argv = ["verify", "--torch", "--input-shape", "3x3", "--kernel-shape", "2x2"]
    code, out, err = run(argv + (["--forward"] if forward else []), capsys)
    assert code == 0, err
    assert "torch           agrees (rtol 1e-09)" in out
    expected = ["gather"] if forward else ["scatter", "zero_insertion"]
    assert all(f"{m} " in out for m in expected)


def _count_line(out: str) -> tuple[int, int, int]:
    first = out.splitlines()[0]
    words = first.replace(";", "").replace(",", "").split()
    return (
        int(words[1]),
        int(words[words.index("agreed") - 1]),
        int(words[words.index("disagreed") - 1]),
    )


def test_cli_sweep_counts(capsys):
    argv = [
        "verify",
        "--sweep",
        "--ranks",
        "1",
        "--sizes",
        "1:3",
        "--kernels",
        "1,3",
        "--strides",
        "1:2",
        "--paddings",
        "0:1",
        "--dilations",
        "1,2",
    ]
    code, out, _ = run(argv, capsys)
    expected = len(
        enumerate_grid((1,), (1, 2, 3), (1, 3), (1, 2), (0, 1), (1, 2), ((1, 1, 1), (2, 4, 2)))
    )
    assert code == 0
    assert _count_line(out) == (expected, expected, 0)
    code, out, _ = run([*argv, "--format", "json"], capsys)
    data = json.loads(out)
    assert (data["checked"], data["agreed"], data["disagreed"]) == (expected, expected, 0)


def test_cli_sweep_torch(capsys):
    pytest.importorskip("torch")
    argv = [
        "verify",
        "--sweep",
        "--torch",
        "--ranks",
        "1,3",
        "--sizes",
        "2",
        "--kernels",
        "2",
        "--strides",
        "2",
        "--paddings",
        "0,1",
        "--dilations",
        "1",
    ]
    code, out, err = run(argv, capsys)
    expected = len(enumerate_grid((1, 3), (2,), (2,), (2,), (0, 1), (1,), ((1, 1, 1), (2, 4, 2))))
    assert code == 0, out + err
    assert _count_line(out) == (expected, expected, 0)
    assert "torch" in out.splitlines()[1]


@pytest.mark.parametrize("sweep_args", [[], ["--sweep", "--ranks", "1", "--sizes", "2"]])
def test_cli_exit_1_when_a_method_is_broken(monkeypatch, capsys, sweep_args):
    monkeypatch.setitem(METHODS, "scatter", broken("scatter", "perturb"))
    code, out, err = run(["verify", *sweep_args], capsys)
    assert code == 1 and err == ""
    assert "DISAGREES" in out
    if sweep_args:
        assert "first disagreement:" in out and _count_line(out)[2] > 0


def test_cli_exit_1_when_the_adjoint_is_broken(monkeypatch, capsys):
    original = verify_module.conv

    def scaled(*args: Any, **kwargs: Any) -> np.ndarray:
        return original(*args, **kwargs) * 2

    monkeypatch.setattr(verify_module, "conv", scaled)
    code, out, _ = run(["verify"], capsys)
    assert code == 1 and out.startswith("DISAGREEMENT") and " != " in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--stride", "0"], "stride: got 0"),
        (["--output-padding", "2", "--stride", "2"], "output_padding: got 2"),
        (["--input", "[[1,2],[3"], "--input"),
        (["--input", "[[1,2],[3,4]]", "--kernel", "__import__('os')"], "--kernel"),
        (["--input-shape", "2x2", "--kernel-shape", "3x3", "--padding", "3"], "output size"),
        (["--input-shape", "3x2x2", "--kernel-shape", "3x2x2x2", "--groups", "2"], "groups"),
        (["--method", "gather"], "methods: got 'gather'"),
        (["--method", "nope"], "invalid choice"),
        (["--sweep", "--sizes", "x"], "--sizes"),
        (["--sweep", "--strides", "3:1"], "--strides"),
        (["--sweep", "--strides", "0"], "strides: got 0"),
        (["--sweep", "--dilations", "0"], "dilations: got 0"),
    ],
)
def test_cli_bad_input_exit_2(capsys, argv, message):
    code, out, err = run(["verify", *argv], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and message in err
    assert "Traceback" not in err
