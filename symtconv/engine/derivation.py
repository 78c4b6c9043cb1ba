"""Derivations: the transposed convolution literally as ``C^T x`` (and the
forward convolution as ``C x``), a sparse matrix-vector product over C.

:func:`derive` reads the operands (values, or shapes for symbolic entries),
multiplies with C (:mod:`symtconv.engine.product`, over C's structure from
:mod:`symtconv.core.matrix`), and returns a :class:`Derivation`: plain data
that renders itself as text, JSON (``as_dict``/``to_json``) and LaTeX.

Examples:
    >>> d = derive()  # the seed example
    >>> d.output.tolist()
    [[1, 2, 0], [3, 3, -2], [0, -3, -4]]
    >>> d.matrix_shape, d.output_shape
    ((4, 9), (3, 3))
    >>> derive(input_shape=(2, 2), kernel_shape=(2, 2)).output[1, 1]
    w_{0,0}*x_{1,1} + w_{0,1}*x_{1,0} + w_{1,0}*x_{0,1} + w_{1,1}*x_{0,0}
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy
from sympy.polys.matrices import DomainMatrix

from ..core import cost
from ..core.gcpause import gc_paused
from ..core.matrix import (
    DEFAULT_MAX_NONZEROS,
    Structure,
    conv_matrix,
    output_groups,
    structure,
)
from ..core.operands import (
    SpecOptions,
    check_options,
    entry_name,
    input_names_axes,
    read_operands,
    weight_names_axes,
    with_seed,
)
from ..core.shapes import SizeFormula, size_formula
from ..core.spec import ConvSpec
from ..errors import SpecError
from ..results import Result, writer_for
from .output_verification import verify_output
from .overlap import Overlap, overlap_of
from .product import Product, assemble, multiply
from .verification import VerifyReport

if TYPE_CHECKING:
    from typing import Unpack

__all__ = ["SHOWN", "Derivation", "Term", "derive"]

#: By default, :meth:`Derivation.verification` compares this many first and last
#: entries of a symbolic output algebraically (and every entry at random integers).
SHOWN = 20


@dataclass(frozen=True)
class Term:
    """One product (an input entry times a weight entry) of an output entry.

    Attributes:
        input_index: index into the full input tensor (spec.input_shape).
        input_name: the input entry's symbol name (``x_{...}``).
        weight_name: the weight entry's symbol name (``w_{...}``).
        input_value: the input entry (a symbol or a number).
        weight_value: the weight entry (a symbol or a number).
    """

    input_index: tuple[int, ...]
    input_name: str
    weight_name: str
    input_value: sympy.Expr
    weight_value: sympy.Expr


@dataclass(frozen=True, eq=False)
class Derivation(Result):
    """The result of :func:`derive`: C, the operands, the product, the output.

    Attributes:
        spec: the validated geometry.
        x: the input, full layout ``spec.input_shape`` (object array of SymPy values).
        w: the weight, ``spec.weight_shape``.
        b: the bias ``(out_channels,)`` or ``None``.
        product: ``C^T x`` (transposed) or ``C x`` (forward) per sample,
            before the bias, flat in C's numbering; shape (samples, entries).
    """

    spec: ConvSpec
    x: np.ndarray
    w: np.ndarray
    b: np.ndarray | None
    product: Product

    # ----- what users ask for -------------------------------------------------

    @property
    def compact(self) -> bool:
        """True when tensors are shown without channel/batch axes (one channel, no batch)."""
        s = self.spec
        return s.batch is None and s.in_channels == 1 and s.out_channels == 1

    @property
    def output_shape(self) -> tuple[int, ...]:
        """Shape of :attr:`output`: spatial only when :attr:`compact`, else full."""
        return self.spec.output_size if self.compact else self.spec.output_shape

    @property
    def input_shape(self) -> tuple[int, ...]:
        """Shape of the input as shown: spatial only when :attr:`compact`."""
        return self.spec.input_size if self.compact else self.spec.input_shape

    @property
    def kernel_shape(self) -> tuple[int, ...]:
        """Shape of the kernel as shown: spatial only when :attr:`compact`."""
        return self.spec.kernel_size if self.compact else self.spec.weight_shape

    @property
    def matrix_shape(self) -> tuple[int, int]:
        """(rows, cols) of C."""
        return self.spec.matrix_shape

    @cached_property
    def output_full(self) -> np.ndarray:
        """The output in full layout ``spec.output_shape`` (bias included)."""
        return assemble(self.spec, self.product, self.b)

    @cached_property
    def output(self) -> sympy.ImmutableDenseNDimArray:
        """The output tensor (a SymPy array, shape :attr:`output_shape`)."""
        out = self.output_full.reshape(self.output_shape)
        return sympy.ImmutableDenseNDimArray(out.reshape(-1).tolist(), self.output_shape)

    @cached_property
    def C_domain(self) -> DomainMatrix:
        """C as a sparse SymPy DomainMatrix (built on first use)."""
        return conv_matrix(self.spec, self.w, max(1, self.structure.nnz))

    @cached_property
    def C(self) -> sympy.ImmutableSparseMatrix:
        """C as a SymPy sparse matrix."""
        rows, cols = self.C_domain.shape
        dok = self.C_domain.to_sympy().to_dok()
        return sympy.ImmutableSparseMatrix(rows, cols, dok)

    @property
    def structure(self) -> Structure:
        """C's structural nonzeros (including taps whose weight value is 0)."""
        return structure(self.spec)

    @cached_property
    def size_formula(self) -> SizeFormula:
        """The output size formula, general and evaluated."""
        return size_formula(self.spec)

    @property
    def symbolic(self) -> bool:
        """True when any input, weight or bias entry is a symbol expression."""
        arrays = [self.x, self.w] + ([self.b] if self.b is not None else [])
        return any(v.free_symbols for a in arrays for v in a.reshape(-1))

    # ----- entry by entry --------------------------------------------------------

    @property
    def _by_output(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Nonzeros grouped by output entry: (order, starts, ends)."""
        order, bounds = output_groups(self.spec)
        return order, bounds[:-1], bounds[1:]

    def terms(self, index: Sequence[int]) -> list[Term]:
        """The products that make up one output entry (bias excluded).

        Args:
            index: index into :attr:`output` (its shape, :attr:`output_shape`).
        """
        spec = self.spec
        full = self._full_index(tuple(int(i) for i in index))
        sample = full[0] if spec.batch is not None else None
        per_sample = full[1:] if spec.batch is not None else full
        flat = int(np.ravel_multi_index(per_sample, (spec.out_channels, *spec.output_size)))
        order, starts, ends = self._by_output
        st = self.structure
        picks = order[starts[flat] : ends[flat]]
        other = st.rows if spec.transposed else st.cols
        in_channels_shape = (spec.in_channels, *spec.input_size)
        out: list[Term] = []
        x_axes, w_axes = input_names_axes(spec), weight_names_axes(spec)
        for pick in picks:
            inner = tuple(int(v) for v in np.unravel_index(int(other[pick]), in_channels_shape))
            x_index = inner if sample is None else (sample, *inner)
            w_index = tuple(int(v) for v in np.unravel_index(int(st.taps[pick]), spec.weight_shape))
            out.append(
                Term(
                    input_index=x_index,
                    input_name=entry_name("x", x_index[len(x_index) - x_axes :]),
                    weight_name=entry_name("w", w_index[len(w_index) - w_axes :]),
                    input_value=self.x[x_index],
                    weight_value=self.w[w_index],
                )
            )
        return out

    def _full_index(self, index: tuple[int, ...]) -> tuple[int, ...]:
        shape = self.output_shape
        if len(index) != len(shape) or not all(0 <= i < n for i, n in zip(index, shape)):
            raise SpecError(
                f"index: got {list(index)}; must be {len(shape)} integer(s) within the output "
                f"shape {list(shape)} (0-based)"
            )
        return ((0,) + index) if self.compact else index

    def output_name(self, index: Sequence[int]) -> str:
        """The name of an output entry, ``y_{...}`` with the indices as shown."""
        return entry_name("y", index)

    # ----- rendering and checking ---------------------------------------------------

    def to_latex(self, **options: Any) -> str:
        """The step-by-step document in LaTeX (``standalone=True``: a complete document).

        Options: see :class:`symtconv.render.document.DocumentOptions`
        (``lang``, ``standalone``, ``threshold``, ``edgeitems``, ...).
        """
        return str(writer_for(self, "latex")(self, **options))

    def to_markdown(self, **options: Any) -> str:
        """The step-by-step document in Markdown.

        For its SVG pictures, use ``symtconv.render.formats.render(d, "markdown",
        picture_base=...)``, which also returns the files.
        """
        return str(writer_for(self, "markdown")(self, **options))

    def to_html(self, **options: Any) -> str:
        """The derivation as one self-contained HTML page: the explorer and the lesson.

        Options: as :meth:`to_latex` (``lang``, ``threshold``, ``edgeitems``, ...).
        """
        return str(writer_for(self, "html")(self, **options))

    def overlap(self) -> Overlap:
        """How the kernel copies overlap on the output (transposed; what pages layer)."""
        return overlap_of(self.spec, self.w)

    def verification(self, shown: Iterable[Sequence[int]] | None = None) -> VerifyReport:
        """Every independent method against this derivation's output (what documents show).

        The product is not computed again.  Symbolic data are compared at
        random integer values of the symbols, every entry exactly, and the
        entries ``shown`` also algebraically with the definition.

        Args:
            shown: indices into :attr:`output` (default: its first and last
                :data:`SHOWN` entries, in flat order).
        """
        if shown is None:
            size = int(np.prod(self.output_shape))
            flat = sorted({*range(min(SHOWN, size)), *range(max(0, size - SHOWN), size)})
            shown = [np.unravel_index(n, self.output_shape) for n in flat]
        full = [self._full_index(tuple(int(i) for i in index)) for index in shown]
        return verify_output(self.spec, self.x, self.w, self.b, self.output_full, shown=full)

    def __repr__(self) -> str:
        kind = "C^T x" if self.spec.transposed else "C x"
        return f"<Derivation {kind}: {self.spec.describe()}; output shape {self.output_shape}>"


def derive(
    input: Any = None,
    kernel: Any = None,
    *,
    max_nonzeros: int = DEFAULT_MAX_NONZEROS,
    max_elements: int = cost.MAX_ELEMENTS.default,
    **options: Unpack[SpecOptions],
) -> Derivation:
    """Derive a transposed convolution as ``C^T x`` (or a convolution as ``C x``).

    With no operands at all, derives the seed tutorial's example (input
    ``[[1, 2], [3, 4]]``, kernel ``[[1, 0], [0, -1]]``).  Give values
    (``input=``, ``kernel=``: nested lists or arrays of numbers, fractions,
    floats or SymPy expressions) or shapes (``input_shape=``,
    ``kernel_shape=``) for symbolic entries ``x_{i,j}``, ``w_{a,b}``.

    Args:
        input: the input tensor: spatial only, ``(C, *size)`` or ``(N, C, *size)``.
        kernel: spatial only, or PyTorch layout (transposed ``(C_in, C_out/g, *k)``,
            forward ``(C_out, C_in/g, *k)``).
        max_nonzeros: refuse a C with more structural nonzeros than this (times the
            samples, with a batch).
        max_elements: refuse more entries than this in the input, kernel, bias and output.
        **options: the spec options (:class:`~symtconv.core.operands.SpecOptions`:
            ``input_shape``, ``kernel_shape``, ``bias``, ``stride``, ``padding``,
            ``output_padding``, ``dilation``, ``groups``, ``in_channels``,
            ``out_channels``, ``forward``).

    Returns:
        The :class:`Derivation`.

    Raises:
        SpecError: invalid or inconsistent parameters or operands.
        TooLargeError: C would have more than ``max_nonzeros`` nonzeros, or the tensors
            more than ``max_elements`` entries (checked before anything is built).
    """
    check_options(dict(options), "max_nonzeros", "max_elements")
    budget = cost.Budget(
        cost.check_limit(max_nonzeros, cost.MAX_NONZEROS),
        cost.check_limit(max_elements, cost.MAX_ELEMENTS),
    )
    input, kernel = with_seed(input, kernel, options)
    with gc_paused():  # many small objects, all kept (see symtconv.core.gcpause)
        spec, x, w, b = read_operands(input, kernel, budget=budget, **options)
        product = multiply(spec, x, w, max_nonzeros)
    return Derivation(spec=spec, x=x, w=w, b=b, product=product)
