"""Numeric (transposed) convolution with NumPy, in PyTorch's layout.

Three independent ways to compute, used to check one another and the
literal matrix product:

* :func:`conv_transpose` -- the scatter view: every input element times the
  whole kernel, accumulated into the output at offset ``position*s - p_lo``
  with taps spaced by ``d``.  Written as one matrix product (all channels
  and taps at once) followed by a strided accumulation per kernel tap
  ("GEMM + col2im"); no Python loop over elements.
* :func:`conv_transpose_zero_insertion` -- the zero-insertion view: insert
  ``s-1`` zeros between input elements, pad ``d(k-1) - p_lo`` low and
  ``d(k-1) - p_hi + op`` high (cropping where negative), then a stride-1
  correlation with the spatially flipped, channel-swapped kernel.
* :func:`conv` -- the forward convolution by gathering windows
  (cross-correlation, no flip).

All three are dtype-generic: integer arrays are computed exactly, in int64
where the data's bounds show that no sum of products can overflow it, else in
Python integers; object arrays (Python ints, :class:`fractions.Fraction`, SymPy
values) exactly in their own arithmetic, floats in floating point.  Each refuses,
before it allocates anything, a call whose arrays would take more than
``max_bytes`` (default 2 GiB; :mod:`symtconv.core.cost`).  They share their
start and end (:mod:`symtconv.core.arguments`, which also turns a spec back
into their keywords).  The zero-insertion view's pieces (:func:`zero_inserted`,
:func:`flipped_kernel`) serve the document too.

Examples:
    >>> import numpy as np
    >>> x = np.array([[1, 2], [3, 4]]); w = np.array([[1, 0], [0, -1]])
    >>> conv_transpose(x[None], w[None, None])[0].tolist()
    [[1, 2, 0], [3, 3, -2], [0, -3, -4]]
    >>> conv(np.arange(1, 10).reshape(1, 3, 3), w[None, None])[0].tolist()
    [[-4, -4], [-4, -4]]
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .arguments import finish, prepare
from .cost import MAX_BYTES
from .spec import ConvSpec, IntOrSeq, PaddingArg

__all__ = [
    "conv",
    "conv_transpose",
    "conv_transpose_zero_insertion",
    "flipped_kernel",
    "insertion_padding",
    "pad_or_crop",
    "zero_inserted",
]


def conv_transpose(
    x: Any,
    w: Any,
    bias: Any = None,
    stride: IntOrSeq = 1,
    padding: PaddingArg = 0,
    output_padding: IntOrSeq = 0,
    dilation: IntOrSeq = 1,
    groups: int = 1,
    *,
    max_bytes: int = MAX_BYTES.default,
) -> np.ndarray:
    """Transposed convolution by scatter-add (matrix product, then col2im).

    Args:
        x: input ``(C_in, *size)`` or ``(N, C_in, *size)``.
        w: weight ``(C_in, C_out/groups, *kernel)`` (PyTorch's layout).
        bias: ``(C_out,)`` or ``None``.
        stride, padding, output_padding, dilation: an int or one per spatial
            dimension; padding may also be one ``(lo, hi)`` pair per dimension.
        groups: number of groups.
        max_bytes: refuse a call whose arrays would take more bytes than this.

    Returns:
        The output ``(C_out, *out)`` or ``(N, C_out, *out)``.

    Raises:
        SpecError: invalid shapes or parameters (PyTorch's rules).
        TooLargeError: the arrays would take more than ``max_bytes`` bytes.
    """
    spec, xb, w, dtype = prepare(
        x,
        w,
        bias,
        stride,
        padding,
        output_padding,
        dilation,
        groups,
        transposed=True,
        method="scatter",
        max_bytes=max_bytes,
    )
    n, g, k, i = xb.shape[0], spec.groups, spec.kernel_size, spec.input_size
    cin_g, cout_g, taps, positions = (
        spec.in_channels // g,
        spec.out_channels // g,
        math.prod(k),
        math.prod(i),
    )
    # one GEMM per group, tap-major: cols[g, t, co, (n, q)] = sum_ci w[g, ci, co, t] x[n, g, ci, q]
    wt = w.reshape(g, cin_g, cout_g, taps).transpose(0, 3, 2, 1).reshape(g, taps * cout_g, cin_g)
    xg = xb.reshape(n, g, cin_g, positions).transpose(1, 2, 0, 3).reshape(g, cin_g, n * positions)
    macs = g * taps * cout_g * cin_g * n * positions
    threads = _threads(dtype, macs, GEMM_WORK)
    cols = _matmul(wt.astype(dtype, copy=False), xg.astype(dtype, copy=False), threads)
    cols = cols.reshape(g, taps, cout_g, n, *i)
    # col2im: input position q, tap t lands at q*s + t*d on the uncropped canvas
    span = [
        (ii - 1) * s + d * (kk - 1) + 1 for ii, kk, s, d in zip(i, k, spec.stride, spec.dilation)
    ]
    length = [max(sp, lo + o) for sp, (lo, _), o in zip(span, spec.padding, spec.output_size)]
    canvas = np.empty((n, g, cout_g, *length), dtype=dtype)
    _col2im(canvas, cols, spec, _threads(dtype, canvas.size * taps))
    crop = tuple(slice(lo, lo + o) for (lo, _), o in zip(spec.padding, spec.output_size))
    out = canvas[(slice(None), slice(None), slice(None), *crop)]
    return finish(out.reshape(n, spec.out_channels, *spec.output_size), bias, spec)


def _matmul(a: np.ndarray, b: np.ndarray, threads: int = 1) -> np.ndarray:
    """``a @ b`` for stacks (g, m, c) @ (g, c, p); a few broadcast products when c is tiny
    (BLAS is slow for an inner dimension of one or two).

    With ``threads > 1``, the columns are split between that many of symtconv's threads,
    each a one-thread BLAS product (see :func:`_blas_one_thread`): on a busy machine
    OpenBLAS's own threads, which spin while they wait, were up to twice as slow as one
    thread, these no slower.
    """
    if a.shape[2] <= 2:
        out = a[:, :, 0, None] * b[:, None, 0, :]
        for c in range(1, a.shape[2]):
            out += a[:, :, c, None] * b[:, None, c, :]
        return out
    limit = _blas_one_thread() if threads > 1 else None
    if limit is None:
        return np.matmul(a, b)
    out = np.empty((a.shape[0], a.shape[1], b.shape[2]), dtype=np.result_type(a, b))
    step = -(-b.shape[2] // threads)
    parts = [slice(c, min(c + step, b.shape[2])) for c in range(0, b.shape[2], step)]
    with limit:
        for future in [_pool().submit(np.matmul, a, b[:, :, p], out=out[:, :, p]) for p in parts]:
            future.result()
    return out


_CONTROLLER: Any = None


def _blas_one_thread() -> Any:
    """A context in which NumPy's BLAS runs on one thread (threadpoolctl), or None without it."""
    global _CONTROLLER
    if _CONTROLLER is None:
        try:  # threadpoolctl is a dependency; without it, BLAS keeps its own threads
            from threadpoolctl import ThreadpoolController
        except ImportError:  # pragma: no cover - an environment without it
            _CONTROLLER = False
        else:
            _CONTROLLER = ThreadpoolController()
    return _CONTROLLER.limit(limits=1, user_api="blas") if _CONTROLLER else None


#: Threads for the accumulation of big float problems (BLAS threads the matrix product).
NUM_THREADS = os.cpu_count() or 1
#: Below this much accumulation work (canvas entries x taps) one thread does it all.
THREAD_WORK = 1 << 23
_POOL: ThreadPoolExecutor | None = None


#: Below this many multiply-adds, the matrix product is NumPy's own (OpenBLAS picks its threads).
GEMM_WORK = 1 << 24


def _threads(dtype: Any, work: int, threshold: int = THREAD_WORK) -> int:
    """How many of symtconv's threads to use: only for native floats and big problems."""
    if np.dtype(dtype).kind != "f" or work < threshold:
        return 1
    return NUM_THREADS


def _col2im(canvas: np.ndarray, cols: np.ndarray, spec: ConvSpec, threads: int) -> None:
    """Accumulate every tap's block ``cols[g, t, co, n, *i]`` into ``canvas[n, g, co, *length]``.

    Works phase by phase (canvas positions with the same residue mod s per
    dimension): the taps of one phase are summed in a contiguous buffer, which
    is then written into the strided phase lattice once.
    """
    rank, i = spec.rank, spec.input_size
    per_dim = []
    for s, d, kk, _length in zip(spec.stride, spec.dilation, spec.kernel_size, canvas.shape[3:]):
        per_dim.append(
            [(r, [(t, t * d // s) for t in range(kk) if t * d % s == r]) for r in range(s)]
        )
    strides_k = [math.prod(spec.kernel_size[dim + 1 :]) for dim in range(rank)]
    lead = (slice(None),) * 3

    def work(c0: int, c1: int) -> None:
        for phase in itertools.product(*per_dim):
            lattice = tuple(slice(r, None, s) for (r, _), s in zip(phase, spec.stride))
            dst = canvas[(slice(None), slice(None), slice(c0, c1), *lattice)]
            tap_lists = [t for _, t in phase]
            if not all(tap_lists):
                dst[...] = 0
                continue
            # buf in the layout of cols: (g, co, n, *phase lattice)
            buf = np.zeros((dst.shape[1], dst.shape[2], dst.shape[0], *dst.shape[3:]), canvas.dtype)
            for combo in itertools.product(*tap_lists):
                t = sum(tt * st for (tt, _), st in zip(combo, strides_k))
                where = tuple(slice(off, off + ii) for (_, off), ii in zip(combo, i))
                buf[(*lead, *where)] += cols[:, t, c0:c1]
            dst[...] = buf.transpose(2, 0, 1, *range(3, 3 + rank))

    cout_g = canvas.shape[2]
    if threads <= 1 or cout_g < 2:
        work(0, cout_g)
        return
    step = -(-cout_g // threads)
    for future in [_pool().submit(work, c, min(c + step, cout_g)) for c in range(0, cout_g, step)]:
        future.result()


def _pool() -> ThreadPoolExecutor:
    """symtconv's worker threads (made on first use)."""
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(NUM_THREADS, thread_name_prefix="symtconv")
    return _POOL


def pad_or_crop(arr: np.ndarray, axis: int, lo: int, hi: int, fill: Any = 0) -> np.ndarray:
    """Pad with ``fill`` (positive amounts) or crop (negative amounts) along one axis.

    Padding comes first, so a crop on one side may reach into the other
    side's padding (the crop can be longer than the array itself).

    Examples:
        >>> pad_or_crop(np.array([1, 2, 3]), 0, 2, -1).tolist()
        [0, 0, 1, 2]
    """
    pad_lo, pad_hi = max(lo, 0), max(hi, 0)
    if pad_lo or pad_hi:
        shape = list(arr.shape)
        shape[axis] += pad_lo + pad_hi
        out = np.empty(shape, dtype=arr.dtype)
        out[...] = fill
        index = [slice(None)] * arr.ndim
        index[axis] = slice(pad_lo, pad_lo + arr.shape[axis])
        out[tuple(index)] = arr
        arr = out
    crop_lo, crop_hi = max(-lo, 0), max(-hi, 0)
    if crop_lo or crop_hi:
        index = [slice(None)] * arr.ndim
        index[axis] = slice(crop_lo, arr.shape[axis] - crop_hi)
        arr = arr[tuple(index)]
    return arr


def insertion_padding(spec: ConvSpec) -> tuple[tuple[int, int], ...]:
    """Per dimension, the zeros the zero-insertion view adds to the stretched input.

    ``(d(k-1) - p_lo, d(k-1) - p_hi + op)``; a negative amount crops.

    Examples:
        >>> insertion_padding(ConvSpec.create(2, 3, padding=(1,), output_padding=0))
        ((1, 1),)
    """
    pads = []
    for (lo, hi), k, d, op in zip(
        spec.padding, spec.kernel_size, spec.dilation, spec.output_padding
    ):
        reach = d * (k - 1)
        pads.append((reach - lo, reach - hi + op))
    return tuple(pads)


def zero_inserted(x: np.ndarray, spec: ConvSpec, fill: Any = 0, dtype: Any = None) -> np.ndarray:
    """The zero-insertion view's input: ``s-1`` fills between neighbours, then padded.

    The spatial axes are the last ``spec.rank`` axes of ``x``; the padding is
    :func:`insertion_padding` (a negative amount crops).
    """
    rank = spec.rank
    lead = x.shape[: x.ndim - rank]
    size = [(i - 1) * s + 1 for i, s in zip(spec.input_size, spec.stride)]
    out = np.empty((*lead, *size), dtype=x.dtype if dtype is None else dtype)
    out[...] = fill
    out[(Ellipsis, *(slice(None, None, s) for s in spec.stride))] = x  # type: ignore[index]
    for dim, (lo, hi) in enumerate(insertion_padding(spec)):
        out = pad_or_crop(out, len(lead) + dim, lo, hi, fill)
    return out


def flipped_kernel(spec: ConvSpec, w: np.ndarray) -> np.ndarray:
    """A transposed weight flipped in every spatial dimension, channel axes swapped.

    ``(C_in, C_out/groups, *k)`` becomes ``(C_out, C_in/groups, *k)``: the
    forward weight of the zero-insertion view.
    """
    g = spec.groups
    cin_g, cout_g = spec.in_channels // g, spec.out_channels // g
    flipped = w[(slice(None), slice(None), *(slice(None, None, -1),) * spec.rank)]
    return (
        flipped.reshape(g, cin_g, cout_g, *spec.kernel_size)
        .swapaxes(1, 2)
        .reshape(spec.out_channels, cin_g, *spec.kernel_size)
    )


def conv_transpose_zero_insertion(
    x: Any,
    w: Any,
    bias: Any = None,
    stride: IntOrSeq = 1,
    padding: PaddingArg = 0,
    output_padding: IntOrSeq = 0,
    dilation: IntOrSeq = 1,
    groups: int = 1,
    *,
    max_bytes: int = MAX_BYTES.default,
    at: Sequence[tuple[int, ...]] | None = None,
) -> np.ndarray:
    """Transposed convolution as a stride-1 correlation of the zero-stuffed input.

    Same arguments and result as :func:`conv_transpose` (and ``at`` as for
    :func:`conv`: only those output positions computed).  Steps: insert
    ``s-1`` zeros between input elements; pad ``d(k-1) - p_lo`` zeros low and
    ``d(k-1) - p_hi + op`` high (a negative amount crops); correlate with
    stride 1 and dilation ``d`` with the kernel flipped in every spatial
    dimension and its channel axes swapped to ``(C_out, C_in/groups, *k)``.
    """
    spec, xb, w, dtype = prepare(
        x,
        w,
        bias,
        stride,
        padding,
        output_padding,
        dilation,
        groups,
        transposed=True,
        method="zero_insertion",
        max_bytes=max_bytes,
    )
    stretched = zero_inserted(xb, spec, dtype=dtype)
    flipped = flipped_kernel(spec, w).astype(dtype, copy=False)
    out = conv(
        stretched, flipped, None, 1, 0, spec.dilation, spec.groups, max_bytes=max_bytes, at=at
    )
    return finish(out, bias, spec)


def conv(
    x: Any,
    w: Any,
    bias: Any = None,
    stride: IntOrSeq = 1,
    padding: PaddingArg = 0,
    dilation: IntOrSeq = 1,
    groups: int = 1,
    *,
    max_bytes: int = MAX_BYTES.default,
    at: Sequence[tuple[int, ...]] | None = None,
) -> np.ndarray:
    """Forward convolution (cross-correlation, no kernel flip) by gathering windows.

    Args:
        x: input ``(C_in, *size)`` or ``(N, C_in, *size)``.
        w: weight ``(C_out, C_in/groups, *kernel)`` (PyTorch's layout).
        bias: ``(C_out,)`` or ``None``.
        stride, padding, dilation: an int or one per spatial dimension;
            padding may also be one ``(lo, hi)`` pair per dimension.
        groups: number of groups.
        max_bytes: refuse a call whose arrays would take more bytes than this.
        at: only these output positions (spatial indices, every channel and sample)
            are computed, the others are left 0 -- for a big symbolic convolution of
            which a few entries are shown.

    Returns:
        The output ``(C_out, *out)`` or ``(N, C_out, *out)``.

    Examples:
        >>> x = np.arange(1, 6).reshape(1, 5)
        >>> conv(x, np.array([[[1, -1]]])).tolist()
        [[-1, -1, -1, -1]]
        >>> conv(x, np.array([[[1, -1]]]), at=[(0,), (3,)]).tolist()
        [[-1, 0, 0, -1]]

    Raises:
        SpecError: invalid shapes or parameters.
        TooLargeError: the arrays would take more than ``max_bytes`` bytes.
    """
    spec, xb, w, dtype = prepare(
        x,
        w,
        bias,
        stride,
        padding,
        0,
        dilation,
        groups,
        transposed=False,
        method="gather",
        max_bytes=max_bytes,
    )
    rank, g = spec.rank, spec.groups
    xb = xb.astype(dtype, copy=False)
    for dim, (lo, hi) in enumerate(spec.padding):
        xb = pad_or_crop(xb, 2 + dim, lo, hi)
    axes = tuple(range(2, 2 + rank))
    windows = sliding_window_view(xb, spec.effective_kernel_size, axis=axes)
    windows = windows[
        (slice(None), slice(None))
        + tuple(slice(None, None, s) for s in spec.stride)
        + tuple(slice(None, None, d) for d in spec.dilation)
    ]
    windows = windows[(slice(None), slice(None), *(slice(0, o) for o in spec.output_size))]
    n = xb.shape[0]
    cin_g, cout_g = spec.in_channels // g, spec.out_channels // g
    positions, taps = math.prod(spec.output_size), math.prod(spec.kernel_size)
    # (N, G, cin_g, *out, *k) -> (N, G, positions, cin_g * taps)
    patches = windows.reshape(n, g, cin_g, positions, taps).transpose(0, 1, 3, 2, 4)
    patches = patches.reshape(n, g, positions, cin_g * taps)
    wg = w.reshape(g, cout_g, cin_g * taps).transpose(0, 2, 1).astype(dtype, copy=False)
    if at is None:
        out = np.matmul(patches, wg[None])  # (N, G, positions, cout_g)
    else:
        where = np.ravel_multi_index(tuple(np.array(at, dtype=np.intp).T), spec.output_size)
        out = np.zeros((n, g, positions, cout_g), dtype=dtype)
        out[:, :, where] = np.matmul(patches[:, :, where], wg[None])
    out = out.transpose(0, 1, 3, 2).reshape(n, spec.out_channels, *spec.output_size)
    return finish(out, bias, spec)
