"""How a framework computes a canonical form: the result of expressing it there.

Examples:
    >>> from symtconv.frameworks import Canonical, to_framework
    >>> eq = to_framework(Canonical.create(5, 3, stride=2, pads=(0, 1)), "torch")
    >>> eq.status, eq.adjust
    ('workaround', ((0, 1),))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..results import Result
from .windows import Pair

__all__ = ["Equivalent"]


@dataclass(frozen=True, eq=False)
class Equivalent(Result):
    """How a framework computes a canonical form: exactly, or with a crop/pad.

    Attributes:
        framework: registry name.
        title: the framework's display name and operation.
        params: the call's parameters in the framework's own names (None when
            the framework cannot express the layer at all).
        exact: True when the call alone computes the canonical output.
        adjust: per dimension ``(lo, hi)`` applied to the call's output:
            positive crops that many positions, negative adds zeros.
        per_group: the framework has no groups: one call per group, then
            concatenate the outputs along the channels.
        alternatives: other parameter sets that are exact too.
        notes: surprises and reasons (one sentence each).
        weight: how to turn a PyTorch-layout weight into this framework's.
        code: the call (and the crop) as the framework's code.
        unsupported: why the framework cannot express it, or None.
    """

    framework: str
    title: str
    params: dict[str, Any] | None
    exact: bool
    adjust: tuple[Pair, ...]
    per_group: bool = False
    alternatives: tuple[dict[str, Any], ...] = ()
    notes: tuple[str, ...] = ()
    weight: str = ""
    code: str = ""
    unsupported: str | None = None

    @property
    def status(self) -> str:
        """ "exact", "workaround" or "unsupported"."""
        if self.unsupported is not None:
            return "unsupported"
        return "exact" if self.exact else "workaround"
