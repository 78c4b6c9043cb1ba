"""What a runner provides (:class:`Runner`), and the helpers the runners share."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...errors import MissingDependencyError
from ..canonical import Canonical
from .variants import Variant

__all__ = [
    "EXACT_LIMITS",
    "LibraryError",
    "Runner",
    "adjust_lines",
    "as_ints",
    "import_optional",
    "per_group",
    "script_end",
]

#: dtype -> the largest integer magnitude below which every integer is exact in it
#: (float32: a 24-bit significand, float64: 53 bits).
EXACT_LIMITS: dict[str, int] = {"float32": 2**24, "float64": 2**53}


@dataclass(frozen=True)
class Runner:
    """How crosscheck runs one library.

    Attributes:
        call: ``call(c, params, x, w, b)``: the library's output on the data, in
            PyTorch's layout; a variant with an :attr:`~.variants.Variant.api` is
            called with ``api=`` as well.
        script: ``script(c, variant, x, w, b, expected)``: a standalone reproducer.
        version: the library's version.
        inferred: ``inferred(c, params, x_shape)``: the output shape the library's
            shape inference gives (None: it has none to check).
        framework: the converter whose parameters the library takes (its
            ``--framework`` options and its ways of writing a layer; "" means the
            runner's own name).
        variants: ``variants(c)``: every way the library runs ``c`` (default:
            :func:`~.variants.variants_for` of :attr:`framework`).
        given: ``given(c, params)``: the runs of the parameters a user gave
            (default: one, :func:`~.variants.given_variant`).
        dtype: the floating-point type the library computes in ("float64", or
            "float32" where it has no float64); crosscheck refuses data whose
            sums would not all be exact in it.
        aliases: other names for ``--framework``.
    """

    call: Callable[..., Any]
    script: Callable[[Canonical, Variant, Any, Any, Any, Any], str]
    version: Callable[[], str]
    inferred: Callable[[Canonical, dict[str, Any], Sequence[int]], list[int]] | None = None
    framework: str = ""
    variants: Callable[[Canonical], list[Variant]] | None = None
    given: Callable[[Canonical, Mapping[str, Any]], list[Variant]] | None = None
    dtype: str = "float64"
    aliases: tuple[str, ...] = ()

    @property
    def exact_limit(self) -> int:
        """Integers up to this magnitude are exact in :attr:`dtype`."""
        return EXACT_LIMITS[self.dtype]


class LibraryError(Exception):
    """An error a library raised where it cannot be re-raised as itself (a worker process).

    Attributes:
        name: the library's exception class name ("InvalidArgumentError").
    """

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def import_optional(module: str, needs: str, install: str, command: str = "") -> Any:
    """The top package of ``module`` (``"onnx.reference"`` gives onnx, with it loaded).

    Args:
        module: what to import.
        needs: the library's name in the message.
        install: what to ``pip install``.
        command: the ``--framework`` name in the message (default: the package's).

    Raises:
        MissingDependencyError: it is not installed (the message says how to install it).
    """
    name = command or module.split(".")[0]
    try:  # optional: the libraries are extras, imported only when a check needs them
        return __import__(module)
    except ImportError as exc:
        raise MissingDependencyError(
            f"crosscheck --framework {name} needs {needs}; install it with: pip install {install}"
        ) from exc


def as_ints(a: Any) -> Any:
    """An array as nested lists of plain ints (for the scripts); None stays None."""
    return None if a is None else np.asarray(a, dtype=float).astype(np.int64).tolist()


def script_end(lines: list[str], v: Variant, expected: Any) -> str:
    """A reproducer's last lines: the workaround's crop or pad applied to the
    channels-first ``y`` (when the variant has one), the expected output and the
    comparison; the script as one text."""
    lines += adjust_lines(v.adjust)
    lines.append(f"expected = {as_ints(expected)}  # symtconv, exact")
    lines.append("print(y.tolist() == expected, y.tolist())")
    return "\n".join(lines)


def per_group(
    run: Callable[[np.ndarray, np.ndarray, Any], Any],
    c: Canonical,
    x: np.ndarray,
    w: np.ndarray,
    b: Any,
) -> np.ndarray:
    """One call per group, the outputs concatenated along the channels (PyTorch layout).

    For the libraries whose call has no groups: ``run(x_g, w_g, b_g)`` computes
    one group on PyTorch-layout data.
    """
    if c.groups == 1:
        return np.asarray(run(x, w, b))
    cin, cout = c.in_channels // c.groups, c.out_channels // c.groups
    outs = [
        np.asarray(
            run(
                x[:, g * cin : (g + 1) * cin],
                w[g * cin : (g + 1) * cin],
                None if b is None else b[g * cout : (g + 1) * cout],
            )
        )
        for g in range(c.groups)
    ]
    return np.concatenate(outs, axis=1)


def adjust_lines(adjust: Sequence[tuple[int, int]], var: str = "y") -> list[str]:
    """NumPy code that applies a workaround's crop/pad to a channels-first ``var``.

    Examples:
        >>> for line in adjust_lines([(1, -2)]):
        ...     print(line)
        y = y[:, :, 1:]  # the workaround: crop
        y = np.pad(y, [(0, 0), (0, 0), (0, 2)])  # the workaround: zeros
        >>> adjust_lines([(0, 0)])
        []
    """
    lines = []
    if any(a > 0 for pair in adjust for a in pair):
        crops = ", ".join(f"{max(lo, 0)}:{-hi if hi > 0 else ''}" for lo, hi in adjust)
        lines.append(f"{var} = {var}[:, :, {crops}]  # the workaround: crop")
    if any(a < 0 for pair in adjust for a in pair):
        widths = ", ".join(str((max(-lo, 0), max(-hi, 0))) for lo, hi in adjust)
        lines.append(f"{var} = np.pad({var}, [(0, 0), (0, 0), {widths}])  # the workaround: zeros")
    return lines
