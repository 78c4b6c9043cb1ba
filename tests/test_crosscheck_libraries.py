"""Cross-checks against the real libraries: onnxruntime, JAX, TensorFlow, Keras (jax, tensorflow).

Each runs on a seeded sample of a small grid (the full default grid is the
command line's, for the README's figures).  What each library does is asserted
as a claim that could fail: JAX agrees everywhere; the others disagree only
where they refuse a layer for a documented-elsewhere reason (onnxruntime an
output_padding >= stride, TensorFlow's CPU kernels a dilation > 1), and their
workarounds agree.  The reproducers are run as scripts and show the finding.
"""

from __future__ import annotations

import importlib.util
import random
import subprocess
import sys

import numpy as np
import pytest

from symtconv.engine.sweeps import SweepGrid
from symtconv.errors import TooLargeError
from symtconv.frameworks import crosscheck as cc
from symtconv.frameworks.canonical import Canonical
from symtconv.frameworks.crosscheck.compare import largest_sum

GRID = SweepGrid(
    ranks=(1, 2),
    sizes=(1, 3),
    kernels=(1, 3),
    strides=(1, 2),
    paddings=(0, 1),
    dilations=(1, 2),
    channels=((1, 1, 1), (2, 4, 2)),
    forward=False,
)
ALL = [Canonical.from_spec(s) for s in GRID.specs()]


def sample(n: int, seed: int = 0) -> list[Canonical]:
    """``n`` configurations of the grid, seeded; dilated, grouped and op >= stride ones included."""
    rng = random.Random(seed)
    picked = rng.sample(ALL, n)
    wanted = [
        lambda c: any(d > 1 for d in c.dilation),
        lambda c: c.groups > 1,
        lambda c: any(o >= s for o, s in zip(c.output_padding, c.stride, strict=True)),
        lambda c: c.rank == 2 and any(lo != hi for lo, hi in c.pads),
    ]
    for want in wanted:
        if not any(want(c) for c in picked):
            picked.append(next(c for c in ALL if want(c)))
    return picked


def need(module: str) -> None:
    pytest.importorskip(module)


def keras_backends() -> list[str]:
    if importlib.util.find_spec("keras") is None:
        pytest.skip("keras is not installed")
    found = [b for b in ("jax", "tensorflow") if importlib.util.find_spec(b) is not None]
    if not found:
        pytest.skip("keras needs jax or tensorflow")
    return found


def op_at_least_stride(params: dict, c: Canonical) -> bool:
    ops = params.get("output_padding") or [0] * c.rank
    return any(o >= s for o, s in zip(ops, c.stride, strict=True))


# ----- onnxruntime ----------------------------------------------------------------------


def test_onnxruntime_refuses_only_an_output_padding_not_below_the_stride():
    need("onnxruntime")
    specs = sample(60)
    report = cc.crosscheck("onnxruntime", specs)
    assert report.dtype == "float32" and report.largest < 2**24
    refused = [d for d in report.disagreements]
    assert refused, "the sample has layers with output_padding >= stride"
    for d in refused:
        assert d.kind == "error", d.message
        assert op_at_least_stride(d.variant.params, d.canonical), d.variant.params
        assert "inconsistent" in d.message
    # every variant that writes output_padding < stride ran and agreed
    below = sum(
        1 for c in specs for v in cc.variants_for("onnx", c) if not op_at_least_stride(v.params, c)
    )
    assert report.checked - report.failed == below


def test_float32_refuses_layers_whose_sums_are_not_exact():
    need("onnxruntime")
    wide = Canonical.create([3, 3], [9, 9], in_channels=2600, out_channels=1)
    assert largest_sum(wide) >= 2**24  # 81 * 2600 * 81 + 9
    with pytest.raises(TooLargeError, match=r"float32, exact below 16777216"):
        cc.crosscheck("onnxruntime", [wide])


# ----- JAX ------------------------------------------------------------------------------


def test_jax_agrees_in_every_way_of_writing_a_layer():
    need("jax")
    report = cc.crosscheck("jax", sample(40))
    assert report.agree, str(report)[:3000]
    labels = set(report.variants)
    assert "conv_general_dilated" in labels
    assert any("transpose_kernel=True" in k for k in labels)
    assert any(k.startswith("use_consistent_padding") for k in labels)
    assert any("per group" in k for k in labels)


# ----- TensorFlow -----------------------------------------------------------------------


def test_tensorflow_refuses_only_dilation_on_cpu_and_the_workarounds_agree():
    need("tensorflow")
    specs = sample(40)
    report = cc.crosscheck("tensorflow", specs)
    assert report.disagreements, "the sample has dilated layers"
    for d in report.disagreements:
        assert d.kind == "error" and any(x > 1 for x in d.canonical.dilation), d.message
        assert "do not yet support dilation rates larger than 1" in d.message
        # as written (float64), or float32 with explicit padding (oneDNN takes SAME/VALID)
        explicit = not isinstance(d.variant.params["padding"], str)
        assert d.variant.api in ("", "conv_transpose") or (d.variant.api == "float32" and explicit)
    assert any(
        v.startswith(("padding=SAME", "padding=VALID")) and v.endswith("float32")
        for v in report.variants
    )
    dilated = [k for k in report.variants if "kernel dilated" in k or "jit_compile" in k]
    assert not any(
        d.variant.api == "float32" and isinstance(d.variant.params["padding"], str)
        for d in report.disagreements
    )
    assert dilated and all(
        "kernel dilated" not in d.variant.label and "jit_compile" not in d.variant.label
        for d in report.disagreements
    )


# ----- Keras ----------------------------------------------------------------------------


def test_keras_agrees_on_each_backend_but_tensorflows_cpu_dilation():
    backends = keras_backends()
    report = cc.crosscheck("keras", sample(12))
    assert all(f"[{b}]" in " ".join(report.variants) for b in backends)
    for d in report.disagreements:
        assert d.variant.api == "tensorflow", (d.variant.label, d.message)
        assert any(x > 1 for x in d.canonical.dilation)
        assert "do not yet support dilation rates larger than 1" in d.message
    assert report.version.startswith("3.")


# ----- every runner: a shifted result is caught; the reproducers run --------------------

RUNNERS = ["onnxruntime", "jax", "tensorflow", "keras"]
MODULES = {"onnxruntime": "onnxruntime", "jax": "jax", "tensorflow": "tensorflow", "keras": "keras"}


def shifted(monkeypatch, name):
    real = cc.RUNNERS[name]

    def call(c, params, x, w, b, **kw):
        return np.roll(np.asarray(real.call(c, params, x, w, b, **kw)), 1, axis=-1)

    import dataclasses

    monkeypatch.setitem(cc.RUNNERS, name, dataclasses.replace(real, call=call))


@pytest.mark.parametrize("name", RUNNERS)
def test_a_shifted_result_is_shrunk_to_a_reproducer(monkeypatch, name):
    need(MODULES[name])
    if name == "keras":
        keras_backends()
    shifted(monkeypatch, name)
    c = Canonical.create(4, 3, stride=2, pads=1, output_padding=1)
    report = cc.crosscheck(name, [c])
    assert not report.agree
    first = report.disagreements[0]
    assert first.kind == "values" and first.reproducer
    assert first.x.shape[0] == 1 and first.b is None
    assert int(np.count_nonzero(first.x)) == 1 and int(np.count_nonzero(first.w)) == 1


def run_script(script: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.parametrize("name", RUNNERS)
def test_the_reproducer_of_an_agreeing_layer_prints_true(monkeypatch, name):
    """The script is right: on a layer the library computes right, it prints True."""
    need(MODULES[name])
    if name == "keras":
        keras_backends()
    shifted(monkeypatch, name)  # a fake disagreement, to get a script
    c = Canonical.create(
        [3, 2], [2, 2], stride=2, pads=((1, 0), (0, 1)), in_channels=2, out_channels=2, groups=2
    )
    report = cc.crosscheck(name, [c])
    done = run_script(report.disagreements[0].reproducer)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("True"), done.stdout


@pytest.mark.parametrize(
    "name, layer, message",
    [
        (
            "onnxruntime",
            Canonical.create(2, 2, stride=1, dilation=3, output_padding=2),
            "may be too large for stride",
        ),
        ("tensorflow", Canonical.create(3, 2, dilation=2), "dilation rates larger than 1"),
    ],
)
def test_the_reproducer_of_a_refusal_shows_it(name, layer, message):
    need(MODULES[name])
    report = cc.crosscheck(name, [layer])
    found = [d for d in report.disagreements if d.reproducer]
    assert found
    done = run_script(found[0].reproducer)
    assert done.returncode != 0 and message in done.stderr, done.stderr[-2000:]
