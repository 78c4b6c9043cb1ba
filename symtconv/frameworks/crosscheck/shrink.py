"""The reproducer of a disagreement: the data shrunk while it persists, both results, a script."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .base import Runner
from .compare import compare, expected, run_variant
from .report import Disagreement

__all__ = ["reproduce", "shrink"]


def shrink(
    runner: Runner, d: Disagreement, x: np.ndarray, w: np.ndarray, b: Any
) -> tuple[np.ndarray, np.ndarray, Any]:
    """Smaller data that still disagrees the same way: no bias, batch 1, one-hot x and w."""

    def fails(xx: np.ndarray, ww: np.ndarray, bb: Any) -> bool:
        return compare(runner, d.canonical, d.variant, xx, ww, bb)[0] == d.kind

    if b is not None and fails(x, w, None):
        b = None
    if x.shape[0] > 1 and fails(x[:1], w, b):
        x = x[:1]
    if d.kind != "values":
        return x, w, b
    x = _one_hot(x, lambda one: fails(one, w, b))
    w = _one_hot(w, lambda one: fails(x, one, b))
    return x, w, b


def _one_hot(a: np.ndarray, fails: Callable[[np.ndarray], bool]) -> np.ndarray:
    """The first one-hot array of ``a``'s shape that still fails, else ``a``."""
    for j in range(a.size):
        one = np.zeros_like(a)
        one.flat[j] = 1
        if fails(one):
            return one
    return a


def reproduce(
    runner: Runner, d: Disagreement, x: np.ndarray, w: np.ndarray, b: Any
) -> Disagreement:
    """``d`` with the shrunk data, symtconv's and the framework's results, and a script."""
    c, v = d.canonical, d.variant
    xs, ws, bs = shrink(runner, d, x, w, b)
    want = expected(c, xs, ws, bs)
    kind, got = compare(runner, c, v, xs, ws, bs)
    message = str(got) if kind == "error" else d.message
    got_arr = None
    if kind in ("values", "shape"):
        try:
            got_arr = np.asarray(run_variant(runner, c, v, xs, ws, bs))
        except Exception:  # pragma: no cover - it ran a moment ago
            got_arr = None
    script = runner.script(c, v, xs, ws, bs, want)
    return Disagreement(d.framework, d.kind, c, v, message, xs, ws, bs, want, got_arr, script)
