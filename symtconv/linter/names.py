"""What a name in a document stands for: a quantity of the worked example, an entry, a size.

``x``, ``\\text{Input}``, ``输入`` name the input; ``w``, ``K``, ``\\text{Kernel}`` the
kernel; ``y``, ``\\text{Output}`` the output; ``C``, ``C^{\\mathsf T}``,
``\\operatorname{vec}(x)``, ``C^{\\mathsf T} x``, ``\\tilde{x}`` (the zero-inserted
input), ``w^{\\mathrm{flip}}``, ``\\tilde{x} \\star w^{\\mathrm{flip}}`` and
``C (C^{\\mathsf T} x)`` the quantities a derivation shows; ``y_{1,1}`` one entry;
``x_{0,:,:}`` a slice.  A new spelling is one entry of :data:`QUANTITY_NAMES`.

Examples:
    >>> from symtconv.linter.latex_expr import parse_side
    >>> meaning(parse_side(r"\\text{Input}"))
    Meaning(quantity='input', index=())
    >>> meaning(parse_side(r"C^{\\mathsf T} \\operatorname{vec}(x)"))
    Meaning(quantity='product', index=())
    >>> meaning(parse_side("y_{1,1}"))
    Meaning(quantity='output_entry', index=(1, 1))
    >>> meaning(parse_side("x_{0,:,:}"))
    Meaning(quantity='input', index=(0, None, None))
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .latex_expr import Node
from .values import key

__all__ = ["QUANTITY_NAMES", "ROLES", "Meaning", "meaning"]

#: Normalised name (no spaces or parentheses) -> the quantity it names.
QUANTITY_NAMES: dict[str, str] = {
    **{n: "input" for n in ("x", "X", "Input", "input", "输入", "输入矩阵", "Inputmatrix")},
    **{
        n: "kernel"
        for n in (
            "w",
            "W",
            "K",
            "Kernel",
            "kernel",
            "Filter",
            "filter",
            "Weight",
            "weight",
            "卷积核",
            "核",
        )
    },
    **{
        n: "output" for n in ("y", "Y", "Output", "output", "Result", "result", "输出", "结果", "O")
    },
    "C": "C",
    "C^T": "CT",
    "vec(x)": "vec_x",
    "vec(X)": "vec_x",
    "vec(y)": "vec_y",
    "vec(Y)": "vec_y",
    "C^Tvec(x)": "product",
    "C^Tx": "product",
    "Cvec(x)": "forward_product",
    "Cx": "forward_product",
    "~x": "x_tilde",
    "~X": "x_tilde",
    "w^flip": "w_flip",
    "~x*w^flip": "output",
    "CC^Tx": "round_trip",
    "C^TCx": "forward_round_trip",
}
#: The quantities that give a matrix its role in a worked example.
ROLES = {"input": "input", "kernel": "kernel", "output": "output"}
_ENTRY = {"x": "input_entry", "y": "output_entry", "w": "kernel_entry", "Y": "output_entry"}
_SIZE = frozenset({"o", "o'", "Outputsize", "outputsize", "输出尺寸", "输出大小", "O"})


@dataclass(frozen=True)
class Meaning:
    """What a name stands for.

    Attributes:
        quantity: a quantity of :data:`QUANTITY_NAMES` (``input``, ``C``, ...),
            ``input_entry`` / ``output_entry`` / ``kernel_entry``, or ``size``.
        index: for an entry, its index; for a slice, the index with ``None`` for ``:``.
    """

    quantity: str
    index: tuple[int | None, ...] = ()


def _split_index(name: str) -> tuple[str, tuple[int | None, ...] | None]:
    m = re.fullmatch(r"(?P<head>.*?)_\{(?P<sub>[0-9:,]+)\}", name)
    if not m:
        return name, None
    parts = m.group("sub").split(",")
    if not all(p == ":" or p.isdigit() for p in parts):
        return name, None
    return m.group("head"), tuple(None if p == ":" else int(p) for p in parts)


def meaning(node: Node) -> Meaning | None:
    """What the tree names, or ``None``."""
    found = key(node)
    if found is None:
        return None
    name = _norm(found)
    if name in _SIZE:
        return Meaning("size")
    if name in _NAMES:
        return Meaning(_NAMES[name])
    head, index = _split_index(name)
    if index is None:
        return None
    if None not in index and head in _ENTRY:
        return Meaning(_ENTRY[head], index)
    if head in _NAMES:
        return Meaning(_NAMES[head], index)
    return None


def _norm(name: str) -> str:
    return re.sub(r"[\s()]", "", name)


_NAMES = {_norm(k): v for k, v in QUANTITY_NAMES.items()}
