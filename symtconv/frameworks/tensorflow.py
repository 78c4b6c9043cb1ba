"""TensorFlow: ``tf.nn.conv{1,2,3}d_transpose``, the gradient of the forward convolution.

Parameters (TensorFlow's names): ``output_shape`` (required; the spatial
sizes here), ``strides``, ``padding`` (``"SAME"``, ``"VALID"``, or for
``conv2d_transpose`` explicit ``(lo, hi)`` pairs per spatial dimension) and
``dilations``.  There is no output padding: the output size is given, and it
must be one whose *forward* convolution gives back the input size.

The forward convolution's padding decides the numbers.  SAME pads that
convolution by ``needed = max(0, (i-1)s + d(k-1) + 1 - out)`` in total, ``needed // 2``
before and the rest after; VALID pads nothing.  So SAME with an odd total crops
one more position at the end than at the start -- no PyTorch padding does that.

Examples:
    >>> r = TENSORFLOW.from_params(5, 3, {"output_shape": [10], "strides": [2], "padding": "SAME"})
    >>> r.canonical.pads, r.canonical.output_size
    (((0, 1),), (10,))
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from ..core.matrix import structure
from ..core.spec import ConvSpec, conv_output_length, effective_kernel_size, pad_pairs
from ..errors import SpecError
from .base import Candidate, Framework, ints
from .canonical import Canonical
from .codegen import crop_pad_text, crop_text, realized_sizes
from .layouts import weight_expression
from .reading import Layer, Reading
from .windows import Pair

__all__ = [
    "CPU_DILATION_NOTE",
    "TENSORFLOW",
    "TensorFlow",
    "channels_last_gradient",
    "dilated_kernel_lines",
    "gradient_of_conv",
    "tf_forward_pads",
    "tf_output_range",
]


def tf_output_range(i: int, k_eff: int, s: int, padding: str | Pair) -> tuple[int, int]:
    """The output sizes TensorFlow accepts for one dimension (inclusive).

    Examples:
        >>> tf_output_range(5, 3, 2, "SAME"), tf_output_range(5, 3, 2, "VALID")
        ((9, 10), (11, 12))
    """
    if padding == "SAME":
        return (i - 1) * s + 1, i * s
    lo, hi = (0, 0) if isinstance(padding, str) else padding
    low = (i - 1) * s + k_eff - lo - hi
    return low, low + s - 1


def tf_forward_pads(i: int, k_eff: int, s: int, out: int, padding: str | Pair) -> Pair:
    """The forward convolution's (before, after) padding TensorFlow uses.

    Examples:
        >>> tf_forward_pads(5, 3, 2, 10, "SAME")
        (0, 1)
    """
    if padding == "SAME":
        needed = max(0, (i - 1) * s + k_eff - out)
        return needed // 2, needed - needed // 2
    if isinstance(padding, str):  # VALID
        return 0, 0
    return padding


#: Why the code dilates the kernel itself (TensorFlow's CPU kernels, checked with 2.21).
CPU_DILATION_NOTE = (
    "TensorFlow's CPU kernels refuse dilations > 1 in float64 and float16, and in float32 with "
    "explicit padding or without oneDNN (TF_ENABLE_ONEDNN_OPTS=0): 'Current CPU "
    "implementations do not yet support dilation rates larger than 1' (the API documents "
    "dilations without that limit); the code dilates the kernel with zeros and calls with "
    "dilations 1, the same numbers in every dtype on every device; the dilations as given run "
    "on a GPU, under tf.function(jit_compile=True), and with SAME/VALID in float32 with oneDNN "
    "(the x86-64 default)"
)


def dilated_kernel_lines(var: str, dilations: Sequence[int], k_eff: Sequence[int]) -> list[str]:
    """Code that dilates a channels-last kernel ``var`` with zeros (``d - 1`` between taps).

    Examples:
        >>> dilated_kernel_lines("f", [2], [5])[1]
        'dilated[::2] = f'
    """
    steps = ", ".join(f"::{d}" for d in dilations)
    return [
        f"dilated = np.zeros({tuple(int(k) for k in k_eff)} + {var}.shape[{len(k_eff)}:], "
        f"{var}.dtype)  # the kernel dilated with zeros",
        f"dilated[{steps}] = {var}",
        f"{var} = dilated",
    ]


def _function(rank: int) -> str:
    return f"tf.nn.conv{rank}d_transpose"


class TensorFlow(Framework):
    """TensorFlow's ``conv*d_transpose``."""

    name = "tensorflow"
    title = "TensorFlow tf.nn.conv_transpose"
    aliases = ("tf",)
    parameters = ("output_shape", "strides", "padding", "dilations")
    input_layout = "NHWC"
    has_groups = False

    def read(self, layer: Layer) -> Reading:
        rank = layer.rank
        if layer.params.get("output_shape") is None:
            raise SpecError(
                f"output_shape: not given; {_function(rank)} needs the output's spatial size "
                "(it has no output_padding)"
            )
        out = layer.ints("output_shape")
        s, d = layer.ints("strides", 1), layer.ints("dilations", 1)
        modes = self._padding(layer.params.get("padding", "SAME"), rank)
        pads: list[Pair] = []
        ops: list[int] = []
        notes: list[str] = []
        for dim, (i, k_eff, ss, n, mode) in enumerate(
            zip(layer.input_size, effective_kernel_size(layer.kernel_size, d), s, out, modes)
        ):
            low, high = tf_output_range(i, k_eff, ss, mode)
            if not low <= n <= high:
                where = "" if rank == 1 else f" in dimension {dim}"
                raise SpecError(
                    f"output_shape: got {n}{where}; with padding {mode!r} TensorFlow needs an "
                    f"output whose forward convolution has the input size {i}: {low} to {high}"
                )
            before, after = tf_forward_pads(i, k_eff, ss, n, mode)
            pads.append((before, after))
            ops.append(n - ((i - 1) * ss + k_eff - before - after))
            if mode == "SAME" and (before + after) % 2:
                notes.append(
                    f"SAME splits the total padding {before + after} as ({before}, {after}): the "
                    "extra position is cropped at the end; PyTorch's padding is the same on both "
                    "sides, so no padding/output_padding pair gives these numbers"
                )
        c = layer.canonical(s, d, tuple(pads), tuple(ops))
        return Reading(c, tuple(dict.fromkeys(notes)))

    @staticmethod
    def _padding(value: Any, rank: int) -> list[str | Pair]:
        if isinstance(value, str):
            mode = value.upper()
            if mode not in ("SAME", "VALID"):
                raise SpecError(
                    f"padding: got {value!r}; TensorFlow takes 'SAME', 'VALID' or explicit "
                    "(lo, hi) pairs per spatial dimension"
                )
            return [mode] * rank
        pairs = pad_pairs("padding", value, rank, flat_pair=True)
        if any(a < 0 or b < 0 for a, b in pairs):
            raise SpecError(f"padding: got {value!r}; explicit paddings must be >= 0")
        if rank != 2:
            raise SpecError(
                f"padding: explicit paddings are documented for conv2d_transpose only; got "
                f"{rank} spatial dimension(s)"
            )
        return list(pairs)

    # ----- expressing ---------------------------------------------------------------

    def modes(self, c: Canonical) -> Sequence[str]:
        return ("SAME", "VALID", "explicit") if c.rank == 2 else ("SAME", "VALID")

    def candidates(self, mode: str, c: Canonical, dim: int) -> Iterator[Candidate]:
        i, s = c.input_size[dim], c.stride[dim]
        k_eff, full = c.effective_kernel_size[dim], c.full_size[dim]
        if mode in ("SAME", "VALID"):
            low, high = tf_output_range(i, k_eff, s, mode)
            sizes = [c.output_size[dim], *list(range(low, high + 1))]
            for n in dict.fromkeys(sizes):
                if low <= n <= high:
                    before, after = tf_forward_pads(i, k_eff, s, n, mode)
                    yield Candidate(n, (before, after), n - (full - before - after))
            return
        (lo, hi), op = c.pads[dim], c.output_padding[dim]
        end = hi - op
        for a in dict.fromkeys([lo, *range(max(lo, 0) + 1)]):
            for b in dict.fromkeys([max(end, 0), *range(max(end, 0) + 1)]):
                if a < 0 or b < 0:
                    continue
                low, high = tf_output_range(i, k_eff, s, (a, b))
                for n in dict.fromkeys([c.output_size[dim], *range(low, high + 1)]):
                    if low <= n <= high and n >= 1:
                        yield Candidate((a, b, n), (a, b), n - (full - a - b))

    def assemble(self, mode: str, values: Sequence[Any], c: Canonical) -> dict[str, Any]:
        if mode == "explicit":
            return {
                "output_shape": [v[2] for v in values],
                "strides": ints(c.stride),
                "padding": [[v[0], v[1]] for v in values],
                "dilations": ints(c.dilation),
            }
        return {
            "output_shape": list(values),
            "strides": ints(c.stride),
            "padding": mode,
            "dilations": ints(c.dilation),
        }

    def notes_for(self, c: Canonical, params: dict[str, Any], exact: bool) -> list[str]:
        notes = []
        if not exact:
            notes.append(
                "TensorFlow's output padding is implicit (the output size) and stays below the "
                "stride, and its paddings are >= 0; this window needs the crop/pad shown"
            )
        if not exact and c.rank != 2:
            notes.append("explicit padding pairs are documented for conv2d_transpose only")
        if any(d > 1 for d in c.dilation):
            notes.append(CPU_DILATION_NOTE)
        return notes

    def weight_layout(self, params: Mapping[str, Any]) -> tuple[str, bool]:
        return "HWOI", False

    def weight_text(self, params: dict[str, Any], rank: int) -> str:
        return "filters [*k, out_channels, in_channels] (HWOI), not flipped: " + weight_expression(
            "HWOI", False, rank
        )

    def code(self, params: dict[str, Any], adjust: Sequence[Pair], c: Canonical) -> str:
        """Runnable with ``x`` (``(N, *size, C_in)``) and ``w`` (the PyTorch-layout weight).

        With ``dilations > 1`` the kernel is dilated with zeros and the call gets
        dilations 1: TensorFlow's CPU kernels refuse the dilation itself.
        """
        rank = c.rank
        out = realized_sizes(c.output_size, adjust)
        padding = params["padding"]
        if not isinstance(padding, str):
            padding = [[0, 0], *padding, [0, 0]]
        lines = [
            "import numpy as np",
            "import tensorflow as tf",
            f"filters = {weight_expression('HWOI', False, rank)}  # HWOI",
        ]
        dilations = list(params["dilations"])
        if any(d > 1 for d in dilations):
            lines += dilated_kernel_lines("filters", dilations, c.effective_kernel_size)
            dilations = [1] * rank
        shape = ", ".join(map(str, params["output_shape"]))

        def call(xs: str, fs: str) -> str:
            return (
                f"{_function(rank)}({xs}, {fs}, output_shape=[{xs}.shape[0], {shape}, "
                f"{c.out_channels // c.groups}], strides={params['strides']}, "
                f"padding={padding!r}, dilations={dilations})"
            )

        if c.groups > 1:
            cin = c.in_channels // c.groups
            lines += [
                "ys = []",
                f"for g in range({c.groups}):  # no groups in TensorFlow: one call per group",
                f"    xg = x[..., g * {cin}:(g + 1) * {cin}]",
                f"    fg = filters[..., g * {cin}:(g + 1) * {cin}]",
                f"    ys.append({call('xg', 'fg')})",
                "y = tf.concat(ys, axis=-1)",
            ]
        else:
            lines.append(f"y = {call('x', 'filters')}")
        crop = crop_text("y", adjust, c.output_size, True)
        if crop:
            lines.append(f"y = {crop}  # the call gives {'x'.join(map(str, out))}; crop")
        elif any(a for pair in adjust for a in pair):
            lines.append(crop_pad_text("y", "tf.pad", adjust, out, "[]"))
        return "\n".join(lines)

    # ----- computing ----------------------------------------------------------------

    def simulate(
        self, params: Mapping[str, Any], x: np.ndarray, w: np.ndarray, b: np.ndarray | None
    ) -> np.ndarray:
        """The gradient of the forward convolution: ``C^T x`` with C built literally."""
        return channels_last_gradient(self, params, x, w, b)


def channels_last_gradient(
    fw: Framework, params: Mapping[str, Any], x: np.ndarray, w: np.ndarray, b: np.ndarray | None
) -> np.ndarray:
    """What ``fw`` (TensorFlow or Keras) computes on channels-last data: ``C^T x``.

    The reading's pads are those of the forward convolution C that TensorFlow
    differentiates (:func:`tf_forward_pads`), and its output size C's input size.

    Args:
        fw: the framework that reads ``params``.
        params: the call's parameters (the framework's names).
        x: ``(N, *size, C_in)``.
        w: ``(*k, C_out, C_in)`` (HWOI).
        b: ``(C_out,)`` or None.
    """
    rank = x.ndim - 2
    c = fw.from_params(
        tuple(x.shape[1:-1]),
        tuple(w.shape[:rank]),
        params,
        in_channels=x.shape[-1],
        out_channels=w.shape[rank],
    ).canonical
    return gradient_of_conv(x, w, c.output_size, c.stride, c.pads, c.dilation, b)


def gradient_of_conv(
    x: np.ndarray,
    filters: np.ndarray,
    out: Sequence[int],
    strides: Sequence[int],
    pads: Sequence[Pair],
    dilations: Sequence[int],
    b: np.ndarray | None,
) -> np.ndarray:
    """``C^T x`` for the forward convolution C of an ``out``-sized input (channels last).

    C is built entry by entry (:func:`symtconv.core.matrix.structure`) from the
    forward convolution that TensorFlow differentiates, so this is the
    definition "transpose of conv2d" computed literally, independent of any
    transposed-convolution code.

    Raises:
        SpecError: the forward convolution of ``out`` does not give the input size.
    """
    rank = x.ndim - 2
    n_batch, i, c_in = x.shape[0], tuple(x.shape[1:-1]), x.shape[-1]
    c_out = filters.shape[rank]
    forward = ConvSpec.create(
        tuple(out),
        tuple(filters.shape[:rank]),
        stride=tuple(strides),
        padding=[list(p) for p in pads],
        dilation=tuple(dilations),
        in_channels=c_out,
        out_channels=c_in,
        transposed=False,
    )
    sizes = tuple(
        conv_output_length(n, k, s, lo, hi, d)
        for n, k, s, (lo, hi), d in zip(
            out, filters.shape[:rank], strides, pads, dilations, strict=True
        )
    )
    if sizes != i:
        raise SpecError(
            f"output_shape: forward convolution of {list(out)} gives {list(sizes)}, not {list(i)}"
        )
    st = structure(forward)
    # forward weight (C_out_fwd = c_in, C_in_fwd = c_out, *k) from HWOI filters
    w_fwd = np.transpose(filters, (rank + 1, rank, *range(rank))).reshape(-1)
    matrix = np.zeros(st.shape, dtype=object)
    matrix[...] = 0
    matrix[st.rows, st.cols] = w_fwd[st.taps]
    xs = np.moveaxis(x, -1, 1).reshape(n_batch, -1).astype(object)
    y = (xs @ matrix).reshape(n_batch, c_out, *out)
    y = np.moveaxis(y, 1, -1)
    if b is not None:
        y = y + np.asarray(b)
    return y


TENSORFLOW = TensorFlow()
