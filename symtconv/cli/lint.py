"""``symtconv lint FILE...``: check every worked example, equation, size formula and
known misconception in documents.  Exit 0 no error, 1 errors, 2 bad input."""

from __future__ import annotations

import argparse
import json

from ..linter import LintReport, lint_document
from ..linter.source import read_document
from ..results import writer_for
from .command import Command

__all__ = ["Lint"]


class Lint(Command):
    """Documents checked like a compiler checks code; exit 1 when there are errors."""

    name = "lint"
    description = (
        "Read Markdown (.md), LaTeX (.tex) or Jupyter notebooks (.ipynb), in English or "
        "Chinese, and check everything that can be checked: worked examples (the claimed "
        "result, every step, the labels), arithmetic, size formulas (proved for all integers), "
        "known misconceptions, and the shapes of framework calls in code (read, never run). "
        "Exit 0 when there is no error, 1 when there are errors, 2 for bad input."
    )
    spec_options = False

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The files, their kind, the language of the messages."""
        parser.add_argument("files", nargs="+", metavar="FILE", help="documents to lint")
        parser.add_argument(
            "--kind",
            choices=("markdown", "latex", "notebook"),
            help="read every file as this kind (default: from the extension)",
        )
        parser.add_argument(
            "--lang",
            choices=("en", "zh"),
            default="en",
            help="language of the messages (default en)",
        )

    def reports(self, args: argparse.Namespace) -> list[LintReport]:
        """Every file read first (a bad one stops it all, before any work), then linted."""
        docs = [read_document(path, args.kind) for path in args.files]
        return [lint_document(doc) for doc in docs]

    def run(self, args: argparse.Namespace) -> int:
        """Lint, print, and return 1 when a document has an error."""
        reports = self.reports(args)
        if args.format == "json":
            data = [r.as_dict() if args.lang == "en" else _data(r, args.lang) for r in reports]
            print(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))
        else:
            print("\n".join(r.text(args.lang) for r in reports))
        return 1 if any(r.errors for r in reports) else 0


def _data(report: LintReport, lang: str) -> dict[str, object]:
    data: dict[str, object] = writer_for(report, "data")(report, lang=lang)
    return data
