"""MindSpore under crosscheck: ``mindspore.nn.Conv{1,2,3}dTranspose`` on the CPU, in float32.

MindSpore's CPU kernels take float16/float32, not float64 (``Conv2DTranspose``
refuses a float64 input).  float32 is exact here all the same: the data are
integers in [-9, 9], so every product and partial sum is an integer of at most
``81 * C_in * prod(kernel)`` in absolute value, far below ``2**24``, which
float32 represents exactly in any summation order.

With NumPy 2, the first ``Squeeze`` primitive a MindSpore 2.10 process runs
(``Conv1dTranspose.construct`` uses one) raises ``SystemError``: it imports a
module built for NumPy 1.x, and later calls work.  The runner makes that first
call once, quietly, before any layer runs.

MindSpore 2.10 cannot load its CPU kernels after PaddlePaddle 3.3.1 is
imported (``libmindspore_ops_cpu.so: undefined symbol:
dnnl_threadpool_interop_stream_create``: Paddle's oneDNN is loaded first);
imported first, both work.  So where Paddle is loaded and MindSpore is not,
the calls run in a worker process of their own (:mod:`.workers`).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from typing import Any

import numpy as np

from ..canonical import Canonical
from .base import Runner, as_ints, import_optional, script_end
from .variants import Variant
from .workers import in_worker

__all__ = ["MINDSPORE", "call", "layer_arguments", "output", "script", "version"]

#: The environment of MindSpore's worker process (any key that no other worker uses).
_WORKER = {"SYMTCONV_WORKER": "mindspore"}

_READY: list[bool] = []


def _mindspore() -> Any:
    os.environ.setdefault("GLOG_v", "3")  # MindSpore's C++ warnings, read at import
    ms = import_optional("mindspore", "MindSpore", "mindspore==2.10.0")
    if not _READY:
        ms.set_context(mode=ms.PYNATIVE_MODE, device_target="CPU")
        with contextlib.redirect_stderr(io.StringIO()):
            try:  # the first Squeeze of a process fails under NumPy 2 (see the module docstring)
                ms.ops.Squeeze(0)(ms.Tensor(np.zeros((1, 1), np.float32)))
            except SystemError:
                pass
        _READY.append(True)
    return ms


def layer_arguments(c: Canonical, params: dict[str, Any]) -> dict[str, Any]:
    """The layer's keyword arguments from the params: ints in 1-D, tuples otherwise.

    One padding value per dimension becomes MindSpore's (before, after) list.
    """
    rank = c.rank
    out: dict[str, Any] = {}
    for key, value in params.items():
        if key == "kernel_size":
            continue
        if isinstance(value, (list, tuple)):
            if rank == 1:
                value = int(value[0])
            elif key == "padding" and len(value) == rank:
                value = tuple(int(v) for p in value for v in (p, p))
            else:
                value = tuple(int(v) for v in value)
        out[key] = value
    return out


def _apart() -> bool:
    """True when MindSpore must run in its worker: Paddle is loaded here, MindSpore is not."""
    return "paddle" in sys.modules and "mindspore" not in sys.modules


def call(c: Canonical, params: dict[str, Any], x: np.ndarray, w: np.ndarray, b: Any) -> Any:
    """The layer's output on float32 data (exact for this data), as float64."""
    if _apart():
        return in_worker(_WORKER, output, c, params, x, w, b)
    return output(c, params, x, w, b)


def _version() -> str:
    return in_worker(_WORKER, version) if _apart() else version()


def version() -> str:
    """MindSpore's version (in this process)."""
    return str(_mindspore().__version__)


def output(c: Canonical, params: dict[str, Any], x: np.ndarray, w: np.ndarray, b: Any) -> Any:
    """The layer's output, in this process (or in the worker)."""
    ms = _mindspore()
    f32 = ms.float32
    cls = getattr(ms.nn, f"Conv{c.rank}dTranspose")
    layer = cls(
        c.in_channels,
        c.out_channels,
        tuple(c.kernel_size) if c.rank > 1 else c.kernel_size[0],
        has_bias=b is not None,
        weight_init=ms.Tensor(np.asarray(w, np.float32), f32),
        bias_init=None if b is None else ms.Tensor(np.asarray(b, np.float32), f32),
        **layer_arguments(c, params),
    )
    return layer(ms.Tensor(np.asarray(x, np.float32), f32)).asnumpy().astype(float)


def script(c: Canonical, v: Variant, x: Any, w: Any, b: Any, expected: Any) -> str:
    """A standalone MindSpore script that shows the disagreement."""
    kernel = tuple(c.kernel_size) if c.rank > 1 else c.kernel_size[0]
    args = ", ".join(f"{k}={val!r}" for k, val in layer_arguments(c, v.params).items())
    bias = "None" if b is None else f"ms.Tensor(np.array({as_ints(b)}, np.float32))"
    lines = [
        "import numpy as np",
        "import mindspore as ms",
        "ms.set_context(mode=ms.PYNATIVE_MODE, device_target='CPU')",
        f"x = ms.Tensor(np.array({as_ints(x)}, np.float32))",
        f"w = ms.Tensor(np.array({as_ints(w)}, np.float32))",
        f"layer = ms.nn.Conv{c.rank}dTranspose({c.in_channels}, {c.out_channels}, {kernel!r}, "
        f"{args}, has_bias={b is not None}, weight_init=w, bias_init={bias})",
        "y = layer(x).asnumpy()",
    ]
    return script_end(lines, v, expected)


#: The MindSpore runner.
MINDSPORE = Runner(call, script, _version, dtype="float32")
