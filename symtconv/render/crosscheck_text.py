"""Text and plain data of a crosscheck
(:class:`~symtconv.frameworks.crosscheck.report.CrosscheckReport`) and of each of
its :class:`~symtconv.frameworks.crosscheck.report.Disagreement`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..results import writer
from .frameworks_text import canonical_dict

if TYPE_CHECKING:
    from ..frameworks.canonical import Canonical
    from ..frameworks.crosscheck.report import CrosscheckReport, Disagreement

__all__ = ["crosscheck_dict", "crosscheck_text", "disagreement_dict", "disagreement_text"]


def _ints(a: Any) -> Any:
    return None if a is None else np.asarray(a, dtype=float).astype(int).tolist()


@writer("Disagreement", "data")
def disagreement_dict(d: Disagreement) -> dict[str, Any]:
    """Plain data for JSON (the data as integer lists, the framework's output as floats)."""
    return {
        "framework": d.framework,
        "kind": d.kind,
        "canonical": canonical_dict(d.canonical),
        "variant": d.variant.label,
        "params": d.variant.params,
        "api": d.variant.api,
        "adjust": [list(a) for a in d.variant.adjust],
        "message": d.message,
        "x": _ints(d.x),
        "w": _ints(d.w),
        "b": _ints(d.b),
        "expected": _ints(d.expected),
        "got": None if d.got is None else np.asarray(d.got, dtype=float).tolist(),
        "reproducer": d.reproducer,
    }


@writer("Disagreement", "text")
def disagreement_text(d: Disagreement) -> str:
    """The configuration and variant, what differs, and the reproducer (if any)."""
    return "\n".join(_disagreement_lines(d))


def _disagreement_lines(d: Disagreement) -> list[str]:
    lines = [f"{_describe(d.canonical)}; {d.variant.label}", d.message]
    if d.reproducer:
        lines.append("reproducer:")
        lines.extend("  " + line for line in d.reproducer.splitlines())
    return lines


@writer("CrosscheckReport", "data")
def crosscheck_dict(report: CrosscheckReport) -> dict[str, Any]:
    """Plain data for JSON: "agree", "disagreements" and the figures."""
    return {
        "agree": report.agree,
        "framework": report.framework,
        "version": report.version,
        "tolerance": report.tolerance,
        "comparison": f"exact: integer data in [-9, 9] as {report.dtype}",
        "dtype": report.dtype,
        "largest_partial_sum": report.largest,
        "specs": report.specs,
        "configurations": report.checked,
        "variants": dict(report.variants),
        "disagreed": report.failed,
        "findings": len(report.disagreements),
        "seconds": round(report.seconds, 3),
        "seed": report.seed,
        "groups": {k: len(v) for k, v in report.groups.items()},
        "disagreements": [disagreement_dict(d) for d in report.disagreements],
    }


@writer("CrosscheckReport", "text")
def crosscheck_text(report: CrosscheckReport) -> str:
    """The figures, then the first disagreement of each kind."""
    status = "AGREE" if report.agree else "DISAGREE"
    lines = [
        f"{status}: {report.framework} {report.version} vs symtconv (exact): {report.checked} "
        f"configuration(s) from {report.specs} spec(s) in {report.seconds:.1f} s; "
        f"{report.checked - report.failed} agreed, {report.failed} disagreed",
        "  " + _tolerance_line(report),
        "  variants: " + ", ".join(f"{k} {v}" for k, v in report.variants.items()),
    ]
    for signature, items in report.groups.items():
        first, *rest = _disagreement_lines(items[0])
        lines.append("")
        lines.append(f"{len(items)} x {signature}")
        lines.append(f"  first: {first}")
        lines.extend("  " + line for line in rest)
    return "\n".join(lines)


def _tolerance_line(report: CrosscheckReport) -> str:
    """Why tolerance 0 is right: the data and the dtype (and the bound where it matters)."""
    if report.dtype == "float64":
        return "tolerance 0: integer data in [-9, 9] as float64, every sum exact"
    return (
        f"tolerance 0: integer data in [-9, 9] as {report.dtype} (the library has no float64); "
        f"every partial sum is at most {report.largest} in magnitude, exact in {report.dtype}"
    )


def _describe(c: Canonical) -> str:
    text = (
        f"i={list(c.input_size)} k={list(c.kernel_size)} s={list(c.stride)} "
        f"d={list(c.dilation)} pads={[list(p) for p in c.pads]} op={list(c.output_padding)}"
    )
    if c.in_channels > 1 or c.out_channels > 1:
        text += f" channels {c.in_channels}->{c.out_channels} groups {c.groups}"
    return text
