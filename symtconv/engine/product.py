"""The literal product: ``C^T x`` (transposed) or ``C x`` (forward), and the output it gives.

:func:`multiply` is a sparse matrix-vector product over C's structure
(:func:`symtconv.core.matrix.structure`): output entry ``j`` of ``C^T x`` is
the sum, over the nonzeros ``C[i, j]`` of column ``j`` of C, of
``C[i, j] * x[i]`` (for ``C x``, over row ``j``).  It builds each entry as
SymPy's canonical expression directly (:mod:`.canonical`): the products and
sums SymPy's ``Mul`` and ``Add`` would build, with their arguments already in
SymPy's order, numbers folded exactly and zeros dropped.  An entry whose
order the fast path cannot know (a float, a repeated symbol, any other
expression) is summed with ``sympy.Add`` of ``sympy.Mul`` products, in the
order SymPy's own sparse matrix product takes them (so float sums round
alike).  The result is ``==`` to SymPy's ``DomainMatrix`` product entry by
entry; the tests hold it to that.

:func:`assemble` reshapes the product to the output tensor and adds the bias.
:mod:`symtconv.engine.derivation` wraps both in a Derivation, and
:mod:`symtconv.engine.verification` uses them as its reference method.

Examples:
    >>> from symtconv.core.operands import read_operands
    >>> spec, x, w, b = read_operands([[1, 2], [3, 4]], [[1, 0], [0, -1]])
    >>> assemble(spec, multiply(spec, x, w), b).tolist()
    [[[1, 2, 0], [3, 3, -2], [0, -3, -4]]]
"""

from __future__ import annotations

import numpy as np
import sympy

from ..core.gcpause import gc_paused
from ..core.matrix import DEFAULT_MAX_NONZEROS, check_size, output_groups, structure
from ..core.spec import ConvSpec
from .canonical import Atoms, Nonzeros, entries

__all__ = ["Product", "assemble", "multiply"]

#: Per sample, the product's entries in C's numbering (before the bias).
Product = tuple[tuple[sympy.Expr, ...], ...]


def multiply(
    spec: ConvSpec, x: np.ndarray, w: np.ndarray, max_nonzeros: int = DEFAULT_MAX_NONZEROS
) -> Product:
    """``C^T x`` (``C x`` for a forward spec) for every sample of ``x``, C from ``w``.

    Args:
        spec: the geometry.
        x: the input, full layout ``spec.input_shape`` (object array of SymPy values).
        w: the weight, ``spec.weight_shape``.
        max_nonzeros: refuse a C with more structural nonzeros.

    Raises:
        TooLargeError: C would exceed ``max_nonzeros``.
        SpecError: an entry of ``x`` or ``w`` is not finite (``oo``, ``nan``, ``zoo``).
    """
    check_size(spec, max_nonzeros)
    st = structure(spec)
    # the output entry each nonzero adds to, and the input entry it multiplies
    outer, inner = (st.cols, st.rows) if spec.transposed else (st.rows, st.cols)
    nonzeros = Nonzeros(outer, inner, st.taps, *output_groups(spec))
    samples = x.reshape(spec.batch or 1, -1)
    with gc_paused():
        return entries(Atoms([w.reshape(-1), *samples]), nonzeros)


def assemble(spec: ConvSpec, product: Product, b: np.ndarray | None) -> np.ndarray:
    """The output in full layout ``spec.output_shape``, the bias added."""
    per_sample = (spec.out_channels, *spec.output_size)
    samples = [np.array(row, dtype=object).reshape(per_sample) for row in product]
    out = np.stack(samples) if spec.batch is not None else samples[0]
    if b is not None:
        out = out + b.reshape((-1,) + (1,) * spec.rank)
    return out
