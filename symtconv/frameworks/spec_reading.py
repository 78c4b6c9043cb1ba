"""A spec given in a framework's own terms, read into symtconv's (PyTorch-style) spec options.

The operands come in the framework's layouts: channels last for TensorFlow,
Keras and JAX; kernels ``HWOI`` (TensorFlow, Keras, JAX with
``transpose_kernel``) or ``HWIO`` and *not flipped* (JAX: its kernel is
flipped here into PyTorch's convention).  The layer is read into the canonical
form and handed on as PyTorch-style ``stride`` / ``padding`` /
``output_padding`` / ``dilation`` / ``groups``, with the operands in PyTorch's
layout.

Examples:
    >>> options = spec_options_from(
    ...     "tensorflow", {"output_shape": 6, "strides": 2, "padding": "SAME"},
    ...     input_shape=(3,), kernel_shape=(3,))
    >>> options["padding"], options["output_padding"]
    ([[0, 1]], (0,))
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ..core.operands import SpecOptions, infer_rank
from ..errors import SpecError
from . import get_framework
from .layouts import weight_to_torch

if TYPE_CHECKING:
    from typing import Unpack

__all__ = ["spec_options_from"]


def _to_torch_input(x: Any, shape: Any, rank: int, channels_last: bool) -> tuple[Any, Any]:
    if not channels_last:
        return x, shape
    if x is not None and x.ndim > rank:
        x = np.moveaxis(x, -1, x.ndim - rank - 1)
    if shape is not None and len(shape) > rank:
        lead = len(shape) - rank - 1
        shape = (*shape[:lead], shape[-1], *shape[lead:-1])
    return x, shape


def _to_torch_kernel(w: Any, shape: Any, rank: int, layout: str, flip: bool) -> tuple[Any, Any]:
    if w is not None:
        if w.ndim == rank + 2:
            w = weight_to_torch(w, layout, flip)
        elif flip:
            w = np.flip(w, axis=tuple(range(w.ndim)))
    if shape is not None and len(shape) == rank + 2:
        shape = tuple(weight_to_torch(np.zeros(shape), layout, False).shape)
    return w, shape


def spec_options_from(
    framework: str,
    params: Mapping[str, Any],
    input: Any = None,
    kernel: Any = None,
    **options: Unpack[SpecOptions],
) -> dict[str, Any]:
    """``input``, ``kernel`` and the spec ``options``, rewritten from a framework's terms.

    Args:
        framework: the framework's name (see :data:`~symtconv.frameworks.FRAMEWORKS`).
        params: its parameters by its own names.
        input, kernel: values (arrays) in the framework's layouts, or None with shapes.
        **options: the other :class:`~symtconv.core.operands.SpecOptions`
            (``input_shape`` and ``kernel_shape`` in the framework's layouts).

    Returns:
        The options with ``input``, ``kernel``, ``input_shape``, ``kernel_shape`` in
        PyTorch's layout and ``stride``, ``padding``, ``output_padding``,
        ``dilation``, ``groups`` read from ``params``.

    Raises:
        SpecError: no operands, values the framework rejects, or a layer that no
            PyTorch-style spec computes.
    """
    fw = get_framework(framework)
    x = None if input is None else np.asarray(input)
    w = None if kernel is None else np.asarray(kernel)
    xs, ks = options.get("input_shape"), options.get("kernel_shape")
    x_shape = x.shape if x is not None else xs
    w_shape = w.shape if w is not None else ks
    if x_shape is None or w_shape is None:
        raise SpecError("input, kernel: give the values or the shapes (input_shape, kernel_shape)")
    rank = infer_rank(tuple(x_shape), tuple(w_shape))
    layout, flip = fw.weight_layout(params)
    x, xs = _to_torch_input(x, xs, rank, fw.layout_for(params) == "NHWC")
    w, ks = _to_torch_kernel(w, ks, rank, layout, flip)
    x_shape = x.shape if x is not None else xs
    w_shape = w.shape if w is not None else ks
    groups = int(params.get(fw.groups_param, 1))
    full_kernel = len(w_shape) == rank + 2
    in_ch = w_shape[0] if full_kernel else (options.get("in_channels") or 1)
    out_ch = w_shape[1] * groups if full_kernel else (options.get("out_channels") or 1)
    reading = fw.from_params(
        tuple(x_shape[-rank:]),
        tuple(w_shape[-rank:]),
        params,
        in_channels=in_ch,
        out_channels=out_ch,
    )
    if any(reading.appended_zeros):
        raise SpecError(
            f"output_padding: {fw.title} appends {list(reading.appended_zeros)} zero(s) after the "
            "convolution, which no PyTorch-style spec computes; give the padding without "
            "output_padding (symtconv convert shows the zeros as an explicit pad)"
        )
    spec = reading.canonical.to_spec()
    return {
        **options,
        "input": x,
        "input_shape": xs,
        "kernel": w,
        "kernel_shape": ks,
        "stride": spec.stride,
        "padding": [list(p) for p in spec.padding],
        "output_padding": spec.output_padding,
        "dilation": spec.dilation,
        "groups": spec.groups,
    }
