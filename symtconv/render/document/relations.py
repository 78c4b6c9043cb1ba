"""How the transposed convolution relates to the forward one: the transpose (adjoint),
not the inverse, on the example; and the shapes, with the ambiguity output_padding resolves."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from ...core import cost
from ...core.names import is_safe_name
from ...core.operands import same_value
from ...core.shapes import listed_sizes, shape_report
from ...core.spec import conv_output_length
from .arrays import round_trip
from .blocks import Items, Section, T, Text
from .builder import Builder

__all__ = ["forward_size_check", "relation_steps", "shapes_step", "transpose_step"]


def _equal(a: np.ndarray, b: np.ndarray) -> bool:
    """Entry by entry equal (the differences expand to 0)."""
    pairs = zip(a.reshape(-1), b.reshape(-1), strict=True)
    return a.shape == b.shape and all(same_value(p, q) for p, q in pairs)


def _round_trip(b: Builder) -> None:
    d, spec = b.d, b.spec
    x0 = b.shown(d.x[0] if spec.batch is not None else d.x)
    lhs = r"C (C^{\mathsf T} x)" if spec.transposed else r"C^{\mathsf T} (C x)"
    numeric = not any(v.free_symbols for v in x0.reshape(-1)) and not any(
        v.free_symbols for v in d.w.reshape(-1)
    )
    if numeric:
        rt = b.shown(round_trip(d))
        equal = _equal(rt, x0)
        b.para(T("round_trip_numeric", lhs=f"${lhs}$"))
        relation = "=" if equal else r"\neq"
        left, right = b.tensor(lhs, rt), b.tensor("x", x0)
        if len(left) == 1 and len(right) == 1:
            matrix = right[0].split(" = ", 1)[1]
            b.math(f"{left[0]} {relation} {matrix} = x", tag="round_trip")
        else:
            b.pieces(left, tag="round_trip")
            b.pieces(right)
        b.para(T("round_trip_equal" if equal else "round_trip_differs", lhs=f"${lhs}$"))
        return
    first = round_trip(d, count=1)[0]
    head = d.x.reshape(-1)[0]
    name = head.name if is_symbol(head) and is_safe_name(head.name) else "x"  # text is not TeX
    sub = name[name.index("{") :] if "{" in name else "{0}"
    # collect by the input symbols of this entry (the others cannot match: same result)
    present = first.free_symbols
    xs = sorted((v for v in d.x.reshape(-1) if is_symbol(v) and v in present), key=str)
    collected = _collected(first, xs)
    terms = [b.value(t) for t in sympy.Add.make_args(collected)]
    b.para(T("round_trip_symbolic", lhs=f"${lhs}$", name=f"${b.value(d.x.reshape(-1)[0])}$"))
    b.math(*b.chain(rf"\big({lhs}\big)_{sub}", [terms]), tag="round_trip")


def _collected(expr: Any, xs: list[Any]) -> Any:
    """``sympy.collect(expr, xs)`` for a sum whose every term has exactly one of ``xs`` as
    a factor (the round trip's entry): the terms grouped by it directly; anything else
    through ``collect``."""
    wanted = set(xs)
    groups: dict[Any, list[Any]] = {}
    for term in sympy.Add.make_args(expr):
        factors = sympy.Mul.make_args(term)
        hits = [f for f in factors if f in wanted]
        if len(hits) != 1:
            return sympy.collect(expr, xs)
        groups.setdefault(hits[0], []).append(sympy.Mul(*[f for f in factors if f != hits[0]]))
    return sympy.Add(*[x * sympy.Add(*rest) for x, rest in groups.items()])


def is_symbol(value: Any) -> bool:
    """True for a bare SymPy symbol."""
    return isinstance(value, sympy.Symbol)


def _shapes(b: Builder) -> None:
    d, spec = b.d, b.spec
    count = listed_sizes(spec)
    if count > cost.MAX_SIZES.default:
        b.para(T("shapes_many", count=f"${count}$"))
        return
    report = shape_report(spec)
    distinct = d.size_formula.distinct_dims()
    for dim in distinct:
        if len(distinct) > 1:
            b.para(T("size_numbers_dim", dim=str(dim)))
        pre = report.preimages[dim]
        sizes = tuple(f"${p.input_size}$" for p in pre)
        if spec.transposed:
            i, o = spec.input_size[dim], spec.output_size[dim]
            back = spec.forward_output_size[dim]
            if back == i:
                b.para(T("shapes_forward_t", o=f"${o}$", i=f"${i}$"))
            else:
                b.para(T("shapes_forward_trunc", o=f"${o}$", i=f"${i}$", back=f"${back}$"))
            b.math(forward_size_check(spec, dim))
            if len(pre) == 1:
                b.para(T("shapes_unique_t", size=sizes[0], i=f"${i}$"))
            else:
                b.para(T("shapes_ambiguous_t", sizes=sizes, i=f"${i}$", s=f"${spec.stride[dim]}$"))
                chosen = spec.output_padding[dim]
                b.add(
                    Items(
                        tuple(
                            T(
                                "shapes_choice_this"
                                if p.output_padding == chosen
                                else "shapes_choice",
                                op=rf"$\mathit{{op}} = {p.output_padding}$",
                                size=f"${p.input_size}$",
                            )
                            for p in pre
                        )
                    )
                )
            extra = report.extra_output_paddings[dim]
            if extra:
                texts = [
                    T(
                        "shapes_extra",
                        ops=tuple(f"${v}$" for v in extra),
                        s=f"${spec.stride[dim]}$",
                        d=f"${spec.dilation[dim]}$",
                    )
                ]
                if spec.output_padding[dim] in extra:
                    texts.append(
                        T("shapes_extra_this", op=rf"$\mathit{{op}} = {spec.output_padding[dim]}$")
                    )
                b.para(*texts)
        else:
            o = d.size_formula.values[dim]
            if len(pre) == 1:
                b.para(T("shapes_unique_f", size=sizes[0], o=f"${o}$"))
            else:
                b.para(T("shapes_ambiguous_f", sizes=sizes, o=f"${o}$"))
                b.add(
                    Items(
                        tuple(
                            T(
                                "shapes_choice",
                                op=rf"$\mathit{{op}} = {p.output_padding}$",
                                size=f"${p.input_size}$",
                            )
                            for p in pre
                        )
                    )
                )


def transpose_step(b: Builder) -> None:
    """Transpose, not inverse: the adjoint, the misnomer, the round trip on the example."""
    d, spec = b.d, b.spec
    rows, cols = d.matrix_shape
    b.add(Section(T("sec_transpose_t" if spec.transposed else "sec_transpose_f")))
    texts: list[Text] = [T("adjoint_t" if spec.transposed else "adjoint_f")]
    if rows < cols:
        texts.append(T("adjoint_rank", m=f"${rows}$", n=f"${cols}$", nn=f"${cols} \\times {cols}$"))
    b.para(*texts)
    if spec.transposed:
        b.para(T("misnomer"))
    _round_trip(b)


def shapes_step(b: Builder) -> None:
    """The shapes, and the ambiguity output_padding resolves."""
    b.add(Section(T("sec_shapes")))
    _shapes(b)


def relation_steps(b: Builder) -> None:
    """Transpose versus inverse, and the shapes (and output_padding's ambiguity)."""
    transpose_step(b)
    shapes_step(b)


def forward_size_check(spec: Any, dim: int) -> str:
    """The forward convolution's size formula applied to the transposed output (LaTeX)."""
    o, k, s = spec.col_size[dim], spec.kernel_size[dim], spec.stride[dim]
    (lo, hi), dd = spec.padding[dim], spec.dilation[dim]
    value = conv_output_length(o, k, s, lo, hi, dd)
    num = f"{o} + {lo} + {hi} - {dd} \\cdot ({k} - 1) - 1"
    return rf"\left\lfloor \frac{{{num}}}{{{s}}} \right\rfloor + 1 = {value}"
