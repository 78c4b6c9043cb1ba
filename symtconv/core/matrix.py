"""The convolution as an explicit sparse matrix C (SymPy's sparse DomainMatrix).

C is always the matrix of a forward convolution: row ``(r, o)`` (channel
``r``, output position ``o``) and column ``(c, j)`` (channel ``c``, input
position ``j``) meet at weight ``w[r, c - g*C_g, t]`` exactly when, in every
spatial dimension, ``j = o*s - p_lo + t*d`` for a tap ``t`` and ``c`` lies in
``r``'s group ``g``.  Rows and columns are numbered in C order (channel
first, then the spatial positions, last axis fastest), the order of
``x.reshape(-1)``.

For a forward spec that is the spec's own convolution, ``y = C x``.  For a
transposed spec, C is the forward convolution from the transposed output
size back to the transposed input size, whose weight tensor is the
transposed weight read in forward layout; the transposed convolution is
``y = C^T x``.  Where ``output_padding >= stride`` (PyTorch allows it when
``output_padding < dilation``) that forward convolution has more output
positions than the transposed input has entries; C then keeps the first
``i`` of them per dimension (the others multiply entries that do not exist).

Examples:
    >>> from symtconv.core.spec import ConvSpec
    >>> spec = ConvSpec.create(input_size=(2, 2), kernel_size=(2, 2))
    >>> s = structure(spec)
    >>> spec.matrix_shape, s.nnz
    ((4, 9), 16)
    >>> s.rows[:4].tolist(), s.cols[:4].tolist(), s.taps[:4].tolist()
    ([0, 0, 0, 0], [0, 1, 3, 4], [0, 1, 2, 3])
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from sympy.polys.domains import EXRAW, QQ, ZZ
from sympy.polys.matrices import DomainMatrix

from . import cost
from .memo import memo
from .spec import ConvSpec

__all__ = [
    "DEFAULT_MAX_NONZEROS",
    "Structure",
    "check_size",
    "columns_matrix",
    "conv_matrix",
    "count_nonzeros",
    "domain_of",
    "output_groups",
    "structure",
]

#: Default limit on C's structural nonzeros for symbolic work (:data:`symtconv.core.cost.LIMITS`).
DEFAULT_MAX_NONZEROS = cost.MAX_NONZEROS.default


@dataclass(frozen=True, eq=False)
class Structure:
    """Where C's structural nonzeros are, and which weight entry each one holds.

    Attributes:
        shape: (rows, cols) of C.
        rows: row index of each nonzero (sorted by row, then column).
        cols: column index of each nonzero.
        taps: flat index into the weight tensor (C order of ``spec.weight_shape``).
    """

    shape: tuple[int, int]
    rows: np.ndarray
    cols: np.ndarray
    taps: np.ndarray

    @property
    def nnz(self) -> int:
        """Number of structural nonzeros."""
        return int(self.rows.size)

    def tap(self, row: int, col: int) -> int | None:
        """The weight entry (flat index) at ``C[row, col]``, or None for a structural zero.

        A binary search in the sorted nonzeros, so that showing a few entries of
        a big C costs little.

        Examples:
            >>> s = structure(ConvSpec.create(input_size=(2, 2), kernel_size=(2, 2)))
            >>> s.tap(0, 4), s.tap(0, 2)
            (3, None)
        """
        lo, hi = (int(v) for v in np.searchsorted(self.rows, (row, row + 1)))
        at = lo + int(np.searchsorted(self.cols[lo:hi], col))
        return int(self.taps[at]) if at < hi and self.cols[at] == col else None


def _dim_triplets(
    n_rows: int, n_cols: int, k: int, s: int, p_lo: int, d: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All (o, t, j) with j = o*s - p_lo + t*d inside [0, n_cols), for one dimension."""
    o, t = np.meshgrid(np.arange(n_rows), np.arange(k), indexing="ij")
    j = o * s - p_lo + t * d
    keep = (j >= 0) & (j < n_cols)
    return o[keep], t[keep], j[keep]


def count_nonzeros(spec: ConvSpec) -> int:
    """Number of structural nonzeros of C, without building it (see :mod:`symtconv.core.cost`)."""
    return cost.nonzeros(spec)


@memo(maxsize=32)
def structure(spec: ConvSpec) -> Structure:
    """The sparsity structure of C for ``spec`` (cached: it depends on the spec only).

    The arrays are int32 (int64 only for a C too big for it), read-only.
    """
    small = max(*spec.matrix_shape, math.prod(spec.weight_shape)) < 2**31
    dtype = np.dtype(np.int32 if small else np.int64)
    # one pair of channels first: the spatial nonzeros, dimension by dimension
    rows, cols, taps = (np.zeros(1, dtype=dtype) for _ in range(3))
    for n_rows, n_cols, k, s, (lo, _), d in zip(
        spec.row_size, spec.col_size, spec.kernel_size, spec.stride, spec.padding, spec.dilation
    ):
        o, t, j = (a.astype(dtype) for a in _dim_triplets(n_rows, n_cols, k, s, lo, d))
        rows = (rows[:, None] * n_rows + o).reshape(-1)
        cols = (cols[:, None] * n_cols + j).reshape(-1)
        taps = (taps[:, None] * k + t).reshape(-1)
    order = np.lexsort((cols, rows))
    rows, cols, taps = rows[order], cols[order], taps[order]
    del order
    # then every (row channel, column channel of its group)
    r_ch, c_per_g = spec.row_channels, spec.col_channels // spec.groups
    if r_ch > 1 or c_per_g > 1:
        rc = np.arange(r_ch, dtype=dtype)[:, None, None]
        cg = np.arange(c_per_g, dtype=dtype)[None, :, None]
        cc = (rc // (r_ch // spec.groups)) * c_per_g + cg
        rows = (rc * math.prod(spec.row_size) + rows).repeat(c_per_g, axis=1).reshape(-1)
        cols = (cc * math.prod(spec.col_size) + cols).reshape(-1)
        taps = ((rc * c_per_g + cg) * math.prod(spec.kernel_size) + taps).reshape(-1)
        if c_per_g > 1:  # a row meets the columns of several channels: sort again
            order = np.lexsort((cols, rows))
            rows, cols, taps = rows[order], cols[order], taps[order]
    arrays = [rows, cols, taps]
    for a in arrays:
        a.flags.writeable = False
    return Structure(spec.matrix_shape, *arrays)


@memo(maxsize=32)
def output_groups(spec: ConvSpec) -> tuple[np.ndarray, np.ndarray]:
    """C's nonzeros grouped by the entry of ``C^T x`` (``C x``) they add to.

    That entry is the nonzero's column for a transposed spec, its row for a
    forward one.  Returns ``(order, bounds)``: the nonzeros of entry ``j`` are
    ``order[bounds[j]:bounds[j + 1]]`` (indices into :func:`structure`'s
    arrays), in C's order within the entry (by the other index).  Cached.

    Examples:
        >>> spec = ConvSpec.create(input_size=(2, 2), kernel_size=(2, 2))
        >>> order, bounds = output_groups(spec)
        >>> structure(spec).rows[order[bounds[4] : bounds[5]]].tolist()  # C^T x's centre
        [0, 1, 2, 3]
    """
    st = structure(spec)
    key = st.cols if spec.transposed else st.rows
    order = np.argsort(key, kind="stable").astype(key.dtype)
    size = spec.matrix_shape[1 if spec.transposed else 0]
    bounds = np.searchsorted(key[order], np.arange(size + 1))
    bounds = bounds.astype(np.int32 if st.nnz < 2**31 else np.int64)
    for a in (order, bounds):
        a.flags.writeable = False
    return order, bounds


def domain_of(values: Any) -> Any:
    """The exact SymPy domain for a collection of values: ZZ, QQ, or EXRAW."""
    domain = ZZ
    for value in values:
        if value.is_Integer:
            continue
        if value.is_Rational:
            domain = QQ
        else:
            return EXRAW
    return domain


def check_size(spec: ConvSpec, max_nonzeros: int) -> None:
    """Refuse, before any work, a C with more structural nonzeros than ``max_nonzeros``.

    Raises:
        SpecError: ``max_nonzeros`` is not an integer >= 1.
        TooLargeError: C would have more nonzeros.
    """
    cost.require(cost.nonzeros(spec), max_nonzeros, cost.MAX_NONZEROS, "C", cost.describe(spec))


def conv_matrix(
    spec: ConvSpec, weight: np.ndarray, max_nonzeros: int = DEFAULT_MAX_NONZEROS
) -> DomainMatrix:
    """C for ``spec`` with the given weight tensor, as a sparse SymPy DomainMatrix.

    Args:
        spec: the geometry.
        weight: object array of SymPy values of shape ``spec.weight_shape``.
        max_nonzeros: refuse to build a C with more structural nonzeros.

    Raises:
        TooLargeError: C would exceed ``max_nonzeros``.
    """
    check_size(spec, max_nonzeros)
    st = structure(spec)
    flat = weight.reshape(-1)
    domain = domain_of(flat)
    values = [domain.from_sympy(v) for v in flat]
    rows: dict[int, dict[int, Any]] = {}
    zero = domain.zero
    for r, c, t in zip(st.rows.tolist(), st.cols.tolist(), st.taps.tolist()):
        value = values[t]
        if value != zero:
            rows.setdefault(r, {})[c] = value
    return DomainMatrix(rows, st.shape, domain)


def columns_matrix(samples: np.ndarray) -> DomainMatrix:
    """The rows of ``samples`` (one flattened sample each) as columns of a sparse DomainMatrix."""
    domain = domain_of(samples.reshape(-1))
    rows: dict[int, dict[int, Any]] = {}
    for c, sample in enumerate(samples):
        for r, value in enumerate(sample):
            if value != 0:
                rows.setdefault(r, {})[c] = domain.from_sympy(value)
    return DomainMatrix(rows, (samples.shape[1], samples.shape[0]), domain)
