"""The code `symtconv convert` prints runs in the real libraries and gives the canonical numbers.

For a grid of layers (1-D, 2-D, 3-D; SAME, VALID, explicit padding; output
padding; dilation; groups), read from several frameworks, the code text of
every framework's equivalent is executed as it is printed -- its imports, its
weight-layout expression applied to a PyTorch-layout weight ``w``, the call,
the per-group loop, the crop -- on an input ``x`` in that framework's layout,
and its ``y`` is compared exactly with an independent naive transposed
convolution (tests/oracles) of the canonical form.  Keras runs in a process of
its own per backend (its backend is fixed when it is first imported).

Where a library refuses the layer as its parameters write it (TensorFlow's CPU
kernels and dilation; onnxruntime and an output_padding >= stride), convert
says so and its code is the workaround; the refusal itself is checked too, so
that the note stays true.

The data are integers in [-9, 9] as float32: every partial sum is below
81 * (C_in / groups) * prod(k) <= 81 * 2 * 27 < 2**24, so float32 is exact.
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from oracles.naive import naive_conv_transpose

from symtconv.frameworks import FRAMEWORKS, from_framework, to_framework
from symtconv.frameworks.canonical import Canonical

ROOT = Path(__file__).resolve().parents[1]

#: (source framework, input size, kernel size, its parameters, in/out channels)
LAYERS: list[tuple[str, Any, Any, dict[str, Any], tuple[int, int]]] = [
    ("torch", 5, 3, {"stride": 2, "padding": 1, "output_padding": 1}, (1, 1)),
    ("torch", [3, 4], [3, 2], {"stride": [2, 1], "padding": [1, 0], "dilation": [1, 2]}, (2, 3)),
    (
        "torch",
        [2, 3, 2],
        [2, 2, 3],
        {"stride": [1, 2, 2], "padding": [0, 1, 1], "output_padding": [0, 1, 0]},
        (1, 2),
    ),
    (
        "torch",
        [3, 3],
        [3, 3],
        {"stride": 2, "padding": 1, "output_padding": 1, "groups": 2},
        (4, 6),
    ),
    ("torch", [3, 3], [3, 3], {"dilation": 2, "padding": 1, "groups": 2}, (2, 4)),
    ("torch", 3, 2, {"stride": 1, "dilation": 3, "output_padding": 2}, (1, 1)),
    ("torch", [2, 3], [2, 2], {"stride": 3}, (1, 2)),
    ("tensorflow", 5, 3, {"output_shape": 10, "strides": 2, "padding": "SAME"}, (2, 1)),
    (
        "tensorflow",
        [4, 3],
        [3, 3],
        {"output_shape": [9, 8], "strides": 2, "padding": "VALID"},
        (1, 1),
    ),
    (
        "tensorflow",
        [3, 3],
        [3, 3],
        {"output_shape": [6, 5], "strides": 2, "padding": [[0, 1], [1, 1]]},
        (1, 1),
    ),
    ("tensorflow", [3, 2, 3], [2, 2, 2], {"output_shape": [6, 4, 6], "strides": 2}, (1, 2)),
    ("onnx", [4, 4], [3, 3], {"strides": 2, "auto_pad": "SAME_LOWER"}, (1, 1)),
    ("onnx", 3, 3, {"strides": 2, "output_shape": [6]}, (2, 2)),
    ("onnx", [3, 3], [2, 3], {"strides": [2, 1], "pads": [0, 1, 1, 0], "group": 2}, (2, 2)),
    ("keras", [4, 4], [3, 3], {"strides": 2, "padding": "same", "output_padding": 1}, (1, 2)),
    ("keras", 4, 3, {"padding": "valid", "dilation_rate": 2}, (2, 1)),
    ("jax", [3, 3], [2, 3], {"strides": [2, 1], "padding": "VALID"}, (1, 1)),
    ("jax", 4, 3, {"strides": 2, "padding": [(3, 0)]}, (1, 1)),
]


def layer_id(layer: tuple) -> str:
    source, i, k, params, (cin, cout) = layer
    text = ",".join(f"{key}={value}" for key, value in params.items())
    return f"{source}:i={i}:k={k}:{text}:{cin}->{cout}".replace(" ", "")


def canonical(layer: tuple) -> Canonical:
    source, i, k, params, (cin, cout) = layer
    return from_framework(source, i, k, params, in_channels=cin, out_channels=cout).canonical


def data(c: Canonical, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.integers(-9, 10, (2, c.in_channels, *c.input_size))
    w = rng.integers(-9, 10, (c.in_channels, c.out_channels // c.groups, *c.kernel_size))
    return x, w


def expected(c: Canonical, x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The naive scatter definition with the canonical pads (negative: zeros added)."""
    return naive_conv_transpose(
        x,
        w,
        None,
        list(c.stride),
        [list(p) for p in c.pads],
        list(c.output_padding),
        list(c.dilation),
        c.groups,
    )


CASES = [(layer, name) for layer in LAYERS for name in FRAMEWORKS]


def test_the_data_are_exact_in_float32():
    for layer in LAYERS:
        c = canonical(layer)
        terms = c.in_channels // c.groups * int(np.prod(c.kernel_size))
        assert 81 * terms < 2**24


def test_the_oracle_agrees_with_the_canonical_form():
    """The naive definition and symtconv agree (so a mismatch below is the code's)."""
    for n, layer in enumerate(LAYERS):
        c = canonical(layer)
        x, w = data(c, n)
        got = c.compute(x.astype(object), w.astype(object))
        assert np.array_equal(got, expected(c, x, w))


# ----- in this process: PyTorch, ONNX (onnxruntime), TensorFlow, JAX ----------------------

MODULES = {"torch": "torch", "onnx": "onnxruntime", "tensorflow": "tensorflow", "jax": "jax"}


def to_layout(name: str, x: np.ndarray) -> Any:
    x = x.astype(np.float32)
    if name == "torch":
        import torch  # optional: the test skips without it

        return torch.from_numpy(x)
    return x if FRAMEWORKS[name].input_layout == "NCHW" else np.moveaxis(x, 1, -1)


def from_layout(name: str, y: Any) -> np.ndarray:
    if name == "torch":
        y = y.detach()
    y = np.asarray(y)
    return y if FRAMEWORKS[name].input_layout == "NCHW" else np.moveaxis(y, -1, 1)


@pytest.mark.parametrize(
    "layer, name",
    [case for case in CASES if case[1] in MODULES],
    ids=[f"{layer_id(c[0])}-{c[1]}" for c in CASES if c[1] in MODULES],
)
def test_printed_code_runs_and_gives_the_canonical_numbers(layer, name):
    pytest.importorskip(MODULES[name])
    if name == "tensorflow":
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    c = canonical(layer)
    eq = to_framework(c, name)
    assert eq.params is not None, eq.unsupported
    x, w = data(c, LAYERS.index(layer))
    scope: dict[str, Any] = {"x": to_layout(name, x), "w": w.astype(np.float32)}
    exec(eq.code, scope)  # the printed text, as it is
    got = from_layout(name, scope["y"])
    want = expected(c, x, w)
    assert got.shape == want.shape, eq.code
    assert np.array_equal(got, want.astype(float)), eq.code


@pytest.mark.parametrize("name", [n for n, fw in FRAMEWORKS.items() if not fw.simulated])
def test_the_printed_weight_expression_is_the_one_the_code_applies(name):
    # the simulated frameworks' code is their own API or language, not run here
    # (tests/test_frameworks_simulated.py checks it)
    for layer in LAYERS:
        c = canonical(layer)
        eq = to_framework(c, name)
        if eq.params is None:
            continue
        expression = eq.weight.rsplit(": ", 1)[-1]
        if expression.startswith("np."):
            assert f"= {expression}" in eq.code, (eq.weight, eq.code)
        elif expression.startswith("w.reshape(G, C_in // G,"):  # OpenVINO's group operation
            g = c.groups
            assert f"w.reshape({g}, {c.in_channels // g}, *w.shape[1:])" in eq.code, eq.code
        else:  # PyTorch's and ONNX's own layout: w as is
            assert "as is" in eq.weight and "w" in eq.code


# ----- refusals: convert says so, and the refusal is real -------------------------------


def test_tensorflow_cpu_refuses_dilation_and_convert_says_so():
    tf = pytest.importorskip("tensorflow")
    c = Canonical.create(4, 3, dilation=2)
    eq = to_framework(c, "tensorflow")
    assert any("refuse dilations > 1" in n for n in eq.notes)
    assert "dilations=[1]" in eq.code and "dilated[::2] = filters" in eq.code
    x = np.ones((1, 4, 1))  # float64: refused with or without oneDNN
    f = np.ones((3, 1, 1))
    with pytest.raises(Exception, match="do not yet support dilation rates larger than 1"):
        tf.nn.conv1d_transpose(x, f, [1, 8, 1], strides=1, padding="VALID", dilations=2)
    jit = tf.function(
        lambda a, b: tf.nn.conv1d_transpose(
            a, b, [1, 8, 1], strides=1, padding="VALID", dilations=2
        ),
        jit_compile=True,
    )
    assert np.asarray(jit(x, f)).shape == (1, 8, 1)  # the note's other way: XLA takes it


def test_onnxruntime_refuses_output_padding_at_the_stride_and_convert_says_so():
    pytest.importorskip("onnxruntime")
    from symtconv.frameworks.crosscheck.onnxruntime_runner import call

    c = Canonical.create(3, 2, dilation=3, output_padding=2)
    eq = to_framework(c, "onnx")
    assert eq.params is not None and eq.params["output_padding"] == [2]  # the text's params
    assert any("onnxruntime refuses it" in n for n in eq.notes)
    assert "output_padding" not in eq.code.split("\n")[3]  # the node in the code has none
    x, w = data(c, 0)
    with pytest.raises(Exception, match="may be too large for stride"):
        call(c, eq.params, x[:1].astype(float), w.astype(float), None)


# ----- Keras: one process per backend -----------------------------------------------------

KERAS_SCRIPT = """
import pickle, sys
import numpy as np
import keras
cases = pickle.load(sys.stdin.buffer)
out = []
for code, x, w in cases:
    scope = {"x": x, "w": w}
    try:
        exec(code, scope)
        out.append(("ok", np.asarray(keras.ops.convert_to_numpy(scope["y"]))))
    except Exception as exc:
        out.append(("error", f"{type(exc).__name__}: {exc}"))
sys.stdout.buffer.write(pickle.dumps((keras.backend.backend(), out)))
"""

KERAS_CASES = [layer for layer in LAYERS if to_framework(canonical(layer), "keras").params]

#: A plain dilated float64 layer (not the printed workaround): TensorFlow refuses it, the note says.
PLAIN_DILATED = (
    "import keras\n"
    "layer = keras.layers.Conv1DTranspose(1, 3, dilation_rate=2, use_bias=False, dtype='float64')\n"
    "y = layer(x)"
)


def run_keras(backend: str) -> list[tuple[str, Any]]:
    cases = []
    for layer in KERAS_CASES:
        c = canonical(layer)
        x, w = data(c, LAYERS.index(layer))
        code = to_framework(c, "keras").code
        cases.append((code, np.moveaxis(x, 1, -1).astype(np.float32), w.astype(np.float32)))
    cases.append((PLAIN_DILATED, np.ones((1, 4, 1)), None))
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "2"}
    env["JAX_ENABLE_X64"] = "1"  # the float64 layer in float64 on jax too
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", KERAS_SCRIPT],
        input=pickle.dumps(cases),
        capture_output=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    ran, results = pickle.loads(done.stdout)
    assert ran == backend
    return results


@pytest.mark.parametrize("backend", ["jax", "tensorflow"])
def test_printed_keras_code_runs_on_each_backend(backend):
    for module in ("keras", backend):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed")
    results = run_keras(backend)
    for layer, (status, y) in zip(KERAS_CASES, results, strict=False):
        c = canonical(layer)
        x, w = data(c, LAYERS.index(layer))
        assert status == "ok", (layer_id(layer), y)
        got = np.moveaxis(y, -1, 1)
        assert np.array_equal(got, expected(c, x, w).astype(float)), layer_id(layer)
    status, detail = results[-1]
    if backend == "tensorflow":  # what convert's Keras note says
        assert status == "error" and "dilation rates larger than 1" in detail, detail
    else:
        assert status == "ok", detail
