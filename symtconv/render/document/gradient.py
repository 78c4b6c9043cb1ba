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

from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from ...core.numeric import conv, conv_transpose
from ...core.operands import entry_name
from .blocks import Section, T
from .builder import Builder
from .windows import recap_input, window_names

__all__ = ["gradient_step", "loss_difference", "loss_step", "upstream"]


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
        return recap_input(b)
    x = b.d.x[0] if b.spec.batch is not None else b.d.x
    return np.asarray(x, dtype=object)


def _convolved(b: Builder, u: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The convolution of ``u`` by gathering windows, its first positions where C keeps
    only those."""
    spec = b.spec
    z = conv(u, w, None, spec.stride, spec.padding, spec.dilation, spec.groups)
    return z[(slice(None), *(slice(0, n) for n in spec.row_size))]


def _exact(arr: np.ndarray) -> np.ndarray:
    """Rational numbers (SymPy's or Python's integers) as Python's integers and fractions
    (the same values, far cheaper to multiply and add)."""
    return np.array(
        [
            v if type(v) is int else int(v) if v.is_Integer else Fraction(int(v.p), int(v.q))
            for v in arr.reshape(-1).tolist()
        ],
        dtype=object,
    ).reshape(arr.shape)


def _rational(arr: np.ndarray) -> bool:
    return all(type(v) is int or isinstance(v, sympy.Rational) for v in arr.reshape(-1).tolist())


def _loss(b: Builder, u: np.ndarray, g: np.ndarray) -> Any:
    """``L(u) = <g, C u>``, the convolution computed by gathering windows; exact on
    Python numbers when every value is rational."""
    w = b.d.w
    if _rational(u) and _rational(g) and _rational(w):
        u, g, w = _exact(u), _exact(g), _exact(w)
    z = _convolved(b, u, w)
    total = sum((p * q for p, q in zip(g.reshape(-1).tolist(), z.reshape(-1).tolist())), 0)
    return sympy.expand(sympy.sympify(total))


def loss_step(b: Builder, where: tuple[int, ...]) -> tuple[Any, Any]:
    """``L(u)`` and ``L(u + e_j)`` for the spatial position ``where`` of channel 0."""
    u, g = _operand(b), upstream(b)
    moved = u.copy()
    moved[(0, *where)] = moved[(0, *where)] + 1
    return _loss(b, u, g), _loss(b, moved, g)


def loss_difference(b: Builder, where: tuple[int, ...]) -> Any:
    """``L(e_j) = L(u + e_j) - L(u)`` for the position ``where`` of channel 0: the
    convolution of ``e_j`` on tap numbers (``t + 1`` for tap ``t``; it meets each output
    entry through one tap at most, so its entries are those numbers or 0), then the sum
    of ``g_r w_t`` over the entries it meets.

    Examples:
        >>> from symtconv import derive
        >>> from .options import DocumentOptions
        >>> loss_difference(Builder(derive(), DocumentOptions()), (1, 1))
        3
    """
    spec, w = b.spec, b.d.w
    e = np.zeros((spec.col_channels, *spec.col_size), dtype=np.int64)
    e[(0, *where)] = 1
    taps = np.arange(1, w.size + 1, dtype=np.int64).reshape(w.shape)
    met = _convolved(b, e, taps).reshape(-1)
    g, flat_w = upstream(b).reshape(-1), w.reshape(-1)
    hit = np.flatnonzero(met)
    return sympy.expand(sum((g[r] * flat_w[met[r] - 1] for r in hit.tolist()), sympy.Integer(0)))


def _free(arr: np.ndarray) -> bool:
    """True when some entry has a free symbol."""
    values = arr.reshape(-1).tolist()
    if not any(issubclass(kind, sympy.Basic) for kind in set(map(type, values))):
        return False  # Python's numbers (the recap's 1, 2, 3, ...): no per-entry look
    return any(isinstance(v, sympy.Basic) and v.free_symbols for v in values)


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
        b.para(T("gradient_seed_f"))
        given = b.tensor("g", b.shown(g))
        if all(b.fits_piece(p) for p in given):  # else C^T g, as big, is not shown either
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
            pieces = [*given, *b.tensor(r"C^{\mathsf T} g", b.shown(result))]
            if all(b.fits_piece(p) for p in pieces):
                b.pieces(pieces, tag="gradient")
    sub = ",".join(map(str, where if d.compact else (0, *where)))
    u_j = f"{inp}_{{{sub}}}"
    e = rf"e_{{{sub}}}"
    symbolic = _free(_operand(b)) or _free(upstream(b)) or _free(d.w)
    b.para(T("gradient_check", inp=f"${inp}$", entry=f"${u_j}$"))
    if symbolic:  # L(u) itself is a long polynomial, not shown: only L(e_j)
        difference = loss_difference(b, where)
    else:
        before, after = loss_step(b, where)
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
