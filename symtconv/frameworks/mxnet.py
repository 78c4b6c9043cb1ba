"""MXNet: ``mx.nd.Deconvolution`` / ``mx.sym.Deconvolution``, simulated.

Parameters (MXNet's names): ``kernel``, ``stride``, ``dilate``, ``pad`` (the
same on both sides), ``adj`` (added at the end), ``target_shape``,
``num_filter``, ``num_group``.

From ``src/operator/nn/deconvolution-inl.h`` and ``deconvolution.cc``
(apache/mxnet), ``DK = 1 + (k-1) dilate``: the output is
``s(i-1) + DK - 2 pad + adj``, with ``adj <= stride - 1`` ("adj(x) must be
samller than stride").  A non-zero ``target_shape`` replaces both
(``InferPad``): ``total = s(i-1) + DK - target`` (>= 0, "too big target
shape"), ``adj = total % 2``, ``pad = (total + 1) / 2`` -- so an odd total
crops its extra position at the beginning, and with stride 1 an odd total
fails the adj check.  Without cuDNN only 1-D and 2-D run.  MXNet is retired
(the Apache project moved it to the Attic in 2023); no wheel is tried here.

Examples:
    >>> MXNET.from_params(5, 3, {"stride": 2, "pad": 1, "adj": 1}).canonical.window
    ((1, 11),)
    >>> MXNET.from_params(5, 3, {"stride": 2, "target_shape": 10}).canonical.window
    ((1, 11),)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..core.spec import effective_kernel_size
from ..errors import SpecError
from .base import Candidate, Framework, ints
from .canonical import Canonical
from .codegen import tup
from .forms import symmetric_candidates, window_pads
from .reading import Layer, Reading
from .windows import Pair

__all__ = ["MXNET", "MXNet", "mxnet_target_pad"]


def mxnet_target_pad(total: int) -> tuple[int, int]:
    """``(pad, adj)`` that ``target_shape`` sets from the total padding.

    Examples:
        >>> mxnet_target_pad(3), mxnet_target_pad(2)
        ((2, 1), (1, 0))
    """
    return (total + 1) // 2, total % 2


class MXNet(Framework):
    """MXNet's ``Deconvolution`` (its source's semantics)."""

    name = "mxnet"
    title = "MXNet Deconvolution"
    aliases = ()
    parameters = (
        "kernel",
        "stride",
        "dilate",
        "pad",
        "adj",
        "target_shape",
        "num_filter",
        "num_group",
    )
    input_layout = "NCHW"
    has_groups = True
    groups_param = "num_group"
    simulated = "simulated from MXNet's source (deconvolution-inl.h); MXNet is not installed here"

    def read(self, layer: Layer) -> Reading:
        layer.check_kernel("kernel", "the kernel")
        params = layer.params
        filters = params.get("num_filter")
        if filters is not None and filters != layer.out_channels:
            raise SpecError(
                f"num_filter: got {filters!r}; the output channels are {layer.out_channels}"
            )
        s, d = layer.ints("stride", 1), layer.ints("dilate", 1)
        k_eff = effective_kernel_size(layer.kernel_size, d)
        full = [(i - 1) * ss + ke for i, ss, ke in zip(layer.input_size, s, k_eff, strict=True)]
        target = layer.ints("target_shape", 0)
        notes: list[str] = []
        if any(target):
            if "pad" in params or "adj" in params:
                notes.append("target_shape is set: pad and adj are ignored and computed from it")
            pads, adjs = [], []
            for dim, (n, t) in enumerate(zip(full, target, strict=True)):
                if n < t:
                    raise SpecError(
                        f"target_shape: got {list(target)}; MXNet: too big target shape "
                        f"(dimension {dim} can have at most {n})"
                    )
                p, a = mxnet_target_pad(n - t)
                pads.append(p)
                adjs.append(a)
            if any((n - t) % 2 for n, t in zip(full, target, strict=True)):
                notes.append(
                    "target_shape splits an odd total padding with the extra position cropped at "
                    "the beginning (pad rounded up, adj = 1)"
                )
        else:
            pads, adjs = list(layer.ints("pad", 0)), list(layer.ints("adj", 0))
        if any(p < 0 for p in pads) or any(a < 0 for a in adjs):
            raise SpecError("pad/adj: every value must be >= 0")
        for a, ss in zip(adjs, s, strict=True):
            if a > ss - 1:
                raise SpecError(
                    f"adj: {'computed ' if any(target) else 'got '}{adjs}; MXNet: adj must be "
                    f"smaller than the stride ({ss})"
                    + (
                        ": with stride 1 an odd total padding cannot be reached"
                        if any(target)
                        else ""
                    )
                )
        if layer.rank == 3:
            notes.append("MXNet's CPU Deconvolution is 1-D or 2-D; 3-D needs cuDNN")
        windows = [(p, n - p + a) for p, a, n in zip(pads, adjs, full, strict=True)]
        cpads, ops = window_pads(windows, full)
        c = layer.canonical(s, d, cpads, ops, params.get("num_group", 1))
        return Reading(c, tuple(notes))

    # ----- expressing ---------------------------------------------------------------

    def modes(self, c: Canonical) -> Sequence[str]:
        return ("pad", "target_shape")

    def candidates(self, mode: str, c: Canonical, dim: int) -> Iterator[Candidate]:
        s, full = c.stride[dim], c.full_size[dim]
        if mode == "pad":
            yield from symmetric_candidates(c, dim, list(range(s)))
            return
        n = c.output_size[dim]
        if full >= n:
            p, a = mxnet_target_pad(full - n)
            if a <= s - 1:
                pads, ops = window_pads([(p, p + n)], [full])
                yield Candidate(n, pads[0], ops[0])

    def assemble(self, mode: str, values: Sequence[Any], c: Canonical) -> dict[str, Any]:
        params: dict[str, Any] = {
            "kernel": ints(c.kernel_size),
            "stride": ints(c.stride),
            "dilate": ints(c.dilation),
        }
        if mode == "pad":
            params["pad"] = [v[0] for v in values]
            if any(v[1] for v in values):
                params["adj"] = [v[1] for v in values]
        else:
            params["target_shape"] = list(values)
        params["num_filter"] = c.out_channels
        params["num_group"] = c.groups
        return params

    def notes_for(self, c: Canonical, params: dict[str, Any], exact: bool) -> list[str]:
        if exact:
            return []
        return [
            "MXNet pads both sides alike and adj stays below the stride; this window needs "
            "the crop/pad shown"
        ]

    def weight_text(self, params: dict[str, Any], rank: int) -> str:
        return "weight (C_in, num_filter/num_group, *kernel): PyTorch's layout, as is"

    def code(self, params: dict[str, Any], adjust: Sequence[Pair], c: Canonical) -> str:
        args = ["data=x", "weight=w"]
        for key in ("kernel", "stride", "dilate", "pad", "adj", "target_shape"):
            if key in params:
                args.append(f"{key}={tup(params[key])}")
        args += [f"num_filter={c.out_channels}", f"num_group={c.groups}", "no_bias=True"]
        lines = ["y = mx.nd.Deconvolution(" + ", ".join(args) + ")"]
        if any(a for pair in adjust for a in pair):
            sizes = [n + lo + hi for n, (lo, hi) in zip(c.output_size, adjust, strict=True)]
            crops = ", ".join(
                f"{max(lo, 0)}:{n - max(hi, 0)}" for (lo, hi), n in zip(adjust, sizes)
            )
            lines.append(
                f"y = y[:, :, {crops}]  # the layer gives {'x'.join(map(str, sizes))}; crop"
            )
            if any(a < 0 for pair in adjust for a in pair):
                zeros = [(max(-lo, 0), max(-hi, 0)) for lo, hi in adjust]
                lines.append(f"then add zeros {zeros} per spatial dimension (before, after)")
        return "\n".join(lines)


MXNET = MXNet()
