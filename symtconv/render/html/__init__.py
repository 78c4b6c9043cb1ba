"""A derivation as one self-contained HTML page: the lesson and an interactive explorer.

:mod:`.markup` (the one escaping rule), :mod:`.mathml` (the documents' LaTeX as MathML),
:mod:`.writer` (the document's blocks as HTML); the explorer: :mod:`.grids` (panels of
cells, elided), :mod:`.entries` (the derivation's entries as cells), :mod:`.panels` (the
grids), :mod:`.explorer` (controls, legend, readout, assembled), :mod:`.phrases` (its
words); :mod:`.page` (the page, its inlined style sheet and script from ``assets/``),
:mod:`.index` (a page of links).
"""

from .index import index_page
from .page import render_html

__all__ = ["index_page", "render_html"]
