"""Start-up: the package and ``symtconv --help``, ``--version`` and mistyped commands load
neither SymPy nor NumPy; every public name still works (PEP 562) and results still find
their writers whichever module is imported first.  Each case runs in a fresh process."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

import symtconv
from symtconv.cli import COMMANDS, get_command

HEAVY = ("sympy", "numpy")


def _fresh(code: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _loaded_after(statements: str) -> dict:
    return _fresh(
        "import contextlib, io, json, sys\n"
        f"{statements}\n"
        f"print(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    )


@pytest.mark.parametrize(
    ("argv", "code"),
    [(["--help"], 0), (["--version"], 0), (["frobnicate"], 2), (["--bogus"], 2), (["-h"], 0)],
)
def test_the_command_line_starts_light(argv: list[str], code: int) -> None:
    loaded = _loaded_after(
        "from symtconv.cli import main\n"
        "out, err = io.StringIO(), io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):\n"
        f"    assert main({argv!r}) == {code}"
    )
    assert loaded == {m: False for m in HEAVY}


def test_importing_the_package_is_light() -> None:
    assert _loaded_after("import symtconv; symtconv.__version__; symtconv.SpecError") == {
        m: False for m in HEAVY
    }


def test_writers_are_found_whichever_module_comes_first() -> None:
    result = _fresh(
        "import json\n"
        "from symtconv.engine.derivation import derive\n"
        "d = derive()\n"
        "print(json.dumps({'text': str(d).splitlines()[0], 'json': d.to_json()[:1],"
        " 'latex': d._repr_latex_()[:1]}))"
    )
    assert result == {"text": "Transposed convolution as y = C^T x", "json": "{", "latex": "$"}


def test_all_lists_every_lazy_name() -> None:
    assert set(symtconv.__all__) == {*symtconv._EXPORTS, "__version__"}


@pytest.mark.parametrize("name", sorted(symtconv._EXPORTS))
def test_every_public_name(name: str) -> None:
    module = importlib.import_module(f"symtconv.{symtconv._EXPORTS[name]}")
    assert getattr(symtconv, name) is getattr(module, name)
    assert name in dir(symtconv)


def test_an_unknown_name() -> None:
    with pytest.raises(AttributeError, match="no attribute 'derivee'"):
        symtconv.derivee  # noqa: B018


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_loads(name: str) -> None:
    command = get_command(name)
    assert command.name == name
    assert COMMANDS[name].help
