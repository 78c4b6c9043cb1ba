"""``symtconv shape``: size formulas, general and evaluated, and their preimages."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.operands import read_operands
from ..core.shapes import shape_report
from .options import add_format, add_spec_options, emit, spec_kwargs

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    parser = sub.add_parser(
        "shape",
        help="size formulas: general, substituted, evaluated; sizes that share an output size",
        description=(
            "Show the output size formula (general, simplified, with the numbers) and, for the "
            "forward map, every input size that gives the same output size with the "
            "output_padding that recovers each. Shapes default to the seed example's."
        ),
    )
    add_spec_options(parser)
    add_format(parser)


def run(args: argparse.Namespace) -> int:
    """Compute and print the sizes."""
    kwargs = spec_kwargs(args)
    if all(kwargs[k] is None for k in ("input", "kernel", "input_shape", "kernel_shape")):
        kwargs["input_shape"] = (3, 3) if kwargs["forward"] else (2, 2)
        kwargs["kernel_shape"] = (2, 2)
    spec = read_operands(**kwargs)[0]
    emit(shape_report(spec), args.format)
    return 0
