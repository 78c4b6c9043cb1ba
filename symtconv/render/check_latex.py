"""LaTeX for a :class:`~symtconv.handcheck.report.CheckReport`: a math fragment (for
``sympy.latex(report)`` and Jupyter) and a complete correction note, in
English or Chinese, that pdflatex compiles (Chinese through CJKutf8, gbsn).

Wrong entries are boxed; big tensors are elided like the text output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ..errors import SpecError
from ..results import writer
from .check_text import MAX_LISTED
from .text import EDGEITEMS, THRESHOLD

if TYPE_CHECKING:
    from ..core.spec import ConvSpec
    from ..handcheck.report import CheckReport, Contribution, StepIssue, WrongEntry

__all__ = ["LANGUAGES", "report_document", "report_math"]

_EN = {
    "title": "Correction: {kind}",
    "transposed": "transposed convolution",
    "forward": "convolution",
    "problem": "\\textbf{{Problem.}} {spec}, with",
    "verdict": "\\textbf{{Verdict.}} {verdict}",
    "correct": "Correct.",
    "wrong": "Not correct.",
    "answer": "\\textbf{Your answer} and the correct one:",
    "answer_boxed": "\\textbf{Your answer} (wrong entries boxed) and the correct one:",
    "shape": "Your answer is ${claimed}$ but the output is ${expected}$:",
    "wrong_entries": "\\textbf{The wrong entries.}",
    "entry": "${name}$: you wrote ${claimed}$; the correct value is ${expected}$.",
    "zeros_one": " ({zeros} also reaches this entry but contributes $0$.)",
    "zeros_many": " ({zeros} also reach this entry but contribute $0$.)",
    "kept": " Your value is ${kept}$ only: {left} not added.",
    "missing": " Missing: ${terms}$.",
    "extra": " Not part of the answer: ${terms}$.",
    "more": "\\dots\\ and {n} more.",
    "floats": "(Decimals were compared to a relative tolerance of ${tol}$.)",
    "size": "\\textbf{{Output size.}} You gave ${claimed}$; it is ${expected}$:",
    "steps": "\\textbf{{Steps.}} The first wrong step is step {n} (the element ${element}$):",
    "step_issue": "{field}: you have ${claimed}$, it should be ${expected}$.",
    "fields": {
        "input": "element",
        "value": "value",
        "at": "offset",
        "block": "block",
        "sum": "sum so far",
    },
    "cause": "\\item {text} (\\texttt{{{name}}}).",
    "causes_one": "\\textbf{Likely cause.}",
    "causes_many": "\\textbf{Likely causes.}",
    "remember": (
        "\\textbf{Remember.} Each input element multiplies the whole kernel; the block is "
        "placed at the element's position times the stride (minus the padding), and where "
        "blocks overlap their values are added."
    ),
}

_ZH = {
    "title": "批改：{kind}",
    "transposed": "转置卷积",
    "forward": "卷积",
    "problem": "\\textbf{{题目。}}{spec}，其中",
    "verdict": "\\textbf{{结论。}}{verdict}",
    "correct": "正确。",
    "wrong": "不正确。",
    "answer": "\\textbf{你的答案}与正确答案：",
    "answer_boxed": "\\textbf{你的答案}（错误的元素已框出）与正确答案：",
    "shape": "你的答案是 ${claimed}$，但输出是 ${expected}$：",
    "wrong_entries": "\\textbf{错误的元素。}",
    "entry": "${name}$：你写的是 ${claimed}$；正确的值是 ${expected}$。",
    "zeros_one": "（{zeros} 也落在这个位置，但贡献为 $0$。）",
    "zeros_many": "（{zeros} 也落在这个位置，但贡献都为 $0$。）",
    "kept": "你的值只是 ${kept}$：没有加上 {left}。",
    "missing": "缺少：${terms}$。",
    "extra": "多出（不属于答案）：${terms}$。",
    "more": "……另有 {n} 个。",
    "floats": "（小数按相对容差 ${tol}$ 比较。）",
    "size": "\\textbf{{输出尺寸。}}你给出的是 ${claimed}$；应为 ${expected}$：",
    "steps": "\\textbf{{步骤。}}第一个错误的步骤是第 {n} 步（元素 ${element}$）：",
    "step_issue": "{field}：你写的是 ${claimed}$，应为 ${expected}$。",
    "fields": {"input": "元素", "value": "数值", "at": "位置", "block": "块", "sum": "累加结果"},
    "cause": "\\item {text}（\\texttt{{{name}}}）。",
    "causes_one": "\\textbf{可能的原因。}",
    "causes_many": "\\textbf{可能的原因。}",
    "remember": (
        "\\textbf{提示。}每个输入元素乘以整个卷积核；这个块放在该元素的位置乘以步长"
        "（再减去填充）的地方，块与块重叠的位置要把数值相加。"
    ),
}

#: Language code -> phrases.
LANGUAGES = {"en": _EN, "zh": _ZH}


def _phrases(lang: str) -> dict[str, Any]:
    try:
        return LANGUAGES[lang]
    except KeyError:
        raise SpecError(f"lang: got {lang!r}; valid are {', '.join(LANGUAGES)}") from None


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


def _text(text: str) -> str:
    """Plain text made safe for LaTeX text mode."""
    for a, b in (
        ("\\", "\\textbackslash{}"),
        ("_", "\\_"),
        ("{", "\\{"),
        ("}", "\\}"),
        ("^", "\\^{}"),
        ("&", "\\&"),
        ("%", "\\%"),
        ("#", "\\#"),
        ("$", "\\$"),
    ):
        text = text.replace(a, b)
    return text


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
            return f"\\text{{{_text(value)}}}"
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


def _describe_zh(spec: ConvSpec) -> str:
    def fmt(values: Any) -> str:
        vals = list(values)
        return str(vals[0]) if len(set(vals)) == 1 else " \\times ".join(map(str, vals))

    kind = "转置卷积" if spec.transposed else "卷积"
    pads = (
        fmt([lo for lo, _ in spec.padding])
        if spec.symmetric_padding
        else ", ".join(f"{lo}:{hi}" for lo, hi in spec.padding)
    )
    parts = [
        f"{spec.rank} 维{kind}",
        f"输入 ${_dims(spec.input_size)}$",
        f"卷积核 ${_dims(spec.kernel_size)}$",
        f"步长 ${fmt(spec.stride)}$",
        f"填充 ${pads}$",
        f"膨胀 ${fmt(spec.dilation)}$",
    ]
    if spec.transposed:
        parts.append(f"输出填充 ${fmt(spec.output_padding)}$")
    if spec.in_channels > 1 or spec.out_channels > 1:
        parts.append(f"通道 ${spec.in_channels} \\to {spec.out_channels}$")
    if spec.groups > 1:
        parts.append(f"分组 ${spec.groups}$")
    if spec.bias:
        parts.append("带偏置")
    return "，".join(parts)


def _issue(issue: StepIssue, p: dict[str, Any]) -> str:
    return p["step_issue"].format(
        field=p["fields"][issue.field],
        claimed=_plain_math(issue.claimed),
        expected=_plain_math(issue.expected),
    )


@writer("CheckReport", "math")
def report_math(r: CheckReport, printer: Any = None) -> str:
    """A LaTeX math fragment (``sympy.latex(report)``, Jupyter)."""
    op = "C^{\\top} x" if r.derivation.spec.transposed else "C x"
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
        parts.append("\\text{likely: " + _text(", ".join(r.likely_causes)) + "}")
    return " \\qquad ".join(parts) if parts else "\\text{nothing claimed}"


@writer("CheckReport", "latex")
def report_document(r: CheckReport, lang: str = "en") -> str:
    """A complete LaTeX document (pdflatex): a correction note to hand back.

    Args:
        r: the report.
        lang: ``"en"`` or ``"zh"``.

    Raises:
        SpecError: an unknown language.
    """
    p = _phrases(lang)
    d = r.derivation
    spec = d.spec
    op = "C^{\\top} x" if spec.transposed else "C x"
    if lang == "zh":
        described = _describe_zh(spec)
    else:
        described = _text(spec.describe())
        described = described[0].upper() + described[1:]
    operands = (
        f"x = {_tensor(d.x.reshape(d.input_shape))}, "
        f"\\qquad w = {_tensor(d.w.reshape(d.kernel_shape))}"
    )
    if d.b is not None:
        operands += f", \\qquad b = {_tensor(d.b)}"
    title = p["title"].format(kind=p["transposed" if spec.transposed else "forward"])
    body = [
        f"\\section*{{{title}}}",
        p["problem"].format(spec=described),
        f"\\[ {operands} \\]",
        "",
        p["verdict"].format(verdict=p["correct" if r.correct else "wrong"]),
        "",
    ]
    wrong = {e.index for e in r.wrong_entries}
    formula = d.size_formula
    sizes = ", \\quad ".join(formula.substituted_latex(dim) for dim in formula.distinct_dims())
    sizes_block = f"\\[ {formula.general_latex()}, \\qquad {sizes} \\]"
    if r.claimed is not None:
        body.append(p["answer_boxed" if wrong else "answer"])
        body.append(f"\\[ {_tensor(r.claimed, wrong)} \\qquad y = {op} = {_tensor(r.expected)} \\]")
        if not r.shape_ok:
            body.append(
                p["shape"].format(claimed=_dims(r.claimed.shape), expected=_dims(d.output_shape))
            )
            body.append(sizes_block)
        if r.wrong_entries:
            body += [p["wrong_entries"], "\\begin{itemize}"]
            body += [f"\\item {_entry(e, p)}" for e in r.wrong_entries[:MAX_LISTED]]
            if len(r.wrong_entries) > MAX_LISTED:
                body.append("\\item " + p["more"].format(n=len(r.wrong_entries) - MAX_LISTED))
            body.append("\\end{itemize}")
        if r.floats:
            body.append(p["floats"].format(tol=sympy.latex(sympy.Float(r.tolerance, 3))))
        body.append("")
    if r.size is not None:
        body.append(
            p["size"].format(claimed=_dims(r.size.claimed), expected=_dims(r.size.expected))
        )
        body.append(sizes_block)
    if r.steps is not None and r.steps.first_wrong is not None:
        first = r.steps.first_wrong
        body += [p["steps"].format(n=first.number, element=first.element), "\\begin{itemize}"]
        body += [f"\\item {_issue(issue, p)}" for issue in first.issues]
        body.append("\\end{itemize}")
    if r.likely_causes:
        body += [
            p["causes_one" if len(r.likely_causes) == 1 else "causes_many"],
            "\\begin{itemize}",
        ]
        for mistake in r.causes:
            text = mistake.description_zh if lang == "zh" else mistake.description
            body.append(
                p["cause"].format(text=_text(text[0].upper() + text[1:]), name=_text(mistake.name))
            )
        body.append("\\end{itemize}")
    if spec.transposed and (r.wrong_entries or not r.shape_ok):
        body.append(p["remember"])
    preamble = [
        "\\documentclass[11pt]{article}",
        "\\usepackage[margin=2.2cm]{geometry}",
        "\\usepackage{amsmath}",
    ]
    if lang == "zh":
        preamble.append("\\usepackage{CJKutf8}")
    preamble += [
        "\\setcounter{MaxMatrixCols}{40}",
        "\\renewcommand{\\labelitemi}{$\\bullet$}",
        "\\setlength{\\parindent}{0pt}",
        "\\setlength{\\parskip}{6pt}",
        "\\begin{document}",
    ]
    if lang == "zh":
        body = ["\\begin{CJK}{UTF8}{gbsn}", *body, "\\end{CJK}"]
    return "\n".join([*preamble, *body, "\\end{document}", ""])
