"""JAX: ``jax.lax.conv_transpose``, a fractionally strided convolution.

Parameters (JAX's names): ``strides``, ``padding`` (``"SAME"``, ``"VALID"`` or one
``(low, high)`` pair per spatial dimension), ``rhs_dilation``,
``transpose_kernel`` and ``use_consistent_padding``.

``conv_transpose`` inserts ``s-1`` zeros between the input elements
(``lhs_dilation``), pads the result by ``(low, high)`` and correlates it with the
kernel *as given* (``conv_general_dilated``, layout ``HWIO``).  Pairs are the
padding of that stretched input: ``low = d(k-1) - p_lo``; "SAME" and "VALID"
are computed per dimension from the dilated kernel ``k_eff``::

    SAME:  total = k_eff + s - 2, low = k_eff - 1 if s > k_eff - 1 else ceil(total / 2)
    VALID: total = k_eff + s - 2 + max(k_eff - s, 0), low = k_eff - 1

so SAME gives ``i*s`` and VALID ``i*s + max(k_eff - s, 0)``.  Without
``transpose_kernel=True`` the kernel is not flipped (jax#14337): to compute what
PyTorch, ONNX, TensorFlow and Keras compute, flip it spatially, or pass the
TensorFlow/Keras kernel (``HWOI``) with ``transpose_kernel=True``.  With
``use_consistent_padding=True`` (newer JAX) pairs mean PyTorch-style padding.

Examples:
    >>> JAX.from_params(5, 3, {"strides": [2], "padding": "SAME"}).canonical.pads
    ((0, 1),)
    >>> JAX.from_params(5, 3, {"strides": [2], "padding": [(2, 1)]}).canonical.pads
    ((0, 1),)
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from ..core.numeric import conv
from ..core.spec import effective_kernel_size, pad_pairs, per_dim
from ..errors import SpecError
from .base import Candidate, Framework, ints
from .canonical import Canonical
from .codegen import crop_pad_text, crop_text, realized_sizes
from .layouts import weight_expression
from .reading import Layer, Reading
from .windows import Pair, apply_adjust

__all__ = ["JAX", "Jax", "conv_transpose_padding", "stretched_padding"]


def conv_transpose_padding(k_eff: int, s: int, padding: str) -> Pair:
    """JAX's ``(low, high)`` padding of the stretched input for "SAME" / "VALID".

    Examples:
        >>> conv_transpose_padding(3, 2, "SAME"), conv_transpose_padding(3, 2, "VALID")
        ((2, 1), (2, 2))
    """
    if padding == "SAME":
        total = k_eff + s - 2
        low = k_eff - 1 if s > k_eff - 1 else math.ceil(total / 2)
    else:
        total = k_eff + s - 2 + max(k_eff - s, 0)
        low = k_eff - 1
    return low, total - low


def stretched_padding(
    params: Mapping[str, Any], k_eff: Sequence[int], s: Sequence[int]
) -> list[Pair]:
    """The ``(low, high)`` padding of the stretched input that the parameters mean.

    "SAME" / "VALID" per dimension (:func:`conv_transpose_padding`), or the
    pairs as given, which ``use_consistent_padding=True`` reads as PyTorch-style
    padding (``low = d(k-1) - p_lo``).

    Raises:
        SpecError: another string, or pairs that are not one per dimension.

    Examples:
        >>> stretched_padding({"padding": [(0, 1)], "use_consistent_padding": True}, [3], [2])
        [(2, 1)]
    """
    padding = params.get("padding", "SAME")
    if isinstance(padding, str):
        if padding not in ("SAME", "VALID"):
            raise SpecError(
                f"padding: got {padding!r}; jax.lax.conv_transpose takes 'SAME', 'VALID' "
                "(upper case) or (low, high) pairs"
            )
        return [conv_transpose_padding(ke, ss, padding) for ke, ss in zip(k_eff, s, strict=True)]
    given = pad_pairs("padding", padding, len(k_eff), flat_pair=True)
    if params.get("use_consistent_padding", False):
        return [(ke - 1 - a, ke - 1 - b) for ke, (a, b) in zip(k_eff, given, strict=True)]
    return list(given)


class Jax(Framework):
    """JAX's ``lax.conv_transpose``."""

    name = "jax"
    title = "JAX jax.lax.conv_transpose"
    aliases = ()
    parameters = (
        "strides",
        "padding",
        "rhs_dilation",
        "transpose_kernel",
        "use_consistent_padding",
    )
    input_layout = "NHWC"
    has_groups = False

    def read(self, layer: Layer) -> Reading:
        s, d = layer.ints("strides", 1), layer.ints("rhs_dilation", 1)
        padding = layer.params.get("padding", "SAME")
        k_eff = effective_kernel_size(layer.kernel_size, d)
        pairs = stretched_padding(layer.params, k_eff, s)
        pads: list[Pair] = []
        ops: list[int] = []
        for dim, (ke, (a, b)) in enumerate(zip(k_eff, pairs, strict=True)):
            lo, hi = ke - 1 - a, ke - 1 - b
            pads.append((lo, max(hi, 0)))
            ops.append(max(-hi, 0))
            size = (layer.input_size[dim] - 1) * s[dim] + 1 + a + b - ke + 1
            if size < 1:
                raise SpecError(
                    f"padding: got {padding!r}; dimension {dim} would have an output size of {size}"
                )
        notes = []
        if not layer.params.get("transpose_kernel", False):
            notes.append(
                "transpose_kernel=False: JAX correlates with the kernel as given (HWIO), without "
                "flipping it (jax#14337); flip it spatially to compute what PyTorch, ONNX, "
                "TensorFlow and Keras compute, or pass their HWOI kernel with transpose_kernel=True"
            )
        if any(lo < 0 for lo, _ in pads):
            notes.append(
                "a low padding pair above d(k-1) adds zeros before the result: no PyTorch "
                "padding does that"
            )
        return Reading(layer.canonical(s, d, tuple(pads), tuple(ops)), tuple(notes))

    # ----- expressing ---------------------------------------------------------------

    def modes(self, c: Canonical) -> Sequence[str]:
        return ("SAME", "VALID", "pairs")

    def candidates(self, mode: str, c: Canonical, dim: int) -> Iterator[Candidate]:
        k_eff, s = c.effective_kernel_size[dim], c.stride[dim]
        if mode in ("SAME", "VALID"):
            pairs = [conv_transpose_padding(k_eff, s, mode)]
        else:
            (lo, hi), op = c.pads[dim], c.output_padding[dim]
            a0, b0 = k_eff - 1 - lo, k_eff - 1 - (hi - op)
            lows = dict.fromkeys([a0, *range(max(a0, 0), -1, -1)])
            highs = dict.fromkeys([b0, *range(max(b0, 0), -1, -1)])
            pairs = [(a, b) for a in lows for b in highs if a >= 0 and b >= 0]
        for a, b in pairs:
            lo, hi = k_eff - 1 - a, k_eff - 1 - b
            yield Candidate((a, b), (lo, max(hi, 0)), max(-hi, 0))

    def assemble(self, mode: str, values: Sequence[Any], c: Canonical) -> dict[str, Any]:
        return {
            "strides": ints(c.stride),
            "padding": mode if mode != "pairs" else [list(v) for v in values],
            "rhs_dilation": ints(c.dilation),
            "transpose_kernel": False,
        }

    def notes_for(self, c: Canonical, params: dict[str, Any], exact: bool) -> list[str]:
        notes = [
            "JAX does not flip the kernel unless transpose_kernel=True (jax#14337): pass the "
            "flipped HWIO kernel shown, or the TensorFlow/Keras HWOI kernel with "
            "transpose_kernel=True"
        ]
        if not exact:
            notes.append("negative padding pairs are avoided; the crop/pad shown does the rest")
        return notes

    def weight_layout(self, params: Mapping[str, Any]) -> tuple[str, bool]:
        return ("HWOI", False) if params.get("transpose_kernel") else ("HWIO", True)

    def weight_text(self, params: dict[str, Any], rank: int) -> str:
        layout, flip = self.weight_layout(params)
        kind = "flipped spatially" if flip else "not flipped"
        return f"rhs {layout} ({kind}): " + weight_expression(layout, flip, rank)

    def code(self, params: dict[str, Any], adjust: Sequence[Pair], c: Canonical) -> str:
        """Runnable with ``x`` (``(N, *size, C_in)``) and ``w`` (the PyTorch-layout weight)."""
        rank = c.rank
        padding = params["padding"]
        text = repr(padding) if isinstance(padding, str) else repr([tuple(p) for p in padding])
        layout, flip = self.weight_layout(params)
        lines = [
            "import numpy as np",
            "import jax",
            f"rhs = {weight_expression(layout, flip, rank)}  # {layout}"
            + (", flipped" if flip else ""),
        ]

        def call(xs: str, rs: str) -> str:
            return (
                f"jax.lax.conv_transpose({xs}, {rs}, strides={tuple(params['strides'])}, "
                f"padding={text}, rhs_dilation={tuple(params['rhs_dilation'])}, "
                f"transpose_kernel={params['transpose_kernel']})"
            )

        if c.groups > 1:
            cin = c.in_channels // c.groups
            sl = f"g * {cin}:(g + 1) * {cin}"
            group_rhs = f"rhs[..., {sl}]" if layout == "HWOI" else f"rhs[..., {sl}, :]"
            lines += [
                "ys = []",
                f"for g in range({c.groups}):  # no groups in conv_transpose: one call per group",
                f"    ys.append({call(f'x[..., {sl}]', group_rhs)})",
                "y = jax.numpy.concatenate(ys, axis=-1)",
            ]
        else:
            lines.append(f"y = {call('x', 'rhs')}")
        crop = crop_text("y", adjust, c.output_size, True)
        if crop:
            sizes = realized_sizes(c.output_size, adjust)
            lines.append(f"y = {crop}  # the call gives {'x'.join(map(str, sizes))}; crop")
        elif any(a for pair in adjust for a in pair):
            sizes = realized_sizes(c.output_size, adjust)
            lines.append(crop_pad_text("y", "jax.numpy.pad", adjust, sizes, "()"))
        return "\n".join(lines)

    # ----- computing ----------------------------------------------------------------

    def simulate(
        self, params: Mapping[str, Any], x: np.ndarray, w: np.ndarray, b: np.ndarray | None
    ) -> np.ndarray:
        """``conv_general_dilated`` literally: stretch, pad, correlate with the kernel as given."""
        rank = x.ndim - 2
        rhs = np.asarray(w)
        if params.get("transpose_kernel", False):  # flip the spatial axes, swap I and O
            rhs = np.swapaxes(np.flip(rhs, axis=tuple(range(rank))), rank, rank + 1)
        s = per_dim("strides", params.get("strides", 1), rank, one_for_all=True)
        d = per_dim("rhs_dilation", params.get("rhs_dilation", 1), rank, one_for_all=True)
        pairs = stretched_padding(params, effective_kernel_size(rhs.shape[:rank], d), s)
        xt = np.moveaxis(np.asarray(x), -1, 1).astype(object)
        n, ch = xt.shape[:2]
        stretched = np.zeros(
            (n, ch, *((ii - 1) * ss + 1 for ii, ss in zip(xt.shape[2:], s, strict=True))),
            dtype=object,
        )
        stretched[(slice(None), slice(None), *(slice(None, None, ss) for ss in s))] = xt
        padded = apply_adjust(stretched, [(-a, -bb) for a, bb in pairs], 2)
        kernel = np.transpose(rhs, (rank + 1, rank, *range(rank)))  # HWIO -> (O, I, *k)
        y = conv(padded, kernel, None, 1, 0, tuple(d), 1)
        y = np.moveaxis(y, 1, -1)
        if b is not None:
            y = y + np.asarray(b)
        return y


JAX = Jax()
