"""The results of a crosscheck: each :class:`Disagreement` and the :class:`CrosscheckReport`.

They hold data; their text and plain data are writers in :mod:`symtconv.render`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ...results import Result
from ..canonical import Canonical
from .compare import TOLERANCE
from .variants import Variant

__all__ = ["CrosscheckReport", "Disagreement"]


@dataclass(frozen=True, eq=False)
class Disagreement(Result):
    """A configuration where the framework and symtconv differ (or the framework failed).

    Attributes:
        framework: "torch" or "onnx".
        kind: "values", "shape", "error" (the framework raised) or
            "shape_inference" (ONNX's inferred output shape differs).
        canonical: the configuration.
        variant: how it was written in the framework's parameters.
        message: what differs, or the error the framework raised.
        x, w, b: the (shrunk) data; None where not kept.
        expected, got: symtconv's result and the framework's (None when it raised).
        reproducer: a standalone script, or "" when not shrunk.
    """

    framework: str
    kind: str
    canonical: Canonical
    variant: Variant
    message: str
    x: np.ndarray | None = None
    w: np.ndarray | None = None
    b: np.ndarray | None = None
    expected: np.ndarray | None = None
    got: np.ndarray | None = None
    reproducer: str = ""

    @property
    def signature(self) -> str:
        """What groups similar disagreements: variant kind, kind, first words of the message."""
        text = self.message.split(":")[0] if self.kind == "error" else ""
        groups = "groups > 1" if self.canonical.groups > 1 else "groups 1"
        return " | ".join(p for p in (self.variant.label, groups, self.kind, text) if p)


@dataclass(frozen=True, eq=False)
class CrosscheckReport(Result):
    """The outcome of a cross-check.

    Attributes:
        framework: "torch" or "onnx".
        version: the framework's version.
        specs: canonical forms checked.
        checked: configurations run (a spec times its variants).
        disagreements: every disagreement (the first of each signature shrunk).
        seconds: wall time.
        seed: base seed of the data.
        variants: configurations run per variant label.
        failed: configurations with at least one disagreement.
    """

    framework: str
    version: str
    specs: int
    checked: int
    disagreements: tuple[Disagreement, ...]
    seconds: float
    seed: int
    variants: dict[str, int] = field(default_factory=dict)
    failed: int = 0

    #: Absolute tolerance of the comparison: none (see :mod:`.compare`).
    tolerance = TOLERANCE

    @property
    def agree(self) -> bool:
        """True when nothing disagreed."""
        return not self.disagreements

    @property
    def groups(self) -> dict[str, list[Disagreement]]:
        """Disagreements by signature."""
        out: dict[str, list[Disagreement]] = {}
        for d in self.disagreements:
            out.setdefault(d.signature, []).append(d)
        return out
