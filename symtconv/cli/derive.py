"""``symtconv derive``: transposed convolution literally as C^T x (or C x).

Formats come from the registry :data:`symtconv.render.formats.FORMATS`:
text, JSON, and the documents (LaTeX, Markdown) in English or Chinese.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from ..core import cost
from ..engine.derivation import derive
from ..render.formats import FORMATS, render
from ..render.i18n import LANGS
from .command import Command
from .options import add_limit, spec_kwargs, write_output

__all__ = ["LIMITS", "Derive"]

#: Format -> its default limits: C's nonzeros, the entries of the input, kernel and output
#: (JSON lists every nonzero and every output entry's products; a document also verifies,
#: draws and explains; measured, see the README's Limits).
LIMITS: dict[str, tuple[int, int]] = {
    "text": (cost.MAX_NONZEROS.default, cost.MAX_ELEMENTS.default),
    "json": (30_000, 100_000),
    "latex": (20_000, 40_000),
    "markdown": (20_000, 40_000),
    "html": (20_000, 40_000),
}


class Derive(Command):
    """The derivation in a format of the registry; a Markdown document's pictures next to it."""

    name = "derive"
    description = (
        "Build the convolution matrix C and derive the transposed convolution as C^T x, "
        "entry by entry, with the size formula. With no operands: the seed example "
        "(input [[1,2],[3,4]], kernel [[1,0],[0,-1]]); with --forward and no operands: "
        "its forward recap. --format latex or markdown writes the step-by-step document, "
        "--format html the same lesson as one interactive page."
    )
    formats = tuple(FORMATS)

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The size limits, the document options, the elision of big matrices."""
        for limit, text, n in (
            (cost.MAX_NONZEROS, "refuse a C with more nonzeros", 0),
            (cost.MAX_ELEMENTS, "refuse more entries in the input, kernel and output", 1),
        ):
            shown = ", ".join(f"{fmt} {values[n]:,}" for fmt, values in LIMITS.items())
            add_limit(parser, limit, None, text, shown)
        doc = parser.add_argument_group("documents (--format latex, markdown or html)")
        doc.add_argument(
            "--lang",
            choices=LANGS,
            help="document language (default en; Chinese compiles with CJKutf8)",
        )
        doc.add_argument(
            "--standalone",
            action="store_true",
            help="a complete LaTeX document (default: a fragment for \\input)",
        )
        doc.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="write to FILE (Markdown: its SVG pictures go next to it as FILE-stem-*.svg)",
        )
        doc.add_argument(
            "--no-pictures", action="store_true", help="leave out the pictures (TikZ, SVG)"
        )
        ell = parser.add_argument_group("elision of big matrices (text, latex, markdown, html)")
        ell.add_argument(
            "--threshold",
            type=int,
            metavar="N",
            help="show matrices with up to N rows/columns in full "
            "(default 9 in documents, 12 in text)",
        )
        ell.add_argument(
            "--edgeitems",
            type=int,
            metavar="N",
            help="rows/columns kept at each end of an elided matrix (default 3)",
        )
        ell.add_argument(
            "--max-entries",
            type=int,
            metavar="N",
            help="output entries listed one by one (default 16 in documents, 40 in text)",
        )

    def run(self, args: argparse.Namespace) -> int:
        """Derive and write the chosen format (and a Markdown document's pictures)."""
        nonzeros, entries = LIMITS.get(args.format, LIMITS["latex"])  # a new format: a document
        d = derive(
            **spec_kwargs(args),
            max_nonzeros=args.max_nonzeros or nonzeros,
            max_elements=args.max_elements or entries,
        )
        options = _render_options(args)
        out_dir = None
        if args.format == "markdown" and args.output not in (None, "-"):
            out_dir, name = os.path.split(args.output)
            options["picture_base"] = name[: -len(".md")] if name.endswith(".md") else name
        rendered = render(d, args.format, **options)
        write_output(rendered.text, args.output)
        for name, content in rendered.files.items():
            write_output(content, os.path.join(out_dir or "", name))
        return 0


def _render_options(args: argparse.Namespace) -> dict[str, Any]:
    """The render options given on the command line (the others keep the format's defaults)."""
    options: dict[str, Any] = {}
    for name in ("lang", "threshold", "edgeitems", "max_entries"):
        value = getattr(args, name)
        if value is not None:
            options[name] = value
    if args.standalone:
        options["standalone"] = True
    if args.no_pictures:
        options["pictures"] = False
    return options
