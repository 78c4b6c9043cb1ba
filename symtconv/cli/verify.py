"""``symtconv verify``: every method agrees with the literal matrix product."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..parse import parse_range
from ..verify import METHODS, SweepGrid, SweepReport, VerifyReport, sweep, verify
from .options import add_format, add_spec_options, emit, spec_kwargs

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Register the subcommand."""
    parser = sub.add_parser(
        "verify",
        help="check C^T x against scatter-add, zero-insertion, the adjoint identity (and torch)",
        description=(
            "Compute the result by every method and compare with the literal matrix product "
            "(exactly for integer and rational data), and check <C u, v> = <u, C^T v>. "
            "Shapes only: random integer data. --sweep: a grid of configurations."
        ),
    )
    add_spec_options(parser)
    parser.add_argument(
        "--method",
        action="append",
        choices=sorted(METHODS),
        help="run only these methods besides 'matrix' (repeatable; torch needs PyTorch)",
    )
    parser.add_argument("--torch", action="store_true", help="also compare with PyTorch")
    parser.add_argument("--seed", type=int, default=0, help="seed for random data (default 0)")
    sw = parser.add_argument_group("sweep (ranges like 1:3 or lists like 1,2,5)")
    sw.add_argument("--sweep", action="store_true", help="verify a grid of configurations")
    defaults = SweepGrid()
    for name, help_text in (
        ("ranks", "spatial ranks"),
        ("sizes", "input sizes"),
        ("kernels", "kernel sizes"),
        ("strides", "strides"),
        ("paddings", "padding amounts (every lo, hi pair)"),
        ("dilations", "dilations"),
    ):
        default = getattr(defaults, name)
        sw.add_argument(
            f"--{name}",
            default=",".join(map(str, default)),
            help=f"{help_text} (default {','.join(map(str, default))})",
        )
    sw.add_argument(
        "--no-progress", action="store_true", help="no progress bar (it shows on a terminal)"
    )
    add_format(parser)


def run(args: argparse.Namespace) -> int:
    """Verify one configuration or a sweep; exit 1 on any disagreement."""
    methods = list(args.method) if args.method else None
    report: SweepReport | VerifyReport
    if args.sweep:
        grid = SweepGrid(
            ranks=parse_range("--ranks", args.ranks),
            sizes=parse_range("--sizes", args.sizes),
            kernels=parse_range("--kernels", args.kernels),
            strides=parse_range("--strides", args.strides),
            paddings=parse_range("--paddings", args.paddings),
            dilations=parse_range("--dilations", args.dilations),
        )
        show = sys.stderr.isatty() and not args.no_progress
        report = sweep(
            grid,
            methods=methods,
            with_torch=args.torch,
            seed=args.seed,
            progress=_bar if show else None,
        )
        if show:
            sys.stderr.write("\n")
    else:
        report = verify(**spec_kwargs(args), methods=methods, with_torch=args.torch, seed=args.seed)
    emit(report, args.format)
    return 0 if report.ok else 1


def _bar(done: int, total: int) -> None:
    width = 40
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    sys.stderr.flush()
