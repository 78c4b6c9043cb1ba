"""Core ML: coremltools' MIL operation ``conv_transpose`` (iOS15 and later), simulated.

Parameters (the operation's inputs): ``strides``, ``pad_type`` (``'valid'``, the
default, ``'same'`` or ``'custom'``), ``pad`` (``[lo0, hi0, lo1, hi1, ...]``,
with ``'custom'``), ``output_shape`` (the spatial sizes here; MIL's own
``output_shape`` starts with ``[n, C_out]``), ``dilations`` and ``groups``.

The operation's docstring and ``type_inference``
(``coremltools/converters/mil/mil/ops/defs/iOS15/conv.py``), ``DK = d(k-1)+1``:
valid ``(i-1)s + DK``, same ``i*s``, custom ``(i-1)s + DK - pad[2r] - pad[2r+1]``
(the docstring writes ``pad[2*i-1]``); a given ``output_shape`` is the output's
shape.  There is no output padding.  Which positions 'same' and a larger
``output_shape`` keep is not written down: type inference says "we follow TF
shape logic here", and coremltools' TensorFlow converter passes
``tf.nn.conv2d_transpose``'s SAME/VALID padding and output shape through
unchanged (``frontend/tensorflow/ops.py: Conv2DBackpropInput``), so symtconv
reads them with TensorFlow's rule.  With 'custom' it accepts only the
output_shape the formula gives.

Examples:
    >>> COREML.from_params(3, 3, {"strides": [2], "pad_type": "same"}).canonical.window
    ((0, 6),)
    >>> params = {"strides": [2], "pad_type": "same", "output_shape": [5]}
    >>> COREML.from_params(3, 3, params).canonical.window
    ((1, 6),)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..core.spec import effective_kernel_size, per_dim
from ..errors import SpecError
from .base import Candidate, Framework, ints
from .canonical import Canonical
from .forms import flat_pairs, pair_candidates, read_pairs
from .reading import Layer, Reading
from .tensorflow import tf_forward_pads, tf_output_range
from .windows import Pair

__all__ = ["COREML", "CoreML"]

PAD_TYPES = ("valid", "same", "custom")


class CoreML(Framework):
    """Core ML's MIL ``conv_transpose`` (its documented semantics)."""

    name = "coreml"
    title = "Core ML mb.conv_transpose"
    aliases = ("coremltools",)
    parameters = ("strides", "pad_type", "pad", "output_shape", "dilations", "groups")
    input_layout = "NCHW"
    has_groups = True
    simulated = (
        "simulated: Core ML models run only on Apple platforms; symtconv computes the "
        "documented sizes with TensorFlow's SAME/VALID positions"
    )

    def read(self, layer: Layer) -> Reading:
        params, rank = layer.params, layer.rank
        pad_type = str(params.get("pad_type", "valid")).lower()
        if pad_type not in PAD_TYPES:
            raise SpecError(f"pad_type: got {params['pad_type']!r}; valid: {', '.join(PAD_TYPES)}")
        s, d = layer.ints("strides", 1), layer.ints("dilations", 1)
        k_eff = effective_kernel_size(layer.kernel_size, d)
        full = [(i - 1) * ss + ke for i, ss, ke in zip(layer.input_size, s, k_eff, strict=True)]
        out = self._output_shape(layer)
        notes: list[str] = []
        if pad_type == "custom":
            if params.get("pad") is None:
                raise SpecError("pad: not given; Core ML: pad must exist if pad_type is custom")
            pairs = read_pairs("pad", params["pad"], rank, "Core ML")
            sizes = [n - a - b for n, (a, b) in zip(full, pairs, strict=True)]
            if out is not None and list(out) != sizes:
                raise SpecError(
                    f"output_shape: got {list(out)} with pad_type 'custom', whose size is {sizes}; "
                    "the operation does not document which positions another size keeps"
                )
            ops: tuple[int, ...] = (0,) * rank
        else:
            if params.get("pad") is not None:
                notes.append(f"pad is used only with pad_type 'custom'; '{pad_type}' ignores it")
            mode = pad_type.upper()
            sizes = (
                list(out)
                if out is not None
                else [
                    i * ss if mode == "SAME" else n
                    for i, ss, n in zip(layer.input_size, s, full, strict=True)
                ]
            )
            pairs_list, op_list = [], []
            for dim, (i, ke, ss, n) in enumerate(
                zip(layer.input_size, k_eff, s, sizes, strict=True)
            ):
                low, high = tf_output_range(i, ke, ss, mode)
                if not low <= n <= high:
                    raise SpecError(
                        f"output_shape: got {n} in dimension {dim}; with pad_type '{pad_type}' "
                        f"(TensorFlow's rule) it must be {low} to {high}"
                    )
                before, after = tf_forward_pads(i, ke, ss, n, mode)
                pairs_list.append((before, after))
                op_list.append(n - (full[dim] - before - after))
            pairs, ops = tuple(pairs_list), tuple(op_list)
            if mode == "SAME" and any((a + b) % 2 for a, b in pairs):
                notes.append("'same' crops an odd total padding's extra position at the end")
        c = layer.canonical(s, d, pairs, ops, params.get("groups", 1))
        return Reading(c, tuple(notes))

    @staticmethod
    def _output_shape(layer: Layer) -> tuple[int, ...] | None:
        value = layer.params.get("output_shape")
        if value is None:
            return None
        if isinstance(value, (list, tuple)) and len(value) == layer.rank + 2:
            if value[1] != layer.out_channels:
                raise SpecError(
                    f"output_shape: got {list(value)}; its second value must be C_out "
                    f"({layer.out_channels})"
                )
            value = list(value)[2:]
        return per_dim("output_shape", value, layer.rank, one_for_all=True)

    # ----- expressing ---------------------------------------------------------------

    def modes(self, c: Canonical) -> Sequence[str]:
        return ("custom", "same", "valid", "output_shape:same", "output_shape:valid")

    def candidates(self, mode: str, c: Canonical, dim: int) -> Iterator[Candidate]:
        if mode == "custom":
            yield from pair_candidates(c, dim, [0])
            return
        i, ke, s, full = (
            c.input_size[dim],
            c.effective_kernel_size[dim],
            c.stride[dim],
            c.full_size[dim],
        )
        padding = mode.split(":")[-1].upper()
        low, high = tf_output_range(i, ke, s, padding)
        sizes = (
            range(low, high + 1)
            if mode.startswith("output_shape")
            else [i * s if padding == "SAME" else full]
        )
        for n in sizes:
            before, after = tf_forward_pads(i, ke, s, n, padding)
            yield Candidate(n, (before, after), n - (full - before - after))

    def assemble(self, mode: str, values: Sequence[Any], c: Canonical) -> dict[str, Any]:
        params: dict[str, Any] = {"strides": ints(c.stride)}
        if mode == "custom":
            params["pad_type"] = "custom"
            params["pad"] = flat_pairs([(v[0], v[1]) for v in values])
        else:
            params["pad_type"] = mode.split(":")[-1]
            if mode.startswith("output_shape"):
                params["output_shape"] = list(values)
        params["dilations"] = ints(c.dilation)
        params["groups"] = c.groups
        return params

    def notes_for(self, c: Canonical, params: dict[str, Any], exact: bool) -> list[str]:
        if exact:
            return []
        return [
            "conv_transpose has no output padding and its custom pads are >= 0; coremltools' "
            "PyTorch converter also crops (or pads the input) for output_padding"
        ]

    def weight_text(self, params: dict[str, Any], rank: int) -> str:
        return "weight [C_in, C_out/groups, *k]: PyTorch's layout, as is (float16/float32)"

    def code(self, params: dict[str, Any], adjust: Sequence[Pair], c: Canonical) -> str:
        args = [f"x=x, weight=w, pad_type={params['pad_type']!r}"]
        if "pad" in params:
            args.append(f"pad={params['pad']}")
        if "output_shape" in params:
            args.append(
                f"output_shape=[N, {c.out_channels}, {', '.join(map(str, params['output_shape']))}]"
            )
        args += [f"strides={params['strides']}", f"dilations={params['dilations']}"]
        if c.groups > 1:
            args.append(f"groups={c.groups}")
        lines = ["y = mb.conv_transpose(" + ", ".join(args) + ")  # inside an @mb.program"]
        if any(a for pair in adjust for a in pair):
            crops = [max(lo, 0) for lo, _ in adjust]
            sizes = [n + lo + hi for n, (lo, hi) in zip(c.output_size, adjust, strict=True)]
            ends = [n - max(hi, 0) for n, (_, hi) in zip(sizes, adjust, strict=True)]
            mask = [True, True] + [False] * c.rank
            if any(a > 0 for pair in adjust for a in pair):
                lines.append(
                    f"y = mb.slice_by_index(x=y, begin={[0, 0, *crops]}, end={[0, 0, *ends]}, "
                    f"begin_mask={mask}, end_mask={mask})  # the layer gives "
                    + "x".join(map(str, sizes))
                    + "; crop"
                )
            if any(a < 0 for pair in adjust for a in pair):
                zeros = flat_pairs([(max(-lo, 0), max(-hi, 0)) for lo, hi in adjust])
                lines.append(f"y = mb.pad(x=y, pad={zeros}, mode='constant')  # add zeros")
        return "\n".join(lines)


COREML = CoreML()
