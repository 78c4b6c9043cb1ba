"""Rendering: every writer of every result, in every format.

Formats of a derivation (:mod:`.formats`: text, JSON, LaTeX, Markdown), the
document and its sections (:mod:`.document`), the printers (:mod:`.printer`:
SymPy's LaTeX printer where documents differ, :mod:`.jsonfmt`), pictures
(:mod:`.pictures`), the sentences in every language (:mod:`.i18n`), and the
writers of the other results (:mod:`.shapes_text`, :mod:`.reports`,
:mod:`.proof`, :mod:`.overlap`, :mod:`.check_data`, :mod:`.check_text`, :mod:`.check_latex`,
:mod:`.frameworks_text`, :mod:`.crosscheck_text`, :mod:`.lint_text`, :mod:`.audit_text`).

Importing this package registers every writer with :mod:`symtconv.results`,
the one hook through which results reach their renderings; nothing below
``render`` imports it.
"""

from . import (
    audit_text,
    check_data,
    check_latex,
    check_text,
    crosscheck_text,
    derivation_json,
    formats,
    frameworks_text,
    jsonfmt,
    latex,
    lint_text,
    overlap,
    proof,
    reports,
    shapes_text,
    text,
)

__all__ = [
    "audit_text",
    "check_data",
    "check_latex",
    "check_text",
    "crosscheck_text",
    "derivation_json",
    "formats",
    "frameworks_text",
    "jsonfmt",
    "latex",
    "lint_text",
    "overlap",
    "proof",
    "reports",
    "shapes_text",
    "text",
]
