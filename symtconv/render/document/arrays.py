"""The arrays a derivation document shows besides C and the output.

Each view is computed from the derivation itself (its C structure, operands
and product), so the document and the engine cannot disagree:

* :func:`scatter_terms` -- the scatter view: per input element, the kernel
  times that element placed on an output-size canvas;
* :func:`zero_insertion` -- the zero-insertion view: stretched and padded
  input, flipped kernel, and their stride-1 correlation;
* :func:`round_trip` -- ``C (C^T x)`` (or ``C^T (C x)``), to show that the
  transpose is not an inverse.

Cells that are zero by construction hold :data:`~symtconv.render.printer.ZERO`.

Examples:
    >>> from symtconv import derive
    >>> d = derive()
    >>> [t.index for t in scatter_terms(d)]
    [(0, 0), (0, 1), (1, 0), (1, 1)]
    >>> z = zero_insertion(d)
    >>> z.padding, z.result[0].tolist()
    (((1, 1), (1, 1)), [[1, 2, 0], [3, 3, -2], [0, -3, -4]])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ...core.numeric import conv, flipped_kernel, insertion_padding, zero_inserted
from ..printer import ZERO

if TYPE_CHECKING:
    from ...engine.derivation import Derivation

__all__ = ["ScatterTerm", "ZeroInsertion", "round_trip", "scatter_terms", "zero_insertion"]


@dataclass(frozen=True, eq=False)
class ScatterTerm:
    """One input element times the kernel, on an output-size canvas.

    Attributes:
        index: the element's index as shown (``x`` names' indices).
        weight_prefix: the channel indices of the kernel slice it multiplies
            (empty for one channel), as in ``w_{ci,co,...}``.
        input_value: the element's value.
        canvas: object array of the output's spatial size: a ``(x, w)`` pair
            of factors where a kernel tap lands, :data:`ZERO` elsewhere.
        hits: the flat indices of the canvas cells a kernel tap lands on.
    """

    index: tuple[int, ...]
    weight_prefix: tuple[int, ...]
    input_value: Any
    canvas: np.ndarray
    hits: tuple[int, ...] = ()


def _channel_nonzeros(d: Derivation, out_channel: int) -> tuple[np.ndarray, ...]:
    """C's nonzeros (rows, cols within the channel, taps) that reach ``out_channel``."""
    st = d.structure
    per_channel = int(np.prod(d.spec.output_size))
    lo = out_channel * per_channel
    keep = (st.cols >= lo) & (st.cols < lo + per_channel)
    return st.rows[keep], st.cols[keep] - lo, st.taps[keep]


def _rows_nonzeros(d: Derivation, out_channel: int, rows: list[int]) -> tuple[np.ndarray, ...]:
    """:func:`_channel_nonzeros` of the given rows only."""
    r, c, t = _channel_nonzeros(d, out_channel)
    keep = np.isin(r, rows)
    return r[keep], c[keep], t[keep]


def scatter_rows(d: Derivation, out_channel: int = 0) -> list[int]:
    """The input elements (rows of C, flat) that contribute to ``out_channel``, in order."""
    return sorted(set(_channel_nonzeros(d, out_channel)[0].tolist()))


def scatter_terms(
    d: Derivation, out_channel: int = 0, rows: list[int] | None = None
) -> list[ScatterTerm]:
    """The scatter view of output channel ``out_channel`` (first sample).

    ``C^T x = sum_j x_j C^T[:, j]``: row ``j`` of C (the kernel taps that
    input element ``j`` meets) spread over the output.  Only transposed
    derivations have this view.

    Args:
        d: the derivation.
        out_channel: the output channel shown.
        rows: the input elements (from :func:`scatter_rows`) to build canvases
            for (default: all of them; canvases cost the output's size each).
    """
    spec = d.spec
    out_size = spec.output_size
    per_channel = int(np.prod(out_size))
    flat_w = d.w.reshape(-1)
    x0 = d.x[0] if spec.batch is not None else d.x
    flat_x = x0.reshape(-1)
    wanted = scatter_rows(d, out_channel) if rows is None else rows
    terms: dict[int, np.ndarray] = {}
    hits: dict[int, list[int]] = {r: [] for r in wanted}
    for r in wanted:
        canvas = np.empty(per_channel, dtype=object)
        canvas[...] = ZERO
        terms[r] = canvas
    for r, c, t in zip(*(a.tolist() for a in _rows_nonzeros(d, out_channel, wanted)), strict=True):
        terms[r][c] = (flat_x[r], flat_w[t])
        hits[r].append(c)
    rows_shape = (spec.in_channels, *spec.input_size)
    out = []
    for r in wanted:
        full = tuple(int(v) for v in np.unravel_index(r, rows_shape))
        index = full[1:] if d.compact else full
        prefix = () if d.compact else (full[0], out_channel % (spec.out_channels // spec.groups))
        canvas = terms[r].reshape(out_size)
        out.append(ScatterTerm(index, prefix, flat_x[r], canvas, tuple(hits[r])))
    return out


def scatter_sum(
    d: Derivation, out_channel: int = 0, positions: list[tuple[int, ...]] | None = None
) -> np.ndarray:
    """The sum of all scatter terms of ``out_channel`` (expanded), output-size.

    With ``positions`` (spatial output indices), only those entries are
    computed; the others hold None.
    """
    size = d.spec.output_size
    flat_w = d.w.reshape(-1)
    x0 = d.x[0] if d.spec.batch is not None else d.x
    flat_x = x0.reshape(-1)
    total = np.empty(int(np.prod(size)), dtype=object)
    wanted = (
        range(total.size)
        if positions is None
        else sorted({int(np.ravel_multi_index(p, size)) for p in positions})
    )
    products: dict[int, list[Any]] = {c: [] for c in wanted}
    r_all, c_all, t_all = _channel_nonzeros(d, out_channel)
    keep = np.ones(c_all.size, dtype=bool) if positions is None else np.isin(c_all, list(wanted))
    for r, c, t in zip(r_all[keep].tolist(), c_all[keep].tolist(), t_all[keep].tolist()):
        products[c].append(flat_x[r] * flat_w[t])
    for c, terms in products.items():
        total[c] = _expanded_sum(terms)
    return total.reshape(size)


def _expanded_sum(terms: list[Any]) -> Any:
    """The expanded sum of ``terms``, built at once (not term by term), and expanded
    only when a term is not already a product of atoms."""
    value = sympy.Add(*terms)
    return value if all(map(_expanded, terms)) else sympy.expand(value)


def _expanded(product: Any) -> bool:
    """True for a product of atoms (symbols, numbers), which expanding leaves alone."""
    return bool(getattr(product, "is_Atom", True)) or (
        bool(product.is_Mul) and all(a.is_Atom for a in product.args)
    )


@dataclass(frozen=True, eq=False)
class ZeroInsertion:
    """The zero-insertion view of a transposed derivation.

    Attributes:
        padding: per dimension, the zeros added (low, high) after stretching;
            a negative amount crops.
        stretched: the stretched, padded input (first sample), inserted and
            padding zeros as :data:`ZERO`; shape ``(C_in, *size)``.
        flipped: the kernel flipped in every spatial dimension with its
            channel axes swapped: ``(C_out, C_in/groups, *k)``.
        result: the stride-1 correlation (dilation ``d``) of ``stretched``
            with ``flipped``: ``(C_out, *out)``.
    """

    padding: tuple[tuple[int, int], ...]
    stretched: np.ndarray
    flipped: np.ndarray
    result: np.ndarray


def _zero(value: Any) -> Any:
    return sympy.Integer(0) if value is ZERO else value


def zero_insertion(d: Derivation, positions: list[tuple[int, ...]] | None = None) -> ZeroInsertion:
    """Stretch the input (``s-1`` zeros between elements), pad it by
    ``d(k-1) - p_lo`` low and ``d(k-1) - p_hi + op`` high, and correlate it
    (stride 1, dilation ``d``) with the flipped, channel-swapped kernel.

    With ``positions`` (indices into ``(C_out, *out)``), only those entries of
    the correlation are computed; the others hold None.
    """
    spec = d.spec
    x0 = d.x[0] if spec.batch is not None else d.x
    arr = zero_inserted(x0, spec, fill=ZERO, dtype=object)
    g = spec.groups
    cin_g, cout_g = spec.in_channels // g, spec.out_channels // g
    swapped = flipped_kernel(spec, d.w)
    if positions is None:
        values = np.vectorize(_zero, otypes=[object])(arr)
        result = conv(values, swapped, None, 1, 0, spec.dilation, g)
        result = np.vectorize(sympy.expand, otypes=[object])(result)
    else:
        values = arr  # read cell by cell below, structural zeros as 0
        result = np.empty((spec.out_channels, *spec.output_size), dtype=object)
        taps = list(np.ndindex(*spec.kernel_size))
        for co, *o in positions:
            terms = []
            for ci in range(cin_g):
                for t in taps:
                    q = tuple(o[n] + t[n] * spec.dilation[n] for n in range(spec.rank))
                    cell = values[((co // cout_g) * cin_g + ci, *q)]
                    if cell is not ZERO:  # a structural zero adds nothing
                        terms.append(cell * swapped[(co, ci, *t)])
            result[(co, *o)] = _expanded_sum(terms)
    return ZeroInsertion(insertion_padding(spec), arr, swapped, result)


def round_trip(d: Derivation, count: int | None = None) -> np.ndarray:
    """``C (C^T x)`` for a transposed derivation, ``C^T (C x)`` for a forward one.

    The product is taken without the bias, for the first sample, and
    reshaped like that sample of ``x`` (full layout).  With ``count``, only
    the first ``count`` entries (flat order) are computed, as a 1-D array.
    """
    spec = d.spec
    st = d.structure
    u = d.product[0]
    flat_w = d.w.reshape(-1)
    x0 = d.x[0] if spec.batch is not None else d.x
    size = x0.size if count is None else min(count, x0.size)
    terms: list[list[Any]] = [[] for _ in range(size)]
    # transposed: (C u)[r] = sum_c C[r, c] u[c]; forward: (C^T u)[c] = sum_r C[r, c] u[r]
    here, there = (st.rows, st.cols) if spec.transposed else (st.cols, st.rows)
    keep = here < size
    for a, b, t in zip(here[keep].tolist(), there[keep].tolist(), st.taps[keep].tolist()):
        terms[a].append(flat_w[t] * u[b])
    out = np.empty(size, dtype=object)
    out[:] = [_expanded_sum(entry) for entry in terms]
    return out.reshape(x0.shape) if count is None else out
