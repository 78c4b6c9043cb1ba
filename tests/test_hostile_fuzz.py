"""Hostile input, fuzzed: matrix text, claims and option values drawn by hypothesis.

The property, for every command line drawn: an answer of symtconv (exit 0 to 3, never
the internal error 4, never a traceback), a refusal of exactly one line of at most 500
characters, no file left in the working folder, and an end within the time bound.
The draws mix well-formed pieces (numbers, names, brackets, operators, LaTeX) with
hostile ones (TeX control sequences, HTML, shell, huge and negative numbers, deep
nesting, Unicode); hypothesis is seeded (``derandomize``), so a failure repeats.
"""

from __future__ import annotations

import pytest
from hostile import assert_answer, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SETTINGS = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Pieces of the value language, hostile ones among them.
VALUE_PIECES = st.sampled_from(
    [
        "1", "-2", "0", "3/4", "0.5", "1e3", "1e400", "9" * 40, "9" * 1100, "x_{0,0}", "w_{1,1}",
        "b_{0}", "a", "x_0", "?", "+", "-", "*", "/", "^", "^64", "^-64", "(", ")", "{", "}", "[",
        "]", ",", ";", " ", "\\frac{1}{2}", "\\cdot", "\\times", "\\input{x}", "\\openout",
        "\\begin{bmatrix}", "\\end{bmatrix}", "&", "\\\\", "<img src=x>", "$(id)", "`id`",
        "__import__('os')", "0x10", "2j", "f(1)", "\u2212", "\u00b7", "\u200b", "\x00", "\n",
        "%", "#", "_", "x_{", "x_{<b>}", "nan", "inf",
    ]
)  # fmt: skip

#: Pieces of the claim language.
CLAIM_PIECES = st.sampled_from(
    [
        "i", "k", "s", "p", "d", "op", "p_lo", "1", "0", "2", "64", "9" * 120, "+", "-", "*", "/",
        "//", "%", "^", "^64", "(", ")", ",", "==", "!=", "<", "<=", ">=", "and", "or", "not",
        "implies", "iff", "true", "false", "conv_out(i, k, s)", "tconv_out(i, k, s, p, d, op)",
        "conv_out(", "floor(", "Mod(", "min(", "s=", "p_lo=", " ", "\\input{x}", "<b>", "$(id)",
        "lambda", "exec(", "__import__", "1.5", "\u2264", "\u2260",
    ]
)  # fmt: skip


def _text(pieces: st.SearchStrategy[str], most: int = 24) -> st.SearchStrategy[str]:
    return st.lists(pieces, max_size=most).map("".join)


def _nested(depth: int) -> st.SearchStrategy[str]:
    """Nested lists of value texts (sometimes ragged, sometimes deep)."""
    leaf = _text(VALUE_PIECES, 4)
    return st.recursive(
        leaf,
        lambda inner: st.lists(inner, min_size=1, max_size=3).map(lambda xs: f"[{','.join(xs)}]"),
        max_leaves=depth,
    )


MATRICES = st.one_of(
    _text(VALUE_PIECES),
    _nested(12),
    st.integers(1, 80).map(lambda n: "[" * n + "1" + "]" * n),
    st.text(max_size=40),
)

SMALL_SPEC = ["--input-shape", "2x2", "--kernel-shape", "2x2"]


@SETTINGS
@given(MATRICES, st.sampled_from(["--input", "--kernel"]), st.sampled_from(["text", "latex"]))
def test_derive_on_fuzzed_matrix_text(text: str, option: str, fmt: str) -> None:
    other = "--kernel" if option == "--input" else "--input"
    assert_answer(run(["derive", option, text, other, "[[1]]", "--format", fmt]))


@SETTINGS
@given(MATRICES, st.one_of(st.none(), st.sampled_from(["0,0", "1,1", "-1,0", "9" * 30])))
def test_check_on_fuzzed_claims(text: str, entry: str | None) -> None:
    argv = ["check", "--claimed", text]
    assert_answer(run(argv + (["--entry", entry] if entry else [])))


@SETTINGS
@given(_text(CLAIM_PIECES), st.lists(_text(CLAIM_PIECES, 8), max_size=2))
def test_prove_on_fuzzed_claims(claim: str, assumptions: list[str]) -> None:
    argv = ["prove", claim, "--timeout", "1"]
    for a in assumptions:
        argv += ["--assume", a]
    assert_answer(run(argv))


#: Option values: small, negative, huge, malformed, hostile.
OPTION_VALUES = st.one_of(
    st.integers(-3, 6).map(str),
    st.sampled_from(
        ["0", "-1", "2,1", "1:2", "-1:0", "1:2,0:1", "3x3", "2x2x2", "-1x2", "1,2,3,4", "x",
         "1.5", "nan", "inf", "", " ", "9" * 20, "9" * 5000, "2147483648", "1000000000000",
         "SAME", "VALID", "same", "\\input{x}", "<b>", "$(id)", "1:10000"]
    ),
    st.text(max_size=12),
)  # fmt: skip

SPEC_OPTIONS = [
    "--stride", "--padding", "--output-padding", "--dilation", "--groups", "--in-channels",
    "--out-channels", "--input-shape", "--kernel-shape", "--bias", "--max-nonzeros",
    "--max-elements",
]  # fmt: skip


@SETTINGS
@given(
    st.sampled_from(["derive", "shape", "verify", "check"]),
    st.lists(st.tuples(st.sampled_from(SPEC_OPTIONS), OPTION_VALUES), min_size=1, max_size=4),
)
def test_fuzzed_spec_options(command: str, options: list[tuple[str, str]]) -> None:
    argv = [command]
    given_options = {o for o, _ in options}
    if "--input-shape" not in given_options and "--kernel-shape" not in given_options:
        argv += SMALL_SPEC
    for option, value in options:
        argv += [option, value]
    if command == "check":
        argv += ["--claimed-size", "3"]
    assert_answer(run(argv))


SWEEP_OPTIONS = ["--ranks", "--sizes", "--kernels", "--strides", "--paddings", "--dilations",
                 "--channels", "--max-configurations", "--seed"]  # fmt: skip


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(SWEEP_OPTIONS), OPTION_VALUES), min_size=1, max_size=3))
def test_fuzzed_sweep_options(options: list[tuple[str, str]]) -> None:
    argv = ["verify", "--sweep", "--sizes", "1:2", "--kernels", "1:2", "--ranks", "1"]
    for option, value in options:
        argv += [option, value]
    assert_answer(run(argv))


FRAMEWORK_OPTIONS = ["--stride", "--padding", "--output-padding", "--output-size", "--dilation",
                     "--groups", "--pads", "--auto-pad", "--tf-padding", "--keras-padding",
                     "--jax-padding", "--in-channels", "--out-channels", "--seed"]  # fmt: skip


@SETTINGS
@given(
    st.sampled_from(["torch", "onnx", "tensorflow", "keras", "jax", "nope"]),
    OPTION_VALUES,
    OPTION_VALUES,
    st.lists(st.tuples(st.sampled_from(FRAMEWORK_OPTIONS), OPTION_VALUES), max_size=3),
)
def test_fuzzed_convert(
    framework: str, size: str, kernel: str, options: list[tuple[str, str]]
) -> None:
    argv = ["convert", "--from", framework, "--input-size", size, "--kernel-size", kernel]
    for option, value in options:
        argv += [option, value]
    assert_answer(run(argv))


@pytest.mark.parametrize(
    "command", ["derive", "shape", "verify", "check", "prove", "convert", "crosscheck"]
)
@SETTINGS
@given(st.lists(OPTION_VALUES, max_size=4))
def test_fuzzed_words_after_a_command(command: str, words: list[str]) -> None:
    assert_answer(run([command, *words]))
