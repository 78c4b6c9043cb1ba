"""Running the code ``symtconv convert`` prints, and what it must give.

``convert``'s code for a framework reads ``x`` (the input, NumPy, in the
framework's layout) and ``w`` (the weight, NumPy, PyTorch's layout); these
helpers run it with the framework imported, and compute the expected output
with the naive oracle (:mod:`oracles.naive`), from the window the
canonical form says the layer shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from oracles.naive import naive_conv_transpose


def window_oracle(
    x: Any,
    w: Any,
    stride: Sequence[int],
    dilation: Sequence[int],
    groups: int,
    windows: Sequence[tuple[int, int]],
) -> np.ndarray:
    """The window ``[a, b)`` per dimension of the full transposed convolution, by the oracle.

    The full result has ``(i-1)s + d(k-1) + 1`` positions; the window is the
    oracle's output with padding ``(a, full - b)`` (negative: zeros added).
    """
    x, w = np.asarray(x), np.asarray(w)
    sizes, kernel = x.shape[2:], w.shape[2:]
    full = [(i - 1) * s + d * (k - 1) + 1 for i, s, d, k in zip(sizes, stride, dilation, kernel)]
    pads = [(a, n - b) for (a, b), n in zip(windows, full)]
    return naive_conv_transpose(
        x.astype(object),
        w.astype(object),
        stride=list(stride),
        padding=pads,
        dilation=list(dilation),
        groups=groups,
    )


def run_code(code: str, **names: Any) -> Any:
    """Execute ``code`` with ``names`` (and NumPy as ``np``) defined; returns its ``y``."""
    scope: dict[str, Any] = {"np": np, **names}
    exec(code, scope)  # the code symtconv printed, run on purpose: that is the test
    return scope["y"]


def integers(shape: Sequence[int], seed: int) -> np.ndarray:
    """Random integers in [-9, 9] as float64."""
    return np.random.default_rng(seed).integers(-9, 10, tuple(shape)).astype(float)
