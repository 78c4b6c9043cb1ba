"""Every sentence of a derivation document, in English and Chinese, in one table.

Markup in the strings: ``$...$`` is inline math (the same in LaTeX and
Markdown), ```code``` is code, ``%(name)s`` a parameter.  Strings are written
so that they need no escaping in either format.

Examples:
    >>> from symtconv.render.document.blocks import T
    >>> translate(T("size_numbers_dim", dim="1"), "zh", str)
    '第 1 维：'
    >>> translate(T("param_output_padding", value="$2$"), "en", lambda c: f"<{c}>")
    'output padding $2$ (<output_padding>)'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..errors import SpecError
from .document.blocks import Code, Text

__all__ = ["LABEL_SEP", "LANGS", "LIST_SEP", "SENTENCE_SEP", "TEXTS", "translate"]

#: Supported languages.
LANGS = ("en", "zh")
#: How a tuple parameter's items are joined.
LIST_SEP = {"en": ", ", "zh": "、"}
#: How the sentences of a paragraph are joined.
SENTENCE_SEP = {"en": " ", "zh": ""}
#: Between a label ("Figure 1") and what it labels.
LABEL_SEP = {"en": ": ", "zh": "："}

_T = r"C^{\mathsf T}"

#: key -> (English, Chinese).
TEXTS: dict[str, tuple[str, str]] = {
    # ----- title and introduction
    "title_t": (
        f"Transposed convolution as $y = {_T} x$",
        f"转置卷积：$y = {_T} x$",
    ),
    "title_f": ("Convolution as $y = C x$", "卷积：$y = C x$"),
    "intro_t": (
        "A transposed convolution is a linear map, so it has a matrix. Let $C$ be the matrix of "
        "the ordinary convolution that maps a %(big)s array to a %(small)s array with the same "
        "kernel, stride, padding and dilation. The transposed convolution is exactly its "
        f"transpose: $y = {_T} x$ maps a %(small)s input $x$ to a %(big)s output $y$. It is the "
        "transpose (the adjoint) of $C$, not its inverse.",
        "转置卷积是一个线性映射，因此有对应的矩阵。设 $C"
        "$ 为这样一个普通卷积的矩阵：它用同样的卷积核、"
        "步长、填充和膨胀率，把 %(big)s 的数组映射为 %(small)s 的数组。转置卷积恰好就是它的转置："
        f"$y = {_T} x$ 把 %(small)s 的输入 $x$ 映射为 %(big)s 的输出 $y$。它是 $C$ 的转置（伴随），"
        "而不是 $C$ 的逆。",
    ),
    "intro_t_use": (
        "It enlarges feature maps, which is why generators (GANs) and decoders (U-Net) use it "
        "for upsampling. Each step below is derived on this example and checked.",
        "它能放大特征图，因此常用于生成器（如 GAN）和解"
        "码器（如 U-Net）的上采样。下面在这个例子上逐步"
        "推导，并验证每一步。",
    ),
    "intro_f": (
        "An ordinary convolution is a linear map: $y = C x$, where $C$ is the matrix that maps "
        "the %(big)s input $x$ to the %(small)s output $y$. Each row of $C$ holds the kernel "
        "placed over one window of the input.",
        "普通卷积是一个线性映射：$y = C x$，其中 $C$ 是把 %(big)s 的输入 $x$ 映射为 %(small)s 的"
        "输出 $y$ 的矩阵。$C$ 的每一行都是放在输入的一个窗口上的卷积核。",
    ),
    "intro_conventions": (
        "Conventions (PyTorch's): convolution means cross-correlation (the kernel is not "
        "flipped); indices start at 0; arrays are flattened row by row, the last index fastest.",
        "约定（与 PyTorch 相同）：卷积指互相关（卷积"
        "核不翻转）；下标从 0 开始；数组按行展平，最后一个"
        "下标变化最快。",
    ),
    # ----- parameters
    "sec_parameters": ("Parameters", "参数"),
    "param_input": ("input $x$: %(shape)s", "输入 $x$：%(shape)s"),
    "param_input_full": (
        "input $x$: %(shape)s (channels first, PyTorch's layout)",
        "输入 $x$：%(shape)s（通道在前，PyTorch 的布局）",
    ),
    "param_kernel": ("kernel $w$: %(shape)s", "卷积核 $w$：%(shape)s"),
    "param_kernel_full_t": (
        r"kernel $w$: %(shape)s, laid out as $(C_{\mathrm{in}}, C_{\mathrm{out}}/g, k, \dots)$",
        r"卷积核 $w$：%(shape)s，布局为 $(C_{\mathrm{in}}, C_{\mathrm{out}}/g, k, \dots)$",
    ),
    "param_kernel_full_f": (
        r"kernel $w$: %(shape)s, laid out as $(C_{\mathrm{out}}, C_{\mathrm{in}}/g, k, \dots)$",
        r"卷积核 $w$：%(shape)s，布局为 $(C_{\mathrm{out}}, C_{\mathrm{in}}/g, k, \dots)$",
    ),
    "param_stride": ("stride %(value)s", "步长 %(value)s"),
    "param_padding": ("padding %(value)s on both sides", "填充 %(value)s（两侧相同）"),
    "param_padding_asym": (
        "padding %(value)s (low and high side, per dimension)",
        "填充 %(value)s（每个维度的起始侧和末尾侧）",
    ),
    "param_dilation": ("dilation %(value)s", "膨胀率 %(value)s"),
    "param_dilation_alias": (
        "dilation %(value)s (a dilated, or atrous, convolution)",
        "膨胀率 %(value)s（膨胀卷积，又称空洞卷积）",
    ),
    "param_output_padding": (
        "output padding %(value)s (`output_padding`)",
        "输出填充 %(value)s（`output_padding`）",
    ),
    "param_channels": (
        "channels: %(cin)s in, %(cout)s out; groups $g = %(groups)s$ (each group is an "
        "independent convolution)",
        "通道：输入 %(cin)s 个，输出 %(cout)s 个；分组数 $g = %(groups)s$（每组是一个独立的卷积）",
    ),
    "param_bias": (
        "bias $b$: one value per output channel (%(count)s), added to every entry of its channel",
        "偏置 $b$：每个输出通道一个值（共 %(count)s 个），加到该通道的每个元素上",
    ),
    # ----- output size
    "sec_size": ("Output size", "输出尺寸"),
    "size_general_t": (
        "Per spatial dimension, with input size $i$, kernel size $k$, stride $s$, padding $p$ "
        r"(or $p_{\mathrm{lo}}$, $p_{\mathrm{hi}}$ when the two sides differ), dilation $d$ and "
        r"output padding $\mathit{op}$, the output size of a transposed convolution is",
        "在每个空间维度上，设输入尺寸为 $i$、卷积核尺寸为"
        " $k$、步长为 $s$、填充为 $p$（两侧不同时为 "
        r"$p_{\mathrm{lo}}$、$p_{\mathrm{hi}}$）、膨胀率为 $d$、输出填充为 $\mathit{op}$，"
        "转置卷积的输出尺寸为",
    ),
    "size_general_f": (
        "Per spatial dimension, with input size $i$, kernel size $k$, stride $s$, padding $p$ "
        r"(or $p_{\mathrm{lo}}$, $p_{\mathrm{hi}}$ when the two sides differ) and dilation $d$, "
        "the output size of a convolution is",
        "在每个空间维度上，设输入尺寸为 $i$、卷积核尺寸为"
        " $k$、步长为 $s$、填充为 $p$（两侧不同时为 "
        r"$p_{\mathrm{lo}}$、$p_{\mathrm{hi}}$）、膨胀率为 $d$，卷积的输出尺寸为",
    ),
    "size_simplified": (
        "With the parameters that are at their defaults left out:",
        "去掉取默认值的参数，公式化简为：",
    ),
    "size_numbers": ("With this example's numbers:", "代入本例的数值："),
    "size_numbers_all": (
        "With this example's numbers (the same in every dimension):",
        "代入本例的数值（各维度相同）：",
    ),
    "size_numbers_dim": ("In dimension %(dim)s:", "第 %(dim)s 维："),
    "size_result": ("So $y$ has shape %(shape)s.", "所以 $y$ 的形状为 %(shape)s。"),
    # ----- the ordinary convolution first (transposed documents)
    "sec_recap": ("The ordinary convolution first", "先回顾普通卷积"),
    "recap_intro": (
        "A transposed convolution is defined through an ordinary one: the convolution with the "
        "same kernel, stride, padding and dilation, which maps an array $u$ of the output's "
        "shape (%(big)s) to an array $z$ of the input's shape (%(small)s). The kernel slides "
        "over $u$: at each position it is multiplied entry by entry with the window of $u$ "
        "under it, and the products are summed into one entry of $z$.",
        "转置卷积要借助一个普通卷积来定义：用同样的卷积核、步长、填充和膨胀率，把输出形状"
        "（%(big)s）的数组 $u$ 映射为输入形状（%(small)s）的数组 $z$。卷积核在 $u$ 上滑动，"
        "每到一个位置，就把卷积核与其下方的 $u$ 的窗口逐元素相乘，乘积之和就是 $z$ 的一个元素。",
    ),
    "recap_padded": (
        "Where a window reaches beyond $u$, it meets the zeros of the padding.",
        "窗口超出 $u$ 的部分落在补的零上。",
    ),
    "recap_unpadded": (
        "There is no padding, so every window lies inside $u$.",
        "这里没有填充，每个窗口都在 $u$ 之内。",
    ),
    "recap_per_dim": (
        "Here $j$, $t$, $s$, $p_{\\mathrm{lo}}$ and $d$ are taken per dimension: the index is "
        "formed in each dimension separately.",
        "其中 $j$、$t$、$s$、$p_{\\mathrm{lo}}$、$d$ 按维度分别取值："
        "下标在每个维度上各自这样计算。",
    ),
    "recap_channels": (
        "With several channels, each entry of $z$ also sums over the input channels of its group.",
        "有多个通道时，$z$ 的每个元素还要对所在组的各输入通道求和。",
    ),
    "fig_windows": (
        "The sliding windows: one panel per entry of %(out)s (one row of $C$), the cells of "
        "%(inp)s under the kernel in the colours of the taps that multiply them. %(frame)s",
        "滑动窗口：每个小图对应 %(out)s 的一个元素（$C$ 的一行），卷积核覆盖的 %(inp)s 的格子"
        "按与之相乘的卷积核元素着色。%(frame)s",
    ),
    "fig_windows_frame": ("The black frame is %(inp)s.", "黑框就是 %(inp)s。"),
    "fig_windows_frame_padded": (
        "The black frame is %(inp)s; outside it lie the zeros of the padding.",
        "黑框就是 %(inp)s，框外是补的零。",
    ),
    "recap_numbers": (
        r"Take for $u$ the numbers $1, 2, 3, \dots$ row by row. The first window gives",
        r"取 $u$ 为按行排列的 $1, 2, 3, \dots$。第一个窗口给出",
    ),
    "recap_all": ("and all %(count)s windows give", "全部 %(count)s 个窗口给出"),
    "recap_size": (
        "The convolution makes the array smaller, down to %(small)s. The transposed "
        "convolution goes the other way, and its matrix is the transpose of this "
        "convolution's matrix $C$.",
        "可见普通卷积把数组变小，变为 %(small)s；转置卷积的方向正相反，它的矩阵就是这个卷积的"
        "矩阵 $C$ 的转置。",
    ),
    # ----- the matrix C
    "sec_matrix": ("The matrix $C$, built from the windows", "由窗口拼成的矩阵 $C$"),
    "windows_forward": (
        "The kernel slides over %(inp)s; each window gives one entry of $y$:",
        "卷积核在 %(inp)s 上滑动，每个窗口给出 $y$ 的一个元素：",
    ),
    "windows_rows": (
        "Each window is one row of $C$: the row holds the kernel taps in the columns of the "
        "entries its window covers, and structural zeros elsewhere. The window of %(out)s "
        "covers %(cells)s, in the columns %(columns)s, so the first row of $C$ is",
        "每个窗口就是 $C$ 的一行：这一行在窗口所覆盖元素的那些列上放卷积核元素，其余位置是结构零。"
        "%(out)s 的窗口覆盖 %(cells)s，即第 %(columns)s 列，所以 $C$ 的第一行是",
    ),
    "matrix_intro_t": (
        "Stacking the windows, one row per entry of $z$, gives $C$: the %(shape)s matrix of the "
        "convolution from %(big)s (the shape of $y$) to %(small)s (the shape of $x$). It has "
        "%(nnz)s structural nonzeros.",
        "把所有窗口按 $z$ 的元素逐行叠起来，就得到 $C$：从 %(big)s（$y$ 的形状）到 %(small)s"
        "（$x$ 的形状）的卷积的 %(shape)s 矩阵，共有 %(nnz)s 个结构非零元。",
    ),
    "matrix_intro_f": (
        "Stacking the windows, one row per entry of $y$, gives $C$, the %(shape)s matrix of "
        "this convolution. It has %(nnz)s structural nonzeros.",
        "把所有窗口按 $y$ 的元素逐行叠起来，就得到 $C$，即这个卷积的 %(shape)s 矩阵，共有 %(nnz)s"
        " 个结构非零元。",
    ),
    "matrix_zeros": (
        "Grey zeros are structural: no kernel tap reaches them. A black 0 is a kernel entry "
        "whose value is 0.",
        "灰色的 0 是结构零：没有任何卷积核元素落在那里；黑色的 0 是值恰好为 0 的卷积核元素。",
    ),
    "matrix_truncated": (
        r"Here `output_padding` $\ge$ stride: that convolution has %(positions)s output "
        "positions, more than $x$ has entries; $C$ keeps the first %(kept)s of them (the "
        "others would multiply entries that $x$ does not have).",
        r"这里 `output_padding` $\ge$ 步长：该卷积有"
        r" %(positions)s 个输出位置，多于 $x$ 的元素个数；"
        "$C$ 只保留前 %(kept)s 个（其余的会乘到 $x$ 中不存在的元素）。",
    ),
    "fig_sparsity": (
        "The sparsity pattern of $C$: each structural nonzero coloured by the kernel tap it holds.",
        "$C$ 的稀疏模式：每个结构非零元按其对应的卷积核元素着色。",
    ),
    "fig_sparsity_window": (
        "The sparsity pattern of $C$, its first %(rows)s of %(all_rows)s rows and %(cols)s of "
        "%(all_cols)s columns: each structural nonzero coloured by the kernel tap it holds.",
        "$C$ 的稀疏模式（前 %(rows)s 行，共 %(all_rows)s 行；前 %(cols)s 列，共 %(all_cols)s 列）："
        "每个结构非零元按其对应的卷积核元素着色。",
    ),
    "matrix_transpose": (
        f"Its transpose ${_T}$, %(shape)s, is the matrix of the transposed convolution:",
        f"它的转置 ${_T}$（%(shape)s）就是转置卷积的矩阵：",
    ),
    # ----- flattening
    "sec_flatten": ("$x$ flattened", "展平 $x$"),
    "flatten": (
        "Flatten $x$ row by row (last index fastest) into a vector of %(count)s entries:",
        "把 $x$ 按行展平（最后一个下标变化最快），得到含 %(count)s 个元素的向量：",
    ),
    "flatten_batch": (
        "Flatten each sample of $x$ (last index fastest) into a column of %(count)s entries; "
        "the %(samples)s samples are the columns of $X$ (shown transposed, one row per sample):",
        "把 $x$ 的每个样本展平（最后一个下标变化最快）为含 %(count)s 个元素的列；%(samples)s 个样本"
        "构成矩阵 $X$ 的各列（下面转置显示，每行一个样本）：",
    ),
    # ----- entry by entry
    "sec_entries": ("%(op)s, entry by entry", "逐元素计算 %(op)s"),
    "product_whole": (
        "As one matrix product, %(op)s is",
        "写成一个矩阵乘积，%(op)s 为",
    ),
    "entries_intro_t": (
        f"Entry $j$ of $y$ is column $j$ of $C$ (row $j$ of ${_T}$) times "
        r"$\operatorname{vec}(x)$: a sum of products of input and kernel entries.",
        f"$y$ 的第 $j$ 个元素等于 $C$ 的第 $j$ 列（${_T}$ 的第 $j$ 行）乘以 "
        r"$\operatorname{vec}(x)$，即输入元素与卷积核元素的乘积之和。",
    ),
    "entries_intro_f": (
        r"Entry $r$ of $y$ is row $r$ of $C$ times $\operatorname{vec}(x)$: the kernel times "
        "the window of $x$ under it.",
        r"$y$ 的第 $r$ 个元素等于 $C$ 的第 $r$ 行乘以 $\operatorname{vec}(x)$，即卷积核与其下方 "
        "$x$ 的窗口逐元素相乘再求和。",
    ),
    "entries_bias": (
        "Each entry also gets the bias of its output channel.",
        "每个元素还要加上其输出通道的偏置。",
    ),
    "elided_list": (
        "%(shown)s of the %(total)s are shown: the first and the last ones.",
        "共 %(total)s 项，这里显示开头和末尾的 %(shown)s 项。",
    ),
    "entries_output": ("Reshaped to %(shape)s, the output is", "重排为 %(shape)s，输出为"),
    "entries_output_named": (
        "Reshaped to %(shape)s, the output is the array of the entries above:",
        "重排为 %(shape)s，输出就是上面逐项列出的元素构成的数组：",
    ),
    # ----- scatter view
    "sec_scatter": ("The scatter view", "散射相加（scatter-add）视角"),
    "scatter_intro": (
        f"Read by columns, ${_T} x = \\sum_q x_q\\, {_T}_{{:,q}}$: each input element $x_q$ "
        "multiplies the whole kernel, and the products land in the output at offset "
        "%(offset)s, the taps $d$ apart.",
        f"按列来看，${_T} x = \\sum_q x_q\\, {_T}_{{:,q}}$：每个输入元素 $x_q$ 乘以整个卷积核，"
        "乘积放到输出中偏移 %(offset)s 处，相邻卷积核元素相隔 $d$。",
    ),
    "scatter_cropped": (
        "Parts that fall outside the output (cut off by the padding) are dropped.",
        "落到输出之外（被填充裁掉）的部分舍去。",
    ),
    "scatter_canvas": (
        "Below, every term is drawn on a canvas of the full output size %(shape)s (grey: cells "
        f"the term does not reach), and the terms add up to ${_T} x$; boxed: the entries that "
        "two or more products reach:",
        "下面每一项都画在与输出同样大小（%(shape)s）的画布上（灰色：该项没有到达的格子），各项相加"
        f"即得 ${_T} x$；加框的是有两个或更多乘积到达的元素：",
    ),
    "scatter_canvas_unboxed": (
        "Below, every term is drawn on a canvas of the full output size %(shape)s (grey: cells "
        f"the term does not reach), and the terms add up to ${_T} x$:",
        "下面每一项都画在与输出同样大小（%(shape)s）的画布上（灰色：该项没有到达的格子），各项相加"
        f"即得 ${_T} x$：",
    ),
    "scatter_channel": (
        "With several channels, this is output channel 0 (of the first sample): the elements "
        "of every input channel $c$ in its group contribute, each times its kernel slice "
        "$w_{c,0}$.",
        "有多个通道时，这里显示（第一个样本的）第 0 个输出通道：同组内每个输入通道 $c$ 的元素都有"
        "贡献，各自乘以其卷积核切片 $w_{c,0}$。",
    ),
    "scatter_sum_named": (
        f"Their sum is ${_T} x$ as listed entry by entry above.",
        f"它们的和就是上面逐项列出的 ${_T} x$。",
    ),
    "overlap_named": (
        "Where the placements overlap, their products add up. The most, %(count)s, reach "
        "%(entry)s:",
        "各项重叠的地方，乘积要累加起来。到达 %(entry)s 的乘积最多，共 %(count)s 个：",
    ),
    "overlap_none": (
        "Here no two placements overlap: every entry of $y$ receives at most one product, and "
        "nothing adds up.",
        "这里各项互不重叠：$y$ 的每个元素至多得到一个乘积，没有需要累加的地方。",
    ),
    "fig_scatter": (
        "The scatter placement: one panel per input element, showing the cells of the output "
        "that its kernel taps land on, in the colours of the taps.",
        "散射放置：每个小图对应一个输入元素，标出其卷积核元素落在输出上的格子（颜色对应卷积核元素）。",
    ),
    "fig_scatter_padded": (
        "The scatter placement: one panel per input element, showing the cells of the "
        "uncropped canvas that its kernel taps land on, in the colours of the taps; the black "
        "frame is the output (the canvas without the padding and with the output padding).",
        "散射放置：每个小图对应一个输入元素，标出其卷积核元素落在未裁剪画布上的格子（颜色对应卷积核"
        "元素）；黑框是输出（画布去掉填充、加上输出填充的部分）。",
    ),
    # ----- the overlap
    "sec_overlap": ("The overlap: products per output entry", "重叠：每个输出元素累加几个乘积"),
    "overlap_section_intro": (
        "Counting the products that reach each output position shows where the kernel copies "
        "overlap, and how evenly.",
        "数一数到达每个输出位置的乘积个数，就能看出卷积核副本在哪里重叠、重叠得是否均匀。",
    ),
    "overlap_section_channels": (
        "The counts are per output channel: each product is an entry of one of the %(per)s "
        "input channels of the group times one tap.",
        "这里按输出通道计数：每个乘积是组内 %(per)s 个输入通道之一的一个元素乘以一个卷积核元素。",
    ),
    "overlap_stride1": (
        "With stride 1 every output position is in the same stride phase: away from the border "
        "bands each receives %(n)s products, so the overlap is even.",
        "步长为 1 时，所有输出位置都属于同一个步长相位：边界带以内的每个位置都得到 %(n)s 个乘积，"
        "重叠是均匀的。",
    ),
    # ----- zero insertion
    "sec_zero_insertion": ("The zero-insertion view", "插零视角"),
    "zi_intro": (
        "The same result is an ordinary convolution with stride 1: insert $s - 1$ zeros "
        "between neighbouring input elements, pad the stretched input with zeros, and slide "
        "the kernel, flipped in every spatial dimension, over it with dilation $d$.",
        "同一结果也是一个步长为 1 的普通卷积：在相邻输入元素之间插入 $s - 1$ 个零，在拉伸后的输入"
        "两端补零，再让在每个空间维度上都翻转过的卷积核以膨胀率 $d$ 在其上滑动。",
    ),
    "zi_intro_2d": (
        "The same result is an ordinary convolution with stride 1: insert $s - 1$ zeros "
        "between neighbouring input elements, pad the stretched input with zeros, and slide "
        "the kernel, flipped in both dimensions (rotated by $180^\\circ$), over it with "
        "dilation $d$.",
        "同一结果也是一个步长为 1 的普通卷积：在相邻输入元素之间插入 $s - 1$ 个零，在拉伸后的输入"
        "四周补零，再让在两个维度上都翻转过（即旋转 $180^\\circ$）的卷积核以膨胀率 $d$ 在其上"
        "滑动。",
    ),
    "zi_channels": (
        "With several channels the kernel's channel axes are swapped as well, to "
        r"$(C_{\mathrm{out}}, C_{\mathrm{in}}/g, k, \dots)$.",
        "有多个通道时，卷积核的通道轴也要互换为 "
        r"$(C_{\mathrm{out}}, C_{\mathrm{in}}/g, k, \dots)$。",
    ),
    "zi_stretch": ("zeros between neighbours: %(value)s", "相邻元素之间插入的零：%(value)s"),
    "zi_low": ("zeros before (low side): %(value)s", "起始侧补零：%(value)s"),
    "zi_high": ("zeros after (high side): %(value)s", "末尾侧补零：%(value)s"),
    "zi_crop": (
        "a negative amount removes that many entries instead (the padding exceeds the "
        "kernel's reach)",
        "负数表示改为去掉这么多个元素（填充超过了卷积核的覆盖范围）",
    ),
    "zi_dilated": (
        "With dilation %(d)s the taps are $d$ apart: sliding $w^{\\mathrm{flip}}$ with dilation "
        "$d$ is sliding $\\hat{w}$, the flipped kernel with $d - 1$ zeros between neighbouring "
        "taps:",
        "膨胀率 %(d)s 时，相邻卷积核元素相隔 $d$：以膨胀率 $d$ 滑动 $w^{\\mathrm{flip}}$，就是滑动"
        " $\\hat{w}$，即在翻转后的卷积核相邻元素之间插入 $d - 1$ 个零：",
    ),
    "zi_correlate": (
        r"Sliding %(kernel)s over $\tilde{x}$ with stride 1 ($\star$: correlation, no "
        "further flip) gives",
        r"以步长 1 让 %(kernel)s 在 $\tilde{x}$ 上滑动（$\star$ 表示互相关，不再翻转），得到",
    ),
    "zi_correlate_entry": (
        r"Sliding %(kernel)s over $\tilde{x}$ with stride 1 ($\star$: correlation, no "
        "further flip) gives an array of the output's size %(shape)s, too big to show here; "
        "its entry %(entry)s, for example, is the window of $\\tilde{x}$ there times the kernel "
        "(the zero cells left out):",
        r"以步长 1 让 %(kernel)s 在 $\tilde{x}$ 上滑动（$\star$ 表示互相关，不再翻转），得到与输出"
        "同样大小（%(shape)s）的数组，这里放不下；例如其中位置 %(entry)s 的元素，就是 $\\tilde{x}$ "
        "在该处的窗口与卷积核的乘积之和（略去为零的格子）：",
    ),
    "zi_same": (
        f"This is ${_T} x$ again, entry by entry.",
        f"这与 ${_T} x$ 逐元素相同。",
    ),
    "zi_differs": (
        f"This differs from ${_T} x$ above, which is a bug: please report it.",
        f"这与上面的 ${_T} x$ 不同，这是一个错误：请报告。",
    ),
    # ----- transpose, not inverse
    "sec_transpose_t": ("Transpose, not inverse", "是转置，不是逆"),
    "sec_transpose_f": ("The transpose: the transposed convolution", "转置：转置卷积"),
    "adjoint_t": (
        f"${_T}$ is the transpose of $C$, which for real matrices is the adjoint: "
        f"$\\langle C u, v\\rangle = \\langle u, {_T} v\\rangle$ for all $u$ and $v$. That is "
        "what the name says, and it is why the transposed convolution is the gradient of the "
        "convolution with respect to its input. It is not the inverse of the convolution.",
        f"${_T}$ 是 $C$ 的转置，对实矩阵而言也就是伴随：对所有 $u$、$v$ 都有 "
        f"$\\langle C u, v\\rangle = \\langle u, {_T} v\\rangle$。这正是其名称的含义，也是转置卷积"
        "等于卷积对其输入的梯度的原因。它不是卷积的逆。",
    ),
    "adjoint_f": (
        f"Its transpose ${_T}$ is the matrix of the transposed convolution with the same "
        "kernel, stride, padding and dilation: it maps arrays of the output's shape back to "
        f"the input's shape, and $\\langle C u, v\\rangle = \\langle u, {_T} v\\rangle$ for "
        "all $u$ and $v$ (it is the adjoint).",
        f"它的转置 ${_T}$ 就是使用相同卷积核、步长"
        f"、填充和膨胀率的转置卷积的矩阵：它把输出形状的数组"
        f"映射回输入的形状，并且对所有 $u$、$v$ 都有"
        f" $\\langle C u, v\\rangle = \\langle u, {_T} v\\rangle$"
        "（它是伴随）。",
    ),
    "adjoint_rank": (
        "$C$ has %(m)s rows and %(n)s columns, so the convolution loses information "
        f"(${_T} C$, %(nn)s, has rank at most %(m)s): no matrix undoes it, and ${_T}$ does "
        "not either.",
        f"$C$ 有 %(m)s 行、%(n)s 列，因此卷积会丢失信息"
        f"（${_T} C$ 是 %(nn)s 矩阵，秩至多为 %(m)s）："
        f"没有任何矩阵能撤销它，${_T}$ 也不能。",
    ),
    "round_trip_numeric": ("On this example, %(lhs)s is", "在本例中，%(lhs)s 为"),
    "round_trip_equal": (
        "Here %(lhs)s happens to equal $x$; in general it does not.",
        "这里 %(lhs)s 恰好等于 $x$，但一般并不相等。",
    ),
    "round_trip_differs": (
        "The transpose restores the shape, not the values.",
        "转置恢复的是形状，而不是数值。",
    ),
    "round_trip_symbolic": (
        "With symbolic entries, already the first entry of %(lhs)s is not %(name)s:",
        "在符号情形下，%(lhs)s 的第一个元素就已经不是 %(name)s：",
    ),
    "misnomer": (
        "The name deconvolution, often given to it, is a misnomer: it does not undo the "
        "convolution, as this example shows.",
        f"它常被称为“反卷积”，这个名字并不准确：信号处理中的反卷积是撤销一次卷积，而 ${_T}$ "
        "做不到，下面的例子就说明了这一点。",
    ),
    # ----- how it differs from an ordinary convolution
    "sec_difference": (
        "How it differs from an ordinary convolution",
        "与普通卷积的区别",
    ),
    "diff_sizes": (
        "Sizes: the convolution maps the larger array to the smaller (%(big)s to %(small)s); "
        "the transposed convolution maps the smaller to the larger (%(small)s to %(big)s).",
        "尺寸：普通卷积把大数组映射为小数组（%(big)s → %(small)s）；转置卷积把小数组映射为大数组"
        "（%(small)s → %(big)s）。",
    ),
    "diff_sliding": (
        "What moves: in the convolution the kernel slides over the input, and each window "
        "gathers several input entries into one output entry (a row of $C$); in the transposed "
        "convolution each input entry scatters a copy of the kernel onto the output, and "
        f"overlapping copies add up (a column of ${_T}$). As a sliding window, the transposed "
        "convolution slides the flipped kernel over the input spread out with zeros.",
        "怎样计算：普通卷积让卷积核在输入上滑动，每个窗口把几个输入元素汇集成一个输出元素（$C$ 的"
        "一行）；转置卷积则让每个输入元素把一份卷积核散射到输出上，"
        f"重叠的副本相加（${_T}$ 的一列）。"
        "若也看成滑动窗口，转置卷积就是翻转后的卷积核在插了零的输入上滑动。",
    ),
    "diff_stride": (
        "The stride: in the convolution it skips window positions, so the output shrinks about "
        "$s$ times; in the transposed convolution it places the kernel copies $s$ apart, so the "
        "output grows about $s$ times ($s - 1$ zeros between the inputs in the zero-insertion "
        "view).",
        "步长：普通卷积中步长让窗口跳过一些位置，输出约缩小为 $1/s$；转置卷积中步长让卷积核副本"
        "相隔 $s$ 放置，输出约放大 $s$ 倍（在插零视角中，相邻输入之间插入 $s - 1$ 个零）。",
    ),
    "diff_matrix": (
        "The matrix: the same kernel, stride, padding and dilation give $C$ for the "
        f"convolution and ${_T}$ for the transposed convolution: transposes of each other, "
        "not inverses.",
        f"矩阵：同样的卷积核、步长、填充和膨胀率，普通卷积对应 $C$，转置卷积对应 ${_T}$：二者互为"
        "转置，而不是互为逆矩阵。",
    ),
    # ----- the gradient view
    "sec_gradient": (
        "The gradient view: the backward pass of the convolution",
        "梯度视角：普通卷积的反向传播",
    ),
    "gradient_intro": (
        "For the convolution $%(out)s = C %(inp)s$ and any loss $L$ computed from $%(out)s$, "
        "the chain rule gives",
        "对卷积 $%(out)s = C %(inp)s$ 以及由 $%(out)s$ 算出的任意损失 $L$，由链式法则得",
    ),
    "gradient_backward": (
        "So the backward pass of a convolution with respect to its input is the transposed "
        "convolution with the same kernel, stride, padding and dilation: that is where it "
        "comes from in neural networks, and why it takes the convolution's parameters "
        "(Dumoulin and Visin, A guide to convolution arithmetic for deep learning, 2016; "
        "Zhang et al., Dive into Deep Learning, the chapter on transposed convolution).",
        "所以，卷积对其输入的反向传播，就是使用同样卷积核、步长、填充和膨胀率的转置卷积：这正是转置"
        "卷积在神经网络中的来历，也是它沿用卷积参数的原因（Dumoulin 与 Visin，《A guide to "
        "convolution arithmetic for deep learning》，2016；Zhang 等，《动手学深度学习》转置卷积"
        "一章）。",
    ),
    "gradient_seed_t": (
        "Take for $\\partial L / \\partial z$ this document's input $x$ (for example "
        "$L = \\langle x, C u \\rangle$): then $\\partial L / \\partial u = "
        f"{_T} x = y$, this document's output.",
        "取 $\\partial L / \\partial z$ 为本文的输入 $x$（例如 "
        "$L = \\langle x, C u \\rangle$），则 $\\partial L / \\partial u = "
        f"{_T} x = y$，正是本文的输出。",
    ),
    "gradient_seed_f": (
        "Take for $\\partial L / \\partial y$ the numbers $g = 1, 2, 3, \\dots$ row by row "
        "(for example $L = \\langle g, C x \\rangle$): then $\\partial L / \\partial x = "
        f"{_T} g$, a transposed convolution of $g$:",
        "取 $\\partial L / \\partial y$ 为按行排列的 $g = 1, 2, 3, \\dots$（例如 "
        "$L = \\langle g, C x \\rangle$），则 $\\partial L / \\partial x = "
        f"{_T} g$，即 $g$ 的转置卷积：",
    ),
    "gradient_check": (
        "Check one entry without $C$: $L$ is linear in %(inp)s, so its derivative along "
        "%(entry)s is what adding 1 to %(entry)s adds to $L$ (both values of $L$ computed by "
        "sliding the kernel):",
        "不用 $C$ 也能验证一个元素：$L$ 关于 %(inp)s 是线性的，所以它对 %(entry)s 的偏导数，就是"
        "把 %(entry)s 加 1 后 $L$ 增加的量（两个 $L$ 都用滑动卷积核算出）：",
    ),
    "gradient_check_says": (
        "This is $\\partial L / \\partial %(entry)s$, and it equals %(target)s.",
        "这就是 $\\partial L / \\partial %(entry)s$，它等于 %(target)s。",
    ),
    # ----- exercises
    "sec_exercises": ("Exercises", "练习"),
    "exercises_intro": (
        "Each changes one parameter of this layer; the answers follow, each with the "
        "`symtconv check` command that confirms it.",
        "每题只改动本例的一个参数；答案附在后面，每个答案都附有用 `symtconv check` 验证的命令。",
    ),
    "ex_size": (
        "Change the stride to %(s)s, everything else as above. What is the output size?",
        "把步长改为 %(s)s，其余不变。输出尺寸是多少？",
    ),
    "ex_entry": ("With that stride, compute %(entry)s.", "在这个步长下，计算 %(entry)s。"),
    "ex_output": (
        "Back at stride %(s)s, change the padding to %(p)s. Compute the whole output.",
        "回到步长 %(s)s，把填充改为 %(p)s。计算整个输出。",
    ),
    "sec_answers": ("Answers", "答案"),
    "answer": ("(%(n)s) %(text)s", "（%(n)s）%(text)s"),
    "ans_size": ("The output is %(shape)s:", "输出为 %(shape)s："),
    "ans_entry": ("Its products:", "它的各个乘积："),
    "ans_entry_one": ("Its only product:", "它只有一个乘积："),
    "ans_output": ("The output:", "输出为："),
    "answer_check": ("`symtconv check` agrees:", "用 `symtconv check` 验证："),
    # ----- shapes and output_padding
    "sec_shapes": ("Shapes and `output_padding`", "形状与 `output_padding`"),
    "shapes_forward_t": (
        "The convolution of $C$ maps the output size %(o)s back to the input size %(i)s:",
        "$C$ 对应的卷积把输出尺寸 %(o)s 映射回输入尺寸 %(i)s：",
    ),
    "shapes_forward_trunc": (
        "The convolution of $C$ maps the output size %(o)s to %(back)s, more than the input "
        "size %(i)s: with `output_padding` at least the stride the sizes do not round-trip "
        "($C$ keeps the first %(i)s positions).",
        "$C$ 对应的卷积把输出尺寸 %(o)s 映射为 %(back)s，多于输入尺寸 %(i)s：`output_padding` "
        "不小于步长时尺寸不能往返（$C$ 只保留前 %(i)s 个位置）。",
    ),
    "shapes_unique_t": (
        "Only size %(size)s maps back to %(i)s, so among the sizes that round-trip there is "
        "nothing for `output_padding` to choose: it is 0.",
        "只有尺寸 %(size)s 会映射回 %(i)s，没有别的尺寸可选，所以 `output_padding` 只能取 0。",
    ),
    "shapes_ambiguous_t": (
        "With stride %(s)s the convolution rounds down and maps each of the sizes %(sizes)s "
        "to %(i)s. From %(i)s alone the transposed convolution cannot know which one to "
        "produce; `output_padding` (extra entries on the high side) selects it:",
        "步长为 %(s)s 时卷积向下取整，尺寸 %(sizes)s 都映射到 %(i)s。仅凭 %(i)s，转置卷积无法知道该"
        "输出哪一个；`output_padding`（在末尾侧多出的元素）选定它：",
    ),
    "shapes_choice": ("%(op)s: size %(size)s", "%(op)s：尺寸 %(size)s"),
    "shapes_many": (
        "The stride and the dilation make %(count)s input sizes share these output sizes: too "
        "many to list here (`symtconv shape --max-sizes N` lists them).",
        "步长与膨胀率使得共有 %(count)s 个输入尺寸对应这些输出尺寸，太多，这里不一一列出"
        "（`symtconv shape --max-sizes N` 会列出它们）。",
    ),
    "shapes_choice_this": (
        "%(op)s: size %(size)s (this example)",
        "%(op)s：尺寸 %(size)s（本例）",
    ),
    "shapes_extra": (
        "PyTorch also accepts `output_padding` %(ops)s (not less than the stride %(s)s, but "
        "less than the dilation %(d)s); those output sizes do not map back to the input size.",
        "PyTorch 还接受 `output_padding` 为 %(ops)s（不小于步长 %(s)s，但小于膨胀率 %(d)s）；"
        "这些输出尺寸映射不回输入尺寸。",
    ),
    "shapes_extra_this": (
        "This example uses %(op)s.",
        "本例使用的是 %(op)s。",
    ),
    "shapes_unique_f": (
        "Only input size %(size)s gives output size %(o)s.",
        "只有输入尺寸 %(size)s 给出输出尺寸 %(o)s。",
    ),
    "shapes_ambiguous_f": (
        "The input sizes %(sizes)s all give output size %(o)s (the stride rounds down). A "
        "transposed convolution of size %(o)s gives each of them back with the matching "
        "`output_padding`:",
        "输入尺寸 %(sizes)s 都给出输出尺寸 %(o)s（步长向下取整）。尺寸为 %(o)s 的转置卷积用相应的 "
        "`output_padding` 可以还原其中每一个：",
    ),
    # ----- verification
    "sec_verify": ("Verification", "验证"),
    "verify_intro": (
        "The result was computed again by independent methods and compared with the literal "
        "matrix product %(op)s;",
        "用几种相互独立的方法重新计算结果，并与按定义直接做的矩阵乘法 %(op)s 比较；",
    ),
    "verify_kind_integer": (
        "the data are integers, so the comparison is exact.",
        "数据是整数，因此比较是精确的。",
    ),
    "verify_kind_rational": (
        "the data are rational, so the comparison is exact.",
        "数据是有理数，因此比较是精确的。",
    ),
    "verify_kind_float": (
        "the data are floating point, so values agree when they differ by at most %(rtol)s "
        "times the largest magnitude (at least 1).",
        "数据是浮点数，差值不超过最大绝对值（至少取 1）的 %(rtol)s 倍即视为一致。",
    ),
    "verify_kind_symbolic": (
        "the entries are symbols, so the comparison is algebraic: each difference expands to 0.",
        "元素是符号，因此按代数方式比较：每个差值展开后为 0。",
    ),
    "verify_kind_symbolic_random": (
        "the entries are symbols: every entry was compared exactly at random integer values of "
        "the symbols (nonzero, from %(low)s to %(high)s), and the %(count)s entries shown in "
        "this document also algebraically (each difference expands to 0).",
        "元素是符号：每个元素都在符号取随机整数（非零，%(low)s 到 %(high)s）时精确比较，"
        "本文档所示的 %(count)s 个元素还按代数方式比较（每个差值展开后为 0）。",
    ),
    "method_definition": (
        "the definition, entry by entry (the input entries and kernel taps that reach each entry)",
        "定义，逐个元素（到达每个元素的输入元素与卷积核元素）",
    ),
    "method_scatter": (
        "scatter-add (NumPy: each input element times the kernel, accumulated)",
        "散射相加（NumPy：每个输入元素乘以整个卷积核，再相加）",
    ),
    "method_zero_insertion": (
        "zero insertion (NumPy: the stretched, padded input correlated with the flipped kernel)",
        "插零（NumPy：拉伸并补零的输入与翻转的卷积核作互相关）",
    ),
    "method_gather": (
        "gathering windows (NumPy: each output entry is the kernel times its window)",
        "滑动窗口（NumPy：每个输出元素是卷积核与其窗口逐元素相乘之和）",
    ),
    "method_torch": ("PyTorch", "PyTorch"),
    "method_symbolic": ("symbolic scatter-add", "符号散射相加"),
    "method_other": ("%(name)s", "%(name)s"),
    "verify_error": ("%(method)s: failed with %(error)s", "%(method)s：出错，%(error)s"),
    "verify_agrees_exact": ("%(method)s: agrees exactly", "%(method)s：精确一致"),
    "verify_agrees_algebraic": ("%(method)s: agrees algebraically", "%(method)s：代数上一致"),
    "verify_agrees_random": (
        "%(method)s: agrees exactly at the random integers",
        "%(method)s：在随机整数处精确一致",
    ),
    "verify_agrees_shown": (
        "%(method)s: agrees algebraically on the %(count)s entries shown",
        "%(method)s：在所示的 %(count)s 个元素上代数一致",
    ),
    "verify_agrees_tol": (
        "%(method)s: agrees within the tolerance (largest difference %(diff)s)",
        "%(method)s：在容差内一致（最大差值 %(diff)s）",
    ),
    "verify_disagrees": ("%(method)s: DISAGREES", "%(method)s：不一致"),
    "verify_adjoint": (
        "the adjoint identity on random integer $u$, $v$ (a convolution by gathering windows "
        "against a transposed convolution by scatter-add): %(value)s",
        "在随机整数 $u$、$v$ 上检验伴随恒等式（普通卷积按滑动窗口计算，"
        "转置卷积按散射相加计算）：%(value)s",
    ),
    "verify_ok": ("All methods agree.", "所有方法的结果一致。"),
    "verify_not_ok": ("Not all methods agree: see above.", "并非所有方法都一致：见上。"),
    # ----- summary
    "sec_summary": ("Summary", "总结"),
    "summary_op_t": (
        f"The transposed convolution is $y = {_T} x$, with $C$ the %(shape)s matrix of the "
        "convolution with the same kernel, stride, padding and dilation.",
        f"转置卷积就是 $y = {_T} x$，其中 $C$ 是使用相"
        f"同卷积核、步长、填充和膨胀率的卷积的 %(shape)s 矩阵。",
    ),
    "summary_op_f": (
        "The convolution is $y = C x$, with $C$ its %(shape)s matrix.",
        "卷积就是 $y = C x$，其中 $C$ 是它的 %(shape)s 矩阵。",
    ),
    "summary_size": (
        "Output size: %(formula)s; here %(shape)s.",
        "输出尺寸：%(formula)s；本例为 %(shape)s。",
    ),
    "summary_views": (
        "Scatter-add (each input element times the kernel) and zero insertion (stretch, pad, "
        "flipped kernel, stride 1) compute the same $y$.",
        "散射相加（每个输入元素乘以卷积核）与插零（拉伸、"
        "补零、翻转卷积核、步长 1）算出同一个 $y$。",
    ),
    "summary_transpose": (
        "It is the transpose (adjoint) of $C$, not its inverse: it restores the shape, not the "
        "values; when several sizes convolve to the input size, `output_padding` picks one.",
        "它是 $C$ 的转置（伴随），不是 $C$ 的逆：它恢复形状而不恢复数值；当有多个尺寸卷积后都得到"
        "输入尺寸时，由 `output_padding` 选定其一。",
    ),
    "summary_forward_transpose": (
        f"${_T}$ is the transposed convolution: it maps back to the input's shape but does "
        "not undo the convolution.",
        f"${_T}$ 就是转置卷积：它映射回输入的形状，但并不撤销卷积。",
    ),
    "summary_reproduce": (
        "To derive it again (add `--format latex` or `--format markdown` for a document):",
        "重新推导（加上 `--format latex` 或 `--format markdown` 得到文档）：",
    ),
    # ----- overlap and stride phases (symtconv overlap; render.document.overlap)
    "title_overlap": (
        "Overlap and stride phases of a transposed convolution",
        "转置卷积的重叠与步长相位",
    ),
    "overlap_intro": (
        "Each input element places a copy of the kernel on the output; where the copies "
        f"overlap, their products add up. They are counted from the structure of ${_T}$, with "
        "integers, per output channel (each sums over the %(per)s input channel(s) of its "
        "group); only the input's shape matters.",
        "每个输入元素都在输出上放置一份卷积核；这些副本重叠的地方，乘积相加。下面由 "
        f"${_T}$ 的结构用整数计数，每个输出通道都一样（它对所在组的 %(per)s 个输入通道求和）；"
        "这里只与输入的形状有关。",
    ),
    "overlap_input": ("input size %(shape)s", "输入尺寸 %(shape)s"),
    "overlap_kernel": ("kernel size %(shape)s", "卷积核尺寸 %(shape)s"),
    "sec_overlap_counts": ("Products per output position", "每个输出位置的乘积个数"),
    "overlap_counts": (
        "The number of products $x_q w_t$ that reach each output position:",
        "到达每个输出位置的乘积 $x_q w_t$ 的个数：",
    ),
    "overlap_counts_caption_plain": (
        "Products per output position (darker: more).",
        "每个输出位置的乘积个数（颜色越深越多）。",
    ),
    "overlap_counts_caption": (
        "Products per output position (darker: more); the interior, between the border "
        "bands, is outlined.",
        "每个输出位置的乘积个数（颜色越深越多）；边界带之间的内部区域用粗框标出。",
    ),
    "overlap_counts_window": (
        "Only the first %(rows)s of %(total_rows)s rows and %(cols)s of %(total_cols)s "
        "columns are drawn.",
        "图中只画出 %(total_rows)s 行中的前 %(rows)s 行、%(total_cols)s 列中的前 %(cols)s 列。",
    ),
    "overlap_caption_window": ("%(caption)s %(window)s", "%(caption)s%(window)s"),
    "overlap_bands": (
        "Border bands, where fewer products arrive than in the interior: %(bands)s.",
        "边界带（到达的乘积比内部少）：%(bands)s。",
    ),
    "overlap_band": (
        "%(lo)s low and %(hi)s high in dimension %(dim)s",
        "第 %(dim)s 维（起始侧 %(lo)s 个，末尾侧 %(hi)s 个）",
    ),
    "overlap_no_interior": (
        "The output is too small for an interior: every position lies in a border band.",
        "输出太小，没有内部区域：每个位置都在边界带内。",
    ),
    "sec_overlap_phases": ("Stride phases", "步长相位"),
    "overlap_phase_rule": (
        "Per dimension, output position $j$ is in the stride phase "
        "$r = (j + p_{\\mathrm{lo}}) \\bmod s$ and receives the taps $t$ with "
        "$t d \\equiv r \\pmod{s}$:",
        "在每一维上，输出位置 $j$ 属于步长相位 $r = (j + p_{\\mathrm{lo}}) \\bmod s$，"
        "接收满足 $t d \\equiv r \\pmod{s}$ 的抽头 $t$：",
    ),
    "overlap_dim": (
        "dimension %(dim)s ($k = %(k)s$, $s = %(s)s$, $d = %(d)s$): %(phases)s",
        "第 %(dim)s 维（$k = %(k)s$，$s = %(s)s$，$d = %(d)s$）：%(phases)s",
    ),
    "overlap_phase": ("phase %(r)s: taps %(taps)s", "相位 %(r)s 的抽头为 %(taps)s"),
    "overlap_phase_empty": ("phase %(r)s: no tap", "相位 %(r)s 没有抽头"),
    "overlap_table": (
        "Products per position of each phase in the interior (the product over the "
        "dimensions, times the input channels):",
        "内部各相位每个位置的乘积个数（各维之积，再乘以输入通道数）：",
    ),
    "overlap_uniform": (
        "Uniform: every phase gets as many products (%(n)s), so the interior is evenly covered.",
        "均匀：每个相位得到同样多的乘积（%(n)s 个），内部被均匀覆盖。",
    ),
    "overlap_uneven": (
        "Uneven: the phases get %(counts)s products, so neighbouring outputs add up "
        "different numbers of terms, the pattern behind checkerboard artifacts.",
        "不均匀：各相位分别得到 %(counts)s 个乘积，相邻输出累加的项数不同，这正是棋盘伪影的成因。",
    ),
    "overlap_holes": (
        "Holes: some phases get no product at all, so their positions are never written "
        "(they stay 0, or the bias).",
        "有空洞：某些相位完全得不到乘积，这些位置从不被写入（保持为 0 或偏置）。",
    ),
    "overlap_remedy": (
        "The usual remedies (Odena, Dumoulin and Olah, Deconvolution and Checkerboard "
        "Artifacts, Distill 2016): a kernel size divisible by the stride, with equal phase "
        "sums; or resize-convolution, an upsampling followed by a stride-1 convolution.",
        "常用的补救办法（Odena、Dumoulin 与 Olah，《Deconvolution and Checkerboard "
        "Artifacts》，Distill 2016）：卷积核尺寸能被步长整除，并且各相位之和相等；"
        "或者先上采样，再做步长为 1 的卷积。",
    ),
    "sec_overlap_constant": ("A constant input", "常数输入"),
    "overlap_sums": (
        "With every input entry equal to $c$, the interior of phase $r$ is $c$ times the "
        "phase sum $S_r$ of the kernel (its taps of phase $r$, over the input channels of "
        "the group):",
        "当所有输入元素都等于 $c$ 时，相位 $r$ 的内部等于 $c$ 乘以卷积核的相位和 $S_r$"
        "（该相位的抽头之和，对组内的输入通道求和）：",
    ),
    "overlap_constant": (
        "All phase sums are equal: a constant input gives a constant interior.",
        "所有相位和都相等：常数输入得到常数的内部。",
    ),
    "overlap_not_constant": (
        "The phase sums differ: a constant input gives a patterned interior.",
        "相位和不全相等：常数输入得到的内部带有花纹。",
    ),
    "overlap_constant_if": (
        "A constant input gives a constant interior exactly when:",
        "常数输入得到常数的内部，当且仅当：",
    ),
    "overlap_constant_always": (
        "The phase sums are equal whatever the kernel: a constant input gives a constant interior.",
        "无论卷积核取何值，相位和都相等：常数输入得到常数的内部。",
    ),
    # ----- renderer words
    "figure": ("Figure %(n)s", "图 %(n)s"),
}

_PARAM = re.compile(r"%\((\w+)\)s")
_CODE = re.compile(r"`([^`]*)`")


def translate(text: Text, lang: str, code: Callable[[str], str]) -> str:
    """The text in a language, with parameters filled in and code marked up by ``code``.

    Args:
        text: the key and parameters.
        lang: one of :data:`LANGS`.
        code: turns a code string into the output format (e.g. ``\\texttt{...}``).

    Raises:
        SpecError: an unknown language or key, or a missing parameter.
    """
    if lang not in LANGS:
        raise SpecError(f"lang: got {lang!r}; valid languages: {', '.join(LANGS)}")
    try:
        template = TEXTS[text.key][LANGS.index(lang)]
    except KeyError:
        raise SpecError(f"text: unknown key {text.key!r}") from None
    template = _CODE.sub(lambda m: code(m.group(1)), template)
    params = text.param_dict()

    def value(v: Any) -> str:
        if isinstance(v, Text):
            return translate(v, lang, code)
        if isinstance(v, Code):
            return code(v.text)
        if isinstance(v, tuple):
            return LIST_SEP[lang].join(value(item) for item in v)
        return str(v)

    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in params:
            raise SpecError(f"text {text.key!r}: parameter {name!r} not given")
        return value(params[name])

    return _PARAM.sub(fill, template)
