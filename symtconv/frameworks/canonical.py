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
from typing import Any

import numpy as np

from ..core.numeric import conv_transpose
from ..core.spec import MAX_RANK, ConvSpec, tconv_output_length
from ..errors import SpecError

__all__ = ["Canonical", "adjust_is_valid", "apply_adjust", "window_adjust"]

Pair = tuple[int, int]


def _is_int(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def per_dim(name: str, value: object, rank: int) -> tuple[int, ...]:
    """An int, or one int per spatial dimension, as a rank-tuple.

    Raises:
        SpecError: not an int or not ``rank`` ints.
    """
    if _is_int(value):
        return (int(value),) * rank  # type: ignore[call-overload]
    if isinstance(value, Sequence) and not isinstance(value, str):
        items = list(value)
        if len(items) == rank and all(_is_int(v) for v in items):
            return tuple(int(v) for v in items)
        if len(items) == 1 and _is_int(items[0]):
            return (int(items[0]),) * rank
    raise SpecError(
        f"{name}: got {value!r}; must be an integer or {rank} integer(s), one per spatial dimension"
    )


def check_kernel(params: dict[str, Any], name: str, kernel: tuple[int, ...], what: str) -> None:
    """Refuse a kernel-size parameter that contradicts the kernel's own size.

    Raises:
        SpecError: ``params[name]`` is given and differs from ``kernel``.
    """
    if name in params and per_dim(name, params[name], len(kernel)) != kernel:
        raise SpecError(f"{name}: got {params[name]!r}; {what} is {list(kernel)}")


def pad_pairs(name: str, value: object, rank: int) -> tuple[Pair, ...]:
    """An int, one int per dim, or one ``(lo, hi)`` pair per dim, as pairs.

    Raises:
        SpecError: none of those forms.
    """
    if _is_int(value):
        return ((int(value), int(value)),) * rank  # type: ignore[call-overload]
    if isinstance(value, Sequence) and not isinstance(value, str):
        items = list(value)
        if len(items) == 2 and rank == 1 and all(_is_int(v) for v in items):
            return ((int(items[0]), int(items[1])),)
        pairs: list[Pair] = []
        for item in items if len(items) == rank else []:
            if _is_int(item):
                pairs.append((int(item), int(item)))
            elif (
                isinstance(item, Sequence)
                and not isinstance(item, str)
                and len(item) == 2
                and all(_is_int(v) for v in item)
            ):
                pairs.append((int(item[0]), int(item[1])))
        if len(pairs) == rank:
            return tuple(pairs)
    raise SpecError(
        f"{name}: got {value!r}; must be an integer, {rank} integer(s) or {rank} (lo, hi) pair(s)"
    )


@dataclass(frozen=True)
class Canonical:
    """A transposed convolution in the canonical form (frozen, validated, hashable).

    Build it with :meth:`create` (ints broadcast to every dimension).

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

        Raises:
            SpecError: a malformed or out-of-range value.
        """
        rank = 1
        for value in (input_size, kernel_size):
            if isinstance(value, Sequence) and not isinstance(value, str):
                rank = max(rank, len(value))
        return cls(
            input_size=per_dim("input_size", input_size, rank),
            kernel_size=per_dim("kernel_size", kernel_size, rank),
            stride=per_dim("stride", stride, rank),
            dilation=per_dim("dilation", dilation, rank),
            pads=pad_pairs("pads", pads, rank),
            output_padding=per_dim("output_padding", output_padding, rank),
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
        for name in ("in_channels", "out_channels", "groups"):
            value = getattr(self, name)
            if not _is_int(value) or value < 1:
                raise SpecError(f"{name}: got {value!r}; must be an integer >= 1")
        if self.in_channels % self.groups or self.out_channels % self.groups:
            raise SpecError(
                f"groups: got {self.groups}; must divide in_channels ({self.in_channels}) "
                f"and out_channels ({self.out_channels})"
            )
        for dim, (size, full) in enumerate(zip(self.output_size, self.full_size, strict=True)):
            where = "" if rank == 1 else f" in dimension {dim}"
            if size < 1:
                raise SpecError(
                    f"pads: got {self.pads[dim]}{where}, which gives an output size of {size} "
                    f"(the full result has {full} positions); the pads must be smaller"
                )

    # ----- geometry ----------------------------------------------------------------

    @property
    def rank(self) -> int:
        """Number of spatial dimensions."""
        return len(self.kernel_size)

    @property
    def effective_kernel_size(self) -> tuple[int, ...]:
        """``d(k-1) + 1`` per dimension."""
        return tuple(d * (k - 1) + 1 for k, d in zip(self.kernel_size, self.dilation, strict=True))

    @property
    def full_size(self) -> tuple[int, ...]:
        """Length ``L = (i-1)s + d(k-1) + 1`` of the unpadded transposed convolution."""
        return tuple(
            (i - 1) * s + ke
            for i, s, ke in zip(
                self.input_size, self.stride, self.effective_kernel_size, strict=True
            )
        )

    @property
    def output_size(self) -> tuple[int, ...]:
        """``(i-1)s - lo - hi + d(k-1) + op + 1`` per dimension (the engine's formula)."""
        return tuple(
            tconv_output_length(i, k, s, lo, hi, d, op)
            for i, k, s, (lo, hi), d, op in zip(
                self.input_size,
                self.kernel_size,
                self.stride,
                self.pads,
                self.dilation,
                self.output_padding,
                strict=True,
            )
        )

    @property
    def window(self) -> tuple[Pair, ...]:
        """``[start, stop)`` of the full result that the output shows, per dimension."""
        return tuple(
            (lo, full + op - hi)
            for (lo, hi), full, op in zip(
                self.pads, self.full_size, self.output_padding, strict=True
            )
        )

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

    def with_channels(self, in_channels: int, out_channels: int, groups: int = 1) -> Canonical:
        """A copy with another channel structure."""
        return Canonical(
            self.input_size,
            self.kernel_size,
            self.stride,
            self.dilation,
            self.pads,
            self.output_padding,
            in_channels,
            out_channels,
            groups,
        )

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
            if not (op < s or op < d):
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
        return ConvSpec(
            input_size=c.input_size,
            kernel_size=c.kernel_size,
            stride=c.stride,
            padding=c.pads,
            dilation=c.dilation,
            output_padding=c.output_padding,
            in_channels=c.in_channels,
            out_channels=c.out_channels,
            groups=c.groups,
            transposed=True,
            batch=batch,
            bias=bias,
        )

    # ----- numbers -------------------------------------------------------------------

    def compute(self, x: Any, w: Any, b: Any = None) -> np.ndarray:
        """The output, exactly for integer and object data, in PyTorch's layout.

        Where a :class:`ConvSpec` has these numbers, symtconv's scatter-add with
        those parameters; otherwise the unpadded scatter-add and the window.

        Args:
            x: ``(N, C_in, *size)`` or ``(C_in, *size)``.
            w: ``(C_in, C_out/groups, *k)``.
            b: ``(C_out,)`` or None.
        """
        if self.spec_problem() is None:
            spec = self.to_spec()
            return conv_transpose(
                x,
                w,
                b,
                spec.stride,
                [list(p) for p in spec.padding],
                spec.output_padding,
                spec.dilation,
                spec.groups,
            )
        full = conv_transpose(x, w, None, self.stride, 0, 0, self.dilation, self.groups)
        lead = np.ndim(x) - self.rank
        adjust = tuple(
            (lo, n - stop) for (lo, stop), n in zip(self.window, self.full_size, strict=True)
        )
        out = apply_adjust(full, adjust, lead)
        if b is not None:  # every output position gets the bias, added zeros too
            bias = np.asarray(b)
            out = out + bias.reshape((-1,) + (1,) * self.rank)
        return out

    # ----- rendering -----------------------------------------------------------------

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "input_size": list(self.input_size),
            "kernel_size": list(self.kernel_size),
            "stride": list(self.stride),
            "dilation": list(self.dilation),
            "pads": [list(p) for p in self.pads],
            "output_padding": list(self.output_padding),
            "output_size": list(self.output_size),
            "full_size": list(self.full_size),
            "window": [list(w) for w in self.window],
            "in_channels": self.in_channels,
            "out_channels": self.out_channels,
            "groups": self.groups,
        }

    def __str__(self) -> str:
        def fmt(values: Sequence[Any]) -> str:
            return ", ".join(str(v) for v in values)

        lines = [
            f"input {fmt(self.input_size)}, kernel {fmt(self.kernel_size)}, stride "
            f"{fmt(self.stride)}, dilation {fmt(self.dilation)} -> output {fmt(self.output_size)}",
            f"pads (lo, hi) {fmt(self.pads)}, output_padding {fmt(self.output_padding)}",
            "the full transposed convolution (length (i-1)s + d(k-1) + 1 = "
            f"{fmt(self.full_size)}) seen through the window "
            + ", ".join(f"[{a}, {b})" for a, b in self.window),
        ]
        if self.in_channels > 1 or self.out_channels > 1:
            groups = f", groups {self.groups}" if self.groups > 1 else ""
            lines.append(f"channels {self.in_channels} -> {self.out_channels}{groups}")
        return "\n".join(lines)


def window_adjust(realized: Sequence[Pair], target: Sequence[Pair]) -> tuple[Pair, ...]:
    """Per dimension ``(lo, hi)`` that turns the realized window into the target.

    Positive amounts crop that many positions, negative ones add zeros.

    Examples:
        >>> window_adjust([(0, 11)], [(0, 10)])
        ((0, 1),)
    """
    return tuple((t0 - a, b - t1) for (a, b), (t0, t1) in zip(realized, target, strict=True))


def adjust_is_valid(realized: Sequence[Pair], target: Sequence[Pair], full: Sequence[int]) -> bool:
    """True when cropping/zero-padding the realized window gives the target exactly.

    Zeros may only be added where the full result is zero (outside ``[0, L)``),
    and the two windows must overlap.
    """
    for (a, b), (t0, t1), length in zip(realized, target, full, strict=True):
        if max(a, t0) >= min(b, t1):
            return False
        if t0 < a and not (a <= 0 or t0 >= length):
            return False
        if t1 > b and not (b >= length or t1 <= 0):
            return False
    return True


def apply_adjust(arr: np.ndarray, adjust: Sequence[Pair], first_axis: int) -> np.ndarray:
    """Crop (positive) or zero-pad (negative) the spatial axes starting at ``first_axis``.

    Examples:
        >>> apply_adjust(np.arange(5), [(1, -2)], 0).tolist()
        [1, 2, 3, 4, 0, 0]
    """
    out = arr
    for offset, (lo, hi) in enumerate(adjust):
        axis = first_axis + offset
        n = out.shape[axis]
        index = [slice(None)] * out.ndim
        index[axis] = slice(max(lo, 0), n - max(hi, 0))
        out = out[tuple(index)]
        if lo < 0 or hi < 0:
            shape = list(out.shape)
            shape[axis] += max(-lo, 0) + max(-hi, 0)
            padded = np.zeros(shape, dtype=out.dtype)
            if out.dtype == object:
                padded[...] = 0
            index[axis] = slice(max(-lo, 0), max(-lo, 0) + out.shape[axis])
            padded[tuple(index)] = out
            out = padded
    return out
