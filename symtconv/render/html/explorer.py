"""The interactive part of a derivation's page: the input, kernel and output grids, C, the
zero-insertion view and the overlap counts, as markup that the page's script brings to life.

Every cell says what it is in ``data-`` attributes made of integers (and its name, escaped):
an input element ``data-x`` (its flat index in C's numbering), a kernel entry ``data-w``
(its flat index in PyTorch's weight layout), an output entry ``data-y`` and, on it,
``data-terms``: the ``x:w`` pairs of C's structural nonzeros that make it up, read from
C's structure, zero weights included.  The script looks cells up by these numbers; what
the cells show (values, names) is MathML written here.  Big grids are elided like the
documents (:mod:`.grids`); the entries a shown output needs and no grid shows go to a
hidden pool, so that every sum of products is complete.

Examples:
    >>> from symtconv import derive
    >>> from symtconv.render.document import DocumentOptions
    >>> html = explorer(derive(), DocumentOptions())
    >>> 'data-name="y_{1,1}"' in html and 'data-terms="0:3 1:2 2:1 3:0"' in html
    True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ...core.numeric import insertion_padding
from ...core.operands import entry_name, input_names_axes, weight_names_axes
from ..document.options import DocumentOptions
from ..pictures import HEAT, PALETTE
from ..printer import DocLatexPrinter, math_width
from .grids import Layout, attribute_list, grid_panels, layout
from .markup import Attrs, element, escape, void
from .mathml import inline
from .phrases import phrases

if TYPE_CHECKING:
    from ...engine.derivation import Derivation
    from ...engine.overlap import Overlap

__all__ = ["explorer"]

#: A cell wider than this (in characters, :func:`~symtconv.render.printer.math_width`)
#: shows its name; the value is in the sum of products.
_CELL_WIDTH = 6.0


def _ravel(index: Sequence[int], shape: Sequence[int]) -> int:
    return int(np.ravel_multi_index(tuple(index), tuple(shape)))


def _heat(value: int, values: list[int]) -> int:
    """The shade (index into HEAT, -1 for 0) of a count among the counts."""
    nonzero = [v for v in values if v]
    if value == 0:
        return -1
    if len(nonzero) == 1:
        return 3
    return round(nonzero.index(value) * (len(HEAT) - 1) / (len(nonzero) - 1))


class _Page:
    """The explorer of one derivation (the methods write its parts)."""

    def __init__(self, d: Derivation, options: DocumentOptions, overlap: Overlap | None) -> None:
        self.d, self.spec = d, d.spec
        self.words = phrases(options.lang)
        self.t, self.e = options.threshold, options.edgeitems
        self.p = DocLatexPrinter({"threshold": self.t, "edgeitems": self.e})
        spec = self.spec
        self.transposed = spec.transposed
        self.x = (d.x[0] if spec.batch is not None else d.x).reshape(-1)
        self.w = d.w.reshape(-1)
        out = d.output_full[0] if spec.batch is not None else d.output_full
        self.y = out.reshape(-1)
        self.x_shape = (spec.in_channels, *spec.input_size)
        self.y_shape = (spec.out_channels, *spec.output_size)
        self.overlap = overlap
        st = d.structure
        outs, ins = (st.cols, st.rows) if self.transposed else (st.rows, st.cols)
        order = np.argsort(outs, kind="stable")
        bounds = np.searchsorted(outs[order], np.arange(int(np.prod(self.y_shape)) + 1))
        self._terms = (ins[order], st.taps[order], bounds)
        self.cells: dict[tuple[int, int], int] = (
            {(int(r), int(c)): int(t) for r, c, t in zip(st.rows, st.cols, st.taps, strict=True)}
            if st.nnz <= 200_000
            else {}
        )
        self.shown_x: set[int] = set()
        self.shown_w: set[int] = set()
        self.needed_x: set[int] = set()
        self.needed_w: set[int] = set()
        self.taps = math.prod(spec.kernel_size)
        self.elided = False
        self._count_values: list[int] = []

    # ----- names and values -----------------------------------------------------

    def x_name(self, q: int) -> str:
        index = tuple(int(v) for v in np.unravel_index(q, self.x_shape))
        if self.spec.batch is not None:
            index = (0, *index)
        return entry_name("x", index[len(index) - input_names_axes(self.spec) :])

    def w_name(self, t: int) -> str:
        index = tuple(int(v) for v in np.unravel_index(t, self.spec.weight_shape))
        return entry_name("w", index[len(index) - weight_names_axes(self.spec) :])

    def y_name(self, j: int) -> str:
        index = tuple(int(v) for v in np.unravel_index(j, self.y_shape))
        if self.d.compact:
            index = index[1:]
        elif self.spec.batch is not None:
            index = (0, *index)
        return self.d.output_name(index)

    def terms(self, j: int) -> list[tuple[int, int]]:
        """The (x, w) flat indices of output entry ``j``'s products, in C's order."""
        ins, taps, bounds = self._terms
        lo, hi = int(bounds[j]), int(bounds[j + 1])
        return [(int(q), int(t)) for q, t in zip(ins[lo:hi], taps[lo:hi], strict=True)]

    def _cell(
        self, kind: str, key: str, n: int, name: str, value: Any, extra: str = ""
    ) -> tuple[Attrs, str]:
        """A cell holding entry ``n`` (``data-<key>``) named ``name``: its value and name.

        A value that is not a bare symbol or number, or is wide, is shown by its name
        (class ``long``); the value stays in the cell for the sum of products.
        """
        latex = self.p.doprint(value)
        same = str(value) == name
        content = element("span", {"class": "v"}, inline(latex))
        if not same:
            name_math = inline(self.p.doprint(sympy.Symbol(name)))
            content += element("span", {"class": "n"}, name_math)
        simple = isinstance(value, sympy.Symbol) or (
            isinstance(value, sympy.Basic) and bool(value.is_number)
        )
        long = not same and (not simple or math_width(latex) > _CELL_WIDTH)
        attrs: Attrs = {
            "class": f"cell {kind}{' long' if long else ''}{extra}",
            f"data-{key}": str(n),
            "data-name": name,
            "aria-label": name if same else f"{name} = {value}",
            "data-wrap": self.p.factor(value) != latex,
            "data-zero": key == "w" and bool(value == 0),
        }
        return attrs, content

    def _layout(self, shape: tuple[int, ...], channel_axes: int) -> Layout:
        lay = layout(shape, channel_axes, self.t, self.e)
        if None in lay.lead or None in lay.rows or None in lay.cols:
            self.elided = True
        return lay

    def tap_class(self, t: int) -> str:
        return f" t{(t % self.taps) % len(PALETTE)}"

    # ----- the grids ------------------------------------------------------------------

    def label(self, letter: str, channel_axes: int) -> Any:
        """Panel captions ``x_{c,:,:}`` (none for a single panel of a compact derivation)."""
        rank = self.spec.rank

        def caption(lead: tuple[int, ...]) -> tuple[str, str]:
            shown = lead if not self.d.compact else lead[channel_axes:]
            if not shown:
                return "", letter
            sub = ",".join([*map(str, shown), *([":"] * min(rank, 2))])
            latex = f"{letter}_{{{sub}}}"
            return inline(latex), f"{letter}_{{{sub}}}"

        return caption

    def input_grid(self) -> str:
        """The input x (transposed), or the padded input with its frame (forward)."""
        spec = self.spec
        if self.transposed:
            lay = self._layout(self.x_shape, 1)

            def cell(index: tuple[int, ...]) -> tuple[Attrs, str]:
                q = _ravel(index, self.x_shape)
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
        q = _ravel((channel, *inner), self.x_shape)
        self.shown_x.add(q)
        return self._cell("x", "x", q, self.x_name(q), self.x[q])

    def _y_inner(self, channel: int, inner: tuple[int, ...]) -> tuple[Attrs, str]:
        j = _ravel((channel, *inner), self.y_shape)
        attrs, content = self._cell("y", "y", j, self.y_name(j), self.y[j])
        terms = self.terms(j)
        for q, t in terms:
            self.needed_x.add(q)
            self.needed_w.add(t)
        extra: dict[str, str] = {"data-terms": " ".join(f"{q}:{t}" for q, t in terms)}
        if self.overlap is not None:
            count = int(self.overlap.counts[inner])
            shade = _heat(count, self._count_values)
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
        lay = self._layout(shape, 1)
        box = [range(0, n) for n in inner_size]

        def cell(index: tuple[int, ...]) -> tuple[Attrs, str]:
            channel, pos = index[0], index[1:]
            at = f"{channel}:{_ravel(pos, shape[1:])}"
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
            self._count_values = sorted({int(v) for v in np.unique(self.overlap.counts)})
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

    @property
    def canvas(self) -> tuple[int, ...]:
        """The uncropped output size ``(i - 1) s + d (k - 1) + 1 + op`` per dimension."""
        s = self.spec
        return tuple(
            (i - 1) * st + dd * (k - 1) + 1 + op
            for i, st, dd, k, op in zip(
                s.input_size, s.stride, s.dilation, s.kernel_size, s.output_padding, strict=True
            )
        )

    def kernel_grid(self) -> str:
        spec = self.spec
        lay = self._layout(spec.weight_shape, 2)

        def cell(index: tuple[int, ...]) -> tuple[Attrs, str]:
            t = _ravel(index, spec.weight_shape)
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
        lay = self._layout((spec.in_channels, *size), 1)

        def cell(index: tuple[int, ...]) -> tuple[Attrs, str]:
            channel, pos = index[0], index[1:]
            at = {"data-z": f"{channel}:{_ravel(pos, size)}"}
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
                q = _ravel((channel, *element_at), self.x_shape)
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
            t = _ravel(original, spec.weight_shape)
            return self._cell("w", "w", t, self.w_name(t), self.w[t], self.tap_class(t))

        return grid_panels(lay, cell, self.label("w^{\\mathrm{flip}}", 2), {"data-grid": "f"})

    # ----- what the script needs besides the grids ---------------------------------

    def pool(self) -> str:
        """Hidden entries the shown outputs need and no grid shows (and the bias)."""
        parts = []
        for q in sorted(self.needed_x - self.shown_x):
            attrs, content = self._cell("x", "x", q, self.x_name(q), self.x[q])
            parts.append(element("span", attrs, content))
        for t in sorted(self.needed_w - self.shown_w):
            attrs, content = self._cell("w", "w", t, self.w_name(t), self.w[t])
            parts.append(element("span", attrs, content))
        if self.d.b is not None:
            for c, value in enumerate(self.d.b.tolist()):
                attrs, content = self._cell("b", "b", c, f"b_{{{c}}}", value)
                parts.append(element("span", attrs, content))
        return element("div", {"class": "pool", "hidden": True}, "".join(parts))

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
                    t = _ravel((ci, co_l, *tap), spec.weight_shape)
                    value = self._product(self.x[q], self.w[t])
                    spans.append(
                        element(
                            "span",
                            {
                                "class": "prod",
                                "data-c": f"{co}:{_ravel(at, canvas)}",
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


def _figure(title: str, body: str, attrs: Attrs | None = None) -> str:
    return element(
        "section", {"class": "grid", **(attrs or {})}, element("h3", None, escape(title)) + body
    )


def _radio(name: str, value: str, text: str, checked: bool) -> str:
    control = void("input", {"type": "radio", "name": name, "value": value, "checked": checked})
    return element("label", None, control + " " + escape(text))


def _controls(page: _Page) -> str:
    w = page.words
    groups = []
    if page.transposed:
        views = _radio("view", "scatter", w["view_scatter"], True) + _radio(
            "view", "zero", w["view_zero"], False
        )
        groups.append(element("fieldset", None, element("legend", None, escape(w["view"])) + views))
        counts = void("input", {"type": "checkbox", "name": "counts"})
        groups.append(
            element("label", {"class": "toggle"}, counts + " " + escape(w["layer_counts"]))
        )
    named = any(str(v) != page.x_name(q) for q, v in enumerate(page.x)) or any(
        str(v) != page.w_name(t) for t, v in enumerate(page.w)
    )
    if named:
        shows = _radio("show", "values", w["show_values"], True) + _radio(
            "show", "names", w["show_names"], False
        )
        groups.append(
            element("fieldset", None, element("legend", None, escape(w["entries"])) + shows)
        )
    return element(
        "div", {"class": "controls", "role": "group", "aria-label": w["controls"]}, "".join(groups)
    )


def _counts_legend(page: _Page) -> str:
    """The count layer's legend: a swatch per count, and the classification."""
    o = page.overlap
    if o is None:
        return ""
    w = page.words
    swatches = "".join(
        element("span", {"class": f"swatch h{_heat(v, page._count_values) + 1}"}, str(v))
        for v in page._count_values
    )
    interior = [n for r in o.interior for n in (len(r),)]
    table = sorted({int(v) for v in np.unique(o.phase_table)})
    kind = w[f"kind_{o.kind}"].format(n=", ".join(map(str, table)))
    notes = [kind] + ([w["interior"]] if all(interior) else [])
    return element(
        "p",
        {"class": "legend counts-only"},
        escape(w["legend_counts"]) + ": " + swatches + " " + escape("; ".join(notes)),
    )


def _readout(page: _Page) -> str:
    w = page.words
    texts = {
        f"data-t-{key.replace('_', '-')}": w[key]
        for key in ("zero_taps", "no_terms", "hidden_terms", "copy", "reaches", "window", "idle")
    }
    return element(
        "div",
        {"class": "readout", "role": "status", "aria-live": "polite", **texts},
        element("p", {"class": "idle"}, escape(w["idle"])),
    )


def explorer(d: Derivation, options: DocumentOptions, overlap: Overlap | None = None) -> str:
    """The explorer of a derivation, as markup (the page adds its script and style).

    Args:
        d: the derivation.
        options: the elision settings (``threshold``, ``edgeitems``) and the language.
        overlap: the overlap of a transposed derivation, for the count layer (None: no
            layer).
    """
    page = _Page(d, options, overlap if d.spec.transposed else None)
    w = page.words
    kind = "t" if page.transposed else "f"
    padded_input = not page.transposed and any(lo or hi for lo, hi in d.spec.padding)
    inputs = _figure(w["input_f"] if padded_input else w["input"], page.input_grid())
    kernel = _figure(w["kernel"], page.kernel_grid())
    padded = any(lo or hi for lo, hi in d.spec.padding)
    title = w[f"output_{kind}"] if padded else w["output_f"]
    output = _figure(title, page.output_grid() + _counts_legend(page))
    views = [element("div", {"class": "view scatter-only"}, inputs + kernel)]
    if page.transposed:
        zero = _figure(w["stretched"], page.stretched_grid()) + _figure(
            w["flipped"], page.flipped_grid()
        )
        views.append(element("div", {"class": "view zero-only"}, zero))
    matrix = _figure(w[f"matrix_{kind}"], page.matrix_grid(), {"data-part": "matrix"})
    notes = [w["legend_taps"]]
    if page.elided:
        notes.append(w["elided"].format(t=page.t, e=page.e))
    if d.spec.batch is not None:
        notes.append(w["sample"])
    extras = page.pool() + (page.copies() if page.transposed else "")
    body = (
        element("h2", {"id": "explore"}, escape(w["explore"]))
        + element("p", {"class": "help"}, escape(w[f"help_{kind}"]))
        + element("p", {"class": "help keys"}, escape(w[f"keys_{kind}"]))
        + _controls(page)
        + element("div", {"class": "views"}, "".join(views) + output)
        + _readout(page)
        + matrix
        + "".join(element("p", {"class": "note"}, escape(n)) for n in notes)
        + extras
    )
    return element(
        "section",
        {"class": "explorer", "aria-labelledby": "explore", **page.geometry()},
        body,
    )
