"""A derivation as a document: its sections in order, language- and format-independent.

:func:`build_document` turns a :class:`~symtconv.engine.derivation.Derivation`
into a :class:`~symtconv.render.document.blocks.Document`.  A transposed
derivation shows: the parameters; the size formula (general, substituted,
value); the ordinary convolution whose matrix is C, its sliding windows worked
on 1, 2, 3, ...; C built from the windows (one window, one row), its sparsity
pattern, and C^T; x flattened; C^T x entry by entry and reshaped; the scatter
view with the overlapping entries marked and the busiest one worked out; the
overlap (the count map, the stride phases, checkerboards); the zero-insertion
view; how it differs from an ordinary convolution; that C^T is the transpose
(adjoint) of C and not its inverse, "deconvolution" a misnomer, on the example;
the gradient view (C^T is the backward pass of C); the shape relation to the
forward convolution and the ambiguity output_padding resolves; which
independent methods agree; the summary; exercises, with answers and the
``symtconv check`` commands that confirm them.  A forward derivation shows C x
the same way (its windows, C from them, the gradient), without the views of
C^T x.

Every number comes from the derivation (or is computed from it in
:mod:`.arrays`); the verification section asks the derivation for its
:meth:`~symtconv.engine.derivation.Derivation.verification`.

Examples:
    >>> from symtconv import derive
    >>> doc = build_document(derive())
    >>> [b.text.key for b in doc.blocks if isinstance(b, Section)][:3]
    ['sec_parameters', 'sec_size', 'sec_recap']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .blocks import Document, Section
from .builder import Builder
from .difference import difference_step
from .exercises import exercises_step
from .gradient import gradient_step
from .matrix import matrix
from .opening import opening, parameters, size
from .options import DocumentOptions
from .product import entries, flatten
from .relations import shapes_step, transpose_step
from .summary import summary
from .verification import verification_step
from .views import view_steps
from .windows import recap

if TYPE_CHECKING:
    from ...engine.derivation import Derivation

__all__ = ["SECTIONS", "Section", "build_document"]

#: The sections in order, each with the kinds of derivation it belongs to.
SECTIONS: tuple[tuple[Callable[[Builder], None], tuple[bool, ...]], ...] = (
    (opening, (True, False)),
    (parameters, (True, False)),
    (size, (True, False)),
    (recap, (True,)),
    (matrix, (True, False)),
    (flatten, (True, False)),
    (entries, (True, False)),
    (view_steps, (True,)),
    (difference_step, (True, False)),
    (transpose_step, (True, False)),
    (gradient_step, (True, False)),
    (shapes_step, (True, False)),
    (verification_step, (True, False)),
    (summary, (True, False)),
    (exercises_step, (True, False)),
)


def build_document(d: Derivation, options: DocumentOptions | None = None) -> Document:
    """The document of a derivation (transposed or forward).

    Args:
        d: the derivation.
        options: elision and picture settings (language and format do not
            change the blocks).
    """
    b = Builder(d, options or DocumentOptions())
    for section, kinds in SECTIONS:
        if d.spec.transposed in kinds:
            section(b)
    return Document("transposed" if d.spec.transposed else "forward", tuple(b.blocks))
