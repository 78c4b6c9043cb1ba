"""README.md keeps its promises: the set-up commands, and every `console` example.

A ```console block holds one `$ symtconv ...` command and exactly what it prints
(stdout, then stderr); a line `...` stands for any number of lines left out.
Blocks fenced as ```text are illustrations whose figures vary (timings).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from symtconv.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CONSOLE = re.findall(r"```console\n(.*?)```", README, flags=re.DOTALL)


def shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README, flags=re.DOTALL)


def test_setup_commands_are_there() -> None:
    commands = [line for block in shell_blocks() for line in block.splitlines()]
    assert any(line.endswith("symtconv derive") and "pip install" in line for line in commands)
    test_command = [line for line in commands if line.endswith("python -m pytest")]
    assert len(test_command) == 1
    assert "torch==2.13.0" in test_command[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"{test_command[0]} || rc=$?" in ci, "the CI script must run the README's test command"


def test_the_test_extra_pins_torch_and_brings_the_frameworks() -> None:
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert "torch==2.13.0" in extras["test"] and "symtconv[frameworks]" in extras["test"]
    names = [re.split(r"[<>=!;\[ ]", r, maxsplit=1)[0] for r in extras["frameworks"]]
    libraries = ("onnx", "onnxruntime", "jax", "tensorflow-cpu", "keras", "paddlepaddle")
    for library in (*libraries, "mindspore", "openvino"):
        assert library in names
    every = [r for group in extras.values() for r in group] + project["dependencies"]
    torches = [r for r in every if re.split(r"[<>=!;\[ ]", r, maxsplit=1)[0] == "torch"]
    assert torches == ["torch==2.13.0"], "torch only pinned exactly, and only in the test extra"


def matches(shown: list[str], actual: list[str]) -> bool:
    """True when actual fits shown, where a line '...' matches any run of lines."""
    if not shown:
        return not actual
    if shown[0] == "...":
        return any(matches(shown[1:], actual[n:]) for n in range(len(actual) + 1))
    return bool(actual) and shown[0] == actual[0] and matches(shown[1:], actual[1:])


@pytest.mark.parametrize("block", CONSOLE, ids=lambda b: b.splitlines()[0][:60])
def test_console_examples_print_what_they_show(
    block: str, capsys: pytest.CaptureFixture[str]
) -> None:
    first, *shown = block.rstrip("\n").splitlines()
    assert first.startswith("$ symtconv "), "one command per console block"
    main(shlex.split(first)[2:])
    out, err = capsys.readouterr()
    actual = (out + err).rstrip("\n").splitlines()
    assert matches([line.rstrip() for line in shown], [line.rstrip() for line in actual]), (
        "\n".join(actual)
    )


def test_there_are_console_examples() -> None:
    assert len(CONSOLE) >= 5


@pytest.mark.parametrize(
    ("shown", "actual", "ok"),
    [
        (["a", "...", "c"], ["a", "b", "b", "c"], True),
        (["a", "...", "c"], ["a", "c"], True),
        (["a", "c"], ["a", "b", "c"], False),
        (["a", "...", "c"], ["a", "b"], False),
        (["x"], ["y"], False),
    ],
)
def test_matching_can_fail(shown: list[str], actual: list[str], ok: bool) -> None:
    assert matches(shown, actual) is ok
