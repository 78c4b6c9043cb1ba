"""TensorFlow under crosscheck: ``tf.nn.conv{1,2,3}d_transpose`` and ``tf.nn.conv_transpose``.

Every exact way the converter writes a layer (``SAME``, ``VALID``, explicit
pairs in 2-D, each with its ``output_shape``) runs through the rank's own
function and through the generic ``tf.nn.conv_transpose``, in float64,
channels last, with the ``HWOI`` filters.  The calls have no groups: a grouped
layer is one call per group.

TensorFlow's CPU kernels refuse ``dilations > 1`` ("Current CPU implementations
do not yet support dilation rates larger than 1", ``Conv2DBackpropInput`` /
``Conv3DBackpropInputV2``), though the API documents the argument.  The
refusal is that of the Eigen kernels (float64 and float16; float32 too with
explicit padding, or with ``TF_ENABLE_ONEDNN_OPTS=0``); oneDNN's float32
kernels, on by default on x86-64, take the dilation with SAME and VALID.
Dilated layers are run as written (the refusal is the finding), by the two
workarounds: the kernel dilated with zeros (``dilations=1``; what ``symtconv
convert`` prints) and the call under ``tf.function(jit_compile=True)`` (XLA's
kernel takes the dilation), and in float32 (exact: :func:`~.compare.largest_sum`
is far below 2**24).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from ..canonical import Canonical
from ..layouts import dilate_weight, input_from_torch, input_to_torch, weight_from_torch
from .base import Runner, adjust_lines, as_ints, import_optional, per_group
from .variants import Variant, given_variant, variants_for

__all__ = [
    "DILATED_KERNEL",
    "FLOAT32",
    "GENERIC",
    "JIT",
    "TENSORFLOW",
    "call",
    "script",
    "variants",
]

#: The ``api`` of the generic ``tf.nn.conv_transpose``.
GENERIC = "conv_transpose"
#: The ``api`` of the zero-dilated kernel workaround.
DILATED_KERNEL = "dilated_kernel"
#: The ``api`` of the XLA workaround.
JIT = "jit_compile"
#: The ``api`` of the call in float32 (oneDNN's CPU kernels, which take a dilation).
FLOAT32 = "float32"


def _tf() -> Any:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's C++ start-up chatter
    tf = import_optional("tensorflow", "TensorFlow", "tensorflow-cpu", command="tensorflow")
    tf.get_logger().setLevel("ERROR")  # not its warnings about tracing each jit_compile layer
    return tf


def variants(c: Canonical) -> list[Variant]:
    """Every way of writing ``c`` in TensorFlow, and the dilation workarounds."""
    out = []
    for n, v in enumerate(variants_for("tensorflow", c)):
        out.append(v)
        out.append(Variant(v.label + ", tf.nn.conv_transpose", v.params, v.adjust, GENERIC))
        if any(d > 1 for d in c.dilation):
            out.append(Variant(v.label + ", kernel dilated", v.params, v.adjust, DILATED_KERNEL))
            if n == 0:
                out.append(Variant(v.label + ", jit_compile", v.params, v.adjust, JIT))
                out.append(Variant(v.label + ", float32", v.params, v.adjust, FLOAT32))
    return out


def given(c: Canonical, params: Any) -> list[Variant]:
    """The user's parameters; with a dilation also through the workarounds and in float32."""
    v = given_variant("tensorflow", c, params)
    if not any(d > 1 for d in v.params["dilations"]):
        return [v]
    return [
        v,
        Variant("given, kernel dilated", v.params, v.adjust, DILATED_KERNEL),
        Variant("given, jit_compile", v.params, v.adjust, JIT),
        Variant("given, float32", v.params, v.adjust, FLOAT32),
    ]


def _padding(params: dict[str, Any]) -> Any:
    padding = params["padding"]
    return padding if isinstance(padding, str) else [[0, 0], *padding, [0, 0]]


def call(
    c: Canonical, params: dict[str, Any], x: np.ndarray, w: np.ndarray, b: Any, api: str = ""
) -> Any:
    """TensorFlow's output in float64 (PyTorch's layout outside, channels last inside)."""
    tf = _tf()
    rank = c.rank
    dilations = list(params["dilations"])
    if api == DILATED_KERNEL:
        w = dilate_weight(np.asarray(w, float), dilations)
        dilations = [1] * rank
    fn = tf.nn.conv_transpose if api == GENERIC else getattr(tf.nn, f"conv{rank}d_transpose")

    def conv(xx: Any, ff: Any) -> Any:
        shape = [xx.shape[0], *params["output_shape"], ff.shape[rank]]
        return fn(
            xx, ff, shape, strides=params["strides"], padding=_padding(params), dilations=dilations
        )

    run = tf.function(conv, jit_compile=True) if api == JIT else conv

    dtype = np.float32 if api == FLOAT32 else np.float64

    def one(xg: np.ndarray, wg: np.ndarray, bg: Any) -> np.ndarray:
        xt = tf.constant(input_from_torch(np.asarray(xg, dtype), True))
        ft = tf.constant(weight_from_torch(np.asarray(wg, dtype), "HWOI"))
        return input_to_torch(run(xt, ft).numpy().astype(float), True)

    out = per_group(one, c, x, w, None)
    if b is not None:
        out = out + np.asarray(b, float).reshape((-1,) + (1,) * rank)
    return out


def script(c: Canonical, v: Variant, x: Any, w: Any, b: Any, expected: Any) -> str:
    """A standalone TensorFlow script that shows the disagreement."""
    rank = c.rank
    p = v.params
    dilations = list(p["dilations"])
    dtype = "np.float32" if v.api == FLOAT32 else "float"
    lines = [
        "import numpy as np",
        "import tensorflow as tf",
        f"x = np.moveaxis(np.array({as_ints(x)}, {dtype}), 1, -1)  # NCHW -> NHWC",
        f"w = np.array({as_ints(w)}, {dtype})  # PyTorch's (C_in, C_out/groups, *k)",
        f"filters = np.transpose(w, {(*range(2, 2 + rank), 1, 0)})  # HWOI",
    ]
    if v.api == DILATED_KERNEL:
        size = [d * (k - 1) + 1 for d, k in zip(dilations, c.kernel_size, strict=True)]
        steps = ", ".join(f"::{d}" for d in dilations)
        lines += [
            f"dilated = np.zeros(({', '.join(map(str, size))}) + filters.shape[{rank}:])",
            f"dilated[{steps}] = filters",
            "filters = dilated",
        ]
        dilations = [1] * rank
    fn = "tf.nn.conv_transpose" if v.api == GENERIC else f"tf.nn.conv{rank}d_transpose"

    def plain(xs: str, fs: str) -> str:
        return (
            f"{fn}({xs}, {fs}, [{xs}.shape[0], {', '.join(map(str, p['output_shape']))}, "
            f"{fs}.shape[{rank}]], strides={p['strides']}, padding={_padding(p)!r}, "
            f"dilations={dilations})"
        )

    def call_text(xs: str, fs: str) -> str:
        if v.api == JIT:
            return f"tf.function(lambda a, f: {plain('a', 'f')}, jit_compile=True)({xs}, {fs})"
        return plain(xs, fs)

    if c.groups > 1:
        cin = c.in_channels // c.groups
        lines += [
            "ys = []",
            f"for g in range({c.groups}):  # no groups in TensorFlow's call: one call each",
            f"    xg = x[..., g * {cin}:(g + 1) * {cin}]",
            f"    fg = filters[..., g * {cin}:(g + 1) * {cin}]",
            f"    ys.append({call_text('xg', 'fg')})",
            "y = np.concatenate(ys, axis=-1)",
        ]
    else:
        lines.append(f"y = {call_text('x', 'filters')}")
    lines.append("y = np.moveaxis(np.asarray(y), -1, 1)  # back to NCHW")
    lines += adjust_lines(v.adjust)
    if b is not None:
        lines.append(f"y = y + np.array({as_ints(b)}).reshape((-1,) + (1,) * {rank})")
    lines.append(f"expected = {as_ints(expected)}  # symtconv, exact")
    lines.append("print(y.tolist() == expected, y.tolist())")
    return "\n".join(lines)


#: The TensorFlow runner: the converter's parameters, both functions, the workarounds.
TENSORFLOW = Runner(
    call,
    script,
    lambda: str(_tf().__version__),
    framework="tensorflow",
    variants=variants,
    given=given,
    aliases=("tf",),
)
