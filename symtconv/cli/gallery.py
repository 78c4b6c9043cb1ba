"""``symtconv gallery``: regenerate (or check) the derivations/ gallery of documents."""

from __future__ import annotations

import argparse

from ..gallery import DEFAULT_DIR, EXAMPLES, check_gallery, gallery_files, write_gallery
from .command import Command
from .options import write_output

__all__ = ["Gallery"]


class Gallery(Command):
    """Write the gallery folder, or check it is fresh (exit 1 if not)."""

    name = "gallery"
    description = (
        f"Generate the {len(EXAMPLES)} example derivations as standalone LaTeX and "
        "Markdown (with SVG pictures), in English and Chinese, plus an index README.md. "
        "Deterministic: --check compares a folder with what would be written."
    )
    formats = ()
    spec_options = False

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The folder and --check."""
        parser.add_argument(
            "directory",
            nargs="?",
            default=DEFAULT_DIR,
            help=f"the gallery folder (default {DEFAULT_DIR})",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="write nothing; list stale, missing or extra files and exit 1 if there are any",
        )

    def run(self, args: argparse.Namespace) -> int:
        """Write or check the gallery."""
        files = gallery_files()
        if args.check:
            problems = check_gallery(args.directory, files)
            for line in problems:
                write_output(line, None)
            if problems:
                write_output(
                    f"{len(problems)} problem(s); run: symtconv gallery {args.directory}", None
                )
                return 1
            write_output(f"{args.directory}: {len(files)} files, all fresh", None)
            return 0
        changed = write_gallery(args.directory, files)
        write_output(
            f"{args.directory}: {len(files)} files, {len(changed)} written or removed", None
        )
        return 0
