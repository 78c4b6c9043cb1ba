"""Transposed convolution in PyTorch, ONNX, TensorFlow, Keras and JAX terms.

Every framework's parameters are read into one :class:`Canonical` form and
expressed back in any other framework, exactly or with an explicit crop/pad
workaround (:mod:`symtconv.frameworks.base`).  :data:`FRAMEWORKS` is the
registry; :func:`get_framework` looks a name (or alias) up.

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

from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import SpecError
from .base import Equivalent, Framework, Reading
from .canonical import Canonical
from .jax import JAX
from .keras import KERAS
from .layouts import convert_weight, weight_from_torch, weight_to_torch
from .onnx_op import ONNX
from .pytorch import PYTORCH
from .tensorflow import TENSORFLOW

__all__ = [
    "FRAMEWORKS",
    "Canonical",
    "Equivalent",
    "Framework",
    "Reading",
    "convert_weight",
    "from_framework",
    "get_framework",
    "to_framework",
    "weight_from_torch",
    "weight_to_torch",
]

#: Registry: name -> framework converter (see :class:`~symtconv.frameworks.base.Framework`).
FRAMEWORKS: dict[str, Framework] = {fw.name: fw for fw in (PYTORCH, ONNX, TENSORFLOW, KERAS, JAX)}


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
    input_size: int | Sequence[int],
    kernel_size: int | Sequence[int],
    params: Mapping[str, Any] | None = None,
    *,
    in_channels: int = 1,
    out_channels: int = 1,
) -> Reading:
    """Read a framework's parameters (its own names) into the canonical form.

    Raises:
        SpecError: unknown framework or parameter, or values the framework rejects.
    """
    return get_framework(name).from_params(
        input_size, kernel_size, params, in_channels=in_channels, out_channels=out_channels
    )


def to_framework(canonical: Canonical, name: str) -> Equivalent:
    """Express a canonical form in a framework (exactly, or with the exact workaround).

    Raises:
        SpecError: unknown framework.
    """
    return get_framework(name).to_params(canonical)
