"""``symtconv shape``: size formulas, general and evaluated, and their preimages."""

from __future__ import annotations

import argparse

from ..core import cost
from ..core.operands import read_spec
from ..core.shapes import ShapeReport, shape_report
from .command import Command
from .options import add_limit, spec_kwargs

__all__ = ["Shape"]


class Shape(Command):
    """The size formulas of a spec and the sizes that share its output size."""

    name = "shape"
    description = (
        "Show the output size formula (general, simplified, with the numbers) and, for the "
        "forward map, every input size that gives the same output size with the "
        "output_padding that recovers each. Shapes default to the seed example's."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The limit on the sizes listed."""
        add_limit(
            parser,
            cost.MAX_SIZES,
            cost.MAX_SIZES.default,
            "refuse a report that lists more input sizes (a stride of millions lists millions)",
        )

    def result(self, args: argparse.Namespace) -> ShapeReport:
        """The shape report of the spec (the seed example's shapes when none are given)."""
        kwargs = spec_kwargs(args)
        if all(kwargs[k] is None for k in ("input", "kernel", "input_shape", "kernel_shape")):
            kwargs["input_shape"] = (3, 3) if kwargs["forward"] else (2, 2)
            kwargs["kernel_shape"] = (2, 2)
        return shape_report(read_spec(**kwargs), max_sizes=args.max_sizes)
