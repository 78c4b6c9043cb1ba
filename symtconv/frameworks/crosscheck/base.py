"""What a runner provides (:class:`Runner`), and the helpers the runners share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...errors import MissingDependencyError
from ..canonical import Canonical
from .variants import Variant

__all__ = ["Runner", "as_ints", "import_optional"]


@dataclass(frozen=True)
class Runner:
    """How crosscheck runs one framework.

    Attributes:
        call: ``call(c, params, x, w, b)``: the framework's output on float64 data.
        script: ``script(c, variant, x, w, b, expected)``: a standalone reproducer.
        version: the framework's version.
        inferred: ``inferred(c, params, x_shape)``: the output shape the framework's
            shape inference gives (None: it has none to check).
    """

    call: Callable[[Canonical, dict[str, Any], np.ndarray, np.ndarray, Any], Any]
    script: Callable[[Canonical, Variant, Any, Any, Any, Any], str]
    version: Callable[[], str]
    inferred: Callable[[Canonical, dict[str, Any], Sequence[int]], list[int]] | None = None


def import_optional(module: str, needs: str, install: str) -> Any:
    """The top package of ``module`` (``"onnx.reference"`` gives onnx, with it loaded).

    Raises:
        MissingDependencyError: it is not installed (the message says how to install it).
    """
    name = module.split(".")[0]
    try:  # optional: torch and onnx are test extras, imported only when a check needs them
        return __import__(module)
    except ImportError as exc:
        raise MissingDependencyError(
            f"crosscheck --framework {name} needs {needs}; install it with: pip install {install}"
        ) from exc


def as_ints(a: Any) -> Any:
    """An array as nested lists of plain ints (for the scripts); None stays None."""
    return None if a is None else np.asarray(a, dtype=float).astype(np.int64).tolist()
