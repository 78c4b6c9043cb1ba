"""PaddlePaddle: its documented rules, the code convert prints run in Paddle, crosscheck.

Expected sizes and windows are written out by hand from Paddle's source
(``ConvTransposeInferMeta``, ``UpdatePaddingAndDilation``) and its docs; the
numbers of the printed code are compared with the naive oracle.
"""

from __future__ import annotations

import numpy as np
import pytest
from printed_code import integers, run_code, window_oracle

from symtconv.errors import SpecError
from symtconv.frameworks import from_framework
from symtconv.frameworks.canonical import Canonical
from symtconv.frameworks.convert import convert

# ----- documented rules ------------------------------------------------------------------


@pytest.mark.parametrize(
    "i, k, s, window",
    [
        # SAME: pad_sum = max((ceil(i/s)-1)s + k - i, 0), pad_sum // 2 first
        (3, 3, 2, (1, 6)),  # pad_sum 2: output 5, not i*s = 6
        (3, 3, 1, (1, 4)),  # pad_sum 2
        (5, 4, 2, (1, 10)),  # pad_sum 3 = 1 + 2: the extra position at the end
        (4, 1, 3, (0, 10)),  # pad_sum 0: the full result, 3*3 + 1 = 10
    ],
)
def test_same_is_the_forward_rule_on_the_input(i, k, s, window):
    c = from_framework("paddle", i, k, {"stride": s, "padding": "SAME"}).canonical
    assert c.window == (window,)


def test_same_resets_the_dilation():
    r = from_framework("paddle", 3, 3, {"stride": 2, "padding": "same", "dilation": 2})
    assert r.canonical.dilation == (1,) and r.canonical.window == ((1, 6),)
    assert any("resets the dilation to 1" in n for n in r.notes)


@pytest.mark.parametrize(
    "padding, pairs",
    [
        (1, ((1, 1), (1, 1))),
        ([1, 2], ((1, 1), (2, 2))),
        ([0, 2, 1, 1], ((0, 2), (1, 1))),  # top, bottom, left, right
        ([[0, 0], [0, 0], [0, 2], [1, 1]], ((0, 2), (1, 1))),
        ("VALID", ((0, 0), (0, 0))),
    ],
)
def test_padding_forms(padding, pairs):
    c = from_framework("paddle", (3, 3), 3, {"stride": 2, "padding": padding}).canonical
    assert c.pads == pairs


def test_channels_last_pairs():
    params = {"padding": [[0, 0], [0, 2], [1, 1], [0, 0]], "data_format": "NHWC"}
    assert from_framework("paddle", (3, 3), 3, params).canonical.pads == ((0, 2), (1, 1))


@pytest.mark.parametrize("size, op", [(5, 0), (6, 1)])
def test_output_size_is_half_open(size, op):
    # padding 1: the inferred size (3-1)*2 - 2 + 3 = 5; valid sizes [5, 5 + 2)
    c = from_framework("paddle", 3, 3, {"stride": 2, "padding": 1, "output_size": size}).canonical
    assert c.output_padding == (op,)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"stride": 2, "padding": 1, "output_size": 7}, "5 <= output_size < 7"),
        ({"stride": 2, "padding": 1, "output_size": 4}, "5 <= output_size < 7"),
        (
            {"stride": 2, "output_size": 6, "output_padding": [0]},
            "mutually exclusive with output_size",
        ),
        ({"stride": 2, "output_padding": 2}, "max(stride, dilation) = 2"),
        ({"padding": "FULL"}, "Paddle takes 'SAME', 'VALID'"),
        ({"padding": [[1, 0], [0, 0], [1, 1]]}, "batch and channel pairs must be [0, 0]"),
        ({"data_format": "NCW"}, "'NCL' or 'NLC'"),
    ],
)
def test_rejections(params, message):
    with pytest.raises(SpecError) as info:
        from_framework("paddle", 3, 3, params)
    assert message in str(info.value)


def test_output_padding_at_or_above_the_stride_is_flagged():
    # accepted by the shape check (op < max(s, d) = 3), refused by the CPU kernel
    r = from_framework("paddle", 3, 3, {"stride": 2, "dilation": 3, "output_padding": 2})
    assert r.canonical.output_padding == (2,)
    assert any("CPU kernel refuses output_padding >= stride" in n for n in r.notes)


def test_convert_never_prints_output_padding_at_the_stride():
    # the window [0, 11 + 2) needs output_padding 2 >= stride: Paddle gets the zero-pad workaround
    eq = convert("torch", 3, 3, {"stride": 2, "dilation": 3, "output_padding": 2}).equivalents
    assert eq["paddle"].status == "workaround" and eq["paddle"].adjust == ((0, -1),)
    assert all(o < 2 for o in eq["paddle"].params.get("output_padding", [0]))


# ----- the printed code, run in Paddle --------------------------------------------------

CASES = [
    ("torch", 5, 3, {"stride": 2, "padding": 1, "output_padding": 1}, 1, 1),
    ("torch", (4, 3), (3, 2), {"stride": [2, 1], "padding": [1, 0], "dilation": [1, 2]}, 1, 1),
    ("torch", (3, 3), 3, {"stride": 2, "padding": 1, "dilation": 2, "groups": 2}, 4, 6),
    ("torch", (2, 3, 2), 2, {"stride": 2, "padding": 1, "output_padding": 1}, 2, 2),
    ("tensorflow", (5, 5), 3, {"output_shape": [10, 10], "strides": 2, "padding": "SAME"}, 1, 1),
    ("onnx", 4, 3, {"strides": [3], "output_shape": [10]}, 1, 1),
    ("jax", 4, 2, {"strides": [2], "padding": [(3, 0)]}, 1, 1),  # a zero before the result
    ("paddle", (3, 3), 3, {"stride": 2, "padding": "SAME", "dilation": 2}, 2, 2),
    (
        "mindspore",
        (3, 3),
        3,
        {"stride": 2, "pad_mode": "pad", "padding": 1, "output_padding": 1},
        1,
        1,
    ),
]


@pytest.mark.parametrize("source, i, k, params, cin, cout", CASES)
def test_printed_code_runs_in_paddle(source, i, k, params, cin, cout):
    paddle = pytest.importorskip("paddle")
    conv = convert(source, i, k, params, in_channels=cin, out_channels=cout)
    c, eq = conv.canonical, conv.equivalents["paddle"]
    assert eq.params is not None
    x = integers((2, c.in_channels, *c.input_size), 1)
    w = integers((c.in_channels, c.out_channels // c.groups, *c.kernel_size), 2)
    y = run_code(eq.code, paddle=paddle, x=x, w=w)
    y = y.numpy() if hasattr(y, "numpy") else y
    expected = window_oracle(x, w, c.stride, c.dilation, c.groups, c.window)
    if conv.reading.appended_zeros:  # MindSpore's zeros, appended after the convolution
        pad = [(0, 0), (0, 0), *((0, z) for z in conv.reading.appended_zeros)]
        expected = np.pad(expected, pad)
    assert y.shape == expected.shape and (y == expected.astype(float)).all(), eq.code


# ----- crosscheck ---------------------------------------------------------------------


def test_crosscheck_small_sweep_agrees():
    pytest.importorskip("paddle")
    from symtconv.engine.sweeps import SweepGrid  # only for this test
    from symtconv.frameworks import crosscheck as cc

    grid = SweepGrid(
        ranks=(1, 2, 3),
        sizes=(1, 3),
        kernels=(1, 3),
        strides=(1, 2),
        paddings=(0, 1),
        dilations=(1, 2),
        channels=((1, 1, 1), (2, 4, 2), (2, 2, 2)),
        forward=False,
    )
    report = cc.crosscheck("paddle", [Canonical.from_spec(s) for s in grid.specs()])
    assert report.agree, str(report)[:3000]
    assert {"padding+output_padding", "output_size", "padding=SAME", "padding=VALID"} <= set(
        report.variants
    )


def test_crosscheck_reproduces_the_kernel_refusal():
    pytest.importorskip("paddle")
    from symtconv.cli import main  # the command line, as the README shows it

    code = main(
        [
            "crosscheck",
            "--framework",
            "paddle",
            "--input-shape",
            "1x3",
            "--kernel-shape",
            "1x1x3",
            "--stride",
            "2",
            "--dilation",
            "3",
            "--output-padding",
            "2",
            "--no-bias",
        ]
    )
    assert code == 1


def test_the_reproducer_script_raises_as_paddle_does():
    pytest.importorskip("paddle")
    from symtconv.frameworks import crosscheck as cc  # only for this test

    c = Canonical.create(3, 3, stride=2, dilation=3, output_padding=2)
    params = {"stride": [2], "dilation": [3], "output_padding": [2]}
    report = cc.crosscheck("paddle", [c], variants=lambda _c: [cc.Variant("given", params)])
    (found,) = report.disagreements
    assert found.kind == "error" and "are inconsistent" in found.message
    with pytest.raises(ValueError, match="are inconsistent"):
        exec(found.reproducer, {})  # the printed script, standalone


def test_after_tensorflow_paddle_runs_in_its_worker():
    pytest.importorskip("paddle")
    pytest.importorskip("tensorflow")
    import subprocess  # only here: a fresh interpreter with TensorFlow loaded first
    import sys

    # imported after TensorFlow, Paddle 3.3.1 crashes the process; the runner keeps it apart
    code = (
        "import tensorflow, sys\n"
        "from symtconv.frameworks import crosscheck as cc\n"
        "from symtconv.frameworks.canonical import Canonical\n"
        "c = Canonical.create(3, 3, stride=2, pads=1, output_padding=1)\n"
        "ok = cc.crosscheck('paddle', [c]).agree\n"
        "bad = Canonical.create(3, 3, stride=2, dilation=3, output_padding=2)\n"
        "params = {'stride': [2], 'dilation': [3], 'output_padding': [2]}\n"
        "given = [cc.Variant('given', params)]\n"
        "found = cc.crosscheck('paddle', [bad], variants=lambda _c: given)\n"
        "print(ok, 'paddle' in sys.modules, found.disagreements[0].message)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("True False ValueError: (InvalidArgument) Output_height")
