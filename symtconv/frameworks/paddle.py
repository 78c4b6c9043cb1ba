"""PaddlePaddle: ``paddle.nn.functional.conv{1,2,3}d_transpose`` and ``nn.Conv{1,2,3}DTranspose``.

Parameters (Paddle's names): ``stride``, ``padding``, ``output_padding``,
``dilation``, ``groups``, ``output_size`` and ``data_format`` (``NCHW`` or
``NHWC``; ``NCL``/``NLC`` in 1-D, ``NCDHW``/``NDHWC`` in 3-D).  ``padding`` is
an int, one int per dimension (both sides), ``[lo0, hi0, lo1, hi1, ...]``,
``rank + 2`` pairs with zero pairs for the batch and channel axes, or
``'SAME'`` / ``'VALID'`` (``paddle/nn/functional/conv.py: _update_padding_nd``).

The size rule (``ConvTransposeInferMeta``, ``paddle/phi/infermeta/binary.cc``)
is PyTorch's: ``(i-1)s - lo - hi + d(k-1) + 1``, plus ``output_padding``
(each value below ``max(stride, dilation)``), or ``output_size``
(exclusive with ``output_padding``), which must lie in ``[that, that + s)``:
half-open, as the layer's docstring says (the functional docstring writes a
closed interval).  ``'SAME'`` is the *forward* convolution's rule applied to
the transposed convolution's input size ``i``, and it resets the dilation to 1
(``UpdatePaddingAndDilation``, ``paddle/phi/kernels/cpu/conv_util.h``)::

    pad_sum = max((ceil(i/s) - 1) s + k - i, 0),  pad_sum // 2 before, the rest after

so its output is ``(i-1)s + k - pad_sum``, not ``i*s``.

Examples:
    >>> PADDLE.from_params(3, 3, {"stride": 2, "padding": "SAME"}).canonical.output_size
    (5,)
    >>> PADDLE.from_params(5, 3, {"stride": 2, "padding": 1, "output_size": 10}).canonical.window
    ((1, 11),)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..core.spec import tconv_output_length
from ..errors import SpecError
from .base import Candidate, Framework, ints
from .canonical import Canonical
from .codegen import numpy_adjust_text, realized_sizes
from .forms import flat_pairs, pair_candidates
from .reading import Layer, Reading
from .windows import Pair

__all__ = ["PADDLE", "Paddle", "paddle_same_pads"]

#: rank -> (channels-first data_format, channels-last data_format)
DATA_FORMATS = {1: ("NCL", "NLC"), 2: ("NCHW", "NHWC"), 3: ("NCDHW", "NDHWC")}


def paddle_same_pads(i: int, k: int, s: int) -> Pair:
    """Paddle's ``'SAME'`` pads of a transposed convolution (the forward rule on ``i``).

    Examples:
        >>> paddle_same_pads(3, 3, 2), paddle_same_pads(3, 3, 1), paddle_same_pads(5, 4, 2)
        ((1, 1), (1, 1), (1, 2))
    """
    out = -(-i // s)
    pad_sum = max((out - 1) * s + k - i, 0)
    return pad_sum // 2, pad_sum - pad_sum // 2


def _function(rank: int) -> str:
    return f"paddle.nn.functional.conv{rank}d_transpose"


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


class Paddle(Framework):
    """PaddlePaddle's transposed convolution."""

    name = "paddle"
    title = "PaddlePaddle conv_transpose"
    aliases = ("paddlepaddle",)
    parameters = (
        "kernel_size",
        "stride",
        "padding",
        "output_padding",
        "dilation",
        "groups",
        "output_size",
        "data_format",
    )
    input_layout = "NCHW"
    has_groups = True

    # ----- reading ------------------------------------------------------------------

    def read(self, layer: Layer) -> Reading:
        layer.check_kernel("kernel_size", "the kernel")
        rank = layer.rank
        self._data_format(layer.params.get("data_format"), rank)
        s, d = layer.ints("stride", 1), layer.ints("dilation", 1)
        mode, pairs = self._padding(layer.params.get("padding", 0), layer)
        notes: list[str] = []
        if mode == "SAME":
            pairs = tuple(
                paddle_same_pads(i, k, ss)
                for i, k, ss in zip(layer.input_size, layer.kernel_size, s, strict=True)
            )
            if any(dd > 1 for dd in d):
                notes.append(
                    f"Paddle's 'SAME' resets the dilation to 1 (UpdatePaddingAndDilation): the "
                    f"dilation {list(d)} is dropped and the kernel is applied undilated"
                )
            d = (1,) * rank
        infer = [
            tconv_output_length(i, k, ss, lo, hi, dd, 0)
            for i, k, ss, (lo, hi), dd in zip(
                layer.input_size, layer.kernel_size, s, pairs, d, strict=True
            )
        ]
        op = self._output_padding(layer, s, d, infer, notes)
        if mode == "SAME":
            same = [i * ss for i, ss in zip(layer.input_size, s, strict=True)]
            if [n + o for n, o in zip(infer, op, strict=True)] != same:
                notes.append(
                    "Paddle's 'SAME' pads like the forward convolution's SAME of the input size "
                    "(pad_sum = max((ceil(i/s)-1)s + k - i, 0), pad_sum // 2 first): output "
                    f"{[n + o for n, o in zip(infer, op, strict=True)]}, not input*stride "
                    f"{same} as in TensorFlow, ONNX, JAX, MindSpore and Core ML"
                )
        c = layer.canonical(s, d, pairs, op, layer.params.get("groups", 1))
        return Reading(c, tuple(notes))

    @staticmethod
    def _data_format(value: Any, rank: int) -> bool:
        """True for channels last.

        Raises:
            SpecError: not one of the rank's two formats.
        """
        first, last = DATA_FORMATS[rank]
        if value is None or value == first:
            return False
        if value == last:
            return True
        raise SpecError(f"data_format: got {value!r}; Paddle takes {first!r} or {last!r} here")

    def _padding(self, value: Any, layer: Layer) -> tuple[str, tuple[Pair, ...]]:
        """("EXPLICIT" | "SAME" | "VALID", the pairs) as ``_update_padding_nd`` reads them.

        Raises:
            SpecError: a form Paddle does not take, or a negative value.
        """
        rank = layer.rank
        zeros = ((0, 0),) * rank
        if isinstance(value, str):
            word = value.upper()
            if word not in ("SAME", "VALID"):
                raise SpecError(
                    f"padding: got {value!r}; Paddle takes 'SAME', 'VALID', an int, one int per "
                    "dimension, [lo0, hi0, lo1, hi1, ...] or one pair per axis"
                )
            return word, zeros
        if _is_int(value):
            pairs: tuple[Pair, ...] = ((int(value), int(value)),) * rank
        elif isinstance(value, (list, tuple)):
            pairs = self._padding_list(list(value), layer)
        else:
            raise SpecError(f"padding: got {value!r}; Paddle takes a string, an int or a list")
        if any(a < 0 or b < 0 for a, b in pairs):
            raise SpecError(f"padding: got {value!r}; Paddle: every value must be >= 0")
        return "EXPLICIT", pairs

    def _padding_list(self, items: list[Any], layer: Layer) -> tuple[Pair, ...]:
        rank = layer.rank
        if len(items) == rank + 2 and all(isinstance(p, (list, tuple)) for p in items):
            last = self._data_format(layer.params.get("data_format"), rank)
            outer = (items[0], items[-1]) if last else (items[0], items[1])
            if any(list(p) != [0, 0] for p in outer):
                raise SpecError(
                    f"padding: got {items!r}; Paddle: the batch and channel pairs must be [0, 0]"
                )
            inner = items[1:-1] if last else items[2:]
            if not all(len(p) == 2 and all(_is_int(v) for v in p) for p in inner):
                raise SpecError(f"padding: got {items!r}; every pair must be two ints")
            return tuple((int(p[0]), int(p[1])) for p in inner)
        if all(_is_int(v) for v in items):
            if len(items) == 2 * rank:
                return tuple((items[2 * n], items[2 * n + 1]) for n in range(rank))
            if len(items) == rank:
                return tuple((v, v) for v in items)
        raise SpecError(
            f"padding: got {items!r}; Paddle takes {rank} int(s), {2 * rank} ints "
            f"[lo0, hi0, ...] or {rank + 2} pairs (the batch and channel pairs [0, 0])"
        )

    def _output_padding(
        self,
        layer: Layer,
        s: tuple[int, ...],
        d: tuple[int, ...],
        infer: list[int],
        notes: list[str],
    ) -> tuple[int, ...]:
        """The output padding from ``output_padding`` or ``output_size``, checked as Paddle does.

        Raises:
            SpecError: both given, or a value Paddle's checks refuse.
        """
        raw_op = layer.params.get("output_padding", 0)
        size = layer.params.get("output_size")
        if size is not None:
            if raw_op != 0:  # the functional API's own test, so that [0, 0] counts as given
                raise SpecError(
                    f"output_padding: got {raw_op!r} with output_size; Paddle: output_padding "
                    "is mutually exclusive with output_size"
                )
            out = layer.ints("output_size")
            for dim, (n, low, ss) in enumerate(zip(out, infer, s, strict=True)):
                if not low <= n < low + ss:
                    where = "" if layer.rank == 1 else f" in dimension {dim}"
                    raise SpecError(
                        f"output_size: got {list(out)}; Paddle needs {low} <= output_size < "
                        f"{low + ss} (the inferred size + stride, excluded){where}"
                    )
            return tuple(n - low for n, low in zip(out, infer, strict=True))
        op = layer.ints("output_padding", 0)
        for o, ss, dd in zip(op, s, d, strict=True):
            if o < 0 or o >= max(ss, dd):
                raise SpecError(
                    f"output_padding: got {list(op)}; Paddle: each value must be >= 0 and smaller "
                    f"than max(stride, dilation) = {max(ss, dd)} (ConvTransposeInferMeta)"
                )
            if layer.rank == 1 and o > ss:
                raise SpecError(
                    f"output_padding: got {list(op)}; Paddle's conv1d_transpose: output_padding "
                    f"must not be greater than the stride ({ss})"
                )
        if any(o >= ss for o, ss in zip(op, s, strict=True)):
            notes.append(
                f"output_padding {list(op)} passes Paddle's shape check (below max(stride, "
                "dilation)), but its CPU kernel refuses output_padding >= stride: Col2Im checks "
                "that the output size maps back to the input ('Output_height and "
                "padding(padding_up, padding_down) are inconsistent.')"
            )
        return op

    # ----- expressing ---------------------------------------------------------------

    def modes(self, c: Canonical) -> Sequence[str]:
        return ("padding", "output_size", "SAME", "VALID")

    def candidates(self, mode: str, c: Canonical, dim: int) -> Iterator[Candidate]:
        s = c.stride[dim]
        ops = [o for o in dict.fromkeys([c.output_padding[dim], *range(s)]) if o < s]
        if mode == "padding":
            yield from pair_candidates(c, dim, ops)
        elif mode == "output_size":
            for cand in pair_candidates(c, dim, ops):
                a, b, o = cand.value
                yield Candidate((a, b, c.full_size[dim] - a - b + o), cand.pads, o)
        elif mode == "SAME" and c.dilation[dim] == 1:
            pads = paddle_same_pads(c.input_size[dim], c.kernel_size[dim], s)
            for o in ops:
                yield Candidate(o, pads, o)
        elif mode == "VALID":
            for o in ops:
                yield Candidate(o, (0, 0), o)

    def assemble(self, mode: str, values: Sequence[Any], c: Canonical) -> dict[str, Any]:
        params: dict[str, Any] = {"kernel_size": ints(c.kernel_size), "stride": ints(c.stride)}
        if mode in ("SAME", "VALID"):
            params["padding"] = mode
            ops = list(values)
        else:
            pairs = [(v[0], v[1]) for v in values]
            symmetric = all(a == b for a, b in pairs)
            params["padding"] = [a for a, _ in pairs] if symmetric else flat_pairs(pairs)
            ops = [v[2] for v in values] if mode == "padding" else []
        if any(ops):
            params["output_padding"] = ops
        params["dilation"] = ints(c.dilation)
        params["groups"] = c.groups
        if mode == "output_size":
            params["output_size"] = [v[2] for v in values]
        return params

    def notes_for(self, c: Canonical, params: dict[str, Any], exact: bool) -> list[str]:
        if exact:
            return []
        return [
            "Paddle's pads are >= 0 and its output_padding stays below the stride on the CPU; "
            "this window needs the crop/pad shown"
        ]

    def weight_text(self, params: dict[str, Any], rank: int) -> str:
        return (
            "weight [C_in, C_out/groups, *k]: PyTorch's layout, as is (nn.Conv2DTranspose's "
            "docstring writes (C_in, C_out, K_h, K_w), without the /groups)"
        )

    def layout_for(self, params: Mapping[str, Any]) -> str:
        value = params.get("data_format")
        return "NHWC" if value in ("NLC", "NHWC", "NDHWC") else "NCHW"

    def code(self, params: dict[str, Any], adjust: Sequence[Pair], c: Canonical) -> str:
        args = [f"stride={params['stride']}", f"padding={params['padding']!r}"]
        for key in ("output_padding", "dilation", "groups", "output_size"):
            if key in params:
                args.append(f"{key}={params[key]!r}")
        lines = [
            f"y = {_function(c.rank)}(paddle.to_tensor(x), paddle.to_tensor(w), "
            + ", ".join(args)
            + ")"
        ]
        if any(a for pair in adjust for a in pair):
            sizes = realized_sizes(c.output_size, adjust)
            lines.append(numpy_adjust_text("y", adjust, sizes, "y.numpy()"))
        return "\n".join(lines)

    # ----- crosscheck ---------------------------------------------------------------

    def variant_label(self, params: Mapping[str, Any]) -> str | None:
        padding = params.get("padding")
        if isinstance(padding, str):
            return f"padding={padding}"
        return "output_size" if "output_size" in params else "padding+output_padding"

    def call_params(self, c: Canonical) -> dict[str, Any] | None:
        return {"groups": c.groups}


PADDLE = Paddle()
