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

from ..core import cost
from ..core.limits import MAX_SIZE, check_seed
from ..core.matrix import count_nonzeros
from ..core.spec import MAX_RANK, ConvSpec
from ..errors import SpecError
from ..results import Result
from .verification import METHODS, VerifyReport, verify_spec

__all__ = ["MAX_CONFIGURATIONS", "MAX_NONZEROS", "SweepGrid", "SweepReport", "sweep"]

#: A sweep's default limit on its configurations (an upper bound from the ranges).
MAX_CONFIGURATIONS = cost.MAX_CONFIGURATIONS.default
#: A sweep's default limit on C's nonzeros over all its configurations (an upper bound:
#: the configurations times the largest one's).
MAX_NONZEROS = 4_000_000


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

    def __post_init__(self) -> None:
        """Every range is a non-empty tuple of valid values (the first bad one is reported).

        Raises:
            SpecError: naming the range, the value and what is valid.
        """
        lows = (
            ("ranks", self.ranks, 1),
            ("sizes", self.sizes, 1),
            ("kernels", self.kernels, 1),
            ("strides", self.strides, 1),
            ("paddings", self.paddings, 0),
            ("dilations", self.dilations, 1),
        )
        for name, values, low in lows:
            if not isinstance(values, tuple) or not values:
                raise SpecError(f"{name}: got {values!r}; must be a non-empty tuple of integers")
            for value in values:
                if isinstance(value, bool) or not isinstance(value, int) or value < low:
                    raise SpecError(f"{name}: got {value!r}; must be integers >= {low}")
                bound = MAX_RANK if name == "ranks" else MAX_SIZE
                if value > bound:
                    raise SpecError(
                        f"{name}: got {value}; must be at most {bound:,}"
                        + (" (spatial ranks are 1 to 3)" if name == "ranks" else "")
                    )
        if not isinstance(self.channels, tuple) or not self.channels:
            raise SpecError("channels: must be a non-empty tuple of (in, out, groups) triples")
        for triple in self.channels:
            if (
                not isinstance(triple, tuple)
                or len(triple) != 3
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in triple)
                or min(triple) < 1
            ):
                raise SpecError(
                    f"channels: got {triple!r}; must be (in, out, groups) triples of integers >= 1"
                )
            cin, cout, g = triple
            if cin % g or cout % g:
                raise SpecError(
                    f"channels: got {cin}:{cout}:{g}; the groups ({g}) must divide in ({cin}) "
                    f"and out ({cout})"
                )

    def configurations(self) -> int:
        """An upper bound on the configurations (see :mod:`symtconv.core.cost`)."""
        return cost.sweep_configurations(
            self.ranks,
            self.sizes,
            self.kernels,
            self.strides,
            self.paddings,
            self.dilations,
            self.channels,
            self.forward,
        )

    def largest_nonzeros(self) -> int:
        """An upper bound on C's nonzeros in any one configuration:
        ``(cin*cout/groups) * ((size + 2*padding) * kernel)**rank`` at the largest of each."""
        channels = max(cin * cout // g for cin, cout, g in self.channels)
        per_dim = (max(self.sizes) + 2 * max(self.paddings)) * max(self.kernels)
        return channels * per_dim ** max(self.ranks)

    def describe(self) -> str:
        """The grid's range lengths, for a message."""
        return (
            f"ranks {len(self.ranks)} x sizes {len(self.sizes)} x kernels {len(self.kernels)} "
            f"x strides {len(self.strides)} x paddings {len(self.paddings)}^2 x dilations "
            f"{len(self.dilations)} x channels {len(self.channels)}, and the output paddings"
        )

    def check_size(
        self,
        max_configurations: int = MAX_CONFIGURATIONS,
        max_nonzeros: int | None = MAX_NONZEROS,
    ) -> None:
        """Refuse a grid above the limits, before any configuration is made.

        Args:
            max_configurations: the most configurations (the upper bound from the ranges).
            max_nonzeros: the most nonzeros of C over the sweep (the configurations times
                the largest configuration's); None: not checked.

        Raises:
            TooLargeError: naming the estimate and the limit.
        """
        configurations = self.configurations()
        cost.require(
            configurations,
            max_configurations,
            cost.MAX_CONFIGURATIONS,
            "the sweep",
            self.describe(),
        )
        if max_nonzeros is None:
            return
        cost.require(
            configurations * self.largest_nonzeros(),
            max_nonzeros,
            cost.MAX_NONZEROS,
            "the sweep's matrices C",
            f"at most {configurations:,} configurations of at most "
            f"{self.largest_nonzeros():,} nonzeros each",
        )

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
    max_configurations: int = MAX_CONFIGURATIONS,
    max_nonzeros: int = MAX_NONZEROS,
) -> SweepReport:
    """Verify every configuration of a grid on seeded random integer data.

    Args:
        grid: the configurations (default :class:`SweepGrid`).
        methods: registry names to run besides the matrix (default: all but torch).
        with_torch: also run the torch method.
        seed: base seed for the data.
        progress: called as ``progress(done, total)`` after each configuration.
        specs: explicit specs to check instead of the grid.
        max_configurations: refuse a grid of more configurations (its upper bound).
        max_nonzeros: refuse a grid whose configurations times its largest C's nonzeros
            are more than this.

    Raises:
        SpecError: an unknown method name, a bad seed, or no valid configuration to check.
        TooLargeError: the grid is above the limits (checked before it is enumerated).
    """
    grid = grid or SweepGrid()
    seed = check_seed(seed)
    unknown = [m for m in methods or () if m not in METHODS]
    if unknown:
        raise SpecError(f"methods: got {unknown[0]!r}; valid: {', '.join(METHODS)}")
    if specs is None:
        grid.check_size(max_configurations, max_nonzeros)
        todo = list(grid.specs())
    else:
        todo = list(itertools.islice(specs, max_configurations + 1))
        cost.require(
            len(todo),
            max_configurations,
            cost.MAX_CONFIGURATIONS,
            "the sweep",
            "the specs given",
        )
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
