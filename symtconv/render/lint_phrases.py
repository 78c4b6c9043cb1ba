"""The sentences of a lint report, in English and Chinese, with ``{name}`` parameters.

Each :class:`~symtconv.linter.report.Message` code of a finding, an evidence line or a
claim checked has one entry here: ``(English, Chinese)``.  A parameter ending in
``_zh`` is the Chinese form of the one without it.

Examples:
    >>> phrase("arithmetic_wrong", "en", {"left": "1 + 1", "right": "3"})
    '1 + 1 is not 3'
    >>> phrase("severity_error", "zh", {})
    '错误'
"""

from __future__ import annotations

from ..errors import SpecError

__all__ = ["LANGS", "PHRASES", "phrase"]

LANGS = ("en", "zh")

#: code -> (English, Chinese).
PHRASES: dict[str, tuple[str, str]] = {
    # ----- severities and the summary
    "severity_error": ("error", "错误"),
    "severity_warning": ("warning", "警告"),
    "severity_note": ("note", "注意"),
    "claimed": ("claimed", "文中"),
    "expected": ("expected", "应为"),
    "summary": (
        "{name}: {checked} claims checked: {correct} correct, {wrong} wrong, {unknown} not "
        "understood; {errors} error(s), {warnings} warning(s), {notes} note(s)",
        "{name}：检查了 {checked} 处：{correct} 处正确，{wrong} 处错误，{unknown} 处未能理解；"
        "{errors} 个错误，{warnings} 个警告，{notes} 个注意",
    ),
    # ----- worked examples
    "output_wrong": (
        "the {kind} convolution's output is wrong in {wrong} of {total} entries",
        "{kind}卷积的输出有 {wrong} / {total} 个元素错误",
    ),
    "output_shape_wrong": (
        "the {kind} convolution's output has the wrong shape",
        "{kind}卷积的输出形状错误",
    ),
    "assumed_search": (
        "worked example ({kind} convolution): not stated in the text, assumed {assumed} "
        "(the claimed result follows with these)",
        "例题（{kind}卷积）：文中未说明，假定 {assumed}（文中结果在此之下成立）",
    ),
    "assumed_default": (
        "worked example ({kind} convolution): not stated in the text, assumed {assumed} "
        "(the defaults; no result is claimed to decide them)",
        "例题（{kind}卷积）：文中未说明，假定 {assumed}（默认值；没有给出结果可以判断）",
    ),
    "assumed_nomatch": (
        "worked example ({kind} convolution): not stated in the text, assumed {assumed} (the "
        "defaults; the claimed result follows under no small values of them)",
        "例题（{kind}卷积）：文中未说明，假定 {assumed}"
        "（默认值；在任何较小的取值下文中结果都不成立）",
    ),
    "unsolved": (
        "worked example not checked: {reason}",
        "例题未检查：{reason}",
    ),
    "entry_wrong": (
        "{name} of the output is {expected}, not {claimed}",
        "输出的 {name} 是 {expected}，不是 {claimed}",
    ),
    "entry_outside": (
        "{name} is outside the output (shape {shape})",
        "{name} 超出了输出的范围（形状 {shape}）",
    ),
    "entry_one_based": ("index {index} read as 1-based", "下标 {index} 按从 1 开始理解"),
    "quantity_wrong": ("{name} is not what is written", "{name} 与文中所写不符"),
    "size_wrong": ("the output size is wrong", "输出尺寸错误"),
    # ----- steps and labels
    "no_step": (
        "this matrix matches no step of the {kind} convolution's computation",
        "这个矩阵不是{kind}卷积计算中的任何一步",
    ),
    "block_wrong": (
        "the block of the element {name} (element {ordinal}) should be {name}·w",
        "元素 {name}（第 {ordinal} 个）的块应为 {name}·w",
    ),
    "label_wrong": (
        "the label says element {ordinal} is {claimed}, but element {ordinal} of the input is "
        "{name} = {expected}",
        "标签说第 {ordinal} 个元素是 {claimed}，但输入的第 {ordinal} 个元素是 {name} = {expected}",
    ),
    "label_outside": (
        "the label names element {ordinal}, but the input has {count} elements",
        "标签说第 {ordinal} 个元素，但输入只有 {count} 个元素",
    ),
    "placement_wrong": (
        "the blocks placed at their offsets and added give another matrix ({step})",
        "这些块放到各自位置相加后得到的是另一个矩阵（{step}）",
    ),
    "term_wrong": ("this term is not {step}", "这一项不是 {step}"),
    # ----- arithmetic
    "arithmetic_wrong": ("{left} is not {right}", "{left} 不等于 {right}"),
    "matrices_wrong": ("the matrices are not equal ({how})", "两个矩阵不相等（{how}）"),
    "matrices_equal": ("the matrices are equal, not different", "两个矩阵相等，并非不同"),
    "entries_value_wrong": (
        "{left} is not {claimed} with this example's values",
        "按本例的数值，{left} 不等于 {claimed}",
    ),
    # ----- formulas
    "formula_wrong": (
        "the size formula {formula} is wrong: {claim} is not {target}",
        "尺寸公式 {formula} 是错的：{claim} 不等于 {target}",
    ),
    "formula_conditional": (
        "the size formula {formula} holds only when {conditions} ({meanings})",
        "尺寸公式 {formula} 仅在 {conditions} 时成立（{meanings_zh}）",
    ),
    "formula_conditional_here": (
        "the size formula {formula} holds only when {conditions} ({meanings}); this example "
        "meets them",
        "尺寸公式 {formula} 仅在 {conditions} 时成立（{meanings_zh}）；本例满足这些条件",
    ),
    "formula_not_here": (
        "the size formula {formula} holds only when {conditions} ({meanings}), and this example "
        "({here}) has not {failing}",
        "尺寸公式 {formula} 仅在 {conditions} 时成立（{meanings_zh}），"
        "而本例（{here}）不满足 {failing}",
    ),
    "formula_unknown": (
        "the size formula {formula} could not be proved or refuted",
        "尺寸公式 {formula} 既未能证明也未能否定",
    ),
    "formula_unmapped": (
        "the size formula {formula} is not checked: the name {name} maps to no size "
        "parameter (input size i, kernel k, stride s, padding p on each side, dilation d, "
        "output padding op)",
        "尺寸公式 {formula} 未检查：名字 {name} 不对应任何尺寸参数（输入 i、卷积核 k、步长 s、"
        "每侧填充 p、膨胀率 d、输出填充 op）",
    ),
    "substitution_wrong": (
        "{formula} with this example's sizes ({here}) is {expected}, not {claimed}",
        "按本例的尺寸（{here}），{formula} 等于 {expected}，不是 {claimed}",
    ),
    # ----- misconceptions
    "misconception": (
        "misconception {misconception}: {summary}. {correction}",
        "误解 {misconception}：{summary_zh}。{correction_zh}",
    ),
    # ----- frameworks
    "shape_claim_wrong": ("the shape of {what} is wrong", "{what} 的形状错误"),
    "shape_assert_wrong": (
        "this assertion fails: {left} vs {right}",
        "这个断言不成立：{left} 与 {right}",
    ),
    "layer_channels": (
        "the {framework} layer takes {want} input channels, but the input {shape} has {channels}",
        "这个 {framework} 层需要 {want} 个输入通道，但输入 {shape} 有 {channels} 个",
    ),
    "layer_rank": (
        "the {framework} layer is {rank}-D and takes inputs of {need} dimensions, not {shape}",
        "这个 {framework} 层是 {rank} 维的，输入应有 {need} 个维度，而不是 {shape}",
    ),
    "layer_too_small": (
        "the {framework} layer gets an input too small: {sizes}",
        "这个 {framework} 层的输入太小：{sizes}",
    ),
    "layer_rejected": (
        "{framework} refuses these parameters: {reason}",
        "{framework} 不接受这些参数：{reason}",
    ),
    "layer_bad_param": (
        "{framework}: {name} = {value} is not understood",
        "{framework}：{name} = {value} 无法理解",
    ),
    "layer_not_literal": (
        "{call}: its arguments are not literal values; not checked",
        "{call}：参数不是字面值，未检查",
    ),
    "code_unparsed": (
        "the code is not Python ({reason}); not read",
        "这段代码不是 Python（{reason}），未读取",
    ),
    "code_too_long": (
        "the code has {size} characters (limit {limit}); not read",
        "这段代码有 {size} 个字符（上限 {limit}），未读取",
    ),
    "findings_dropped": ("{n} more findings not shown", "另有 {n} 处未显示"),
    # ----- evidence
    "evidence_entry": (
        "{name}: claimed {claimed}, expected {terms}",
        "{name}：文中 {claimed}，应为 {terms}",
    ),
    "evidence_more": ("... and {n} more wrong entries", "……另有 {n} 个错误元素"),
    "evidence_cause": (
        "likely mistake {mistake}: {description}",
        "可能的错误 {mistake}：{description_zh}",
    ),
    "evidence_counterexample": (
        "counterexample (without the conditions): {values}",
        "反例（不加条件时）：{values}",
    ),
    "evidence_label_block": (
        "the block shown, {block}, is {value}·w",
        "给出的块 {block} 是 {value}·w",
    ),
    "evidence_stacked": (
        "it stacks {top} on top of {bottom}; in the computation these overlap and are added",
        "它把 {top} 叠在 {bottom} 之上；而在计算中这两部分是重叠相加的",
    ),
    "evidence_nearest": (
        "closest step: {step} ({wrong} entries differ)",
        "最接近的一步：{step}（{wrong} 个元素不同）",
    ),
    "misconception_correction": ("reference: {reference}", "参考：{reference}"),
    "misconception_command": ("see: {command}", "演示：{command}"),
    # ----- what a claim checked was
    "arithmetic_ok": ("{text}", "{text}"),
    "shape_ok": ("{text} (a shape, {shape})", "{text}（形状 {shape}）"),
    "matrices_ok": ("two matrices equal ({how})", "两个矩阵相等（{how}）"),
    "matrices_differ": ("{text}", "{text}"),
    "matrix_elided": ("an elided matrix: {text}", "省略了部分元素的矩阵：{text}"),
    "size_ok": ("the output size {size}", "输出尺寸 {size}"),
    "entry_ok": ("{name}", "{name}"),
    "quantity_ok": ("{name}", "{name}"),
    "quantity_unknown": ("{name} (not a quantity this example has)", "{name}（本例没有这个量）"),
    "step_ok": ("step: {step}", "步骤：{step}"),
    "step_unknown": ("a matrix (not identified)", "一个矩阵（未能识别）"),
    "label_ok": ("label {label}", "标签 {label}"),
    "output_ok": ("the {kind} convolution's output ({shape})", "{kind}卷积的输出（{shape}）"),
    "output_elided": (
        "the output (elided; the entries shown)",
        "输出（部分省略；只比较写出的元素）",
    ),
    "output_unreadable": ("the output (not read)", "输出（未能读取）"),
    "formula_checked": ("size formula {formula}", "尺寸公式 {formula}"),
    "substitution_ok": ("{text}", "{text}"),
    "misconception_found": ("{misconception}", "{misconception}"),
    "layer_applied": (
        "{framework} layer on {shape} gives {out}",
        "{framework} 层作用于 {shape} 得到 {out}",
    ),
    "shape_claim": ("the shape of {what}", "{what} 的形状"),
    "shape_assert": ("{what}", "{what}"),
    # ----- kinds of convolution in messages
    "kind_transposed": ("transposed", "转置"),
    "kind_forward": ("ordinary", "普通"),
}


def phrase(code: str, lang: str, args: dict[str, str]) -> str:
    """The sentence ``code`` in ``lang`` with its arguments put in.

    Raises:
        SpecError: an unknown language.
    """
    if lang not in LANGS:
        raise SpecError(f"lang: got {lang!r}; valid are {', '.join(LANGS)}")
    en, zh = PHRASES.get(code, (code, code))
    template = zh if lang == "zh" else en
    values = dict(args)
    if "kind" in values and f"kind_{values['kind']}" in PHRASES:
        values["kind"] = PHRASES[f"kind_{values['kind']}"][1 if lang == "zh" else 0]
    for key in list(values):
        if not key.endswith("_zh"):
            values.setdefault(f"{key}_zh", values[key])
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template
