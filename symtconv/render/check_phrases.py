"""The words of a correction note (:mod:`symtconv.render.check_latex`), in English and
Chinese: its sentences, with ``{name}`` parameters, and the words that describe a spec.

Examples:
    >>> phrases("zh")["correct"]
    '正确。'
    >>> phrases("fr")
    Traceback (most recent call last):
    ...
    symtconv.errors.SpecError: lang: got 'fr'; valid are en, zh
"""

from __future__ import annotations

from typing import Any

from ..errors import SpecError

__all__ = ["LANGUAGES", "phrases"]

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
    "spec": {
        "rank": "{rank}-D {kind}",
        "input": "input {0}",
        "kernel": "kernel {0}",
        "stride": "stride {0}",
        "padding": "padding {0}",
        "dilation": "dilation {0}",
        "output_padding": "output\\_padding {0}",
        "channels": "channels {0}->{1}",
        "groups": "groups {0}",
        "batch": "batch {0}",
        "bias": "bias",
        "times": "x",
        "pads": ",",
        "join": ", ",
    },
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
    "spec": {
        "rank": "{rank} 维{kind}",
        "input": "输入 ${0}$",
        "kernel": "卷积核 ${0}$",
        "stride": "步长 ${0}$",
        "padding": "填充 ${0}$",
        "dilation": "膨胀 ${0}$",
        "output_padding": "输出填充 ${0}$",
        "channels": "通道 ${0} \\to {1}$",
        "groups": "分组 ${0}$",
        "batch": None,  # the Chinese note leaves the batch out
        "bias": "带偏置",
        "times": " \\times ",
        "pads": ", ",
        "join": "，",
    },
}

#: Language code -> phrases.
LANGUAGES = {"en": _EN, "zh": _ZH}


def phrases(lang: str) -> dict[str, Any]:
    """The phrases of ``lang``.

    Raises:
        SpecError: an unknown language.
    """
    try:
        return LANGUAGES[lang]
    except KeyError:
        raise SpecError(f"lang: got {lang!r}; valid are {', '.join(LANGUAGES)}") from None
