"""The base of a subcommand: its entry in the parser, the shared options, writing its result.

A subcommand is a :class:`Command` subclass that says only what is its own: its
name and description as class attributes (its line in ``symtconv --help`` is
its entry in :data:`symtconv.cli.COMMANDS`), its options in
:meth:`~Command.add_arguments`, its result in :meth:`~Command.result` and, for
a yes/no answer, its exit code in :meth:`~Command.exit_code`.  The base adds
the spec options (:func:`~symtconv.cli.options.add_spec_options`) before the
command's own and ``--format`` after them, and writes the result in the chosen
format to ``-o``/``--output`` (where the command has it) or stdout.  A command
whose output is not one result overrides :meth:`~Command.run`.

Examples:
    >>> import argparse
    >>> from symtconv import ConvSpec, shape_report
    >>> class Seed(Command):
    ...     name = "seed"
    ...     description = "the seed example's shape report"
    ...     spec_options = False
    ...     def result(self, args):
    ...         return shape_report(ConvSpec.create((2, 2), (2, 2)))
    >>> sub = argparse.ArgumentParser().add_subparsers()
    >>> args = Seed().add_parser(sub, "a shape report").parse_args(["--format", "json"])
    >>> Seed().run(args)  # doctest: +ELLIPSIS
    {
      "spec": ...
    0
"""

from __future__ import annotations

import argparse
from typing import Any, ClassVar

from .options import add_format, add_spec_options, emit

__all__ = ["Command"]


class Command:
    """One subcommand of ``symtconv``.

    Attributes:
        name: the subcommand's name.
        description: the paragraph of ``symtconv NAME --help``.
        epilog: text after its options (None: none).
        formats: the ``--format`` choices, the first the default (``()``: no ``--format``).
        spec_options: whether it takes the spec options (the convolution and its operands).
        forward_option: with the spec options, whether ``--forward`` is one of them.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    epilog: ClassVar[str | None] = None
    formats: ClassVar[tuple[str, ...]] = ("text", "json")
    spec_options: ClassVar[bool] = True
    forward_option: ClassVar[bool] = True

    def add_parser(self, sub: Any, help: str | None = None) -> argparse.ArgumentParser:
        """Register the subcommand with ``sub`` (argparse's subparsers); returns its parser.

        ``help`` is its line in the list of subcommands.
        """
        parser: argparse.ArgumentParser = sub.add_parser(
            self.name, help=help, description=self.description, epilog=self.epilog
        )
        if self.spec_options:
            add_spec_options(parser, forward=self.forward_option)
        self.add_arguments(parser)
        if self.formats:
            add_format(parser, self.formats)
        return parser

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The subcommand's own options (none by default)."""

    def result(self, args: argparse.Namespace) -> Any:
        """The result the parsed options ask for (subclasses that use :meth:`run` define it)."""
        raise TypeError(f"{type(self).__name__}: a command defines result() or overrides run()")

    def exit_code(self, result: Any) -> int:
        """The exit code of a result: 0, or 1 for a negative answer the user asked about."""
        return 0

    def write_options(self, args: argparse.Namespace) -> dict[str, Any]:
        """Options of the format's writer (e.g. a document's language); none by default."""
        return {}

    def run(self, args: argparse.Namespace) -> int:
        """Compute the result, write it in ``args.format``, return its exit code."""
        result = self.result(args)
        emit(result, args.format, getattr(args, "output", None), **self.write_options(args))
        return self.exit_code(result)
