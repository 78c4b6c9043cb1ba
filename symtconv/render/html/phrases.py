"""The words of the HTML explorer, in English and Chinese (the lesson's sentences are in
:mod:`symtconv.render.i18n`).

Plain text with ``{name}`` parameters: the page escapes them as text or attributes, and
its script fills the ones it shows (the readout) with ``textContent``.

Examples:
    >>> phrases("zh")["view_scatter"]
    '分散'
    >>> sorted(set(phrases("en")) ^ set(phrases("zh")))
    []
    >>> phrases("fr")
    Traceback (most recent call last):
    ...
    symtconv.errors.SpecError: lang: got 'fr'; valid languages: en, zh
"""

from __future__ import annotations

from ...errors import SpecError
from ..i18n import LANGS

__all__ = ["phrases"]

_EN = {
    "explore": "Explore",
    "help_t": (
        "Hover over or focus an output entry y: the input elements and kernel taps whose "
        "products it sums light up (a pair in one colour), with its column of C (its row "
        "of Cᵀ) and the kernel copies that reach it, and its sum of products appears "
        "below. Click an input element, or press Enter on it, to place its kernel copy "
        "x_q·w on the output at its offset; what falls outside the output frame is "
        "cropped by the padding."
    ),
    "help_f": (
        "Hover over or focus an output entry y: its window on the padded input, the "
        "input elements and kernel taps whose products it sums (a pair in one colour), "
        "its row of C and its sum of products light up. Click an input element, or press "
        "Enter on it, to see the outputs it reaches (its column of C)."
    ),
    "keys_t": (
        "Keys: Tab moves from grid to grid, the arrow keys from cell to cell, Enter "
        "places (or removes) a kernel copy, Escape clears."
    ),
    "keys_f": (
        "Keys: Tab moves from grid to grid, the arrow keys from cell to cell, Enter "
        "shows the outputs an input element reaches, Escape clears."
    ),
    "controls": "Display",
    "view": "View",
    "view_scatter": "scatter",
    "view_zero": "zero insertion",
    "layer_counts": "overlap counts",
    "entries": "Entries",
    "show_values": "values",
    "show_names": "names",
    "input": "input x",
    "kernel": "kernel w",
    "output_t": (
        "output y on the uncropped canvas (the cells outside the frame are cropped by the padding)"
    ),
    "output_f": "output y",
    "input_f": "input x with its padding (the cells outside the frame are zeros)",
    "stretched": "x̃: the input stretched (s − 1 zeros between elements) and padded",
    "flipped": "the kernel flipped in every spatial dimension",
    "matrix_t": "C: column j is output entry y_j (row j of Cᵀ); row q is input element x_q",
    "matrix_f": "C: row j is output entry y_j; column q is input element x_q",
    "channel": "channel {c}",
    "cropped": "outside the output (cropped)",
    "padding_cell": "padding (zero)",
    "inserted_cell": "inserted zero",
    "legend_counts": "products per output position",
    "interior": "the interior, between the border bands, is outlined",
    "kind_uniform": "uniform: every interior position gets {n} products",
    "kind_uneven": "uneven: interior positions get {n} products",
    "kind_holes": "holes: some positions get no product at all",
    "idle": "Hover over or focus an output entry to see its sum of products.",
    "zero_taps": "Zero-weight taps (their products are 0):",
    "no_terms": "No product reaches this entry.",
    "hidden_terms": "{n} of its products involve entries not shown in the grids (elided).",
    "copy": (
        "The copy {x}·w lands at offset {offset}: {inside} of its {total} products "
        "reach the output, {cropped} fall outside the frame (cropped)."
    ),
    "reaches": "{x} reaches {n} output entries (its column of C).",
    "window": "The flipped kernel's window over x̃ starts at {at}.",
    "sample": "The grids show the first sample of the batch.",
    "elided": (
        "Big grids are elided like the documents: beyond {t} rows, columns, slices or "
        "channels only the first and last {e} are shown (--threshold, --edgeitems)."
    ),
    "parameters": "Parameters",
    "reproduce": "This page again:",
    "contents": "Steps",
    "no_command": "(the values have no exact command-line form)",
    "legend_taps": "Colours: one per kernel tap, as in the pictures below.",
}

_ZH = {
    "explore": "交互探索",
    "help_t": (
        "把鼠标移到某个输出元素 y 上（或用键盘聚焦它）：它所累加的乘积中的输入元素和卷积核"
        "抽头会高亮（每一对同一种颜色），同时高亮 C 的对应列（Cᵀ 的对应行）和到达它的卷积核"
        "副本，下方列出它的乘积之和。点击某个输入元素（或在其上按回车），把它的卷积核副本 "
        "x_q·w 放到输出上对应的偏移处；落在输出框之外的部分被填充裁掉。"
    ),
    "help_f": (
        "把鼠标移到某个输出元素 y 上（或用键盘聚焦它）：它在补零输入上的窗口、它所累加的"
        "乘积中的输入元素和卷积核抽头（每一对同一种颜色）、C 的对应行以及乘积之和都会高亮。"
        "点击某个输入元素（或在其上按回车），查看它到达的输出（C 的对应列）。"
    ),
    "keys_t": (
        "按键：Tab 在网格之间切换，方向键在单元格之间移动，回车放置（或移除）卷积核副本，Esc 清除。"
    ),
    "keys_f": (
        "按键：Tab 在网格之间切换，方向键在单元格之间移动，回车显示输入元素到达的输出，Esc 清除。"
    ),
    "controls": "显示",
    "view": "视图",
    "view_scatter": "分散",
    "view_zero": "插零",
    "layer_counts": "重叠计数",
    "entries": "元素",
    "show_values": "数值",
    "show_names": "名称",
    "input": "输入 x",
    "kernel": "卷积核 w",
    "output_t": "未裁剪画布上的输出 y（框外的单元格被填充裁掉）",
    "output_f": "输出 y",
    "input_f": "带填充的输入 x（框外的单元格为零）",
    "stretched": "x̃：拉伸（元素之间插入 s − 1 个零）并补零后的输入",
    "flipped": "在每个空间维度上翻转的卷积核",
    "matrix_t": "C：第 j 列对应输出元素 y_j（Cᵀ 的第 j 行）；第 q 行对应输入元素 x_q",
    "matrix_f": "C：第 j 行对应输出元素 y_j；第 q 列对应输入元素 x_q",
    "channel": "通道 {c}",
    "cropped": "在输出之外（被裁掉）",
    "padding_cell": "填充（零）",
    "inserted_cell": "插入的零",
    "legend_counts": "每个输出位置的乘积个数",
    "interior": "边界带之间的内部区域用粗框标出",
    "kind_uniform": "均匀：每个内部位置都得到 {n} 个乘积",
    "kind_uneven": "不均匀：内部位置分别得到 {n} 个乘积",
    "kind_holes": "有空洞：某些位置得不到任何乘积",
    "idle": "把鼠标移到某个输出元素上（或聚焦它），查看它的乘积之和。",
    "zero_taps": "权重为零的抽头（乘积为 0）：",
    "no_terms": "没有乘积到达这个元素。",
    "hidden_terms": "它有 {n} 个乘积涉及网格中未显示（被省略）的元素。",
    "copy": (
        "副本 {x}·w 落在偏移 {offset} 处：它的 {total} 个乘积中有 {inside} 个到达输出，"
        "{cropped} 个落在框外（被裁掉）。"
    ),
    "reaches": "{x} 到达 {n} 个输出元素（C 的对应列）。",
    "window": "翻转卷积核在 x̃ 上的窗口从 {at} 开始。",
    "sample": "网格显示批次中的第一个样本。",
    "elided": (
        "大网格像文档一样省略：行、列、切片或通道超过 {t} 个时只显示首尾各 {e} 个"
        "（--threshold、--edgeitems）。"
    ),
    "parameters": "参数",
    "reproduce": "重新生成本页：",
    "contents": "步骤",
    "no_command": "（这些数值没有精确的命令行写法）",
    "legend_taps": "颜色：每个卷积核抽头一种颜色，与下面的图一致。",
}

_TABLES = {"en": _EN, "zh": _ZH}


def phrases(lang: str) -> dict[str, str]:
    """The explorer's words in a language.

    Raises:
        SpecError: an unknown language.
    """
    if lang not in LANGS:
        raise SpecError(f"lang: got {lang!r}; valid languages: {', '.join(LANGS)}")
    return _TABLES[lang]
