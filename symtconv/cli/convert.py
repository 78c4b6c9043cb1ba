"""``symtconv convert``: one layer in every framework's terms."""

from __future__ import annotations

import argparse

from ..core import cost
from ..core.parse import parse_shape
from ..errors import SpecError
from ..frameworks import FRAMEWORKS, get_framework
from ..frameworks.convert import Conversion, convert
from .command import Command
from .framework_options import add_framework_options, framework_params
from .options import add_limit

__all__ = ["Convert"]


def _sizes(flag: str, text: str) -> tuple[int, ...]:
    return parse_shape(flag, text.replace(",", "x"))


class Convert(Command):
    """One layer in every framework's terms; exit 1 if an equivalent fails its numeric check."""

    name = "convert"
    description = (
        "Read a layer in one framework's own parameter names (--from), show its canonical "
        "form (per dimension: input, kernel, stride, dilation, pads (lo, hi), "
        "output_padding, output size) and the equivalent parameters in every framework, "
        "or the exact workaround (the layer plus an explicit crop or zero-pad) where one "
        "cannot express it; then run every equivalent through symtconv on random integer "
        "data and check it gives exactly the same numbers."
    )
    spec_options = False

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The source framework, the layer, its parameters, the check."""
        parser.add_argument(
            "--from",
            dest="source",
            required=True,
            metavar="FRAMEWORK",
            help=f"the framework the parameters are in: {', '.join(FRAMEWORKS)}",
        )
        g = parser.add_argument_group("the layer")
        g.add_argument(
            "--input-size", required=True, metavar="N", help="spatial input size: 5 or 5,5"
        )
        g.add_argument("--kernel-size", required=True, metavar="K", help="kernel size: 3 or 3,3")
        g.add_argument("--in-channels", type=int, default=1, metavar="C")
        g.add_argument("--out-channels", type=int, default=1, metavar="C")
        fw = parser.add_argument_group("the framework's parameters (its own names)")
        add_framework_options(fw, shared=True)
        parser.add_argument("--no-check", action="store_true", help="skip the numeric check")
        parser.add_argument(
            "--seed", type=int, default=0, help="seed of the check's data (default 0)"
        )
        add_limit(
            parser,
            cost.MAX_BYTES,
            cost.MAX_BYTES.default,
            "refuse a numeric check whose arrays take more bytes (--no-check skips it)",
        )

    def result(self, args: argparse.Namespace) -> Conversion:
        """The layer read from ``--from`` and written in every framework."""
        if args.framework:
            raise SpecError("--framework: convert takes the source framework as --from")
        fw = get_framework(args.source)
        params = framework_params(fw.name, args)
        input_size = _sizes("--input-size", args.input_size)
        kernel_size = _sizes("--kernel-size", args.kernel_size)
        if len(input_size) != len(kernel_size) and 1 not in (len(input_size), len(kernel_size)):
            raise SpecError(
                f"--input-size/--kernel-size: got {list(input_size)} and {list(kernel_size)}; "
                "give one value per spatial dimension (or one for all)"
            )
        return convert(  # one value serves every dimension (the frameworks' reading)
            fw.name,
            input_size,
            kernel_size,
            params,
            in_channels=args.in_channels,
            out_channels=args.out_channels,
            check=not args.no_check,
            seed=args.seed,
            max_bytes=args.max_bytes,
        )

    def exit_code(self, result: Conversion) -> int:
        """0 when every equivalent gives the canonical numbers, else 1."""
        return 0 if result.ok else 1
