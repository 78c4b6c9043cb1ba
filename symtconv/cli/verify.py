"""``symtconv verify``: every method agrees with the literal matrix product."""

from __future__ import annotations

import argparse

from ..core import cost
from ..engine import sweeps, verification
from ..engine.sweeps import SweepGrid, SweepReport, sweep
from ..engine.verification import METHODS, VerifyReport, verify
from .command import Command
from .options import add_limit, add_sweep_options, progress, spec_kwargs, sweep_grid

__all__ = ["Verify"]


class Verify(Command):
    """One configuration or a sweep, by every method; exit 1 on any disagreement."""

    name = "verify"
    description = (
        "Compute the result by every method and compare with the literal matrix product "
        "(exactly for integer and rational data), and check <C u, v> = <u, C^T v>. "
        "Shapes only: random integer data. --sweep: a grid of configurations."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The methods, torch, the seed, the sweep."""
        parser.add_argument(
            "--method",
            action="append",
            choices=sorted(METHODS),
            help="run only these methods besides 'matrix' (repeatable; torch needs PyTorch)",
        )
        parser.add_argument("--torch", action="store_true", help="also compare with PyTorch")
        parser.add_argument("--seed", type=int, default=0, help="seed for random data (default 0)")
        add_limit(
            parser,
            cost.MAX_NONZEROS,
            None,
            "refuse a C with more nonzeros (with --sweep: the configurations times the largest C)",
            f"{verification.MAX_NONZEROS:,}; with --sweep {sweeps.MAX_NONZEROS:,}",
        )
        add_limit(
            parser,
            cost.MAX_ELEMENTS,
            verification.MAX_ELEMENTS,
            "refuse more entries in the input, kernel and output",
        )
        add_sweep_options(parser, "verify", SweepGrid().channels)

    def result(self, args: argparse.Namespace) -> SweepReport | VerifyReport:
        """The verification report of the spec, or of the sweep's grid."""
        methods = list(args.method) if args.method else None
        if args.sweep:
            return sweep(
                sweep_grid(args, forward=True),
                methods=methods,
                with_torch=args.torch,
                seed=args.seed,
                progress=progress(args),
                max_configurations=args.max_configurations,
                max_nonzeros=args.max_nonzeros or sweeps.MAX_NONZEROS,
            )
        return verify(
            **spec_kwargs(args),
            methods=methods,
            with_torch=args.torch,
            seed=args.seed,
            max_nonzeros=args.max_nonzeros or verification.MAX_NONZEROS,
            max_elements=args.max_elements,
        )

    def exit_code(self, result: SweepReport | VerifyReport) -> int:
        """0 when every method agrees, else 1."""
        return 0 if result.ok else 1
