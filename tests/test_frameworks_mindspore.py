"""MindSpore: its documented rules, its appended zeros, the code convert prints run in MindSpore.

Expected windows come from ``mindspore/nn/layer/conv.py`` (``_deconv_output_length``,
``construct``), written out by hand; the printed code's numbers are compared with
the naive oracle (float32 is exact for these integers).
"""

from __future__ import annotations

import numpy as np
import pytest
from printed_code import integers, run_code, window_oracle

from symtconv.errors import SpecError
from symtconv.frameworks import MINDSPORE, from_framework
from symtconv.frameworks.canonical import Canonical
from symtconv.frameworks.convert import convert


@pytest.mark.parametrize(
    "i, k, s, d, mode, window",
    [
        # 'same': i*s; max(k_eff - s, 0) split with the extra position at the end
        (3, 3, 2, 1, "same", (0, 6)),
        (3, 3, 1, 2, "same", (2, 5)),
        (3, 2, 1, 1, "same", (0, 3)),
        (3, 1, 2, 1, "same", (0, 6)),  # k_eff < s: i*s = 6 past the full result (5)
        # 'valid': i*s + max(k_eff - s, 0)
        (3, 3, 2, 1, "valid", (0, 7)),
        (3, 1, 2, 1, "valid", (0, 6)),
    ],
)
def test_pad_modes(i, k, s, d, mode, window):
    c = from_framework("mindspore", i, k, {"stride": s, "dilation": d, "pad_mode": mode}).canonical
    assert c.window == (window,)


def test_the_valid_docstring_drops_the_kernel():
    r = from_framework("mindspore", 3, 3, {"stride": 1, "pad_mode": "valid"})
    assert r.canonical.output_size == (5,)
    assert any("the docstring's formula" in n and "gives [3]" in n for n in r.notes)


def test_2d_output_padding_is_appended_zeros():
    params = {"stride": 2, "pad_mode": "pad", "padding": 1, "output_padding": 1}
    r = from_framework("mindspore", (3, 3), 3, params)
    assert r.canonical.window == ((1, 6), (1, 6)) and r.appended_zeros == (1, 1)
    x, w, b = integers((1, 1, 3, 3), 0), integers((1, 1, 3, 3), 1), np.array([5.0])
    got = MINDSPORE.simulate(params, x.astype(object), w.astype(object), b.astype(object))
    computed = window_oracle(x, w, (2, 2), (1, 1), 1, r.canonical.window) + 5
    expected = np.pad(computed, [(0, 0), (0, 0), (0, 1), (0, 1)])  # no bias on the zeros
    assert got.shape == expected.shape and (got == expected).all()


def test_3d_output_padding_is_computed():
    params = {"stride": 2, "pad_mode": "pad", "padding": 1, "output_padding": 1}
    r = from_framework("mindspore", (3, 3, 3), 3, params)
    assert r.canonical.output_padding == (1, 1, 1) and r.appended_zeros == ()


@pytest.mark.parametrize(
    "i, params, message",
    [
        (3, {"output_padding": 1, "pad_mode": "pad"}, "Conv1dTranspose has no output_padding"),
        ((3, 3), {"output_padding": 1, "stride": 2}, "pad_mode must be 'pad'"),
        ((3, 3), {"padding": 1}, "padding must be 0 unless pad_mode='pad'"),
        ((3, 3), {"pad_mode": "pad", "padding": (1, 1)}, "or 4 values"),
        ((3, 3), {"pad_mode": "pad", "output_padding": 1, "stride": 1}, "[0, 1)"),
        ((2, 2, 2), {"dilation": 2}, "the depth of parameter 'dilation' must be 1"),
        ((3, 3), {"pad_mode": "full"}, "'same', 'valid' or 'pad'"),
    ],
)
def test_rejections(i, params, message):
    with pytest.raises(SpecError) as info:
        from_framework("mindspore", i, 2, params)
    assert message in str(info.value)


def test_convert_flags_the_output_padding():
    conv = convert("torch", (3, 3), 3, {"stride": 2, "padding": 1, "output_padding": 1})
    eq = conv.equivalents["mindspore"]
    assert eq.exact and eq.params["padding"] == (1, 0, 1, 0) and "output_padding" not in eq.params
    assert any("do not copy PyTorch's output_padding" in n for n in eq.notes)


def test_convert_from_mindspore_adds_the_zeros_everywhere():
    params = {"stride": 2, "pad_mode": "pad", "padding": 1, "output_padding": 1}
    conv = convert("mindspore", (3, 3), 3, params)
    assert conv.ok and conv.checks["torch"]
    assert conv.equivalents["torch"].adjust == ((0, -1), (0, -1))
    assert "torch.nn.functional.pad(y, (0, 1, 0, 1))" in conv.equivalents["torch"].code


# ----- the printed code, run in MindSpore ------------------------------------------------

CASES = [
    ("torch", (3, 3), 3, {"stride": 2, "padding": 1, "output_padding": 1}, 1, 1),
    ("torch", (4, 3), (3, 2), {"stride": [2, 1], "padding": [1, 0], "dilation": [1, 2]}, 1, 1),
    ("torch", (3, 3), 3, {"stride": 2, "padding": 1, "dilation": 2, "groups": 2}, 4, 6),
    ("torch", 5, 3, {"stride": 2, "padding": 1}, 2, 2),
    ("torch", (2, 3, 2), 2, {"stride": 2, "padding": 1, "output_padding": 1}, 1, 1),
    ("tensorflow", (5, 5), 3, {"output_shape": [10, 10], "strides": 2, "padding": "SAME"}, 1, 1),
    ("onnx", (4, 4), 3, {"strides": [3, 3], "output_shape": [10, 10]}, 1, 1),
    (
        "mindspore",
        (3, 3),
        3,
        {"stride": 2, "pad_mode": "pad", "padding": 1, "output_padding": 1},
        1,
        1,
    ),
]


@pytest.fixture(scope="module")
def mindspore():
    pytest.importorskip("mindspore")
    from symtconv.frameworks.crosscheck.mindspore_runner import _mindspore  # set up once

    return _mindspore()


@pytest.mark.parametrize("source, i, k, params, cin, cout", CASES)
def test_printed_code_runs_in_mindspore(mindspore, source, i, k, params, cin, cout):
    conv = convert(source, i, k, params, in_channels=cin, out_channels=cout)
    c, eq = conv.canonical, conv.equivalents["mindspore"]
    assert eq.params is not None
    x = integers((2, c.in_channels, *c.input_size), 1)
    w = integers((c.in_channels, c.out_channels // c.groups, *c.kernel_size), 2)
    y = run_code(eq.code, mindspore=mindspore, x=x, w=w)
    expected = window_oracle(x, w, c.stride, c.dilation, c.groups, c.window)
    if conv.reading.appended_zeros:
        expected = np.pad(
            expected, [(0, 0), (0, 0), *((0, z) for z in conv.reading.appended_zeros)]
        )
    assert y.shape == expected.shape and (y == expected.astype(float)).all(), eq.code


# ----- crosscheck ---------------------------------------------------------------------


def test_crosscheck_agrees_and_the_literal_translation_does_not(mindspore):
    from symtconv.frameworks import crosscheck as cc  # only for this test

    c = Canonical.create((3, 3), 3, stride=2, pads=1, output_padding=1)
    report = cc.crosscheck("mindspore", [c], literal=True)
    kinds = {d.variant.label for d in report.disagreements}
    assert kinds == {"literal: PyTorch's output_padding copied"}
    first = report.disagreements[0]
    assert first.kind == "values" and "output_padding=(1, 1)" in first.reproducer
    assert cc.crosscheck("mindspore", [c]).agree


def test_crosscheck_one_dimension_and_groups(mindspore):
    from symtconv.engine.sweeps import SweepGrid  # only for this test
    from symtconv.frameworks import crosscheck as cc

    grid = SweepGrid(
        ranks=(1, 2),
        sizes=(1, 3),
        kernels=(1, 3),
        strides=(1, 2),
        paddings=(0, 1),
        dilations=(1, 2),
        channels=((1, 1, 1), (2, 4, 2)),
        forward=False,
    )
    report = cc.crosscheck("mindspore", [Canonical.from_spec(s) for s in grid.specs()])
    assert report.agree, str(report)[:3000]


def test_the_literal_reproducer_script_runs_alone(mindspore, capsys):
    from symtconv.frameworks import crosscheck as cc  # only for this test

    c = Canonical.create((3, 3), 3, stride=2, pads=1, output_padding=1)
    report = cc.crosscheck("mindspore", [c], literal=True, bias=False)
    (found,) = report.disagreements
    exec(found.reproducer, {})  # the printed script, standalone
    assert capsys.readouterr().out.startswith("False ")


def test_after_paddle_mindspore_runs_in_its_worker(mindspore):
    pytest.importorskip("paddle")
    import subprocess  # only here: a fresh interpreter with Paddle loaded first
    import sys

    # imported after Paddle, MindSpore cannot load its CPU kernels; the runner keeps it apart
    code = (
        "import paddle, sys\n"
        "from symtconv.frameworks import crosscheck as cc\n"
        "from symtconv.frameworks.canonical import Canonical\n"
        "c = Canonical.create((3, 3), 3, stride=2, pads=1)\n"
        "report = cc.crosscheck('mindspore', [c])\n"
        "print(report.agree, report.checked, 'mindspore' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[0] == "True" and done.stdout.split()[2] == "False", done.stdout
