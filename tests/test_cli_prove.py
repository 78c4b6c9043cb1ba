"""``symtconv prove``: exit codes, one-line errors, formats."""

from __future__ import annotations

import json

import pytest

from symtconv.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["prove", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("argv", "code", "first_line"),
    [
        (("conv_out(i, k) == i - k + 1",), 0, "PROVED: conv_out(i, k) == i - k + 1"),
        (("conv_out(i, k, 1, k // 2) == i",), 1, "DISPROVED: conv_out(i, k, 1, k // 2) == i"),
        (("conv_out(i, k, 1, k // 2) == i", "--assume", "k % 2 == 1"), 0, "PROVED: "),
        (
            (
                "x^3 + y^3 != z^3",
                "--assume",
                "x >= 1",
                "--assume",
                "y >= 1",
                "--assume",
                "z >= 1",
                "--timeout",
                "0.3",
            ),
            3,
            "UNKNOWN: x^3 + y^3 != z^3",
        ),
        (("round-trip",), 0, "round-trip: conv_out(tconv_out(i, ..., op)) = i for op < s"),
        (("--list",), 0, "built-in theorems (symtconv prove NAME):"),
        (("--identity", "adjoint"), 0, "PROVED for this shape: <C u, v> = <u, C^T v>"),
        (
            (
                "--identity",
                "zero-insertion",
                "--input-shape",
                "3",
                "--kernel-shape",
                "2",
                "--stride",
                "2",
            ),
            0,
            "PROVED for this shape: C^T x equals",
        ),
    ],
)
def test_exit_codes(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], code: int, first_line: str
) -> None:
    got, out, err = run(capsys, *argv)
    assert got == code
    assert out.splitlines()[0].startswith(first_line)
    assert err == ""


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        ((), "give exactly one of a CLAIM (or theorem NAME), --list, or --identity NAME"),
        (("round-trp",), "theorem: got 'round-trp'; valid names are conv-no-padding"),
        (("conv_out(i) == 1",), "claim: conv_out() needs the argument 'k'"),
        (("x > 0", "--assume", "x >"), "assumption 1: expected a number"),
        (("x > 0", "--stride", "2"), "--stride: only used with --identity NAME"),
        (("round-trip", "--assume", "x > 0"), "--assume: not used with the built-in theorem"),
        (("--list", "--assume", "x > 0"), "--assume: only used with a CLAIM"),
        (("--list", "x > 0"), "give exactly one of"),
        (("x > 0", "--timeout", "0"), "--timeout: got 0; must be in (0, 3600] seconds"),
        (("conv_out(i, 0) > 1",), "kernel size k >= 1 fails"),
        (("--identity", "adjoint", "--bias"), "bias: the identities are about the linear map"),
        (("--identity", "zero-insertion", "--forward"), "is about a transposed convolution"),
        (
            ("--identity", "adjoint", "--input-shape", "99x99", "--kernel-shape", "5x5"),
            "max_nonzeros",
        ),
        (("--identity", "adjoint", "--input-shape", "3x3"), "kernel or kernel_shape: not given"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], fragment: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("symtconv prove: error: ")
    assert fragment in err
    assert "Traceback" not in err


def test_argparse_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prove", "--identity", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid choice: 'nope'" in err


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "conv_out(i, k, 1, k // 2) == i", "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert data["status"] == "disproved"
    assert data["counterexample"] == {"i": 1, "k": 2}
    assert data["domain"] == [
        "i, k are integers",
        "i >= 1",
        "k >= 1",
        "k // 2 >= 0",
        "i + 2*(k // 2) >= k",
    ]
    assert data["steps"][0]["title"] == "Substitute the definitions"


def test_theorem_and_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "pytorch-output-padding", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["status"] == "proved"
    assert [p["status"] for p in data["parts"]] == ["proved", "disproved", "proved"]
    assert [p["expect"] for p in data["parts"]] == ["proved", "disproved", "proved"]
    code, out, _ = run(capsys, "--list", "--format", "json")
    listing = json.loads(out)
    assert code == 0 and "round-trip" in [t["name"] for t in listing["theorems"]]
    assert [i["name"] for i in listing["identities"]] == [
        "zero-insertion",
        "adjoint",
        "jacobian",
        "subpixel",
    ]


def test_latex_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "conv_out(i, k) == i - k + 1", "--format", "latex")
    assert code == 0
    assert out.startswith("\\begin{aligned}\n&\\textbf{Proved: } \\forall\\, i, k \\in")
    assert out.endswith("\\end{aligned}\n")


def test_identity_size_limit_names_its_option(capsys) -> None:
    from symtconv.cli import main

    code = main(
        ["prove", "--identity", "adjoint", "--input-shape", "30x30", "--kernel-shape", "3x3"]
    )
    err = capsys.readouterr().err
    assert code == 2 and "--max-nonzeros" in err and err.count("\n") == 1
    code = main(
        [
            "prove",
            "--identity",
            "adjoint",
            "--input-shape",
            "30x30",
            "--kernel-shape",
            "3x3",
            "--max-nonzeros",
            "20000",
        ]
    )
    assert code == 0 and "PROVED" in capsys.readouterr().out
    assert main(["prove", "round-trip", "--max-nonzeros", "10"]) == 2
    assert "only used with --identity" in capsys.readouterr().err
