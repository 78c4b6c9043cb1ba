"""The canonical form of a transposed convolution, shared by every framework.

Per spatial dimension: input size ``i``, kernel size ``k``, stride ``s``,
dilation ``d``, pads ``(lo, hi)``, output padding ``op`` and the output size
``(i-1)s - lo - hi + d(k-1) + op + 1`` -- PyTorch's conventions, with the
pads allowed to differ per side (as in ONNX).

Every framework computes the same thing underneath: the *full* transposed
convolution (the scatter-add of every input element times the whole kernel,
no padding) has length ``L = (i-1)s + d(k-1) + 1`` per dimension, and a layer's
output is one window ``[lo, L + op - hi)`` of it, with zeros where the window
reaches past either end.  Two parameter sets compute the same numbers exactly
when their windows are equal; :meth:`Canonical.normalized` makes that
comparison a plain equality.

A negative pad means zeros before (or after) the full result; only JAX's
explicit padding pairs and ONNX's auto_pad with a stride larger than the kernel
produce one.  :meth:`Canonical.to_spec` gives the :class:`~symtconv.core.spec.ConvSpec`
(the engine's spec) where the pads are >= 0 and PyTorch accepts the output
padding.

Examples:
    >>> c = Canonical.create(input_size=5, kernel_size=3, stride=2, pads=(0, 1))
    >>> c.output_size, c.full_size, c.window
    ((10,), (11,), ((0, 10),))
    >>> Canonical.create(5, 3, stride=2, pads=1, output_padding=1).window
    ((1, 11),)
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from ..core.spec import MAX_RANK, ConvSpec, output_padding_accepted, pad_pairs, per_dim
from ..errors import SpecError
from ..results import Result
from .windows import Pair, scatter_window, window_adjust

__all__ = ["Canonical"]


def _is_int(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _ints(values: Sequence[int]) -> tuple[int, ...]:
    return tuple(int(v) for v in values)


@dataclass(frozen=True)
class Canonical(Result):
    """A transposed convolution in the canonical form (frozen, validated, hashable).

    Build it with :meth:`create` (ints broadcast to every dimension).  It holds
    the geometry only: its numbers come from :mod:`symtconv.frameworks.windows`
    (:meth:`compute`), its text and plain data from :mod:`symtconv.render`.

    Attributes:
        input_size: spatial input size per dimension.
        kernel_size: kernel size per dimension.
        stride: stride per dimension.
        dilation: dilation per dimension.
        pads: ``(lo, hi)`` per dimension: positions removed from the start and the
            end of the full result (negative: zeros added there).
        output_padding: positions added at the end per dimension (``>= 0``).
        in_channels, out_channels, groups: the channel structure.
    """

    input_size: tuple[int, ...]
    kernel_size: tuple[int, ...]
    stride: tuple[int, ...]
    dilation: tuple[int, ...]
    pads: tuple[Pair, ...]
    output_padding: tuple[int, ...]
    in_channels: int = 1
    out_channels: int = 1
    groups: int = 1

    @classmethod
    def create(
        cls,
        input_size: int | Sequence[int],
        kernel_size: int | Sequence[int],
        *,
        stride: int | Sequence[int] = 1,
        dilation: int | Sequence[int] = 1,
        pads: Any = 0,
        output_padding: int | Sequence[int] = 0,
        in_channels: int = 1,
        out_channels: int = 1,
        groups: int = 1,
    ) -> Canonical:
        """Build from ints or per-dimension values (rank from the longest sequence).

        A one-item sequence serves every dimension, and in one dimension
        ``pads=(lo, hi)`` is that pair (:func:`~symtconv.core.spec.per_dim`,
        :func:`~symtconv.core.spec.pad_pairs`).

        Raises:
            SpecError: a malformed or out-of-range value.
        """
        rank = 1
        for value in (input_size, kernel_size):
            if isinstance(value, Sequence) and not isinstance(value, str):
                rank = max(rank, len(value))

        def ints(name: str, value: object) -> tuple[int, ...]:
            return per_dim(name, value, rank, one_for_all=True)

        return cls(
            input_size=ints("input_size", input_size),
            kernel_size=ints("kernel_size", kernel_size),
            stride=ints("stride", stride),
            dilation=ints("dilation", dilation),
            pads=pad_pairs("pads", pads, rank, flat_pair=True),
            output_padding=ints("output_padding", output_padding),
            in_channels=in_channels,
            out_channels=out_channels,
            groups=groups,
        )

    @classmethod
    def from_spec(cls, spec: ConvSpec) -> Canonical:
        """The canonical form of a transposed :class:`~symtconv.core.spec.ConvSpec`.

        Raises:
            SpecError: ``spec`` is a forward convolution.
        """
        if not spec.transposed:
            raise SpecError("spec: got a forward convolution; the canonical form is transposed")
        return cls(
            spec.input_size,
            spec.kernel_size,
            spec.stride,
            spec.dilation,
            spec.padding,
            spec.output_padding,
            spec.in_channels,
            spec.out_channels,
            spec.groups,
        )

    def __post_init__(self) -> None:
        self._check_dimensions()
        self._check_channels()
        self._check_output_size()

    def _check_dimensions(self) -> None:
        rank = len(self.kernel_size)
        if not 1 <= rank <= MAX_RANK:
            raise SpecError(f"kernel_size: got {self.kernel_size!r}; spatial rank must be 1 to 3")
        for name in ("input_size", "kernel_size", "stride", "dilation", "output_padding"):
            values = getattr(self, name)
            if len(values) != rank:
                raise SpecError(
                    f"{name}: got {list(values)}; must have {rank} value(s), one per dimension"
                )
            low = 0 if name == "output_padding" else 1
            for value in values:
                if not _is_int(value) or value < low:
                    raise SpecError(
                        f"{name}: got {list(values)}; every value must be an integer >= {low}"
                    )
        if len(self.pads) != rank:
            raise SpecError(f"pads: got {list(self.pads)}; must have {rank} (lo, hi) pair(s)")

    def _check_channels(self) -> None:
        for name in ("in_channels", "out_channels", "groups"):
            value = getattr(self, name)
            if not _is_int(value) or value < 1:
                raise SpecError(f"{name}: got {value!r}; must be an integer >= 1")
        if self.in_channels % self.groups or self.out_channels % self.groups:
            raise SpecError(
                f"groups: got {self.groups}; must divide in_channels ({self.in_channels}) "
                f"and out_channels ({self.out_channels})"
            )

    def _check_output_size(self) -> None:
        for dim, (size, full) in enumerate(zip(self.output_size, self.full_size, strict=True)):
            where = "" if self.rank == 1 else f" in dimension {dim}"
            if size < 1:
                raise SpecError(
                    f"pads: got {self.pads[dim]}{where}, which gives an output size of {size} "
                    f"(the full result has {full} positions); the pads must be smaller"
                )

    # ----- geometry ----------------------------------------------------------------

    @cached_property
    def full(self) -> ConvSpec:
        """The full transposed convolution (no padding) as the engine's spec.

        Its output is the full result, of :attr:`full_size`; the canonical form
        is a window on it.  The derived geometry comes from it.
        """
        rank = len(self.kernel_size)
        return self._spec(((0, 0),) * rank, (0,) * rank)

    def _spec(
        self, padding: tuple[Pair, ...], output_padding: tuple[int, ...], **extra: Any
    ) -> ConvSpec:
        """The :class:`ConvSpec` with this geometry and channels, and these pads."""
        return ConvSpec(
            input_size=_ints(self.input_size),
            kernel_size=_ints(self.kernel_size),
            stride=_ints(self.stride),
            padding=padding,
            dilation=_ints(self.dilation),
            output_padding=output_padding,
            in_channels=int(self.in_channels),
            out_channels=int(self.out_channels),
            groups=int(self.groups),
            transposed=True,
            **extra,
        )

    @property
    def rank(self) -> int:
        """Number of spatial dimensions (the full spec's)."""
        return self.full.rank

    @property
    def effective_kernel_size(self) -> tuple[int, ...]:
        """``d(k-1) + 1`` per dimension (the full spec's)."""
        return self.full.effective_kernel_size

    @property
    def full_size(self) -> tuple[int, ...]:
        """Length ``L = (i-1)s + d(k-1) + 1`` of the unpadded transposed convolution."""
        return self.full.output_size

    @property
    def window(self) -> tuple[Pair, ...]:
        """``[start, stop)`` of the full result that the output shows, per dimension."""
        return tuple(
            (lo, full + op - hi)
            for (lo, hi), full, op in zip(
                self.pads, self.full_size, self.output_padding, strict=True
            )
        )

    @property
    def output_size(self) -> tuple[int, ...]:
        """The window's width: ``(i-1)s - lo - hi + d(k-1) + op + 1`` per dimension."""
        return tuple(stop - start for start, stop in self.window)

    def normalized(self) -> Canonical:
        """The same numbers with the output padding folded into the high pad where possible.

        Two canonical forms compute the same output exactly when their
        normalized forms are equal.

        Examples:
            >>> Canonical.create(5, 3, stride=2, pads=1, output_padding=1).normalized().pads
            ((1, 0),)
        """
        pads, ops = [], []
        for (lo, hi), op in zip(self.pads, self.output_padding, strict=True):
            end = hi - op
            pads.append((lo, max(end, 0)))
            ops.append(max(-end, 0))
        return Canonical(
            self.input_size,
            self.kernel_size,
            self.stride,
            self.dilation,
            tuple(pads),
            tuple(ops),
            self.in_channels,
            self.out_channels,
            self.groups,
        )

    def same_numbers(self, other: Canonical) -> bool:
        """True when ``other`` computes exactly the same output as ``self``."""
        return self.normalized() == other.normalized()

    # ----- the engine's spec ---------------------------------------------------------

    def spec_problem(self) -> str | None:
        """Why no :class:`ConvSpec` has these numbers, or None when one does."""
        c = self.normalized() if any(min(p) < 0 for p in self.pads) else self
        for dim, ((lo, hi), op, s, d) in enumerate(
            zip(c.pads, c.output_padding, c.stride, c.dilation, strict=True)
        ):
            if lo < 0 or hi < 0:
                return (
                    f"dimension {dim}: pads ({lo}, {hi}) put zeros outside the full result; "
                    "PyTorch-style padding must be >= 0"
                )
            if not output_padding_accepted(op, s, d):
                return (
                    f"dimension {dim}: output_padding {op} is not smaller than the stride ({s}) "
                    f"or the dilation ({d})"
                )
        return None

    def to_spec(self, *, batch: int | None = None, bias: bool = False) -> ConvSpec:
        """The engine's :class:`~symtconv.core.spec.ConvSpec` with these numbers.

        Negative high pads are first folded into the output padding (the same
        numbers); the spec is built from this form, or from the normalized one.

        Raises:
            SpecError: no spec has these numbers (a negative low pad, or an output
                padding PyTorch refuses); the message says which.
        """
        problem = self.spec_problem()
        if problem is not None:
            raise SpecError(f"pads: {problem}; no PyTorch-style spec computes this window")
        c = self.normalized() if any(min(p) < 0 for p in self.pads) else self
        return c._spec(c.pads, c.output_padding, batch=batch, bias=bias)

    # ----- numbers -------------------------------------------------------------------

    def compute(self, x: Any, w: Any, b: Any = None) -> np.ndarray:
        """The output, exactly for integer and object data, in PyTorch's layout.

        Where a :class:`ConvSpec` has these numbers, symtconv's scatter-add with
        those parameters; otherwise the full result and the window
        (:func:`~symtconv.frameworks.windows.scatter_window`).

        Args:
            x: ``(N, C_in, *size)`` or ``(C_in, *size)``.
            w: ``(C_in, C_out/groups, *k)``.
            b: ``(C_out,)`` or None.
        """
        if self.spec_problem() is None:
            return scatter_window(self.to_spec(), x, w, b)
        whole = [(0, n) for n in self.full_size]
        return scatter_window(self.full, x, w, b, window_adjust(whole, self.window))
