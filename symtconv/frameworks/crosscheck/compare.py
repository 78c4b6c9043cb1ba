"""One run of a framework on one variant, compared exactly with symtconv's result.

Tolerance: none (see :mod:`symtconv.frameworks.crosscheck`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from ...errors import MissingDependencyError
from ..canonical import Canonical
from ..windows import apply_adjust, bias_on_added_zeros
from .base import LibraryError, Runner
from .variants import Variant

__all__ = [
    "DATA_RANGE",
    "TOLERANCE",
    "compare",
    "error_text",
    "expected",
    "largest_sum",
    "run_variant",
    "shape_inference_problem",
]

#: Absolute tolerance of the comparison: none.
TOLERANCE = 0.0

#: The random data are integers in [-DATA_RANGE, DATA_RANGE].
DATA_RANGE = 9


def largest_sum(c: Canonical, bias: bool = True) -> int:
    """A bound on every partial sum a transposed convolution of ``c`` computes on the data.

    An output value is the bias plus at most ``T = (C_in / groups) * prod(k)``
    products of an input and a weight, each at most ``DATA_RANGE**2`` in
    magnitude.  Any order of adding them up (a GEMM, a col2im, a direct loop,
    fused multiply-adds) only forms integer partial sums of these terms, so none
    exceeds ``DATA_RANGE**2 * T + DATA_RANGE`` in magnitude; below the dtype's
    limit (2**24 for float32, 2**53 for float64) every one of them, and so the
    result, is exact.

    Examples:
        >>> largest_sum(Canonical.create([3, 3], [3, 3], in_channels=2, out_channels=4))
        1467
    """
    terms = c.in_channels // c.groups * int(np.prod(c.kernel_size))
    return DATA_RANGE**2 * terms + (DATA_RANGE if bias else 0)


def error_text(exc: BaseException) -> str:
    """``"TypeName: message"`` on one line (shortened), the library's own type name."""
    name = exc.name if isinstance(exc, LibraryError) else type(exc).__name__
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))  # terminal colours
    return f"{name}: {' '.join(text.split())[:300]}"


def run_variant(
    runner: Runner, c: Canonical, v: Variant, x: np.ndarray, w: np.ndarray, b: Any
) -> Any:
    """The library's output for one variant (its api passed where it names one)."""
    if v.api:
        return runner.call(c, v.params, x, w, b, api=v.api)
    return runner.call(c, v.params, x, w, b)


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
        got = np.asarray(run_variant(runner, c, v, x, w, b))
    except MissingDependencyError:
        raise
    except Exception as exc:  # the framework's own error is the finding
        return "error", error_text(exc)
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
        return "shape inference raised " + error_text(exc)[:250]
    want = [x_shape[0], c.out_channels, *c.output_size]
    if shape != want:
        return f"shape inference: output shape {shape}, expected {want}"
    return None
