"""Caffe: the ``Deconvolution`` layer (``convolution_param``), simulated.

Parameters (``ConvolutionParameter`` in ``caffe.proto``): ``num_output``,
``kernel_size``, ``stride``, ``pad`` (the same on both sides), ``dilation``,
``group``; in 2-D also ``kernel_h``/``kernel_w``, ``stride_h``/``stride_w``,
``pad_h``/``pad_w``.

``DeconvolutionLayer::compute_output_shape`` (``src/caffe/layers/deconv_layer.cpp``,
BVLC/caffe at 9b89154): ``stride (i-1) + dilation (k-1) + 1 - 2 pad``.  There is
no output padding; for deconvolution the weight blob is
``(C_in, num_output/group, *k)`` (``base_conv_layer.cpp``: the channel axes are
reversed).

Examples:
    >>> CAFFE.from_params(5, 3, {"stride": 2, "pad": 1}).canonical.output_size
    (9,)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import SpecError
from .base import Candidate, Framework, ints
from .canonical import Canonical
from .forms import symmetric_candidates
from .reading import Layer, Reading
from .windows import Pair

__all__ = ["CAFFE", "Caffe"]

#: the 2-D parameters and the per-dimension ones they stand for
_TWO_D = {
    "kernel": ("kernel_h", "kernel_w"),
    "stride": ("stride_h", "stride_w"),
    "pad": ("pad_h", "pad_w"),
}


class Caffe(Framework):
    """Caffe's ``Deconvolution`` layer (its source's semantics)."""

    name = "caffe"
    title = "Caffe Deconvolution"
    aliases = ()
    parameters = (
        "num_output",
        "kernel_size",
        "stride",
        "pad",
        "dilation",
        "group",
        "kernel_h",
        "kernel_w",
        "stride_h",
        "stride_w",
        "pad_h",
        "pad_w",
    )
    input_layout = "NCHW"
    has_groups = True
    groups_param = "group"
    simulated = "simulated from Caffe's source (deconv_layer.cpp); Caffe is not installed here"

    def read(self, layer: Layer) -> Reading:
        params = layer.params
        defaults = {
            "kernel": layer.kernel_size,
            "stride": (1,) * layer.rank,
            "pad": (0,) * layer.rank,
        }
        values: dict[str, tuple[int, ...]] = {}
        for base, (h, w) in _TWO_D.items():
            key = "kernel_size" if base == "kernel" else base
            if h in params or w in params:
                if layer.rank != 2 or key in params:
                    raise SpecError(
                        f"{h}/{w}: Caffe takes them in 2-D only, and not together with {key}"
                    )
                first, second = defaults[base]
                values[base] = (int(params.get(h, first)), int(params.get(w, second)))
            elif key in params:
                values[base] = layer.ints(key)
            else:
                values[base] = defaults[base]
        if values["kernel"] != layer.kernel_size:
            raise SpecError(
                f"kernel_size: got {list(values['kernel'])}; the kernel is "
                f"{list(layer.kernel_size)}"
            )
        maps = params.get("num_output")
        if maps is not None and maps != layer.out_channels:
            raise SpecError(
                f"num_output: got {maps!r}; the output channels are {layer.out_channels}"
            )
        if any(p < 0 for p in values["pad"]):
            raise SpecError(f"pad: got {list(values['pad'])}; Caffe: pads are >= 0")
        d = layer.ints("dilation", 1)
        pairs = tuple((p, p) for p in values["pad"])
        c = layer.canonical(values["stride"], d, pairs, (0,) * layer.rank, params.get("group", 1))
        return Reading(c)

    # ----- expressing ---------------------------------------------------------------

    def modes(self, c: Canonical) -> Sequence[str]:
        return ("pad",)

    def candidates(self, mode: str, c: Canonical, dim: int) -> Iterator[Candidate]:
        yield from symmetric_candidates(c, dim, [0])

    def assemble(self, mode: str, values: Sequence[Any], c: Canonical) -> dict[str, Any]:
        return {
            "num_output": c.out_channels,
            "kernel_size": ints(c.kernel_size),
            "stride": ints(c.stride),
            "pad": [v[0] for v in values],
            "dilation": ints(c.dilation),
            "group": c.groups,
        }

    def notes_for(self, c: Canonical, params: dict[str, Any], exact: bool) -> list[str]:
        if exact:
            return []
        return [
            "Caffe pads both sides alike and has no output padding; this window needs the "
            "crop/pad shown"
        ]

    def weight_text(self, params: dict[str, Any], rank: int) -> str:
        return "weight blob (C_in, num_output/group, *k): PyTorch's layout, as is"

    def code(self, params: dict[str, Any], adjust: Sequence[Pair], c: Canonical) -> str:
        fields = [f"num_output: {c.out_channels}"]
        for key in ("kernel_size", "stride", "pad", "dilation"):
            fields.extend(f"{key}: {v}" for v in params[key])
        if c.groups > 1:
            fields.append(f"group: {c.groups}")
        fields.append("bias_term: false")
        lines = [
            'layer { name: "up" type: "Deconvolution" bottom: "x" top: "y" '
            "convolution_param { " + " ".join(fields) + " } }"
        ]
        if any(a for pair in adjust for a in pair):
            sizes = [n + lo + hi for n, (lo, hi) in zip(c.output_size, adjust, strict=True)]
            lines.append(
                f"then crop/pad y's spatial axes by {[list(a) for a in adjust]} (positive crops, "
                f"negative adds zeros): the layer gives {'x'.join(map(str, sizes))}"
            )
        return "\n".join(lines)


CAFFE = Caffe()
