"""JAX under crosscheck: ``jax.lax.conv_transpose`` and ``conv_general_dilated``, in float64.

Every layer is run in each way JAX writes it:

* ``conv_transpose`` with each exact padding of the converter (``"SAME"``,
  ``"VALID"``, ``(low, high)`` pairs of the stretched input), with the
  kernel flipped into ``HWIO`` (``transpose_kernel=False``, JAX's default), and
  again with the TensorFlow/Keras ``HWOI`` kernel and ``transpose_kernel=True``;
* ``conv_transpose(..., use_consistent_padding=True)`` with PyTorch-style
  padding pairs ``(p_lo, p_hi - output_padding)``, where the installed JAX has it;
* ``conv_general_dilated`` with ``lhs_dilation`` = the stride (the fractionally
  strided convolution): padding ``d(k-1) - p_lo`` and ``d(k-1) - p_hi + op``,
  the flipped kernel, and ``feature_group_count`` for groups.

``conv_transpose`` has no groups: a grouped layer is one call per group. The
data are float64 under ``jax.enable_x64`` (without it JAX silently computes
in float32).
"""

from __future__ import annotations

import inspect
import itertools
from typing import Any

import numpy as np

from ..canonical import Canonical
from ..jax import JAX as JAX_FRAMEWORK
from ..layouts import input_from_torch, input_to_torch, weight_expression, weight_from_torch
from .base import Runner, adjust_lines, as_ints, import_optional, per_group
from .variants import Variant, variants_for

__all__ = ["JAX", "call", "script", "variants"]

#: The ``api`` of the fractionally strided convolution.
GENERAL = "conv_general_dilated"


def _jax() -> Any:
    jax = import_optional("jax", "JAX", "jax")
    import_optional("jax.lax", "JAX", "jax")
    return jax


def _x64(jax: Any) -> Any:
    """The float64 context (``jax.enable_x64``; older JAX: ``jax.experimental``)."""
    enable = getattr(jax, "enable_x64", None)
    if enable is None:  # pragma: no cover - older JAX
        import jax.experimental  # optional, only with JAX

        enable = jax.experimental.enable_x64
    return enable(True)


def _pairs(padding: Any) -> Any:
    """Padding pairs as tuples (JAX reads only tuples as pairs), strings as they are."""
    return padding if isinstance(padding, str) else [tuple(int(v) for v in p) for p in padding]


def _general_kernel(w: np.ndarray, groups: int) -> np.ndarray:
    """A PyTorch-layout weight as ``conv_general_dilated``'s HWIO kernel, flipped.

    ``I`` is the input channels of one group, ``O`` every output channel (the
    groups one after the other), as ``feature_group_count`` reads them.
    """
    rank = w.ndim - 2
    cin, cout = w.shape[0] // groups, w.shape[1]
    flipped = np.flip(w, axis=tuple(range(2, 2 + rank)))
    grouped = flipped.reshape(groups, cin, cout, *w.shape[2:])
    spatial = tuple(range(3, 3 + rank))
    return np.transpose(grouped, (*spatial, 1, 0, 2)).reshape(*w.shape[2:], cin, groups * cout)


def general_params(c: Canonical) -> dict[str, Any]:
    """``conv_general_dilated``'s parameters for ``c`` (the stretched input's padding)."""
    pads = [
        [ke - 1 - lo, ke - 1 - hi + op]
        for ke, (lo, hi), op in zip(c.effective_kernel_size, c.pads, c.output_padding, strict=True)
    ]
    return {
        "window_strides": [1] * c.rank,
        "padding": pads,
        "lhs_dilation": list(c.stride),
        "rhs_dilation": list(c.dilation),
        "feature_group_count": c.groups,
    }


def _has_consistent_padding(jax: Any) -> bool:
    return "use_consistent_padding" in inspect.signature(jax.lax.conv_transpose).parameters


def variants(c: Canonical) -> list[Variant]:
    """Every way of writing ``c`` in JAX (see the module docstring)."""
    out = []
    for v in variants_for("jax", c):
        out.append(v)
        turned = {**v.params, "transpose_kernel": True}
        label = v.label.replace(", per group", "") + ", transpose_kernel=True"
        label += ", per group" if v.label.endswith("per group") else ""
        out.append(Variant(label, turned, v.adjust))
    if _has_consistent_padding(_jax()):
        consistent = {
            "strides": list(c.stride),
            "padding": [[lo, hi - op] for (lo, hi), op in zip(c.pads, c.output_padding)],
            "rhs_dilation": list(c.dilation),
            "transpose_kernel": False,
            "use_consistent_padding": True,
        }
        per = ", per group" if c.groups > 1 else ""
        out.append(Variant("use_consistent_padding" + per, consistent))
    out.append(Variant(GENERAL, general_params(c), api=GENERAL))
    return out


#: Calls between two clearings of JAX's caches (each new shape compiles and stays cached).
CLEAR_EVERY = 500
_CALLS = itertools.count(1)


def call(
    c: Canonical, params: dict[str, Any], x: np.ndarray, w: np.ndarray, b: Any, api: str = ""
) -> Any:
    """JAX's output in float64, channels last inside, PyTorch's layout outside."""
    jax = _jax()
    if next(_CALLS) % CLEAR_EVERY == 0:  # a sweep compiles thousands of shapes once each
        jax.clear_caches()
    with _x64(jax):
        if api == GENERAL:
            rhs = _general_kernel(np.asarray(w, float), c.groups)
            y = jax.lax.conv_general_dilated(
                input_from_torch(np.asarray(x, float), True),
                rhs,
                params["window_strides"],
                _pairs(params["padding"]),
                lhs_dilation=params["lhs_dilation"],
                rhs_dilation=params["rhs_dilation"],
                dimension_numbers=_dimension_numbers(c.rank),
                feature_group_count=params["feature_group_count"],
            )
            out = input_to_torch(np.asarray(y), True)
        else:

            def one(xg: np.ndarray, wg: np.ndarray, bg: Any) -> np.ndarray:
                layout, flip = JAX_FRAMEWORK.weight_layout(params)
                kwargs = {**params, "padding": _pairs(params["padding"])}
                y = jax.lax.conv_transpose(
                    input_from_torch(np.asarray(xg, float), True),
                    weight_from_torch(np.asarray(wg, float), layout, flip),
                    **kwargs,
                )
                return input_to_torch(np.asarray(y), True)

            out = per_group(one, c, x, w, None)
    if b is not None:
        out = out + np.asarray(b, float).reshape((-1,) + (1,) * c.rank)
    return out


def _dimension_numbers(rank: int) -> tuple[str, str, str]:
    """Channels last, as ``conv_transpose``'s defaults."""
    spatial = "HWD"[:rank]
    return f"N{spatial}C", f"{spatial}IO", f"N{spatial}C"


def script(c: Canonical, v: Variant, x: Any, w: Any, b: Any, expected: Any) -> str:
    """A standalone JAX script that shows the disagreement."""
    rank = c.rank
    spatial = tuple(range(2, 2 + rank))
    lines = [
        "import numpy as np",
        "import jax",
        "jax.config.update('jax_enable_x64', True)",
        f"x = np.moveaxis(np.array({as_ints(x)}, float), 1, -1)  # NCHW -> NHWC",
        f"w = np.array({as_ints(w)}, float)  # PyTorch's (C_in, C_out/groups, *k)",
    ]
    if v.api == GENERAL:
        p = v.params
        lines += [
            f"g = {c.groups}",
            f"rhs = np.flip(w, axis={spatial}).reshape(g, w.shape[0] // g, *w.shape[1:])",
            f"rhs = np.transpose(rhs, {(*range(3, 3 + rank), 1, 0, 2)})"
            ".reshape(*w.shape[2:], w.shape[0] // g, -1)",
            f"y = jax.lax.conv_general_dilated(x, rhs, {p['window_strides']}, "
            f"{_pairs(p['padding'])}, lhs_dilation={p['lhs_dilation']}, "
            f"rhs_dilation={p['rhs_dilation']}, dimension_numbers={_dimension_numbers(rank)}, "
            "feature_group_count=g)",
        ]
    else:
        layout, flip = JAX_FRAMEWORK.weight_layout(v.params)
        kwargs = ", ".join(
            f"{k}={_pairs(val) if k == 'padding' else val!r}" for k, val in v.params.items()
        )
        if c.groups > 1:
            cin = c.in_channels // c.groups
            lines += [
                "ys = []",
                f"for g in range({c.groups}):  # no groups in conv_transpose: one call each",
                f"    wg = w[g * {cin}:(g + 1) * {cin}]",
                f"    rhs = {weight_expression(layout, flip, rank, 'wg')}",
                f"    ys.append(jax.lax.conv_transpose(x[..., g * {cin}:(g + 1) * {cin}], rhs, "
                f"{kwargs}))",
                "y = np.concatenate(ys, axis=-1)",
            ]
        else:
            lines += [
                f"rhs = {weight_expression(layout, flip, rank)}",
                f"y = jax.lax.conv_transpose(x, rhs, {kwargs})",
            ]
    lines.append("y = np.moveaxis(np.asarray(y), -1, 1)  # back to NCHW")
    lines += adjust_lines(v.adjust)
    if b is not None:
        lines.append(f"y = y + np.array({as_ints(b)}).reshape((-1,) + (1,) * {rank})")
    lines.append(f"expected = {as_ints(expected)}  # symtconv, exact")
    lines.append("print(y.tolist() == expected, y.tolist())")
    return "\n".join(lines)


def _version() -> str:
    jax = _jax()
    import jaxlib  # installed with jax

    return f"{jax.__version__} (jaxlib {jaxlib.__version__})"


#: The JAX runner: the converter's parameters, JAX's variants, float64.
JAX = Runner(call, script, _version, framework="jax", variants=variants)
