"""The registry of the frameworks crosscheck runs: name -> :class:`~.base.Runner`."""

from __future__ import annotations

from ...errors import SpecError
from .. import get_framework
from .base import Runner
from .mindspore_runner import MINDSPORE
from .onnx_runner import ONNX
from .openvino_runner import OPENVINO
from .paddle_runner import PADDLE
from .torch_runner import TORCH

__all__ = ["RUNNERS", "Runner", "runner_for"]

#: Framework name -> how to run it.
RUNNERS: dict[str, Runner] = {"torch": TORCH, "onnx": ONNX}
RUNNERS.update(paddle=PADDLE, mindspore=MINDSPORE, openvino=OPENVINO)


def runner_for(framework: str) -> tuple[str, Runner]:
    """The framework's registry name and its runner.

    Raises:
        SpecError: an unknown framework, or one crosscheck does not run.
    """
    name = get_framework(framework).name
    if name not in RUNNERS:
        raise SpecError(f"framework: got {framework!r}; crosscheck runs: {', '.join(RUNNERS)}")
    return name, RUNNERS[name]
