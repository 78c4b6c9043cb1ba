"""Size formulas: general (SymPy, integer symbols), substituted, evaluated.

The formulas, per spatial dimension (PyTorch's conventions):

* forward:    ``o = floor((i + p_lo + p_hi - d(k-1) - 1) / s) + 1``
* transposed: ``o = (i-1)s - p_lo - p_hi + d(k-1) + op + 1``

A forward convolution maps ``s`` consecutive input sizes to one output size;
:func:`preimages` lists them with the ``output_padding`` that makes a
transposed convolution give each one back.

Examples:
    >>> from symtconv.core.spec import ConvSpec
    >>> f = size_formula(ConvSpec.create(input_size=(2, 2), kernel_size=(2, 2)))
    >>> print(f.simplified_text())
    o = (i - 1)*s + k
    >>> print(f.substituted_text(0))
    o = (2 - 1)*1 + 2 = 3
    >>> [(p.input_size, p.output_padding) for p in preimages(3, 3, 2, 1, 1, 1)]
    [(5, 0), (6, 1)]
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from ..results import Result
from . import cost
from .spec import ConvSpec, conv_output_length, output_padding_accepted, tconv_output_length

__all__ = [
    "OP",
    "P_HI",
    "P_LO",
    "D",
    "I",
    "K",
    "P",
    "Preimage",
    "S",
    "ShapeReport",
    "SizeFormula",
    "conv_size_expr",
    "listed_sizes",
    "preimage_count",
    "preimages",
    "shape_report",
    "size_formula",
    "tconv_size_expr",
]

I = sympy.Symbol("i", integer=True, positive=True)
K = sympy.Symbol("k", integer=True, positive=True)
S = sympy.Symbol("s", integer=True, positive=True)
P = sympy.Symbol("p", integer=True, nonnegative=True)
P_LO = sympy.Symbol("p_lo", integer=True, nonnegative=True)
P_HI = sympy.Symbol("p_hi", integer=True, nonnegative=True)
D = sympy.Symbol("d", integer=True, positive=True)
OP = sympy.Symbol("op", integer=True, nonnegative=True)


def conv_size_expr(symmetric: bool = True) -> sympy.Expr:
    """Forward output size as a SymPy expression in integer symbols.

    Examples:
        >>> conv_size_expr().subs({I: 5, K: 3, S: 2, P: 1, D: 1})
        3
    """
    pads = 2 * P if symmetric else P_LO + P_HI
    return sympy.floor((I + pads - D * (K - 1) - 1) / S) + 1


def tconv_size_expr(symmetric: bool = True) -> sympy.Expr:
    """Transposed output size as a SymPy expression in integer symbols.

    Examples:
        >>> tconv_size_expr().subs({I: 3, K: 3, S: 2, P: 1, D: 1, OP: 1})
        6
    """
    pads = 2 * P if symmetric else P_LO + P_HI
    return (I - 1) * S - pads + D * (K - 1) + OP + 1


@dataclass(frozen=True)
class _Style:
    """How a formula is written: plain text or LaTeX."""

    mul: str  # between a symbol and a parenthesis, e.g. "*" or "\\,"
    num_mul: str  # between two numbers, e.g. "*" or " \\cdot "
    p_lo: str
    p_hi: str

    def floor_div(self, num: str, den: str) -> str:
        if self.mul == "*":
            return f"floor(({num}) / {den})"
        return f"\\left\\lfloor \\frac{{{num}}}{{{den}}} \\right\\rfloor"


TEXT = _Style(mul="*", num_mul="*", p_lo="p_lo", p_hi="p_hi")
LATEX = _Style(mul="\\,", num_mul=" \\cdot ", p_lo="p_{lo}", p_hi="p_{hi}")

# A term: (sign, symbolic text, numeric text) for one dimension and one style.
_Part = tuple[str, str, str]


@dataclass(frozen=True)
class SizeFormula(Result):
    """The size formula of one spec: general, simplified, substituted, value.

    A result: its text, plain data and LaTeX are written by
    :mod:`symtconv.render.shapes_text`; the formula's lines in text and LaTeX
    are methods here, for every stage that quotes them.

    Attributes:
        spec: the spec the formula belongs to.
        expr: the general formula as a SymPy expression (integer symbols).
        values: the output size per spatial dimension.
    """

    spec: ConvSpec
    expr: sympy.Expr
    values: tuple[int, ...]

    def _parts(self, dim: int, st: _Style, general: bool = False) -> list[_Part]:
        """The additive terms, leaving out those at their default value (unless general)."""
        spec = self.spec
        i, k, s = spec.input_size[dim], spec.kernel_size[dim], spec.stride[dim]
        (lo, hi), d, op = spec.padding[dim], spec.dilation[dim], spec.output_padding[dim]
        m, nm = st.mul, st.num_mul
        has_pad = general or any(a + b for a, b in spec.padding)
        d1 = not general and all(dd == 1 for dd in spec.dilation)
        sym = spec.symmetric_padding
        if spec.transposed:
            parts: list[_Part] = [("+", f"(i - 1){m}s", f"({i} - 1){nm}{s}")]
            if has_pad:
                parts.append(
                    ("-", f"2{m}p", f"2{nm}{lo}")
                    if sym
                    else ("-", f"{st.p_lo} - {st.p_hi}", f"{lo} - {hi}")
                )
            if d1:
                parts.append(("+", "k", f"{k}"))
            else:
                parts.append(("+", f"d{m}(k - 1)", f"{d}{nm}({k} - 1)"))
            if general or any(spec.output_padding):
                parts.append(("+", "op", f"{op}"))
            if not d1:
                parts.append(("+", "1", "1"))
            return parts
        sym_in, num_in = "i", f"{i}"
        if has_pad:
            if sym:
                sym_in, num_in = sym_in + f" + 2{m}p", num_in + f" + 2{nm}{lo}"
            else:
                sym_in += f" + {st.p_lo} + {st.p_hi}"
                num_in += f" + {lo} + {hi}"
        if d1:
            sym_in, num_in = sym_in + " - k", num_in + f" - {k}"
        else:
            sym_in += f" - d{m}(k - 1) - 1"
            num_in += f" - {d}{nm}({k} - 1) - 1"
        if not general and all(ss == 1 for ss in spec.stride):
            return [("+", sym_in, num_in), ("+", "1", "1")]
        return [("+", st.floor_div(sym_in, "s"), st.floor_div(num_in, f"{s}")), ("+", "1", "1")]

    @staticmethod
    def _join(parts: list[_Part], which: int) -> str:
        out = ""
        for n, part in enumerate(parts):
            sign, text = part[0], part[which]
            out = (text if sign == "+" else f"-{text}") if n == 0 else f"{out} {sign} {text}"
        return out

    def general_text(self) -> str:
        """The general formula in plain text."""
        return "o = " + self._join(self._parts(0, TEXT, general=True), 1)

    def simplified_text(self) -> str:
        """The formula with the parameters at their defaults left out."""
        return "o = " + self._join(self._parts(0, TEXT), 1)

    def substituted_text(self, dim: int) -> str:
        """The formula with dimension ``dim``'s numbers put in, and its value."""
        return f"o = {self._join(self._parts(dim, TEXT), 2)} = {self.values[dim]}"

    def general_latex(self) -> str:
        """The general formula in LaTeX."""
        return "o = " + self._join(self._parts(0, LATEX, general=True), 1)

    def simplified_latex(self) -> str:
        """The simplified formula in LaTeX."""
        return "o = " + self._join(self._parts(0, LATEX), 1)

    def substituted_latex(self, dim: int) -> str:
        """Dimension ``dim``'s numbers put in, and the value, in LaTeX."""
        return f"o = {self._join(self._parts(dim, LATEX), 2)} = {self.values[dim]}"

    def distinct_dims(self) -> list[int]:
        """Dimensions whose parameters differ (the first of each group of equal ones)."""
        return _distinct_dims(self.spec)


def _distinct_dims(spec: ConvSpec) -> list[int]:
    """Dimensions whose parameters differ (the first of each group of equal ones)."""
    seen: set[tuple[int, ...]] = set()
    dims = []
    for dim in range(spec.rank):
        key = (
            spec.input_size[dim],
            spec.kernel_size[dim],
            spec.stride[dim],
            *spec.padding[dim],
            spec.dilation[dim],
            spec.output_padding[dim],
        )
        if key not in seen:
            seen.add(key)
            dims.append(dim)
    return dims


def size_formula(spec: ConvSpec) -> SizeFormula:
    """The size formula of ``spec``, with its values per dimension.

    The values are computed from the SymPy expression (independently of the
    spec's own integer arithmetic, which validated the spec).
    """
    symmetric = spec.symmetric_padding
    expr = tconv_size_expr(symmetric) if spec.transposed else conv_size_expr(symmetric)
    values = []
    for dim in range(spec.rank):
        lo, hi = spec.padding[dim]
        subs = {
            I: spec.input_size[dim],
            K: spec.kernel_size[dim],
            S: spec.stride[dim],
            P: lo,
            P_LO: lo,
            P_HI: hi,
            D: spec.dilation[dim],
            OP: spec.output_padding[dim],
        }
        # the symbols are atoms of expr: replaced and evaluated in one rebuild (subs,
        # which also matches subexpressions, costs several times more)
        values.append(int(expr.xreplace({k: sympy.Integer(v) for k, v in subs.items()})))
    return SizeFormula(spec=spec, expr=expr, values=tuple(values))


@dataclass(frozen=True)
class Preimage:
    """One forward input size that gives a forward output size.

    Attributes:
        input_size: the forward convolution's input size.
        output_padding: the ``output_padding`` with which a transposed
            convolution of the forward output size gives ``input_size`` back.
        accepted_by_pytorch: whether PyTorch accepts that ``output_padding``
            (``op < s or op < d``); always true here since ``op < s``.
    """

    input_size: int
    output_padding: int
    accepted_by_pytorch: bool


def preimages(output_size: int, k: int, s: int, p_lo: int, p_hi: int, d: int) -> list[Preimage]:
    """Every forward input size ``n >= 1`` with forward output size ``output_size``.

    These are ``n_min, ..., n_min + s - 1`` with
    ``n_min = (o-1)s - p_lo - p_hi + d(k-1) + 1``; a transposed convolution of
    size ``o`` with ``output_padding = n - n_min`` yields ``n``.

    Examples:
        >>> [p.input_size for p in preimages(2, 2, 1, 0, 0, 1)]
        [3]
    """
    n_min = tconv_output_length(output_size, k, s, p_lo, p_hi, d, 0)
    result = []
    for op in range(s):
        n = n_min + op
        if n >= 1 and conv_output_length(n, k, s, p_lo, p_hi, d) == output_size:
            result.append(Preimage(n, op, output_padding_accepted(op, s, d)))
    return result


@dataclass(frozen=True)
class ShapeReport(Result):
    """Sizes of one spec, and the ambiguity of the forward map they come from.

    For a forward spec, ``preimages[dim]`` lists every input size that the
    convolution maps to the same output size (with the ``output_padding`` that
    recovers each).  For a transposed spec, it lists every forward input size
    mapped to the transposed input size: the choices ``output_padding`` selects.
    ``extra_output_paddings[dim]`` holds the values PyTorch accepts beyond
    those (``s <= op < d``), whose output sizes do not round-trip.  A result:
    its text and plain data are written by :mod:`symtconv.render.shapes_text`.
    """

    spec: ConvSpec
    formula: SizeFormula
    preimages: tuple[tuple[Preimage, ...], ...]
    extra_output_paddings: tuple[tuple[int, ...], ...]


def preimage_count(output_size: int, k: int, s: int, p_lo: int, p_hi: int, d: int) -> int:
    """How many sizes :func:`preimages` lists, in closed form: the ``s`` sizes from
    ``n_min`` on, less those below 1.

    Examples:
        >>> preimage_count(4, 3, 2, 1, 1, 1), preimage_count(1, 3, 5, 2, 2, 1)
        (2, 3)
    """
    n_min = tconv_output_length(output_size, k, s, p_lo, p_hi, d, 0)
    return max(0, s - max(0, 1 - n_min))


def listed_sizes(spec: ConvSpec) -> int:
    """The sizes a shape report of ``spec`` lists: per dimension, the preimages of its
    forward map and (transposed) the extra output paddings ``s <= op < d``."""
    total = 0
    for dim in range(spec.rank):
        k, s, (lo, hi), d = (
            spec.kernel_size[dim],
            spec.stride[dim],
            spec.padding[dim],
            spec.dilation[dim],
        )
        small = spec.input_size[dim] if spec.transposed else spec.output_size[dim]
        total += preimage_count(small, k, s, lo, hi, d) + (max(0, d - s) if spec.transposed else 0)
    return total


def shape_report(spec: ConvSpec, *, max_sizes: int = cost.MAX_SIZES.default) -> ShapeReport:
    """Sizes of ``spec`` with the preimages of the forward map.

    Args:
        spec: the geometry.
        max_sizes: refuse a report that would list more sizes than this (a stride or
            dilation of millions lists millions of sizes).

    Raises:
        TooLargeError: above ``max_sizes`` (counted in closed form first).

    Examples:
        >>> r = shape_report(ConvSpec.create(5, 3, stride=2, padding=1, transposed=False))
        >>> r.formula.values, [p.input_size for p in r.preimages[0]]
        ((3,), [5, 6])
    """
    cost.require(
        listed_sizes(spec), max_sizes, cost.MAX_SIZES, "the shape report", cost.describe(spec)
    )
    formula = size_formula(spec)
    pre = []
    extra = []
    for dim in range(spec.rank):
        k, s, (lo, hi), d = (
            spec.kernel_size[dim],
            spec.stride[dim],
            spec.padding[dim],
            spec.dilation[dim],
        )
        small = spec.input_size[dim] if spec.transposed else formula.values[dim]
        pre.append(tuple(preimages(small, k, s, lo, hi, d)))
        extra.append(tuple(range(s, d)) if spec.transposed else ())
    return ShapeReport(spec, formula, tuple(pre), tuple(extra))
