"""The verification section: which independent methods agree with the literal
product, and how exactly."""

from __future__ import annotations

import numpy as np

from .blocks import Code, Items, Section, T, Text
from .builder import Builder
from .product import shown_entries

__all__ = ["verification_step"]


_METHOD_KEYS = {
    "scatter": "method_scatter",
    "zero_insertion": "method_zero_insertion",
    "gather": "method_gather",
    "torch": "method_torch",
    "symbolic": "method_symbolic",
    "definition": "method_definition",
}


def verification_step(b: Builder) -> None:
    """Which independent methods agree with the literal product, and how exactly."""
    report = b.d.verification(shown_entries(b))
    b.add(Section(T("sec_verify")))
    if report.random_range is not None:
        shown = sum(r.entries or 0 for r in report.results if r.name == "definition")
        top = report.random_range
        kind = T("verify_kind_symbolic_random", count=str(shown), low=f"${-top}$", high=f"${top}$")
    else:
        kind = T(f"verify_kind_{report.data_kind}", rtol=_rtol(report.rtol))
    b.para(T("verify_intro", op=f"${b.op}$"), kind)
    items: list[Text] = []
    for r in report.results[1:]:
        if r.not_applicable:  # never run on this data: nothing to report
            continue
        method = T(_METHOD_KEYS.get(r.name, "method_other"), name=Code(r.name))
        if r.error:
            items.append(T("verify_error", method=method, error=Code(r.error)))
        elif r.agrees and r.comparison == "exact":
            items.append(T("verify_agrees_exact", method=method))
        elif r.agrees and r.comparison == "exact at random integers":
            items.append(T("verify_agrees_random", method=method))
        elif r.agrees and r.comparison == "algebraic" and r.entries is not None:
            items.append(T("verify_agrees_shown", method=method, count=str(r.entries)))
        elif r.agrees and r.comparison == "algebraic":
            items.append(T("verify_agrees_algebraic", method=method))
        elif r.agrees:
            items.append(T("verify_agrees_tol", method=method, diff=f"${r.max_abs_diff:.3g}$"))
        else:
            items.append(T("verify_disagrees", method=method))
    if report.adjoint is not None:
        a = report.adjoint
        relation = "=" if a.holds else r"\neq"
        items.append(
            T(
                "verify_adjoint",
                value=rf"$\langle C u, v \rangle = {a.lhs} {relation} {a.rhs} = "
                rf"\langle u, C^{{\mathsf T}} v \rangle$",
            )
        )
    b.add(Items(tuple(items)))
    b.para(T("verify_ok" if report.ok else "verify_not_ok"))


def _rtol(rtol: float) -> str:
    exponent = round(np.log10(rtol))
    return rf"$10^{{{exponent}}}$"
