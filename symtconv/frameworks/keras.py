"""Keras: ``keras.layers.Conv{1,2,3}DTranspose``.

Parameters (Keras's names): ``filters``, ``kernel_size``, ``strides``,
``padding`` (``"same"`` or ``"valid"``), ``output_padding`` (None or one value
per dimension, each below the stride) and ``dilation_rate``.  Keras documents
``strides > 1`` as incompatible with ``dilation_rate > 1``.

The layer computes its output size (``conv_utils.deconv_output_length``, with
``k`` meaning the dilated kernel ``d(k-1)+1``)::

    output_padding None:  valid -> i*s + max(k - s, 0);   same -> i*s
    output_padding op:    (i-1)s + k - 2*pad + op,  pad = k//2 (same), 0 (valid)

and then runs TensorFlow's transposed convolution with that output size and
the same padding name, so the *values* follow TensorFlow's SAME/VALID rule
(see :mod:`symtconv.frameworks.tensorflow`): the size formula's symmetric
``pad = k//2`` is not where the crop happens.

Examples:
    >>> r = KERAS.from_params(5, 3, {"strides": 2, "padding": "same", "output_padding": 1})
    >>> r.canonical.output_size, r.canonical.pads
    ((10,), ((0, 1),))
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from ..core.spec import effective_kernel_size
from ..errors import SpecError
from .base import Candidate, Framework, ints
from .canonical import Canonical
from .codegen import crop_text, realized_sizes, tup
from .layouts import weight_expression
from .reading import Layer, Reading
from .tensorflow import (
    TENSORFLOW,
    channels_last_gradient,
    dilated_kernel_lines,
    tf_forward_pads,
    tf_output_range,
)
from .windows import Pair

__all__ = ["KERAS", "Keras", "deconv_output_length"]


def deconv_output_length(
    i: int, k_eff: int, padding: str, output_padding: int | None, s: int
) -> int:
    """Keras's output length of a transposed convolution (``k_eff`` the dilated kernel).

    Examples:
        >>> deconv_output_length(5, 3, "valid", None, 2)
        11
        >>> deconv_output_length(5, 3, "same", None, 2)
        10
        >>> deconv_output_length(5, 3, "same", 1, 2)
        10
    """
    if output_padding is None:
        if padding == "valid":
            return i * s + max(k_eff - s, 0)
        return i * s
    pad = k_eff // 2 if padding == "same" else 0
    return (i - 1) * s + k_eff - 2 * pad + output_padding


def _output_length(i: int, k_eff: int, padding: str, op: int | None, s: int, raw_op: Any) -> int:
    """Keras's output size, refused where TensorFlow's SAME/VALID would refuse it.

    Raises:
        SpecError: a size TensorFlow rejects (an even kernel, 'same', no output padding).
    """
    n = deconv_output_length(i, k_eff, padding, op, s)
    low, high = tf_output_range(i, k_eff, s, padding.upper())
    if not low <= n <= high:
        raise SpecError(
            f"output_padding: got {raw_op!r}; Keras computes an output size of {n}, which "
            f"TensorFlow's {padding.upper()} rejects (it needs {low} to {high}): with "
            "an even kernel and padding 'same', output_padding must be >= 1 (the TensorFlow "
            "backend raises; the jax and torch backends compute a window of their own)"
        )
    return n


class Keras(Framework):
    """Keras's ``Conv*DTranspose`` layer."""

    name = "keras"
    title = "Keras ConvTranspose layer"
    aliases = ()
    parameters = ("filters", "kernel_size", "strides", "padding", "output_padding", "dilation_rate")
    input_layout = "NHWC"
    has_groups = False

    def read(self, layer: Layer) -> Reading:
        layer.check_kernel("kernel_size", "the kernel")
        params = layer.params
        if params.get("filters") is not None and params["filters"] != layer.out_channels:
            raise SpecError(
                f"filters: got {params['filters']!r}; the output channels are {layer.out_channels}"
            )
        padding = str(params.get("padding", "valid")).lower()
        if padding not in ("same", "valid"):
            raise SpecError(
                f"padding: got {params.get('padding')!r}; Keras takes 'same' or 'valid'"
            )
        s, d = layer.ints("strides", 1), layer.ints("dilation_rate", 1)
        raw_op = params.get("output_padding")
        ops: list[int | None] = (
            [None] * layer.rank if raw_op is None else list(layer.ints("output_padding"))
        )
        if any(ss > 1 for ss in s) and any(dd > 1 for dd in d):
            raise SpecError(
                f"strides: got {list(s)} with dilation_rate {list(d)}; Keras: strides > 1 is "
                "incompatible with dilation_rate > 1"
            )
        for op, ss in zip(ops, s, strict=True):
            if op is not None and not 0 <= op < ss:
                raise SpecError(
                    f"output_padding: got {raw_op!r}; Keras: each value must be >= 0 and lower "
                    f"than the stride ({ss})"
                )
        out = [
            _output_length(i, k_eff, padding, op, ss, raw_op)
            for i, k_eff, ss, op in zip(
                layer.input_size, effective_kernel_size(layer.kernel_size, d), s, ops, strict=True
            )
        ]
        tf_params = {
            "output_shape": out,
            "strides": list(s),
            "padding": padding.upper(),
            "dilations": list(d),
        }
        tf = TENSORFLOW.read(replace(layer, params=tf_params))
        notes = list(tf.notes)
        if (
            padding == "same"
            and raw_op is not None
            and any(a != b for a, b in tf.canonical.normalized().pads)
        ):
            notes.append(
                "the size formula uses pad = k//2 on both sides, but the numbers come from "
                "TensorFlow's SAME split of the padding, not from a symmetric pad"
            )
        return Reading(tf.canonical, tuple(notes))

    # ----- expressing ---------------------------------------------------------------

    def unsupported(self, c: Canonical) -> str | None:
        if any(s > 1 for s in c.stride) and any(d > 1 for d in c.dilation):
            return (
                "Keras documents strides > 1 as incompatible with dilation_rate > 1; use "
                "tf.nn.conv_transpose (see TensorFlow) instead"
            )
        return None

    def modes(self, c: Canonical) -> Sequence[str]:
        return ("same:None", "same", "valid:None", "valid")

    def candidates(self, mode: str, c: Canonical, dim: int) -> Iterator[Candidate]:
        padding = mode.split(":")[0]
        i, s = c.input_size[dim], c.stride[dim]
        k_eff, full = c.effective_kernel_size[dim], c.full_size[dim]
        ops: list[int | None] = [None] if mode.endswith(":None") else list(range(s))
        for op in ops:
            n = deconv_output_length(i, k_eff, padding, op, s)
            low, high = tf_output_range(i, k_eff, s, padding.upper())
            if low <= n <= high:
                before, after = tf_forward_pads(i, k_eff, s, n, padding.upper())
                yield Candidate(op, (before, after), n - (full - before - after))

    def assemble(self, mode: str, values: Sequence[Any], c: Canonical) -> dict[str, Any]:
        return {
            "filters": c.out_channels // c.groups,
            "kernel_size": ints(c.kernel_size),
            "strides": ints(c.stride),
            "padding": mode.split(":")[0],
            "output_padding": None if mode.endswith(":None") else list(values),
            "dilation_rate": ints(c.dilation),
        }

    def notes_for(self, c: Canonical, params: dict[str, Any], exact: bool) -> list[str]:
        notes = []
        if not exact:
            notes.append(
                "Keras's windows are TensorFlow's SAME/VALID ones with output_padding < stride; "
                "this window needs the crop/pad shown"
            )
        if any(d > 1 for d in c.dilation):
            notes.append(
                "the TensorFlow backend's CPU kernels refuse dilation_rate > 1 in float64 and "
                "float16, and in float32 without oneDNN ('Current CPU implementations do not "
                "yet support dilation rates larger than 1'): the code uses the kernel dilated "
                f"with zeros (kernel_size {tup(c.effective_kernel_size)}, dilation_rate 1), the "
                "same numbers on every backend, for inference (trained, the zeros would "
                f"change); dilation_rate={tup(c.dilation)} runs as given on the jax and torch "
                "backends and in float32 with oneDNN"
            )
        return notes

    def weight_layout(self, params: Mapping[str, Any]) -> tuple[str, bool]:
        return "HWOI", False

    def weight_text(self, params: dict[str, Any], rank: int) -> str:
        return (
            "kernel kernel_size + (filters, input_channels) (HWOI), not flipped: "
            + weight_expression("HWOI", False, rank)
        )

    def code(self, params: dict[str, Any], adjust: Sequence[Pair], c: Canonical) -> str:
        """Runnable with ``x`` (``(N, *size, C_in)``) and ``w`` (the PyTorch-layout weight).

        With ``dilation_rate > 1`` the kernel is dilated with zeros and the layer
        gets dilation 1: the TensorFlow backend's CPU kernel refuses the dilation.
        """
        rank = c.rank
        op = params["output_padding"]
        kernel_size, dilation = list(params["kernel_size"]), list(params["dilation_rate"])
        lines = [
            "import numpy as np",
            "import keras",
            f"kernel = {weight_expression('HWOI', False, rank)}  # kernel_size + (filters, "
            "input_channels)",
        ]
        if any(d > 1 for d in dilation):
            lines += dilated_kernel_lines("kernel", dilation, c.effective_kernel_size)
            kernel_size, dilation = list(c.effective_kernel_size), [1] * rank
        make = (
            f"keras.layers.Conv{rank}DTranspose({params['filters']}, "
            f"{tup(kernel_size)}, strides={tup(params['strides'])}, "
            f"padding={params['padding']!r}, output_padding={None if op is None else tup(op)}, "
            f"dilation_rate={tup(dilation)}, use_bias=False)"
        )
        if c.groups > 1:
            cin = c.in_channels // c.groups
            lines += [
                "ys = []",
                f"for g in range({c.groups}):  # Keras has no groups: one layer per group",
                f"    xg = x[..., g * {cin}:(g + 1) * {cin}]",
                f"    layer = {make}",
                "    layer.build(xg.shape)",
                f"    layer.set_weights([kernel[..., g * {cin}:(g + 1) * {cin}]])",
                "    ys.append(layer(xg))",
                "y = keras.ops.concatenate(ys, axis=-1)",
            ]
        else:
            lines += [
                f"layer = {make}",
                "layer.build(x.shape)",
                "layer.set_weights([kernel])",
                "y = layer(x)",
            ]
        crop = crop_text("y", adjust, c.output_size, True)
        if crop:
            sizes = realized_sizes(c.output_size, adjust)
            lines.append(f"y = {crop}  # the layer gives {'x'.join(map(str, sizes))}; crop")
        elif any(a for pair in adjust for a in pair):
            crops = tuple((max(lo, 0), max(hi, 0)) for lo, hi in adjust)
            zeros = tuple((max(-lo, 0), max(-hi, 0)) for lo, hi in adjust)
            arg = lambda v: v[0] if c.rank == 1 else v  # noqa: E731
            lines.append(f"y = keras.layers.Cropping{c.rank}D({arg(crops)})(y)")
            lines.append(f"y = keras.layers.ZeroPadding{c.rank}D({arg(zeros)})(y)  # zeros")
        return "\n".join(lines)

    # ----- computing ----------------------------------------------------------------

    def simulate(
        self, params: Mapping[str, Any], x: np.ndarray, w: np.ndarray, b: np.ndarray | None
    ) -> np.ndarray:
        """Keras's size formula, then TensorFlow's transposed convolution (the gradient)."""
        return channels_last_gradient(self, params, x, w, b)


KERAS = Keras()
