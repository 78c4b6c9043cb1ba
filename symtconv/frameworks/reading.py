"""Reading a framework's parameters: the layer a reader starts from and the reading it gives.

A framework's ``read`` takes a :class:`Layer` (the spatial sizes, validated and
one per dimension, the channels, and the parameters by the framework's own
names) and returns a :class:`Reading`: the canonical form plus notes on
anything surprising.  The steps every reader shares live on :class:`Layer`.

Examples:
    >>> layer = Layer.create(5, 3, {"strides": [2]})
    >>> layer.rank, layer.ints("strides", 1), layer.ints("dilations", 1)
    (1, (2,), (1,))
    >>> layer.canonical(stride=(2,), dilation=(1,), pads=((1, 1),), output_padding=(1,)).window
    ((1, 11),)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from ..core.spec import IntOrSeq, per_dim
from ..errors import SpecError
from ..results import Result
from .canonical import Canonical
from .windows import Pair

if TYPE_CHECKING:
    from typing import Unpack

__all__ = ["Channels", "Layer", "Reading", "check_keys"]


class Channels(TypedDict, total=False):
    """The channel counts of a layer (1 each unless given)."""

    in_channels: int
    out_channels: int


@dataclass(frozen=True, eq=False)
class Layer:
    """A layer as a framework gives it, before reading.

    Attributes:
        input_size, kernel_size: spatial sizes, one per dimension (validated).
        params: the framework's parameters by its own names.
        in_channels, out_channels: channel counts.
    """

    input_size: tuple[int, ...]
    kernel_size: tuple[int, ...]
    params: dict[str, Any]
    in_channels: int = 1
    out_channels: int = 1

    @classmethod
    def create(
        cls,
        input_size: IntOrSeq,
        kernel_size: IntOrSeq,
        params: Mapping[str, Any] | None = None,
        **channels: Unpack[Channels],
    ) -> Layer:
        """The sizes validated and broadcast as :meth:`Canonical.create` does them.

        Raises:
            SpecError: sizes that are not positive ints (one, or one per dimension).
        """
        probe = Canonical.create(input_size, kernel_size)
        return cls(probe.input_size, probe.kernel_size, dict(params or {}), **channels)

    @property
    def rank(self) -> int:
        """Number of spatial dimensions."""
        return len(self.kernel_size)

    def ints(self, name: str, default: object = None) -> tuple[int, ...]:
        """Parameter ``name`` (``default`` when absent) as one int per dimension.

        Raises:
            SpecError: neither an int nor one per dimension (one serves all).
        """
        return per_dim(name, self.params.get(name, default), self.rank, one_for_all=True)

    def check_kernel(self, name: str, what: str) -> None:
        """Refuse a kernel-size parameter that contradicts the kernel's own size.

        Raises:
            SpecError: ``params[name]`` is given and differs from the kernel size.
        """
        if name in self.params and self.ints(name) != self.kernel_size:
            raise SpecError(
                f"{name}: got {self.params[name]!r}; {what} is {list(self.kernel_size)}"
            )

    def canonical(
        self,
        stride: tuple[int, ...],
        dilation: tuple[int, ...],
        pads: tuple[Pair, ...],
        output_padding: tuple[int, ...],
        groups: int = 1,
    ) -> Canonical:
        """The canonical form of this layer with the parameters read.

        Raises:
            SpecError: values out of range (see :class:`Canonical`).
        """
        return Canonical(
            self.input_size,
            self.kernel_size,
            stride,
            dilation,
            pads,
            output_padding,
            self.in_channels,
            self.out_channels,
            groups,
        )


@dataclass(frozen=True)
class Reading(Result):
    """A framework's parameters read into the canonical form.

    Attributes:
        canonical: the canonical form.
        notes: what is surprising about these parameters (one sentence each).
        appended_zeros: zeros the framework appends after the convolution (and its
            bias) at the end of each spatial dimension, outside the canonical form
            (MindSpore's 2-D output_padding); ``()`` for none.
    """

    canonical: Canonical
    notes: tuple[str, ...] = ()
    appended_zeros: tuple[int, ...] = ()


def check_keys(framework: str, params: Mapping[str, Any], valid: Iterable[str]) -> None:
    """Refuse parameter names the framework does not have.

    Raises:
        SpecError: an unknown name (the message lists the valid ones).
    """
    names = list(valid)
    for key in params:
        if key not in names:
            raise SpecError(
                f"{key}: not a parameter of {framework}; its parameters are {', '.join(names)}"
            )
