"""onnxruntime under crosscheck: the same one-node ``ConvTranspose`` model, run by onnxruntime.

The ways of writing a layer are ONNX's (pads, auto_pad, output_shape; see
:mod:`.variants`).  onnxruntime's CPU kernel exists for float32 only
(``onnxruntime/core/providers/cpu/nn/conv_transpose.cc`` registers
``ConvTranspose`` with ``T = float``; a double model fails with
"NOT_IMPLEMENTED: Could not find an implementation for ConvTranspose"), so
the model is float32.  The kernel is a GEMM per group followed by a col2im
(the same file), which only adds integer products; with the data's partial
sums bounded by :func:`~.compare.largest_sum` below 2**24 every float32 sum is
exact, and crosscheck refuses a layer where the bound does not hold.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..canonical import Canonical
from .base import Runner, adjust_lines, as_ints, import_optional
from .onnx_runner import ONNX_OPSET, model
from .variants import Variant

__all__ = ["ONNXRUNTIME", "call", "script"]


def _ort() -> Any:
    return import_optional("onnxruntime", "onnxruntime", "onnxruntime", command="onnxruntime")


def call(c: Canonical, params: dict[str, Any], x: np.ndarray, w: np.ndarray, b: Any) -> Any:
    """The output of an onnxruntime CPU session on a one-node float32 model."""
    ort = _ort()
    built = model(c, params, x.shape, b is not None, dtype="float")
    options = ort.SessionOptions()
    options.log_severity_level = 4  # fatal only: its errors come back as exceptions
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(
        built.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )
    feeds = {"X": np.asarray(x, np.float32), "W": np.asarray(w, np.float32)}
    if b is not None:
        feeds["B"] = np.asarray(b, np.float32)
    outputs: Any = session.run(None, feeds)
    return np.asarray(outputs[0], dtype=float)


def script(c: Canonical, v: Variant, x: Any, w: Any, b: Any, expected: Any) -> str:
    """A standalone onnxruntime script that shows the disagreement."""
    names = ["X", "W"] + (["B"] if b is not None else [])
    attrs = ", ".join(f"{k}={val!r}" for k, val in v.params.items())
    lines = [
        "import numpy as np",
        "import onnxruntime",
        "from onnx import TensorProto, helper",
        f"feeds = {{'X': np.array({as_ints(x)}, np.float32), "
        f"'W': np.array({as_ints(w)}, np.float32)"
        + (f", 'B': np.array({as_ints(b)}, np.float32)" if b is not None else "")
        + "}",
        f"node = helper.make_node('ConvTranspose', {names}, ['Y'], {attrs})",
        "inputs = [helper.make_tensor_value_info(n, TensorProto.FLOAT, a.shape) "
        "for n, a in feeds.items()]",
        "output = helper.make_tensor_value_info('Y', TensorProto.FLOAT, "
        f"[None] * {len(np.shape(x))})",
        "model = helper.make_model(helper.make_graph([node], 'g', inputs, [output]), "
        f"opset_imports=[helper.make_opsetid('', {ONNX_OPSET})])",
        "session = onnxruntime.InferenceSession(model.SerializeToString(), "
        "providers=['CPUExecutionProvider'])",
        "y = session.run(None, feeds)[0]",
        *adjust_lines(v.adjust),
    ]
    lines.append(f"expected = {as_ints(expected)}  # symtconv, exact")
    lines.append("print(y.tolist() == expected, y.tolist())")
    return "\n".join(lines)


#: The onnxruntime runner: ONNX's parameters, float32.
ONNXRUNTIME = Runner(
    call,
    script,
    lambda: str(_ort().__version__),
    framework="onnx",
    dtype="float32",
    aliases=("ort",),
)
