"""Transposed convolution in the terms of PyTorch, ONNX, TensorFlow, Keras, JAX, PaddlePaddle,
MindSpore, TensorRT, Core ML, OpenVINO, MXNet, Caffe and TF.js.

Every framework's parameters are read into one :class:`Canonical` form and
expressed back in any other framework, exactly or with an explicit crop/pad
workaround (:mod:`symtconv.frameworks.base`).  :data:`FRAMEWORKS` is the
registry; :func:`get_framework` looks a name (or alias) up.

The modules: :mod:`.canonical` (the geometry), :mod:`.windows` (its numbers:
crop, zero-pad, compute), :mod:`.reading` (a :class:`Layer` in, a
:class:`Reading` out), :mod:`.equivalent`, :mod:`.base` (what a framework
provides, and the search that expresses a canonical form), one module per
framework (:mod:`.pytorch`, :mod:`.onnx_op`, :mod:`.tensorflow`, :mod:`.keras`,
:mod:`.jax`, :mod:`.paddle`, :mod:`.mindspore`, :mod:`.tensorrt`, :mod:`.coreml`,
:mod:`.openvino`, :mod:`.mxnet`, :mod:`.caffe`, :mod:`.tfjs`; a new one subclasses
:class:`Framework` and joins :data:`FRAMEWORKS`; :mod:`.forms` holds the padding
forms several share), :mod:`.layouts` and :mod:`.codegen` (their tensors and
code), :mod:`.convert` (one layer in every framework), :mod:`.spec_reading` (a
spec in a framework's terms) and :mod:`.crosscheck` (the real frameworks run
against symtconv).

Examples:
    >>> tf_params = {"output_shape": [10], "strides": [2], "padding": "SAME"}
    >>> r = from_framework("tensorflow", 5, 3, tf_params)
    >>> r.canonical.pads
    ((0, 1),)
    >>> to_framework(r.canonical, "onnx").params["pads"]
    [0, 1]
    >>> to_framework(r.canonical, "torch").exact
    False
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..core.spec import IntOrSeq
from ..errors import SpecError
from .base import Framework
from .caffe import CAFFE
from .canonical import Canonical
from .coreml import COREML
from .equivalent import Equivalent
from .jax import JAX
from .keras import KERAS
from .layouts import convert_weight, weight_from_torch, weight_to_torch
from .mindspore import MINDSPORE
from .mxnet import MXNET
from .onnx_op import ONNX
from .openvino import OPENVINO
from .paddle import PADDLE
from .pytorch import PYTORCH
from .reading import Channels, Layer, Reading
from .tensorflow import TENSORFLOW
from .tensorrt import TENSORRT
from .tfjs import TFJS, TFJS_LAYERS

if TYPE_CHECKING:
    from typing import Unpack

__all__ = [
    "FRAMEWORKS",
    "Canonical",
    "Equivalent",
    "Framework",
    "Layer",
    "Reading",
    "convert_weight",
    "from_framework",
    "get_framework",
    "to_framework",
    "weight_from_torch",
    "weight_to_torch",
]

#: Registry: name -> framework converter (see :class:`~symtconv.frameworks.base.Framework`).
FRAMEWORKS: dict[str, Framework] = {
    fw.name: fw
    for fw in (PYTORCH, ONNX, TENSORFLOW, KERAS, JAX)
    + (PADDLE, MINDSPORE, TENSORRT, COREML, OPENVINO, MXNET, CAFFE, TFJS, TFJS_LAYERS)
}


def get_framework(name: str) -> Framework:
    """The framework registered under ``name`` or one of its aliases (case-insensitive).

    Raises:
        SpecError: an unknown name (the message lists the valid ones).
    """
    key = str(name).strip().lower()
    for fw in FRAMEWORKS.values():
        if key == fw.name or key in fw.aliases:
            return fw
    valid = ", ".join(
        fw.name + (f" ({', '.join(fw.aliases)})" if fw.aliases else "")
        for fw in FRAMEWORKS.values()
    )
    raise SpecError(f"framework: got {name!r}; valid frameworks: {valid}")


def from_framework(
    name: str,
    input_size: IntOrSeq,
    kernel_size: IntOrSeq,
    params: Mapping[str, Any] | None = None,
    **channels: Unpack[Channels],
) -> Reading:
    """Read a framework's parameters (its own names) into the canonical form.

    The arguments after ``name`` are those of
    :meth:`~symtconv.frameworks.base.Framework.from_params`.

    Raises:
        SpecError: unknown framework or parameter, or values the framework rejects.
    """
    return get_framework(name).from_params(input_size, kernel_size, params, **channels)


def to_framework(canonical: Canonical, name: str) -> Equivalent:
    """Express a canonical form in a framework (exactly, or with the exact workaround).

    Raises:
        SpecError: unknown framework.
    """
    return get_framework(name).to_params(canonical)
