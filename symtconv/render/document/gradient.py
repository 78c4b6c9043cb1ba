"""The gradient view: the transposed convolution is the backward pass of the convolution.

For ``z = C u`` and a loss ``L(z)``, ``dL/du = C^T dL/dz``.  A transposed
document takes ``dL/dz = x`` (its own input: ``L = <x, C u>``), so that
``dL/du = C^T x = y``, its own output; a forward document takes
``dL/dy = g``, the numbers 1, 2, 3, ... of the output's shape (on the seed's
recap that is the seed's transposed input ``[[1,2],[3,4]]``).  One entry is then
checked on numbers without C: ``L`` is linear in ``u``, so its derivative along
``u_j`` is ``L(u + e_j) - L(u)``, both computed with the convolution by
gathering windows (:func:`symtconv.core.numeric.conv`).

Examples:
    >>> from symtconv import derive
    >>> from .builder import Builder
    >>> from .options import DocumentOptions
    >>> before, after = loss_step(Builder(derive(), DocumentOptions()), (1, 1))
    >>> before, after, after - before
    (-40, -37, 3)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from ...core.numeric import conv, conv_transpose
from ...core.operands import entry_name
from .blocks import Section, T
from .builder import Builder
from .windows import recap_operand, window_names

__all__ = ["gradient_step", "loss_step", "upstream"]


def upstream(b: Builder) -> np.ndarray:
    """``dL/dz`` (``dL/dy``): the transposed input ``x``, or for a forward document the
    numbers 1, 2, 3, ... of the output's shape; ``(channels, *size)``."""
    spec = b.spec
    if spec.transposed:
        x = b.d.x[0] if spec.batch is not None else b.d.x
        return np.asarray(x, dtype=object)
    shape = (spec.out_channels, *spec.output_size)
    g = np.array([sympy.Integer(v) for v in range(1, int(np.prod(shape)) + 1)], dtype=object)
    return g.reshape(shape)


def _operand(b: Builder) -> np.ndarray:
    """``u`` (transposed: 1, 2, 3, ...; forward: the document's ``x``), ``(channels, *size)``."""
    if b.spec.transposed:
        return recap_operand(b)[0]
    x = b.d.x[0] if b.spec.batch is not None else b.d.x
    return np.asarray(x, dtype=object)


def _loss(b: Builder, u: np.ndarray, g: np.ndarray) -> Any:
    """``L(u) = <g, C u>``, the convolution computed by gathering windows."""
    spec = b.spec
    z = conv(u, b.d.w, None, spec.stride, spec.padding, spec.dilation, spec.groups)
    z = z[(slice(None), *(slice(0, n) for n in spec.row_size))]
    return sympy.expand(
        sum((p * q for p, q in zip(g.reshape(-1), z.reshape(-1))), sympy.Integer(0))
    )


def loss_step(b: Builder, where: tuple[int, ...]) -> tuple[Any, Any]:
    """``L(u)`` and ``L(u + e_j)`` for the spatial position ``where`` of channel 0."""
    u, g = _operand(b), upstream(b)
    moved = u.copy()
    moved[(0, *where)] = moved[(0, *where)] + 1
    return _loss(b, u, g), _loss(b, moved, g)


def _busiest_input(b: Builder) -> tuple[int, ...]:
    """The position of C's column side (channel 0) that the most windows cover."""
    spec = b.spec
    st = b.d.structure
    per = int(np.prod(spec.col_size))
    hits = np.bincount(st.cols[st.cols < per], minlength=per)
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(hits)), spec.col_size))


def gradient_step(b: Builder) -> None:
    """dL/du = C^T dL/dz, worked on the document's numbers."""
    d, spec = b.d, b.spec
    inp, out = window_names(b)
    b.add(Section(T("sec_gradient")))
    b.para(T("gradient_intro", inp=inp, out=out))
    b.math(
        rf"\frac{{\partial L}}{{\partial {inp}_j}} = \sum_r \frac{{\partial L}}{{\partial {out}_r}}"
        rf"\, C_{{r,j}}, \qquad \frac{{\partial L}}{{\partial {inp}}} = C^{{\mathsf T}}\,"
        rf"\frac{{\partial L}}{{\partial {out}}}"
    )
    b.para(T("gradient_backward"))
    where = _busiest_input(b)
    if spec.transposed:
        b.para(T("gradient_seed_t"))
    else:
        g = upstream(b)
        result = conv_transpose(
            g,
            d.w,
            None,
            spec.stride,
            spec.padding,
            _leftover(spec),
            spec.dilation,
            spec.groups,
        )
        pieces = [*b.tensor("g", b.shown(g)), *b.tensor(r"C^{\mathsf T} g", b.shown(result))]
        b.para(T("gradient_seed_f"))
        if all(b.fits_piece(p) for p in pieces):
            b.pieces(pieces, tag="gradient")
    before, after = loss_step(b, where)
    sub = ",".join(map(str, where if d.compact else (0, *where)))
    u_j = f"{inp}_{{{sub}}}"
    e = rf"e_{{{sub}}}"
    symbolic = isinstance(before, sympy.Basic) and bool(before.free_symbols)
    b.para(T("gradient_check", inp=f"${inp}$", entry=f"${u_j}$"))
    difference = sympy.expand(after - before)
    named = entry_name("y", where if d.compact else (0, *where))
    if spec.transposed:
        target = b.value(sympy.Symbol(named))
    else:
        target = rf"(C^{{\mathsf T}} g)_{{{sub}}}"
    lhs = rf"L({inp} + {e}) - L({inp})"
    if symbolic:
        terms = b.p.sum_terms(difference) or [b.value(difference)]
        b.math(*b.chain(lhs, [terms, [target]]), tag="gradient_check")
    else:
        b.math(
            rf"{lhs} = {b.p.factor(after)} - {b.p.factor(before)}"
            rf" = {b.value(difference)} = {target}",
            tag="gradient_check",
        )
    b.para(T("gradient_check_says", entry=u_j, target=f"${target}$"))


def _leftover(spec: Any) -> tuple[int, ...]:
    """The output padding that makes the transposed convolution of a forward spec's output
    the forward input's size again (what the stride's rounding dropped)."""
    out = []
    for n, o, k, s, (lo, hi), dd in zip(
        spec.input_size,
        spec.output_size,
        spec.kernel_size,
        spec.stride,
        spec.padding,
        spec.dilation,
    ):
        out.append(n - ((o - 1) * s - lo - hi + dd * (k - 1) + 1))
    return tuple(out)
