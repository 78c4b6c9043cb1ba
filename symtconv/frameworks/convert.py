"""Convert a layer's parameters from one framework to all of them, and check the numbers.

:func:`convert` reads the source framework's parameters into the canonical
form, expresses it in every registered framework, and (by default) runs each
equivalent through symtconv -- in that framework's layouts, with its
documented semantics, plus the stated crop/pad -- on random integer data, and
compares it exactly with the canonical output.

Examples:
    >>> tf_params = {"output_shape": [10], "strides": [2], "padding": "SAME"}
    >>> conv = convert("tensorflow", 5, 3, tf_params)
    >>> conv.canonical.pads, conv.equivalents["torch"].status, conv.equivalents["onnx"].status
    (((0, 1),), 'workaround', 'exact')
    >>> all(conv.checks.values())
    True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from ..core import cost
from ..core.limits import check_seed
from ..core.spec import IntOrSeq
from ..results import Result
from . import FRAMEWORKS, get_framework
from .canonical import Canonical
from .equivalent import Equivalent
from .reading import Channels, Reading
from .windows import apply_adjust

if TYPE_CHECKING:
    from typing import Unpack

__all__ = ["Conversion", "check_equivalents", "convert"]


@dataclass(frozen=True, eq=False)
class Conversion(Result):
    """One layer in every framework's terms.

    Attributes:
        source: the source framework's registry name.
        params: the parameters as given.
        reading: the canonical form and the notes on the given parameters.
        equivalents: registry name -> :class:`Equivalent`, every framework.
        checks: registry name -> True when that equivalent, computed by symtconv,
            gives exactly the canonical output (absent: unsupported or not checked).
        seed: the seed of the check's random data.
    """

    source: str
    params: dict[str, Any]
    reading: Reading
    equivalents: dict[str, Equivalent]
    checks: dict[str, bool] = field(default_factory=dict)
    seed: int = 0

    @property
    def canonical(self) -> Canonical:
        """The canonical form."""
        return self.reading.canonical

    @property
    def source_title(self) -> str:
        """The source framework's display name."""
        return get_framework(self.source).title

    @property
    def ok(self) -> bool:
        """True when every checked equivalent gave the canonical numbers."""
        return all(self.checks.values())


def check_equivalents(
    canonical: Canonical,
    equivalents: Mapping[str, Equivalent],
    seed: int = 0,
    appended_zeros: Sequence[int] = (),
    max_bytes: int = cost.MAX_BYTES.default,
) -> dict[str, bool]:
    """Run each supported equivalent on random integer data; True where it matches exactly.

    ``appended_zeros``: zeros the source appends after the canonical output
    (:attr:`Reading.appended_zeros`); the equivalents add them too.

    Raises:
        SpecError: a bad seed.
        TooLargeError: the arrays of the check (the canonical result and each
            framework's, exact Python integers) would take more than ``max_bytes``.
    """
    rng = np.random.default_rng(check_seed(seed))
    c = canonical
    spec = c.full
    runs = 1 + sum(eq.params is not None for eq in equivalents.values())
    cost.require(
        cost.numeric_bytes(spec, "scatter", cost.OBJECT_BYTES) * runs,
        max_bytes,
        cost.MAX_BYTES,
        "the numeric check",
        cost.describe(spec) + f", {runs} computations; --no-check skips it",
    )
    x = rng.integers(-9, 10, (1, c.in_channels, *c.input_size)).astype(object)
    w = rng.integers(-9, 10, (c.in_channels, c.out_channels // c.groups, *c.kernel_size)).astype(
        object
    )
    reference = c.compute(x, w)
    if any(appended_zeros):
        reference = apply_adjust(reference, [(0, -z) for z in appended_zeros], 2)
    results = {}
    for name, eq in equivalents.items():
        if eq.params is None:
            continue
        got = FRAMEWORKS[name].run(eq, c, x, w)
        results[name] = got.shape == reference.shape and bool((got == reference).all())
    return results


def convert(
    framework: str,
    input_size: IntOrSeq,
    kernel_size: IntOrSeq,
    params: Mapping[str, Any] | None = None,
    *,
    check: bool = True,
    seed: int = 0,
    max_bytes: int = cost.MAX_BYTES.default,
    **channels: Unpack[Channels],
) -> Conversion:
    """Read one framework's parameters and express them in every framework.

    Args:
        framework: the source framework's name (see :data:`FRAMEWORKS`).
        input_size, kernel_size: spatial sizes (an int or one per dimension).
        params: the source framework's parameters by its own names.
        check: run every equivalent through symtconv and compare exactly.
        seed: seed of the check's random integer data.
        max_bytes: refuse a check whose arrays would take more bytes than this.
        **channels: ``in_channels``, ``out_channels`` (1 each by default).

    Raises:
        SpecError: an unknown framework or parameter, or values the framework rejects.
        TooLargeError: the check's arrays above ``max_bytes`` (before any is made).
    """
    fw = get_framework(framework)
    given = dict(params or {})
    reading = fw.from_params(input_size, kernel_size, given, **channels)
    c, zeros = reading.canonical, reading.appended_zeros
    equivalents = {
        name: with_appended_zeros(other.to_params(c), c, zeros)
        for name, other in FRAMEWORKS.items()
    }
    checks = check_equivalents(c, equivalents, seed, zeros, max_bytes) if check else {}
    return Conversion(fw.name, given, reading, equivalents, checks, seed)


def with_appended_zeros(eq: Equivalent, c: Canonical, zeros: Sequence[int]) -> Equivalent:
    """``eq`` followed by ``zeros`` zeros at the end of each spatial dimension (no bias there).

    The zeros join the equivalent's crop/pad, and its code is written again for
    the larger output.

    Examples:
        >>> from symtconv.frameworks import to_framework
        >>> c = Canonical.create(3, 3, stride=2, pads=1)
        >>> with_appended_zeros(to_framework(c, "onnx"), c, [1]).adjust
        ((0, -1),)
    """
    if eq.params is None or not any(zeros):
        return eq
    adjust = tuple((lo, hi - z) for (lo, hi), z in zip(eq.adjust, zeros, strict=True))
    bigger = replace(
        c, output_padding=tuple(o + z for o, z in zip(c.output_padding, zeros, strict=True))
    )
    note = (
        f"then {list(zeros)} zero(s) at the end, where the source appends them after its "
        "convolution and bias"
    )
    return replace(
        eq,
        exact=False,
        adjust=adjust,
        alternatives=(),
        notes=(*eq.notes, note),
        code=get_framework(eq.framework).code(eq.params, adjust, bigger),
    )
