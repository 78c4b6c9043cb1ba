"""Text and plain data of verification and sweep reports
(:class:`~symtconv.engine.verification.VerifyReport`,
:class:`~symtconv.engine.sweeps.SweepReport`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..core.operands import json_value
from ..results import writer

if TYPE_CHECKING:
    from ..engine.sweeps import SweepReport
    from ..engine.verification import VerifyReport

__all__ = ["sweep_dict", "sweep_text", "verify_dict", "verify_text"]


@writer("VerifyReport", "data")
def verify_dict(report: VerifyReport) -> dict[str, Any]:
    """Plain data for JSON."""
    return {
        "ok": report.ok,
        "spec": report.spec.as_dict(),
        "data_kind": report.data_kind,
        "reference": report.results[0].name,
        "methods": [
            {
                "name": r.name,
                "agrees": r.agrees,
                "comparison": r.comparison,
                "max_abs_diff": r.max_abs_diff,
                "error": r.error,
                "not_applicable": r.not_applicable,
                "entries": r.entries,
            }
            for r in report.results
        ],
        "random_range": report.random_range,
        "adjoint": None
        if report.adjoint is None
        else {"lhs": report.adjoint.lhs, "rhs": report.adjoint.rhs, "holds": report.adjoint.holds},
        "output": np.vectorize(json_value, otypes=[object])(report.output).tolist(),
    }


@writer("VerifyReport", "text")
def verify_text(report: VerifyReport) -> str:
    at = (
        ""
        if report.random_range is None
        else f" at random nonzero integers from -{report.random_range} to {report.random_range}"
    )
    lines = [
        f"{'OK' if report.ok else 'DISAGREEMENT'}: {report.spec.describe()}",
        f"  data: {report.data_kind}{at}; every method compared with "
        f"'{report.results[0].name}' (the literal matrix product)",
    ]
    for r in report.results:
        if r.not_applicable:
            status = f"not applicable: {r.not_applicable}"
        elif r.error:
            status = f"error: {r.error}"
        elif r.name == report.results[0].name:
            status = "reference"
        else:
            shown = "" if r.entries is None else f", {r.entries} entries"
            status = ("agrees" if r.agrees else "DISAGREES") + f" ({r.comparison}{shown})"
            if r.max_abs_diff is not None and r.comparison.startswith("rtol"):
                status += f", max |diff| {r.max_abs_diff:g}"
        lines.append(f"  {r.name:<15} {status}")
    if report.adjoint is not None:
        rel = "=" if report.adjoint.holds else "!="
        lines.append(
            f"  adjoint         <C u, v> = {report.adjoint.lhs} {rel} {report.adjoint.rhs} "
            "= <u, C^T v>"
        )
    return "\n".join(lines)


@writer("SweepReport", "data")
def sweep_dict(report: SweepReport) -> dict[str, Any]:
    """Plain data for JSON."""
    return {
        "ok": report.ok,
        "checked": report.checked,
        "agreed": report.agreed,
        "disagreed": report.disagreed,
        "symbolic_checked": report.symbolic_checked,
        "methods": list(report.methods),
        "seconds": round(report.seconds, 3),
        "configurations_per_second": round(report.checked / report.seconds, 1)
        if report.seconds
        else None,
        "first_disagreement": None
        if report.first_disagreement is None
        else verify_dict(report.first_disagreement),
    }


@writer("SweepReport", "text")
def sweep_text(report: SweepReport) -> str:
    rate = f"{report.checked / report.seconds:.0f}/s" if report.seconds else "-"
    lines = [
        f"sweep: {report.checked} configurations checked in {report.seconds:.1f} s ({rate}); "
        f"{report.agreed} agreed, {report.disagreed} disagreed",
        f"  methods: {', '.join(report.methods)}, adjoint identity; "
        f"{report.symbolic_checked} also symbolically (C^T x vs scatter-add of symbols)",
    ]
    if report.first_disagreement is not None:
        lines.append("first disagreement:")
        lines.append(str(report.first_disagreement))
    return "\n".join(lines)
