"""The explorer's grids: the input, kernel and output (on the uncropped canvas), C, the
zero-insertion view (the stretched input, the flipped kernel) and the kernel copies.

On an output entry, ``data-terms`` lists the ``x:w`` pairs of C's structural nonzeros
that make it up, zero weights included; a canvas cell ``data-c`` is ``channel:position``
on the canvas, a stretched-input cell ``data-z`` the same on x̃.  Big grids are elided
like the documents (:mod:`.grids`).

Examples:
    >>> from symtconv import derive
    >>> from symtconv.render.document import DocumentOptions
    >>> p = Panels(derive(stride=2), DocumentOptions(), None)
    >>> p.canvas, 'data-terms="0:0"' in p.output_grid()
    ((4, 4), True)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy

from ...core.numeric import insertion_padding
from .entries import Entries, heat, ravel
from .grids import attribute_list, grid_panels
from .markup import Attrs, element
from .mathml import inline

__all__ = ["Panels"]


class Panels(Entries):
    """The grids of one derivation's explorer, as markup (one method per grid)."""

    def input_grid(self) -> str:
        """The input x (transposed), or the padded input with its frame (forward)."""
        spec = self.spec
        if self.transposed:
            lay = self._layout(self.x_shape, 1)

            def cell(index: tuple[int, ...]) -> tuple[Attrs, str]:
                q = ravel(index, self.x_shape)
                self.shown_x.add(q)
                return self._cell("x", "x", q, self.x_name(q), self.x[q])

            return grid_panels(lay, cell, self.label("x", 1), {"data-grid": "x"})
        lo = [p[0] for p in spec.padding]
        size = [i + a + b for i, (a, b) in zip(spec.input_size, spec.padding, strict=True)]
        return self._framed(
            "x",
            (spec.in_channels, *size),
            lo,
            spec.input_size,
            self._x_inner,
            self.words["padding_cell"],
        )

    def _x_inner(self, channel: int, inner: tuple[int, ...]) -> tuple[Attrs, str]:
        q = ravel((channel, *inner), self.x_shape)
        self.shown_x.add(q)
        return self._cell("x", "x", q, self.x_name(q), self.x[q])

    def _y_inner(self, channel: int, inner: tuple[int, ...]) -> tuple[Attrs, str]:
        j = ravel((channel, *inner), self.y_shape)
        attrs, content = self._cell("y", "y", j, self.y_name(j), self.y[j])
        terms = self.terms(j)
        for q, t in terms:
            self.needed_x.add(q)
            self.needed_w.add(t)
        extra: dict[str, str] = {"data-terms": " ".join(f"{q}:{t}" for q, t in terms)}
        if self.overlap is not None:
            count = int(self.overlap.counts[inner])
            shade = heat(count, self.count_values)
            extra["data-count"] = str(count)
            content += element("span", {"class": "k", "aria-hidden": "true"}, str(count))
            inside = all(n in r for n, r in zip(inner, self.overlap.interior, strict=True))
            classes = f" h{shade + 1}" + (
                self._edges(inner, self.overlap.interior, "i") if inside else ""
            )
            attrs = {**attrs, "class": str(attrs["class"]) + classes}
        if self.d.b is not None:
            extra["data-b"] = str(channel)
        return {**attrs, **extra}, content

    @staticmethod
    def _edges(inner: tuple[int, ...], box: Sequence[range], prefix: str) -> str:
        """Classes of the box edges a cell lies on (top, bottom, left, right)."""
        out = []
        if len(inner) >= 2:
            if inner[-2] == box[-2].start:
                out.append(f"{prefix}t")
            if inner[-2] == box[-2].stop - 1:
                out.append(f"{prefix}b")
        else:
            out += [f"{prefix}t", f"{prefix}b"]
        if inner[-1] == box[-1].start:
            out.append(f"{prefix}l")
        if inner[-1] == box[-1].stop - 1:
            out.append(f"{prefix}r")
        return "".join(f" {c}" for c in out)

    def _framed(
        self,
        letter: str,
        shape: tuple[int, ...],
        lo: Sequence[int],
        inner_size: Sequence[int],
        inner: Any,
        outside: str,
    ) -> str:
        """A canvas: cells inside the frame ``[lo, lo + inner_size)`` from ``inner``."""
        frame = [range(a, a + n) for a, n in zip(lo, inner_size, strict=True)]
        lay = self._layout(shape, 1, frame)
        box = [range(0, n) for n in inner_size]

        def cell(index: tuple[int, ...]) -> tuple[Attrs, str]:
            channel, pos = index[0], index[1:]
            at = f"{channel}:{ravel(pos, shape[1:])}"
            rel = tuple(p - a for p, a in zip(pos, lo, strict=True))
            if all(0 <= r < n for r, n in zip(rel, inner_size, strict=True)):
                attrs, content = inner(channel, rel)
                edges = self._edges(rel, box, "f")
                return {**attrs, "class": str(attrs["class"]) + edges, "data-c": at}, content
            return {"class": "cell margin", "data-c": at, "aria-label": outside}, ""

        return grid_panels(
            lay, cell, self.label(letter, 1), {"data-grid": "canvas" if letter == "y" else "padded"}
        )

    def output_grid(self) -> str:
        """The output: on the uncropped canvas (transposed), or plain (forward)."""
        spec = self.spec
        if self.overlap is not None:
            self.count_values = sorted({int(v) for v in np.unique(self.overlap.counts)})
        if not self.transposed:
            lay = self._layout(self.y_shape, 1)

            def cell(index: tuple[int, ...]) -> tuple[Attrs, str]:
                return self._y_inner(index[0], index[1:])

            return grid_panels(lay, cell, self.label("y", 1), {"data-grid": "y"})
        lo = [p[0] for p in spec.padding]
        return self._framed(
            "y",
            (spec.out_channels, *self.canvas),
            lo,
            spec.output_size,
            self._y_inner,
            self.words["cropped"],
        )

    def kernel_grid(self) -> str:
        spec = self.spec
        lay = self._layout(spec.weight_shape, 2)

        def cell(index: tuple[int, ...]) -> tuple[Attrs, str]:
            t = ravel(index, spec.weight_shape)
            self.shown_w.add(t)
            return self._cell("w", "w", t, self.w_name(t), self.w[t], self.tap_class(t))

        return grid_panels(lay, cell, self.label("w", 2), {"data-grid": "w"})

    def matrix_grid(self) -> str:
        rows, cols = self.d.matrix_shape
        lay = self._layout((rows, cols), 0)
        structure = self.d.structure

        def lookup(r: int, c: int) -> int | None:
            if self.cells:
                return self.cells.get((r, c))
            hit = np.nonzero((structure.rows == r) & (structure.cols == c))[0]
            return int(structure.taps[hit[0]]) if hit.size else None

        def cell(index: tuple[int, ...]) -> tuple[Attrs, str]:
            r, c = index
            t = lookup(r, c)
            base: dict[str, str] = {"data-mr": str(r), "data-mc": str(c)}
            if t is None:
                return {"class": "cell m sz", **base, "aria-label": f"C[{r},{c}] = 0"}, "0"
            name = self.w_name(t)
            return (
                {
                    "class": "cell m" + self.tap_class(t),
                    **base,
                    "data-mt": str(t),
                    "aria-label": f"C[{r},{c}] = {name}",
                },
                inline(self.p.doprint(self.w[t])),
            )

        return grid_panels(lay, cell, lambda lead: ("", "C"), {"data-grid": "m"})

    def stretched_grid(self) -> str:
        """The zero-insertion view's input: real elements, inserted zeros, padding."""
        spec = self.spec
        pads = insertion_padding(spec)
        size = tuple(
            (i - 1) * s + 1 + lo + hi
            for i, s, (lo, hi) in zip(spec.input_size, spec.stride, pads, strict=True)
        )
        self.zsize, self.zlow = size, tuple(lo for lo, _ in pads)
        frame = [
            range(a, a + (i - 1) * s + 1)
            for a, i, s in zip(self.zlow, spec.input_size, spec.stride, strict=True)
        ]
        lay = self._layout((spec.in_channels, *size), 1, frame)

        def cell(index: tuple[int, ...]) -> tuple[Attrs, str]:
            channel, pos = index[0], index[1:]
            at = {"data-z": f"{channel}:{ravel(pos, size)}"}
            kind = "x"
            element_at: list[int] = []
            for p, low, s, i in zip(pos, self.zlow, spec.stride, spec.input_size, strict=True):
                u = p - low
                if u < 0 or u > (i - 1) * s:
                    kind = "pad"
                    break
                if u % s:
                    kind = "ins" if kind == "x" else kind
                element_at.append(u // s)
            if kind == "x":
                q = ravel((channel, *element_at), self.x_shape)
                attrs, content = self._cell("x", "x", q, self.x_name(q), self.x[q])
                return {**attrs, **at}, content
            label = self.words["padding_cell" if kind == "pad" else "inserted_cell"]
            return {"class": f"cell {kind}", **at, "aria-label": label}, "0"

        return grid_panels(lay, cell, self.label("\\tilde{x}", 1), {"data-grid": "z"})

    def flipped_grid(self) -> str:
        spec = self.spec
        g = spec.groups
        cin_g, cout_g = spec.in_channels // g, spec.out_channels // g
        shape = (spec.out_channels, cin_g, *spec.kernel_size)
        lay = self._layout(shape, 2)

        def cell(index: tuple[int, ...]) -> tuple[Attrs, str]:
            co, ci, tap = index[0], index[1], index[2:]
            original = (
                (co // cout_g) * cin_g + ci,
                co % cout_g,
                *(k - 1 - t for t, k in zip(tap, spec.kernel_size, strict=True)),
            )
            t = ravel(original, spec.weight_shape)
            return self._cell("w", "w", t, self.w_name(t), self.w[t], self.tap_class(t))

        return grid_panels(lay, cell, self.label("w^{\\mathrm{flip}}", 2), {"data-grid": "f"})

    def copies(self) -> str:
        """Per shown input element, its kernel copy ``x_q w`` on the canvas (transposed)."""
        spec = self.spec
        g = spec.groups
        cin_g, cout_g = spec.in_channels // g, spec.out_channels // g
        canvas = self.canvas
        parts = []
        for q in sorted(self.shown_x):
            ci, *pos = (int(v) for v in np.unravel_index(q, self.x_shape))
            spans = []
            for co_l in range(cout_g):
                co = (ci // cin_g) * cout_g + co_l
                for tap in np.ndindex(*spec.kernel_size):
                    at = [
                        p * s + t * dd
                        for p, s, t, dd in zip(pos, spec.stride, tap, spec.dilation, strict=True)
                    ]
                    t = ravel((ci, co_l, *tap), spec.weight_shape)
                    value = self._product(self.x[q], self.w[t])
                    spans.append(
                        element(
                            "span",
                            {
                                "class": "prod",
                                "data-c": f"{co}:{ravel(at, canvas)}",
                                "data-w": str(t),
                            },
                            inline(value),
                        )
                    )
            parts.append(element("template", {"data-copy": str(q)}, "".join(spans)))
        return "".join(parts)

    def _product(self, x: Any, w: Any) -> str:
        if isinstance(x, sympy.Symbol) and isinstance(w, sympy.Symbol):
            return rf"{self.p.doprint(x)}\, {self.p.doprint(w)}"
        return self.p.doprint(x * w)

    def geometry(self) -> dict[str, str]:
        """The root's attributes: the spec's numbers, for the script."""
        s = self.spec
        attrs = {
            "data-kind": "transposed" if self.transposed else "forward",
            "data-rank": str(s.rank),
            "data-in": attribute_list(s.input_size),
            "data-out": attribute_list(s.output_size),
            "data-k": attribute_list(s.kernel_size),
            "data-s": attribute_list(s.stride),
            "data-d": attribute_list(s.dilation),
            "data-plo": attribute_list([lo for lo, _ in s.padding]),
            "data-cin": str(s.in_channels),
            "data-cout": str(s.out_channels),
            "data-g": str(s.groups),
        }
        if self.transposed:
            attrs["data-canvas"] = attribute_list(self.canvas)
            attrs["data-zsize"] = attribute_list(self.zsize)
            attrs["data-zlow"] = attribute_list(self.zlow)
        else:
            attrs["data-canvas"] = attribute_list(
                [i + a + b for i, (a, b) in zip(s.input_size, s.padding, strict=True)]
            )
        return attrs
