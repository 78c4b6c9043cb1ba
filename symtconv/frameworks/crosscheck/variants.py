"""The ways of writing one configuration in a framework's parameters.

:func:`variants_for` gives every exact way the converter knows (or its
workaround); :func:`given_variant` completes the parameters a user gave into
the call's full set.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .. import get_framework
from ..canonical import Canonical
from ..windows import Pair

__all__ = ["Variant", "given_variant", "variants_for"]


@dataclass(frozen=True)
class Variant:
    """One way of writing a configuration in a framework's parameters.

    Attributes:
        label: short description ("pads", "auto_pad=SAME_UPPER", "given", ...).
        params: the framework's parameters.
        adjust: crop/pad applied to the framework's output (a workaround), per dim.
        api: which of the library's entry points runs it, where it has several
            ("" for the runner's default; e.g. JAX's "conv_general_dilated", a
            Keras backend).
    """

    label: str
    params: dict[str, Any]
    adjust: tuple[Pair, ...] = ()
    api: str = ""


def _torch_label(params: Mapping[str, Any]) -> str:
    return "output_size" if "output_size" in params else "padding+output_padding"


def _onnx_label(params: Mapping[str, Any]) -> str:
    parts = []
    if "output_shape" in params:
        parts.append("output_shape")
    parts.append(f"auto_pad={params['auto_pad']}" if "auto_pad" in params else "pads")
    return "+".join(parts)


def _tensorflow_label(params: Mapping[str, Any]) -> str:
    padding = params["padding"]
    return f"padding={padding}" if isinstance(padding, str) else "explicit padding"


def _keras_label(params: Mapping[str, Any]) -> str:
    op = params["output_padding"]
    return f"padding={params['padding']}, output_padding={'None' if op is None else 'set'}"


def _jax_label(params: Mapping[str, Any]) -> str:
    padding = params["padding"]
    return f"padding={padding}" if isinstance(padding, str) else "padding pairs"


def _torch_call_params(c: Canonical) -> dict[str, Any]:
    return {
        "kernel_size": list(c.kernel_size),
        "stride": list(c.stride),
        "padding": [0] * c.rank,
        "dilation": list(c.dilation),
        "groups": c.groups,
    }


def _onnx_call_params(c: Canonical) -> dict[str, Any]:
    return {"kernel_shape": list(c.kernel_size), "group": c.groups}


def _ones(c: Canonical) -> list[int]:
    return [1] * c.rank


def _tensorflow_call_params(c: Canonical) -> dict[str, Any]:
    return {
        "output_shape": list(c.output_size),
        "strides": _ones(c),
        "padding": "SAME",
        "dilations": _ones(c),
    }


def _keras_call_params(c: Canonical) -> dict[str, Any]:
    return {
        "filters": c.out_channels // c.groups,
        "kernel_size": list(c.kernel_size),
        "strides": _ones(c),
        "padding": "valid",
        "output_padding": None,
        "dilation_rate": _ones(c),
    }


def _jax_call_params(c: Canonical) -> dict[str, Any]:
    return {
        "strides": _ones(c),
        "padding": "SAME",
        "rhs_dilation": _ones(c),
        "transpose_kernel": False,
    }


#: framework -> the label of one of its parameter sets (ONNX's style for the others)
_LABELS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "torch": _torch_label,
    "onnx": _onnx_label,
    "tensorflow": _tensorflow_label,
    "keras": _keras_label,
    "jax": _jax_label,
}
#: framework -> the parameters every call needs besides the user's (ONNX's for the others)
_CALL_PARAMS: dict[str, Callable[[Canonical], dict[str, Any]]] = {
    "torch": _torch_call_params,
    "onnx": _onnx_call_params,
    "tensorflow": _tensorflow_call_params,
    "keras": _keras_call_params,
    "jax": _jax_call_params,
}

#: parameters that take one value per dimension (ONNX's pads: the begins, then the ends)
_PER_DIM = {
    "stride",
    "padding",
    "output_padding",
    "dilation",
    "output_size",
    "strides",
    "dilations",
    "output_shape",
    "rhs_dilation",
    "dilation_rate",
    "pads_begin",
    "pads_end",
}


def variants_for(framework: str, c: Canonical, literal: bool = False) -> list[Variant]:
    """Every exact way of writing ``c`` in the framework (or the workaround if none).

    A framework without groups writes a grouped layer as one call per group
    (the label says "per group"); the runner makes those calls. With
    ``literal``, also the framework's literal translations of PyTorch's
    parameters where its names mean something else
    (:meth:`~symtconv.frameworks.base.Framework.literal_translations`),
    labelled ``literal: ...``: they disagree by design, and show by how much.
    """
    fw = get_framework(framework)
    translations = fw.literal_translations(c) if literal else []
    literal_variants = [Variant(f"literal: {label}", p) for label, p in translations]
    eq = fw.to_params(c)
    if eq.params is None:
        return literal_variants
    window_exact = not any(a for pair in eq.adjust for a in pair)
    if not window_exact:
        return [Variant("workaround", eq.params, eq.adjust), *literal_variants]
    own = _LABELS.get(fw.name)
    suffix = ", per group" if eq.per_group else ""

    def label(p: Mapping[str, Any]) -> str:
        return (own(p) if own else fw.variant_label(p) or _onnx_label(p)) + suffix

    return [*(Variant(label(p), p) for p in (eq.params, *eq.alternatives)), *literal_variants]


def given_variant(framework: str, c: Canonical, params: Mapping[str, Any]) -> Variant:
    """The parameters a user gave, as the call takes them: "given".

    Ints become one value per dimension, and the parameters every call needs
    (the kernel size, the groups, ...) come from ``c`` unless given.

    Examples:
        >>> c = Canonical.create(5, 3, stride=2)
        >>> given_variant("onnx", c, {"strides": 2, "pads": 1}).params
        {'kernel_shape': [3], 'group': 1, 'strides': [2], 'pads': [1, 1]}
    """
    given = dict(params)
    for key, value in params.items():
        if isinstance(value, int) and not isinstance(value, bool):
            if key in _PER_DIM:
                given[key] = [value] * c.rank
            elif key == "pads":
                given[key] = [value] * (2 * c.rank)
    fw = get_framework(framework)
    own = _CALL_PARAMS.get(fw.name)
    needed = own(c) if own else fw.call_params(c)
    return Variant("given", {**(_onnx_call_params(c) if needed is None else needed), **given})
