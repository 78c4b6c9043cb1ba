"""Keras 3 under crosscheck: ``keras.layers.Conv*DTranspose`` on its JAX and TensorFlow backends.

Keras picks its backend from ``KERAS_BACKEND`` when it is first imported, so
each backend runs in a worker process of its own (:mod:`.workers`); the
backends run are those installed (``jax``, ``tensorflow``).  The layers are
float64 (``dtype="float64"``; on JAX with ``JAX_ENABLE_X64=1``, without which
JAX computes in float32), channels last, the kernel ``kernel_size + (filters,
input_channels)`` set with ``set_weights``.  Every exact way the converter
writes a layer runs on each backend.  Keras has no groups: a grouped layer is
one layer per group.

Dilated layers also run with the kernel dilated with zeros (``dilation_rate``
1), what ``symtconv convert`` prints: the TensorFlow backend's CPU kernel
refuses ``dilation_rate > 1``.
"""

from __future__ import annotations

import importlib.util
from typing import Any

import numpy as np

from ...errors import MissingDependencyError
from ..canonical import Canonical
from ..layouts import dilate_weight, input_from_torch, input_to_torch, weight_from_torch
from .base import Runner, adjust_lines, as_ints, per_group
from .variants import Variant, given_variant, variants_for
from .workers import in_worker

__all__ = ["BACKENDS", "KERAS", "backends", "call", "script", "variants"]

#: Keras backends crosscheck runs, and the environment of each one's worker.
BACKENDS: dict[str, dict[str, str]] = {
    "jax": {"KERAS_BACKEND": "jax", "JAX_ENABLE_X64": "1"},
    "tensorflow": {"KERAS_BACKEND": "tensorflow", "TF_CPP_MIN_LOG_LEVEL": "2"},
}

#: The ``api`` suffix of the zero-dilated kernel workaround.
DILATED = "/dilated_kernel"


def backends() -> list[str]:
    """The backends installed here (Keras first).

    Raises:
        MissingDependencyError: Keras, or every backend, is missing.
    """
    if importlib.util.find_spec("keras") is None:
        raise MissingDependencyError(
            "crosscheck --framework keras needs Keras 3; install it with: pip install keras"
        )
    found = [name for name in BACKENDS if importlib.util.find_spec(name) is not None]
    if not found:
        raise MissingDependencyError(
            "crosscheck --framework keras runs Keras on jax or tensorflow; install one with: "
            "pip install jax  (or: pip install tensorflow-cpu)"
        )
    return found


def variants(c: Canonical) -> list[Variant]:
    """Every exact way of writing ``c`` in Keras, on each backend (and the dilation workaround)."""
    out = []
    written = variants_for("keras", c)
    for backend in backends():
        for v in written:
            out.append(Variant(f"{v.label} [{backend}]", v.params, v.adjust, backend))
            if any(d > 1 for d in c.dilation):
                label = f"{v.label}, kernel dilated [{backend}]"
                out.append(Variant(label, v.params, v.adjust, backend + DILATED))
    return out


def given(c: Canonical, params: Any) -> list[Variant]:
    """The user's parameters on each backend (and with a dilation, the workaround too)."""
    v = given_variant("keras", c, params)
    out = []
    for b in backends():
        out.append(Variant(f"given [{b}]", v.params, v.adjust, b))
        if any(d > 1 for d in v.params["dilation_rate"]):
            out.append(Variant(f"given, kernel dilated [{b}]", v.params, v.adjust, b + DILATED))
    return out


# ----- in the worker --------------------------------------------------------------------


def layer_output(rank: int, params: dict[str, Any], x: np.ndarray, kernel: np.ndarray) -> Any:
    """In a worker: the layer's output on channels-last ``x`` with the ``HWOI`` kernel."""
    try:
        import keras  # here: the worker's KERAS_BACKEND is set before this first import
    except ImportError as exc:
        raise MissingDependencyError(f"Keras could not be imported: {exc}") from exc
    cls = getattr(keras.layers, f"Conv{rank}DTranspose")
    op = params["output_padding"]
    layer = cls(
        params["filters"],
        tuple(params["kernel_size"]),
        strides=tuple(params["strides"]),
        padding=params["padding"],
        output_padding=None if op is None else tuple(op),
        dilation_rate=tuple(params["dilation_rate"]),
        use_bias=False,
        dtype="float64",
    )
    layer.build(x.shape)
    layer.set_weights([kernel])
    return np.asarray(keras.ops.convert_to_numpy(layer(x)), dtype=float)


def versions() -> tuple[str, str]:
    """In a worker: Keras's version, and its backend's name and version."""
    import keras  # here: the worker's KERAS_BACKEND is set before this first import

    backend = keras.backend.backend()
    return keras.__version__, f"{backend} {__import__(backend).__version__}"


# ----- in this process ------------------------------------------------------------------


def call(
    c: Canonical, params: dict[str, Any], x: np.ndarray, w: np.ndarray, b: Any, api: str = ""
) -> Any:
    """The layer's output on the backend ``api`` names, in PyTorch's layout."""
    backend = api.split("/")[0] or backends()[0]
    run_params = dict(params)
    if api.endswith(DILATED):
        w = dilate_weight(np.asarray(w, float), params["dilation_rate"])
        run_params["kernel_size"] = list(w.shape[2:])
        run_params["dilation_rate"] = [1] * c.rank

    def one(xg: np.ndarray, wg: np.ndarray, bg: Any) -> np.ndarray:
        y = in_worker(
            BACKENDS[backend],
            layer_output,
            c.rank,
            run_params,
            input_from_torch(np.asarray(xg, float), True),
            weight_from_torch(np.asarray(wg, float), "HWOI"),
        )
        return input_to_torch(y, True)

    out = per_group(one, c, x, w, None)
    if b is not None:
        out = out + np.asarray(b, float).reshape((-1,) + (1,) * c.rank)
    return out


def _version() -> str:
    found = [in_worker(BACKENDS[b], versions) for b in backends()]
    keras = sorted({k for k, _ in found})
    return f"{', '.join(keras)} (backends: {', '.join(b for _, b in found)})"


def script(c: Canonical, v: Variant, x: Any, w: Any, b: Any, expected: Any) -> str:
    """A standalone Keras script (its backend set first) that shows the disagreement."""
    rank = c.rank
    backend = v.api.split("/")[0] or "tensorflow"
    p = dict(v.params)
    lines = [
        "import os",
        f"os.environ['KERAS_BACKEND'] = {backend!r}  # before keras is imported",
    ]
    if backend == "jax":
        lines.append("os.environ['JAX_ENABLE_X64'] = '1'  # float64 in JAX")
    lines += [
        "import numpy as np",
        "import keras",
        f"x = np.moveaxis(np.array({as_ints(x)}, float), 1, -1)  # NCHW -> NHWC",
        f"w = np.array({as_ints(w)}, float)  # PyTorch's (C_in, C_out/groups, *k)",
        f"kernel = np.transpose(w, {(*range(2, 2 + rank), 1, 0)})  # HWOI",
    ]
    if v.api.endswith(DILATED):
        dil = list(p["dilation_rate"])
        size = [d * (k - 1) + 1 for d, k in zip(dil, c.kernel_size, strict=True)]
        lines += [
            f"dilated = np.zeros(({', '.join(map(str, size))}) + kernel.shape[{rank}:])",
            f"dilated[{', '.join(f'::{d}' for d in dil)}] = kernel",
            "kernel = dilated",
        ]
        p["kernel_size"], p["dilation_rate"] = size, [1] * rank
    op = p["output_padding"]
    make = (
        f"keras.layers.Conv{rank}DTranspose({p['filters']}, {tuple(p['kernel_size'])}, "
        f"strides={tuple(p['strides'])}, padding={p['padding']!r}, "
        f"output_padding={None if op is None else tuple(op)}, "
        f"dilation_rate={tuple(p['dilation_rate'])}, use_bias=False, dtype='float64')"
    )
    if c.groups > 1:
        cin = c.in_channels // c.groups
        lines += [
            "ys = []",
            f"for g in range({c.groups}):  # Keras has no groups: one layer each",
            f"    xg = x[..., g * {cin}:(g + 1) * {cin}]",
            f"    layer = {make}",
            "    layer.build(xg.shape)",
            f"    layer.set_weights([kernel[..., g * {cin}:(g + 1) * {cin}]])",
            "    ys.append(keras.ops.convert_to_numpy(layer(xg)))",
            "y = np.concatenate(ys, axis=-1)",
        ]
    else:
        lines += [
            f"layer = {make}",
            "layer.build(x.shape)",
            "layer.set_weights([kernel])",
            "y = keras.ops.convert_to_numpy(layer(x))",
        ]
    lines.append("y = np.moveaxis(y, -1, 1)  # back to NCHW")
    lines += adjust_lines(v.adjust)
    if b is not None:
        lines.append(f"y = y + np.array({as_ints(b)}).reshape((-1,) + (1,) * {rank})")
    lines.append(f"expected = {as_ints(expected)}  # symtconv, exact")
    lines.append("print(y.tolist() == expected, y.tolist())")
    return "\n".join(lines)


#: The Keras runner: the converter's parameters on every installed backend, float64.
KERAS = Runner(call, script, _version, framework="keras", variants=variants, given=given)
