"""LaTeX for a :class:`~symtconv.handcheck.report.CheckReport`: a math fragment (for
``sympy.latex(report)`` and Jupyter) and a complete correction note, in
English or Chinese, that pdflatex compiles (Chinese through CJKutf8, gbsn).

Wrong entries are boxed; big tensors are elided like the text output.  The note's
words, in each language, are in :mod:`symtconv.render.check_phrases`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ..results import writer
from .check_phrases import phrases
from .check_text import MAX_LISTED
from .escape import math_text
from .latex import escape
from .text import EDGEITEMS, THRESHOLD

if TYPE_CHECKING:
    from ..core.spec import ConvSpec
    from ..handcheck.report import CheckReport, Contribution, StepIssue, WrongEntry

__all__ = ["describe", "report_document", "report_math"]


def _tex(value: Any) -> str:
    return "?" if value is None else sympy.latex(value)


def _tex_factor(value: Any) -> str:
    text = _tex(value)
    if isinstance(value, sympy.Basic) and (value.is_Add or (value.is_number and value < 0)):
        return f"({text})"
    return text


def _dims(shape: tuple[int, ...]) -> str:
    return " \\times ".join(map(str, shape))


def _keep(n: int) -> list[int | None]:
    return list(range(n)) if n <= THRESHOLD else [*range(EDGEITEMS), None, *range(n - EDGEITEMS, n)]


def _matrix(arr: np.ndarray, wrong: set[tuple[int, ...]], lead: tuple[int, ...] = ()) -> str:
    """A 1-D or 2-D array as a bmatrix, wrong entries boxed, big ones elided."""
    g = arr[None, :] if arr.ndim == 1 else arr
    rows = []
    for r in _keep(g.shape[0]):
        cells = []
        for c in _keep(g.shape[1]):
            if r is None or c is None:
                cells.append(
                    "\\ddots" if r is None and c is None else "\\vdots" if r is None else "\\cdots"
                )
                continue
            index = (*lead, c) if arr.ndim == 1 else (*lead, r, c)
            text = _tex(g[r, c])
            cells.append(f"\\boxed{{{text}}}" if index in wrong else text)
        rows.append(" & ".join(cells))
    return "\\begin{bmatrix} " + " \\\\ ".join(rows) + " \\end{bmatrix}"


def _tensor(arr: np.ndarray, wrong: set[tuple[int, ...]] | None = None) -> str:
    wrong = wrong or set()
    if arr.ndim <= 2:
        return _matrix(arr, wrong)
    leads = list(np.ndindex(*arr.shape[:-2]))[:THRESHOLD]
    parts = [
        f"\\underset{{[{','.join(map(str, lead))},:,:]}}{{{_matrix(arr[lead], wrong, lead)}}}"
        for lead in leads
    ]
    more = ",\\ \\dots" if len(leads) < int(np.prod(arr.shape[:-2])) else ""
    return ",\\ ".join(parts) + more


def _products(terms: tuple[Contribution, ...] | list[Contribution]) -> str:
    return " + ".join(f"{t.input_name}\\,{t.weight_name}" for t in terms) or "0"


def _values(terms: tuple[Contribution, ...]) -> str:
    return (
        " + ".join(
            f"{_tex_factor(t.input_value)} \\cdot {_tex_factor(t.weight_value)}" for t in terms
        )
        or "0"
    )


def _plain_math(value: Any) -> str:
    """Plain data of a step (a number, an expression's text, a list, nested lists) as math."""
    if value is None:
        return "?"
    if isinstance(value, list):
        if value and isinstance(value[0], list):
            return _matrix(np.array(value, dtype=object), set()).replace("None", "?")
        return "(" + ", ".join(_plain_math(v) for v in value) + ")"
    if isinstance(value, str):
        if not all(ch.isalnum() or ch in "_{},*/+-() ." for ch in value):
            return math_text(value)
        return value.replace("*", "\\,").replace("None", "?")
    return str(value)


def _entry(e: WrongEntry, p: dict[str, Any]) -> str:
    expected = f"{e.name} = {_products(e.terms)}"
    if e.bias is not None:
        expected += f" + {_tex_factor(e.bias)}"
    operands = [t.input_value for t in e.terms] + [t.weight_value for t in e.terms]
    if not all(isinstance(v, sympy.Symbol) for v in operands):
        expected += f" = {_values(e.terms)}"
        if e.bias is not None:
            expected += f" + {_tex_factor(e.bias)}"
        if not expected.endswith(f"= {_tex(e.expected)}"):
            expected += f" = {_tex(e.expected)}"
    text = p["entry"].format(name=e.name, claimed=_tex(e.claimed), expected=expected)
    if e.zero_terms:
        zeros = ", ".join(f"${t.input_name}\\,{t.weight_name}$" for t in e.zero_terms)
        text += p["zeros_one" if len(e.zero_terms) == 1 else "zeros_many"].format(zeros=zeros)
    if e.kept is not None and e.claimed.is_number:
        left = ", ".join(
            f"${t.input_name}\\,{t.weight_name} = {_tex(t.value)}$"
            for t in e.terms
            if t not in e.kept
        )
        text += p["kept"].format(kept=_products(e.kept), left=left)
    if e.missing:
        text += p["missing"].format(terms=" + ".join(m.replace("*", "\\,") for m in e.missing))
    if e.extra:
        text += p["extra"].format(terms=" + ".join(m.replace("*", "\\,") for m in e.extra))
    return text


def describe(spec: ConvSpec, p: dict[str, Any]) -> str:
    """The spec in one line of LaTeX text, in the words ``p["spec"]`` of a language
    (in English, :meth:`~symtconv.core.spec.ConvSpec.describe` made safe for LaTeX).

    Examples:
        >>> from symtconv.core.spec import ConvSpec
        >>> spec = ConvSpec.create((2, 3), 2, stride=(1, 2), bias=True)
        >>> describe(spec, phrases("en")) == escape(spec.describe())
        True
        >>> describe(spec, phrases("zh")).split("，")[:3]
        ['2 维转置卷积', '输入 $2 \\\\times 3$', '卷积核 $2 \\\\times 2$']
    """
    words = p["spec"]

    def fmt(values: Any) -> str:
        vals = list(values)
        return str(vals[0]) if len(set(vals)) == 1 else words["times"].join(map(str, vals))

    pads = (
        fmt([lo for lo, _ in spec.padding])
        if spec.symmetric_padding
        else words["pads"].join(f"{lo}:{hi}" for lo, hi in spec.padding)
    )
    kind = p["transposed" if spec.transposed else "forward"]
    parts = [
        words["rank"].format(rank=spec.rank, kind=kind),
        words["input"].format(words["times"].join(map(str, spec.input_size))),
        words["kernel"].format(words["times"].join(map(str, spec.kernel_size))),
        words["stride"].format(fmt(spec.stride)),
        words["padding"].format(pads),
        words["dilation"].format(fmt(spec.dilation)),
    ]
    if spec.transposed:
        parts.append(words["output_padding"].format(fmt(spec.output_padding)))
    if spec.in_channels > 1 or spec.out_channels > 1:
        parts.append(words["channels"].format(spec.in_channels, spec.out_channels))
    if spec.groups > 1:
        parts.append(words["groups"].format(spec.groups))
    if spec.batch is not None and words["batch"] is not None:
        parts.append(words["batch"].format(spec.batch))
    if spec.bias:
        parts.append(words["bias"])
    return words["join"].join(parts)


def _issue(issue: StepIssue, p: dict[str, Any]) -> str:
    return p["step_issue"].format(
        field=p["fields"][issue.field],
        claimed=_plain_math(issue.claimed),
        expected=_plain_math(issue.expected),
    )


@writer("CheckReport", "math")
def report_math(r: CheckReport, printer: Any = None) -> str:
    """A LaTeX math fragment (``sympy.latex(report)``, Jupyter)."""
    op = "C^{\\mathsf T} x" if r.derivation.spec.transposed else "C x"
    parts = []
    if r.claimed is not None:
        wrong = {e.index for e in r.wrong_entries}
        rel = "=" if r.shape_ok and not wrong else "\\neq"
        parts.append(
            f"\\underbrace{{{_tensor(r.claimed, wrong)}}}_{{\\text{{claimed}}}} {rel} "
            f"\\underbrace{{{_tensor(r.expected)}}}_{{{op}}}"
        )
    if r.size is not None:
        rel = "=" if r.size.correct else "\\neq"
        parts.append(f"\\text{{size }} {_dims(r.size.claimed)} {rel} {_dims(r.size.expected)}")
    if r.likely_causes:
        said = "; ".join(_PARENTHESES.sub("", m.description) for m in r.causes)
        parts.append(math_text("likely: " + said))
    return " \\qquad ".join(parts) if parts else "\\text{nothing claimed}"


_PARENTHESES = re.compile(r"\s*\([^)]*\)")


@writer("CheckReport", "latex")
def report_document(r: CheckReport, lang: str = "en") -> str:
    """A complete LaTeX document (pdflatex): a correction note to hand back.

    Args:
        r: the report.
        lang: ``"en"`` or ``"zh"``.

    Raises:
        SpecError: an unknown language.
    """
    p = phrases(lang)
    body = _problem(r, p)
    if r.claimed is not None:
        body += [*_answer(r, p), ""]
    if r.size is not None:
        body += _size(r, p)
    if r.steps is not None and r.steps.first_wrong is not None:
        body += _steps(r, p)
    if r.likely_causes:
        body += _causes(r, p, lang)
    if r.derivation.spec.transposed and (r.wrong_entries or not r.shape_ok):
        body.append(p["remember"])
    if lang == "zh":
        body = ["\\begin{CJK}{UTF8}{gbsn}", *body, "\\end{CJK}"]
    return "\n".join([*_preamble(lang), *body, "\\end{document}", ""])


def _preamble(lang: str) -> list[str]:
    """The document class, the packages (CJKutf8 for Chinese), the settings, ``\\begin``."""
    out = [
        "\\documentclass[11pt]{article}",
        "\\usepackage[margin=2.2cm]{geometry}",
        "\\usepackage{amsmath}",
    ]
    if lang == "zh":
        out.append("\\usepackage{CJKutf8}")
    return [
        *out,
        "\\setcounter{MaxMatrixCols}{40}",
        "\\renewcommand{\\labelitemi}{$\\bullet$}",
        "\\setlength{\\parindent}{0pt}",
        "\\setlength{\\parskip}{6pt}",
        "\\begin{document}",
    ]


def _problem(r: CheckReport, p: dict[str, Any]) -> list[str]:
    """The title, the problem (the spec and the operands) and the verdict."""
    d = r.derivation
    spec = d.spec
    operands = (
        f"x = {_tensor(d.x.reshape(d.input_shape))}, "
        f"\\qquad w = {_tensor(d.w.reshape(d.kernel_shape))}"
    )
    if d.b is not None:
        operands += f", \\qquad b = {_tensor(d.b)}"
    title = p["title"].format(kind=p["transposed" if spec.transposed else "forward"])
    return [
        f"\\section*{{{title}}}",
        p["problem"].format(spec=describe(spec, p)),
        f"\\[ {operands} \\]",
        "",
        p["verdict"].format(verdict=p["correct" if r.correct else "wrong"]),
        "",
    ]


def _answer(r: CheckReport, p: dict[str, Any]) -> list[str]:
    """The claimed output (wrong entries boxed) beside the correct one, a wrong shape
    explained, the wrong entries, the tolerance."""
    d = r.derivation
    assert r.claimed is not None
    wrong = {e.index for e in r.wrong_entries}
    op = "C^{\\mathsf T} x" if d.spec.transposed else "C x"
    out = [
        p["answer_boxed" if wrong else "answer"],
        f"\\[ {_tensor(r.claimed, wrong)} \\qquad y = {op} = {_tensor(r.expected)} \\]",
    ]
    if not r.shape_ok:
        claimed, expected = _dims(r.claimed.shape), _dims(d.output_shape)
        out += [p["shape"].format(claimed=claimed, expected=expected), _size_formula(r)]
    if r.wrong_entries:
        out += [p["wrong_entries"], "\\begin{itemize}"]
        out += [f"\\item {_entry(e, p)}" for e in r.wrong_entries[:MAX_LISTED]]
        if len(r.wrong_entries) > MAX_LISTED:
            out.append("\\item " + p["more"].format(n=len(r.wrong_entries) - MAX_LISTED))
        out.append("\\end{itemize}")
    if r.floats:
        out.append(p["floats"].format(tol=sympy.latex(sympy.Float(r.tolerance, 3))))
    return out


def _size_formula(r: CheckReport) -> str:
    """The size formula, general and with the numbers put in (per distinct dimension)."""
    formula = r.derivation.size_formula
    sizes = ", \\quad ".join(formula.substituted_latex(dim) for dim in formula.distinct_dims())
    return f"\\[ {formula.general_latex()}, \\qquad {sizes} \\]"


def _size(r: CheckReport, p: dict[str, Any]) -> list[str]:
    """The claimed size against the right one, and the formula."""
    assert r.size is not None
    claimed, expected = _dims(r.size.claimed), _dims(r.size.expected)
    return [p["size"].format(claimed=claimed, expected=expected), _size_formula(r)]


def _steps(r: CheckReport, p: dict[str, Any]) -> list[str]:
    """The first wrong step and its wrong fields."""
    assert r.steps is not None and r.steps.first_wrong is not None
    first = r.steps.first_wrong
    return [
        p["steps"].format(n=first.number, element=first.element),
        "\\begin{itemize}",
        *(f"\\item {_issue(issue, p)}" for issue in first.issues),
        "\\end{itemize}",
    ]


def _causes(r: CheckReport, p: dict[str, Any], lang: str) -> list[str]:
    """The likely causes, each with its description in the note's language."""
    out = [p["causes_one" if len(r.likely_causes) == 1 else "causes_many"], "\\begin{itemize}"]
    for mistake in r.causes:
        text = mistake.description_zh if lang == "zh" else mistake.description
        name = escape(mistake.name)
        out.append(p["cause"].format(text=escape(text[0].upper() + text[1:]), name=name))
    out.append("\\end{itemize}")
    return out
