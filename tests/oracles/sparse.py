"""SymPy's own sparse matrix product, ``C^T X`` or ``C X``, as symtconv once computed it.

C is given dense (e.g. from :func:`.naive.naive_matrix`); its nonzeros go into
a sparse :class:`~sympy.polys.matrices.DomainMatrix` row by row, the samples
into the columns of another, both in the exact domain their values allow (ZZ,
QQ, else EXRAW), and SymPy multiplies them (``sdm_matmul``, or
``sdm_matmul_exraw`` for expressions: products ``a * b``, then one ``Add`` per
entry).  An entry the product leaves out is ``Integer(0)``.

Examples:
    >>> import numpy as np
    >>> C = np.array([[1, 0], [2, 3]], dtype=object)
    >>> sympy_product(C, np.array([[sympy.Symbol("a"), 5]], dtype=object), transposed=True)
    [[a + 10, 15]]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy
from sympy.polys.domains import EXRAW, QQ, ZZ
from sympy.polys.matrices import DomainMatrix

__all__ = ["sympy_product"]


def _domain(values: Any) -> Any:
    domain = ZZ
    for value in values:
        if value.is_Integer:
            continue
        if value.is_Rational:
            domain = QQ
        else:
            return EXRAW
    return domain


def sympy_product(C: np.ndarray, samples: np.ndarray, transposed: bool) -> list[list[Any]]:
    """Per sample (a row of ``samples``), the entries of ``C^T x`` (``C x`` when not transposed)."""
    values = [sympy.sympify(v) for v in C.reshape(-1)]
    c_domain = _domain(values)
    rows: dict[int, dict[int, Any]] = {}
    for (r, c), value in zip(np.ndindex(*C.shape), values):
        if value != 0:
            rows.setdefault(r, {})[c] = c_domain.from_sympy(value)
    matrix = DomainMatrix(rows, C.shape, c_domain)
    x_values = [[sympy.sympify(v) for v in sample] for sample in samples]
    x_domain = _domain([v for sample in x_values for v in sample])
    columns: dict[int, dict[int, Any]] = {}
    for c, sample in enumerate(x_values):
        for r, value in enumerate(sample):
            if value != 0:
                columns.setdefault(r, {})[c] = x_domain.from_sympy(value)
    xm = DomainMatrix(columns, (samples.shape[1], samples.shape[0]), x_domain)
    left = matrix.transpose() if transposed else matrix
    left, xm = left.unify(xm)
    product = left.matmul(xm).to_sympy().to_sdm()
    out = [[sympy.Integer(0)] * left.shape[0] for _ in range(samples.shape[0])]
    for r, row in product.items():
        for c, value in row.items():
            out[c][r] = value
    return out
