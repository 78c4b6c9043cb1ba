"""The ``symtconv`` command line: parse, call the library, print.

Each subcommand lives in its own module: a :class:`~.command.Command` subclass
(or a module) with ``add_parser(subparsers)`` and ``run(args) -> int``;
:data:`COMMANDS` lists them.  Exit codes: 0 success,
1 a negative answer the user asked about (a disagreement, a wrong claim),
2 bad input (one line on stderr, never a traceback), 3 an unknown answer
(``prove`` only), 4 an internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from .. import __version__
from ..errors import SymtconvError
from .audit import Audit
from .check import Check
from .command import Command
from .convert import Convert
from .crosscheck import Crosscheck
from .derive import Derive
from .gallery import Gallery
from .lint import Lint
from .overlap import Overlap
from .prove import Prove
from .shape import Shape
from .verify import Verify

__all__ = ["COMMANDS", "EXIT_BAD_INPUT", "ArgumentParser", "main"]

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 4


#: Subcommand name -> the subcommand, in the order of ``symtconv --help``.
COMMANDS: dict[str, Command] = {
    "derive": Derive(),
    "shape": Shape(),
    "verify": Verify(),
    "convert": Convert(),
    "crosscheck": Crosscheck(),
    "audit": Audit(),
    "check": Check(),
    "gallery": Gallery(),
    "prove": Prove(),
    "overlap": Overlap(),
    "lint": Lint(),
}


class ArgumentParser(argparse.ArgumentParser):
    """argparse with one-line errors (exit 2) instead of usage dumps."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> ArgumentParser:
    """The top-level parser with every subcommand."""
    parser = ArgumentParser(
        prog="symtconv",
        description="Derive, verify, prove and check transposed convolutions.",
    )
    parser.add_argument("--version", action="version", version=f"symtconv {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)
    for command in COMMANDS.values():
        command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Examples:
        >>> main(["shape", "--input-shape", "5", "--kernel-shape", "3", "--stride", "2",
        ...       "--format", "json"]) == 0  # doctest: +ELLIPSIS
        {...
        True
    """
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        if args.command is None:
            args = parser.parse_args(["derive"])
    except SystemExit as exc:  # --help, --version, or a usage error (already printed)
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    try:
        return int(COMMANDS[args.command].run(args))
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
