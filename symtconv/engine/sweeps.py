"""Sweeps: :func:`symtconv.engine.verification.verify_spec` over a grid of configurations.

Every valid configuration of a :class:`SweepGrid` is verified on seeded random
integer data (exactly); small ones are also derived symbolically and compared
with a scatter-add (or gather) of symbols.

Examples:
    >>> grid = SweepGrid(ranks=(1,), sizes=(2,), kernels=(2,), strides=(1, 2), paddings=(0,),
    ...                  dilations=(1,), channels=((1, 1, 1),), forward=False)
    >>> report = sweep(grid)
    >>> report.checked, report.ok
    (3, True)
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from ..core.matrix import count_nonzeros
from ..core.spec import ConvSpec
from ..errors import SpecError
from ..results import Result
from .verification import METHODS, VerifyReport, verify_spec

__all__ = ["SweepGrid", "SweepReport", "sweep"]


@dataclass(frozen=True)
class SweepGrid:
    """The configurations a sweep visits (per-dimension values are equal across dims).

    Attributes:
        ranks: spatial ranks.
        sizes: input sizes.
        kernels: kernel sizes.
        strides: strides.
        paddings: padding amounts; every (lo, hi) pair from them is visited.
        dilations: dilations.
        channels: (in_channels, out_channels, groups) triples.
        forward: also sweep forward convolutions.
        symbolic_max_nonzeros: also compare the symbolic ``C^T x`` with the
            symbolic scatter-add where C has at most this many nonzeros.
    """

    ranks: tuple[int, ...] = (1, 2)
    sizes: tuple[int, ...] = (1, 2, 3)
    kernels: tuple[int, ...] = (1, 2, 3)
    strides: tuple[int, ...] = (1, 2, 3)
    paddings: tuple[int, ...] = (0, 1)
    dilations: tuple[int, ...] = (1, 2)
    channels: tuple[tuple[int, int, int], ...] = ((1, 1, 1), (2, 4, 2))
    forward: bool = True
    symbolic_max_nonzeros: int = 36

    def specs(self) -> Iterator[ConvSpec]:
        """Every valid spec of the grid (invalid combinations are skipped)."""
        for rank, i, k, s, lo, hi, d, (cin, cout, g) in itertools.product(
            self.ranks,
            self.sizes,
            self.kernels,
            self.strides,
            self.paddings,
            self.paddings,
            self.dilations,
            self.channels,
        ):
            kinds = [True, False] if self.forward else [True]
            for transposed in kinds:
                ops = range(max(s, d)) if transposed else range(1)
                for op in ops:
                    try:
                        yield ConvSpec.create(
                            (i,) * rank,
                            (k,) * rank,
                            stride=s,
                            padding=[(lo, hi)] * rank,
                            output_padding=op,
                            dilation=d,
                            in_channels=cin,
                            out_channels=cout,
                            groups=g,
                            transposed=transposed,
                        )
                    except SpecError:
                        continue

    def size(self) -> int:
        """Number of valid specs."""
        return sum(1 for _ in self.specs())


@dataclass(frozen=True, eq=False)
class SweepReport(Result):
    """The outcome of a sweep.

    Attributes:
        checked: configurations verified.
        agreed: configurations where every method and the adjoint identity agreed.
        symbolic_checked: configurations also checked symbolically.
        seconds: wall time.
        first_disagreement: the first failing report, in full (or None).
        disagreements: how many failed.
    """

    checked: int
    agreed: int
    symbolic_checked: int
    seconds: float
    first_disagreement: VerifyReport | None
    methods: tuple[str, ...]

    @property
    def disagreed(self) -> int:
        """Configurations with any disagreement."""
        return self.checked - self.agreed

    @property
    def ok(self) -> bool:
        """True when nothing disagreed."""
        return self.disagreed == 0


def sweep(
    grid: SweepGrid | None = None,
    *,
    methods: Sequence[str] | None = None,
    with_torch: bool = False,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
    specs: Iterable[ConvSpec] | None = None,
) -> SweepReport:
    """Verify every configuration of a grid on seeded random integer data.

    Args:
        grid: the configurations (default :class:`SweepGrid`).
        methods: registry names to run besides the matrix (default: all but torch).
        with_torch: also run the torch method.
        seed: base seed for the data.
        progress: called as ``progress(done, total)`` after each configuration.
        specs: explicit specs to check instead of the grid.

    Raises:
        SpecError: an unknown method name, or no valid configuration to check.
    """
    grid = grid or SweepGrid()
    unknown = [m for m in methods or () if m not in METHODS]
    if unknown:
        raise SpecError(f"methods: got {unknown[0]!r}; valid: {', '.join(METHODS)}")
    todo = list(specs) if specs is not None else list(grid.specs())
    if not todo:
        raise SpecError(
            "sweep: no valid configuration in the given ranges (every combination has an "
            "invalid parameter or an output size < 1); widen the ranges"
        )
    start = time.perf_counter()
    agreed = symbolic = 0
    first: VerifyReport | None = None
    used: tuple[str, ...] = ()
    for n, spec in enumerate(todo):
        rng = np.random.default_rng([seed, n])
        x = rng.integers(-9, 10, spec.input_shape).astype(object)
        w = rng.integers(-9, 10, spec.weight_shape).astype(object)
        wanted = None
        if methods is not None:
            wanted = [m for m in methods if METHODS[m][0 if spec.transposed else 1]]
        small = (
            grid.symbolic_max_nonzeros > 0 and count_nonzeros(spec) <= grid.symbolic_max_nonzeros
        )
        report = verify_spec(
            spec, x, w, None, methods=wanted, with_torch=with_torch, symbolic=small, seed=seed + n
        )
        used = tuple(dict.fromkeys(used + tuple(r.name for r in report.results)))
        symbolic += small
        if report.ok:
            agreed += 1
        elif first is None:
            first = report
        if progress is not None:
            progress(n + 1, len(todo))
    return SweepReport(
        checked=len(todo),
        agreed=agreed,
        symbolic_checked=symbolic,
        seconds=time.perf_counter() - start,
        first_disagreement=first,
        methods=used,
    )
