"""A derivation as a document: the steps, language- and format-independent.

:func:`build_document` turns a :class:`~symtconv.derive.Derivation` into a
:class:`~symtconv.render.blocks.Document`.  A transposed derivation shows:
the parameters; the size formula (general, substituted, value); C with its
zeros and shape, its sparsity pattern, and C^T; x flattened; C^T x entry by
entry and reshaped; the scatter view; the zero-insertion view; that C^T is
the transpose (adjoint) of C and not its inverse, on the example; the shape
relation to the forward convolution and the ambiguity output_padding
resolves; and which independent methods agree.  A forward derivation shows
C x the same way.  Every number comes from the derivation object (or is
computed from it in :mod:`symtconv.render.views`).

Examples:
    >>> from symtconv import derive
    >>> doc = build_document(derive())
    >>> [b.text.key for b in doc.blocks if isinstance(b, Section)][:3]
    ['sec_parameters', 'sec_size', 'sec_matrix']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ..errors import SpecError
from ..spec import conv_output_length
from .blocks import Block, Document, Figure, Items, Listing, Math, Para, Section, T, Text, Title
from .command import derive_args, wrap_command
from .i18n import LANGS
from .pictures import sparsity_picture
from .printer import ZERO, DocLatexPrinter, MatrixView, Raw, check_elision, math_width, pack
from .steps import relation_steps, verification_step, view_steps
from .text import EDGEITEMS

if TYPE_CHECKING:
    from ..derive import Derivation

__all__ = [
    "BUDGET",
    "DOC_THRESHOLD",
    "MAX_ENTRIES",
    "Builder",
    "DocumentOptions",
    "build_document",
]

#: Width of a display line, in characters (see :func:`~symtconv.render.printer.math_width`).
BUDGET = 66.0
#: Output entries listed one by one before the list is elided (first and last half).
MAX_ENTRIES = 16
#: Documents show matrices with up to this many rows/columns in full (a page is narrow).
DOC_THRESHOLD = 9
#: Longest command line shown to reproduce a document.
MAX_COMMAND = 240


@dataclass(frozen=True)
class DocumentOptions:
    """How a document is rendered.

    Attributes:
        lang: "en" or "zh".
        standalone: a complete LaTeX document instead of a fragment for ``\\input``.
        threshold: matrices (tensors) with more rows/columns (slices) are elided.
        edgeitems: rows/columns kept at each end when eliding.
        max_entries: output entries listed one by one; a list longer than 1.5 times
            this is elided to its first and last ``max_entries // 2``.
        pictures: include the pictures (TikZ in LaTeX, SVG links in Markdown).
        picture_base: Markdown only: the SVG files are named
            ``<picture_base>-<figure>.svg`` (None: no picture links).

    Raises:
        SpecError: an unknown language or invalid elision settings.
    """

    lang: str = "en"
    standalone: bool = False
    threshold: int = DOC_THRESHOLD
    edgeitems: int = EDGEITEMS
    max_entries: int = MAX_ENTRIES
    pictures: bool = True
    picture_base: str | None = None

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise SpecError(f"lang: got {self.lang!r}; valid languages: {', '.join(LANGS)}")
        check_elision(self.threshold, self.edgeitems)
        if (
            isinstance(self.max_entries, bool)
            or not isinstance(self.max_entries, int)
            or (self.max_entries < 2)
        ):
            raise SpecError(f"max_entries: got {self.max_entries!r}; must be an integer >= 2")


def dims(shape: tuple[int, ...] | list[int]) -> str:
    """A shape as math: ``3 \\times 3``."""
    return r" \times ".join(str(n) for n in shape)


def per_dim(values: tuple[Any, ...]) -> str:
    """One value when all dimensions agree, else a tuple: ``2`` or ``(2, 1)``."""
    vals = list(values)
    return str(vals[0]) if len(set(vals)) == 1 else "(" + ", ".join(map(str, vals)) + ")"


def is_name(value: Any) -> bool:
    """True for a bare symbol (an entry shown by its name)."""
    return isinstance(value, sympy.Symbol)


class Builder:
    """Builds the blocks of one document from a derivation (see :func:`build_document`)."""

    def __init__(self, d: Derivation, options: DocumentOptions) -> None:
        self.d = d
        self.spec = d.spec
        self.options = options
        self.p = DocLatexPrinter({"threshold": options.threshold, "edgeitems": options.edgeitems})
        self.blocks: list[Block] = []
        self.op = r"C^{\mathsf T} x" if d.spec.transposed else "C x"

    # ----- small helpers ---------------------------------------------------------

    def add(self, *blocks: Block) -> None:
        """Append blocks."""
        self.blocks.extend(blocks)

    def para(self, *texts: Text) -> None:
        """Append a paragraph."""
        self.blocks.append(Para(tuple(texts)))

    def math(self, *lines: str, tag: str | None = None) -> None:
        """Append displayed math."""
        self.blocks.append(Math(tuple(lines), tag))

    def pieces(self, pieces: list[str], tag: str | None = None) -> None:
        """Display pieces (``name = [...]``), as many per line as fit."""
        self.math(*pack(pieces, BUDGET), tag=tag)

    def tensor(self, name: str, arr: np.ndarray) -> list[str]:
        """Display pieces of a tensor (see :meth:`DocLatexPrinter.tensor`)."""
        return self.p.tensor(name, arr)

    def value(self, v: Any) -> str:
        """A value (or ZERO) as LaTeX."""
        return self.p.doprint(v)

    def shown(self, arr: np.ndarray) -> np.ndarray:
        """A full-layout per-sample array without the channel axis when compact."""
        return arr.reshape(arr.shape[1:]) if self.d.compact and arr.shape[0] == 1 else arr

    def product(self, x_value: Any, w_value: Any) -> Any:
        """A product as shown: ``x w`` for two names, else its value."""
        if is_name(x_value) and is_name(w_value):
            return Raw(rf"{self.value(x_value)}\, {self.value(w_value)}")
        return x_value * w_value

    def fits(self, arr: np.ndarray) -> bool:
        """True when the (elided) matrices of an array fit on one line."""
        return all(math_width(piece) <= BUDGET for piece in self.tensor("y", arr))

    def chain(self, lhs: str, groups: list[list[str]]) -> list[str]:
        """``lhs = g_1 = g_2 ...``, each group a sum of terms, broken into aligned lines."""
        lines: list[str] = []
        cur, width = f"{lhs} &= ", math_width(lhs) + 2.0
        started = False
        for gi, group in enumerate(groups):
            if gi > 0:
                if width + 2.0 + math_width(group[0]) > BUDGET and started:
                    lines.append(cur)
                    cur, width = "&= ", 4.0
                else:
                    cur += " = "
                    width += 2.0
            for ti, term in enumerate(group):
                piece = term if ti == 0 else f" + {term}"
                w = math_width(piece)
                if started and ti > 0 and width + w > BUDGET:
                    lines.append(cur)
                    cur, width = rf"&\quad + {term}", 6.0 + math_width(term)
                else:
                    cur += piece
                    width += w
                started = True
        lines.append(cur)
        return lines

    def entries_note(self, shown: int, total: int) -> Text | None:
        """A note when a list is elided."""
        if shown >= total:
            return None
        return T("elided_list", shown=str(shown), total=str(total))

    # ----- the steps ----------------------------------------------------------------

    def build(self) -> Document:
        """All steps, in order."""
        transposed = self.spec.transposed
        self.add(Title(T("title_t" if transposed else "title_f")))
        self.intro()
        self.add(Section(T("sec_parameters")))
        self.parameters()
        self.add(Section(T("sec_size")))
        self.size()
        self.add(Section(T("sec_matrix")))
        self.matrix()
        self.add(Section(T("sec_flatten")))
        self.flatten()
        self.add(Section(T("sec_entries", op=f"$y = {self.op}$")))
        self.entries()
        if transposed:
            view_steps(self)
        relation_steps(self)
        verification_step(self)
        self.add(Section(T("sec_summary")))
        self.summary()
        return Document("transposed" if transposed else "forward", tuple(self.blocks))

    def intro(self) -> None:
        spec = self.spec
        small = f"${dims(self.shape_of(spec.row_size, spec.row_channels))}$"
        big = f"${dims(self.shape_of(spec.col_size, spec.col_channels))}$"
        if spec.transposed:
            self.para(T("intro_t", small=small, big=big), T("intro_t_use"))
        else:
            self.para(T("intro_f", small=small, big=big))
        self.para(T("intro_conventions"))

    def shape_of(self, size: tuple[int, ...], channels: int) -> tuple[int, ...]:
        """A spatial size with its channel axis unless compact."""
        return size if self.d.compact else (channels, *size)

    def parameters(self) -> None:
        d, spec = self.d, self.spec
        items = [
            T("param_input", shape=f"${dims(d.input_shape)}$")
            if d.compact
            else T("param_input_full", shape=f"${dims(d.input_shape)}$"),
            T("param_kernel", shape=f"${dims(d.kernel_shape)}$")
            if d.compact
            else T(
                "param_kernel_full_t" if spec.transposed else "param_kernel_full_f",
                shape=f"${dims(d.kernel_shape)}$",
            ),
            T("param_stride", value=f"$s = {per_dim(spec.stride)}$"),
            self.padding_item(),
            T("param_dilation", value=f"$d = {per_dim(spec.dilation)}$"),
        ]
        if spec.transposed:
            items.append(
                T(
                    "param_output_padding",
                    value=rf"$\mathit{{op}} = {per_dim(spec.output_padding)}$",
                )
            )
        if spec.groups > 1 or not d.compact:
            items.append(
                T(
                    "param_channels",
                    cin=str(spec.in_channels),
                    cout=str(spec.out_channels),
                    groups=str(spec.groups),
                )
            )
        if d.b is not None:
            items.append(T("param_bias", count=str(spec.out_channels)))
        self.add(Items(tuple(items)))
        pieces = [
            *self.tensor("x", d.x.reshape(d.input_shape)),
            *self.tensor("w", d.w.reshape(d.kernel_shape)),
        ]
        if d.b is not None:
            pieces.extend(self.tensor("b", d.b))
        self.pieces(pieces)

    def padding_item(self) -> Text:
        spec = self.spec
        if spec.symmetric_padding:
            return T("param_padding", value=f"$p = {per_dim(tuple(lo for lo, _ in spec.padding))}$")
        pairs = ", ".join(f"({lo}, {hi})" for lo, hi in spec.padding)
        return T(
            "param_padding_asym", value=rf"$(p_{{\mathrm{{lo}}}}, p_{{\mathrm{{hi}}}}) = {pairs}$"
        )

    def size(self) -> None:
        f = self.d.size_formula
        general, simplified = _tidy(f.general_latex()), _tidy(f.simplified_latex())
        self.para(T("size_general_t" if self.spec.transposed else "size_general_f"))
        self.math(general)
        if simplified != general:
            self.para(T("size_simplified"))
            self.math(simplified)
        distinct = f.distinct_dims()
        if len(distinct) == 1:
            self.para(T("size_numbers_all" if self.spec.rank > 1 else "size_numbers"))
            self.math(_tidy(f.substituted_latex(distinct[0])))
        else:
            for dim in distinct:
                self.para(T("size_numbers_dim", dim=str(dim)))
                self.math(_tidy(f.substituted_latex(dim)))
        self.para(T("size_result", shape=f"${dims(self.d.output_shape)}$"))

    def matrix_view(self, transpose: bool = False) -> MatrixView:
        """C (or C^T) with its structural zeros."""
        st = self.d.structure
        flat_w = self.d.w.reshape(-1)
        positions = zip(st.rows.tolist(), st.cols.tolist(), strict=True)
        where = dict(zip(positions, st.taps.tolist(), strict=True))

        def cell(r: int, c: int) -> Any:
            key = (c, r) if transpose else (r, c)
            return flat_w[where[key]] if key in where else ZERO

        rows, cols = self.d.matrix_shape
        return MatrixView((cols, rows) if transpose else (rows, cols), cell)

    def matrix(self) -> None:
        d, spec = self.d, self.spec
        rows, cols = d.matrix_shape
        small = f"${dims(self.shape_of(spec.row_size, spec.row_channels))}$"
        big = f"${dims(self.shape_of(spec.col_size, spec.col_channels))}$"
        self.para(
            T(
                "matrix_intro_t" if spec.transposed else "matrix_intro_f",
                shape=f"${rows} \\times {cols}$",
                small=small,
                big=big,
                nnz=str(d.structure.nnz),
            ),
            T("matrix_zeros"),
        )
        if spec.truncated_rows:
            self.para(
                T(
                    "matrix_truncated",
                    positions=f"${dims(spec.forward_output_size)}$",
                    kept=f"${dims(spec.row_size)}$",
                )
            )
        self.math(f"C = {self.p.doprint(self.matrix_view())}", tag="matrix")
        if self.options.pictures:
            pic = sparsity_picture(d)
            if pic.note is None:
                caption = T("fig_sparsity")
            else:
                r, rr, c, cc = pic.note
                caption = T(
                    "fig_sparsity_window",
                    rows=str(r),
                    all_rows=str(rr),
                    cols=str(c),
                    all_cols=str(cc),
                )
            self.add(Figure("sparsity", pic, caption))
        if spec.transposed:
            self.para(T("matrix_transpose", shape=f"${cols} \\times {rows}$"))
            self.math(rf"C^{{\mathsf T}} = {self.p.doprint(self.matrix_view(transpose=True))}")

    def flatten(self) -> None:
        d, spec = self.d, self.spec
        from ..tensors import entry_name, input_names_axes

        axes = input_names_axes(spec)
        samples = spec.batch or 1
        per = d.x.size // samples
        names = np.array(
            [
                sympy.Symbol(entry_name("x", i[len(i) - axes :]))
                for i in np.ndindex(*spec.input_shape)
            ],
            dtype=object,
        ).reshape(samples, per)
        values = d.x.reshape(samples, per)
        numeric = any(not is_name(v) for v in values.reshape(-1))
        if spec.batch is None:
            self.para(T("flatten", count=str(per)))
            groups = [[f"{self.p.matrix(names[0])}^{{\\mathsf T}}"]]
            if numeric:
                groups.append([f"{self.p.matrix(values[0])}^{{\\mathsf T}}"])
            lines = self.chain(r"\operatorname{vec}(x)", groups)
            self.math(*(lines if len(lines) > 1 else [lines[0].replace(" &= ", " = ", 1)]))
        else:
            self.para(T("flatten_batch", count=str(per), samples=str(samples)))
            self.math(rf"X^{{\mathsf T}} = {self.p.matrix(names)}")
            if numeric:
                self.math(rf"X^{{\mathsf T}} = {self.p.matrix(values)}")

    def whole_product(self) -> None:
        """The whole product as matrices, ``C^T vec(x) = [C^T][x] = [y]``, when it fits a line."""
        d, spec = self.d, self.spec
        if spec.batch is not None:
            return
        column = np.array(d.x.reshape(-1).tolist(), dtype=object).reshape(-1, 1)
        result = np.array(d.product[0], dtype=object).reshape(-1, 1)
        name = r"C^{\mathsf T}" if spec.transposed else "C"
        line = (
            rf"{name} \operatorname{{vec}}(x) = {self.p.doprint(self.matrix_view(spec.transposed))}"
            rf" {self.p.matrix(column)} = {self.p.matrix(result)}"
        )
        if math_width(line) > BUDGET:
            return
        self.para(T("product_whole", op=f"${name} \\operatorname{{vec}}(x)$"))
        self.math(line, tag="product")

    def entries(self) -> None:
        from .text import entry_indices

        d, spec = self.d, self.spec
        self.whole_product()
        intro = [T("entries_intro_t" if spec.transposed else "entries_intro_f")]
        if d.b is not None:
            intro.append(T("entries_bias"))
        self.para(*intro)
        total = int(np.prod(d.output_shape))
        limit = self.options.max_entries
        # elide only when that hides a good part of the list
        indices = entry_indices(d.output_shape, limit if total > limit * 3 // 2 else total)
        note = self.entries_note(sum(1 for i in indices if i is not None), total)
        if note is not None:
            self.para(note)
        lines: list[str] = []
        for index in indices:
            if index is None:
                lines.append(r"&\;\;\vdots")
                continue
            lines.extend(self.entry_lines(index))
        self.math(*lines)
        out = np.array(d.output.tolist(), dtype=object).reshape(d.output_shape)
        shape = f"${dims(d.output_shape)}$"
        if self.fits(out):
            self.para(T("entries_output", shape=shape))
            self.pieces(self.tensor("y", out), tag="output")
        else:
            names = np.array(
                [sympy.Symbol(d.output_name(i)) for i in np.ndindex(*d.output_shape)], dtype=object
            ).reshape(d.output_shape)
            self.para(T("entries_output_named", shape=shape))
            self.pieces(self.tensor("y", names))

    def entry_lines(self, index: tuple[int, ...]) -> list[str]:
        d, spec = self.d, self.spec
        terms = d.terms(index)
        names = [
            rf"{self.value(sympy.Symbol(t.input_name))}\, {self.value(sympy.Symbol(t.weight_name))}"
            for t in terms
        ]
        symbolic = all(
            str(t.input_value) == t.input_name and str(t.weight_value) == t.weight_name
            for t in terms
        )
        values = [
            rf"{self.p.factor(t.input_value)} \cdot {self.p.factor(t.weight_value)}" for t in terms
        ]
        if d.b is not None:
            channel = index[-spec.rank - 1] if not d.compact else 0
            names.append(f"b_{{{channel}}}")
            values.append(self.p.factor(d.b[channel]))
            symbolic = symbolic and str(d.b[channel]) == f"b_{{{channel}}}"
        lhs = self.value(sympy.Symbol(d.output_name(index)))
        if not names:
            return self.chain(lhs, [["0"]])
        groups = [names]
        if not symbolic:
            groups.append(values)
            result = self.value(d.output[index])
            if values != [result]:
                groups.append([result])
        return self.chain(lhs, groups)

    def summary(self) -> None:
        d, spec = self.d, self.spec
        f = d.size_formula
        items = [
            T(
                "summary_op_t" if spec.transposed else "summary_op_f",
                shape=f"${d.matrix_shape[0]} \\times {d.matrix_shape[1]}$",
            ),
            T(
                "summary_size",
                formula=f"${_tidy(f.simplified_latex())}$",
                shape=f"${dims(d.output_shape)}$",
            ),
        ]
        if spec.transposed:
            items.append(T("summary_views"))
            items.append(T("summary_transpose"))
        else:
            items.append(T("summary_forward_transpose"))
        self.add(Items(tuple(items)))
        args = derive_args(d)
        if args is not None and len(" ".join(args)) <= MAX_COMMAND:
            self.para(T("summary_reproduce"))
            self.add(Listing(wrap_command(args)))


_OP = re.compile(r"(?<![A-Za-z\\])op(?![A-Za-z])")


def _tidy(formula: str) -> str:
    """Upright multi-letter names in a size formula: ``op``, ``p_{lo}``, ``p_{hi}``."""
    formula = _OP.sub(r"\\mathit{op}", formula)
    return formula.replace("p_{lo}", r"p_{\mathrm{lo}}").replace("p_{hi}", r"p_{\mathrm{hi}}")


def forward_size_check(spec: Any, dim: int) -> str:
    """The forward convolution's size formula applied to the transposed output (LaTeX)."""
    o, k, s = spec.col_size[dim], spec.kernel_size[dim], spec.stride[dim]
    (lo, hi), dd = spec.padding[dim], spec.dilation[dim]
    value = conv_output_length(o, k, s, lo, hi, dd)
    num = f"{o} + {lo} + {hi} - {dd} \\cdot ({k} - 1) - 1"
    return rf"\left\lfloor \frac{{{num}}}{{{s}}} \right\rfloor + 1 = {value}"


def build_document(d: Derivation, options: DocumentOptions | None = None) -> Document:
    """The document of a derivation (transposed or forward).

    Args:
        d: the derivation.
        options: elision and picture settings (language and format do not
            change the blocks).
    """
    return Builder(d, options or DocumentOptions()).build()
