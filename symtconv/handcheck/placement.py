"""A small placement engine: a (transposed) convolution computed the way a
person computes it by hand, with options that turn it into the usual mistakes.

This is deliberately a second, independent implementation (plain loops, no
matrix C, nothing from :mod:`symtconv.core.numeric`): the hand-calculation checker
recomputes answers under mistakes with it (:mod:`symtconv.handcheck.mistakes`), and
the tests compare its correct mode with the literal ``C^T x``.

Two modes, per spatial dimension with stride ``s``, dilation ``d`` and a
``shift``:

* ``scatter`` (a transposed convolution): input elements are taken in
  row-major order (batch, channel, then the spatial indices, last fastest);
  element ``q`` times the whole kernel is *placed*: tap ``t`` lands at output
  position ``q*s + t*d - shift``; positions outside ``[0, output_size)`` are
  dropped.  Each placement adds to what is there (or, with ``overwrite``,
  replaces it).
* ``gather`` (a forward convolution): output position ``o`` is the sum of
  input position ``o*s + t*d - shift`` times tap ``t`` over the taps (positions
  outside the input count as 0).

Examples:
    >>> import numpy as np, sympy
    >>> x = np.array([[[1, 2], [3, 4]]], dtype=object)        # (C_in, 2, 2)
    >>> w = np.array([[[[1, 0], [0, -1]]]], dtype=object)     # (C_in, C_out, 2, 2)
    >>> plan = Plan("scatter", "transposed", (1, 1), (1, 1), (0, 0), (3, 3))
    >>> place(plan, x, w, None, groups=1)[0].tolist()
    [[1, 2, 0], [3, 3, -2], [0, -3, -4]]
    >>> place(plan.but(overwrite=True), x, w, None, groups=1)[0].tolist()
    [[1, 2, 0], [3, 4, 0], [0, 0, -4]]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

__all__ = ["Placement", "Plan", "place", "placements"]


@dataclass(frozen=True)
class Plan:
    """How to compute one answer: the geometry and the options of the engine.

    Attributes:
        mode: ``"scatter"`` (place each input element times the kernel) or
            ``"gather"`` (each output element a window of the input times the kernel).
        weight_layout: how the weight tensor is read: ``"transposed"``
            ``(C_in, C_out/groups, *k)`` or ``"forward"`` ``(C_out, C_in/groups, *k)``.
        stride: per spatial dimension.
        dilation: per spatial dimension.
        shift: per spatial dimension: scatter places tap ``t`` of input position
            ``q`` at ``q*s + t*d - shift``; gather reads input position
            ``o*s + t*d - shift`` for output position ``o``.
        output_size: spatial output size per dimension.
        input_pad: ``(lo, hi)`` zeros added around the input first, per dimension.
        swap_input_axes: the input's last two spatial axes exchanged first
            (element ``(.., i, j)`` sits at ``(.., j, i)``).
        flip: the kernel rotated by 180 degrees (reversed in every spatial dimension).
        overwrite: scatter only: a placement replaces the values it lands on
            (zeros of the kernel included) instead of adding to them.
    """

    mode: str
    weight_layout: str
    stride: tuple[int, ...]
    dilation: tuple[int, ...]
    shift: tuple[int, ...]
    output_size: tuple[int, ...]
    input_pad: tuple[tuple[int, int], ...] | None = None
    swap_input_axes: bool = False
    flip: bool = False
    overwrite: bool = False

    def but(self, **changes: Any) -> Plan:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Placement:
    """One step of a scatter: an input element times the kernel, at its offset.

    Attributes:
        input_index: the element's index in the full input tensor.
        value: the element's value.
        at: output position of the kernel's first tap (``q*s - shift``), per dimension.
        block: ``value`` times the kernel slice it is placed with, shape ``(C_out/groups, *k)``.
        out_channels: the output channels the block's first axis lands in.
    """

    input_index: tuple[int, ...]
    value: Any
    at: tuple[int, ...]
    block: np.ndarray
    out_channels: tuple[int, ...]


def _py(value: Any) -> Any:
    """Exact SymPy numbers as Python numbers (faster to add); others unchanged."""
    if isinstance(value, sympy.Integer):
        return int(value)
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    return value


def _sym(value: Any) -> sympy.Expr:
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    return sympy.sympify(value) if not isinstance(value, sympy.Basic) else value


def _total(terms: list[Any]) -> sympy.Expr:
    if all(isinstance(t, (int, Fraction)) for t in terms):
        return _sym(sum(terms))
    return sympy.Add(*[_sym(t) for t in terms])


def _channels(plan: Plan, w: np.ndarray, in_channels: int, groups: int) -> tuple[int, int, int]:
    """(output channels, input channels per group, output channels per group)."""
    cin_g = in_channels // groups
    if plan.weight_layout == "transposed":
        cout_g = w.shape[1]
        return cout_g * groups, cin_g, cout_g
    return w.shape[0], cin_g, w.shape[0] // groups


def _kernel(plan: Plan, w: np.ndarray, ci: int, co: int, cin_g: int, cout_g: int) -> np.ndarray:
    """The spatial kernel connecting input channel ci to output channel co (flipped if asked)."""
    if plan.weight_layout == "transposed":
        k = w[ci, co % cout_g]
    else:
        k = w[co, ci % cin_g]
    if plan.flip:
        k = k[(slice(None, None, -1),) * k.ndim]
    return k


def _position(plan: Plan, q: tuple[int, ...]) -> tuple[int, ...]:
    """Where input element q sits after the swap and the padding of the plan."""
    if plan.swap_input_axes:
        q = (*q[:-2], q[-1], q[-2])
    if plan.input_pad:
        q = tuple(v + lo for v, (lo, _) in zip(q, plan.input_pad, strict=True))
    return q


def placements(
    plan: Plan,
    x: np.ndarray,
    w: np.ndarray,
    groups: int,
    order: Iterable[tuple[int, ...]] | None = None,
) -> list[Placement]:
    """The placements of a scatter plan, in row-major input order (or ``order``).

    Args:
        plan: a ``scatter`` plan.
        x: the input in full layout, ``(C_in, *size)`` or ``(N, C_in, *size)``.
        w: the weight tensor.
        groups: number of groups.
        order: the input indices (full layout) to place, in this order.
    """
    cin = x.shape[-len(plan.stride) - 1]
    _, cin_g, cout_g = _channels(plan, w, cin, groups)
    indices = list(np.ndindex(*x.shape)) if order is None else [tuple(i) for i in order]
    out = []
    for index in indices:
        ci = index[-len(plan.stride) - 1]
        grp = ci // cin_g
        chans = tuple(range(grp * cout_g, (grp + 1) * cout_g))
        q = _position(plan, index[-len(plan.stride) :])
        at = tuple(v * s - sh for v, s, sh in zip(q, plan.stride, plan.shift, strict=True))
        block = np.stack([_kernel(plan, w, ci, co, cin_g, cout_g) for co in chans]) * x[index]
        out.append(Placement(index, x[index], at, block, chans))
    return out


def place(
    plan: Plan,
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None,
    groups: int,
    order: Sequence[tuple[int, ...]] | None = None,
) -> np.ndarray:
    """Compute the answer of a plan.

    Args:
        plan: the geometry and options.
        x: input in full layout ``(C_in, *size)`` or ``(N, C_in, *size)`` (SymPy values).
        w: the weight tensor, read as ``plan.weight_layout`` says.
        b: bias, one per output channel, or ``None``.
        groups: number of groups.
        order: scatter only: place just these input elements, in this order.

    Returns:
        The output, ``(C_out, *output_size)`` (or with the batch axis first).
    """
    rank = len(plan.stride)
    batched = x.ndim == rank + 2
    xb = x if batched else x[None]
    c_out, cin_g, cout_g = _channels(plan, w, xb.shape[1], groups)
    size = plan.output_size
    cells: dict[tuple[int, ...], list[Any]] = {}
    if plan.mode == "scatter":
        full_order = None if order is None else [(0, *i) if not batched else i for i in order]
        dilation = plan.dilation
        for p in placements(plan, xb, w, groups, full_order):
            n = p.input_index[0]
            for taps in np.ndindex(*p.block.shape[1:]):
                pos = tuple(a + t * d for a, t, d in zip(p.at, taps, dilation, strict=True))
                if not all(0 <= v < n_ for v, n_ in zip(pos, size, strict=True)):
                    continue
                for slot, co in enumerate(p.out_channels):
                    value = _py(p.block[(slot, *taps)])
                    key = (n, co, *pos)
                    if plan.overwrite:
                        cells[key] = [value]
                    else:
                        cells.setdefault(key, []).append(value)
    else:
        xp = _gather_input(plan, xb)
        in_size = xp.shape[2:]
        for n in range(xb.shape[0]):
            for co in range(c_out):
                grp = co // cout_g
                for o in np.ndindex(*size):
                    terms = cells.setdefault((n, co, *o), [])
                    for ci in range(grp * cin_g, (grp + 1) * cin_g):
                        k = _kernel(plan, w, ci, co, cin_g, cout_g)
                        for taps in np.ndindex(*k.shape):
                            pos = tuple(
                                v * s + t * d - sh
                                for v, s, t, d, sh in zip(
                                    o, plan.stride, taps, plan.dilation, plan.shift, strict=True
                                )
                            )
                            if all(0 <= v < m for v, m in zip(pos, in_size, strict=True)):
                                terms.append(_py(xp[(n, ci, *pos)]) * _py(k[taps]))
    out = np.empty((xb.shape[0], c_out, *size), dtype=object)
    for key in np.ndindex(*out.shape):
        value = _total(cells.get(key, []))
        if b is not None:
            value = value + b[key[1]]
        out[key] = value
    return out if batched else out[0]


def _gather_input(plan: Plan, xb: np.ndarray) -> np.ndarray:
    """The input as a gather plan reads it: swapped and zero-padded as the plan says."""
    if plan.swap_input_axes:
        xb = np.swapaxes(xb, -1, -2)
    if plan.input_pad:
        shape = list(xb.shape)
        for dim, (lo, hi) in enumerate(plan.input_pad):
            shape[2 + dim] += lo + hi
        padded = np.empty(shape, dtype=object)
        padded[...] = sympy.Integer(0)
        inner = tuple(
            slice(lo, lo + n) for (lo, _), n in zip(plan.input_pad, xb.shape[2:], strict=True)
        )
        padded[(slice(None), slice(None), *inner)] = xb
        xb = padded
    return xb
