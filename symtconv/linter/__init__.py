"""``symtconv lint``: check every worked example, equation, size formula and known
misconception in a document (Markdown, LaTeX, a Jupyter notebook; English or Chinese).

The stage, in the order data flows: :mod:`.source` (the document and its limits),
:mod:`.readers` (:mod:`.read_markdown`, :mod:`.read_latex`, :mod:`.read_notebook`:
blocks of prose, math, text and code), :mod:`.extract` (items: equations, parameters,
labels, sentences; with :mod:`.latex_split`, :mod:`.latex_expr`, :mod:`.values`,
:mod:`.text_scan`, :mod:`.words`, :mod:`.names`), :mod:`.problems` (worked examples,
solved), the checks (:mod:`.examples`, :mod:`.chains`, :mod:`.outputs` through the
hand-check engine, :mod:`.formulas` through the prover, :mod:`.quantities`,
:mod:`.misconceptions` (the registry), :mod:`.code` (framework calls read with
``ast``)), and :mod:`.report` (the :class:`LintReport`, written by
:mod:`symtconv.render.lint_text`).  :func:`lint` (:mod:`.run`) runs it all; the folder
is ``linter`` so that ``symtconv.lint`` stays the function.
"""

from .misconceptions import MISCONCEPTIONS, Misconception
from .report import Checked, Finding, LintReport, Message
from .run import lint, lint_document

__all__ = [
    "MISCONCEPTIONS",
    "Checked",
    "Finding",
    "LintReport",
    "Message",
    "Misconception",
    "lint",
    "lint_document",
]
