"""PyTorch under crosscheck: ``conv_transpose*d``, or ``ConvTranspose*d.forward(output_size)``."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..canonical import Canonical
from .base import Runner, as_ints, import_optional
from .variants import Variant

__all__ = ["TORCH", "call", "script"]


def _torch() -> Any:
    return import_optional("torch", "PyTorch", "torch==2.13.0")


def call(c: Canonical, params: dict[str, Any], x: np.ndarray, w: np.ndarray, b: Any) -> Any:
    """The framework's output: the layer's ``forward`` with ``output_size``, else the function.

    Run on one thread: crosscheck's layers are tiny, and on a busy machine torch's idle
    OpenMP threads spin and slow every call down (a sweep took 20 times longer).
    """
    torch = _torch()
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return _call(torch, c, params, x, w, b)
    finally:
        torch.set_num_threads(threads)


def _call(
    torch: Any, c: Canonical, params: dict[str, Any], x: np.ndarray, w: np.ndarray, b: Any
) -> Any:
    xt, wt = torch.tensor(np.asarray(x, float)), torch.tensor(np.asarray(w, float))
    bt = None if b is None else torch.tensor(np.asarray(b, float))
    rank = c.rank
    if "output_size" in params:
        cls = getattr(torch.nn, f"ConvTranspose{rank}d")
        layer = cls(
            c.in_channels,
            c.out_channels,
            params["kernel_size"],
            stride=params["stride"],
            padding=params["padding"],
            dilation=params["dilation"],
            groups=params["groups"],
            bias=bt is not None,
            dtype=torch.float64,
        )
        with torch.no_grad():
            layer.weight.copy_(wt)
            if bt is not None:
                layer.bias.copy_(bt)
            return layer(xt, output_size=params["output_size"]).numpy()
    fn = getattr(torch.nn.functional, f"conv_transpose{rank}d")
    return fn(
        xt,
        wt,
        bt,
        stride=params["stride"],
        padding=params["padding"],
        output_padding=params.get("output_padding", 0),
        groups=params.get("groups", 1),
        dilation=params["dilation"],
    ).numpy()


def script(c: Canonical, v: Variant, x: Any, w: Any, b: Any, expected: Any) -> str:
    """A standalone PyTorch script that shows the disagreement."""
    p = v.params
    rank = c.rank
    lines = [
        "import torch",
        f"x = torch.tensor({as_ints(x)}, dtype=torch.float64)",
        f"w = torch.tensor({as_ints(w)}, dtype=torch.float64)",
    ]
    bias = "None"
    if b is not None:
        lines.append(f"b = torch.tensor({as_ints(b)}, dtype=torch.float64)")
        bias = "b"
    if "output_size" in p:
        lines += [
            f"layer = torch.nn.ConvTranspose{rank}d({c.in_channels}, {c.out_channels}, "
            f"{p['kernel_size']}, stride={p['stride']}, padding={p['padding']}, "
            f"dilation={p['dilation']}, groups={p['groups']}, bias={b is not None}, "
            "dtype=torch.float64)",
            "with torch.no_grad():",
            "    layer.weight.copy_(w)" + ("; layer.bias.copy_(b)" if b is not None else ""),
            f"    y = layer(x, output_size={p['output_size']})",
        ]
    else:
        lines.append(
            f"y = torch.nn.functional.conv_transpose{rank}d(x, w, {bias}, stride={p['stride']}, "
            f"padding={p['padding']}, output_padding={p.get('output_padding', 0)}, "
            f"groups={p.get('groups', 1)}, dilation={p['dilation']})"
        )
    if any(a for pair in v.adjust for a in pair):
        flat = tuple(-a for pair in reversed(v.adjust) for a in pair)
        lines.append(f"y = torch.nn.functional.pad(y, {flat})  # the workaround's crop/pad")
    lines.append(f"expected = {as_ints(expected)}  # symtconv, exact")
    lines.append("print(y.tolist() == expected, y.tolist())")
    return "\n".join(lines)


#: The PyTorch runner.
TORCH = Runner(call, script, lambda: str(_torch().__version__))
