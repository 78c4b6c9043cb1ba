"""The crosscheck itself: every configuration, every variant, run and compared exactly.

The first disagreement of each kind (:attr:`Disagreement.signature`) is shrunk
to a reproducer (:mod:`.shrink`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from ..canonical import Canonical
from .base import Runner
from .compare import compare, shape_inference_problem
from .report import CrosscheckReport, Disagreement
from .runners import runner_for
from .shrink import reproduce
from .variants import Variant, variants_for

__all__ = ["crosscheck"]


def crosscheck(
    framework: str,
    specs: Iterable[Canonical],
    *,
    variants: Callable[[Canonical], Sequence[Variant]] | None = None,
    bias: bool = True,
    batch: int = 2,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
    literal: bool = False,
) -> CrosscheckReport:
    """Run the framework on every configuration and compare with symtconv exactly.

    Args:
        framework: "torch" or "onnx".
        specs: the canonical forms to check.
        variants: how to write each one in the framework's parameters (default:
            every exact way the converter knows, or its workaround).
        bias: add a random bias.
        batch: batch size of the data.
        seed: base seed of the random integer data.
        progress: called as ``progress(done, total)`` after each spec.
        literal: with the default variants, also the framework's literal
            translations of PyTorch's parameters (:func:`.variants_for`).

    Raises:
        SpecError: a framework crosscheck cannot run.
        MissingDependencyError: torch or onnx is not installed.
    """
    name, runner = runner_for(framework)
    version = runner.version()
    todo = list(specs)
    pick = variants or (lambda c: variants_for(name, c, literal))
    start = time.perf_counter()
    found: list[Disagreement] = []
    seen: set[str] = set()
    checked = failed = 0
    counts: dict[str, int] = {}
    for n, c in enumerate(todo):
        x, w, b = _data(np.random.default_rng([seed, n]), c, batch, bias)
        for v in pick(c):
            checked += 1
            counts[v.label] = counts.get(v.label, 0) + 1
            new = _check_one(runner, name, c, v, (x, w, b), seen)
            failed += bool(new)
            found.extend(new)
        if progress is not None:
            progress(n + 1, len(todo))
    seconds = time.perf_counter() - start
    return CrosscheckReport(
        name, version, len(todo), checked, tuple(found), seconds, seed, counts, failed
    )


def _data(
    rng: np.random.Generator, c: Canonical, batch: int, bias: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Random integers in [-9, 9] as float64: the input, the weight, the bias (or None)."""
    x = rng.integers(-9, 10, (batch, c.in_channels, *c.input_size)).astype(float)
    w = rng.integers(-9, 10, (c.in_channels, c.out_channels // c.groups, *c.kernel_size))
    w = w.astype(float)
    b = rng.integers(-9, 10, (c.out_channels,)).astype(float) if bias else None
    return x, w, b


def _check_one(
    runner: Runner,
    name: str,
    c: Canonical,
    v: Variant,
    data: tuple[np.ndarray, np.ndarray, Any],
    seen: set[str],
) -> list[Disagreement]:
    """The disagreements of one variant: its shape inference, then its values."""
    out = []
    x, w, b = data
    problem = shape_inference_problem(runner, c, v, x.shape)
    if problem is not None:
        out.append(Disagreement(name, "shape_inference", c, v, problem))
    kind, detail = compare(runner, c, v, x, w, b)
    if kind is None:
        return out
    d = Disagreement(name, kind, c, v, str(detail))
    if d.signature not in seen:  # shrink and script the first of each kind only
        seen.add(d.signature)
        d = reproduce(runner, d, x, w, b)
    out.append(d)
    return out
