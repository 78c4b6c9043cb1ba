"""The ``symtconv`` command line: parse, call the library, print.

Each subcommand lives in its own module: a :class:`~.command.Command` subclass
with ``add_parser(subparsers, help)`` and ``run(args) -> int``; :data:`COMMANDS`
lists them, and only the one that runs is imported.  Exit codes: 0 success,
1 a negative answer the user asked about (a disagreement, a wrong claim),
2 bad input (one line on stderr, never a traceback), 3 an unknown answer
(``prove`` only), 4 an internal error.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple, NoReturn

from .. import __version__
from ..errors import SymtconvError

if TYPE_CHECKING:
    from .command import Command

__all__ = ["COMMANDS", "EXIT_BAD_INPUT", "ArgumentParser", "Entry", "get_command", "main"]

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 4


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
    """argparse with one-line errors (exit 2) instead of usage dumps."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


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

    Examples:
        >>> main(["shape", "--input-shape", "5", "--kernel-shape", "3", "--stride", "2",
        ...       "--format", "json"]) == 0  # doctest: +ELLIPSIS
        {...
        True
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser(_selected(arguments)).parse_args(arguments)
        if args.command is None:
            args = build_parser("derive").parse_args(["derive"])
    except SystemExit as exc:  # --help, --version, or a usage error (already printed)
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    try:
        return int(get_command(args.command).run(args))
    except SymtconvError as exc:
        print(f"symtconv {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # e.g. `symtconv verify --sweep | head -1`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(f"symtconv {args.command}: interrupted", file=sys.stderr)
        return 130
    except MemoryError:
        print(
            f"symtconv {args.command}: error: out of memory; try a smaller shape or the "
            "numeric commands",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug: one line, the traceback only on request
        if os.environ.get("SYMTCONV_DEBUG"):
            raise
        print(
            f"symtconv {args.command}: internal error: {type(exc).__name__}: {exc} "
            "(please report it; set SYMTCONV_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
