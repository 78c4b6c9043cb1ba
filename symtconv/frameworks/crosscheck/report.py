"""The results of a crosscheck: each :class:`Disagreement` and the :class:`CrosscheckReport`.

They hold data; their text and plain data are writers in :mod:`symtconv.render`.
"""

from __future__ import annotations

import re
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
        framework: the runner's name ("torch", "onnxruntime", ...).
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
        """What groups similar disagreements.

        An error the library raised is grouped by its message (numbers and the
        library's decorations left out), whichever way the layer was written; a
        wrong result by the way it was written (the variant).  Both also by
        whether the layer has groups.

        Examples:
            >>> from symtconv.frameworks.crosscheck.variants import Variant
            >>> c = Canonical.create(3, 2)
            >>> Disagreement("onnx", "values", c, Variant("pads", {}), "1 of 4 differ").signature
            'pads | groups 1 | values'
            >>> Disagreement("tf", "error", c, Variant("given", {}), "E: rate 2 > 1").signature
            'groups 1 | error | E: rate # > #'
        """
        groups = "groups > 1" if self.canonical.groups > 1 else "groups 1"
        if self.kind == "error":
            return f"{groups} | error | {error_key(self.message)}"
        return " | ".join(p for p in (self.variant.label, groups, self.kind) if p)


#: What :func:`error_key` leaves out of a library's message.
_NOISE = (
    re.compile(r"\x1b\[[0-9;]*m"),  # terminal colours
    re.compile(r"\{\{[^}]*\}\}"),  # TensorFlow's {{function_node ...}}
    re.compile(r"Exception encountered when calling \S+\.call\(\)\.?"),  # Keras's wrapper
    re.compile(r"Arguments received by .*$"),  # Keras's list of the call's arguments
    # onnxruntime's wrapper around the kernel's own message
    re.compile(
        r"\[ONNXRuntimeError\] : \d+ : \w+ : Non-zero status code returned while running "
        r"\w+ node\. Name:'[^']*' Status Message: "
    ),
)


def error_key(message: str, width: int = 100) -> str:
    """A library's error message without its numbers and decorations (the first ``width`` chars).

    Examples:
        >>> error_key("InvalidArgumentError: {{function_node x}} rates larger than 1. [Op:Conv]")
        'InvalidArgumentError: rates larger than #. [Op:Conv]'
    """
    text = message
    for pattern in _NOISE:
        text = pattern.sub("", text)
    text = re.sub(r"\d+", "#", " ".join(text.split()))
    return text[:width].rstrip(" [(:,")


@dataclass(frozen=True, eq=False)
class CrosscheckReport(Result):
    """The outcome of a cross-check.

    Attributes:
        framework: the runner's name ("torch", "onnxruntime", ...).
        version: the framework's version.
        specs: canonical forms checked.
        checked: configurations run (a spec times its variants).
        disagreements: every disagreement (the first of each signature shrunk).
        seconds: wall time.
        seed: base seed of the data.
        variants: configurations run per variant label.
        failed: configurations with at least one disagreement.
        dtype: the floating-point type the library computed in.
        largest: the bound on every partial sum of the data (exact when below
            the dtype's limit; see :func:`~.compare.largest_sum`).
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
    dtype: str = "float64"
    largest: int = 0

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
