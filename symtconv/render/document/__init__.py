"""The derivation document: blocks, the builder (the pen), the sections, their order.

:mod:`.blocks` are the language-independent pieces; :mod:`.builder` writes them;
:mod:`.opening`, :mod:`.matrix`, :mod:`.product`, :mod:`.views`,
:mod:`.relations`, :mod:`.verification` and :mod:`.summary` are the sections;
:mod:`.compose` puts them in order; :mod:`.arrays` computes the extra arrays
some sections show.  :mod:`symtconv.render.latex` and
:mod:`symtconv.render.markdown` write a document in their format.
"""

from .compose import build_document
from .options import DocumentOptions

__all__ = ["DocumentOptions", "build_document"]
