"""Hostile input, classes 3 to 5: ordinary bad values, misleading verdicts, silent surprises.

Each case ends in one of symtconv's answers: a symtconv error (the command line: one
line naming the parameter, exit 2), or a result that is right; never an internal error
(exit 4), a traceback, a wrong answer or a silent reinterpretation.  Operating-system
trouble on the output (a file, a folder that cannot be written, a full or closed
stdout, a closed stdin) is one line and exit 2; Ctrl-C anywhere, one line and exit 130.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sympy
from hostile import CLOSED, api_refused, assert_refused, run
from oracles.naive import naive_conv, naive_conv_transpose

import symtconv
from symtconv import ParseError, SpecError
from symtconv.core.limits import MAX_SIZE

BIG = "9" * 5000
HAS_TORCH = True
try:  # optional: the cases that run torch skip without it
    import torch  # noqa: F401
except ImportError:  # pragma: no cover - depends on the environment
    HAS_TORCH = False

# ----- class 3: ordinary bad values -----------------------------------------------------------

#: (argv, fragments of the one line): each was an internal error (exit 4) or a hang.
BAD_VALUES = [
    (["derive", f"--stride={BIG}"], ["--stride", "5000 digits"]),
    (["derive", "--input-shape", BIG, "--kernel-shape", "3"], ["--input-shape", "5000 digits"]),
    (["derive", "--input", f"[[{BIG},1],[1,1]]", "--kernel", "[[1]]"], ["--input", "digits"]),
    (["derive", "--kernel", f"1 {BIG}"], ["--kernel", "digits"]),
    (["derive", "--stride", "1000000000000"], ["stride: got 1000000000000", "at most"]),
    (["derive", "--dilation", "1000000000000"], ["dilation: got", "at most 2,147,483,647"]),
    (["derive", "--padding", "1000000000000"], ["padding", "at most"]),
    (["derive", "--input-shape", "4", "--kernel-shape", "2", "--output-padding", "3000000000"],
     ["output_padding", "at most"]),
    (["derive", "--input-shape", "2x2", "--kernel-shape", "2x2", "--in-channels", "99999999999"],
     ["in_channels", "at most"]),
    (["derive", "--groups", "99999999999"], ["groups"]),
    (["derive", "--input-shape", "2x99999999999", "--kernel-shape", "2x2"], ["input_size"]),
    (["derive", "--input", "[" * 64 + "1" + "]" * 64, "--kernel", "[[1]]"], ["--input", "axes"]),
    (["derive", "--input", "[" * 6 + "1" + "]" * 6, "--kernel", "[[1]]"], ["at most 5 axes"]),
    (["derive", "--input", "[" * 5000, "--kernel", "[[1]]"], ["--input"]),
    (["check", "--claimed", "\\frac{1}{" * 2000 + "1" + "}" * 2000, "--entry", "0,0"],
     ["claimed", "nested more than 64"]),
    (["check", "--claimed", "(" * 100 + "1" + ")" * 100, "--entry", "0,0"], ["nested"]),
    (["check", "--claimed", "{" * 100 + "1" + "}" * 100, "--entry", "0,0"], ["nested"]),
    (["check", "--claimed", "x_{0,0}" + "^2" * 200, "--entry", "0,0"], ["claimed"]),
    (["check", "--claimed", "9^64^64", "--entry", "0,0"], ["exponent"]),
    (["check", "--claimed", "*".join(["99999999999999999999^64"] * 4), "--entry", "0,0"],
     ["more than 16384 bits"]),
    (["prove", "i" + "^2" * 2000 + " >= 0"], ["claim"]),
    (["prove", "i" + "^2" * 900 + " >= 0"], ["claim", "nested"]),
    (["prove", "(" * 30 + "i" + ")" * 30 + " >= 0"], ["nested"]),
    (["prove", "-" * 999 + "i >= 0"], ["nested"]),
    (["prove", "((i^8)^8)^8 >= 0"], ["powers of powers"]),
    (["prove", f"i == {BIG}"], ["digits"]),
    (["prove", "round-trip", "--timeout", "inf"], ["--timeout", "finite"]),
    (["prove", "i == i", "--timeout", "nan"], ["--timeout", "finite"]),
    (["check", "--claimed", "1", "--entry", "0,0", "--tolerance", "nan"], ["--tolerance"]),
    (["verify", "--seed", "-1", "--input-shape", "2x2", "--kernel-shape", "2x2"],
     ["seed: got -1", "0 to"]),
    (["verify", "--seed", str(2**64)], ["seed"]),
    (["verify", "--seed", BIG], ["--seed", "digits"]),
    (["verify", "--sweep", "--seed", "-5"], ["seed"]),
    (["convert", "--from", "onnx", "--input-size", "5", "--kernel-size", "3", "--group", "x"],
     ["--group", "must be an integer"]),
    (["convert", "--from", "torch", "--input-size", "5", "--kernel-size", "3", "--groups", "1.5"],
     ["--groups"]),
    (["convert", "--from", "torch", "--input-size", "5", "--kernel-size", "3", "--seed", "-1"],
     ["seed"]),
    (["convert", "--from", "torch", "--input-size", BIG, "--kernel-size", "3"], ["digits"]),
    (["convert", "--from", "torch", "--input-size", "5", "--kernel-size", "3", "--in-channels",
      "0"], ["in_channels"]),
    (["derive", "--threshold", "-1"], ["threshold"]),
    (["derive", "--edgeitems", "0"], ["edgeitems"]),
    (["derive", "--max-entries", BIG], ["--max-entries", "digits"]),
    (["derive", "-o", "/proc/no/such/dir/out.tex", "--format", "latex"], ["--output"]),
    (["derive", "--format", "markdown", "-o", "/proc/x.md"], ["--output"]),
    (["gallery", "/proc/x"], ["cannot write or read", "/proc/x"]),
    (["verify", "--sweep", "--channels", f"1:1:{BIG}"], ["--channels", "digits"]),
    (["verify", "--sweep", "--sizes", f"1:{BIG}"], ["--sizes"]),
    (["overlap", "--input-shape", "3x3", "--kernel-shape", "3x3", f"--stride={BIG}"],
     ["--stride", "5000 digits"]),
    (["overlap", "--input-shape", "99999x99999", "--kernel-shape", "3x3"], ["max_positions"]),
    (["overlap", "--kernel", "[[x_{\\input{f}},1],[1,1]]", "--input-shape", "3x3", "--format",
      "latex"], ["--kernel", "symbol name"]),
    (["lint", "/proc/no/such.md"], ["cannot read"]),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "fragments"), BAD_VALUES, ids=lambda v: str(v)[:50])
def test_bad_values_get_one_line_and_exit_2(argv: list[str], fragments: list[str]) -> None:
    assert_refused(run(argv), *fragments)


def test_gallery_into_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("keep me\n", encoding="utf-8")
    assert_refused(run(["gallery", str(target)]), "cannot write or read", "File exists")
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_gallery_under_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("keep me\n", encoding="utf-8")
    outcome = run(["gallery", str(target / "g")])
    assert_refused(outcome, "cannot write or read", "Not a directory")
    assert target.read_text(encoding="utf-8") == "keep me\n"


STEPS = {
    "binary": b"\x80\xff\x00\xfe" * 100,
    "deep": b"[" * 100_000,
    "huge-int": b"[" + b"9" * 5000 + b"]",
    "nan": b'[{"value": NaN}]',
    "infinity": b'[{"value": 1e400}]',
    "not-a-list": b'{"input": [0, 0]}',
    "a-string": b'"steps"',
    "empty": b"",
    "deep-block": b'[{"block": ' + b"[" * 50 + b"1" + b"]" * 50 + b"}]",
    "unknown-key": b'[{"exec": "rm -rf /"}]',
}


@pytest.mark.parametrize("name", sorted(STEPS))
def test_a_bad_steps_file_gets_one_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.json"
    path.write_bytes(STEPS[name])
    outcome = run(["check", "--claimed-steps", str(path)])
    assert_refused(outcome, "steps")


def test_a_steps_path_that_is_a_folder_or_missing(tmp_path: Path) -> None:
    assert_refused(run(["check", "--claimed-steps", str(tmp_path)]), "--claimed-steps", "cannot")
    missing = str(tmp_path / "missing.json")
    assert_refused(run(["check", "--claimed-steps", missing]), "No such file")


class _Full(io.StringIO):
    """A stdout on a full disk."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("argv", [["derive"], ["prove", "--list"], ["shape"], ["derive", "-h"]])
def test_a_full_or_closed_stdout_is_one_line(argv: list[str]) -> None:
    full = run(argv, stdout=_Full())
    assert full.code == 2 and "No space left on device" in full.err and len(full.lines) == 1
    closed = run(argv, stdout=CLOSED)
    assert closed.code == 2 and "standard output is closed" in closed.err
    assert len(closed.lines) == 1


def test_a_closed_or_endless_stdin() -> None:
    argv = ["check", "--claimed-steps", "-"]
    assert_refused(run(argv, stdin=CLOSED), "standard input is closed")
    assert_refused(run(argv, stdin=io.StringIO("[" * 1_000_001)), "more than 1,000,000")
    good = run(argv, stdin=io.StringIO('[{"input": [0, 0], "value": 1}]'))
    assert good.code == 0, good.err


def _symtconv(*argv: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "symtconv", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def test_real_streams_full_and_closed(tmp_path: Path) -> None:
    """The same with real file descriptors: nothing complains at exit."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "symtconv", "derive"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "No space left on device" in done.stderr
    closed = _symtconv("derive", stdout=None, preexec_fn=lambda: os.close(1))
    assert closed.returncode == 2 and "standard output is closed" in closed.stderr
    no_stdin = _symtconv("check", "--claimed-steps", "-", preexec_fn=lambda: os.close(0))
    assert no_stdin.returncode == 2 and "standard input is closed" in no_stdin.stderr


#: (call, error, fragments): the Python API.
API_BAD = [
    (lambda: symtconv.prove_identity("adjoint", input_shape=(2, 2), kernel_shape=(2, 2), strid=2),
     SpecError, ["strid"]),
    (lambda: symtconv.verify(input_shape=(2, 2), kernel_shape=(2, 2), seed=-1), SpecError,
     ["seed: got -1"]),
    (lambda: symtconv.sweep(seed=-1), SpecError, ["seed"]),
    (lambda: symtconv.convert("torch", 5, 3, {}, seed=-1), SpecError, ["seed"]),
    (lambda: symtconv.derive(stride=10**12), SpecError, ["stride", "at most"]),
    (lambda: symtconv.derive(input_shape=(2, 2), kernel_shape=(2, 2), in_channels=0), SpecError,
     ["in_channels: got 0"]),
    (lambda: symtconv.derive(input_shape=(2, 2), kernel_shape=(2, 2), out_channels=-1), SpecError,
     ["out_channels: got -1"]),
    (lambda: symtconv.derive(input=[[1, [2]], [3, 4]], kernel=[[1]]), SpecError, ["input"]),
    (lambda: symtconv.derive(input=[[[[[[[1]]]]]]], kernel=[[1]]), SpecError, ["axes"]),
    (lambda: symtconv.derive(input=[[sympy.Float("1e400"), 1]], kernel=[[1]]), SpecError,
     ["range of floats"]),
    (lambda: symtconv.derive(max_nonzeros="x"), SpecError, ["max_nonzeros"]),
    (lambda: symtconv.verify(max_elements=0), SpecError, ["max_elements"]),
    (lambda: symtconv.prove("i == i", max_terms=0), SpecError, ["max_terms"]),
    (lambda: symtconv.check([[[[[[[1]]]]]]]), ParseError, ["nested more than 5"]),
    (lambda: symtconv.derive(stride="x" * 1_000_000), SpecError, ["stride"]),
    (lambda: symtconv.conv_transpose(np.ones((1, 2)), np.ones((1, 1, 2)), groups=True), SpecError,
     ["groups"]),
    (lambda: symtconv.conv(np.ones((1, 2)), np.ones((1, 1, 2)), stride=10**12), SpecError,
     ["stride"]),
]  # fmt: skip


@pytest.mark.parametrize(("call", "error", "fragments"), API_BAD, ids=lambda v: str(v)[:30])
def test_the_api_raises_symtconv_errors(call: Any, error: type, fragments: list[str]) -> None:
    api_refused(call, error, *fragments)


def test_derive_with_a_bias_on_one_channel_in_text() -> None:
    outcome = run(["derive", "--bias", "1"])
    assert outcome.code == 0 and "y_{0,0} = x_{0,0}*w_{0,0} + b_{0} = 1*1 + 1 = 2" in outcome.out


# ----- class 4: misleading verdicts -----------------------------------------------------------


@pytest.mark.parametrize("value", ["1e400", "-1e400", "1e309", "2.5e99999", "1.8e309"])
def test_floats_beyond_the_range_are_refused_at_the_parser(value: str) -> None:
    outcome = run(["verify", "--input", f"[[{value},1],[1,1]]", "--kernel", "[[1,0],[0,-1]]"])
    assert_refused(outcome, "--input", "beyond the range of floats")


def test_the_largest_float_is_still_a_float() -> None:
    outcome = run(["verify", "--input", "[[1.7e308,1],[1,1]]", "--kernel", "[[1,0],[0,-1]]"])
    assert outcome.code == 0, outcome.err


def test_torch_on_symbolic_data_is_not_applicable() -> None:
    outcome = run(["verify", "--input", "[[a,1],[1,1]]", "--kernel", "[[1,0],[0,-1]]", "--torch"])
    assert outcome.code == 0, outcome.out
    assert "torch           not applicable: symbolic data (torch computes numbers)" in outcome.out
    data = run(["verify", "--input", "[[a,1],[1,1]]", "--kernel", "[[1]]", "--torch", "--format",
                "json"])  # fmt: skip
    assert data.code == 0 and '"not_applicable": "symbolic data' in data.out


@pytest.mark.skipif(not HAS_TORCH, reason="torch not installed")
@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--channels", "3:2:2"], "channels: got 3:2:2"),
        (["--ranks", "4"], "ranks: got 4"),
        (["--sizes", "1", "--kernels", "1", "--paddings", "5"], "no configuration to check"),
    ],
)
def test_an_empty_crosscheck_sweep_is_bad_input(extra: list[str], fragment: str) -> None:
    assert_refused(run(["crosscheck", "--framework", "torch", "--sweep", *extra]), fragment)


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--channels", "3:2:2"], "channels: got 3:2:2"),
        (["--ranks", "4"], "ranks: got 4"),
    ],
)
def test_an_empty_verify_sweep_is_bad_input(extra: list[str], fragment: str) -> None:
    assert_refused(run(["verify", "--sweep", *extra]), fragment)


def test_z3_interrupted_by_ctrl_c_is_an_interrupt() -> None:
    import z3

    from symtconv.prover import smt

    class Interrupted:
        def check(self) -> Any:
            return z3.unknown

        def reason_unknown(self) -> str:
            return "interrupted from keyboard"

    with pytest.raises(KeyboardInterrupt):
        smt._check(Interrupted())


@pytest.mark.parametrize(
    ("target", "argv"),
    [
        ("symtconv.cli.prove.prove", ["prove", "i == i"]),
        ("symtconv.cli.derive.derive", ["derive"]),
        ("symtconv.cli.verify.sweep", ["verify", "--sweep"]),
        ("symtconv.cli.check.check", ["check", "--claimed", "1", "--entry", "0,0"]),
    ],
)
def test_ctrl_c_anywhere_is_interrupted_130(
    monkeypatch: pytest.MonkeyPatch, target: str, argv: list[str]
) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(target, interrupt)
    outcome = run(argv)
    assert outcome.code == 130 and outcome.lines == [f"symtconv {argv[0]}: interrupted"]


def test_ctrl_c_in_a_real_prove_says_interrupted() -> None:
    """SIGINT while z3 works (or, on a slow start, while symtconv imports): never UNKNOWN."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "symtconv", "prove", "x^3 + y^3 != z^3", "--assume", "x >= 1",
         "--assume", "y >= 1", "--assume", "z >= 1", "--timeout", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    time.sleep(4)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, (out, err)
    assert "interrupted" in err and "Traceback" not in err and "UNKNOWN" not in out


def test_ctrl_c_while_symtconv_starts(tmp_path: Path) -> None:
    """An interrupt during the imports: one line, exit 130 (raised at a fixed import)."""
    script = tmp_path / "start.py"
    script.write_text(
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'symtconv.render.printer':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "sys.argv = ['/usr/local/bin/symtconv', 'derive']\n"
        "from symtconv.cli import main\n"
        "sys.exit(main())\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 130 and done.stderr == "symtconv: interrupted\n", done.stderr


def test_an_interrupt_while_a_library_imports_symtconv_is_passed_on(tmp_path: Path) -> None:
    script = tmp_path / "library.py"
    script.write_text(
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'symtconv.engine.derivation':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "import symtconv\n"
        "try:\n"
        "    symtconv.derive  # imported on first use\n"
        "except KeyboardInterrupt:\n"
        "    print('passed on')\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout == "passed on\n", done.stderr


# ----- class 5: silent surprises --------------------------------------------------------------

SURPRISES = [
    ("[[0x10,1],[1,1]]", "'0x10'", "hexadecimal"),
    ("[[0b101,1],[1,1]]", "'0b101'", "directly followed by a letter"),
    ("[[f(1),1],[1,1]]", "'f('", "function calls are not accepted"),
    ("[[sin(x_{0,0}),1],[1,1]]", "'sin('", "function calls"),
    ("[[x_{0,0}(2),1],[1,1]]", "'x_{0,0}('", "function calls"),
    ("[[1+2j,1],[1,1]]", "'2j'", "complex 2j"),
    ("[[2x,1],[1,1]]", "'2x'", "implicit product"),
    ("[[1e5x,1],[1,1]]", "'1e5x'", "directly followed"),
    ("[[3_0,1],[1,1]]", "'3_0'", "directly followed"),
]


@pytest.mark.parametrize(("text", "shown", "what"), SURPRISES)
def test_what_is_not_accepted_is_said(text: str, shown: str, what: str) -> None:
    assert_refused(run(["derive", "--input", text, "--kernel", "[[1]]"]), "--input", shown, what)


def test_juxtaposition_with_a_space_still_multiplies() -> None:
    d = symtconv.derive(symtconv.core.parse.parse_tensor("[[2 a, b c]]"), [[1]])
    a, b, c = sympy.symbols("a b c")
    assert d.output.tolist() == [[2 * a, b * c]]


@pytest.mark.parametrize("option", ["--in-channels", "--out-channels"])
@pytest.mark.parametrize("value", ["0", "-1", "-7"])
def test_zero_or_negative_channels_are_refused(option: str, value: str) -> None:
    argv = ["derive", "--input-shape", "2x2", "--kernel-shape", "2x2", option, value]
    assert_refused(run(argv), f"{option[2:].replace('-', '_')}: got {value}")


INT64 = [
    (np.array([[2**40]]), np.array([[[2**30]]]), 0),
    (np.full((1, 4), 2**40), np.full((1, 1, 4), 2**30), 0),
    (np.full((2, 3, 3), 2**31), np.full((2, 1, 2, 2), -(2**31)), 2**62),
    (np.array([[2**62, -(2**62)]]), np.array([[[3, 3]]]), 2**62),
    (np.array([[2**63 + 5, 1]], dtype=np.uint64), np.array([[[2, 1]]], dtype=np.uint64), 0),
]


@pytest.mark.parametrize(("x", "w", "bias"), INT64, ids=range(len(INT64)))
def test_integer_sums_beyond_int64_are_exact(x: np.ndarray, w: np.ndarray, bias: int) -> None:
    b = np.array([bias] * w.shape[1])
    exact = naive_conv_transpose(x.astype(object), w.astype(object), b.astype(object))
    for fn in (symtconv.conv_transpose, symtconv.conv_transpose_zero_insertion):
        got = fn(x, w, b)
        assert got.shape == exact.shape and [int(v) for v in got.reshape(-1)] == [
            int(v) for v in exact.reshape(-1)
        ]
    fw = np.swapaxes(w, 0, 1)  # (C_out, C_in, *k): a forward convolution of x
    forward = symtconv.conv(x, fw)
    assert [int(v) for v in forward.reshape(-1)] == [
        int(v) for v in naive_conv(x.astype(object), fw.astype(object)).reshape(-1)
    ]


def test_small_integers_stay_int64() -> None:
    y = symtconv.conv_transpose(np.array([[1, 2]]), np.array([[[3, 4]]]))
    assert y.dtype == np.int64 and y.tolist() == [[3, 10, 8]]


#: A value starting with '-' is a value of every option that takes one.
NEGATIVE = [
    (["check", "--claimed", "3", "--entry", "-1,1"], "entry: got -1,1"),
    (["derive", "--padding", "-1"], "padding: got (-1, -1)"),
    (["derive", "--input-shape", "-1x2", "--kernel-shape", "2x2"], "--input-shape: got '-1x2'"),
    (["derive", "--stride", "-2"], "stride: got -2"),
    (["verify", "--sweep", "--paddings", "-1:0"], "paddings: got -1"),
    (["convert", "--from", "onnx", "--input-size", "5", "--kernel-size", "3", "--pads", "-1,0"],
     "pads"),
    (["convert", "--from", "tensorflow", "--input-size", "5", "--kernel-size", "3",
      "--tf-padding", "-1:1", "--output-shape", "10"], "padding"),
    (["derive", "--bias", "-1,2"], "bias: has 2 value(s)"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "fragment"), NEGATIVE, ids=lambda v: str(v)[:40])
def test_a_negative_value_is_a_value(argv: list[str], fragment: str) -> None:
    outcome = run(argv)
    assert "expected one argument" not in outcome.err
    assert_refused(outcome, fragment)


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["check", "--claimed", "-x_{0,0}", "--entry", "0,0"], 1),
        (["check", "--claimed", "-1 2 0; 3 3 -2; 0 -3 -4"], 1),
        (["check", "--claimed", "-x_{0,0}*w_{1,1} + 4", "--entry", "1,1"], 1),
        (["derive", "--bias", "-1"], 0),
        (["derive", "--input", "-1 2; 3 4", "--kernel", "-1 0; 2 1"], 0),
        (["check", "--claimed-size", "-3"], 1),
    ],
)
def test_negative_values_reach_the_answer(argv: list[str], code: int) -> None:
    outcome = run(argv)
    assert outcome.code == code, outcome.err


@pytest.mark.parametrize(
    "argv",
    [
        ["derive", "--stride", "x" * 1_200_000],
        ["derive", "--input", "1 " * 600_001],
        ["derive", "--input", "[[" + "1," * 600_000 + "1]]"],
        ["check", "--claimed", "a" * 1_200_000, "--entry", "0,0"],
        ["prove", "i" * 1_200_000],
        ["verify", "--sweep", "--sizes", "1," * 600_000],
        ["derive", "--padding", ":" * 1_200_000],
        ["shape", "--input-shape", "2x" * 600_000],
    ],
    ids=["stride", "rows", "lists", "claimed", "prove", "sizes", "padding", "shape"],
)
def test_a_long_value_is_quoted_by_a_short_prefix(argv: list[str]) -> None:
    outcome = run(argv)
    assert_refused(outcome)
    assert len(outcome.err) < 400, len(outcome.err)


def test_the_spec_bound_is_the_int32_range() -> None:
    assert MAX_SIZE == 2**31 - 1
    symtconv.ConvSpec.create(1, 1, stride=MAX_SIZE)
    with pytest.raises(SpecError, match="at most 2,147,483,647"):
        symtconv.ConvSpec.create(1, 1, stride=MAX_SIZE + 1)
