"""``symtconv overlap``: how many products reach each output, the stride phases, checkerboards.

Formats: text, JSON, and the documents (LaTeX, Markdown with its SVG heatmap) in
English or Chinese; ``--code`` prints the layer in PyTorch as stride-1 convolutions of
the phases, interleaved (the sub-pixel form).
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from ..engine.overlap import MAX_POSITIONS, overlap
from ..errors import SpecError
from ..frameworks.subpixel_code import torch_subpixel_code
from ..render.i18n import LANGS
from ..render.jsonfmt import dumps
from ..render.overlap import OVERLAP_FORMATS, render_overlap
from .command import Command
from .options import spec_kwargs, write_output

__all__ = ["Overlap"]


class Overlap(Command):
    """The overlap of a transposed convolution, in a format; or its sub-pixel PyTorch code."""

    name = "overlap"
    description = (
        "Count, for every output position of the transposed convolution, how many "
        "(input, tap) products reach it; list the stride phases (output position j is in "
        "phase (j + p_lo) mod s and receives the taps t with t*d = r mod s); classify the "
        "layer as uniform, uneven (checkerboard artifacts) or with holes; and say whether a "
        "constant input gives a constant interior (the kernel's phase sums; with a symbolic "
        "kernel, the equations on w). With no operands: the seed example. --code prints the "
        "layer as PyTorch stride-1 convolutions of the phases, interleaved (sub-pixel)."
    )
    formats = OVERLAP_FORMATS
    forward_option = False

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """--code, the size limit, the document options."""
        parser.add_argument(
            "--code",
            action="store_true",
            help="print PyTorch code: the weight rearranged for one stride-1 convolution, "
            "the phases interleaved (pixel_shuffle in 2-D), the crop (text or json)",
        )
        parser.add_argument(
            "--max-positions",
            type=int,
            default=MAX_POSITIONS,
            metavar="N",
            help=f"refuse an output with more positions (default {MAX_POSITIONS:,})",
        )
        doc = parser.add_argument_group("documents (--format latex or markdown)")
        doc.add_argument("--lang", choices=LANGS, help="document language (default en)")
        doc.add_argument(
            "--standalone",
            action="store_true",
            help="a complete LaTeX document (default: a fragment)",
        )
        doc.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="write to FILE (Markdown: its SVG heatmap goes next to it, FILE-stem-counts.svg)",
        )
        doc.add_argument("--no-pictures", action="store_true", help="leave out the heatmap")
        ell = parser.add_argument_group("elision of big matrices (text, latex, markdown)")
        ell.add_argument(
            "--threshold",
            type=int,
            metavar="N",
            help="show matrices with up to N rows/columns in full (default 9 in documents, "
            "12 in text)",
        )
        ell.add_argument(
            "--edgeitems", type=int, metavar="N", help="rows/columns kept at each end (default 3)"
        )

    def run(self, args: argparse.Namespace) -> int:
        """Compute the overlap; write it (or the code) in the chosen format."""
        o = overlap(**spec_kwargs(args), max_positions=args.max_positions)
        if args.code:
            if args.format not in ("text", "json"):
                raise SpecError(f"--code: prints Python code as text or json, not {args.format}")
            code = torch_subpixel_code(o.spec)
            text = (
                code if args.format == "text" else dumps({"spec": o.spec.as_dict(), "code": code})
            )
            write_output(text, args.output)
            return 0
        options = _document_options(args)
        out_dir = None
        if args.format == "markdown" and args.output not in (None, "-"):
            out_dir, name = os.path.split(args.output)
            options["picture_base"] = name[: -len(".md")] if name.endswith(".md") else name
        rendered = render_overlap(o, args.format, **options)
        write_output(rendered.text, args.output)
        for name, content in rendered.files.items():
            write_output(content, os.path.join(out_dir or "", name))
        return 0


def _document_options(args: argparse.Namespace) -> dict[str, Any]:
    """The rendering options given (the document ones refused outside the documents)."""
    options: dict[str, Any] = {}
    for name in ("threshold", "edgeitems"):
        value = getattr(args, name)
        if value is not None:
            options[name] = value
    document = {
        "--lang": args.lang,
        "--standalone": args.standalone,
        "--no-pictures": args.no_pictures,
    }
    given = [flag for flag, value in document.items() if value]
    if given and args.format in ("text", "json"):
        raise SpecError(f"{given[0]}: applies to --format latex or markdown, not {args.format}")
    if (args.threshold is not None or args.edgeitems is not None) and args.format == "json":
        raise SpecError("--threshold and --edgeitems: apply to text, latex and markdown, not json")
    if args.lang:
        options["lang"] = args.lang
    if args.standalone:
        options["standalone"] = True
    if args.no_pictures:
        options["pictures"] = False
    return options
