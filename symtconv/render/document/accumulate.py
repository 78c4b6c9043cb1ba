"""Where the kernel copies overlap, their products add up: the overlap made visible.

The scatter view marks (boxes) the output entries that two or more products
reach and works the busiest one out, naming its non-zero products (on the seed:
``y_{1,1} = -1 + 4 = 3``); the overlap section shows how many products reach
every output position (the count map and its heatmap), the stride phases and
the classification, with the checkerboard remedies when the layer is uneven or
has holes (:mod:`.overlap`'s blocks, from the derivation's
:meth:`~symtconv.engine.derivation.Derivation.overlap`).

Examples:
    >>> from symtconv import derive
    >>> from .builder import Builder
    >>> from .options import DocumentOptions
    >>> b = Builder(derive(), DocumentOptions())
    >>> busiest(b), counts(b).tolist()
    ((1, 1), [[1, 2, 1], [2, 4, 2], [1, 2, 1]])
"""

from __future__ import annotations

import numpy as np
import sympy

from ..printer import Raw
from .blocks import Section, T
from .builder import Builder
from .overlap import constant_blocks, count_blocks, phase_blocks

__all__ = ["busiest", "counts", "mark_overlaps", "overlap_entry", "overlap_step"]


def counts(b: Builder) -> np.ndarray:
    """Products per output position of one output channel (spatial shape)."""
    return np.asarray(b.d.overlap().counts)


def busiest(b: Builder) -> tuple[int, ...]:
    """The spatial output position that the most products reach (the first such, row by row)."""
    c = counts(b)
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(c)), c.shape))


def mark_overlaps(b: Builder, total: np.ndarray) -> np.ndarray:
    """The scatter sum with every entry that two or more products reach boxed."""
    c = counts(b)
    out = total.copy()
    for index, value in np.ndenumerate(total):
        if value is not None and c[index] >= 2:
            out[index] = Raw(rf"\boxed{{{b.value(value)}}}")
    return out


def _index(b: Builder, spatial: tuple[int, ...]) -> tuple[int, ...]:
    """An output index of channel 0 (first sample) in the derivation's output shape."""
    return (0,) * (len(b.d.output_shape) - len(spatial)) + spatial


def overlap_entry(b: Builder) -> None:
    """The sentence on the overlap and the busiest entry worked out (scatter view)."""
    d = b.d
    c = counts(b)
    if int(c.max()) < 2:
        b.para(T("overlap_none"))
        return
    where = busiest(b)
    index = _index(b, where)
    terms = d.terms(index)
    name = b.value(sympy.Symbol(d.output_name(index)))
    b.para(T("overlap_named", entry=f"${name}$", count=str(len(terms))))
    names = [
        rf"{b.value(sympy.Symbol(t.input_name))}\, {b.value(sympy.Symbol(t.weight_name))}"
        for t in terms
    ]
    groups = [names]
    numeric = not any(
        sympy.sympify(v).free_symbols for t in terms for v in (t.input_value, t.weight_value)
    )
    if numeric:
        products = [t.input_value * t.weight_value for t in terms]
        groups.append(
            [rf"{b.p.factor(t.input_value)} \cdot {b.p.factor(t.weight_value)}" for t in terms]
        )
        nonzero = [p for p in products if p != 0]
        if 1 < len(nonzero) < len(products):
            groups.append([b.p.factor(p) if n else b.value(p) for n, p in enumerate(nonzero)])
        groups.append([b.value(sympy.expand(sum(products, sympy.Integer(0))))])
    b.math(*b.chain(name, groups), tag="overlap_entry")


def overlap_step(b: Builder) -> None:
    """The overlap section: the count map (with its heatmap), the phases, the verdict."""
    o = b.d.overlap()
    b.add(Section(T("sec_overlap")))
    if b.d.compact:
        b.para(T("overlap_section_intro"))
    else:
        b.para(T("overlap_section_intro"), T("overlap_section_channels", per=str(o.per_channel)))
    b.add(*count_blocks(o, b.p, b.options.pictures))
    if all(s == 1 for s in b.spec.stride):
        if all(len(r) for r in o.interior):  # else: no interior, as the count blocks say
            b.para(T("overlap_stride1", n=str(int(o.phase_table.reshape(-1)[0]))))
        return
    b.add(*phase_blocks(o, b.p))
    if o.constant_input is not None and any(s > 1 for s in b.spec.stride):
        if not o.constant_input.symbolic or len(o.constant_input.equations) <= 4:
            b.add(*constant_blocks(o, b.p))
