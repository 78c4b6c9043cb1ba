"""The registry of the libraries crosscheck runs: name -> :class:`~.base.Runner`.

A new library is a module here with its :class:`~.base.Runner` (the call, the
reproducer script, the version; the converter whose parameters it takes, its
variants where it has ways of its own, its dtype) and one entry in
:data:`RUNNERS`.
"""

from __future__ import annotations

from ...errors import SpecError
from .. import FRAMEWORKS, get_framework
from .base import Runner
from .jax_runner import JAX
from .keras_runner import KERAS
from .mindspore_runner import MINDSPORE
from .onnx_runner import ONNX
from .onnxruntime_runner import ONNXRUNTIME
from .openvino_runner import OPENVINO
from .paddle_runner import PADDLE
from .tensorflow_runner import TENSORFLOW
from .torch_runner import TORCH

__all__ = ["RUNNERS", "Runner", "runner_for"]

#: Runner name -> how to run it.
RUNNERS: dict[str, Runner] = {
    "torch": TORCH,
    "onnx": ONNX,
    "onnxruntime": ONNXRUNTIME,
    "jax": JAX,
    "tensorflow": TENSORFLOW,
    "keras": KERAS,
    "paddle": PADDLE,
    "mindspore": MINDSPORE,
    "openvino": OPENVINO,
}


def runner_for(framework: str) -> tuple[str, Runner]:
    """The runner's registry name and the runner.

    A runner's name or alias, or a framework name (or alias) that names a runner
    ("pytorch" is torch, "tf" tensorflow).

    Raises:
        SpecError: a name no runner has (the message lists the runners).
    """
    key = str(framework).strip().lower()
    for name, runner in RUNNERS.items():
        if key == name or key in runner.aliases:
            return name, runner
    if any(key == fw.name or key in fw.aliases for fw in FRAMEWORKS.values()):
        name = get_framework(key).name
        if name in RUNNERS:
            return name, RUNNERS[name]
    raise SpecError(f"framework: got {framework!r}; crosscheck runs: {', '.join(RUNNERS)}")
