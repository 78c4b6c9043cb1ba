"""``symtconv check``: check a hand calculation, point at the wrong entries,
name the likely mistake.  Exit 0 correct, 1 wrong, 2 bad input."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..core import cost
from ..core.lexer import clip
from ..core.limits import read_int
from ..core.parse import parse_int_tuple
from ..errors import ParseError, SpecError
from ..handcheck.checker import DEFAULT_TOLERANCE, MAX_ELEMENTS, MAX_NONZEROS, check
from ..handcheck.mistakes import MISTAKES
from ..handcheck.report import CheckReport
from .command import Command
from .options import add_limit, read_text_file, spec_kwargs

__all__ = ["Check"]


class Check(Command):
    """A hand calculation against the derivation; exit 1 when it is wrong."""

    name = "check"
    description = (
        "Compare what you computed with the derivation (exactly; floats to a tolerance), "
        "show each wrong entry with the products that make it up, and recompute the answer "
        "under the usual mistakes to name the likely one. With no operands: the seed "
        "example. Exit 0 correct, 1 wrong, 2 bad input."
    )
    epilog = "mistakes: " + "; ".join(f"{k}: {m.description}" for k, m in MISTAKES.items())
    formats = ("text", "json", "latex")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """What is claimed, the tolerance, the size limit, the output file, the note's language."""
        g = parser.add_argument_group("what you claim (at least one)")
        g.add_argument(
            "--claimed",
            metavar="M",
            help="the whole output: [[1,2],[3,4]], rows '1 2; 3 4' or a pasted LaTeX "
            "bmatrix/pmatrix; entries numbers, fractions, expressions in x_{i,j}/w_{a,b}/b_{c}, "
            "or ? (not computed). With --entry: one entry",
        )
        g.add_argument("--entry", metavar="I,J", help="the output index --claimed gives (0-based)")
        g.add_argument(
            "--claimed-size",
            metavar="N[,M...]",
            help="the output size (one value: every dimension)",
        )
        g.add_argument(
            "--claimed-steps",
            metavar="FILE",
            help="the placements as a JSON list ('-' for stdin): objects with keys input, value, "
            "at, block, sum (any of them), or bare blocks; in row-major input order unless each "
            "names its input",
        )
        parser.add_argument(
            "--tolerance",
            type=float,
            default=DEFAULT_TOLERANCE,
            metavar="T",
            help=f"relative tolerance where a float is compared (default {DEFAULT_TOLERANCE:g}); "
            "integers, fractions and expressions are compared exactly",
        )
        for limit, default, text in (
            (cost.MAX_NONZEROS, MAX_NONZEROS, "refuse a C with more nonzeros"),
            (cost.MAX_ELEMENTS, MAX_ELEMENTS, "refuse more entries in the input, kernel, output"),
            (
                cost.MAX_TERMS,
                cost.MAX_TERMS.default,
                "refuse a claimed value of more terms, expanded",
            ),
        ):
            add_limit(parser, limit, default, text)
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="write the report here (latex: the .tex)"
        )
        parser.add_argument(
            "--lang",
            choices=("en", "zh"),
            default="en",
            help="language of the LaTeX note (default en)",
        )

    def result(self, args: argparse.Namespace) -> CheckReport:
        """The check of what the options claim."""
        if args.entry is not None and args.claimed is None:
            raise SpecError("--entry: given without --claimed (the entry's value)")
        if args.claimed is None and args.claimed_size is None and args.claimed_steps is None:
            raise SpecError(
                "--claimed, --claimed-size or --claimed-steps: give at least one thing to check"
            )
        entry = parse_int_tuple("--entry", args.entry) if args.entry is not None else None
        size = (
            parse_int_tuple("--claimed-size", args.claimed_size)
            if args.claimed_size is not None
            else None
        )
        steps = _read_steps(args.claimed_steps) if args.claimed_steps is not None else None
        return check(
            args.claimed,
            entry=entry,
            claimed_size=size,
            claimed_steps=steps,
            tolerance=args.tolerance,
            max_nonzeros=args.max_nonzeros,
            max_elements=args.max_elements,
            max_terms=args.max_terms,
            **spec_kwargs(args),
        )

    def exit_code(self, result: CheckReport) -> int:
        """0 when the claim is correct, else 1."""
        return 0 if result.correct else 1

    def write_options(self, args: argparse.Namespace) -> dict[str, Any]:
        """The LaTeX note's language."""
        return {"lang": args.lang} if args.format == "latex" else {}


def _read_steps(path: str) -> Any:
    """The steps file (``-``: stdin) as JSON data, read no further than the text limit.

    Raises:
        SpecError: the file cannot be read, or is too long.
        ParseError: not UTF-8 JSON, nested too deeply, or an integer of too many digits.
    """
    text = read_text_file(path, "--claimed-steps")
    try:
        return json.loads(text, parse_int=lambda digits: read_int(digits, "--claimed-steps"))
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"--claimed-steps: {clip(path)} is not JSON ({exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}); expected a list of steps"
        ) from None
    except RecursionError:
        raise ParseError(
            f"--claimed-steps: {clip(path)} is nested too deeply; a step holds at most a "
            "tensor of 5 axes"
        ) from None
