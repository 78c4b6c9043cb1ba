"""``symtconv check``: check a hand calculation, point at the wrong entries,
name the likely mistake.  Exit 0 correct, 1 wrong, 2 bad input."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..core.matrix import DEFAULT_MAX_NONZEROS
from ..core.parse import parse_int_tuple
from ..errors import ParseError, SpecError
from ..handcheck.checker import DEFAULT_TOLERANCE, check
from ..handcheck.mistakes import MISTAKES
from .options import add_format, add_spec_options, emit, spec_kwargs, write_output

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    parser = sub.add_parser(
        "check",
        help="check a hand calculation: wrong entries, their terms, the likely mistake",
        description=(
            "Compare what you computed with the derivation (exactly; floats to a tolerance), "
            "show each wrong entry with the products that make it up, and recompute the answer "
            "under the usual mistakes to name the likely one. With no operands: the seed "
            "example. Exit 0 correct, 1 wrong, 2 bad input."
        ),
        epilog="mistakes: " + "; ".join(f"{k}: {m.description}" for k, m in MISTAKES.items()),
    )
    add_spec_options(parser)
    g = parser.add_argument_group("what you claim (at least one)")
    g.add_argument(
        "--claimed",
        metavar="M",
        help="the whole output: [[1,2],[3,4]], rows '1 2; 3 4' or a pasted LaTeX bmatrix/pmatrix; "
        "entries numbers, fractions, expressions in x_{i,j}/w_{a,b}/b_{c}, or ? (not computed). "
        "With --entry: one entry. Start with '-'? write --claimed=-1",
    )
    g.add_argument("--entry", metavar="I,J", help="the output index --claimed gives (0-based)")
    g.add_argument(
        "--claimed-size", metavar="N[,M...]", help="the output size (one value: every dimension)"
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
    parser.add_argument(
        "--max-nonzeros",
        type=int,
        default=DEFAULT_MAX_NONZEROS,
        metavar="N",
        help=f"refuse a C with more nonzeros (default {DEFAULT_MAX_NONZEROS:,})",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the report here (latex: the .tex)"
    )
    parser.add_argument(
        "--lang", choices=("en", "zh"), default="en", help="language of the LaTeX note (default en)"
    )
    add_format(parser, ("text", "json", "latex"))


def _read_steps(path: str) -> Any:
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as exc:
        raise SpecError(f"--claimed-steps: cannot read {path!r}: {exc.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"--claimed-steps: {path!r} is not JSON ({exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}); expected a list of steps"
        ) from None


def run(args: argparse.Namespace) -> int:
    """Check and print; 0 correct, 1 wrong."""
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
    report = check(
        args.claimed,
        entry=entry,
        claimed_size=size,
        claimed_steps=steps,
        tolerance=args.tolerance,
        max_nonzeros=args.max_nonzeros,
        **spec_kwargs(args),
    )
    if args.format == "latex":
        write_output(report.to_latex(args.lang), args.output)
    elif args.output is not None:
        text = report.to_json() if args.format == "json" else str(report)
        write_output(text, args.output)
    else:
        emit(report, args.format)
    return 0 if report.correct else 1
