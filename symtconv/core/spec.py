"""The validated convolution spec: the one way geometry enters symtconv.

A :class:`ConvSpec` describes either a transposed convolution (the default) or
an ordinary (forward) convolution, per spatial dimension, in PyTorch's
conventions.  It is frozen and hashable; everything downstream trusts it.

Per spatial dimension, with input size ``i``, kernel ``k``, stride ``s``,
padding ``(p_lo, p_hi)``, dilation ``d`` and output padding ``op``:

* forward output size: ``floor((i + p_lo + p_hi - d(k-1) - 1) / s) + 1``
* transposed output size: ``(i-1)s - p_lo - p_hi + d(k-1) + op + 1``

Examples:
    >>> spec = ConvSpec.create(input_size=(2, 2), kernel_size=(2, 2))
    >>> spec.output_size
    (3, 3)
    >>> spec.weight_shape
    (1, 1, 2, 2)
    >>> ConvSpec.create(input_size=5, kernel_size=3, stride=2, padding=1,
    ...                 output_padding=1).output_size
    (10,)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from ..errors import SpecError
from .lexer import clip
from .limits import MAX_SIZE, check_size_value

__all__ = [
    "MAX_RANK",
    "MAX_SIZE",
    "ConvSpec",
    "IntOrSeq",
    "PaddingArg",
    "conv_output_length",
    "effective_kernel_size",
    "output_padding_accepted",
    "pad_pairs",
    "per_dim",
    "tconv_output_length",
]

#: Highest spatial rank accepted (the engine is rank-generic; this keeps output readable).
MAX_RANK = 3

IntOrSeq = int | Sequence[int]
PaddingArg = int | Sequence[int | Sequence[int]]


def conv_output_length(i: int, k: int, s: int, p_lo: int, p_hi: int, d: int) -> int:
    """Forward convolution output length along one dimension (may be <= 0)."""
    return (i + p_lo + p_hi - d * (k - 1) - 1) // s + 1


def tconv_output_length(i: int, k: int, s: int, p_lo: int, p_hi: int, d: int, op: int) -> int:
    """Transposed convolution output length along one dimension (may be <= 0)."""
    return (i - 1) * s - p_lo - p_hi + d * (k - 1) + op + 1


def output_padding_accepted(op: int, s: int, d: int) -> bool:
    """PyTorch's rule for one dimension: the output padding is below the stride *or* the dilation.

    (pytorch#8826 questions the second half: with ``s <= op < d`` the round trip breaks.)
    """
    return op < s or op < d


def effective_kernel_size(kernel_size: Sequence[int], dilation: Sequence[int]) -> tuple[int, ...]:
    """Dilated kernel extent ``d(k-1)+1`` per dimension.

    Examples:
        >>> effective_kernel_size((3, 2), (2, 1))
        (5, 2)
    """
    return tuple(d * (k - 1) + 1 for k, d in zip(kernel_size, dilation, strict=True))


def _is_int(value: object) -> bool:
    if type(value) is int:  # the common case, without the slower ABC check
        return True
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_seq(value: object) -> bool:
    return type(value) in (tuple, list) or (
        isinstance(value, Sequence) and not isinstance(value, str)
    )


def per_dim(name: str, value: object, rank: int, *, one_for_all: bool = False) -> tuple[int, ...]:
    """An int, or one int per spatial dimension, as a ``rank``-tuple: the one normaliser.

    :meth:`ConvSpec.create` takes exactly ``rank`` values (a spec's parameters
    are PyTorch's); the framework readers pass ``one_for_all=True``, because the
    frameworks also accept a one-item list (``strides=[2]``) for every dimension.

    Args:
        name: the parameter's name, for the message.
        value: an int or a sequence of ints.
        rank: the number of spatial dimensions.
        one_for_all: a one-item sequence serves every dimension too.

    Raises:
        SpecError: not an int, nor ``rank`` ints (nor one, with ``one_for_all``).

    Examples:
        >>> per_dim("stride", 2, 3)
        (2, 2, 2)
        >>> per_dim("stride", [2], 2, one_for_all=True)
        (2, 2)
        >>> per_dim("stride", [2], 2)
        Traceback (most recent call last):
        ...
        symtconv.errors.SpecError: stride: got [2]; must be an integer or 2 integer(s), one per ...
    """
    if _is_int(value):
        return (int(value),) * rank  # type: ignore[call-overload]
    if _is_seq(value):
        items = list(value)  # type: ignore[call-overload]
        if all(_is_int(v) for v in items):
            if len(items) == rank:
                return tuple(int(v) for v in items)
            if one_for_all and len(items) == 1:
                return (int(items[0]),) * rank
    raise SpecError(
        f"{name}: got {_show(value)}; must be an integer or {rank} integer(s), "
        f"one per spatial dimension"
    )


def pad_pairs(
    name: str, value: object, rank: int, *, flat_pair: bool = False
) -> tuple[tuple[int, int], ...]:
    """Padding as one ``(lo, hi)`` pair per dimension, from an int, one int per dim, or pairs.

    A spec's padding takes one item per dimension; the framework readers pass
    ``flat_pair=True``, reading ``(lo, hi)`` in one dimension as that pair.

    Raises:
        SpecError: none of those forms.

    Examples:
        >>> pad_pairs("padding", [1, (0, 2)], 2)
        ((1, 1), (0, 2))
        >>> pad_pairs("pads", (0, 1), 1, flat_pair=True)
        ((0, 1),)
    """
    if _is_int(value):
        return ((int(value), int(value)),) * rank  # type: ignore[call-overload]
    valid = (
        f"must be an integer, {rank} integer(s) (one per spatial dimension) "
        f"or {rank} (lo, hi) pair(s)"
    )
    if not _is_seq(value):
        raise SpecError(f"{name}: got {_show(value)}; {valid}")
    items = list(value)  # type: ignore[call-overload]
    if flat_pair and rank == 1 and len(items) == 2 and all(_is_int(v) for v in items):
        return ((int(items[0]), int(items[1])),)
    if len(items) != rank:
        raise SpecError(f"{name}: got {_show(value)}; {valid}")
    pairs = []
    for item in items:
        if _is_int(item):
            pairs.append((int(item), int(item)))
        elif _is_seq(item) and len(item) == 2 and all(_is_int(v) for v in item):
            pairs.append((int(item[0]), int(item[1])))
        else:
            raise SpecError(f"{name}: got {_show(value)}; {valid}")
    return tuple(pairs)


def _show(value: object) -> str:
    """A value for a message: its repr, clipped."""
    if isinstance(value, tuple) and len(value) == 1:
        value = value[0]
    return clip(repr(value), 60)[1:-1]


def _dims(rank: int) -> str:
    return "" if rank == 1 else " in dimension {}"


def _is_plain_int(value: object) -> bool:
    """An ``int`` proper (not a bool): what the validated fields hold."""
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class ConvSpec:
    """Geometry of one (transposed) convolution, validated on construction.

    Build it with :meth:`create`, which accepts PyTorch-style arguments (an int
    or one value per spatial dimension); the fields hold the normalised tuples.

    Attributes:
        input_size: spatial size of the operation's input, per dimension.
        kernel_size: spatial size of the kernel, per dimension.
        stride: stride per dimension.
        padding: ``(lo, hi)`` padding per dimension.
        dilation: dilation per dimension.
        output_padding: extra output size on the high side (transposed only).
        in_channels: channels of the operation's input.
        out_channels: channels of the operation's output.
        groups: number of groups; divides both channel counts.
        transposed: ``True`` for a transposed convolution, ``False`` for a forward one.
        batch: batch size, or ``None`` for unbatched tensors.
        bias: whether a bias (one per output channel) is added.
    """

    input_size: tuple[int, ...]
    kernel_size: tuple[int, ...]
    stride: tuple[int, ...]
    padding: tuple[tuple[int, int], ...]
    dilation: tuple[int, ...]
    output_padding: tuple[int, ...]
    in_channels: int = 1
    out_channels: int = 1
    groups: int = 1
    transposed: bool = True
    batch: int | None = None
    bias: bool = False

    @classmethod
    def create(
        cls,
        input_size: IntOrSeq,
        kernel_size: IntOrSeq,
        *,
        stride: IntOrSeq = 1,
        padding: PaddingArg = 0,
        output_padding: IntOrSeq = 0,
        dilation: IntOrSeq = 1,
        in_channels: int = 1,
        out_channels: int = 1,
        groups: int = 1,
        transposed: bool = True,
        batch: int | None = None,
        bias: bool = False,
    ) -> ConvSpec:
        """Build a spec from PyTorch-style arguments.

        The spatial rank is the length of ``kernel_size`` (or of ``input_size`` when
        the kernel size is a plain int).

        Raises:
            SpecError: a parameter is malformed or out of range.
        """
        if isinstance(kernel_size, Sequence) and not isinstance(kernel_size, str):
            rank = len(kernel_size)
        elif isinstance(input_size, Sequence) and not isinstance(input_size, str):
            rank = len(input_size)
        else:
            rank = 1
        if not 1 <= rank <= MAX_RANK:
            raise SpecError(
                f"kernel_size: got {_show(kernel_size)}, a spatial rank of {rank}; "
                f"spatial rank must be 1 to {MAX_RANK}"
            )
        return cls(
            input_size=per_dim("input_size", input_size, rank),
            kernel_size=per_dim("kernel_size", kernel_size, rank),
            stride=per_dim("stride", stride, rank),
            padding=pad_pairs("padding", padding, rank),
            dilation=per_dim("dilation", dilation, rank),
            output_padding=per_dim("output_padding", output_padding, rank),
            in_channels=in_channels,
            out_channels=out_channels,
            groups=groups,
            transposed=transposed,
            batch=batch,
            bias=bias,
        )

    def __post_init__(self) -> None:
        """Validate the fields, one rule after another (the first broken one is reported)."""
        self._check_rank()
        self._check_tuples()
        self._check_ranges()
        self._check_counts()
        self._check_groups()
        self._check_output_padding()
        self._check_output_size()

    # ----- validation steps ---------------------------------------------------

    def _where(self, dim: int) -> str:
        """`` in dimension {dim}`` for a spatial rank above one, else nothing."""
        return _dims(len(self.kernel_size)).format(dim)

    def _check_rank(self) -> None:
        """The spatial rank (the kernel's) is 1 to :data:`MAX_RANK`."""
        if not 1 <= len(self.kernel_size) <= MAX_RANK:
            raise SpecError(
                f"kernel_size: got {_show(self.kernel_size)}; spatial rank must be 1 to {MAX_RANK}"
            )

    def _check_tuples(self) -> None:
        """Every per-dimension field is a tuple of ``rank`` integers (padding: of pairs)."""
        rank = len(self.kernel_size)
        for name in ("input_size", "kernel_size", "stride", "dilation", "output_padding"):
            value = getattr(self, name)
            if (
                not isinstance(value, tuple)
                or len(value) != rank
                or not all(_is_plain_int(v) for v in value)
            ):
                raise SpecError(f"{name}: got {_show(value)}; must be a tuple of {rank} integer(s)")
        if (
            not isinstance(self.padding, tuple)
            or len(self.padding) != rank
            or not all(
                isinstance(pair, tuple) and len(pair) == 2 and all(_is_plain_int(v) for v in pair)
                for pair in self.padding
            )
        ):
            raise SpecError(
                f"padding: got {_show(self.padding)}; must be a tuple of {rank} (lo, hi) "
                "integer pair(s)"
            )

    def _check_ranges(self) -> None:
        """Sizes, strides and dilations are >= 1; output padding and padding >= 0; all are at
        most :data:`~symtconv.core.limits.MAX_SIZE`."""
        lows = (
            ("input_size", self.input_size, 1),
            ("kernel_size", self.kernel_size, 1),
            ("stride", self.stride, 1),
            ("dilation", self.dilation, 1),
            ("output_padding", self.output_padding, 0),
        )
        for name, values, low in lows:
            for dim, value in enumerate(values):
                check_size_value(name, value, self._where(dim))
                if value < low:
                    raise SpecError(
                        f"{name}: got {value}{self._where(dim)}; must be an integer >= {low}"
                    )
        for dim, (lo, hi) in enumerate(self.padding):
            check_size_value("padding", max(lo, hi), self._where(dim))
            if lo < 0 or hi < 0:
                raise SpecError(
                    f"padding: got ({lo}, {hi}){self._where(dim)}; must be integers >= 0"
                )

    def _check_counts(self) -> None:
        """Channels and groups are integers >= 1, batch None or >= 1, the flags booleans."""
        for name in ("in_channels", "out_channels", "groups"):
            value = getattr(self, name)
            if not _is_plain_int(value) or value < 1:
                raise SpecError(f"{name}: got {_show(value)}; must be an integer >= 1")
            check_size_value(name, value)
        if self.batch is not None and (not _is_plain_int(self.batch) or self.batch < 1):
            raise SpecError(f"batch: got {_show(self.batch)}; must be None or an integer >= 1")
        if self.batch is not None:
            check_size_value("batch", self.batch)
        if not isinstance(self.transposed, bool) or not isinstance(self.bias, bool):
            raise SpecError("transposed and bias: must be True or False")

    def _check_groups(self) -> None:
        """The groups divide both channel counts."""
        if self.in_channels % self.groups or self.out_channels % self.groups:
            raise SpecError(
                f"groups: got {self.groups}; must divide in_channels ({self.in_channels}) "
                f"and out_channels ({self.out_channels})"
            )

    def _check_output_padding(self) -> None:
        """PyTorch's rule: ``op < s or op < d``; a forward convolution has none."""
        if not self.transposed:
            if any(self.output_padding):
                raise SpecError(
                    f"output_padding: got {self.output_padding!r}; "
                    "only a transposed convolution has output padding (use 0)"
                )
            return
        for dim, (op, s, d) in enumerate(zip(self.output_padding, self.stride, self.dilation)):
            if not output_padding_accepted(op, s, d):
                raise SpecError(
                    f"output_padding: got {op}{self._where(dim)}; must be smaller than "
                    f"either stride ({s}) or dilation ({d}), as in PyTorch"
                )

    def _check_output_size(self) -> None:
        """Every output size is >= 1; the message shows the formula with the numbers."""
        for dim, size in enumerate(self.output_size):
            if size >= 1:
                continue
            i, k, s = self.input_size[dim], self.kernel_size[dim], self.stride[dim]
            (lo, hi), d = self.padding[dim], self.dilation[dim]
            if self.transposed:
                detail = (
                    f"(i-1)s - p_lo - p_hi + d(k-1) + op + 1 = ({i}-1)*{s} - {lo} - {hi} "
                    f"+ {d}*({k}-1) + {self.output_padding[dim]} + 1 = {size}"
                )
                fix = "padding must be smaller"
            else:
                detail = (
                    f"i + p_lo + p_hi = {i + lo + hi} is smaller than the dilated kernel "
                    f"d(k-1)+1 = {d * (k - 1) + 1}"
                )
                fix = "the padded input must be at least as large as the dilated kernel"
            raise SpecError(
                f"input_size: got {i}{self._where(dim)}, which gives an output size of "
                f"{size}: {detail}; {fix}"
            )

    # ----- derived geometry -------------------------------------------------

    @property
    def rank(self) -> int:
        """Number of spatial dimensions."""
        return len(self.kernel_size)

    @property
    def effective_kernel_size(self) -> tuple[int, ...]:
        """Dilated kernel extent ``d(k-1)+1`` per dimension."""
        return effective_kernel_size(self.kernel_size, self.dilation)

    @cached_property
    def output_size(self) -> tuple[int, ...]:
        """Spatial output size per dimension."""
        if self.transposed:
            return tuple(
                tconv_output_length(i, k, s, lo, hi, d, op)
                for i, k, s, (lo, hi), d, op in zip(
                    self.input_size,
                    self.kernel_size,
                    self.stride,
                    self.padding,
                    self.dilation,
                    self.output_padding,
                )
            )
        return tuple(
            conv_output_length(i, k, s, lo, hi, d)
            for i, k, s, (lo, hi), d in zip(
                self.input_size, self.kernel_size, self.stride, self.padding, self.dilation
            )
        )

    @property
    def symmetric_padding(self) -> bool:
        """True when every dimension pads both sides equally."""
        return all(lo == hi for lo, hi in self.padding)

    @property
    def weight_shape(self) -> tuple[int, ...]:
        """PyTorch's weight layout: ``(C_in, C_out/g, *k)`` transposed, ``(C_out, C_in/g, *k)``
        forward."""
        if self.transposed:
            return (self.in_channels, self.out_channels // self.groups, *self.kernel_size)
        return (self.out_channels, self.in_channels // self.groups, *self.kernel_size)

    @property
    def input_shape(self) -> tuple[int, ...]:
        """Full input tensor shape: ``([N,] C_in, *input_size)``."""
        lead = () if self.batch is None else (self.batch,)
        return (*lead, self.in_channels, *self.input_size)

    @property
    def output_shape(self) -> tuple[int, ...]:
        """Full output tensor shape: ``([N,] C_out, *output_size)``."""
        lead = () if self.batch is None else (self.batch,)
        return (*lead, self.out_channels, *self.output_size)

    # ----- the matrix C -------------------------------------------------------
    # C is always the matrix of a forward convolution.  Its rows are that forward
    # convolution's output positions, its columns its input positions.  For a
    # forward spec that is the spec itself; for a transposed spec it is the
    # forward convolution that maps the transposed output back to the transposed
    # input, whose weight tensor is the transposed weight read in forward layout.

    @property
    def row_channels(self) -> int:
        """Channels on C's row side (the weight's first axis)."""
        return self.in_channels if self.transposed else self.out_channels

    @property
    def col_channels(self) -> int:
        """Channels on C's column side."""
        return self.out_channels if self.transposed else self.in_channels

    @property
    def row_size(self) -> tuple[int, ...]:
        """Spatial positions of C's rows (the smaller side)."""
        return self.input_size if self.transposed else self.output_size

    @property
    def col_size(self) -> tuple[int, ...]:
        """Spatial positions of C's columns (the larger side)."""
        return self.output_size if self.transposed else self.input_size

    @property
    def matrix_shape(self) -> tuple[int, int]:
        """Shape of C: (row channels x row positions, col channels x col positions)."""
        return (
            self.row_channels * math.prod(self.row_size),
            self.col_channels * math.prod(self.col_size),
        )

    @property
    def forward_output_size(self) -> tuple[int, ...]:
        """Output size of the forward convolution whose matrix is C.

        For a transposed spec this is ``i + op // s`` per dimension: larger than
        the transposed input where ``op >= s`` (allowed when ``op < d``); C then
        holds only the first ``i`` output positions of that convolution.
        """
        return tuple(
            conv_output_length(n, k, s, lo, hi, d)
            for n, k, s, (lo, hi), d in zip(
                self.col_size, self.kernel_size, self.stride, self.padding, self.dilation
            )
        )

    @property
    def truncated_rows(self) -> bool:
        """True when C keeps only some output positions of its forward convolution."""
        return self.forward_output_size != self.row_size

    def forward_equivalent(self) -> ConvSpec:
        """The forward convolution whose matrix C this spec uses (itself when forward)."""
        if not self.transposed:
            return self
        return ConvSpec(
            input_size=self.output_size,
            kernel_size=self.kernel_size,
            stride=self.stride,
            padding=self.padding,
            dilation=self.dilation,
            output_padding=(0,) * self.rank,
            in_channels=self.out_channels,
            out_channels=self.in_channels,
            groups=self.groups,
            transposed=False,
            batch=self.batch,
            bias=False,
        )

    def as_dict(self) -> dict[str, object]:
        """Plain-data form (lists and ints), as used in JSON output."""
        return {
            "transposed": self.transposed,
            "input_size": list(self.input_size),
            "kernel_size": list(self.kernel_size),
            "stride": list(self.stride),
            "padding": [list(pair) for pair in self.padding],
            "dilation": list(self.dilation),
            "output_padding": list(self.output_padding),
            "in_channels": self.in_channels,
            "out_channels": self.out_channels,
            "groups": self.groups,
            "batch": self.batch,
            "bias": self.bias,
            "output_size": list(self.output_size),
        }

    def describe(self) -> str:
        """One-line human description of the spec."""
        kind = "transposed convolution" if self.transposed else "convolution"

        def fmt(values: Sequence[object]) -> str:
            vals = list(values)
            return str(vals[0]) if len(set(vals)) == 1 else "x".join(str(v) for v in vals)

        pads = (
            fmt([lo for lo, _ in self.padding])
            if self.symmetric_padding
            else ",".join(f"{lo}:{hi}" for lo, hi in self.padding)
        )
        parts = [
            f"{self.rank}-D {kind}",
            "input " + "x".join(map(str, self.input_size)),
            "kernel " + "x".join(map(str, self.kernel_size)),
            f"stride {fmt(self.stride)}",
            f"padding {pads}",
            f"dilation {fmt(self.dilation)}",
        ]
        if self.transposed:
            parts.append(f"output_padding {fmt(self.output_padding)}")
        if self.in_channels > 1 or self.out_channels > 1:
            parts.append(f"channels {self.in_channels}->{self.out_channels}")
        if self.groups > 1:
            parts.append(f"groups {self.groups}")
        if self.batch is not None:
            parts.append(f"batch {self.batch}")
        if self.bias:
            parts.append("bias")
        return ", ".join(parts)
