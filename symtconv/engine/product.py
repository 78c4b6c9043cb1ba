"""The literal product: ``C^T x`` (transposed) or ``C x`` (forward), and the output it gives.

:func:`multiply` builds C (:mod:`symtconv.core.matrix`) and multiplies it with
the flattened samples through SymPy's sparse DomainMatrix product;
:func:`assemble` reshapes the product to the output tensor and adds the bias.
:mod:`symtconv.engine.derivation` wraps both in a Derivation, and
:mod:`symtconv.engine.verification` uses them as its reference method.

Examples:
    >>> from symtconv.core.operands import read_operands
    >>> spec, x, w, b = read_operands([[1, 2], [3, 4]], [[1, 0], [0, -1]])
    >>> C, product = multiply(spec, x, w)
    >>> assemble(spec, product, b).tolist()
    [[[1, 2, 0], [3, 3, -2], [0, -3, -4]]]
"""

from __future__ import annotations

import numpy as np
import sympy
from sympy.polys.matrices import DomainMatrix

from ..core.matrix import DEFAULT_MAX_NONZEROS, columns_matrix, conv_matrix
from ..core.spec import ConvSpec

__all__ = ["Product", "assemble", "multiply"]

#: Per sample, the product's entries in C's numbering (before the bias).
Product = tuple[tuple[sympy.Expr, ...], ...]


def multiply(
    spec: ConvSpec, x: np.ndarray, w: np.ndarray, max_nonzeros: int = DEFAULT_MAX_NONZEROS
) -> tuple[DomainMatrix, Product]:
    """C for ``spec`` and ``w``, and ``C^T x`` (``C x``) for every sample of ``x``.

    Args:
        spec: the geometry.
        x: the input, full layout ``spec.input_shape`` (object array of SymPy values).
        w: the weight, ``spec.weight_shape``.
        max_nonzeros: refuse to build a C with more structural nonzeros.

    Raises:
        TooLargeError: C would exceed ``max_nonzeros``.
    """
    C = conv_matrix(spec, w, max_nonzeros)
    samples = x.reshape(spec.batch or 1, -1)
    xm = columns_matrix(samples)
    left = C.transpose() if spec.transposed else C
    left, xm = left.unify(xm)
    product = left.matmul(xm).to_sympy()
    n_out = left.shape[0]
    columns: list[list[sympy.Expr]] = [[sympy.Integer(0)] * n_out for _ in range(samples.shape[0])]
    for r, row in product.to_sdm().items():
        for c, value in row.items():
            columns[c][r] = value
    return C, tuple(tuple(col) for col in columns)


def assemble(spec: ConvSpec, product: Product, b: np.ndarray | None) -> np.ndarray:
    """The output in full layout ``spec.output_shape``, the bias added."""
    per_sample = (spec.out_channels, *spec.output_size)
    samples = [np.array(row, dtype=object).reshape(per_sample) for row in product]
    out = np.stack(samples) if spec.batch is not None else samples[0]
    if b is not None:
        out = out + b.reshape((-1,) + (1,) * spec.rank)
    return out
