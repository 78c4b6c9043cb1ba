"""Overlap and stride phases: how many (input, tap) products reach each output position.

Where the kernel copies of a transposed convolution overlap, their products add up;
where they overlap unevenly, neighbouring outputs sum different numbers of terms and a
generator paints checkerboards (Odena, Dumoulin & Olah, "Deconvolution and
Checkerboard Artifacts", Distill 2016).  Everything here is counted with integers,
from the spec alone (and the kernel's values for the constant-input question):

* **counts**: per output position, the number of products ``x[q] w[t]`` that reach
  it, ``q*s - p_lo + t*d = j`` in every dimension: a product over the dimensions of
  per-dimension counts, times the ``C_in / groups`` input channels that every
  output channel sums over (the structure of C^T, :mod:`symtconv.core.matrix`);
* **phases**: per dimension, the stride phase ``r = (j + p_lo) mod s`` of an output
  position, and its taps ``t`` with ``t*d = r (mod s)``; the layer's phase table is
  the product over the dimensions;
* **classification**: ``uniform`` (every phase gets as many taps: the interior is
  even), ``holes`` (some phase gets none: its rows are never written), or
  ``uneven``; and the border bands, where the counts fall below the interior's;
* **constant input**: with a constant input, the interior of output channel ``co``
  in phase ``r`` is the constant times the *phase sum* of the kernel (its taps of
  phase ``r``, summed over the channels of the group): flat exactly when every
  phase sum of every channel is the same.  Numbers are compared exactly (floats to
  a relative 1e-9); with a symbolic kernel the answer is the equations on ``w``.

:func:`overlap_of` works from a spec (and optionally the weight); :func:`overlap`
reads the usual operands and options, like :func:`symtconv.derive`.

Examples:
    >>> o = overlap(kernel=[1, 2, 1], input_shape=(4,), stride=2)
    >>> o.counts.tolist(), o.kind, [d.counts for d in o.dims]
    ([1, 1, 2, 1, 2, 1, 2, 1, 1], 'uneven', [(2, 1)])
    >>> o.constant_input.constant, o.constant_input.sums.tolist()  # (C_out, *stride)
    (True, [[2, 2]])
    >>> overlap(kernel_shape=(3,), input_shape=(4,), stride=2).constant_input.equation_text()
    ['w_{0} + w_{2} = w_{1}']
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ..core.operands import SpecOptions, check_options, read_weight, with_seed
from ..core.spec import ConvSpec
from ..errors import SpecError, TooLargeError
from ..results import Result, writer_for

if TYPE_CHECKING:
    from typing import Unpack

__all__ = [
    "KINDS",
    "MAX_POSITIONS",
    "ConstantInput",
    "DimPhases",
    "Overlap",
    "dim_counts",
    "dim_phases",
    "overlap",
    "overlap_of",
]

#: Largest number of output positions whose count map is built.
MAX_POSITIONS = 4_000_000
#: The classification, from the best to the worst.
KINDS = ("uniform", "uneven", "holes")
#: Relative tolerance of float phase sums.
RTOL = 1e-9


@dataclass(frozen=True)
class DimPhases:
    """The stride phases of one spatial dimension.

    Attributes:
        kernel, stride, dilation: ``k``, ``s``, ``d``.
        taps: ``taps[r]``: the taps ``t < k`` with ``t*d = r (mod s)``, for ``r < s``.
    """

    kernel: int
    stride: int
    dilation: int
    taps: tuple[tuple[int, ...], ...]

    @property
    def counts(self) -> tuple[int, ...]:
        """The number of taps of each phase."""
        return tuple(len(t) for t in self.taps)

    @property
    def kind(self) -> str:
        """``"uniform"``, ``"holes"`` (a phase without taps) or ``"uneven"``."""
        if min(self.counts) == 0:
            return "holes"
        return "uniform" if len(set(self.counts)) == 1 else "uneven"


def dim_phases(k: int, s: int, d: int) -> DimPhases:
    """The taps of each stride phase of one dimension.

    Examples:
        >>> dim_phases(3, 2, 1).taps, dim_phases(2, 2, 2).taps
        (((0, 2), (1,)), ((0, 1), ()))
    """
    taps: list[list[int]] = [[] for _ in range(s)]
    for t in range(k):
        taps[(t * d) % s].append(t)
    return DimPhases(k, s, d, tuple(tuple(t) for t in taps))


def dim_counts(i: int, k: int, s: int, p_lo: int, d: int, o: int) -> np.ndarray:
    """Per output position of one dimension, the number of pairs ``(q, t)`` reaching it.

    Examples:
        >>> dim_counts(2, 3, 2, 0, 1, 5).tolist()
        [1, 1, 2, 1, 1]
    """
    q, t = np.meshgrid(np.arange(i), np.arange(k), indexing="ij")
    j = (q * s - p_lo + t * d).ravel()
    return np.bincount(j[(j >= 0) & (j < o)], minlength=o).astype(np.int64)


def _dim_band(i: int, s: int, p_lo: int, o: int, phases: DimPhases) -> tuple[int, int]:
    """The widths of the low and high border bands of one dimension.

    An output position is in the low band when a tap of its phase would need an input
    before the first (``j + p_lo - t*d < 0``), in the high band when one would need an
    input after the last; the bands reach from the edge to the last such position.
    """
    j = np.arange(o)
    full = j + p_lo
    low = np.zeros(o, dtype=bool)
    high = np.zeros(o, dtype=bool)
    for t in range(phases.kernel):
        rest = full - t * phases.dilation
        mine = rest % s == 0
        low |= mine & (rest < 0)
        high |= mine & (rest > (i - 1) * s)
    lo = int(j[low].max()) + 1 if low.any() else 0
    hi = o - int(j[high].min()) if high.any() else 0
    return lo, hi


@dataclass(frozen=True)
class ConstantInput:
    """What a constant input gives: the phase sums of the kernel, per output channel.

    Attributes:
        sums: object array ``(C_out, *stride)`` of SymPy values: the sum of the taps of
            each phase, over the input channels of the output channel's group.
        symbolic: whether the kernel has symbols (then the answer is :attr:`equations`).
        constant: whether the interior is constant (``None``: it depends on ``w``).
        equations: with a symbolic kernel, ``(channel, phase, lhs, rhs)``: ``lhs = rhs``
            must hold (phase 0's sum on the left) for a constant interior.
        comparison: ``"exact"``, or ``"rtol 1e-09"`` when floats are involved.
    """

    sums: np.ndarray
    symbolic: bool
    constant: bool | None
    equations: tuple[tuple[int, tuple[int, ...], sympy.Expr, sympy.Expr], ...]
    comparison: str

    def equation_text(self) -> list[str]:
        """The equations as text, ``w_{0} + w_{2} = w_{1}`` (channel-prefixed with several)."""
        several = self.sums.shape[0] > 1
        return [
            (f"channel {c}: " if several else "") + f"{sympy.sstr(a)} = {sympy.sstr(b)}"
            for c, _, a, b in self.equations
        ]


def _phase_sums(spec: ConvSpec, w: np.ndarray, dims: tuple[DimPhases, ...]) -> np.ndarray:
    """``sums[co, *r]``: the taps of phase ``r`` summed over ``co``'s input channels."""
    g = spec.groups
    cin_g, cout_g = spec.in_channels // g, spec.out_channels // g
    sums = np.empty((spec.out_channels, *spec.stride), dtype=object)
    phases = list(np.ndindex(*spec.stride))
    for co in range(spec.out_channels):
        group, local = divmod(co, cout_g)
        channel = w[group * cin_g : (group + 1) * cin_g, local]  # (cin_g, *k)
        for r in phases:
            taps = _product([dims[n].taps[r[n]] for n in range(spec.rank)])
            sums[(co, *r)] = sympy.Add(*(channel[ci][t] for ci in range(cin_g) for t in taps))
    return sums


def _product(lists: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    out: list[tuple[int, ...]] = [()]
    for items in lists:
        out = [(*t, i) for t in out for i in items]
    return out


def _equal(a: sympy.Expr, b: sympy.Expr, inexact: bool) -> bool:
    if inexact:
        x, y = float(a), float(b)
        return abs(x - y) <= RTOL * max(1.0, abs(x), abs(y))
    return bool(sympy.expand(a - b) == 0)


def _constant_input(spec: ConvSpec, w: np.ndarray, dims: tuple[DimPhases, ...]) -> ConstantInput:
    sums = _phase_sums(spec, w, dims)
    values = [v for v in w.reshape(-1)]
    symbolic = any(v.free_symbols for v in values)
    inexact = not symbolic and any(v.is_Float for v in values)
    equations = []
    for co in range(spec.out_channels):
        first = sums[(co, *(0,) * spec.rank)]
        for r in np.ndindex(*spec.stride):
            if any(r) and not _equal(first, sums[(co, *r)], inexact):
                equations.append((co, tuple(int(v) for v in r), first, sums[(co, *r)]))
    if not symbolic:
        constant: bool | None = not equations
        equations = []
    else:
        constant = True if not equations else None
    comparison = f"rtol {RTOL:g}" if inexact else "exact"
    return ConstantInput(sums, symbolic, constant, tuple(equations), comparison)


@dataclass(frozen=True, eq=False)
class Overlap(Result):
    """The overlap of a transposed convolution: counts, phases, classification, bands.

    Attributes:
        spec: the geometry.
        dims: the stride phases of each spatial dimension.
        counts: per output position (spatial shape ``spec.output_size``), the number of
            (input, tap) products that reach it in one output channel: the product of
            the per-dimension counts, times :attr:`per_channel`.
        bands: per dimension, the ``(low, high)`` widths of the border bands.
        constant_input: the constant-input answer (``None`` without a kernel).
    """

    spec: ConvSpec
    dims: tuple[DimPhases, ...]
    counts: np.ndarray
    bands: tuple[tuple[int, int], ...]
    constant_input: ConstantInput | None

    @property
    def per_channel(self) -> int:
        """The input channels every output channel sums over: ``C_in / groups``."""
        return self.spec.in_channels // self.spec.groups

    @cached_property
    def phase_table(self) -> np.ndarray:
        """Products per output position of each phase in the interior, shape ``stride``."""
        table = np.array(self.per_channel, dtype=np.int64)
        for dim in self.dims:
            table = np.multiply.outer(table, np.array(dim.counts, dtype=np.int64))
        return table

    @property
    def kind(self) -> str:
        """``"uniform"``, ``"uneven"`` or ``"holes"``: the worst of the dimensions'."""
        return max((dim.kind for dim in self.dims), key=KINDS.index)

    @property
    def uniform(self) -> bool:
        """Every phase gets as many taps: the interior is evenly covered."""
        return self.kind == "uniform"

    @property
    def holes(self) -> bool:
        """Some phase gets no tap: its positions are never written (before the bias)."""
        return self.kind == "holes"

    @property
    def interior(self) -> tuple[range, ...]:
        """Per dimension, the output positions between the border bands (maybe none)."""
        return tuple(
            range(lo, max(lo, o - hi)) for (lo, hi), o in zip(self.bands, self.spec.output_size)
        )

    def phase_of(self, index: tuple[int, ...]) -> tuple[int, ...]:
        """The stride phase ``(j + p_lo) mod s`` of an output position, per dimension."""
        return tuple(
            (j + lo) % s for j, (lo, _), s in zip(index, self.spec.padding, self.spec.stride)
        )

    def to_latex(self, **options: Any) -> str:
        """The overlap as a LaTeX document (``standalone=True``: complete; ``lang="zh"``)."""
        return str(writer_for(self, "latex")(self, **options))

    def to_markdown(self, **options: Any) -> str:
        """The overlap as Markdown (its picture: ``symtconv.render.overlap.render_overlap``)."""
        return str(writer_for(self, "markdown")(self, **options))

    def __repr__(self) -> str:
        return f"<Overlap {self.kind}: {self.spec.describe()}>"


def overlap_of(
    spec: ConvSpec, weight: np.ndarray | None = None, *, max_positions: int = MAX_POSITIONS
) -> Overlap:
    """The overlap of a transposed convolution given by its spec (and kernel).

    Args:
        spec: a transposed spec.
        weight: the weight, ``spec.weight_shape`` (SymPy values, as :func:`symtconv.derive`
            reads them); without it there is no constant-input answer.
        max_positions: refuse an output with more positions (the count map is built).

    Raises:
        SpecError: a forward spec, a weight of the wrong shape, an invalid limit.
        TooLargeError: the output has more than ``max_positions`` positions.
    """
    if not spec.transposed:
        raise SpecError("overlap: is about a transposed convolution; leave out --forward")
    if isinstance(max_positions, bool) or not isinstance(max_positions, int) or max_positions < 1:
        raise SpecError(f"max_positions: got {max_positions!r}; must be an integer >= 1")
    positions = math.prod(spec.output_size)
    if positions > max_positions:
        raise TooLargeError(
            f"max_positions: the output has {positions:,} positions, above the limit of "
            f"{max_positions:,}; raise it with --max-positions N (Python: max_positions=N)"
        )
    if weight is not None and tuple(weight.shape) != spec.weight_shape:
        raise SpecError(
            f"weight: shape {tuple(weight.shape)}; must be {spec.weight_shape} for this spec"
        )
    dims = tuple(
        dim_phases(k, s, d) for k, s, d in zip(spec.kernel_size, spec.stride, spec.dilation)
    )
    counts = np.array(spec.in_channels // spec.groups, dtype=np.int64)
    bands = []
    for n, dim in enumerate(dims):
        i, (lo, _), o = spec.input_size[n], spec.padding[n], spec.output_size[n]
        counts = np.multiply.outer(
            counts, dim_counts(i, dim.kernel, dim.stride, lo, dim.dilation, o)
        )
        bands.append(_dim_band(i, dim.stride, lo, o, dim))
    counts.flags.writeable = False
    constant = None if weight is None else _constant_input(spec, weight, dims)
    return Overlap(spec, dims, counts, tuple(bands), constant)


def overlap(
    input: Any = None,
    kernel: Any = None,
    *,
    max_positions: int = MAX_POSITIONS,
    **options: Unpack[SpecOptions],
) -> Overlap:
    """The overlap of a transposed convolution: counts, phases, classification, constant input.

    Takes the operands and options of :func:`symtconv.derive` (no operands: the seed
    example); only the input's shape matters, and the kernel's values for the
    constant-input answer (symbols: the equations on ``w``).

    Raises:
        SpecError: invalid operands or options, or ``forward=True``.
        TooLargeError: the output has more than ``max_positions`` positions.
    """
    check_options(dict(options), "max_positions")
    if options.get("forward"):
        raise SpecError("overlap: is about a transposed convolution; leave out --forward")
    input, kernel = with_seed(input, kernel, options)
    spec, w = read_weight(input, kernel, **options)
    return overlap_of(spec, w, max_positions=max_positions)
