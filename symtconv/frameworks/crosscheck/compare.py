"""One run of a framework on one variant, compared exactly with symtconv's result.

Tolerance: none (see :mod:`symtconv.frameworks.crosscheck`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ...errors import MissingDependencyError
from ..canonical import Canonical
from ..windows import apply_adjust, bias_on_added_zeros
from .base import Runner
from .variants import Variant

__all__ = ["TOLERANCE", "compare", "expected", "shape_inference_problem"]

#: Absolute tolerance of the comparison: none.
TOLERANCE = 0.0


def expected(c: Canonical, x: np.ndarray, w: np.ndarray, b: Any) -> np.ndarray:
    """symtconv's exact result on the float64 data (computed on Python ints)."""
    return c.compute(x.astype(object), w.astype(object), None if b is None else b.astype(object))


def compare(
    runner: Runner, c: Canonical, v: Variant, x: np.ndarray, w: np.ndarray, b: Any
) -> tuple[str | None, Any]:
    """(kind of failure or None, framework output or what differs).

    Raises:
        MissingDependencyError: the framework is not installed (any other error
            the framework raises is the finding: kind "error").
    """
    try:
        got = np.asarray(runner.call(c, v.params, x, w, b))
    except MissingDependencyError:
        raise
    except Exception as exc:  # the framework's own error is the finding
        return "error", f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
    if v.adjust:
        got = apply_adjust(got, v.adjust, 2)
        if b is not None:
            got = bias_on_added_zeros(got, v.adjust, b, False)
    want = expected(c, x, w, b)
    if got.shape != want.shape:
        return "shape", f"output shape {list(got.shape)}, expected {list(want.shape)}"
    diff = np.abs(got - want.astype(float))
    if float(diff.max(initial=0.0)) > TOLERANCE:
        return "values", (
            f"{int((diff > TOLERANCE).sum())} of {diff.size} values differ, "
            f"max |difference| {float(diff.max()):g}"
        )
    return None, got


def shape_inference_problem(
    runner: Runner, c: Canonical, v: Variant, x_shape: Sequence[int]
) -> str | None:
    """What the framework's shape inference gets wrong (or raises), or None.

    Raises:
        MissingDependencyError: the framework is not installed.
    """
    if runner.inferred is None or v.adjust:
        return None
    try:
        shape = runner.inferred(c, v.params, x_shape)
    except MissingDependencyError:
        raise
    except Exception as exc:  # the framework's own error is the finding
        return f"shape inference raised {type(exc).__name__}: " + " ".join(str(exc).split())[:200]
    want = [x_shape[0], c.out_channels, *c.output_size]
    if shape != want:
        return f"shape inference: output shape {shape}, expected {want}"
    return None
