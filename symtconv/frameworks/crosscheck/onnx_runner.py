"""ONNX under crosscheck: a ``ConvTranspose`` model in ``onnx.reference``, and shape inference."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..canonical import Canonical
from .base import Runner, as_ints, import_optional, script_end
from .variants import Variant

__all__ = ["ONNX", "ONNX_OPSET", "call", "inferred", "model", "script"]

#: ONNX opset of the models built (ConvTranspose's current definition is opset 11..22).
ONNX_OPSET = 22


def _onnx() -> Any:
    return import_optional("onnx.reference", "onnx", "'onnx>=1.16'")


def model(
    c: Canonical, params: dict[str, Any], x_shape: Sequence[int], bias: bool, dtype: str = "double"
) -> Any:
    """A one-node ``ConvTranspose`` model (inputs X, W and B if ``bias``; output Y).

    Args:
        c: the layer (its channels and kernel give W's shape).
        params: the node's attributes.
        x_shape: X's shape.
        bias: whether the node has a B input.
        dtype: "double" or "float" (the ``TensorProto`` element type).
    """
    onnx = _onnx()
    helper, elem = onnx.helper, getattr(onnx.TensorProto, dtype.upper())
    names = ["X", "W"] + (["B"] if bias else [])
    shapes = [list(x_shape), [c.in_channels, c.out_channels // c.groups, *c.kernel_size]]
    if bias:
        shapes.append([c.out_channels])
    inputs = [
        helper.make_tensor_value_info(n, elem, shape)
        for n, shape in zip(names, shapes, strict=True)
    ]
    output = helper.make_tensor_value_info("Y", elem, [None] * len(x_shape))
    node = helper.make_node("ConvTranspose", names, ["Y"], **params)
    graph = helper.make_graph([node], "conv_transpose", inputs, [output])
    opset = min(ONNX_OPSET, onnx.defs.onnx_opset_version())
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def call(c: Canonical, params: dict[str, Any], x: np.ndarray, w: np.ndarray, b: Any) -> Any:
    """The output of ``onnx.reference.ReferenceEvaluator`` on a one-node model."""
    built = model(c, params, x.shape, b is not None)
    feeds = {"X": np.asarray(x, float), "W": np.asarray(w, float)}
    if b is not None:
        feeds["B"] = np.asarray(b, float)
    outputs: Any = _onnx().reference.ReferenceEvaluator(built).run(None, feeds)
    return outputs[0]


def inferred(c: Canonical, params: dict[str, Any], x_shape: Sequence[int]) -> list[int]:
    """The output shape ONNX's shape inference (strict mode) gives."""
    typed = _onnx().shape_inference.infer_shapes(model(c, params, x_shape, False), strict_mode=True)
    return [d.dim_value for d in typed.graph.output[0].type.tensor_type.shape.dim]


def script(c: Canonical, v: Variant, x: Any, w: Any, b: Any, expected: Any) -> str:
    """A standalone ONNX script that shows the disagreement."""
    names = ["X", "W"] + (["B"] if b is not None else [])
    attrs = ", ".join(f"{k}={val!r}" for k, val in v.params.items())
    lines = [
        "import numpy as np",
        "from onnx import TensorProto, helper",
        "from onnx.reference import ReferenceEvaluator",
        f"feeds = {{'X': np.array({as_ints(x)}, float), 'W': np.array({as_ints(w)}, float)"
        + (f", 'B': np.array({as_ints(b)}, float)" if b is not None else "")
        + "}",
        f"node = helper.make_node('ConvTranspose', {names}, ['Y'], {attrs})",
        "inputs = [helper.make_tensor_value_info(n, TensorProto.DOUBLE, a.shape) "
        "for n, a in feeds.items()]",
        "output = helper.make_tensor_value_info('Y', TensorProto.DOUBLE, "
        f"[None] * {len(np.shape(x))})",
        "model = helper.make_model(helper.make_graph([node], 'g', inputs, [output]), "
        f"opset_imports=[helper.make_opsetid('', {ONNX_OPSET})])",
        "y = ReferenceEvaluator(model).run(None, feeds)[0]",
    ]
    return script_end(lines, v, expected)


#: The ONNX runner.
ONNX = Runner(call, script, lambda: str(_onnx().__version__), inferred)
