"""``symtconv derive``: transposed convolution literally as C^T x (or C x)."""

from __future__ import annotations

import argparse
from typing import Any

from ..derive import derive
from ..matrix import DEFAULT_MAX_NONZEROS
from .options import add_format, add_spec_options, emit, spec_kwargs

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    parser = sub.add_parser(
        "derive",
        help="derive y = C^T x (the seed example when given no operands)",
        description=(
            "Build the convolution matrix C and derive the transposed convolution as C^T x, "
            "entry by entry, with the size formula. With no operands: the seed example "
            "(input [[1,2],[3,4]], kernel [[1,0],[0,-1]]); with --forward and no operands: "
            "its forward recap."
        ),
    )
    add_spec_options(parser)
    parser.add_argument(
        "--max-nonzeros",
        type=int,
        default=DEFAULT_MAX_NONZEROS,
        metavar="N",
        help=f"refuse a C with more nonzeros (default {DEFAULT_MAX_NONZEROS:,})",
    )
    add_format(parser)


def run(args: argparse.Namespace) -> int:
    """Derive and print."""
    d = derive(**spec_kwargs(args), max_nonzeros=args.max_nonzeros)
    emit(d, args.format)
    return 0
