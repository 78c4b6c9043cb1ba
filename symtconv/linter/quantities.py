"""The quantities of a solved worked example, to recognise what a matrix in the text is.

A transposed convolution's hand calculation shows the input and the kernel, each
input element times the kernel (``x_q·w``), those blocks placed on the canvas,
partial sums (the first elements in row-major order, one input row, one input
column), the uncropped canvas, the zero-inserted input and the flipped kernel of
the zero-insertion view, C, Cᵀ, vec(x), ``Cᵀ vec(x)``, the output, and
``C(Cᵀx)``; a convolution's shows its windows and their products with the
kernel.  :func:`quantities` lists them (each with a readable name);
:func:`named` gives the one a name in the text refers to.  Values are exact
(object arrays of SymPy values, 2-D or 1-D).

Examples:
    >>> from symtconv.engine.derivation import derive
    >>> d = derive()
    >>> qs = quantities(d)
    >>> [q.label for q in qs if q.value.tolist() == [[4, 0], [0, -4]]]
    ['x_{1,1}·w']
    >>> [q.label for q in qs if q.value.tolist() == [[1, 2, 0], [0, -1, -2]]]
    ['x_{0,0}·w + x_{0,1}·w (rows 0-1, columns 0-2 of the canvas)']
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import sympy

from ..core.numeric import flipped_kernel, zero_inserted
from ..core.operands import entry_name
from ..engine.derivation import Derivation

__all__ = ["MAX_QUANTITY_ENTRIES", "Quantities", "Quantity", "named", "quantities"]

#: Largest C (entries) turned into a dense array to compare with.
MAX_QUANTITY_ENTRIES = 200_000
#: Most input elements whose placements and partial sums are listed.
MAX_ELEMENTS = 256


@dataclass(frozen=True, eq=False)
class Quantity:
    """One quantity of the computation.

    Attributes:
        name: what it is (``input``, ``kernel``, ``output``, ``scaled``, ``placed``,
            ``partial``, ``canvas``, ``x_tilde``, ``stretched``, ``w_flip``, ``C``, ``CT``,
            ``vec_x``, ``product``, ``round_trip``, ``window``, ``window_product``).
        label: a readable name (``x_{0,1}·w``).
        value: its value (object array).
        elements: for scaled kernels, placements and partial sums: the input elements.
    """

    name: str
    label: str
    value: np.ndarray
    elements: tuple[tuple[int, ...], ...] = ()


def _obj(values: object, shape: tuple[int, ...]) -> np.ndarray:
    return np.array(values, dtype=object).reshape(shape)


class Quantities:
    """The quantities of one derivation, computed when first asked for."""

    def __init__(self, d: Derivation) -> None:
        self.d = d
        self.spec = d.spec
        self.compact = d.compact

    # ----- the named ones ---------------------------------------------------------------------

    @cached_property
    def x(self) -> np.ndarray:
        return self.d.x.reshape(self.d.input_shape)

    @cached_property
    def w(self) -> np.ndarray:
        return self.d.w.reshape(self.d.kernel_shape)

    @cached_property
    def y(self) -> np.ndarray:
        return _obj(self.d.output.tolist(), self.d.output_shape)

    @cached_property
    def C(self) -> np.ndarray | None:
        rows, cols = self.d.matrix_shape
        if rows * cols > MAX_QUANTITY_ENTRIES:
            return None
        dense = np.zeros((rows, cols), dtype=object)
        dense[...] = sympy.Integer(0)
        for (r, c), v in self.d.C.todok().items():
            dense[r, c] = v
        return dense

    @cached_property
    def CT(self) -> np.ndarray | None:
        return None if self.C is None else self.C.T.copy()

    def vec(self, arr: np.ndarray) -> np.ndarray:
        return arr.reshape(-1, 1)

    @cached_property
    def vec_x(self) -> np.ndarray:
        return self.vec(self.d.x)

    @cached_property
    def vec_y(self) -> np.ndarray:
        return self.vec(self.y)

    @cached_property
    def x_tilde(self) -> np.ndarray | None:
        if not self.spec.transposed:
            return None
        out = zero_inserted(self.d.x, self.spec, fill=sympy.Integer(0), dtype=object)
        return out.reshape(out.shape[-self.spec.rank :]) if self.compact else out

    @cached_property
    def w_flip(self) -> np.ndarray | None:
        if not self.spec.transposed:
            return None
        out = flipped_kernel(self.spec, self.d.w)
        return out.reshape(self.spec.kernel_size) if self.compact else out

    @cached_property
    def round_trip(self) -> np.ndarray | None:
        if self.C is None:
            return None
        if self.spec.transposed:
            back = self.C.dot(self.vec_y.reshape(-1)) if self.spec.batch is None else None
            return None if back is None else _expand(back).reshape(self.d.input_shape)
        back = self.CT.dot(self.vec_y.reshape(-1)) if self.CT is not None else None
        return None if back is None else _expand(back).reshape(self.d.input_shape)

    def by_name(self, name: str) -> np.ndarray | None:
        """The value of a named quantity (see :func:`named`)."""
        table = {
            "input": lambda: self.x,
            "kernel": lambda: self.w,
            "output": lambda: self.y,
            "C": lambda: self.C,
            "CT": lambda: self.CT,
            "vec_x": lambda: self.vec_x,
            "vec_y": lambda: self.vec_y,
            "product": lambda: self.vec_y if self.spec.transposed else None,
            "forward_product": lambda: self.vec_y if not self.spec.transposed else None,
            "x_tilde": lambda: self.x_tilde,
            "w_flip": lambda: self.w_flip,
            "round_trip": lambda: self.round_trip if self.spec.transposed else None,
            "forward_round_trip": lambda: self.round_trip if not self.spec.transposed else None,
        }
        get = table.get(name)
        return None if get is None else get()

    # ----- the steps of a scatter -------------------------------------------------------------

    @cached_property
    def canvas_size(self) -> tuple[int, ...]:
        s = self.spec
        return tuple(
            max((i - 1) * st + d * (k - 1) + 1, lo + o)
            for i, st, d, k, (lo, _), o in zip(
                s.input_size,
                s.stride,
                s.dilation,
                s.kernel_size,
                s.padding,
                s.output_size,
                strict=True,
            )
        )

    def _block(self, q: tuple[int, ...]) -> np.ndarray:
        """x_q times the kernel (compact, spatial)."""
        return _expand(self.w * self.x[q])

    def _dilated(self, block: np.ndarray) -> np.ndarray:
        s = self.spec
        shape = tuple(d * (k - 1) + 1 for d, k in zip(s.dilation, s.kernel_size, strict=True))
        out = _zeros(shape)
        out[tuple(slice(None, None, d) for d in s.dilation)] = block
        return out

    def _placed(self, q: tuple[int, ...]) -> np.ndarray:
        out = _zeros(self.canvas_size)
        start = tuple(v * st for v, st in zip(q, self.spec.stride, strict=True))
        region = tuple(
            slice(a, a + d * (k - 1) + 1, d)
            for a, d, k in zip(start, self.spec.dilation, self.spec.kernel_size, strict=True)
        )
        out[region] = self._block(q)
        return out

    def _crop(self, canvas: np.ndarray) -> np.ndarray:
        region = tuple(
            slice(lo, lo + o)
            for (lo, _), o in zip(self.spec.padding, self.spec.output_size, strict=True)
        )
        return canvas[region]

    def _footprint(self, elements: tuple[tuple[int, ...], ...]) -> tuple[slice, ...]:
        s = self.spec
        lows = [min(q[dim] for q in elements) * s.stride[dim] for dim in range(s.rank)]
        highs = [
            max(q[dim] for q in elements) * s.stride[dim]
            + s.dilation[dim] * (s.kernel_size[dim] - 1)
            + 1
            for dim in range(s.rank)
        ]
        return tuple(slice(a, b) for a, b in zip(lows, highs, strict=True))

    def _subsets(self) -> Iterator[tuple[str, tuple[tuple[int, ...], ...]]]:
        order = list(np.ndindex(*self.spec.input_size))
        found: list[tuple[str, tuple[tuple[int, ...], ...]]] = [
            ("first", tuple(order[:n])) for n in range(2, len(order) + 1)
        ]
        if self.spec.rank >= 2:
            found += [
                ("row", tuple(q for q in order if q[0] == r))
                for r in range(self.spec.input_size[0])
            ]
            found += [
                ("column", tuple(q for q in order if q[1] == c))
                for c in range(self.spec.input_size[1])
            ]
        seen: set[tuple[tuple[int, ...], ...]] = set()
        for kind, elements in found:
            if len(elements) > 1 and elements not in seen:
                seen.add(elements)
                yield kind, elements

    def scatter(self) -> Iterator[Quantity]:
        """Scaled kernels, placements and partial sums (compact transposed examples)."""
        if not (self.spec.transposed and self.compact) or self.x.size > MAX_ELEMENTS:
            return
        placed: dict[tuple[int, ...], np.ndarray] = {}
        for q in np.ndindex(*self.spec.input_size):
            name = entry_name("x", q)
            block = self._block(q)
            yield Quantity("scaled", f"{name}·w", block, (q,))
            if any(d > 1 for d in self.spec.dilation):
                yield Quantity("scaled", f"{name}·w (dilated)", self._dilated(block), (q,))
            placed[q] = self._placed(q)
            yield Quantity("placed", f"{name}·w placed on the output", self._crop(placed[q]), (q,))
            yield Quantity("placed", f"{name}·w placed on the canvas", placed[q], (q,))
        for _kind, elements in self._subsets():
            total = _expand(sum((placed[q] for q in elements[1:]), placed[elements[0]]))
            terms = " + ".join(f"{entry_name('x', q)}·w" for q in elements)
            if len(elements) == len(placed):
                yield Quantity(
                    "canvas", "the uncropped canvas (every placement summed)", total, elements
                )
                continue
            box = self._footprint(elements)
            where = (
                ", ".join(
                    f"{'rows' if dim == 0 else 'columns'} {b.start}-{b.stop - 1}"
                    for dim, b in enumerate(box)
                )
                if self.spec.rank == 2
                else f"positions {box[0].start}-{box[0].stop - 1}"
            )
            yield Quantity("partial", f"{terms} ({where} of the canvas)", total[box], elements)
            yield Quantity("partial", f"{terms} (on the canvas)", total, elements)
            yield Quantity("partial", f"{terms} (on the output)", self._crop(total), elements)

    def windows(self) -> Iterator[Quantity]:
        """A convolution's windows of the (padded) input and their products with the kernel."""
        if self.spec.transposed or not self.compact or self.x.size > MAX_ELEMENTS:
            return
        s = self.spec
        padded = self.x
        for dim, (lo, hi) in enumerate(s.padding):
            pads = [(0, 0)] * padded.ndim
            pads[dim] = (lo, hi)
            padded = np.pad(padded, pads, constant_values=sympy.Integer(0))
        if any(lo or hi for lo, hi in s.padding):
            yield Quantity("padded", "the padded input", padded)
        for o in np.ndindex(*s.output_size):
            region = tuple(
                slice(v * st, v * st + d * (k - 1) + 1, d)
                for v, st, d, k in zip(o, s.stride, s.dilation, s.kernel_size, strict=True)
            )
            window = padded[region]
            name = entry_name("y", o)
            yield Quantity("window", f"the window of {name}", window)
            yield Quantity(
                "window_product", f"the window of {name} times w", _expand(window * self.w)
            )

    def all(self) -> Iterator[Quantity]:
        """Every quantity, the named ones first."""
        for name, label in (
            ("input", "the input x"),
            ("kernel", "the kernel w"),
            ("output", "the output y"),
            ("x_tilde", "the zero-inserted, padded input"),
            ("w_flip", "the flipped kernel"),
            ("C", "C"),
            ("CT", "C^T"),
            ("vec_x", "vec(x)"),
            ("vec_y", "vec(y) = C^T vec(x)" if self.spec.transposed else "vec(y) = C vec(x)"),
            ("round_trip", "C(C^T x)" if self.spec.transposed else "C^T(C x)"),
        ):
            value = self.round_trip if name == "round_trip" else self.by_name(name)
            if value is not None:
                yield Quantity(name, label, value)
        if self.spec.transposed and self.compact:
            stretched = zero_inserted(
                self.d.x,
                type(self.spec).create(
                    self.spec.input_size,
                    (1,) * self.spec.rank,
                    stride=self.spec.stride,
                    padding=0,
                    dilation=1,
                ),
                fill=sympy.Integer(0),
                dtype=object,
            )
            yield Quantity(
                "stretched",
                "the input with zeros inserted (not padded)",
                stretched.reshape(stretched.shape[-self.spec.rank :]),
            )
        yield from self.lesson()
        yield from self.scatter()
        yield from self.windows()

    def lesson(self) -> Iterator[Quantity]:
        """What a derivation document teaches besides the computation (one channel only):
        the convolution of C worked on the numbers 1, 2, 3, ... row by row (its input
        ``u`` and output ``C u``), the dilated flipped kernel, the overlap's count map (how
        many products reach each output position), and for a convolution the gradient's
        upstream numbers ``g`` = 1, 2, 3, ... and ``C^T g``."""
        if not self.compact or self.C is None:
            return
        spec = self.spec
        count = self.C.shape[1]
        u = _obj([sympy.Integer(v) for v in range(1, count + 1)], spec.col_size)
        yield Quantity("numbers", "the numbers 1, 2, 3, ... (the convolution's input)", u)
        z = _expand(self.C.dot(u.reshape(-1))).reshape(spec.row_size)
        yield Quantity("recap", "the convolution of 1, 2, 3, ... (C u)", z)
        if spec.transposed and any(dd > 1 for dd in spec.dilation) and self.w_flip is not None:
            shape = tuple((k - 1) * dd + 1 for k, dd in zip(spec.kernel_size, spec.dilation))
            dilated = _zeros(shape)
            dilated[tuple(slice(None, None, dd) for dd in spec.dilation)] = self.w_flip
            yield Quantity("w_flip_dilated", "the flipped kernel, dilated", dilated)
        if spec.transposed:
            st = self.d.structure
            per = int(np.prod(spec.output_size))
            hits = np.bincount(st.cols[st.cols < per], minlength=per)
            counts = _obj([sympy.Integer(int(v)) for v in hits], spec.output_size)
            label = "the products reaching each output position"
            yield Quantity("counts", label, counts)
            if counts.ndim == 3:  # shown as slices
                for i, part in enumerate(counts):
                    yield Quantity("counts", f"{label} (slice {i})", part)
            # taps per stride phase: #{t < k : t d = r (mod s)} in each dimension, multiplied
            per_dim = [
                [sum(1 for t in range(k) if (t * dd) % st == r) for r in range(st)]
                for k, st, dd in zip(spec.kernel_size, spec.stride, spec.dilation, strict=True)
            ]
            table = np.ones((), dtype=int)
            for counts_1d in per_dim:
                table = np.multiply.outer(table, np.array(counts_1d, dtype=int))
            phases = _obj([sympy.Integer(int(v)) for v in table.reshape(-1)], table.shape)
            yield Quantity("phases", "the taps per stride phase", phases)
        else:
            rows = self.C.shape[0]
            g = _obj([sympy.Integer(v) for v in range(1, rows + 1)], spec.output_size)
            yield Quantity("upstream", "the numbers 1, 2, 3, ... (dL/dy)", g)
            back = _expand(self.C.T.dot(g.reshape(-1))).reshape(spec.input_size)
            yield Quantity("gradient", "C^T g", back)


def _zeros(shape: tuple[int, ...]) -> np.ndarray:
    out = np.empty(shape, dtype=object)
    out[...] = sympy.Integer(0)
    return out


def _expand(arr: np.ndarray) -> np.ndarray:
    return np.vectorize(
        lambda v: sympy.expand(v) if not getattr(v, "is_number", True) else sympy.sympify(v),
        otypes=[object],
    )(arr)


def quantities(d: Derivation) -> list[Quantity]:
    """Every quantity of a derivation (see the module docstring)."""
    return list(Quantities(d).all())


def named(q: Quantities, name: str, index: tuple[int | None, ...] = ()) -> np.ndarray | None:
    """The quantity a name refers to, sliced by ``index`` (``None``: the whole axis)."""
    if name == "product" and index:
        name = "output"  # (C^T x)_{c}: output channel c, shaped
    value = q.by_name(name)
    if value is None or not index:
        return value
    if len(index) > value.ndim:
        return None
    try:
        return value[tuple(slice(None) if i is None else i for i in index)]
    except IndexError:
        return None
