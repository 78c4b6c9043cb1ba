"""OpenVINO: its specification and its behaviour, the code convert prints run in OpenVINO.

Expected windows are written out by hand from ``convolution-backprop-data-1.rst``
and from what OpenVINO 2026.4.1 does where that text and the code differ (each
such case is run below against OpenVINO itself); the printed code's numbers are
compared with the naive oracle.
"""

from __future__ import annotations

import numpy as np
import pytest
from printed_code import integers, run_code, window_oracle

from symtconv.frameworks import from_framework
from symtconv.frameworks.canonical import Canonical
from symtconv.frameworks.convert import convert


@pytest.mark.parametrize(
    "params, window",
    [
        # no output_shape: Y = s(X-1) + DK - pads_begin - pads_end + output_padding (full 7)
        ({"strides": 2, "pads_begin": 1, "pads_end": 1, "output_padding": 1}, (1, 7)),
        ({"strides": 2, "output_padding": 2}, (0, 9)),  # no bound: zeros past the full result
        ({"strides": 2, "auto_pad": "same_upper"}, (0, 7)),  # pads set to 0: the valid size
        # output_shape 6, total 1
        ({"strides": 2, "output_shape": 6, "auto_pad": "same_upper"}, (1, 7)),
        ({"strides": 2, "output_shape": 6, "auto_pad": "same_lower"}, (0, 6)),
        ({"strides": 2, "output_shape": 6, "auto_pad": "valid"}, (0, 6)),
        ({"strides": 2, "output_shape": 6, "pads_begin": 1}, (1, 7)),  # explicit: pads_begin
        ({"strides": 2, "output_shape": 6, "auto_pad": "same_upper", "output_padding": 1}, (1, 7)),
    ],
)
def test_windows(params, window):
    assert from_framework("openvino", 3, 3, params).canonical.window == (window,)


def test_the_group_operation_starts_at_zero_with_output_shape():
    params = {"strides": 2, "output_shape": 6, "pads_begin": 1, "groups": 2}
    r = from_framework("openvino", 3, 3, params, in_channels=2, out_channels=2)
    assert r.canonical.window == ((0, 6),)
    assert any("GroupConvolutionBackpropData" in n and "ignores" in n for n in r.notes)


def test_the_one_by_one_shift_is_flagged_and_avoided():
    params = {"pads_begin": 1, "pads_end": 0, "output_padding": 1}
    r = from_framework("openvino", 3, 1, params)
    assert any("without its shift" in n for n in r.notes)
    eq = convert("openvino", 3, 1, params).equivalents["openvino"]
    assert eq.params.get("pads_begin", [0]) == [0] and eq.adjust == ((1, 0),)  # then a crop


@pytest.fixture(scope="module")
def ov():
    return pytest.importorskip("openvino")


def _run(ov, params, x, w):
    from symtconv.frameworks.crosscheck.openvino_runner import call  # the runner's model

    c = from_framework(
        "openvino",
        x.shape[2:],
        w.shape[2:],
        params,
        in_channels=w.shape[0],
        out_channels=w.shape[1] * params.get("groups", 1),
    )
    return c.canonical, call(c.canonical, params, x, w, None)


@pytest.mark.parametrize(
    "params",
    [
        {"strides": [2], "output_shape": [6], "pads_begin": [2], "pads_end": [0]},
        {"strides": [2], "output_shape": [6], "auto_pad": "same_upper"},
        {"strides": [2], "auto_pad": "same_lower"},
        {"strides": [2], "output_padding": [3]},
        {"strides": [2], "output_shape": [6], "pads_begin": [1], "groups": 2},
    ],
)
def test_the_documented_differences_hold_in_openvino(ov, params):
    g = params.get("groups", 1)
    x, w = integers((1, g, 3), 3), integers((g, 1, 3), 4)
    c, got = _run(ov, params, x, w)
    expected = window_oracle(x, w, c.stride, c.dilation, c.groups, c.window)
    assert got.shape == expected.shape and (got == expected.astype(float)).all()


def test_the_one_by_one_shift_is_real(ov):
    x, w = integers((1, 1, 3), 5), integers((1, 1, 1), 6)
    c, got = _run(ov, {"pads_begin": [1], "pads_end": [0], "output_padding": [1]}, x, w)
    expected = window_oracle(x, w, c.stride, c.dilation, 1, c.window)  # [x1, x2, 0] * w
    assert got.shape == expected.shape
    assert (got == (x * w[0, 0, 0])).all() and not (got == expected.astype(float)).all()


# ----- the printed code, run in OpenVINO -------------------------------------------------

CASES = [
    ("torch", (3, 3), 3, {"stride": 2, "padding": 1, "output_padding": 1}, 1, 1),
    ("torch", (4, 3), (3, 2), {"stride": [2, 1], "padding": [1, 0], "dilation": [1, 2]}, 1, 1),
    ("torch", (3, 3), 3, {"stride": 2, "padding": 1, "dilation": 2, "groups": 2}, 4, 6),
    ("torch", 5, 3, {"stride": 2, "padding": 1, "dilation": 3, "output_padding": 2}, 1, 1),
    ("torch", (2, 3, 2), 2, {"stride": 2, "padding": 1, "output_padding": 1}, 2, 2),
    ("tensorflow", (5, 5), 3, {"output_shape": [10, 10], "strides": 2, "padding": "SAME"}, 1, 1),
    ("jax", 4, 2, {"strides": [2], "padding": [(3, 0)]}, 1, 1),
    ("openvino", 3, 1, {"pads_begin": 1, "pads_end": 0, "output_padding": 1}, 1, 1),
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
def test_printed_code_runs_in_openvino(ov, source, i, k, params, cin, cout):
    conv = convert(source, i, k, params, in_channels=cin, out_channels=cout)
    c, eq = conv.canonical, conv.equivalents["openvino"]
    assert eq.params is not None
    x = integers((2, c.in_channels, *c.input_size), 1)
    w = integers((c.in_channels, c.out_channels // c.groups, *c.kernel_size), 2)
    y = run_code(eq.code, ov=ov, x=x, w=w)
    expected = window_oracle(x, w, c.stride, c.dilation, c.groups, c.window)
    if conv.reading.appended_zeros:
        expected = np.pad(
            expected, [(0, 0), (0, 0), *((0, z) for z in conv.reading.appended_zeros)]
        )
    assert y.shape == expected.shape and (y == expected.astype(float)).all(), eq.code


def test_crosscheck_small_sweep_agrees(ov):
    from symtconv.engine.sweeps import SweepGrid  # only for this test
    from symtconv.frameworks import crosscheck as cc

    grid = SweepGrid(
        ranks=(1,),
        sizes=(3,),
        kernels=(2, 3),
        strides=(2,),
        paddings=(0, 1),
        dilations=(1, 2),
        channels=((1, 1, 1), (2, 4, 2)),
        forward=False,
    )
    report = cc.crosscheck("openvino", [Canonical.from_spec(s) for s in grid.specs()])
    assert report.agree, str(report)[:3000]


def test_the_reproducer_script_shows_the_shift(ov, capsys):
    from symtconv.frameworks import crosscheck as cc  # only for this test

    c = Canonical.create(3, 1, dilation=2, pads=(1, 0), output_padding=1)
    params = {"pads_begin": [1], "pads_end": [0], "output_padding": [1], "dilations": [2]}
    report = cc.crosscheck("openvino", [c], variants=lambda _c: [cc.Variant("given", params)])
    (found,) = report.disagreements
    exec(found.reproducer, {})  # the printed script, standalone
    assert capsys.readouterr().out.startswith("False ")
