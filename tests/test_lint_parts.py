"""The parts of ``symtconv lint``: readers, the math reader, plain text, the words, the
misconceptions registry, size formulas, framework calls, and the report's writers."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from oracles.claims import holds
from oracles.sizes import conv_length, tconv_length

from symtconv import lint
from symtconv.linter.blocks import Block
from symtconv.linter.code import check_code
from symtconv.linter.formulas import verdict
from symtconv.linter.latex_expr import parse_side
from symtconv.linter.misconceptions import MISCONCEPTIONS, find
from symtconv.linter.read_latex import read_latex
from symtconv.linter.read_markdown import read_markdown
from symtconv.linter.read_notebook import read_notebook
from symtconv.linter.sink import Sink
from symtconv.linter.text_scan import arithmetic, bracket_art
from symtconv.linter.values import number, shape
from symtconv.linter.words import element_labels, parameters, section_kind
from symtconv.render.lint_text import safe

# ----- readers ---------------------------------------------------------------------------------


def test_markdown_blocks_know_their_lines() -> None:
    text = (
        "# Title\n\nSome $a = 1$ text\nand more.\n\n$$\nx = 2\n$$\n\n"
        "```python\ny = 3\n```\n\n```sh\nls\n```\n"
    )
    blocks = read_markdown(text)
    kinds = [(b.kind, b.line) for b in blocks]
    assert kinds == [("prose", 1), ("prose", 3), ("math", 3), ("math", 6), ("code", 11)]
    assert blocks[1].heading == 0 and blocks[0].heading == 1
    assert blocks[2].column == 7  # "$a = 1$" starts at column 6, its content at 7


def test_latex_blocks_drop_comments_and_keep_lines() -> None:
    text = (
        "% $x = 1$ in a comment\n\\section{A}\nText $s = 2$ here.\n"
        "\\begin{align}\na &= 1 \\\\\nb &= 2\n\\end{align}\n\\verb|$| and 5\\$.\n"
    )
    blocks = read_latex(text)
    maths = [(b.line, b.text.strip()) for b in blocks if b.kind == "math"]
    assert maths[0] == (3, "s = 2")
    assert maths[1][0] == 4 and "a &= 1" in maths[1][1]
    assert all("x = 1" not in b.text for b in blocks)


def test_a_notebook_s_cells_are_numbered_and_outputs_ignored() -> None:
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": ["# T\n", "\n", "$$ 1 + 1 = 3 $$\n"]},
            {"cell_type": "code", "source": "x = 1\n", "outputs": [{"text": "1 + 1 = 3"}]},
            {"cell_type": "raw", "source": "1 + 1 = 3"},
        ]
    }
    blocks = read_notebook(json.dumps(nb))
    assert [(b.kind, b.cell, b.line) for b in blocks] == [
        ("prose", 1, 1),
        ("math", 1, 3),
        ("code", 2, 1),
    ]
    r = lint(json.dumps(nb), kind="notebook")
    assert [(f.loc.cell, f.loc.line, f.kind) for f in r.findings] == [(1, 3, "arithmetic")]


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"cells": 3}',
        '{"cells": [3]}',
        '{"cells": [{"cell_type": "code", "source": 7}]}',
    ],
)
def test_a_broken_notebook_is_one_clear_error(text: str) -> None:
    from symtconv.errors import ParseError

    with pytest.raises(ParseError, match="notebook"):
        lint(text, kind="notebook")


# ----- math and plain text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (r"(2 - 1) \times 1 + 2", 3),
        (r"\frac{3 - 2}{1} + 1", 2),
        (r"\left\lfloor \frac{7 + 1 + 1 - 1 \cdot (3 - 1) - 1}{2} \right\rfloor + 1", 4),
        (r"\lceil 5 / 2 \rceil", 3),
        ("(2 − 1) × 1 + 2", 3),
        (r"2^{3} - 0.5", Fraction(15, 2)),
        (r"1 \cdot (-1) + 4 \cdot 1", 3),
    ],
)
def test_numbers_are_evaluated_exactly(text: str, value: object) -> None:
    assert number(parse_side(text)) == value


def test_a_side_that_is_a_shape_and_names_that_are_not_numbers() -> None:
    assert shape(parse_side(r"3 \times 3")) == (3, 3)
    assert shape(parse_side(r"2 \times 3 \times 4")) == (2, 3, 4)
    assert number(parse_side(r"x_{0,0} + 1")) is None
    assert type(parse_side(r"\sum_q x_q")).__name__ == "Unknown"


def test_bracket_drawings_side_by_side() -> None:
    text = "[1 0]   [2 0]\n[0 -1] + [0 -2] = [1 2 0]\n                  [0 -1 -2]\n\n[5 6]"
    arts = bracket_art(text)
    assert len(arts) == 2
    assert arts[0].operators == ("+", "=")
    assert [m.rows for m in arts[0].matrices][2] == (("1", "2", "0"), ("0", "-1", "-2"))
    assert bracket_art("symtconv derive --input '[[1,2],[3,4]]'") == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("is 0 + 3 = 3.", ["0 + 3 = 3"]),
        ("(2 − 1) × 1 + 2 = 3", ["(2 − 1) × 1 + 2 = 3"]),
        ("on 2024-01-02 at 3 = 3", []),
        ("index (1,0) = 3", []),
    ],
)
def test_arithmetic_in_running_text(text: str, found: list[str]) -> None:
    assert [m.text for m in arithmetic(text)] == found


# ----- words -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("with a stride of 2 and padding 1", [("stride", 2, False), ("padding", 1, False)]),
        ("步长为 2，填充为 1", [("stride", 2, False), ("padding", 1, False)]),
        ("If the stride is 2, insert a zero.", [("stride", 2, True)]),
        ("步长为 1 时，不需要插入零。", [("stride", 1, True)]),
        ("output padding $\\mathit{op} = 1$", [("output_padding", 1, False)]),
        ("膨胀率 $d = 2$", [("dilation", 2, False)]),
        ("stride $s = (2, 1)$", [("stride", (2, 1), False)]),
        ("no padding", [("padding", 0, False)]),
        ("不填充", [("padding", 0, False)]),
    ],
)
def test_parameters_in_words_and_symbols(text: str, stated: list[tuple[str, object, bool]]) -> None:
    assert [(s.name, s.value, s.hypothetical) for s in parameters(text)] == stated


def test_labels_and_section_titles() -> None:
    assert [(e.ordinal, e.value) for e in element_labels("The fourth element (3):")] == [(4, 3)]
    assert [(e.ordinal, e.value) for e in element_labels("第十二个元素（-2）")] == [(12, -2)]
    assert section_kind("反卷积") == "transposed"
    assert section_kind("## 3. The convolution matrix $C$") is None
    assert section_kind("# Convolution as $y = C x$") == "forward"


# ----- misconceptions --------------------------------------------------------------------------

#: identifier -> (English phrasings that state it, Chinese ones, correct sentences not matched).
EXAMPLES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "not_the_transpose": (
        [
            "Transposed convolution is not really the transpose of a convolution.",
            "It isn't the mathematical transpose.",
        ],
        ["它并不是普通卷积的数学转置。", "转置卷积不是真正的转置"],
        [
            "It is the transpose (the adjoint) of C, not its inverse.",
            "它是 C 的转置，而不是 C 的逆。",
        ],
    ),
    "inverse_of_convolution": (
        ["A transposed convolution recovers the original input.", "It undoes the convolution."],
        ["转置卷积是卷积的逆运算。", "它能还原原始输入。"],
        [
            "It is not the inverse of the convolution.",
            "The transpose restores the shape, not the values.",
            "它不能还原输入的数值。",
        ],
    ),
    "output_padding_pads_output": (
        ["output_padding adds zeros to one side of the output."],
        ["output_padding 在输出的一侧补零。"],
        ["output_padding selects one of the sizes; it adds no zeros."],
    ),
    "padding_pads_input": (
        ["The padding of a transposed convolution adds zeros around the input."],
        ["转置卷积中的 padding 是在输入周围补零。"],
        ["In the zero-insertion view the input is padded with d(k-1) - p zeros."],
    ),
    "deconvolution_inverse": (
        ["Deconvolution inverts the blur of a convolution."],
        ["反卷积就是卷积的逆运算。"],
        ["Some papers call it deconvolution."],
    ),
    "deconvolution_name": (
        ["Transposed convolution, also called deconvolution, upsamples."],
        ["转置卷积（也称为反卷积）用于上采样。"],
        ["Deconvolution in signal processing is another operation."],
    ),
    "restores_input_shape": (
        ["A transposed convolution always restores the input shape."],
        ["转置卷积总能恢复原来的尺寸。"],
        ["With output_padding it gives the input's size back."],
    ),
}


def test_every_registered_misconception_has_examples_here() -> None:
    assert set(EXAMPLES) == set(MISCONCEPTIONS)


@pytest.mark.parametrize("name", sorted(MISCONCEPTIONS))
def test_a_misconception_is_found_in_english_and_chinese_and_not_in_a_correction(name: str) -> None:
    english, chinese, fine = EXAMPLES[name]
    for sentence in english + chinese:
        assert name in [m.name for m in find(sentence)], sentence
    for sentence in fine:
        assert name not in [m.name for m in find(sentence)], sentence


@pytest.mark.parametrize("name", sorted(MISCONCEPTIONS))
def test_a_misconception_entry_is_complete(name: str) -> None:
    m = MISCONCEPTIONS[name]
    assert m.severity in ("error", "note")
    assert m.summary and m.summary_zh and m.correction and m.correction_zh and m.reference
    assert m.command == "" or m.command.startswith("symtconv ")


def test_the_demonstrating_commands_run(capsys: pytest.CaptureFixture[str]) -> None:
    import shlex

    from symtconv.cli import main

    for m in MISCONCEPTIONS.values():
        if m.command:
            code = main(shlex.split(m.command)[1:])
            assert code in (0, 1), m.command  # 1: a disproved claim / a wrong size, as shown
    capsys.readouterr()


# ----- size formulas ---------------------------------------------------------------------------


_TARGET = {"forward": "conv_out(i, k, s, p, d)", "transposed": "tconv_out(i, k, s, p, d, op)"}


@pytest.mark.parametrize(
    ("formula", "kind", "status", "conditions"),
    [
        ("(i - 1)*s - 2*p + d*(k - 1) + op + 1", "transposed", "proved", []),
        ("(i - 1)*s + k", "transposed", "conditional", ["p == 0", "d == 1", "op == 0"]),
        (
            "(i - k)/s + 1",
            "forward",
            "conditional",
            ["p == 0", "d == 1", "(i + 2*p - d*(k - 1) - 1) % s == 0"],
        ),
        ("i*s", "transposed", "disproved", []),
    ],
)
def test_a_formula_s_verdict_and_conditions(
    formula: str, kind: str, status: str, conditions: list[str]
) -> None:
    v = verdict(formula, kind)
    assert v.status == status
    assert [c.claim for c in v.conditions] == conditions
    claim = f"{formula} == {_TARGET[kind]}"
    if v.counterexample is not None:  # the oracle's evaluator agrees that it breaks the claim
        env = {"p": 0, "d": 1, "op": 0, **v.counterexample}
        assert not holds(claim, env)


@pytest.mark.parametrize("i", range(1, 7))
@pytest.mark.parametrize("k", range(1, 4))
@pytest.mark.parametrize("s", range(1, 4))
def test_the_conditions_found_are_enough_by_brute_force(i: int, k: int, s: int) -> None:
    """Where (i - 1)s + k's conditions hold (no padding, dilation 1, no output padding), the
    oracle's sizes (counted by brute force) agree; and (i - k)/s + 1 where s divides i - k."""
    assert (i - 1) * s + k == tconv_length(i, k, s, 0, 0, 1, 0)
    if i >= k and (i - k) % s == 0:
        assert (i - k) // s + 1 == conv_length(i, k, s, 0, 0, 1)


# ----- framework calls -------------------------------------------------------------------------


def _code(src: str) -> Sink:
    sink = Sink()
    check_code(Block("code", src, 1, lang="python"), sink)
    return sink


@pytest.mark.parametrize(
    ("layer", "shape", "want"),
    [
        # PyTorch: (i-1)s - 2p + d(k-1) + op + 1
        (
            "torch.nn.ConvTranspose2d(1, 2, 3, stride=2, padding=1, output_padding=1)",
            (1, 1, 5, 5),
            (1, 2, 10, 10),
        ),
        ("nn.ConvTranspose1d(2, 3, kernel_size=4, stride=2, padding=1)", (1, 2, 8), (1, 3, 16)),
        ("torch.nn.Conv2d(1, 4, 3, stride=2, padding=1)", (1, 1, 7, 7), (1, 4, 4, 4)),
        # Keras: same -> i*s; valid -> i*s + max(k - s, 0)
        (
            "keras.layers.Conv2DTranspose(8, 3, strides=2, padding='same')",
            (1, 5, 5, 3),
            (1, 10, 10, 8),
        ),
        ("keras.layers.Conv2DTranspose(8, 3, strides=2)", (1, 5, 5, 3), (1, 11, 11, 8)),
        ("keras.layers.Conv2D(8, 3, strides=2, padding='same')", (1, 5, 5, 3), (1, 3, 3, 8)),
        # Paddle: like PyTorch
        ("paddle.nn.Conv2DTranspose(3, 2, 3, stride=2, padding=1)", (1, 3, 4, 4), (1, 2, 7, 7)),
    ],
)
def test_a_layer_s_output_shape(layer: str, shape: tuple[int, ...], want: tuple[int, ...]) -> None:
    ok = _code(f"x = torch.randn{shape}\nlayer = {layer}\ny = layer(x)  # {list(want)}\n")
    assert [f.message.code for f in ok.findings] == []
    assert [c.status for c in ok.checks if c.what.code == "shape_claim"] == ["correct"]
    wrong = tuple(v + 1 for v in want)
    bad = _code(f"x = torch.randn{shape}\nlayer = {layer}\ny = layer(x)  # {list(wrong)}\n")
    assert [(f.loc.line, f.message.code, f.expected) for f in bad.findings] == [
        (3, "shape_claim_wrong", "x".join(map(str, want)))
    ]


def test_code_is_never_run_and_non_literals_are_noted() -> None:
    src = (
        "import os\nos.system('echo hi')\nn = int(input())\n"
        "layer = torch.nn.ConvTranspose2d(n, 1, 3)\n"
    )
    sink = _code(src)
    assert [f.message.code for f in sink.findings] == ["layer_not_literal"]
    assert [f.message.code for f in _code("def (:\n").findings] == ["code_unparsed"]


def test_the_round_trip_claim_is_checked() -> None:
    src = (
        "x = torch.randn(1, 1, 8, 8)\n"
        "conv = torch.nn.Conv2d(1, 1, 3, stride=2, padding=1)\n"
        "tconv = torch.nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, output_padding=1)\n"
        "assert tconv(conv(x)).shape == x.shape\n"
    )
    assert [c.status for c in _code(src).checks if c.what.code == "shape_assert"] == ["correct"]
    src = src.replace(", output_padding=1", "")
    assert [f.message.code for f in _code(src).findings] == ["shape_assert_wrong"]


# ----- the report ------------------------------------------------------------------------------


def test_text_from_a_document_is_escaped_and_clipped() -> None:
    assert safe("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert len(safe("x" * 1000)) == 300
    r = lint("It is not really the transpose \x1b[31m of it.")
    assert "\x1b" not in r.text() and "\\x1b" in r.text()


def test_json_has_the_fields_and_every_claim_checked() -> None:
    r = lint("$$ (2 - 1) \\times 1 + 2 = 4 $$\n\n$$ 1 + 1 = 2 $$\n")
    data = r.as_dict()
    assert set(data) == {"file", "format", "findings", "checked", "summary"}
    (f,) = data["findings"]
    assert {k: f[k] for k in ("line", "column", "severity", "kind", "claimed", "expected")} == {
        "line": 1,
        "column": 27,
        "severity": "error",
        "kind": "arithmetic",
        "claimed": "4",
        "expected": "3",
    }
    assert [(c["line"], c["status"]) for c in data["checked"]] == [(1, "wrong"), (3, "correct")]
    assert data["summary"]["claims_checked"] == 2 and data["summary"]["errors"] == 1


def test_messages_in_chinese() -> None:
    r = lint("$$ 1 + 1 = 3 $$")
    assert "1 + 1 不等于 3" in r.text("zh")
    assert "错误 arithmetic" in r.text("zh")
