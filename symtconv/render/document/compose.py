"""A derivation as a document: its sections in order, language- and format-independent.

:func:`build_document` turns a :class:`~symtconv.engine.derivation.Derivation`
into a :class:`~symtconv.render.document.blocks.Document`.  A transposed
derivation shows: the parameters; the size formula (general, substituted,
value); C with its zeros and shape, its sparsity pattern, and C^T; x
flattened; C^T x entry by entry and reshaped; the scatter view; the
zero-insertion view; that C^T is the transpose (adjoint) of C and not its
inverse, on the example; the shape relation to the forward convolution and the
ambiguity output_padding resolves; which independent methods agree; the
summary.  A forward derivation shows C x the same way, without the two views.

Every number comes from the derivation (or is computed from it in
:mod:`.arrays`); the verification section asks the derivation for its
:meth:`~symtconv.engine.derivation.Derivation.verification`.

Examples:
    >>> from symtconv import derive
    >>> doc = build_document(derive())
    >>> [b.text.key for b in doc.blocks if isinstance(b, Section)][:3]
    ['sec_parameters', 'sec_size', 'sec_matrix']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .blocks import Document, Section
from .builder import Builder
from .matrix import matrix
from .opening import opening, parameters, size
from .options import DocumentOptions
from .product import entries, flatten
from .relations import relation_steps
from .summary import summary
from .verification import verification_step
from .views import view_steps

if TYPE_CHECKING:
    from ...engine.derivation import Derivation

__all__ = ["SECTIONS", "Section", "build_document"]

#: The sections in order, each with the kinds of derivation it belongs to.
SECTIONS: tuple[tuple[Callable[[Builder], None], tuple[bool, ...]], ...] = (
    (opening, (True, False)),
    (parameters, (True, False)),
    (size, (True, False)),
    (matrix, (True, False)),
    (flatten, (True, False)),
    (entries, (True, False)),
    (view_steps, (True,)),
    (relation_steps, (True, False)),
    (verification_step, (True, False)),
    (summary, (True, False)),
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
