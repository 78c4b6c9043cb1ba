"""Known misconceptions about transposed convolution, as a registry.

Each entry of :data:`MISCONCEPTIONS` has a stable identifier, the phrasings that
state it (regular expressions, English and Chinese; a phrasing that negates the
misconception does not match), the correction in both languages, a reference,
and where possible a ``symtconv`` command that demonstrates the correction.
Adding one is adding one entry.

Examples:
    >>> [m.name for m in find("It is not really the transpose of a convolution.")]
    ['not_the_transpose']
    >>> [m.name for m in find("它并不是普通卷积的数学转置，而是通过增加步长来放大。")]
    ['not_the_transpose']
    >>> find("It is the transpose (the adjoint) of C, not its inverse.")
    []
    >>> [m.name for m in find("A transposed convolution recovers the original input.")]
    ['inverse_of_convolution']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["MISCONCEPTIONS", "Misconception", "find"]

_TC_EN = (
    r"(?:transposed?[- ]convolutions?|conv[- ]?transpose|deconvolution|it|this|"
    r"this operation|the operation|this layer)"
)
_TC_ZH = r"(?:转置卷积|反卷积|它|这种操作|该操作|这个操作)"
#: Words that negate what follows them (the phrasing then says the opposite).
_NOT = re.compile(r"\b(?:not|n't|never|no longer|neither|nor)\b|不|并非|没有|非", re.IGNORECASE)


@dataclass(frozen=True)
class Misconception:
    """One misconception.

    Attributes:
        name: the stable identifier.
        severity: ``error`` (a false statement) or ``note`` (misleading wording).
        patterns: phrasings that state it (matched case-insensitively).
        summary, summary_zh: what it says, in a few words.
        correction, correction_zh: what is true.
        reference: where it is shown.
        command: a ``symtconv`` command that demonstrates the correction (or empty).
        negated_ok: whether a negation before the match undoes it (the misconception is
            the affirmative statement).
    """

    name: str
    severity: str
    patterns: tuple[str, ...]
    summary: str
    summary_zh: str
    correction: str
    correction_zh: str
    reference: str
    command: str = ""
    negated_ok: bool = True

    def match(self, sentence: str) -> re.Match[str] | None:
        """Where the sentence states the misconception, or ``None``."""
        for pattern in _COMPILED[self.name]:
            for m in pattern.finditer(sentence):
                if self.negated_ok and _negated(sentence, m.start()):
                    continue
                return m
        return None


def _negated(sentence: str, start: int) -> bool:
    """Whether a negation word stands shortly before ``start`` in the same clause."""
    before = sentence[:start]
    clause = re.split(r"[,;:，；：。.!?]|\bbut\b|而是|但", before)[-1]
    return _NOT.search(clause[-30:]) is not None


#: Identifier -> misconception.  The identifiers are stable (JSON output, tests, README).
MISCONCEPTIONS: dict[str, Misconception] = {
    m.name: m
    for m in (
        Misconception(
            "not_the_transpose",
            "error",
            (
                rf"\b{_TC_EN}\s+(?:is|are)\s+(?:not|n't|never)\s+(?:really\s+|actually\s+|truly\s+|a\s+|the\s+)*"
                r"(?:mathematical\s+|matrix\s+|literal\s+)?transpose",
                r"\bisn't\s+(?:really\s+|actually\s+)?(?:a\s+|the\s+)?(?:mathematical\s+)?transpose",
                r"\bnothing\s+to\s+do\s+with\s+(?:the\s+|a\s+)?(?:matrix\s+)?transpos",
                r"(?:并不是|不是|并非|不是真正的|并不是真正的)[^，。；,;]{0,20}?(?:数学|矩阵)?(?:意义上的)?转置",
                r"与(?:矩阵)?转置(?:毫无|没有)关系",
            ),
            "transposed convolution is not the transpose of the convolution",
            "转置卷积不是卷积的转置",
            "As a linear map it is exactly the transpose C^T of the convolution's matrix C "
            "(the adjoint: <C u, v> = <u, C^T v>); that is where the name comes from.",
            "作为线性映射，它恰好就是卷积矩阵 C 的转置 C^T（伴随：<C u, v> = <u, C^T v>），"
            "名字正来源于此。",
            "Dumoulin & Visin, A guide to convolution arithmetic for deep learning (2016), sec. 4",
            "symtconv prove --identity adjoint --input-shape 2x2 --kernel-shape 2x2",
            negated_ok=False,
        ),
        Misconception(
            "inverse_of_convolution",
            "error",
            (
                rf"\b{_TC_EN}\s+(?:is|computes|gives|performs)\s+(?:the\s+|an\s+)?inverse\s+(?:of\s+)?(?:a\s+|the\s+)?(?:convolution|conv)",
                r"\b(?:undoes|reverses|inverts)\s+(?:a\s+|the\s+)?(?:\w+\s+)?convolution",
                r"\b(?:recovers?|restores?|reconstructs?|gets?\s+back)\s+(?:the\s+)?(?:original\s+)?"
                r"(?:input|image|values)\b(?!\s+(?:shape|size))",
                rf"{_TC_ZH}?(?:是|就是|相当于)(?:普通)?卷积的逆(?:运算|操作|过程)?",
                r"(?:还原|恢复|复原)(?:出)?(?:原始|原来的|原先的)?(?:输入|图像|特征图)(?:的值|的数值)?",
            ),
            "transposed convolution is the inverse of convolution (it recovers the input)",
            "转置卷积是卷积的逆（能还原输入）",
            "It is the transpose (adjoint) C^T, not the inverse: C(C^T x) != x in general, and a "
            "convolution that shrinks its input loses information no map can restore. It "
            "restores the shape at most, not the values.",
            "它是转置（伴随）C^T，不是逆：一般 C(C^T x) != x；把输入变小的卷积丢失了信息，"
            "没有映射能还原。它最多恢复形状，不恢复数值。",
            "Dumoulin & Visin (2016), sec. 4; Zeiler et al., Deconvolutional networks (2010)",
            "symtconv derive",
        ),
        Misconception(
            "output_padding_pads_output",
            "error",
            (
                r"\boutput[_ ]padding\b[^.;]{0,40}?\b(?:adds?|pads?|appends?|inserts?)\b"
                r"[^.;]{0,20}?\bzeros?\b",
                r"\boutput[_ ]padding\b[^.;]{0,30}?\bzero[- ]pads?\b",
                r"(?:output_padding|输出填充)[^。；，,]{0,20}?(?:补|填充|添加|加上)(?:若干)?(?:个)?零",
            ),
            "output_padding pads the output with zeros",
            "output_padding 给输出补零",
            "output_padding only selects the output size: it adds rows/columns on the high side "
            "that still receive values from the scatter (and the bias); nothing is padded.",
            "output_padding 只决定输出尺寸：在高端多出的行/列仍然接收散布的值（及偏置），"
            "并没有补零。",
            "PyTorch ConvTranspose2d documentation (output_padding)",
            "symtconv derive --input-shape 2x2 --kernel-shape 3x3 --stride 2 --padding 1 "
            "--output-padding 1",
        ),
        Misconception(
            "padding_pads_input",
            "error",
            (
                r"\bpadding\b[^.;]{0,40}?\b(?:of|in)\s+(?:a\s+|the\s+)?transposed\s+convolution\b[^.;]{0,30}?\b(?:adds?|pads?)\b[^.;]{0,20}?\bzeros?\b[^.;]{0,20}?\b(?:to|around)\s+(?:the\s+|its\s+)?input",
                r"\btransposed\s+convolution\b[^.;]{0,40}?\bpads?\s+(?:its|the)\s+input\s+with\s+(?:p|padding)\b",
                r"转置卷积(?:中|里)?的?\s*(?:padding|填充)[^。；]{0,20}?(?:在|给)?输入(?:的)?(?:周围|四周|两侧|边缘)?(?:补|填充|添加)(?:p\s*(?:个|圈)?)?零",
            ),
            "padding in a transposed convolution pads its input",
            "转置卷积的 padding 是给输入补零",
            "A transposed convolution's padding p crops p from each side of the output (in the "
            "zero-insertion view the input gets d(k-1) - p zeros, fewer as p grows).",
            "转置卷积的 padding p 是从输出每侧裁掉 p（在插零视角中，输入补的是 d(k-1) - p 个零，"
            "p 越大补得越少）。",
            "PyTorch ConvTranspose2d documentation (padding); Dumoulin & Visin (2016), sec. 4.3",
            "symtconv check --input-shape 3x3 --kernel-shape 3x3 --stride 2 --padding 1 "
            "--output-padding 1 --claimed-size 8",
        ),
        Misconception(
            "deconvolution_inverse",
            "error",
            (
                r"\bdeconvolution\b[^.;]{0,40}?\b(?:inverts?|undo(?:es)?|reverses?|recovers?|deblurs?)\b",
                r"\bdeconvolution\b[^.;]{0,20}?\bin\s+the\s+signal[- ]processing\s+sense\b",
                r"反卷积[^。；]{0,20}?(?:即|就是|是)(?:卷积的)?(?:逆运算|逆过程|去卷积)",
            ),
            "transposed convolution is a deconvolution (in the signal-processing sense)",
            "转置卷积是（信号处理意义上的）反卷积",
            "A deconvolution in signal processing inverts a convolution; a transposed "
            "convolution does not (it is C^T, not C^-1). The name 'deconvolution' for it is a "
            "misnomer.",
            "信号处理中的反卷积是对卷积求逆；转置卷积不是（它是 C^T 而不是 C^-1），"
            "把它叫作“反卷积”是误称。",
            "Zeiler et al. (2010); Dumoulin & Visin (2016), sec. 4",
            "symtconv derive",
        ),
        Misconception(
            "deconvolution_name",
            "note",
            (
                r"\b(?:also\s+)?(?:called|known\s+as|a\.k\.a\.?|aka)\s+(?:a\s+)?deconvolution",
                r"(?:也称为|又称|又叫|也叫|也被称为|俗称|或称)[^，。；,;]{0,6}?反卷积",
            ),
            "transposed convolution called deconvolution",
            "把转置卷积称为反卷积",
            "The name 'deconvolution' is common but misleading: it does not invert a convolution "
            "(it is C^T, not C^-1).",
            "“反卷积”这个名字很常见但有误导性：它并不对卷积求逆（它是 C^T，不是 C^-1）。",
            "Dumoulin & Visin (2016), sec. 4",
            "symtconv derive",
            negated_ok=False,
        ),
        Misconception(
            "restores_input_shape",
            "error",
            (
                r"\b(?:always|exactly)\s+(?:restores|recovers|gives\s+back)\s+(?:the\s+)?(?:original\s+|input\s+)?(?:shape|size)",
                r"(?:总是|总能|一定能|一定会)(?:恢复|还原)(?:出)?(?:原来的|原始的|输入的)?(?:尺寸|形状|大小)",
            ),
            "a transposed convolution always restores the input's shape",
            "转置卷积总能恢复输入的尺寸",
            "With the same parameters it gives back i only when s divides i + 2p - d(k-1) - 1; "
            "otherwise it gives i - r (r the remainder), and output_padding = r restores i.",
            "在相同参数下，只有当 s 整除 i + 2p - d(k-1) - 1 时它才给回 i；否则给出 i - r"
            "（r 为余数），需要 output_padding = r 才能恢复 i。",
            "symtconv prove tconv-conv-remainder",
            'symtconv prove "tconv_out(conv_out(i, k, s, p, d), k, s, p, d) == i"',
        ),
    )
}
_COMPILED = {
    name: tuple(re.compile(p, re.IGNORECASE) for p in m.patterns)
    for name, m in MISCONCEPTIONS.items()
}


def find(sentence: str) -> list[Misconception]:
    """The misconceptions a sentence states."""
    return [m for m in MISCONCEPTIONS.values() if m.match(sentence) is not None]
