"""``symtconv lint`` on the command line: output like a compiler's, JSON, exit codes,
one line for a bad file, the language of the messages, and the API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import symtconv
from symtconv.cli import main
from symtconv.errors import ParseError, SpecError, SymtconvError, TooLargeError
from symtconv.linter.source import read_document

DOCS = Path(__file__).parent / "lint_docs"


def test_a_clean_document_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(DOCS / "correct.en.md")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        out[-1].startswith(f"{DOCS / 'correct.en.md'}: ") and "0 error(s), 0 warning(s)" in out[-1]
    )


def test_findings_read_like_a_compiler_s(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "t.md"
    doc.write_text("Intro.\n\n$$ (2 - 1) \\cdot 2 + 2 = 5 $$\n", encoding="utf-8")
    assert main(["lint", str(doc)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{doc}:3:26: error arithmetic: (2 - 1) \\cdot 2 + 2 is not 5"
    assert lines[1:3] == ["    claimed: 5", "    expected: 4"]
    assert lines[-1] == (
        f"{doc}: 1 claims checked: 0 correct, 1 wrong, 0 not understood; "
        "1 error(s), 0 warning(s), 0 note(s)"
    )


def test_json_and_several_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--format", "json", str(DOCS / "planted.zh.md")]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["errors"] == len(
        [f for f in data["findings"] if f["severity"] == "error"]
    )
    assert {"line", "column", "severity", "kind", "message", "claimed", "expected"} <= set(
        data["findings"][0]
    )
    assert (
        main(
            ["lint", "--format", "json", str(DOCS / "correct.en.md"), str(DOCS / "correct.zh.tex")]
        )
        == 0
    )
    both = json.loads(capsys.readouterr().out)
    assert [d["file"] for d in both] == [str(DOCS / "correct.en.md"), str(DOCS / "correct.zh.tex")]


def test_lang_zh(capsys: pytest.CaptureFixture[str]) -> None:
    main(["lint", "--lang", "zh", str(DOCS / "planted.zh.md")])
    out = capsys.readouterr().out
    assert "错误 label: 标签说第 2 个元素是 3，但输入的第 2 个元素是 x_{0,1} = 2" in out
    main(["lint", "--lang", "zh", "--format", "json", str(DOCS / "planted.zh.md")])
    assert "标签说" in capsys.readouterr().out


@pytest.mark.parametrize("make", ["missing", "binary", "latin1", "directory", "large"])
def test_a_bad_file_is_one_line_and_exit_2(
    make: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "doc.md"
    if make == "binary":
        path.write_bytes(b"\x89PNG\x00\x00")
    elif make == "latin1":
        path.write_bytes("caf\xe9".encode("latin-1"))
    elif make == "directory":
        path.mkdir()
    elif make == "large":
        good_size = (DOCS / "correct.en.md").stat().st_size
        monkeypatch.setattr("symtconv.linter.source.MAX_BYTES", good_size)
        path.write_text("x" * (good_size + 1), encoding="utf-8")
    good = DOCS / "correct.en.md"
    assert main(["lint", str(good), str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""  # nothing is linted before every file is read
    assert (
        err.count("\n") == 1 and str(path) in err and err.startswith("symtconv lint: error: file:")
    )


def test_the_errors_are_symtconv_errors(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="cannot read"):
        read_document(tmp_path / "nope.md")
    (tmp_path / "b.tex").write_bytes(b"\x00\x01")
    with pytest.raises(ParseError, match="binary"):
        read_document(tmp_path / "b.tex")
    with pytest.raises(TooLargeError):
        read_document("x" * 100, max_bytes=10)
    with pytest.raises(SymtconvError, match="kind"):
        read_document("text", kind="docx")


def test_the_api_takes_a_path_or_text() -> None:
    by_path = symtconv.lint(DOCS / "planted.en.md")
    by_text = symtconv.lint((DOCS / "planted.en.md").read_text(encoding="utf-8"))
    assert by_path.errors == by_text.errors > 0
    assert by_text.name == "<text>"
    assert isinstance(by_path, symtconv.LintReport)
    assert "error(s)" in str(by_path)
