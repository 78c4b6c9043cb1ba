"""The HTML page as text: self-contained, escaped, the command that writes it again.

What the page does in a browser is tested in tests/test_render_html_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import shlex

import pytest
import sympy

from symtconv import SpecError, derive
from symtconv.cli import main
from symtconv.render.document import DocumentOptions
from symtconv.render.formats import render
from symtconv.render.html import render_html
from symtconv.render.html.mathml import display, inline
from symtconv.render.html.page import command_args

HOSTILE = '<img src=x onerror="window.pwned=1">'


@pytest.fixture(scope="module")
def seed_page() -> str:
    return derive().to_html()


def test_one_self_contained_file(seed_page):
    assert seed_page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert seed_page.count("<script>") == 1 and seed_page.count("<style>") == 1
    assert "<link" not in seed_page and "<iframe" not in seed_page
    assert re.search(r"\ssrc=", seed_page) is None
    hrefs = re.findall(r'href="([^"]*)"', seed_page)
    assert hrefs and all(h.startswith("#") for h in hrefs)
    namespaces = {"http://www.w3.org/2000/svg", "http://www.w3.org/1998/Math/MathML"}
    assert set(re.findall(r"https?://[^\s\"'<>]+", seed_page)) <= namespaces
    assert "<math" in seed_page and "<svg" in seed_page


def test_policy_allows_exactly_the_inline_style_and_script(seed_page):
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', seed_page)
    assert policy is not None
    style = re.search(r"<style>(.*?)</style>", seed_page, re.S).group(1)
    script = re.search(r"<script>(.*?)</script>", seed_page, re.S).group(1)

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    rules = dict(r.strip().split(" ", 1) for r in html.unescape(policy.group(1)).split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["style-src"] == f"'sha256-{digest(style)}'"
    assert rules["script-src"] == f"'sha256-{digest(script)}'"
    assert re.search(r"\son[a-z]+=", seed_page) is None  # no event handler attributes


def test_the_seed_entry_y11_carries_its_terms(seed_page):
    # y_{1,1} = x_{0,0} w_{1,1} + x_{0,1} w_{1,0} + x_{1,0} w_{0,1} + x_{1,1} w_{0,0}:
    # inputs 0..3 (row-major) with taps 3, 2, 1, 0
    cell = re.search(r'<td[^>]*data-y="4"[^>]*>', seed_page).group(0)
    assert 'data-name="y_{1,1}"' in cell and 'data-terms="0:3 1:2 2:1 3:0"' in cell


def test_hostile_names_are_text(monkeypatch):
    from symtconv.core import operands

    x = [[sympy.Symbol(HOSTILE), sympy.Symbol('"&<blink>')], [1, 2]]
    with pytest.raises(SpecError, match="is not accepted"):  # refused where names enter ...
        derive(input=x, kernel=[[1, 0], [0, -1]])
    monkeypatch.setattr(operands, "check_name", lambda name, what: name)  # ... and if one slips
    page = derive(input=x, kernel=[[1, 0], [0, -1]]).to_html()
    assert "<img" not in page and "<blink" not in page
    assert "&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;" in page


@pytest.mark.parametrize(
    "latex",
    [r"\text{<script>alert(1)</script>}", r"\href{javascript:alert(1)}{a}", r"\mathrm{a\"b<c}"],
)
def test_mathml_cannot_carry_markup(latex):
    for out in (inline(latex), display([latex, latex], False), display([f"y &= {latex}"], True)):
        assert "<script" not in out and "href" not in out and "<c" not in out


def test_mathml_aligned_rows():
    out = display([r"y &= a", r"&= b"], True)
    assert out.count("<mtr>") == 2 and out.count('<mtd class="r">') == 2


def test_chinese_page(capsys):
    assert main(["derive", "--format", "html", "--lang", "zh"]) == 0
    page = capsys.readouterr().out
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-Hans">')
    assert "交互探索" in page and "插零" in page


def test_cli_writes_the_file(tmp_path, capsys):
    out = tmp_path / "seed.html"
    assert main(["derive", "--format", "html", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == derive().to_html()


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--input-shape", "3x3", "--kernel-shape", "2x2", "--stride", "2", "--padding", "1"],
        ["--input", "[[1,2,3],[4,5,6]]", "--kernel", "[[1,-1]]", "--dilation", "2", "--forward"],
        ["--input-shape", "5", "--kernel-shape", "3", "--output-padding", "1", "--stride", "2"],
        [
            "--lang",
            "zh",
            "--threshold",
            "4",
            "--edgeitems",
            "1",
            "--input-shape",
            "6x6",
            "--kernel-shape",
            "3x3",
        ],
    ],
)
def test_the_shown_command_writes_the_page_again(argv, capsys):
    assert main(["derive", "--format", "html", *argv]) == 0
    page = capsys.readouterr().out
    shown = re.search(r"<pre><code>(symtconv derive.*?)</code></pre>", page, re.S).group(1)
    words = shlex.split(html.unescape(shown).replace("\\\n", " "))
    assert words[:2] == ["symtconv", "derive"]
    assert main(words[1:]) == 0
    assert capsys.readouterr().out == page


def test_no_command_for_values_without_a_cli_form():
    d = derive(input=[[0.5, 1], [2, 3]], kernel=[[1, 0], [0, 1]])
    assert command_args(d, DocumentOptions()) is None
    assert "no exact command-line form" in d.to_html()


def test_big_grids_are_elided():
    d = derive(input_shape=(12, 12), kernel_shape=(3, 3), stride=2)
    page = render_html(d, DocumentOptions()).text
    assert 'data-name="y_{24,24}"' in page and 'data-name="y_{12,12}"' not in page
    assert "\u22ef" in page and "Big grids are elided" in page
    small = render(d, "html", threshold=30).text
    assert 'data-name="y_{12,12}"' in small


def _grid(page: str, name: str) -> str:
    """The markup of one grid (up to the next grid)."""
    start = page.index(f'data-grid="{name}"')
    end = page.find("data-grid=", start + 1)
    return page[start : end if end > 0 else len(page)]


def test_three_d_as_slices_and_channels_as_panels():
    page = derive(input_shape=(2, 2, 2), kernel_shape=(2, 2, 2)).to_html()
    leads = re.findall(r'data-lead="([0-9,]+)"', _grid(page, "canvas"))
    assert leads == ["0,0", "0,1", "0,2"]  # one output channel, 3 slices of 3x3
    grouped = derive(input_shape=(4, 2, 2), kernel_shape=(4, 1, 2, 2), groups=2).to_html()
    assert re.findall(r'data-lead="([0-9,]+)"', _grid(grouped, "x")) == ["0", "1", "2", "3"]
    assert re.findall(r'data-lead="([0-9,]+)"', _grid(grouped, "canvas")) == ["0", "1"]


def test_a_canvas_is_elided_like_its_output():
    # output 10 > threshold 9 on a canvas of 14 (2 cropped each side): the output's first
    # and last 3 entries are shown, with the cropped margins whole
    d = derive(input=[1, -2, 3, 4], kernel=[2, 0, 1], stride=3, padding=2, dilation=2)
    canvas = _grid(d.to_html(), "canvas")
    assert re.findall(r'data-name="(y_[^"]*)"', canvas) == [
        f"y_{{{n}}}" for n in (0, 1, 2, 7, 8, 9)
    ]
    assert canvas.count("cell margin") == 4
