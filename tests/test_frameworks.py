"""Framework converters: documented cases, round trips over a grid, layouts, the acceptance example.

Expected values come from the frameworks' documented formulas (REFERENCE.md),
written out here by hand, or from an independent computation (a naive loop, the
gradient of the forward convolution built entry by entry, JAX's stretch-pad-correlate).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from symtconv.core.numeric import conv_transpose
from symtconv.errors import SpecError, SymtconvError
from symtconv.frameworks import FRAMEWORKS, from_framework, get_framework, to_framework
from symtconv.frameworks.canonical import Canonical
from symtconv.frameworks.convert import convert
from symtconv.frameworks.layouts import (
    convert_weight,
    weight_expression,
    weight_from_torch,
    weight_to_torch,
)

NAMES = list(FRAMEWORKS)


def rand(shape, seed=0):
    return np.random.default_rng(seed).integers(-9, 10, shape).astype(object)


# ----- documented cases (REFERENCE.md) -------------------------------------------------


@pytest.mark.parametrize(
    "i, k, s, p, d, op", [(5, 3, 2, 1, 1, 1), (4, 2, 3, 0, 2, 2), (7, 3, 1, 2, 2, 1)]
)
def test_torch_output_size_formula(i, k, s, p, d, op):
    params = {"stride": s, "padding": p, "dilation": d, "output_padding": op}
    c = from_framework("torch", i, k, params).canonical
    assert c.output_size == ((i - 1) * s - 2 * p + d * (k - 1) + op + 1,)


@pytest.mark.parametrize("size, op", [(9, 0), (10, 1)])
def test_torch_output_size_argument_sets_output_padding(size, op):
    # forward(output_size=...): valid sizes [(i-1)s - 2p + d(k-1) + 1, that + s - 1]
    c = from_framework("torch", 5, 3, {"stride": 2, "padding": 1, "output_size": size}).canonical
    assert c.output_padding == (op,)


def test_torch_output_size_out_of_range():
    with pytest.raises(SpecError, match=r"from \[9\] to \[10\]"):
        from_framework("torch", 5, 3, {"stride": 2, "padding": 1, "output_size": 11})


def test_torch_output_padding_rule():
    # accepted when smaller than the stride OR the dilation
    from_framework("torch", 3, 2, {"stride": 1, "dilation": 3, "output_padding": 2})
    with pytest.raises(SpecError, match="smaller than either stride"):
        from_framework("torch", 3, 2, {"stride": 2, "dilation": 2, "output_padding": 2})


@pytest.mark.parametrize(
    "params, pads, out",
    [
        # output_shape: total = s(i-1) + op + k_eff - out;
        # SAME_UPPER (t/2, t - t/2), else (t - t/2, t/2)
        ({"strides": 2, "output_shape": 10, "auto_pad": "SAME_UPPER"}, (0, 1), 10),
        ({"strides": 2, "output_shape": 10, "auto_pad": "SAME_LOWER"}, (1, 0), 10),
        ({"strides": 2, "output_shape": 10}, (1, 0), 10),
        ({"strides": 2, "output_shape": 9}, (1, 1), 9),
        # SAME_*: output = in * stride
        ({"strides": 2, "auto_pad": "SAME_UPPER"}, (0, 1), 10),
        ({"strides": 2, "auto_pad": "SAME_LOWER"}, (1, 0), 10),
        ({"strides": 2, "auto_pad": "SAME_UPPER", "output_padding": 1}, (1, 1), 10),
        ({"strides": 2, "auto_pad": "VALID"}, (0, 0), 11),
        ({"strides": 2, "pads": [2, 1], "output_padding": 1}, (2, 1), 9),
    ],
)
def test_onnx_documented_padding(params, pads, out):
    c = from_framework("onnx", 5, 3, params).canonical
    assert c.pads == (pads,)
    assert c.output_size == (out,)


def test_onnx_pads_with_auto_pad_is_an_error():
    with pytest.raises(SpecError, match="pads cannot be used with auto_pad"):
        from_framework("onnx", 5, 3, {"pads": [1, 1], "auto_pad": "SAME_UPPER"})


def test_onnx_negative_total_is_flagged():
    r = from_framework("onnx", 3, 1, {"strides": 2, "auto_pad": "SAME_UPPER"})
    assert r.canonical.output_size == (6,)
    assert any("negative" in n for n in r.notes)


@pytest.mark.parametrize(
    "padding, sizes, pads",
    [
        # SAME: out in [(i-1)s+1, i*s]; needed = max(0, (i-1)s + k_eff - out), before = needed // 2
        ("SAME", (9, 10), ((1, 1), (0, 1))),
        # VALID: out in [(i-1)s + k_eff, that + s - 1], no padding
        ("VALID", (11, 12), ((0, 0), (0, 0))),
    ],
)
def test_tensorflow_documented_ranges(padding, sizes, pads):
    for size, pad in zip(sizes, pads, strict=True):
        c = from_framework(
            "tensorflow", 5, 3, {"output_shape": size, "strides": 2, "padding": padding}
        ).canonical
        assert c.pads == (pad,)
        assert c.output_size == (size,)
    for size in (sizes[0] - 1, sizes[1] + 1):
        with pytest.raises(SpecError, match=rf"{sizes[0]} to {sizes[1]}"):
            from_framework(
                "tensorflow", 5, 3, {"output_shape": size, "strides": 2, "padding": padding}
            )


def test_tensorflow_needs_output_shape():
    with pytest.raises(SpecError, match="output_shape: not given"):
        from_framework("tensorflow", 5, 3, {"strides": 2})


@pytest.mark.parametrize(
    "i, k, s, d, padding, op, size",
    [
        # op None: valid -> i*s + max(k_eff - s, 0); same -> i*s
        (5, 3, 2, 1, "valid", None, 11),
        (5, 1, 3, 1, "valid", None, 15),
        (5, 3, 2, 1, "same", None, 10),
        (4, 3, 1, 2, "valid", None, 8),
        # op given: (i-1)s + k_eff - 2*pad + op, pad = k_eff // 2 (same), 0 (valid)
        (5, 3, 2, 1, "same", 1, 10),
        (5, 3, 2, 1, "valid", 1, 12),
        (5, 4, 2, 1, "same", 1, 9),
    ],
)
def test_keras_deconv_output_length(i, k, s, d, padding, op, size):
    params = {"strides": s, "dilation_rate": d, "padding": padding, "output_padding": op}
    assert from_framework("keras", i, k, params).canonical.output_size == (size,)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"strides": 2, "output_padding": 2}, "lower than the stride"),
        ({"strides": 2, "dilation_rate": 2}, "incompatible with dilation_rate"),
        ({"strides": 2, "padding": "same", "output_padding": 0}, "TensorFlow's SAME rejects"),
    ],
)
def test_keras_rejections(params, message):
    with pytest.raises(SpecError, match=message):
        from_framework("keras", 5, 4 if "padding" in params else 3, params)


def test_keras_same_with_output_padding_is_tensorflows_split():
    # the size formula uses pad = k//2 on both sides; the numbers follow TF's SAME split
    r = from_framework("keras", 5, 3, {"strides": 2, "padding": "same", "output_padding": 1})
    assert r.canonical.pads == ((0, 1),)


@pytest.mark.parametrize(
    "i, k, s, d, padding, size",
    [
        (5, 3, 2, 1, "SAME", 10),  # i*s
        (5, 1, 3, 1, "SAME", 15),
        (5, 3, 2, 1, "VALID", 11),  # i*s + max(k_eff - s, 0)
        (5, 1, 3, 1, "VALID", 15),
        (4, 2, 1, 3, "VALID", 7),
    ],
)
def test_jax_string_padding_sizes(i, k, s, d, padding, size):
    c = from_framework("jax", i, k, {"strides": s, "rhs_dilation": d, "padding": padding}).canonical
    assert c.output_size == (size,)


def test_jax_pairs_pad_the_stretched_input():
    # zero-insertion view: low pad d(k-1) - p_lo, high d(k-1) - p_hi + op
    c = from_framework("jax", 5, 3, {"strides": 2, "padding": [(1, 2)]}).canonical
    assert c.normalized().pads == ((1, 0),) and c.output_size == (11 + 1 - 2 + 1 - 1,)


def test_jax_consistent_padding_is_pytorch_padding():
    c = from_framework(
        "jax", 5, 3, {"strides": 2, "padding": [(1, 2)], "use_consistent_padding": True}
    )
    assert c.canonical.pads == ((1, 2),)


def test_jax_does_not_flip_without_transpose_kernel():
    """The same kernel in JAX (no transpose_kernel) and PyTorch gives different numbers."""
    jax = get_framework("jax")
    params = {"strides": [2], "padding": "VALID", "rhs_dilation": [1], "transpose_kernel": False}
    x = np.array([[[1], [2], [3]]], dtype=object)  # NHWC: one sample, 3 positions, 1 channel
    w = np.array([1, 2, 3], dtype=object)
    rhs = w.reshape(3, 1, 1)  # HWIO, as given (unflipped)
    torch_like = conv_transpose(np.array([[1, 2, 3]]), w.reshape(1, 1, 3), stride=2)[0]
    got = jax.simulate(params, x, rhs, None)[0, :, 0]
    assert got.tolist() != torch_like.tolist()
    assert (
        got.tolist()
        == conv_transpose(np.array([[1, 2, 3]]), w[::-1].reshape(1, 1, 3), stride=2)[0].tolist()
    )
    flipped = jax.simulate(params, x, rhs[::-1], None)[0, :, 0]
    assert flipped.tolist() == torch_like.tolist()
    # transpose_kernel=True takes the HWOI kernel unflipped
    hwoi = jax.simulate({**params, "transpose_kernel": True}, x, rhs, None)[0, :, 0]
    assert hwoi.tolist() == torch_like.tolist()


def test_seed_example_in_every_framework():
    c = Canonical.create((2, 2), (2, 2))
    x = np.array([[[[1, 2], [3, 4]]]], dtype=object)
    w = np.array([[[[1, 0], [0, -1]]]], dtype=object)
    for name, fw in FRAMEWORKS.items():
        eq = fw.to_params(c)
        assert eq.exact, name
        assert fw.run(eq, c, x, w)[0, 0].tolist() == [[1, 2, 0], [3, 3, -2], [0, -3, -4]], name


# ----- round trips over a grid ----------------------------------------------------------


def grid(s, d):
    for i, k, lo, hi in itertools.product((1, 3, 4), (1, 2, 3), (0, 1, 2), (0, 1, 2)):
        for op in range(max(s, d)):
            try:
                yield Canonical.create(
                    i, k, stride=s, dilation=d, pads=((lo, hi),), output_padding=op
                )
            except SpecError:
                continue


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("s, d", [(1, 1), (2, 1), (3, 1), (1, 2), (2, 2), (1, 3)])
def test_roundtrip_and_numbers(name, s, d):
    """canonical -> framework -> canonical gives the same numbers (exactly, or with the crop)."""
    fw = FRAMEWORKS[name]
    failures = []
    for n, c in enumerate(grid(s, d)):
        eq = fw.to_params(c)
        if eq.params is None:  # a documented limit (Keras's, a rank), or a window of zeros only
            misses = any(
                b <= 0 or a >= n_ for (a, b), n_ in zip(c.window, c.full_size, strict=True)
            )
            assert fw.unsupported(c) is not None or misses, (name, c)
            continue
        back = fw.from_params(c.input_size, c.kernel_size, eq.params).canonical
        if eq.exact and not back.same_numbers(c):
            failures.append(("roundtrip", c, eq.params))
        if not eq.exact:
            realized = [
                (lo, n_ - hi)
                for (lo, hi), n_ in zip(back.normalized().pads, back.full_size, strict=True)
            ]
            realized = [
                (a, b + op)
                for (a, b), op in zip(realized, back.normalized().output_padding, strict=True)
            ]
            target = c.window
            shifted = [
                (a + lo, b - hi) for (a, b), (lo, hi) in zip(realized, eq.adjust, strict=True)
            ]
            if shifted != list(target):
                failures.append(("adjust", c, eq.params, eq.adjust))
        x, w = rand((1, 1, *c.input_size), n), rand((1, 1, *c.kernel_size), n + 1)
        expected = c.compute(x, w)
        got = fw.run(eq, c, x, w)
        if got.shape != expected.shape or not (got == expected).all():
            failures.append(("numbers", c, eq.params, eq.adjust))
    assert failures == []


@pytest.mark.parametrize("name", NAMES)
def test_roundtrip_2d_with_channels_and_groups(name):
    c = Canonical((3, 4), (3, 2), (2, 1), (1, 1), ((1, 0), (0, 1)), (1, 0), 4, 6, 2)
    fw = FRAMEWORKS[name]
    eq = fw.to_params(c)
    x, w = rand((2, 4, 3, 4), 3), rand((4, 3, 3, 2), 4)
    assert (fw.run(eq, c, x, w) == c.compute(x, w)).all()
    assert eq.per_group is (name in ("tensorflow", "keras", "jax", "tfjs", "tfjs-layers"))


@pytest.mark.parametrize("name", NAMES)
def test_bias_survives_the_workaround(name):
    # zeros before the result (2-D: TensorRT and TF.js have no 1-D layer)
    c = Canonical((3, 2), (2, 2), (3, 1), (1, 1), ((-1, 0), (0, 0)), (0, 0), 1, 2)
    fw = FRAMEWORKS[name]
    eq = fw.to_params(c)
    x, w, b = rand((1, 1, 3, 2)), rand((1, 2, 2, 2), 1), np.array([5, -7], dtype=object)
    assert (fw.run(eq, c, x, w, b) == c.compute(x, w, b)).all()


# ----- the acceptance example -----------------------------------------------------------


def test_acceptance_example_tensorflow_same():
    conv = convert("tensorflow", 5, 3, {"output_shape": 10, "strides": 2, "padding": "SAME"})
    c = conv.canonical
    assert (c.pads, c.output_padding, c.output_size) == (((0, 1),), (0,), (10,))
    eqs = conv.equivalents
    assert eqs["torch"].status == "workaround"
    assert eqs["torch"].params["padding"] == [0] and eqs["torch"].adjust == ((0, 1),)
    assert eqs["onnx"].params["pads"] == [0, 1]
    assert {"auto_pad": "SAME_UPPER"}.items() <= eqs["onnx"].alternatives[0].items()
    assert eqs["keras"].params["padding"] == "same" and eqs["keras"].exact
    assert eqs["jax"].params["padding"] == "SAME" and eqs["jax"].exact
    no_1d = {"tensorrt", "tfjs", "tfjs-layers"}  # their layers are 2-D and 3-D
    assert {n for n, eq in eqs.items() if eq.status == "unsupported"} == no_1d
    assert conv.checks == {name: True for name in FRAMEWORKS if name not in no_1d}
    # each equivalent by hand, through symtconv: same numbers
    x, w = rand((1, 1, 5)), rand((1, 1, 3), 1)
    expected = conv_transpose(x, w, stride=2, padding=[(0, 1)])
    full = conv_transpose(x, w, stride=2)  # PyTorch padding=0: length 11
    assert (full[..., 0:10] == expected).all()  # ... then the crop y[..., 0:10]
    shifted = conv_transpose(x, w, stride=2, padding=1, output_padding=1)
    assert shifted.shape == expected.shape and not (shifted == expected).all()
    for name in ("onnx", "tensorflow", "keras", "jax"):
        assert (FRAMEWORKS[name].run(eqs[name], c, x, w) == expected).all(), name


# ----- layouts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "layout, flip", [("IOHW", False), ("HWOI", False), ("HWIO", True), ("HWIO", False)]
)
def test_layout_roundtrip(layout, flip):
    w = rand((2, 3, 4, 5))
    assert (weight_to_torch(weight_from_torch(w, layout, flip), layout, flip) == w).all()


def test_layout_axes():
    w = np.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5)  # (C_in, C_out, kh, kw)
    tf = weight_from_torch(w, "HWOI")
    assert tf.shape == (4, 5, 3, 2) and tf[1, 2, 0, 1] == w[1, 0, 1, 2]
    jax = weight_from_torch(w, "HWIO", flip=True)
    assert jax.shape == (4, 5, 2, 3) and jax[0, 0, 1, 2] == w[1, 2, 3, 4]
    assert (convert_weight(tf, "HWOI", "HWIO") == weight_from_torch(w, "HWIO")).all()
    assert weight_expression("IOHW", False, 2) == "w"


def test_layout_errors():
    with pytest.raises(SpecError, match="valid layouts"):
        weight_from_torch(np.zeros((1, 1, 2)), "OIHW")


# ----- registry and errors -------------------------------------------------------------


@pytest.mark.parametrize(
    "alias, name", [("pytorch", "torch"), ("TF", "tensorflow"), ("ONNX", "onnx")]
)
def test_aliases(alias, name):
    assert get_framework(alias).name == name


def test_unknown_framework_lists_the_valid_ones():
    with pytest.raises(SpecError) as info:
        get_framework("theano")
    assert isinstance(info.value, SymtconvError)
    assert "valid frameworks: torch (pytorch), onnx, tensorflow (tf), keras, jax" in str(info.value)
    assert "paddle (paddlepaddle), mindspore (ms), tensorrt (trt)" in str(info.value)


def test_unknown_parameter_lists_the_valid_ones():
    with pytest.raises(SpecError, match="pads: not a parameter of tensorflow; its parameters are"):
        from_framework("tf", 5, 3, {"pads": [1, 1], "output_shape": 10})


def test_keras_unsupported_with_stride_and_dilation():
    eq = to_framework(Canonical.create(4, 3, stride=2, dilation=2), "keras")
    assert eq.status == "unsupported" and "incompatible" in eq.unsupported


def test_notes_name_the_surprises():
    conv = convert("tensorflow", 5, 3, {"output_shape": 10, "strides": 2, "padding": "SAME"})
    assert any("SAME splits the total padding 1 as (0, 1)" in n for n in conv.reading.notes)
    assert any("the shapes match, the numbers do not" in n for n in conv.equivalents["torch"].notes)
    torch_op = convert("torch", 3, 2, {"dilation": 3, "output_padding": 2})
    assert any("pytorch#8826" in n for n in torch_op.reading.notes)
    onnx_upper = convert("onnx", 5, 3, {"strides": 2, "auto_pad": "SAME_UPPER"})
    assert any("opset 1" in n for n in onnx_upper.reading.notes)
