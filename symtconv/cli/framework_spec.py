"""Turn spec options given in a framework's terms into symtconv's own (PyTorch-style) ones.

With ``--framework NAME`` the geometry options are that framework's
parameters, and ``--input`` / ``--kernel`` (values or shapes) are in its
layouts: channels last for TensorFlow, Keras and JAX; kernels ``HWOI``
(TensorFlow, Keras, JAX with ``--transpose-kernel``) or ``HWIO`` and *not
flipped* (JAX: its kernel is flipped here into PyTorch's convention).  The
layer is read into the canonical form and handed on as PyTorch-style
``padding`` / ``output_padding``; results are shown in PyTorch's layout.
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from ..core.operands import infer_rank
from ..errors import SpecError
from ..frameworks import get_framework
from ..frameworks.layouts import weight_to_torch
from .framework_options import framework_params, given_framework

__all__ = ["SPEC_DEFAULTS", "apply_framework"]

#: Defaults of the spec options that a framework's parameters share.
SPEC_DEFAULTS: dict[str, Any] = {"stride": "1", "dilation": "1", "groups": 1}


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


def apply_framework(args: argparse.Namespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    """``kwargs`` of :func:`~symtconv.cli.options.spec_kwargs` rewritten from a framework's terms.

    Returns ``kwargs`` unchanged when no framework options were given.

    Raises:
        SpecError: framework options that do not fit, values the framework
            rejects, or a layer no PyTorch-style spec computes.
    """
    name = given_framework(args, SPEC_DEFAULTS)
    if name is None:
        return kwargs
    if kwargs["forward"]:
        raise SpecError("--framework: describes a transposed convolution; drop --forward")
    fw = get_framework(name)
    params = framework_params(name, args, SPEC_DEFAULTS)
    x, xs, w, ks = kwargs["input"], kwargs["input_shape"], kwargs["kernel"], kwargs["kernel_shape"]
    x_shape = x.shape if x is not None else xs
    w_shape = w.shape if w is not None else ks
    if x_shape is None or w_shape is None:
        raise SpecError("--framework: give the input and the kernel (values or shapes)")
    rank = infer_rank(tuple(x_shape), tuple(w_shape))
    layout, flip = fw.weight_layout(params)
    x, xs = _to_torch_input(x, xs, rank, fw.input_layout == "NHWC")
    w, ks = _to_torch_kernel(w, ks, rank, layout, flip)
    x_shape = x.shape if x is not None else xs
    w_shape = w.shape if w is not None else ks
    groups = int(params.get("groups", params.get("group", 1)))
    full_kernel = len(w_shape) == rank + 2
    in_ch = w_shape[0] if full_kernel else (kwargs["in_channels"] or 1)
    out_ch = w_shape[1] * groups if full_kernel else (kwargs["out_channels"] or 1)
    reading = fw.from_params(
        tuple(x_shape[-rank:]),
        tuple(w_shape[-rank:]),
        params,
        in_channels=in_ch,
        out_channels=out_ch,
    )
    spec = reading.canonical.to_spec()
    out = dict(kwargs)
    out.update(
        input=x,
        input_shape=xs,
        kernel=w,
        kernel_shape=ks,
        stride=spec.stride,
        padding=[list(p) for p in spec.padding],
        output_padding=spec.output_padding,
        dilation=spec.dilation,
        groups=spec.groups,
    )
    return out
