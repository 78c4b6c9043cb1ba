"""Text, plain data and LaTeX of size formulas and shape reports
(:class:`~symtconv.core.shapes.SizeFormula`, :class:`~symtconv.core.shapes.ShapeReport`).

Examples:
    >>> from symtconv.core.shapes import shape_report, size_formula
    >>> from symtconv.core.spec import ConvSpec
    >>> spec = ConvSpec.create(5, 3, stride=2, padding=1, transposed=False)
    >>> print(size_formula(spec))
    o = floor((i + 2*p - d*(k - 1) - 1) / s) + 1
    o = floor((i + 2*p - k) / s) + 1
    o = floor((5 + 2*1 - 3) / 2) + 1 = 3
    >>> shape_report(spec).as_dict()["preimages"]
    [[{'input_size': 5, 'output_padding': 0}, {'input_size': 6, 'output_padding': 1}]]
    >>> import sympy
    >>> sympy.latex(size_formula(ConvSpec.create(2, 2)))
    'o = (i - 1)\\\\,s - 2\\\\,p + d\\\\,(k - 1) + op + 1, \\\\quad o = (2 - 1) \\\\cdot 1 + 2 = 3'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..results import writer

if TYPE_CHECKING:
    from ..core.shapes import ShapeReport, SizeFormula

__all__ = [
    "formula_dict",
    "formula_math",
    "formula_text",
    "shape_dict",
    "shape_text",
    "size_lines",
]


@writer("SizeFormula", "text")
def formula_text(f: SizeFormula) -> str:
    """The general formula, the simplified one (if shorter), each distinct dimension's numbers."""
    lines = [f.general_text()]
    simplified = f.simplified_text()
    if simplified != lines[0]:
        lines.append(simplified)
    lines.extend(f.substituted_text(dim) for dim in f.distinct_dims())
    return "\n".join(lines)


def size_lines(f: SizeFormula) -> list[str]:
    """The heading "Output size (per spatial dimension)" and the formula's lines, indented."""
    return [
        "Output size (per spatial dimension)",
        *("  " + line for line in formula_text(f).splitlines()),
    ]


@writer("SizeFormula", "data")
def formula_dict(f: SizeFormula) -> dict[str, Any]:
    """Plain data for JSON: the formula's texts, the values, the SymPy expression."""
    return {
        "general": f.general_text(),
        "simplified": f.simplified_text(),
        "substituted": [f.substituted_text(dim) for dim in range(f.spec.rank)],
        "values": list(f.values),
        "sympy": str(f.expr),
    }


@writer("SizeFormula", "math")
def formula_math(f: SizeFormula, printer: Any = None) -> str:
    """``sympy.latex(formula)``: the general formula, then each distinct dimension's numbers."""
    return ", \\quad ".join(
        [f.general_latex(), *(f.substituted_latex(dim) for dim in f.distinct_dims())]
    )


@writer("ShapeReport", "data")
def shape_dict(report: ShapeReport) -> dict[str, Any]:
    """Plain data for JSON."""
    return {
        "spec": report.spec.as_dict(),
        "size_formula": formula_dict(report.formula),
        "output_size": list(report.formula.values),
        "preimages": [
            [{"input_size": p.input_size, "output_padding": p.output_padding} for p in dim]
            for dim in report.preimages
        ],
        "pytorch_extra_output_paddings": [list(v) for v in report.extra_output_paddings],
    }


@writer("ShapeReport", "text")
def shape_text(report: ShapeReport) -> str:
    """The spec, its size formula and output size, then the preimages of each distinct dimension."""
    spec = report.spec
    lines = [spec.describe(), "", *size_lines(report.formula)]
    lines.append("  output size: " + "x".join(map(str, report.formula.values)))
    lines.append("")
    for dim in report.formula.distinct_dims():
        lines.extend(_preimage_lines(report, dim))
    return "\n".join(lines)


def _preimage_lines(report: ShapeReport, dim: int) -> list[str]:
    """The sizes one dimension's forward map sends to the same size, and their output_padding."""
    spec = report.spec
    where = "" if spec.rank == 1 else f" (dimension {dim})"
    pre = report.preimages[dim]
    sizes = ", ".join(str(p.input_size) for p in pre)
    if spec.transposed:
        lines = [
            f"The forward convolution maps size{'s' if len(pre) > 1 else ''} {sizes} "
            f"to {spec.input_size[dim]}{where}; output_padding selects one:"
        ]
    else:
        o = report.formula.values[dim]
        lines = [
            f"Input sizes with output size {o}{where}: {sizes}; a transposed convolution "
            f"of size {o} gives each back with:"
        ]
    lines.extend(f"  output_padding={p.output_padding} -> size {p.input_size}" for p in pre)
    extra = report.extra_output_paddings[dim]
    if extra:
        lines.append(
            f"  PyTorch also accepts output_padding {', '.join(map(str, extra))} "
            "(op >= stride, allowed since op < dilation); those sizes do not map back: "
            "their forward convolution has more output positions."
        )
    return lines
