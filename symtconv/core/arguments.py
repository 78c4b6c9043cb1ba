"""The arguments of a numeric convolution call, read into a spec and back.

:mod:`symtconv.core.numeric` takes PyTorch-style calls: arrays in PyTorch's
layout and the geometry as keywords.  :func:`prepare` is the start every one
of its convolutions shares (arrays checked, the :class:`~symtconv.core.spec.ConvSpec`
read from the shapes and keywords, a batch axis, the exact dtype), :func:`finish`
the shared end (bias, batch axis).  :func:`conv_params` goes the other way, from a
spec to the keywords, and :func:`c_rows` with :func:`c_transpose_params` give the
calls whose results are ``C u`` and ``C^T v`` (the adjoint identity's two sides).

Examples:
    >>> import numpy as np
    >>> call = prepare(np.ones((1, 3, 3)), np.ones((1, 1, 2, 2)), None, stride=2,
    ...                padding=0, output_padding=1, dilation=1, groups=1, transposed=True,
    ...                method="scatter", max_bytes=2**31)
    >>> call.spec.output_size, call.x.shape
    ((7, 7), (1, 1, 3, 3))
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from ..errors import SpecError
from . import cost
from .spec import ConvSpec, IntOrSeq, PaddingArg, tconv_output_length

__all__ = [
    "Call",
    "c_rows",
    "c_transpose_params",
    "conv_params",
    "finish",
    "prepare",
]


def _as_array(value: Any, name: str) -> np.ndarray:
    arr = np.asarray(value)
    if arr.dtype.kind not in "biufO":
        raise SpecError(f"{name}: has dtype {arr.dtype}; must hold numbers")
    if arr.dtype.kind == "b":
        arr = arr.astype(np.int64)
    return arr


def _channels(x: np.ndarray, w: np.ndarray, groups: int, transposed: bool) -> tuple[int, int]:
    """The channel counts ``(in, out)`` a call's shapes give; they must fit together.

    Raises:
        SpecError: a weight or input of the wrong rank, bad groups, or channels that disagree.
    """
    rank = w.ndim - 2
    if rank < 1:
        raise SpecError(
            f"weight: has shape {w.shape}; must be (C_in, C_out/groups, *kernel) for a transposed "
            "convolution or (C_out, C_in/groups, *kernel) for a convolution"
        )
    if x.ndim not in (rank + 1, rank + 2):
        raise SpecError(
            f"input: has shape {x.shape}; for a {rank}-D weight it must be (C, *size) "
            "or (N, C, *size)"
        )
    if isinstance(groups, bool) or not isinstance(groups, int) or groups < 1:
        raise SpecError(f"groups: got {groups!r}; must be an integer >= 1")
    channels = x.shape[-rank - 1]
    if transposed:
        in_ch, out_ch = w.shape[0], w.shape[1] * groups
    else:
        in_ch, out_ch = w.shape[1] * groups, w.shape[0]
    if channels != in_ch:
        raise SpecError(
            f"input: has {channels} channel(s) (shape {x.shape}) but the weight of shape "
            f"{w.shape} with groups={groups} expects {in_ch}"
        )
    if in_ch % groups or out_ch % groups:
        raise SpecError(
            f"groups: got {groups}; must divide the weight's channel counts ({in_ch}, {out_ch})"
        )
    return in_ch, out_ch


#: The largest magnitude int64 holds.
_INT64_MAX = 2**63 - 1


def _magnitude(arr: np.ndarray) -> int:
    """The largest ``|v|`` of an integer array, as a Python integer (no int64 wrap-around)."""
    if arr.size == 0:
        return 0
    return max(abs(int(arr.max())), abs(int(arr.min())))


def _result_dtype(spec: ConvSpec, x: np.ndarray, w: np.ndarray, b: np.ndarray | None) -> Any:
    """The dtype the convolution computes in: exact for integers, from the data's bounds.

    Integer data is computed in int64 when every sum of products fits, by the
    bound ``max|x| * max|w| * (C_in/groups * taps) + max|b|``; else in Python integers
    (an object array), exactly.  Object data stays object; floats follow NumPy.
    """
    arrays = [a for a in (x, w, b) if a is not None]
    if any(a.dtype == object for a in arrays):
        return object
    if all(a.dtype.kind in "biu" for a in arrays):
        terms = spec.in_channels // spec.groups * math.prod(spec.kernel_size)
        bound = _magnitude(x) * _magnitude(w) * terms + (0 if b is None else _magnitude(b))
        return np.int64 if bound <= _INT64_MAX else object
    return np.result_type(*arrays)


def _add_bias(out: np.ndarray, bias: Any, rank: int) -> np.ndarray:
    if bias is None:
        return out
    b = np.asarray(bias)
    dtype = out.dtype if b.dtype.kind in "biu" or out.dtype == object else np.result_type(out, b)
    return out.astype(dtype, copy=False) + b.reshape((-1,) + (1,) * rank).astype(dtype)


class Call(NamedTuple):
    """One call's arguments, checked: the spec, the input with a batch axis, the weight."""

    spec: ConvSpec
    x: np.ndarray
    w: np.ndarray
    dtype: Any


def prepare(
    x: Any,
    w: Any,
    bias: Any,
    stride: IntOrSeq,
    padding: PaddingArg,
    output_padding: IntOrSeq,
    dilation: IntOrSeq,
    groups: int,
    *,
    transposed: bool,
    method: str,
    max_bytes: int,
) -> Call:
    """The common start of every convolution here: arrays, the spec, a batch axis, the dtype,
    and the cost: the arrays ``method`` would hold at its peak, checked against ``max_bytes``.

    The arguments are those of the convolution called, in its order; the
    spatial rank is the weight's.

    Raises:
        SpecError: shapes that do not fit together, or invalid parameters (PyTorch's rules).
        TooLargeError: the arrays would take more than ``max_bytes`` bytes.
    """
    x, w = _as_array(x, "input"), _as_array(w, "weight")
    in_ch, out_ch = _channels(x, w, groups, transposed)
    rank = w.ndim - 2
    spec = ConvSpec.create(
        x.shape[-rank:],
        w.shape[2:],
        stride=stride,
        padding=padding,
        output_padding=output_padding,
        dilation=dilation,
        in_channels=in_ch,
        out_channels=out_ch,
        groups=groups,
        transposed=transposed,
        batch=x.shape[0] if x.ndim == rank + 2 else None,
        bias=bias is not None,
    )
    b = None if bias is None else _as_array(bias, "bias")
    if b is not None and b.shape != (out_ch,):
        raise SpecError(f"bias: has shape {b.shape}; must be ({out_ch},), one per output channel")
    xb = x if spec.batch is not None else x[None]
    dtype = _result_dtype(spec, xb, w, b)
    itemsize = cost.OBJECT_BYTES if dtype is object else np.dtype(dtype).itemsize
    cost.require(
        cost.numeric_bytes(spec, method, itemsize),
        max_bytes,
        cost.MAX_BYTES,
        "the arrays",
        cost.describe(spec),
    )
    return Call(spec, xb, w, dtype)


def finish(out: np.ndarray, bias: Any, spec: ConvSpec) -> np.ndarray:
    """The common end: add the bias, drop the batch axis if the input had none."""
    out = _add_bias(out, bias, spec.rank)
    return out if spec.batch is not None else out[0]


def conv_params(spec: ConvSpec) -> dict[str, Any]:
    """The keyword arguments that give this module's functions the geometry of ``spec``.

    ``output_padding`` is included for a transposed spec only (:func:`conv` has none).

    Examples:
        >>> conv_params(ConvSpec.create(3, 2, stride=2))
        {'stride': (2,), 'padding': [[0, 0]], 'dilation': (1,), 'groups': 1, 'output_padding': (0,)}
    """
    params: dict[str, Any] = {
        "stride": spec.stride,
        "padding": [list(p) for p in spec.padding],
        "dilation": spec.dilation,
        "groups": spec.groups,
    }
    if spec.transposed:
        params["output_padding"] = spec.output_padding
    return params


def c_rows(spec: ConvSpec) -> tuple[Any, ...]:
    """The index that keeps C's rows in the output of C's forward convolution.

    C is the matrix of ``spec.forward_equivalent()`` restricted to its first
    ``spec.row_size`` output positions (all of them unless ``op >= s``).

    Examples:
        >>> c_rows(ConvSpec.create(3, 2))
        (Ellipsis, slice(0, 3, None))
    """
    return (Ellipsis, *(slice(0, n) for n in spec.row_size))


def c_transpose_params(spec: ConvSpec) -> dict[str, Any]:
    """The keywords with which ``conv_transpose(v, w, None, **them)`` is ``C^T v``, any spec.

    The geometry of C's forward convolution, and the output padding that
    gives back C's column size ``spec.col_size`` from its row size.

    Examples:
        >>> c_transpose_params(ConvSpec.create(5, 2, stride=2, transposed=False))["output_padding"]
        (1,)
    """
    op = tuple(
        n - tconv_output_length(m, k, s, lo, hi, d, 0)
        for n, m, k, s, (lo, hi), d in zip(
            spec.col_size, spec.row_size, spec.kernel_size, spec.stride, spec.padding, spec.dilation
        )
    )
    return {**conv_params(spec.forward_equivalent()), "output_padding": op}
