"""The reproduce command in a document really derives the same thing again."""

from __future__ import annotations

import shlex
from fractions import Fraction

import pytest

from symtconv import derive
from symtconv.cli import main
from symtconv.render.command import derive_command, wrap_command

CASES = [
    {},
    {"forward": True},
    {"input_shape": (4,), "kernel_shape": (3,), "stride": 2, "padding": [(1, 0)]},
    {"input": [[1, 2], [3, 4]], "kernel": [[1, -1], [2, 0]], "dilation": 2, "output_padding": 1},
    {"input_shape": (4, 2, 2), "kernel_shape": (4, 1, 2, 2), "groups": 2, "bias": True},
    {
        "input": [[[1, 2], [3, 4]]],
        "kernel": [
            [[[1, 0], [0, 1]]],
        ],
        "bias": [5],
    },
    {"input": [[Fraction(1, 2), 2], [3, 4]], "kernel": [[1, 0], [0, -1]], "stride": (2, 1)},
]


@pytest.mark.parametrize("kwargs", CASES)
def test_command_reproduces_the_derivation(kwargs, capsys):
    d = derive(**kwargs)
    command = derive_command(d)
    assert command is not None and command.startswith("symtconv derive ")
    assert main([*shlex.split(command)[1:], "--format", "json"]) == 0
    again = capsys.readouterr().out
    assert again == d.to_json() + "\n"


def test_no_command_for_floats_or_mixed_entries():
    assert derive_command(derive([[0.5, 1]], [[1]])) is None
    import sympy

    assert derive_command(derive([[sympy.Symbol("a"), 1]], [[1]])) is None


def test_wrap_keeps_options_with_values():
    text = wrap_command(["symtconv", "derive", "--input", "'[[1,2],[3,4]]'", "--stride", "2"], 30)
    assert text.splitlines() == [
        "symtconv derive \\",
        "    --input '[[1,2],[3,4]]' \\",
        "    --stride 2",
    ]
