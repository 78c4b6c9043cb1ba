"""Rendering a :class:`~symtconv.check.CheckReport`: plain data, text, and LaTeX
(a math fragment for Jupyter / ``sympy.latex``, and a whole correction note).

Wrong entries are marked ``*`` in text and boxed in LaTeX; big tensors are
summarised as in :mod:`symtconv.render.text`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ..derive import json_value
from ..mistakes import MISTAKES
from .text import EDGEITEMS, THRESHOLD, format_grid, format_value

if TYPE_CHECKING:
    from ..check import CheckReport, Contribution, WrongEntry

__all__ = ["report_dict", "report_document", "report_math", "report_text"]

#: At most this many wrong entries are explained in text and LaTeX (JSON lists all).
MAX_LISTED = 20

_MATCH = {
    "exact": "reproduces the claim exactly",
    "entries": "explains every wrong entry",
    "closest": "the closest: explains {n} of {m} wrong entries",
    "shape": "gives the claimed shape; agrees on {a} of {c} entries",
}


def _dims(shape: tuple[int, ...]) -> str:
    return "x".join(map(str, shape))


def _tex_dims(shape: tuple[int, ...]) -> str:
    return " \\times ".join(map(str, shape))


def _plain(arr: np.ndarray | None) -> Any:
    if arr is None:
        return None
    return np.vectorize(json_value, otypes=[object])(arr).tolist() if arr.size else []


# ----- plain data ------------------------------------------------------------------------


def report_dict(r: CheckReport) -> dict[str, Any]:
    """The report as plain data (the JSON output)."""
    d = r.derivation
    shape_mismatch = None
    if r.claimed is not None and not r.shape_ok:
        shape_mismatch = {
            "claimed_shape": list(r.claimed.shape),
            "expected_shape": list(d.output_shape),
            "explanation": _shape_explanation(r),
        }
    return {
        "correct": r.correct,
        "kind": "transposed" if d.spec.transposed else "forward",
        "spec": d.spec.as_dict(),
        "expected_shape": list(d.output_shape),
        "expected": _plain(r.expected),
        "claimed_shape": None if r.claimed is None else list(r.claimed.shape),
        "claimed": None if r.claimed is None else _plain(r.claimed),
        "entry": None if r.entry is None else list(r.entry),
        "checked_entries": r.checked,
        "unknown_entries": r.unknown,
        "shape_mismatch": shape_mismatch,
        "wrong_entries": [e.as_dict() for e in r.wrong_entries],
        "expected_size": list(d.spec.output_size),
        "claimed_size": None if r.size is None else list(r.size.claimed),
        "size": None if r.size is None else r.size.as_dict(),
        "steps": None if r.steps is None else r.steps.as_dict(),
        "diagnosis": [f.as_dict() for f in r.findings],
        "likely_causes": list(r.likely_causes),
        "mistakes": {name: MISTAKES[name].description for name in r.likely_causes},
        "tolerance": r.tolerance if r.floats else None,
    }


# ----- text -------------------------------------------------------------------------------


def _factor(value: Any) -> str:
    text = format_value(value)
    if isinstance(value, sympy.Basic) and (value.is_Add or (value.is_number and value < 0)):
        return f"({text})"
    return f"({text})" if text.startswith("-") else text


def _marked_grid(arr: np.ndarray, wrong: set[tuple[int, ...]], indent: str = "  ") -> str:
    """A tensor as text with wrong entries marked ``*`` (2-D slices for higher ranks)."""

    def grid(sub: np.ndarray, lead: tuple[int, ...], ind: str) -> str:
        g = sub[None, :] if sub.ndim == 1 else sub

        def cell(r: int, c: int) -> str:
            index = (*lead, c) if sub.ndim == 1 else (*lead, r, c)
            mark = ("*" if index in wrong else " ") if wrong else ""
            return format_value(g[r, c]) + mark

        return format_grid(g.shape, cell, THRESHOLD, EDGEITEMS, ind)

    if arr.ndim <= 2:
        return grid(arr, (), indent)
    parts = []
    leads = list(np.ndindex(*arr.shape[:-2]))
    if len(leads) > THRESHOLD:
        leads = [*leads[:EDGEITEMS], None, *leads[-EDGEITEMS:]]  # type: ignore[list-item]
    for lead in leads:
        if lead is None:
            parts.append(f"{indent}...")
            continue
        parts.append(f"{indent}[{', '.join(map(str, lead))}, :, :]")
        parts.append(grid(arr[lead], lead, indent + "  "))
    return "\n".join(parts)


def _sum_text(terms: tuple[Contribution, ...], bias: Any = None) -> tuple[str, str]:
    names = " + ".join(t.product for t in terms) or "0"
    values = " + ".join(f"{_factor(t.input_value)}*{_factor(t.weight_value)}" for t in terms) or "0"
    if bias is not None:
        names += " + b"
        values += f" + {_factor(bias)}"
    return names, values


def _entry_lines(e: WrongEntry) -> list[str]:
    claimed = format_value(e.claimed)
    if e.written is not None:
        claimed = f"{format_value(e.written)} = {claimed}"
    lines = [f"  {e.name}: claimed {claimed}, expected {format_value(e.expected)}"]
    names, values = _sum_text(e.terms, e.bias)
    line = f"    {e.name} = {names}"
    operands = [t.input_value for t in e.terms] + [t.weight_value for t in e.terms]
    if not all(isinstance(v, sympy.Symbol) for v in operands):
        line += f" = {values}"
        if not line.endswith(f" = {format_value(e.expected)}"):
            line += f" = {format_value(e.expected)}"
    lines.append(line)
    if e.zero_terms:
        zeros = ", ".join(
            f"{t.product} = {_factor(t.input_value)}*{_factor(t.weight_value)}"
            for t in e.zero_terms
        )
        lines.append(f"    also reach it, contributing 0: {zeros}")
    if e.kept is not None and e.claimed.is_number:
        left = [t for t in e.terms if t not in e.kept]
        lines.append(
            f"    {format_value(e.claimed)} is {' + '.join(t.product for t in e.kept)} only; "
            f"not added: {', '.join(f'{t.product} = {format_value(t.value)}' for t in left)}"
        )
    if e.missing:
        lines.append(f"    missing: {' + '.join(e.missing)}")
    if e.extra:
        lines.append(f"    not in the answer: {' + '.join(e.extra)}")
    return lines


def _shape_explanation(r: CheckReport) -> str:
    d = r.derivation
    assert r.claimed is not None
    text = f"the claim is {_dims(r.claimed.shape)} but the output is {_dims(d.output_shape)}"
    if not d.compact:
        lead = "" if d.spec.batch is None else f"{d.spec.batch} samples of "
        text += f" ({lead}{d.spec.out_channels} channel(s) of {_dims(d.spec.output_size)})"
    if r.claimed.ndim != len(d.output_shape):
        text += f"; {r.claimed.ndim} axes given, {len(d.output_shape)} expected"
    formula = d.size_formula
    dims = formula.distinct_dims()
    sizes = "; ".join(
        (f"dimension {dim}: " if len(dims) > 1 else "") + formula.substituted_text(dim)
        for dim in dims
    )
    return f"{text}: {formula.general_text()}, here {sizes}"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _finding_text(f: Any, wrong: int) -> str:
    how = _MATCH[f.match].format(n=len(f.explains), m=wrong, a=f.agrees, c=f.compared)
    return f"  {f.mistake}: {f.description} ({how})"


def report_text(r: CheckReport) -> str:
    """The report as plain text."""
    d = r.derivation
    op = "C^T x" if d.spec.transposed else "C x"
    out = [f"Check against y = {op}: {d.spec.describe()}"]
    wrong_at = {e.index for e in r.wrong_entries}
    if r.claimed is not None:
        out.append("")
        if r.entry is not None:
            value = r.claimed[r.entry]
            out.append(f"Claimed entry {d.output_name(r.entry)} = {format_value(value)}")
        else:
            out.append(
                f"Claimed output ({_dims(r.claimed.shape)})"
                + ("; wrong entries marked *" if wrong_at else "")
            )
            out.append(_marked_grid(r.claimed, wrong_at))
            out.append(f"Correct output ({_dims(d.output_shape)})")
            out.append(_marked_grid(r.expected, set()))
        out.append("")
        if not r.shape_ok:
            out.append(f"WRONG SHAPE: {_shape_explanation(r)}")
        elif r.wrong_entries:
            n = len(r.wrong_entries)
            out.append(f"WRONG: {n} of {_count(r.checked, 'claimed entry', 'claimed entries')}")
            for e in r.wrong_entries[:MAX_LISTED]:
                out.extend(_entry_lines(e))
            if n > MAX_LISTED:
                out.append(f"  ... and {n - MAX_LISTED} more (all of them with --format json)")
        else:
            agree = (
                "the claimed entry agrees"
                if r.checked == 1
                else f"all {r.checked} claimed entries agree"
            )
            out.append(
                f"CORRECT: {agree}" + (f" ({r.unknown} marked ? not checked)" if r.unknown else "")
            )
        if r.floats:
            out.append(
                f"  (floats compared to a tolerance of {r.tolerance:g} "
                "relative to max(1, |expected|))"
            )
        if r.findings:
            out.append("")
            out.append("Likely cause" + ("s" if len(r.likely_causes) > 1 else ""))
            for f in r.findings:
                if f.mistake in r.likely_causes:
                    out.append(_finding_text(f, len(r.wrong_entries)))
        elif r.wrong_entries or not r.shape_ok:
            out.append("")
            out.append("No listed mistake explains the claim.")
    if r.size is not None:
        s = r.size
        verdict = "CORRECT" if s.correct else "WRONG"
        out.append("")
        out.append(
            f"Output size: claimed {_dims(s.claimed)}, expected {_dims(s.expected)}: {verdict}"
        )
        out.append(f"  {s.general}")
        out.extend(f"  {line}" for line in dict.fromkeys(s.evaluated))
        if s.causes:
            out.append("  the claimed size is what these mistakes give:")
            out.extend(f"    {c}: {MISTAKES[c].description}" for c in s.causes)
    if r.steps is not None:
        st = r.steps
        out.append("")
        first = st.first_wrong
        head = f"Steps: {st.checked} checked; "
        out.append(
            head
            + (
                "all correct"
                if first is None
                else f"first wrong: step {first.number} ({first.element})"
            )
        )
        for step in st.wrong[:MAX_LISTED]:
            for issue in step.issues:
                line = (
                    f"  step {step.number} ({step.element}) {issue.field}: "
                    f"claimed {issue.claimed}, expected {issue.expected}"
                )
                if issue.causes:
                    line += f"  [{', '.join(issue.causes)}]"
                out.append(line)
        if st.missing:
            out.append(f"  not placed by any step: {', '.join(st.missing)}")
    out.append("")
    out.append("Result: " + ("correct" if r.correct else "wrong"))
    return "\n".join(out)


# ----- LaTeX -------------------------------------------------------------------------------


def _tex(value: Any) -> str:
    return "?" if value is None else sympy.latex(value)


def _tex_factor(value: Any) -> str:
    text = _tex(value)
    if isinstance(value, sympy.Basic) and (value.is_Add or (value.is_number and value < 0)):
        return f"({text})"
    return text


def _keep(n: int) -> list[int | None]:
    return list(range(n)) if n <= THRESHOLD else [*range(EDGEITEMS), None, *range(n - EDGEITEMS, n)]


def _tex_matrix(arr: np.ndarray, wrong: set[tuple[int, ...]], lead: tuple[int, ...] = ()) -> str:
    """A 1-D or 2-D array as a bmatrix, wrong entries boxed, big ones elided."""
    g = arr[None, :] if arr.ndim == 1 else arr
    rows = []
    for r in _keep(g.shape[0]):
        cells = []
        for c in _keep(g.shape[1]):
            if r is None or c is None:
                cells.append(
                    "\\vdots" if c is not None else ("\\cdots" if r is not None else "\\ddots")
                )
                continue
            index = (*lead, c) if arr.ndim == 1 else (*lead, r, c)
            text = _tex(g[r, c])
            cells.append(f"\\boxed{{{text}}}" if index in wrong else text)
        rows.append(" & ".join(cells))
    return "\\begin{bmatrix} " + " \\\\ ".join(rows) + " \\end{bmatrix}"


def _tex_tensor(arr: np.ndarray, wrong: set[tuple[int, ...]]) -> str:
    if arr.ndim <= 2:
        return _tex_matrix(arr, wrong)
    leads = list(np.ndindex(*arr.shape[:-2]))[:THRESHOLD]
    parts = [
        f"\\underset{{[{','.join(map(str, lead))},:,:]}}{{{_tex_matrix(arr[lead], wrong, lead)}}}"
        for lead in leads
    ]
    more = ",\\ \\dots" if len(leads) < int(np.prod(arr.shape[:-2])) else ""
    return ",\\ ".join(parts) + more


def _tex_sum(terms: tuple[Contribution, ...], values: bool) -> str:
    if not terms:
        return "0"
    if values:
        return " + ".join(
            f"{_tex_factor(t.input_value)} \\cdot {_tex_factor(t.weight_value)}" for t in terms
        )
    return " + ".join(f"{t.input_name}\\,{t.weight_name}" for t in terms)


def _tex_text(text: str) -> str:
    """Plain text made safe for LaTeX text mode (underscores, braces, ...)."""
    for a, b in (
        ("\\", "\\textbackslash{}"),
        ("_", "\\_"),
        ("{", "\\{"),
        ("}", "\\}"),
        ("^", "\\^{}"),
        ("&", "\\&"),
        ("%", "\\%"),
        ("#", "\\#"),
    ):
        text = text.replace(a, b)
    return text


def _tex_entry(e: WrongEntry, symbolic: bool) -> str:
    expected = f"{e.name} = {_tex_sum(e.terms, False)}"
    if e.bias is not None:
        expected += f" + {_tex_factor(e.bias)}"
    if not symbolic:
        expected += f" = {_tex_sum(e.terms, True)}"
        if e.bias is not None:
            expected += f" + {_tex_factor(e.bias)}"
    if not expected.endswith(f"= {_tex(e.expected)}"):
        expected += f" = {_tex(e.expected)}"
    text = f"${e.name}$: you wrote ${_tex(e.claimed)}$; the correct value is ${expected}$."
    if e.zero_terms:
        zeros = ", ".join(f"${t.input_name}\\,{t.weight_name}$" for t in e.zero_terms)
        verbs = ("reaches", "contributes") if len(e.zero_terms) == 1 else ("reach", "contribute")
        text += f" ({zeros} also {verbs[0]} this entry but {verbs[1]} $0$.)"
    if e.kept is not None and e.claimed.is_number:
        left = [t for t in e.terms if t not in e.kept]
        text += (
            f" Your value is ${_tex_sum(e.kept, False)}$ only: "
            + ", ".join(f"${t.input_name}\\,{t.weight_name} = {_tex(t.value)}$" for t in left)
            + " was not added."
        )
    if e.missing:
        text += " Missing: $" + " + ".join(_tex_name(m) for m in e.missing) + "$."
    if e.extra:
        text += " Not part of the answer: $" + " + ".join(_tex_name(m) for m in e.extra) + "$."
    return text


def _tex_name(product: str) -> str:
    """A product such as ``w_{1,1}*x_{0,0}`` in LaTeX."""
    return product.replace("**", "^").replace("*", "\\,")


def report_math(r: CheckReport) -> str:
    """A LaTeX math fragment (``sympy.latex(report)``, Jupyter)."""
    d = r.derivation
    op = "C^{\\top} x" if d.spec.transposed else "C x"
    parts = []
    if r.claimed is not None:
        wrong = {e.index for e in r.wrong_entries}
        rel = "=" if r.shape_ok and not wrong else "\\neq"
        parts.append(
            f"\\underbrace{{{_tex_tensor(r.claimed, wrong)}}}_{{\\text{{claimed}}}} {rel} "
            f"\\underbrace{{{_tex_tensor(r.expected, set())}}}_{{{op}}}"
        )
    if r.size is not None:
        rel = "=" if r.size.correct else "\\neq"
        parts.append(f"\\text{{size }} {_dims(r.size.claimed)} {rel} {_dims(r.size.expected)}")
    if r.likely_causes:
        parts.append("\\text{likely: " + _tex_text(", ".join(r.likely_causes)) + "}")
    return " \\qquad ".join(parts) if parts else "\\text{nothing claimed}"


def _describe_tex(r: CheckReport) -> str:
    return _tex_text(r.derivation.spec.describe())


def report_document(r: CheckReport) -> str:
    """A complete LaTeX document (pdflatex): a correction note to hand back."""
    d = r.derivation
    spec = d.spec
    kind = "transposed convolution" if spec.transposed else "convolution"
    op = "C^{\\top} x" if spec.transposed else "C x"
    body: list[str] = [
        f"\\section*{{Correction: {kind}}}",
        f"\\textbf{{Problem.}} {_describe_tex(r)[0].upper() + _describe_tex(r)[1:]}, with",
        "\\[ x = "
        + _tex_tensor(d.x.reshape(d.input_shape), set())
        + ", \\qquad w = "
        + _tex_tensor(d.w.reshape(d.kernel_shape), set())
        + (", \\qquad b = " + _tex_tensor(d.b, set()) if d.b is not None else "")
        + " \\]",
        "",
        f"\\textbf{{Verdict.}} {'Correct' if r.correct else 'Not correct'}.",
        "",
    ]
    wrong = {e.index for e in r.wrong_entries}
    if r.claimed is not None:
        body.append(
            "\\textbf{Your answer}"
            + (" (wrong entries boxed)" if wrong else "")
            + " and the correct one:"
        )
        body.append(
            f"\\[ {_tex_tensor(r.claimed, wrong)} \\qquad "
            f"y = {op} = {_tex_tensor(r.expected, set())} \\]"
        )
        if not r.shape_ok:
            f = d.size_formula
            sizes = ", \\quad ".join(f.substituted_latex(dim) for dim in f.distinct_dims())
            body.append(
                f"Your answer is ${_tex_dims(r.claimed.shape)}$ but the output is "
                f"${_tex_dims(d.output_shape)}$: "
                f"\\[ {f.general_latex()}, \\qquad {sizes} \\]"
            )
        if r.wrong_entries:
            body.append("\\textbf{The wrong entries.}")
            body.append("\\begin{itemize}")
            for e in r.wrong_entries[:MAX_LISTED]:
                body.append("\\item " + _tex_entry(e, d.symbolic))
            if len(r.wrong_entries) > MAX_LISTED:
                body.append(f"\\item \\dots\\ and {len(r.wrong_entries) - MAX_LISTED} more.")
            body.append("\\end{itemize}")
        if r.floats:
            body.append(
                "(Decimals were compared to a relative tolerance of "
                f"${sympy.latex(sympy.Float(r.tolerance, 3))}$.)"
            )
        body.append("")
    if r.size is not None:
        s = r.size
        f = d.size_formula
        sizes = ", \\quad ".join(f.substituted_latex(dim) for dim in f.distinct_dims())
        body.append(
            f"\\textbf{{Output size.}} You gave ${_tex_dims(s.claimed)}$; "
            f"it is ${_tex_dims(s.expected)}$: "
            f"\\[ {f.general_latex()}, \\qquad {sizes} \\]"
        )
    if r.steps is not None and r.steps.first_wrong is not None:
        first = r.steps.first_wrong
        body.append(
            f"\\textbf{{Steps.}} The first wrong step is step {first.number} "
            f"(the element ${first.element}$):"
        )
        body.append("\\begin{itemize}")
        for issue in first.issues:
            body.append(
                f"\\item {issue.field}: you have \\verb|{_verb(issue.claimed)}|, "
                f"it should be \\verb|{_verb(issue.expected)}|."
            )
        body.append("\\end{itemize}")
    if r.likely_causes:
        body.append("\\textbf{Likely cause" + ("s" if len(r.likely_causes) > 1 else "") + ".}")
        body.append("\\begin{itemize}")
        for name in r.likely_causes:
            text = MISTAKES[name].description
            body.append(
                f"\\item {_tex_text(text[0].upper() + text[1:])} (\\texttt{{{_tex_text(name)}}})."
            )
        body.append("\\end{itemize}")
    if spec.transposed and r.wrong_entries:
        body.append(
            "\\textbf{Remember.} Each input element multiplies the whole kernel; the block is "
            "placed at the element's position times the stride (minus the padding), and where "
            "blocks overlap their values are added."
        )
    return "\n".join(
        [
            "\\documentclass[11pt]{article}",
            "\\usepackage[margin=2.2cm]{geometry}",
            "\\usepackage{amsmath}",
            "\\setcounter{MaxMatrixCols}{40}",
            "\\renewcommand{\\labelitemi}{$\\bullet$}",
            "\\setlength{\\parindent}{0pt}",
            "\\setlength{\\parskip}{6pt}",
            "\\begin{document}",
            *body,
            "\\end{document}",
            "",
        ]
    )


def _verb(value: Any) -> str:
    text = str(value).replace("|", "/")
    return text
