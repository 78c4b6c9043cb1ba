"""ONNX ``ConvTranspose`` (opset 11 and later), read from the operator's text.

Attributes (ONNX's names): ``strides``, ``pads`` (``[x1_begin, x2_begin, ...,
x1_end, x2_end, ...]``), ``auto_pad`` (NOTSET, SAME_UPPER, SAME_LOWER, VALID),
``output_shape``, ``output_padding``, ``dilations``, ``group``, ``kernel_shape``.

The operator's text, per spatial axis: without ``output_shape`` the output size
is ``s(i-1) + op + d(k-1) + 1 - pads_begin - pads_end``.  With ``output_shape``
(and for SAME_UPPER / SAME_LOWER, whose output size is ``i*s``) the pads are
generated from ``total = s(i-1) + op + d(k-1) + 1 - output_shape``:
SAME_UPPER takes ``(total/2, total - total/2)``, every other setting (NOTSET
included) ``(total - total/2, total/2)``.  Opset 1's text had the two
branches the other way round.  The output padding takes part in ``total``
there instead of adding to the size.

Examples:
    >>> ONNX.from_params(5, 3, {"strides": [2], "auto_pad": "SAME_UPPER"}).canonical.pads
    ((0, 1),)
    >>> ONNX.from_params(5, 3, {"strides": [2], "output_shape": [10]}).canonical.pads
    ((1, 0),)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from ..core.spec import output_padding_accepted, tconv_output_length
from ..errors import SpecError
from .base import Candidate, Framework, ints
from .canonical import Canonical
from .codegen import realized_sizes
from .reading import Layer, Reading
from .windows import Pair

__all__ = ["AUTO_PADS", "CODE_OPSET", "ONNX", "Onnx", "ort_runnable", "split_total"]

AUTO_PADS = ("NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID")

#: The opset of the printed models (ConvTranspose reads the same since opset 11; onnxruntime
#: has run opset 17 since 1.13).
CODE_OPSET = 17


def split_total(total: int, upper: bool) -> Pair:
    """ONNX's split of a total padding: SAME_UPPER ``(t/2, t - t/2)``, else ``(t - t/2, t/2)``.

    ``/`` is floor division here, as in ``onnx.reference``; the text does not
    say what a negative total means (pads must be >= 0).

    Examples:
        >>> split_total(3, True), split_total(3, False)
        ((1, 2), (2, 1))
    """
    half = total // 2
    return (half, total - half) if upper else (total - half, half)


class Onnx(Framework):
    """ONNX ``ConvTranspose``."""

    name = "onnx"
    title = "ONNX ConvTranspose"
    aliases = ()
    parameters = (
        "kernel_shape",
        "strides",
        "pads",
        "auto_pad",
        "output_shape",
        "output_padding",
        "dilations",
        "group",
    )
    input_layout = "NCHW"
    has_groups = True
    groups_param = "group"

    def read(self, layer: Layer) -> Reading:
        layer.check_kernel("kernel_shape", "W's kernel")
        auto_pad = layer.params.get("auto_pad") or "NOTSET"
        if auto_pad not in AUTO_PADS:
            raise SpecError(f"auto_pad: got {auto_pad!r}; valid values: {', '.join(AUTO_PADS)}")
        s, d = layer.ints("strides", 1), layer.ints("dilations", 1)
        op = layer.ints("output_padding", 0)
        notes = _check_output_padding(op, s, d)
        if layer.params.get("pads") is not None and auto_pad != "NOTSET":
            raise SpecError(
                f"pads: given with auto_pad={auto_pad}; ONNX: pads cannot be used with auto_pad"
            )
        full = [
            tconv_output_length(i, k, ss, 0, 0, dd, 0)
            for i, k, ss, dd in zip(layer.input_size, layer.kernel_size, s, d, strict=True)
        ]
        given = _Given(layer, auto_pad, full, s, op)
        if layer.params.get("output_shape") is not None:
            pairs = _pads_for_output_shape(given, notes)
        else:
            pairs = _PADS[auto_pad](given, notes)
        c = layer.canonical(s, d, tuple(pairs), op, layer.params.get("group", 1))
        return Reading(c, tuple(notes))

    # ----- expressing ---------------------------------------------------------------

    def modes(self, c: Canonical) -> Sequence[str]:
        return (
            "pads",
            "SAME_UPPER",
            "SAME_LOWER",
            "VALID",
            "output_shape:NOTSET",
            "output_shape:SAME_UPPER",
            "output_shape:SAME_LOWER",
        )

    def candidates(self, mode: str, c: Canonical, dim: int) -> Iterator[Candidate]:
        i, _k, s, d = c.input_size[dim], c.kernel_size[dim], c.stride[dim], c.dilation[dim]
        (lo, hi), op = c.pads[dim], c.output_padding[dim]
        full = c.full_size[dim]
        end = hi - op
        ops = [o for o in dict.fromkeys([op, max(-end, 0), *range(max(s, d))]) if o < max(s, d)]
        ops.sort(key=lambda o: o >= s)  # prefer what every reader accepts: op < stride
        if mode == "pads":
            los = dict.fromkeys([lo, *range(max(lo, 0) + 1)])
            his = dict.fromkeys([hi, max(end, 0), *range(max(end, hi, 0) + 1)])
            for o in ops:
                for a in los:
                    for b in his:
                        if a >= 0 and b >= 0:
                            yield Candidate((a, b, o), (a, b), o)
            return
        if mode == "VALID":
            for o in ops:
                yield Candidate(o, (0, 0), o)
            return
        upper = mode.endswith("SAME_UPPER")
        for o in ops:
            target = c.output_size[dim] if mode.startswith("output_shape") else i * s
            total = full + o - target
            if total >= 0:  # never rely on the text's unstated negative case
                yield Candidate((o, target), split_total(total, upper), o)

    def assemble(self, mode: str, values: Sequence[Any], c: Canonical) -> dict[str, Any]:
        params: dict[str, Any] = {"kernel_shape": ints(c.kernel_size), "strides": ints(c.stride)}
        if mode == "pads":
            params["pads"] = [v[0] for v in values] + [v[1] for v in values]
            ops = [v[2] for v in values]
        elif mode == "VALID":
            params["auto_pad"] = "VALID"
            ops = list(values)
        else:
            params["auto_pad"] = mode.split(":")[-1]
            ops = [v[0] for v in values]
            if mode.startswith("output_shape"):
                params["output_shape"] = [v[1] for v in values]
        if any(ops):
            params["output_padding"] = ops
        params["dilations"] = ints(c.dilation)
        params["group"] = c.groups
        return params

    def notes_for(self, c: Canonical, params: dict[str, Any], exact: bool) -> list[str]:
        notes = []
        if not exact:
            notes.append(
                "no ConvTranspose attributes give this window without a negative pad: "
                "ONNX requires pads >= 0"
            )
        ops = params.get("output_padding", [0] * c.rank)
        if any(o >= s for o, s in zip(ops, c.stride, strict=True)):
            notes.append(
                f"output_padding {ops} is not smaller than the strides {list(c.stride)}: the "
                "text allows it (it is smaller than the dilations), but onnxruntime refuses it "
                "('output_padding (1) may be too large for stride (1)') and onnx.reference "
                "raises; the code runs the node without it and adds the positions past the "
                "full result, zeros, after it"
            )
        return notes

    def weight_text(self, params: dict[str, Any], rank: int) -> str:
        return "IOHW (C, M/group, *k): the same layout as PyTorch, as is"

    def code(self, params: dict[str, Any], adjust: Sequence[Pair], c: Canonical) -> str:
        """A one-node model run by onnxruntime: runnable with ``x`` and ``w`` (float32 NumPy).

        onnxruntime refuses an output padding that is not below the stride
        (:func:`ort_runnable`); the code then uses the one it runs and adds the
        rest as zeros.
        """
        params, adjust = ort_runnable(params, adjust, c)
        attrs = ", ".join(f"{k}={v!r}" for k, v in params.items())
        lines = [
            "import numpy as np",
            "import onnx",
            "import onnxruntime",
            f'node = onnx.helper.make_node("ConvTranspose", ["x", "w"], ["y"], {attrs})',
            "inputs = [onnx.helper.make_tensor_value_info(n, onnx.TensorProto.FLOAT, a.shape) "
            'for n, a in (("x", x), ("w", w))]',
            'output = onnx.helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, None)',
            'model = onnx.helper.make_model(onnx.helper.make_graph([node], "layer", inputs, '
            f'[output]), opset_imports=[onnx.helper.make_opsetid("", {CODE_OPSET})])',
            "session = onnxruntime.InferenceSession(model.SerializeToString(), "
            'providers=["CPUExecutionProvider"])',
            'y = session.run(None, {"x": x, "w": w})[0]',
        ]
        if any(a for pair in adjust for a in pair):
            sizes = realized_sizes(c.output_size, adjust)
            axes = list(range(2, 2 + c.rank))
            starts = [max(lo, 0) for lo, _ in adjust]
            ends = [n - max(hi, 0) for n, (_, hi) in zip(sizes, adjust, strict=True)]
            if any(a > 0 for pair in adjust for a in pair):
                crops = ", ".join(f"{a}:{b}" for a, b in zip(starts, ends, strict=True))
                lines.append(
                    f"y = y[:, :, {crops}]  # crop; in a graph: Slice(starts={starts}, "
                    f"ends={ends}, axes={axes})"
                )
            if any(a < 0 for pair in adjust for a in pair):
                widths = [(max(-lo, 0), max(-hi, 0)) for lo, hi in adjust]
                pads = [a for a, _ in widths] + [b for _, b in widths]
                lines.append(
                    f"y = np.pad(y, [(0, 0), (0, 0), {', '.join(map(str, widths))}])  "
                    f"# zeros; in a graph: Pad(pads={pads}, axes={axes})"
                )
        return "\n".join(lines)


def ort_runnable(
    params: dict[str, Any], adjust: Sequence[Pair], c: Canonical
) -> tuple[dict[str, Any], tuple[Pair, ...]]:
    """Parameters onnxruntime runs, and the crop/pad that goes with them.

    onnxruntime's CPU kernel refuses an ``output_padding`` that is not smaller
    than the stride ("output_padding (1) may be too large for stride (1)"),
    which the operator's text allows when it is smaller than the dilation.  The
    converter writes such a padding only where the output runs past the full
    result, so those positions are zeros: explicit pads, no output padding, and
    the zeros added after the node.

    Examples:
        >>> c = Canonical.create(1, 1, dilation=2, output_padding=1)
        >>> ort_runnable(ONNX.to_params(c).params, ((0, 0),), c)[1]
        ((0, -1),)
    """
    ops = params.get("output_padding", [0] * c.rank)
    if all(o < s for o, s in zip(ops, c.stride, strict=True)):
        return params, tuple(adjust)
    n = c.normalized()
    runnable = {
        "kernel_shape": ints(c.kernel_size),
        "strides": ints(c.stride),
        "pads": [lo for lo, _ in n.pads] + [hi for _, hi in n.pads],
        "dilations": ints(c.dilation),
        "group": c.groups,
    }
    return runnable, tuple((lo, hi - op) for (lo, hi), op in zip(adjust, n.output_padding))


def _check_output_padding(op: tuple[int, ...], s: tuple[int, ...], d: tuple[int, ...]) -> list[str]:
    """The text's rule (below the stride or the dilation), and a note where the reference differs.

    Raises:
        SpecError: an output padding the text refuses.
    """
    for o, ss, dd in zip(op, s, d, strict=True):
        if o < 0 or not output_padding_accepted(o, ss, dd):
            raise SpecError(
                f"output_padding: got {list(op)}; ONNX: each value must be >= 0 and less than "
                f"the stride ({ss}) or the dilation ({dd})"
            )
    if any(o >= ss for o, ss in zip(op, s, strict=True)):
        return [
            f"output_padding {list(op)} is not smaller than the strides {list(s)} (the text "
            "allows 'less than the stride/dilation'); onnx.reference's ConvTranspose "
            "raises for it"
        ]
    return []


class _Given(NamedTuple):
    """What the pads are read from: the layer, its auto_pad, full sizes, strides, output padding."""

    layer: Layer
    auto_pad: str
    full: list[int]
    s: tuple[int, ...]
    op: tuple[int, ...]


def _pads_for_output_shape(g: _Given, notes: list[str]) -> list[Pair]:
    """``output_shape`` given: the pads generated from the total padding it implies."""
    out = g.layer.ints("output_shape")
    totals = [n + o - m for n, o, m in zip(g.full, g.op, out, strict=True)]
    if g.layer.params.get("pads") is not None:
        notes.append("pads are ignored when output_shape is given")
    if g.auto_pad == "NOTSET" and any(t % 2 for t in totals):
        notes.append(
            "output_shape with auto_pad NOTSET splits an odd total padding like "
            "SAME_LOWER (the extra position is cropped at the beginning); opset 1's text "
            "said the opposite; onnx.reference does not generate these pads at all "
            "(see the README's Findings)"
        )
    _note_negative(totals, notes)
    return [split_total(t, g.auto_pad == "SAME_UPPER") for t in totals]


def _pads_same(g: _Given, notes: list[str]) -> list[Pair]:
    """SAME_UPPER / SAME_LOWER: the output size is ``input * stride``; the pads follow."""
    totals = [
        n + o - i * s for n, o, i, s in zip(g.full, g.op, g.layer.input_size, g.s, strict=True)
    ]
    if any(g.op):
        notes.append(
            f"with auto_pad={g.auto_pad} the output size is input*stride and "
            "output_padding only moves the split of the padding; ONNX's own shape "
            "inference adds output_padding to the size instead"
        )
    if any(t % 2 for t in totals):
        side = "end" if g.auto_pad == "SAME_UPPER" else "beginning"
        notes.append(
            f"{g.auto_pad} puts the odd extra padding at the {side} (opset 1's formula put "
            "it on the other side)"
        )
    _note_negative(totals, notes)
    return [split_total(t, g.auto_pad == "SAME_UPPER") for t in totals]


def _pads_valid(g: _Given, notes: list[str]) -> list[Pair]:
    """VALID: no padding."""
    return [(0, 0)] * g.layer.rank


def _pads_explicit(g: _Given, notes: list[str]) -> list[Pair]:
    """NOTSET: the ``pads`` attribute, the begins of every axis, then the ends.

    Raises:
        SpecError: not ``2 * rank`` integers >= 0.
    """
    rank = g.layer.rank
    raw = g.layer.params.get("pads", [0] * (2 * rank))
    if isinstance(raw, int):
        raw = [raw] * (2 * rank)
    flat = list(raw)
    if len(flat) != 2 * rank or not all(isinstance(v, int) and v >= 0 for v in flat):
        raise SpecError(
            f"pads: got {raw!r}; ONNX needs {2 * rank} integers >= 0: the begins of "
            "every axis, then the ends"
        )
    return [(flat[n], flat[n + rank]) for n in range(rank)]


#: auto_pad -> how the pads are read (without output_shape).
_PADS = {
    "NOTSET": _pads_explicit,
    "SAME_UPPER": _pads_same,
    "SAME_LOWER": _pads_same,
    "VALID": _pads_valid,
}


def _note_negative(totals: Sequence[int], notes: list[str]) -> None:
    if any(t < 0 for t in totals):
        notes.append(
            f"the total padding {list(totals)} is negative: the text's pads would be < 0 "
            "(it requires pads >= 0), so it does not say where the added zeros go; "
            "symtconv reads it as onnx.reference does (floor division); ONNX's shape "
            "inference, onnxruntime and OpenVINO clamp the total to 0 instead"
        )


ONNX = Onnx()
