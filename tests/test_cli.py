"""The command line: derive, shape, the shared options, errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from symtconv import cli
from symtconv.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_derive_without_arguments_is_the_seed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "derive")
    assert code == 0 and err == ""
    assert "o = (2 - 1)*1 + 2 = 3" in out
    assert "C (4x9)" in out
    assert out.rstrip().endswith("[ 1   2   0 ]\n  [ 3   3  -2 ]\n  [ 0  -3  -4 ]")
    assert run(capsys)[1] == out  # no subcommand: derive


def test_derive_forward(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "derive",
        "--forward",
        "--input",
        "[[1,2,3],[4,5,6],[7,8,9]]",
        "--kernel",
        "[[1,0],[0,-1]]",
        "--format",
        "json",
    )
    assert code == 0 and json.loads(out)["output"] == [[-4, -4], [-4, -4]]


@pytest.mark.parametrize(
    "matrix",
    ["[[1,2],[3,4]]", "1 2; 3 4", r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}"],
)
def test_input_forms(capsys: pytest.CaptureFixture[str], matrix: str) -> None:
    code, out, _ = run(
        capsys, "derive", "--input", matrix, "--kernel", "1 0; 0 -1", "--format", "json"
    )
    assert code == 0 and json.loads(out)["output"] == [[1, 2, 0], [3, 3, -2], [0, -3, -4]]


def test_symbolic_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "derive", "--input-shape", "3x3", "--kernel-shape", "3x3", "--format", "json"
    )
    data = json.loads(out)
    assert data["output_shape"] == [5, 5] and data["matrix_shape"] == [9, 25]
    assert data["output"][2][2].count("*") == 9 and data["output"][2][2].count("+") == 8
    assert data["size_formula"]["values"] == [5, 5]


def test_padding_pairs_and_per_dim(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "derive",
        "--input-shape",
        "3x4",
        "--kernel-shape",
        "2x2",
        "--stride",
        "2,1",
        "--padding",
        "1:0",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert data["spec"]["padding"] == [[1, 0], [1, 0]]
    assert data["output_shape"] == [5, 4]  # (3-1)*2 - 1 + 2 = 5; (4-1)*1 - 1 + 2 = 4


def test_shape_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "shape",
        "--forward",
        "--input-shape",
        "7",
        "--kernel-shape",
        "3",
        "--stride",
        "2",
        "--padding",
        "1",
    )
    assert code == 0
    assert "o = floor((7 + 2*1 - 3) / 2) + 1 = 4" in out
    assert "Input sizes with output size 4: 7, 8" in out
    code, out, _ = run(capsys, "shape", "--format", "json")
    assert json.loads(out)["output_size"] == [3, 3]


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["derive", "--stride", "0"], "stride: got 0"),
        (["derive", "--stride", "x"], "--stride: got 'x'"),
        (["derive", "--input", "[[1,2],[3]]", "--kernel", "[[1]]"], "ragged"),
        (
            ["derive", "--input", "__import__('os').system('touch pwned')", "--kernel", "1"],
            "unexpected character",
        ),
        (
            ["derive", "--input-shape", "3x3", "--kernel-shape", "3x3", "--output-padding", "1"],
            "output_padding: got 1",
        ),
        (["derive", "--padding", "1:2:3"], "padding: got '1:2:3'"),
        (
            ["derive", "--input-shape", "64x64", "--kernel-shape", "3x3", "--max-nonzeros", "10"],
            "--max-nonzeros",
        ),
        (["derive", "--groups", "two"], "argument --groups"),
        (["derive", "--bogus"], "unrecognized arguments: --bogus"),
        (["derive", "--format", "pdf"], "invalid choice: 'pdf'"),
        (["derive", "--input", "1 2", "--input-shape", "2"], "give one of them"),
        (
            ["derive", "--input-shape", "2x2", "--kernel-shape", "2", "--in-channels", "2"],
            "does not fit",
        ),
        (["shape", "--kernel-shape", "9", "--input-shape", "3", "--forward"], "dilated kernel"),
        (["nosuchcommand"], "invalid choice"),
    ],
)
def test_bad_input_exit_2_one_line(
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    fragment: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert fragment in err and "Traceback" not in err
    assert not (tmp_path / "pwned").exists()


def test_internal_error_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli.get_command("shape"), "run", broken)
    monkeypatch.delenv("SYMTCONV_DEBUG", raising=False)
    code, out, err = run(capsys, "shape")
    assert code == 4 and "internal error: RuntimeError: boom" in err
    assert len(err.strip().splitlines()) == 1


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "symtconv", "derive", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["output"] == [[1, 2, 0], [3, 3, -2], [0, -3, -4]]
    bad = subprocess.run(
        [sys.executable, "-m", "symtconv", "derive", "--stride", "-1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert bad.returncode == 2 and bad.stdout == "" and len(bad.stderr.splitlines()) == 1


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("symtconv ")


def test_closed_pipe_is_quiet() -> None:
    """`symtconv ... | head -1`: no error message when the reader goes away."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "symtconv",
            "derive",
            "--input-shape",
            "30x30",
            "--kernel-shape",
            "3x3",
            "--format",
            "json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait() == 0 and err == ""
