"""The context an equation or a matrix is checked in: the worked example it belongs to.

Examples:
    >>> from symtconv.linter.sink import Sink
    >>> Context(Sink()).kind is None
    True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from .problems import Solved
from .quantities import Quantities
from .sink import Sink

__all__ = ["Context"]


@dataclass
class Context:
    """What an equation is checked against.

    Attributes:
        sink: where findings go.
        solved: the worked example it belongs to (``None``: arithmetic only).
        section: ``transposed`` / ``forward`` from its section.
        used: the matrices already checked (by identity).
    """

    sink: Sink
    solved: Solved | None = None
    section: str | None = None
    used: set[int] = field(default_factory=set)
    stated: dict[str, Any] = field(default_factory=dict)
    _q: Quantities | None = None

    @property
    def q(self) -> Quantities | None:
        if self._q is None and self.solved is not None:
            self._q = Quantities(self.solved.derivation)
        return self._q

    @property
    def kind(self) -> str | None:
        return self.solved.kind if self.solved is not None else self.section

    def names(self) -> dict[sympy.Symbol, Any]:
        """The example's entry names (``x_{0,1}``, ``w_{1,0}``, ``y_{..}``) -> values."""
        out: dict[sympy.Symbol, Any] = {}
        q = self.q
        if q is None:
            return out
        for letter, arr in (("x", q.x), ("w", q.w), ("y", q.y)):
            for index, value in np.ndenumerate(arr):
                out[sympy.Symbol(f"{letter}_{{{','.join(map(str, index))}}}")] = value
        return out
