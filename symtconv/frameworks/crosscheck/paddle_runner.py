"""PaddlePaddle under crosscheck: ``paddle.nn.functional.conv{1,2,3}d_transpose`` in float64.

The parameters are passed as given (``kernel_size``, which the functional API
takes from the weight, is dropped); ``data_format`` channels last moves the
data's channel axis there and back.

PaddlePaddle 3.3.1 crashes the process (a segmentation fault while
``paddle/base/core.py`` loads its library) when it is imported after
TensorFlow 2.21 (or Keras on it); imported first, both work.  So where
TensorFlow is loaded and Paddle is not, the calls run in a worker process of
their own (:mod:`.workers`).
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import Any

import numpy as np

from ..canonical import Canonical
from .base import Runner, as_ints, import_optional, script_end
from .variants import Variant
from .workers import in_worker

__all__ = ["PADDLE", "call", "output", "script", "version"]

#: The environment of Paddle's worker process (any key that no other worker uses).
_WORKER = {"SYMTCONV_WORKER": "paddle"}

_CHANNELS_LAST = ("NLC", "NHWC", "NDHWC")


def _paddle() -> Any:
    os.environ.setdefault("GLOG_minloglevel", "2")  # Paddle's C++ logging, read at import
    with warnings.catch_warnings():  # its import warns that ccache (a C++ build cache) is missing
        warnings.simplefilter("ignore", UserWarning)
        return import_optional("paddle", "PaddlePaddle", "paddlepaddle==3.3.1")


def _arguments(params: dict[str, Any]) -> dict[str, Any]:
    """The call's keyword arguments: the params without the kernel size."""
    return {k: v for k, v in params.items() if k != "kernel_size"}


def _apart() -> bool:
    """True when Paddle must run in its worker: TensorFlow is loaded here, Paddle is not."""
    return "tensorflow" in sys.modules and "paddle" not in sys.modules


def call(c: Canonical, params: dict[str, Any], x: np.ndarray, w: np.ndarray, b: Any) -> Any:
    """The output of ``conv{r}d_transpose`` on float64 data, channels first."""
    if _apart():
        return in_worker(_WORKER, output, c.rank, params, x, w, b)
    return output(c.rank, params, x, w, b)


def _version() -> str:
    return in_worker(_WORKER, version) if _apart() else version()


def version() -> str:
    """Paddle's version (in this process)."""
    return str(_paddle().__version__)


def output(rank: int, params: dict[str, Any], x: np.ndarray, w: np.ndarray, b: Any) -> Any:
    """``conv{rank}d_transpose`` on the data, in this process (or in the worker)."""
    paddle = _paddle()
    last = params.get("data_format") in _CHANNELS_LAST
    xs = np.moveaxis(np.asarray(x, float), 1, -1) if last else np.asarray(x, float)
    fn = getattr(paddle.nn.functional, f"conv{rank}d_transpose")
    bias = None if b is None else paddle.to_tensor(np.asarray(b, float))
    y = fn(
        paddle.to_tensor(np.ascontiguousarray(xs)),
        paddle.to_tensor(np.asarray(w, float)),
        bias,
        **_arguments(params),
    ).numpy()
    return np.moveaxis(y, -1, 1) if last else y


def script(c: Canonical, v: Variant, x: Any, w: Any, b: Any, expected: Any) -> str:
    """A standalone Paddle script that shows the disagreement."""
    args = ", ".join(f"{k}={val!r}" for k, val in _arguments(v.params).items())
    last = v.params.get("data_format") in _CHANNELS_LAST
    lines = [
        "import numpy as np",
        "import paddle",
        f"x = np.array({as_ints(x)}, dtype='float64')",
        f"w = paddle.to_tensor(np.array({as_ints(w)}, dtype='float64'))",
        "b = None"
        if b is None
        else f"b = paddle.to_tensor(np.array({as_ints(b)}, dtype='float64'))",
    ]
    if last:
        lines.append("x = np.ascontiguousarray(np.moveaxis(x, 1, -1))  # channels last")
    lines.append(
        f"y = paddle.nn.functional.conv{c.rank}d_transpose(paddle.to_tensor(x), w, b, {args})"
        ".numpy()"
    )
    if last:
        lines.append("y = np.moveaxis(y, -1, 1)")
    return script_end(lines, v, expected)


#: The Paddle runner.
PADDLE = Runner(call, script, _version)
