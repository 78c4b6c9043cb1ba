"""The ``symtconv`` command line: parse, call the library, print.

Each subcommand lives in its own module: a :class:`~.command.Command` subclass
with ``add_parser(subparsers, help)`` and ``run(args) -> int``; :data:`COMMANDS`
lists them, and only the one that runs is imported.  Exit codes: 0 success,
1 a negative answer the user asked about (a disagreement, a wrong claim),
2 bad input (one line on stderr, never a traceback), 3 an unknown answer
(``prove`` only), 4 an internal error, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import errno
import functools
import importlib
import math
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

from .. import __version__
from ..core.lexer import clip
from ..core.limits import read_int
from ..errors import ParseError, SymtconvError

if TYPE_CHECKING:
    from .command import Command

__all__ = ["COMMANDS", "EXIT_BAD_INPUT", "ArgumentParser", "Entry", "get_command", "main"]

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 4
EXIT_INTERRUPTED = 130


class Entry(NamedTuple):
    """A subcommand in :data:`COMMANDS`.

    Attributes:
        where: its :class:`~.command.Command` subclass, ``"module:Class"`` in this package.
        help: its line in ``symtconv --help``.
    """

    where: str
    help: str


#: Subcommand name -> the subcommand, in the order of ``symtconv --help``.  A command's
#: module is imported only when the command is run (or asked for its own --help), so
#: ``symtconv --help``, ``--version`` and a mistyped command load neither SymPy nor NumPy.
COMMANDS: dict[str, Entry] = {
    "derive": Entry("derive:Derive", "derive y = C^T x (the seed example when given no operands)"),
    "shape": Entry(
        "shape:Shape",
        "size formulas: general, substituted, evaluated; sizes that share an output size",
    ),
    "verify": Entry(
        "verify:Verify",
        "check C^T x against scatter-add, zero-insertion, the adjoint identity (and torch)",
    ),
    "convert": Entry(
        "convert:Convert",
        "a transposed-convolution layer in the terms of every framework (PyTorch, ONNX, ...)",
    ),
    "crosscheck": Entry(
        "crosscheck:Crosscheck",
        "run a real library on random integer data and compare with symtconv exactly",
    ),
    "audit": Entry(
        "audit:Audit",
        "every ConvTranspose node of an ONNX model: its canonical form, size, runtimes",
    ),
    "check": Entry(
        "check:Check", "check a hand calculation: wrong entries, their terms, the likely mistake"
    ),
    "gallery": Entry(
        "gallery:Gallery",
        "write the example documents (.tex and .md, en and zh) into derivations/",
    ),
    "prove": Entry(
        "prove:Prove",
        "prove size formulas for all integers (or refute them with a counterexample)",
    ),
    "overlap": Entry(
        "overlap:Overlap",
        "count the products per output position, the stride phases, checkerboards",
    ),
    "lint": Entry(
        "lint:Lint",
        "check the worked examples, equations, size formulas and claims of a document",
    ),
}


@functools.cache
def get_command(name: str) -> Command:
    """The subcommand ``name`` (its module imported on first use).

    Examples:
        >>> get_command("shape").name
        'shape'
    """
    module, cls = COMMANDS[name].where.split(":")
    made: Command = getattr(importlib.import_module(f".{module}", __name__), cls)()
    return made


class ArgumentParser(argparse.ArgumentParser):
    """argparse with one-line errors (exit 2), safe numbers, and values that start with ``-``.

    * ``type=int`` reads through :func:`~symtconv.core.limits.read_int` (a digit limit
      and a clear message), ``type=float`` refuses ``nan`` and ``inf``;
    * every option that takes a value accepts one that starts with ``-``
      (``--entry -1,1``, ``--padding -1``, ``--claimed -x_{0,0}``): a word starting
      with a single ``-`` that is no option of the parser is a value, as in getopt;
    * an error is one line, ``prog: error: message (see prog --help)``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register("type", int, integer_value)
        self.register("type", float, finite_value)

    def _parse_optional(self, arg_string: str) -> Any:
        result = super()._parse_optional(arg_string)
        if arg_string.startswith("-") and not arg_string.startswith("--") and _unknown(result):
            return None  # a value such as -1,1 or -x_{0,0}, not an option
        return result

    def print_help(self, file: Any = None) -> None:
        """argparse's help, but a closed stdout is an error (argparse writes nothing)."""
        if file is None and sys.stdout is None:
            raise OSError(errno.EBADF, "standard output is closed")
        super().print_help(file)

    def _print_message(self, message: str, file: Any = None) -> None:
        """Write help, usage or an error; unlike argparse, a failed write is an error."""
        if message and file is not None:
            file.write(message)

    def error(self, message: str) -> NoReturn:
        self.exit(
            EXIT_BAD_INPUT, one_line(f"{self.prog}: error: {message} (see {self.prog} --help)")
        )


def _unknown(parsed: Any) -> bool:
    """Whether argparse read a word as an option it does not know (its forms differ by version)."""
    if isinstance(parsed, tuple):
        return parsed[0] is None
    if isinstance(parsed, list):
        return all(item[0] is None for item in parsed)
    return False


def integer_value(text: str) -> int:
    """An integer option's value (argparse's ``type=int``).

    Raises:
        argparse.ArgumentTypeError: not an integer, or too many digits.
    """
    try:
        return read_int(text, "value")
    except ParseError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("value: ")) from None


def finite_value(text: str) -> float:
    """A number option's value (argparse's ``type=float``): finite.

    Raises:
        argparse.ArgumentTypeError: not a number, or nan or infinite.
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"got {clip(text)}; must be a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"got {clip(text)}; must be a finite number")
    return value


#: Longest message line printed (a longer one is cut: a message quotes only short prefixes).
MAX_MESSAGE = 500


def one_line(message: str) -> str:
    """A message as one line of at most :data:`MAX_MESSAGE` characters, with its newline."""
    text = " ".join(message.splitlines())
    if len(text) > MAX_MESSAGE:
        text = text[: MAX_MESSAGE - 3] + "..."
    return text + "\n"


def _say(message: str) -> None:
    """One line on stderr (nothing when stderr is closed)."""
    if sys.stderr is not None:
        try:
            sys.stderr.write(one_line(message))
            sys.stderr.flush()
        except OSError:
            pass


def build_parser(selected: str | None = None) -> ArgumentParser:
    """The top-level parser: every subcommand, with its options for ``selected`` only
    (the others are listed, their modules not imported)."""
    parser = ArgumentParser(
        prog="symtconv",
        description="Derive, verify, prove and check transposed convolutions.",
    )
    parser.add_argument("--version", action="version", version=f"symtconv {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)
    for name, entry in COMMANDS.items():
        if name == selected:
            get_command(name).add_parser(sub, help=entry.help)
        else:
            sub.add_parser(name, help=entry.help, add_help=False)
    return parser


def _selected(argv: list[str]) -> str | None:
    """The subcommand the arguments name (the first one; options come after it)."""
    return argv[0] if argv and argv[0] in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Every symtconv error, and an operating-system error on the output (a file, a
    read-only folder, a full or closed standard output), is one line on stderr and
    exit 2; Ctrl-C anywhere (start-up included) is "interrupted" and exit 130;
    running out of memory names the estimate of what was too big; anything else is
    an internal error (4).

    Examples:
        >>> main(["shape", "--input-shape", "5", "--kernel-shape", "3", "--stride", "2",
        ...       "--format", "json"]) == 0  # doctest: +ELLIPSIS
        {...
        True
    """
    name = "symtconv"
    _cost("forget_estimates")
    try:
        arguments = list(sys.argv[1:] if argv is None else argv)
        try:
            args = build_parser(_selected(arguments)).parse_args(arguments)
            if args.command is None:
                args = build_parser("derive").parse_args(["derive"])
        except SystemExit as exc:  # --help, --version, or a usage error (already printed)
            _flush_stdout()
            return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
        name = f"symtconv {args.command}"
        code = int(get_command(args.command).run(args))
        _flush_stdout()
        return code
    except SymtconvError as exc:
        _say(f"{name}: error: {exc}")
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # e.g. `symtconv verify --sweep | head -1`: stop quietly
        _silence_stdout()
        return 0
    except OSError as exc:  # the output: a file, a read-only folder, a full or closed stdout
        if exc.filename is None:
            _silence_stdout()
        _say(f"{name}: error: {_os_error(exc)}")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _say(f"{name}: interrupted")
        return EXIT_INTERRUPTED
    except MemoryError:
        estimate = _cost("last_estimate")
        what = (
            estimate.describe()
            if estimate is not None
            else "the computation (no estimate was made for it: please report it)"
        )
        _say(
            f"{name}: error: out of memory: {what}; this machine cannot hold it: give smaller "
            "sizes (or keep the default limits)"
        )
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug: one line, the traceback only on request
        if os.environ.get("SYMTCONV_DEBUG"):
            raise
        _say(
            f"{name}: internal error: {type(exc).__name__}: {exc} "
            "(please report it; set SYMTCONV_DEBUG=1 for the traceback)"
        )
        return EXIT_INTERNAL


def _os_error(exc: OSError) -> str:
    """What an operating-system error says, with the file it concerns."""
    reason = exc.strerror or type(exc).__name__
    if exc.filename is not None:
        return f"cannot write or read {clip(str(exc.filename))}: {reason}"
    return f"cannot write the output: {reason}"


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that nothing buffered fails again at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


def _flush_stdout() -> None:
    """Flush stdout now, so that a full disk or a closed pipe is an error of the command."""
    if sys.stdout is not None:
        sys.stdout.flush()


def _cost(function: str) -> Any:
    """Call a function of :mod:`symtconv.core.cost` if a command loaded it (else None): the
    estimates live there, and importing it here would load NumPy for ``symtconv --help``."""
    module = sys.modules.get("symtconv.core.cost")
    return getattr(module, function)() if module is not None else None
