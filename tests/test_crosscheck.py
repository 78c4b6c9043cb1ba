"""Cross-checks against torch and onnx.reference, their ability to fail, and the CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest

from symtconv.cli import main
from symtconv.engine.sweeps import SweepGrid
from symtconv.errors import MissingDependencyError, SpecError, SymtconvError

# the module (the package exports the function under the same name)
from symtconv.frameworks import crosscheck as cc
from symtconv.frameworks.canonical import Canonical
from symtconv.frameworks.crosscheck.runners import runner_for

SMALL = SweepGrid(
    ranks=(1, 2),
    sizes=(1, 3),
    kernels=(1, 3),
    strides=(1, 2),
    paddings=(0, 1),
    dilations=(1, 2),
    channels=((1, 1, 1), (2, 4, 2)),
    forward=False,
)


def specs(grid=SMALL):
    return [Canonical.from_spec(s) for s in grid.specs()]


def test_torch_sweep_agrees():
    pytest.importorskip("torch")
    report = cc.crosscheck("torch", specs())
    assert report.agree, str(report)[:3000]
    assert report.checked > len(report.variants)
    assert set(report.variants) == {"padding+output_padding", "output_size", "workaround"}


def test_onnx_explicit_pads_agree_where_the_reference_applies():
    """groups 1 and output_padding < stride: every pads variant matches exactly."""
    pytest.importorskip("onnx")
    chosen = [
        c
        for c in specs()
        if c.groups == 1 and all(o < s for o, s in zip(c.output_padding, c.stride, strict=True))
    ]

    def pads_only(c):
        return [v for v in cc.variants_for("onnx", c) if v.label == "pads"]

    report = cc.crosscheck("onnx", chosen, variants=pads_only)
    assert report.agree, str(report)[:3000]
    assert report.checked >= len(chosen)


def test_onnx_grouped_convolution_is_run_and_reported():
    """Whatever onnx.reference does with groups, the result is compared and reported."""
    pytest.importorskip("onnx")
    c = Canonical.create(3, 2, stride=2, in_channels=2, out_channels=4, groups=2)
    report = cc.crosscheck("onnx", [c], variants=lambda c: cc.variants_for("onnx", c)[:1])
    data = report.as_dict()
    assert data["configurations"] == 1
    for d in report.disagreements:
        assert d.reproducer and "ReferenceEvaluator" in d.reproducer


def shifted(monkeypatch, name):
    real = cc.RUNNERS[name]

    def call(c, params, x, w, b):
        return np.roll(np.asarray(real.call(c, params, x, w, b)), 1, axis=-1)

    monkeypatch.setitem(cc.RUNNERS, name, cc.Runner(call, real.script, real.version, real.inferred))


@pytest.mark.parametrize("name", ["torch", "onnx"])
def test_a_shifted_result_is_a_disagreement_with_a_reproducer(monkeypatch, name):
    pytest.importorskip(name)
    shifted(monkeypatch, name)
    c = Canonical.create(4, 3, stride=2, pads=1, output_padding=1)
    report = cc.crosscheck(name, [c])
    assert not report.agree
    first = report.disagreements[0]
    assert first.kind == "values"
    assert first.reproducer
    # shrunk: batch 1, no bias, one-hot input and kernel
    assert first.x.shape[0] == 1 and first.b is None
    assert int(np.count_nonzero(first.x)) == 1 and int(np.count_nonzero(first.w)) == 1
    assert first.expected is not None and first.got is not None
    data = report.as_dict()
    assert data["agree"] is False and data["disagreements"][0]["kind"] == "values"


def test_a_framework_error_is_reported(monkeypatch):
    pytest.importorskip("torch")
    real = cc.RUNNERS["torch"]

    def boom(c, params, x, w, b):
        raise RuntimeError("kernel exploded")

    monkeypatch.setitem(cc.RUNNERS, "torch", cc.Runner(boom, real.script, real.version))
    report = cc.crosscheck("torch", [Canonical.create(3, 2)])
    assert report.disagreements[0].kind == "error"
    assert "RuntimeError: kernel exploded" in report.disagreements[0].message


def test_missing_dependency(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_torch(name, *args, **kwargs):
        if name == "torch":
            raise ImportError("no torch here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_torch)
    with pytest.raises(MissingDependencyError, match=r"pip install torch==2\.13\.0") as info:
        cc.crosscheck("torch", [Canonical.create(3, 2)])
    assert isinstance(info.value, SymtconvError)


def test_an_unknown_library_lists_the_runners():
    with pytest.raises(SpecError, match="crosscheck runs: torch, onnx, onnxruntime, jax") as info:
        cc.crosscheck("mxnet", [])
    assert "keras" in str(info.value) and "'mxnet'" in str(info.value)


@pytest.mark.parametrize(
    "given, name",
    [("pytorch", "torch"), ("ORT", "onnxruntime"), ("tf", "tensorflow"), ("Keras", "keras")],
)
def test_runner_names_and_aliases(given, name):
    assert runner_for(given)[0] == name


# ----- CLI ------------------------------------------------------------------------------


def test_cli_torch_agrees(capsys):
    pytest.importorskip("torch")
    code = main(
        [
            "crosscheck",
            "--framework",
            "torch",
            "--input-shape",
            "5x5",
            "--kernel-shape",
            "3x3",
            "--stride",
            "2",
            "--padding",
            "1",
            "--output-padding",
            "1",
            "--format",
            "json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["agree"] is True and data["disagreements"] == []


def test_cli_disagreement_exits_1(monkeypatch, capsys):
    pytest.importorskip("onnx")
    shifted(monkeypatch, "onnx")
    code = main(
        [
            "crosscheck",
            "--framework",
            "onnx",
            "--input-shape",
            "4",
            "--kernel-shape",
            "3",
            "--stride",
            "2",
            "--auto-pad",
            "SAME_UPPER",
        ]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "DISAGREE" in out and "reproducer:" in out


def test_cli_sweep(capsys):
    pytest.importorskip("torch")
    code = main(
        [
            "crosscheck",
            "--framework",
            "torch",
            "--sweep",
            "--ranks",
            "1",
            "--sizes",
            "2",
            "--kernels",
            "2,3",
            "--strides",
            "1,2",
            "--paddings",
            "0,1",
            "--dilations",
            "1",
            "--channels",
            "1:1:1",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("AGREE: torch")


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["crosscheck", "--framework", "mxnet", "--input-shape", "3", "--kernel-shape", "2"],
            "crosscheck runs torch, onnx, onnxruntime, jax, tensorflow, keras, paddle, mindspore, "
            "openvino",
        ),
        (["crosscheck", "--input-shape", "3", "--kernel-shape", "2"], "--framework: required"),
        (
            [
                "crosscheck",
                "--framework",
                "onnx",
                "--input-shape",
                "3",
                "--kernel-shape",
                "2",
                "--tf-padding",
                "SAME",
            ],
            "not an option of onnx",
        ),
        (["crosscheck", "--framework", "torch", "--sweep", "--channels", "2:4"], "in:out:groups"),
    ],
)
def test_cli_bad_input(argv, message, capsys):
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
