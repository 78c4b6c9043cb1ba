"""The en/zh string table: complete, consistent, and typographically Chinese."""

from __future__ import annotations

import re

import pytest

from symtconv import derive
from symtconv.errors import SpecError, SymtconvError
from symtconv.render.document import build_document
from symtconv.render.document.blocks import Code, T, Text
from symtconv.render.i18n import LANGS, TEXTS, translate

_PARAM = re.compile(r"%\((\w+)\)s")
_MARKUP = re.compile(r"\$[^$]*\$|`[^`]*`|%\(\w+\)s")


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_both_languages_take_the_same_parameters(key):
    en, zh = TEXTS[key]
    assert sorted(_PARAM.findall(en)) == sorted(_PARAM.findall(zh))
    assert en.count("$") % 2 == 0 and zh.count("$") % 2 == 0
    assert sorted(re.findall(r"`[^`]*`", en)) == sorted(re.findall(r"`[^`]*`", zh))


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_chinese_prose_uses_full_width_punctuation(key):
    prose = _MARKUP.sub("", TEXTS[key][1])
    assert not re.search(r"[\u4e00-\u9fff]", TEXTS[key][0])
    assert set(prose) & set(",:;()") == set(), prose


def _keys(texts):
    for t in texts:
        yield t.key
        for value in t.param_dict().values():
            if isinstance(value, Text):
                yield from _keys([value])


def test_every_key_a_document_uses_exists():
    used = set()
    for kwargs in (
        {},
        {"forward": True},
        {"input_shape": (4, 2, 2), "kernel_shape": (4, 1, 2, 2), "groups": 2, "bias": True},
    ):
        doc = build_document(derive(**kwargs))
        for block in doc.blocks:
            texts = getattr(block, "texts", None) or getattr(block, "items", None) or []
            if hasattr(block, "text") and isinstance(block.text, Text):
                texts = [block.text]
            if hasattr(block, "caption"):
                texts = [block.caption]
            used.update(_keys(texts))
    assert used <= set(TEXTS)


def test_translate_fills_parameters_and_code():
    t = T("verify_error", method=T("method_scatter"), error=Code("ValueError: a_b"))
    assert translate(t, "en", lambda c: f"<{c}>") == (
        "scatter-add (NumPy: each input element times the kernel, accumulated): failed with "
        "<ValueError: a_b>"
    )
    assert translate(T("shapes_ambiguous_f", sizes=("$5$", "$6$"), o="$3$"), "zh", str).startswith(
        "输入尺寸 $5$、$6$ 都给出输出尺寸 $3$"
    )


@pytest.mark.parametrize(
    ("text", "lang", "message"),
    [
        (T("figure", n="1"), "de", "lang: got 'de'; valid languages: en, zh"),
        (T("no_such_key"), "en", "text: unknown key 'no_such_key'"),
        (T("figure"), "en", "text 'figure': parameter 'n' not given"),
    ],
)
def test_translate_errors(text, lang, message):
    with pytest.raises(SpecError) as info:
        translate(text, lang, str)
    assert str(info.value) == message
    with pytest.raises(SymtconvError):
        translate(text, lang, str)


def test_languages():
    assert LANGS == ("en", "zh")
