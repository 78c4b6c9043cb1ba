"""The frameworks symtconv simulates (no library runs here): TensorRT, Core ML, MXNet, Caffe, TF.js.

Each expected size or window is written out by hand from the framework's
documentation or source (named in the test); the simulation's numbers are
compared with the naive oracle.
"""

from __future__ import annotations

import pytest
from printed_code import integers, window_oracle

from symtconv.errors import SpecError
from symtconv.frameworks import FRAMEWORKS, from_framework
from symtconv.frameworks.convert import convert
from symtconv.frameworks.tensorrt import onnx_parser_window

SIMULATED = ["tensorrt", "coreml", "mxnet", "caffe", "tfjs", "tfjs-layers"]


@pytest.mark.parametrize("name", SIMULATED)
def test_labelled_as_simulated(name):
    eq = convert("torch", (3, 3), 3, {"stride": 2, "padding": 1}).equivalents[name]
    assert any(n.startswith("simulated") for n in eq.notes), name


@pytest.mark.parametrize("name", ["paddle", "mindspore", "openvino"])
def test_the_real_backends_are_not_labelled(name):
    eq = convert("torch", (3, 3), 3, {"stride": 2, "padding": 1}).equivalents[name]
    assert not any(n.startswith("simulated") for n in eq.notes)


# ----- TensorRT (the Deconvolution operator page) --------------------------------------


@pytest.mark.parametrize(
    "k, s, mode, window",
    [
        # SAME_UPPER: O = min(I*S, (I-1)S + DK), P = max(DK - S, 0), B = floor(P/2)
        (3, 2, "SAME_UPPER", (0, 6)),  # P 1: (0, 1)
        (4, 1, "SAME_UPPER", (1, 4)),  # P 3: (1, 2)
        (4, 1, "SAME_LOWER", (2, 5)),  # P 3: A = 1, B = 2
        (1, 2, "SAME_UPPER", (0, 5)),  # S > DK: (I-1)S + DK = 5, not I*S = 6
    ],
)
def test_tensorrt_same(k, s, mode, window):
    c = from_framework("tensorrt", (3, 3), k, {"stride_nd": s, "padding_mode": mode}).canonical
    assert c.window == (window, window)


def test_tensorrt_explicit_and_rejections():
    params = {"stride_nd": 2, "pre_padding": [1, 0], "post_padding": [0, 2]}
    assert from_framework("tensorrt", (3, 3), 3, params).canonical.pads == ((1, 0), (0, 2))
    with pytest.raises(SpecError, match="2-D or 3-D"):
        from_framework("tensorrt", 3, 3, {})
    with pytest.raises(SpecError, match="CAFFE modes"):
        from_framework("tensorrt", (3, 3), 3, {"padding_mode": "CAFFE_ROUND_DOWN"})
    with pytest.raises(SpecError, match="padding_nd: given with"):
        from_framework("tensorrt", (3, 3), 3, {"padding_nd": 1, "pre_padding": [1, 1]})


@pytest.mark.parametrize(
    "attrs, windows",
    [
        # pads and output_padding: what the text says, [1, 7 - 1 + 1)
        ({"strides": [2], "pads": [1, 1], "output_padding": [1]}, [(1, 7)]),
        # output_shape 6 (total 1), NOTSET: the parser puts the extra at the end
        ({"strides": [2], "output_shape": [6]}, [(0, 6)]),
        # output_shape 6 with output_padding 1: total 2, split (1, 1); the post padding takes it
        ({"strides": [2], "output_shape": [6], "output_padding": [1]}, [(1, 7)]),
        # SAME_UPPER ignores output_padding: TensorRT's SAME, P = 1
        ({"strides": [2], "auto_pad": "SAME_UPPER", "output_padding": [1]}, [(0, 6)]),
        # VALID drops output_padding
        ({"strides": [2], "auto_pad": "VALID", "output_padding": [1]}, [(0, 7)]),
    ],
)
def test_tensorrt_onnx_parser(attrs, windows):
    assert onnx_parser_window(attrs, [3], [3])[0] == windows


def test_tensorrt_onnx_parser_refuses_negative_pre_padding():
    with pytest.raises(SpecError, match="negative pre-padding"):
        onnx_parser_window({"strides": [2], "output_shape": [10]}, [3], [3])


# ----- Core ML (conv_transpose's docstring and type_inference; TF's positions) ------------


@pytest.mark.parametrize(
    "params, window",
    [
        ({"strides": [2]}, (0, 7)),  # valid: (i-1)s + DK
        ({"strides": [2], "pad_type": "same"}, (0, 6)),  # s*i, TF's split
        ({"strides": [2], "pad_type": "custom", "pad": [1, 0]}, (1, 7)),
        ({"strides": [2], "pad_type": "same", "output_shape": [1, 1, 5]}, (1, 6)),
        ({"strides": [2], "output_shape": [8]}, (0, 8)),  # valid: TF allows (i-1)s + DK + s - 1
    ],
)
def test_coreml(params, window):
    assert from_framework("coreml", 3, 3, params).canonical.window == (window,)


def test_coreml_rejections():
    with pytest.raises(SpecError, match="does not document which positions"):
        from_framework("coreml", 3, 3, {"pad_type": "custom", "pad": [1, 1], "output_shape": [6]})
    with pytest.raises(SpecError, match="pad must exist"):
        from_framework("coreml", 3, 3, {"pad_type": "custom"})


# ----- MXNet (deconvolution-inl.h: InferPad) ------------------------------------------


@pytest.mark.parametrize(
    "params, window",
    [
        ({"stride": 2, "pad": 1, "adj": 1}, (1, 7)),  # s(i-1) + DK - 2 pad + adj = 6
        ({"stride": 2, "target_shape": 6}, (1, 7)),  # total 1: pad 1, adj 1
        ({"stride": 2, "target_shape": 5}, (1, 6)),  # total 2: pad 1, adj 0
    ],
)
def test_mxnet(params, window):
    assert from_framework("mxnet", 3, 3, params).canonical.window == (window,)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"stride": 2, "adj": 2}, "adj must be smaller than the stride (2)"),
        ({"stride": 1, "target_shape": 4}, "odd total padding cannot be reached"),
        ({"stride": 2, "target_shape": 8}, "too big target shape"),
    ],
)
def test_mxnet_rejections(params, message):
    with pytest.raises(SpecError) as info:
        from_framework("mxnet", 3, 3, params)
    assert message in str(info.value)


# ----- Caffe (deconv_layer.cpp: compute_output_shape) -------------------------------------


def test_caffe():
    params = {"stride_h": 2, "stride_w": 1, "pad_h": 1, "dilation": 2}
    c = from_framework("caffe", (3, 4), (3, 2), params).canonical
    # stride (i-1) + dilation (k-1) + 1 - 2 pad
    assert c.output_size == ((3 - 1) * 2 + 2 * 2 + 1 - 2, (4 - 1) * 1 + 2 * 1 + 1)
    eq = convert("torch", 5, 3, {"stride": 2, "padding": 1, "output_padding": 1})
    assert eq.equivalents["caffe"].status == "workaround"  # no adj: the crop shown


# ----- TF.js (conv2d_transpose.ts, conv_util.ts; Layers deconvLength) -------------------


@pytest.mark.parametrize(
    "params, window",
    [
        ({"outputShape": [6, 6], "strides": 2, "pad": "same"}, (0, 6)),
        ({"outputShape": [5, 5], "strides": 2, "pad": "same"}, (1, 6)),
        ({"outputShape": [8, 8], "strides": 2, "pad": "valid"}, (0, 8)),
        ({"outputShape": [6, 6], "strides": 2, "pad": 1}, (1, 7)),
        ({"outputShape": [5, 5], "strides": 2, "pad": [[0, 0], [0, 2], [0, 2], [0, 0]]}, (0, 5)),
    ],
)
def test_tfjs(params, window):
    assert from_framework("tfjs", (3, 3), 3, params).canonical.window == (window, window)


def test_tfjs_refuses_what_its_kernel_would_misread():
    with pytest.raises(SpecError, match=r"TF\.js does not check this"):
        from_framework("tfjs", (3, 3), 3, {"outputShape": [9, 9], "strides": 2, "pad": "same"})


def test_tfjs_layers_ignore_the_dilation():
    r = from_framework(
        "tfjs-layers", (3, 3), 3, {"strides": 1, "padding": "valid", "dilationRate": 2}
    )
    assert r.canonical.dilation == (1, 1) and r.canonical.output_size == (5, 5)
    assert any("accepted and ignored" in n for n in r.notes)
    eq = convert("torch", (3, 3), 3, {"dilation": 2}).equivalents
    assert eq["tfjs-layers"].status == "unsupported" and eq["tfjs"].status == "unsupported"


# ----- the simulations compute the canonical numbers (the oracle) ---------------------------


@pytest.mark.parametrize("name", SIMULATED)
@pytest.mark.parametrize(
    "source, i, k, params",
    [
        ("torch", (3, 3), 3, {"stride": 2, "padding": 1, "output_padding": 1}),
        ("onnx", (4, 4), 3, {"strides": [2, 2], "auto_pad": "SAME_UPPER"}),
        ("tensorflow", (3, 3), 2, {"output_shape": [5, 5], "strides": [2, 2], "padding": "SAME"}),
    ],
)
def test_simulation_matches_the_oracle(name, source, i, k, params):
    conv = convert(source, i, k, params, in_channels=2, out_channels=4)
    c, eq = conv.canonical, conv.equivalents[name]
    x, w = integers((1, 2, *c.input_size), 7), integers((2, 4, *c.kernel_size), 8)
    got = FRAMEWORKS[name].run(eq, c, x.astype(object), w.astype(object))
    assert (got == window_oracle(x, w, c.stride, c.dilation, 1, c.window)).all()
