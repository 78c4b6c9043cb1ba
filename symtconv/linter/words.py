"""The words of worked examples, in English and Chinese: parameters, roles, kinds, ordinals.

Everything the extraction looks for in prose is a table or a pattern here, so a new
spelling is one entry: the parameters stated in words or symbols (``stride 2``,
``步长为 2``, ``$s = 2$``), whether a statement is hypothetical (``if the stride
is 2``, ``如果步长为 2``), the role a label gives a matrix (input, kernel, output),
whether a section is about a convolution or a transposed one, ordinals (``fourth``,
``第四``), and claims about one output element.

Examples:
    >>> [(p.name, p.value, p.hypothetical) for p in parameters("The stride is 2, padding $p = 1$.")]
    [('stride', 2, False), ('padding', 1, False)]
    >>> [(p.name, p.value, p.hypothetical) for p in parameters("如果步长为 2，则插入零。")]
    [('stride', 2, True)]
    >>> role_of("输入矩阵:"), role_of("The kernel"), role_of("Combining these:")
    ('input', 'kernel', None)
    >>> section_kind("普通卷积回顾"), section_kind("Transposed convolution")
    ('forward', 'transposed')
    >>> [(e.ordinal, int(e.value)) for e in element_labels("4. 第四个元素 ( 3 ):")]
    [(4, 3)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

__all__ = [
    "ElementLabel",
    "EntryClaim",
    "Stated",
    "element_labels",
    "entry_claims",
    "is_chinese",
    "parameters",
    "role_of",
    "section_kind",
]


def is_chinese(text: str) -> bool:
    """Whether the text has Chinese characters."""
    return re.search(r"[\u4e00-\u9fff]", text) is not None


# ----- parameters -----------------------------------------------------------------------------

_VALUE = r"(?P<value>\d+|\(\s*\d+\s*(?:,\s*\d+\s*)+\))"
_IS = r"(?:\s*(?:of|is|are|=|:|equal to|equals|set to|at|为|是|=|：|:|取|设为|等于))?\s*"
_SYM = r"\$?\s*(?:{sym}\s*=\s*)?"
_SYMBOL_OP = r"(?:\\mathit\{op\}|\\mathrm\{op\}|op|a)"

#: parameter -> patterns (``value`` group); the words first, then the symbol alone.
_PARAMETERS: dict[str, tuple[str, ...]] = {
    "output_padding": (
        rf"\boutput[ _-]padding\b{_IS}{_SYM.format(sym=_SYMBOL_OP)}\$?{_VALUE}",
        rf"输出填充{_IS}{_SYM.format(sym=_SYMBOL_OP)}\$?{_VALUE}",
        rf"\$\s*{_SYMBOL_OP}\s*=\s*{_VALUE}\s*\$",
    ),
    "stride": (
        rf"\bstrides?\b{_IS}{_SYM.format(sym='s')}\$?{_VALUE}",
        rf"(?:步长|步幅){_IS}{_SYM.format(sym='s')}\$?{_VALUE}",
        rf"\$\s*s\s*=\s*{_VALUE}\s*\$",
    ),
    "padding": (
        rf"(?<!output )(?<!output_)(?<!output-)\bpadding\b{_IS}{_SYM.format(sym='p')}\$?{_VALUE}",
        rf"(?<!输出)(?<!零)填充{_IS}{_SYM.format(sym='p')}\$?{_VALUE}",
        rf"\$\s*p\s*=\s*{_VALUE}\s*\$",
    ),
    "padding_pair": (
        r"\$\s*\(\s*p_\{?\\?(?:mathrm\{)?lo\}?\}?\s*,\s*p_\{?\\?(?:mathrm\{)?hi\}?\}?\s*\)\s*=\s*"
        r"(?P<value>\(\s*\d+\s*,\s*\d+\s*\)(?:\s*,\s*\(\s*\d+\s*,\s*\d+\s*\))*)\s*\$",
    ),
    "padding_lo": (rf"\$\s*p_\{{?\\?(?:mathrm\{{)?lo\}}?\}}?\s*=\s*{_VALUE}\s*\$",),
    "padding_hi": (rf"\$\s*p_\{{?\\?(?:mathrm\{{)?hi\}}?\}}?\s*=\s*{_VALUE}\s*\$",),
    "dilation": (
        rf"\bdilation(?: rate)?\b{_IS}{_SYM.format(sym='d')}\$?{_VALUE}",
        rf"(?:膨胀率|膨胀系数|空洞率|扩张率|膨胀){_IS}{_SYM.format(sym='d')}\$?{_VALUE}",
        rf"\$\s*d\s*=\s*{_VALUE}\s*\$",
    ),
    "groups": (
        rf"\bgroups?\b{_IS}{_SYM.format(sym='g')}\$?{_VALUE}",
        rf"(?:分组数|分组|组数){_IS}{_SYM.format(sym='g')}\$?{_VALUE}",
        rf"\$\s*g\s*=\s*{_VALUE}\s*\$",
    ),
}
#: Phrases that state a parameter's neutral value without a number.
_NONE_OF = {
    "padding": (r"\b(?:no|without|zero) padding\b|\bunpadded\b|不填充|无填充|没有填充|不补零",),
    "output_padding": (r"\b(?:no|without) output[ _]padding\b|无输出填充|没有输出填充",),
    "dilation": (r"\b(?:no|without) dilation\b|\bundilated\b|不膨胀|无膨胀",),
    "stride": (r"\bunit stride\b",),
}
_COMPILED = {
    name: tuple(re.compile(p, re.IGNORECASE) for p in patterns)
    for name, patterns in _PARAMETERS.items()
}
_NEUTRAL = {"padding": 0, "output_padding": 0, "dilation": 1, "stride": 1}
_COMPILED_NONE = {
    name: tuple(re.compile(p, re.IGNORECASE) for p in patterns)
    for name, patterns in _NONE_OF.items()
}
_HYPOTHETICAL = re.compile(
    r"\b(?:if|when|whenever|suppose|supposing|assume|assuming|say|e\.g|for example|for instance|"
    r"such as|would|could|unless|otherwise|larger|greater|more than|at least)\b|"
    r"如果|若|假如|假设|假定|例如|比如|譬如|时|大于|超过|的话|否则",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[,;，；。.!?！？:：\n()（）]")


@dataclass(frozen=True)
class Stated:
    """A parameter stated in the text.

    Attributes:
        name: ``stride``, ``padding``, ``padding_lo``, ``padding_hi``, ``output_padding``,
            ``dilation`` or ``groups``.
        value: the value (an int, or a tuple per dimension).
        offset: where the statement starts in the text scanned.
        hypothetical: stated under a condition (``if``, ``如果``, ``... 时``): not the example's.
        text: the statement.
    """

    name: str
    value: int | tuple[int, ...]
    offset: int
    hypothetical: bool
    text: str


def _clause(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _CLAUSE.finditer(text, 0, start)), default=0)
    right = _CLAUSE.search(text, end)
    return text[left : right.start() if right else len(text)]


def parameters(text: str) -> list[Stated]:
    """The parameters stated in a text, in order (each place read once)."""
    found: list[Stated] = []
    taken: list[tuple[int, int]] = []
    for name, patterns in _COMPILED.items():
        for pattern in patterns:
            for m in pattern.finditer(text):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                raw = m.group("value")
                nums = tuple(int(v) for v in re.findall(r"\d+", raw))
                value: int | tuple[int, ...] = nums[0] if len(nums) == 1 else nums
                clause = _clause(text, m.start(), m.end())
                hyp = _HYPOTHETICAL.search(clause) is not None
                found.append(Stated(name, value, m.start(), hyp, m.group()))
                taken.append((m.start(), m.end()))
    for name, patterns in _COMPILED_NONE.items():
        for pattern in patterns:
            for m in pattern.finditer(text):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                clause = _clause(text, m.start(), m.end())
                hyp = _HYPOTHETICAL.search(clause) is not None
                found.append(Stated(name, _NEUTRAL[name], m.start(), hyp, m.group()))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda s: s.offset)


# ----- roles and kinds ------------------------------------------------------------------------

_ROLES = (
    ("output", re.compile(r"\b(?:output|result)s?\b|输出|结果", re.IGNORECASE)),
    ("kernel", re.compile(r"\b(?:kernel|filter|weights?)\b|卷积核|滤波器|权重|核", re.IGNORECASE)),
    ("input", re.compile(r"\binput\b|输入", re.IGNORECASE)),
)


_ELEMENT = re.compile(
    r"\b(?:element|entry|pixel|placed|placement)s?\b|元素|放置|位置", re.IGNORECASE
)


def role_of(label: str) -> str | None:
    """The role a short label gives the matrix after it: input, kernel, output, or None.

    Only a short label counts (a heading-like line, or the end of a sentence that
    introduces the matrix, ``... the kernel:``); the first role word from the end wins.
    """
    text = label.strip().rstrip(":：")
    if not text or len(text) > 80 or _ELEMENT.search(text):
        return None
    tail = text[-40:]
    best: tuple[int, str] | None = None
    for role, pattern in _ROLES:
        for m in pattern.finditer(tail):
            if best is None or m.start() > best[0]:
                best = (m.start(), role)
    return best[1] if best else None


_TRANSPOSED = re.compile(
    r"transposed?[- ]conv|conv(?:olution)?[- ]?transpose|deconvolution|fractionally[- ]strided|"
    r"up-?convolution|转置卷积|反卷积|逆卷积|上采样卷积",
    re.IGNORECASE,
)
_FORWARD = re.compile(
    r"\b(?:ordinary|regular|standard|normal|plain|forward|direct|usual)\s+convolution|"
    r"普通卷积|常规卷积|标准卷积|正向卷积|前向卷积|一般卷积",
    re.IGNORECASE,
)
_PLAIN = re.compile(
    r"^\W*(?:\d+\.?\s*)?(?:\(?[123]-?D\)?\s*)?convolution\b|^\W*(?:\d+\.?\s*)?卷积(?!核|矩阵)",
    re.IGNORECASE,
)


#: Titles of exercises and their answers: what follows is not the worked example.
_EXERCISES = re.compile(
    r"^\W*(?:\d+\.?(?:\s|\\ )*)?(?:exercises?|answers?|练习|习题|答案)\b", re.IGNORECASE
)


def section_kind(title: str) -> str | None:
    """``transposed`` or ``forward`` for a section title about one of them, ``exercises`` for
    exercises or their answers (they change the example), else None."""
    if _EXERCISES.search(title):
        return "exercises"
    t, f = _TRANSPOSED.search(title), _FORWARD.search(title)
    if t and not f:
        return "transposed"
    if f and not t:
        return "forward"
    if t and f:
        return "transposed" if t.start() < f.start() else "forward"
    if _PLAIN.search(title):
        return "forward"
    return None


# ----- ordinals and element labels ------------------------------------------------------------

_EN_ORDINALS = {
    w: n
    for n, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth".split(),
        start=1,
    )
}
_ZH_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def _zh_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十") and len(text) == 2:
        return 10 + _ZH_DIGITS.get(text[1], 0)
    if text.endswith("十") and len(text) == 2:
        return 10 * _ZH_DIGITS.get(text[0], 0)
    if len(text) == 3 and text[1] == "十":
        return 10 * _ZH_DIGITS.get(text[0], 0) + _ZH_DIGITS.get(text[2], 0)
    return _ZH_DIGITS.get(text)


_N = r"-?\d+(?:\.\d+)?"
_VALUE_AFTER = (
    rf"\s*(?:[(（]\s*\$?\s*(?P<v1>{_N})\s*\$?\s*[)）]|[:：=]\s*\$?(?P<v2>{_N})\b"
    rf"|\s(?:is|has the value|of value)\s+\$?(?P<v3>{_N})\b|[为是]\s*\$?(?P<v4>{_N}))"
)
_EN_LABEL = re.compile(
    rf"\b(?P<ord>{'|'.join(_EN_ORDINALS)}|\d+(?:st|nd|rd|th)|last)\s+(?:input\s+)?"
    rf"(?:element|entry|value|pixel)\b{_VALUE_AFTER}",
    re.IGNORECASE,
)
_ZH_LABEL = re.compile(
    rf"第\s*(?P<ord>[一二两三四五六七八九十\d]+)\s*个\s*(?:输入)?(?:元素|值|像素|数){_VALUE_AFTER}"
)


def _value(m: re.Match[str]) -> Fraction:
    return Fraction(next(v for k, v in m.groupdict().items() if k.startswith("v") and v))


@dataclass(frozen=True)
class ElementLabel:
    """``the fourth element (3)``: which input element a step places, and its value as said.

    Attributes:
        ordinal: 1-based position in row-major order (``None`` for ``last``).
        value: the value the label gives.
        offset: where the label starts.
        text: the label.
    """

    ordinal: int | None
    value: Fraction
    offset: int
    text: str


def element_labels(text: str) -> list[ElementLabel]:
    """The element labels of a text (English and Chinese)."""
    out = []
    for m in _EN_LABEL.finditer(text):
        word = m.group("ord").lower()
        ordinal = _EN_ORDINALS.get(word)
        if ordinal is None and word != "last":
            ordinal = int(re.match(r"\d+", word).group())  # type: ignore[union-attr]
        out.append(ElementLabel(ordinal, _value(m), m.start(), m.group()))
    for m in _ZH_LABEL.finditer(text):
        out.append(ElementLabel(_zh_number(m.group("ord")), _value(m), m.start(), m.group()))
    return sorted(out, key=lambda e: e.offset)


# ----- one output element claimed -------------------------------------------------------------

_INDEX = r"[(（\[]\s*(?P<a>\d+)\s*[,，]\s*(?P<b>\d+)\s*[)）\]]"
_ENTRY_CLAIMS = (
    re.compile(
        rf"\b(?:the\s+)?(?:element|entry|value)\s+(?:at|in)\s+(?:position\s+)?{_INDEX}\s+"
        rf"of\s+the\s+(?:output|result)\s+(?:is|equals|=)\s*(?P<rest>[^\n]*)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:output|result)\s*{_INDEX}\s*(?:is|equals|=)\s*(?P<rest>[^\n]*)", re.IGNORECASE
    ),
    re.compile(
        rf"输出(?:矩阵)?(?:的|中)?\s*(?:位置)?\s*{_INDEX}\s*(?:处|位置)?(?:的)?(?:元素|值)?\s*"
        rf"(?:是|为|等于|=)\s*(?P<rest>[^\n]*)"
    ),
    re.compile(rf"(?<![\w\\])[yY]\s*{_INDEX}\s*=\s*(?P<rest>[^\n]*)"),
)


@dataclass(frozen=True)
class EntryClaim:
    """``The element at (1,0) of the output is 0 + 3 = 3``: one output element claimed.

    Attributes:
        index: the index as written.
        value: the value claimed (the last number of the statement).
        offset: where the statement starts.
        text: the statement.
    """

    index: tuple[int, ...]
    value: Fraction
    offset: int
    text: str


def entry_claims(text: str) -> list[EntryClaim]:
    """The claims about single output elements in a text."""
    out: list[EntryClaim] = []
    taken: list[int] = []
    for pattern in _ENTRY_CLAIMS:
        for m in pattern.finditer(text):
            if any(m.start() <= t < m.end() for t in taken):
                continue
            rest = re.split(r"[,;，；。]|\s(?:and|so|because)\s", m.group("rest"))[0]
            numbers = re.findall(r"[-−]?\d+(?:\.\d+)?", rest)
            if not numbers:
                continue
            value = Fraction(numbers[-1].replace("−", "-"))
            index = (int(m.group("a")), int(m.group("b")))
            out.append(EntryClaim(index, value, m.start(), m.group().strip()))
            taken.append(m.start())
    return sorted(out, key=lambda e: e.offset)
