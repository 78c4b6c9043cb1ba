"""The crosscheck itself: every configuration, every variant, run and compared exactly.

The first disagreement of each kind (:attr:`Disagreement.signature`) is shrunk
to a reproducer (:mod:`.shrink`).
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from ...core import cost
from ...core.limits import check_seed
from ...errors import SpecError, TooLargeError
from ..canonical import Canonical
from .base import Runner
from .compare import DATA_RANGE, compare, largest_sum, shape_inference_problem
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
    max_configurations: int = cost.MAX_CONFIGURATIONS.default,
    max_bytes: int = cost.MAX_BYTES.default,
) -> CrosscheckReport:
    """Run the framework on every configuration and compare with symtconv exactly.

    Args:
        framework: a name in :data:`~.runners.RUNNERS` (or an alias).
        specs: the canonical forms to check.
        variants: how to write each one in the framework's parameters (default:
            every exact way the converter knows, or its workaround).
        bias: add a random bias.
        batch: batch size of the data.
        seed: base seed of the random integer data.
        progress: called as ``progress(done, total)`` after each spec.
        literal: with the default variants, also the framework's literal
            translations of PyTorch's parameters (:func:`.variants_for`).
        max_configurations: refuse more specs than this.
        max_bytes: refuse a spec whose arrays (the data, the framework's output and
            symtconv's exact one) would take more bytes than this.

    Raises:
        SpecError: a framework crosscheck cannot run, a bad seed, no spec to check.
        TooLargeError: too many specs, one too big, or a layer whose sums would not all
            be exact in the library's dtype (checked before any is run).
        MissingDependencyError: the library is not installed.
    """
    name, runner = runner_for(framework)
    seed = check_seed(seed)
    todo = list(itertools.islice(specs, max_configurations + 1))
    cost.require(
        len(todo), max_configurations, cost.MAX_CONFIGURATIONS, "the crosscheck", "the specs given"
    )
    if not todo:
        raise SpecError(
            "crosscheck: no configuration to check (every combination of the ranges is "
            "invalid, or none was given); widen the ranges"
        )
    for c in todo:
        cost.require(
            _bytes(c, batch), max_bytes, cost.MAX_BYTES, "the crosscheck's arrays", _describe(c)
        )
    _check_exact(runner, name, todo, bias)
    version = runner.version()
    spoken = runner.framework or name
    pick = variants or runner.variants or (lambda c: variants_for(spoken, c, literal))
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
    largest = max((largest_sum(c, bias) for c in todo), default=0)
    return CrosscheckReport(
        name,
        version,
        len(todo),
        checked,
        tuple(found),
        seconds,
        seed,
        counts,
        failed,
        runner.dtype,
        largest,
    )


def _bytes(c: Canonical, batch: int) -> int:
    """The bytes of one configuration's arrays: the float64 data and outputs, and the exact
    (object) result, for the full (uncropped) transposed convolution."""
    spec = c.full
    n = batch * spec.in_channels * math.prod(spec.input_size)
    out = batch * spec.out_channels * math.prod(spec.output_size)
    return 8 * (n + 4 * out) + cost.numeric_bytes(spec, "scatter", cost.OBJECT_BYTES) * batch


def _describe(c: Canonical) -> str:
    return f"input {'x'.join(map(str, c.input_size))}, kernel {'x'.join(map(str, c.kernel_size))}"


def _check_exact(runner: Runner, name: str, specs: Sequence[Canonical], bias: bool) -> None:
    """Refuse a layer whose partial sums could leave the integers exact in the dtype.

    Raises:
        TooLargeError: the first such layer (see :func:`~.compare.largest_sum`).
    """
    for c in specs:
        bound = largest_sum(c, bias)
        if bound >= runner.exact_limit:
            per_group_in = c.in_channels // c.groups
            raise TooLargeError(
                f"in_channels/kernel: {per_group_in} input channel(s) per group times a kernel "
                f"of {list(c.kernel_size)} sum up to {bound} on data in [-{DATA_RANGE}, "
                f"{DATA_RANGE}]; {name} computes in {runner.dtype}, exact below "
                f"{runner.exact_limit}: use fewer channels or a smaller kernel"
            )


def _data(
    rng: np.random.Generator, c: Canonical, batch: int, bias: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Random integers in [-9, 9] as float64: the input, the weight, the bias (or None)."""
    low, high = -DATA_RANGE, DATA_RANGE + 1
    x = rng.integers(low, high, (batch, c.in_channels, *c.input_size)).astype(float)
    w = rng.integers(low, high, (c.in_channels, c.out_channels // c.groups, *c.kernel_size))
    w = w.astype(float)
    b = rng.integers(low, high, (c.out_channels,)).astype(float) if bias else None
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
