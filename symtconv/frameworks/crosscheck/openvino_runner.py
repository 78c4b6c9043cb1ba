"""OpenVINO under crosscheck: a one-operation model compiled for the CPU plugin, in float64.

``ConvolutionBackpropData`` (``GroupConvolutionBackpropData`` with the filters
reshaped to ``(G, C_in/G, C_out/G, *k)`` when there are groups), the optional
``output_shape`` as a constant input, and the bias as an ``Add`` after it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..canonical import Canonical
from .base import Runner, as_ints, import_optional, script_end
from .variants import Variant

__all__ = ["OPENVINO", "call", "script"]

_ATTRIBUTES = ("pads_begin", "pads_end", "dilations", "auto_pad", "output_padding")

#: one ov.Core for every model (a Core per call costs more than compiling the model)
_CORE: list[Any] = []


def _openvino() -> Any:
    return import_optional("openvino", "OpenVINO", "openvino==2026.4.1")


def _compile(ov: Any, model: Any) -> Any:
    """The model compiled for the CPU plugin, on one thread (small models compile faster)."""
    if not _CORE:
        _CORE.append(ov.Core())
    return _CORE[0].compile_model(model, "CPU", {"INFERENCE_NUM_THREADS": 1})


def _per_dim(value: Any, rank: int) -> list[int]:
    return [int(value)] * rank if isinstance(value, int) else [int(v) for v in value]


def call(c: Canonical, params: dict[str, Any], x: np.ndarray, w: np.ndarray, b: Any) -> Any:
    """The compiled model's output on float64 data."""
    ov = _openvino()
    ops = ov.opset13
    rank, groups = c.rank, int(params.get("groups", 1))
    data = ops.parameter(list(np.shape(x)), ov.Type.f64)
    filters = np.asarray(w, float)
    keywords: dict[str, Any] = {"strides": _per_dim(params.get("strides", 1), rank)}
    for key in _ATTRIBUTES:
        if key in params:
            keywords[key] = params[key] if key == "auto_pad" else _per_dim(params[key], rank)
    keywords.setdefault("auto_pad", "explicit")
    if "output_shape" in params:
        keywords["output_shape"] = ops.constant(np.array(params["output_shape"], np.int64))
    if groups > 1:
        filters = filters.reshape(groups, c.in_channels // groups, *filters.shape[1:])
        node = ops.group_convolution_backprop_data(data, ops.constant(filters), **keywords)
    else:
        node = ops.convolution_backprop_data(data, ops.constant(filters), **keywords)
    if b is not None:
        node = ops.add(node, ops.constant(np.asarray(b, float).reshape(1, -1, *([1] * rank))))
    compiled = _compile(ov, ov.Model([node], [data]))
    return compiled(np.asarray(x, float))[0]


def script(c: Canonical, v: Variant, x: Any, w: Any, b: Any, expected: Any) -> str:
    """A standalone OpenVINO script that shows the disagreement."""
    p = v.params
    groups = int(p.get("groups", 1))
    args = [f"strides={_per_dim(p.get('strides', 1), c.rank)!r}"]
    for key in _ATTRIBUTES:
        if key in p:
            value = p[key] if key == "auto_pad" else _per_dim(p[key], c.rank)
            args.append(f"{key}={value!r}")
    if "auto_pad" not in p:
        args.append("auto_pad='explicit'")
    if "output_shape" in p:
        args.append(f"output_shape=ops.constant(np.array({p['output_shape']!r}, np.int64))")
    op = "convolution_backprop_data"
    filters = "w"
    if groups > 1:
        op = "group_convolution_backprop_data"
        filters = f"w.reshape({groups}, {c.in_channels // groups}, *w.shape[1:])"
    lines = [
        "import numpy as np",
        "import openvino as ov",
        "ops = ov.opset13",
        f"x = np.array({as_ints(x)}, float)",
        f"w = np.array({as_ints(w)}, float)",
        "data = ops.parameter(list(x.shape), ov.Type.f64)",
        f"node = ops.{op}(data, ops.constant({filters}), {', '.join(args)})",
    ]
    if b is not None:
        shape = ", ".join(["1", "-1", *["1"] * c.rank])
        lines.append(
            f"node = ops.add(node, ops.constant(np.array({as_ints(b)}, float).reshape({shape})))"
        )
    lines.append("y = ov.compile_model(ov.Model([node], [data]), 'CPU')(x)[0]")
    return script_end(lines, v, expected)


#: The OpenVINO runner.
OPENVINO = Runner(call, script, lambda: str(_openvino().__version__))
