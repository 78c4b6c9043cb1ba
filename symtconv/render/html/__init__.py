"""A derivation as one self-contained HTML page: the lesson and an interactive explorer.

:mod:`.markup` (the one escaping rule), :mod:`.mathml` (the documents' LaTeX as MathML),
:mod:`.writer` (the document's blocks as HTML), :mod:`.grids` and :mod:`.explorer` (the
interactive grids), :mod:`.phrases` (the explorer's words), :mod:`.page` (the page, its
inlined style sheet and script from ``assets/``).
"""

from .index import index_page
from .page import render_html

__all__ = ["index_page", "render_html"]
