"""``symtconv verify``: every method agrees with the literal matrix product."""

from __future__ import annotations

import argparse
from typing import Any

from ..engine.sweeps import SweepGrid, SweepReport, sweep
from ..engine.verification import METHODS, VerifyReport, verify
from .options import (
    add_format,
    add_spec_options,
    add_sweep_options,
    emit,
    progress,
    spec_kwargs,
    sweep_grid,
)

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
    add_sweep_options(parser, "verify", SweepGrid().channels)
    add_format(parser)


def run(args: argparse.Namespace) -> int:
    """Verify one configuration or a sweep; exit 1 on any disagreement."""
    methods = list(args.method) if args.method else None
    report: SweepReport | VerifyReport
    if args.sweep:
        report = sweep(
            sweep_grid(args, forward=True),
            methods=methods,
            with_torch=args.torch,
            seed=args.seed,
            progress=progress(args),
        )
    else:
        report = verify(**spec_kwargs(args), methods=methods, with_torch=args.torch, seed=args.seed)
    emit(report, args.format)
    return 0 if report.ok else 1
