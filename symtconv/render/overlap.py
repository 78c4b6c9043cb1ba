"""Text, plain data, LaTeX and Markdown of an overlap
(:class:`~symtconv.engine.overlap.Overlap`: ``symtconv overlap``).

The documents are the blocks of :mod:`symtconv.render.document.overlap`, written by
the LaTeX and Markdown writers; :func:`render_overlap` also returns a Markdown
document's SVG picture.

Examples:
    >>> from symtconv.engine.overlap import overlap
    >>> o = overlap(kernel=[1, 1, 1], input_shape=(4,), stride=2)
    >>> print(str(o).splitlines()[-3])
    Constant input: NOT a constant interior: the phase sums differ
    >>> o.as_dict()["counts"], o.as_dict()["constant_input"]["sums"]
    ([1, 1, 2, 1, 2, 1, 2, 1, 1], [2, 1])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..core.operands import json_value
from ..errors import SpecError
from ..results import writer
from .document import DocumentOptions
from .document.overlap import integers, overlap_document
from .latex import document_latex, latex_document
from .markdown import Rendered, document_markdown
from .printer import DocLatexPrinter, check_elision
from .text import EDGEITEMS, THRESHOLD, format_tensor

if TYPE_CHECKING:
    from ..engine.overlap import ConstantInput, DimPhases, Overlap

__all__ = ["OVERLAP_FORMATS", "overlap_dict", "overlap_math", "overlap_text", "render_overlap"]

#: The formats of an overlap.
OVERLAP_FORMATS = ("text", "json", "latex", "markdown")

_KIND = {
    "uniform": "uniform: every phase gets as many products, the interior is even",
    "uneven": "uneven: the phases get different numbers of products (checkerboard artifacts)",
    "holes": "holes: some phases get no product, their positions are never written",
}


def _taps(taps: tuple[int, ...]) -> str:
    if not taps:
        return "no tap"
    return ("tap " if len(taps) == 1 else "taps ") + ", ".join(map(str, taps))


def _dim_line(n: int, dim: DimPhases) -> str:
    phases = "; ".join(f"phase {r}: {_taps(taps)} ({len(taps)})" for r, taps in enumerate(dim.taps))
    return (
        f"  dimension {n} (k={dim.kernel}, s={dim.stride}, d={dim.dilation}): {phases}: {dim.kind}"
    )


def _compact(o: Overlap) -> bool:
    """One channel in and out: phase sums are shown without a channel axis."""
    return o.spec.in_channels == 1 and o.spec.out_channels == 1


def _sums(o: Overlap, c: ConstantInput) -> np.ndarray:
    return c.sums[0] if _compact(o) else c.sums


def _band_text(o: Overlap) -> str:
    if any(len(r) == 0 for r in o.interior):
        return "  no interior: every position lies in a border band"
    spans = " x ".join(f"{r.start}..{r.stop - 1}" for r in o.interior)
    bands = " x ".join(f"({lo}, {hi})" for lo, hi in o.bands)
    return f"  interior: positions {spans}; border bands (low, high): {bands}"


def _constant_lines(o: Overlap, c: ConstantInput, threshold: int, edgeitems: int) -> list[str]:
    sums = _sums(o, c)
    if c.constant is True:
        if c.symbolic:
            head = "a constant interior for every kernel (the phase sums are the same)"
        else:
            head = "a constant interior: every phase sum is equal"
    elif c.constant is False:
        head = "NOT a constant interior: the phase sums differ"
    else:
        head = "a constant interior exactly when"
    lines = [f"Constant input: {head}"]
    lines += [f"    {line}" for line in c.equation_text()] if c.constant is None else []
    if c.comparison != "exact":
        lines[0] += f" (floats compared to {c.comparison})"
    if c.symbolic:
        for index, value in np.ndenumerate(sums):
            lines.append(f"  phase sum {list(index)}: {value}")
    else:
        lines.append(
            "  phase sums (per output channel, per phase):" if not _compact(o) else "  phase sums:"
        )
        lines.append(format_tensor(sums, threshold, edgeitems, "    "))
    return lines


@writer("Overlap", "text")
def overlap_text(o: Overlap, threshold: int = THRESHOLD, edgeitems: int = EDGEITEMS) -> str:
    """The count map (elided beyond ``threshold`` rows or columns), the phases, the
    classification, the constant input."""
    check_elision(threshold, edgeitems)
    lines = [
        f"Overlap: {o.spec.describe()}",
        "",
        f"Products per output position (per output channel, over {o.per_channel} input channel(s))",
        format_tensor(o.counts, threshold, edgeitems),
        _band_text(o),
        "",
        "Stride phases (position j is in phase r = (j + p_lo) mod s: the taps t with "
        "t*d = r mod s reach it)",
        *(_dim_line(n, dim) for n, dim in enumerate(o.dims)),
        "  products per position of each phase in the interior:",
        format_tensor(o.phase_table, threshold, edgeitems, "    "),
        "",
        f"Classification: {_KIND[o.kind]}",
    ]
    if o.constant_input is not None:
        lines += ["", *_constant_lines(o, o.constant_input, threshold, edgeitems)]
    return "\n".join(lines)


def _nested(arr: np.ndarray) -> Any:
    return np.vectorize(json_value, otypes=[object])(arr).tolist()


@writer("Overlap", "data")
def overlap_dict(o: Overlap) -> dict[str, Any]:
    """Plain data: counts (nested, the output's spatial shape), phases, classification."""
    data: dict[str, Any] = {
        "spec": o.spec.as_dict(),
        "counts": o.counts.tolist(),
        "per_channel": o.per_channel,
        "phases": [
            {
                "dimension": n,
                "kernel": dim.kernel,
                "stride": dim.stride,
                "dilation": dim.dilation,
                "taps": [list(t) for t in dim.taps],
                "counts": list(dim.counts),
                "kind": dim.kind,
            }
            for n, dim in enumerate(o.dims)
        ],
        "phase_table": o.phase_table.tolist(),
        "kind": o.kind,
        "uniform": o.uniform,
        "holes": o.holes,
        "bands": [list(b) for b in o.bands],
        "interior": [[r.start, r.stop] for r in o.interior],
    }
    c = o.constant_input
    if c is not None:
        data["constant_input"] = {
            "constant": c.constant,
            "sums": _nested(_sums(o, c)),
            "symbolic": c.symbolic,
            "comparison": c.comparison,
            "equations": c.equation_text(),
        }
    return data


@writer("Overlap", "math")
def overlap_math(o: Overlap, printer: Any = None) -> str:
    """``sympy.latex(overlap)``: the count map as a matrix (``n = ...``)."""
    p = printer if isinstance(printer, DocLatexPrinter) else DocLatexPrinter()
    return r",\quad ".join(p.tensor("n", integers(o.counts)))


def _options(fmt: str, options: dict[str, Any]) -> DocumentOptions:
    valid = {"lang", "standalone", "threshold", "edgeitems", "pictures", "picture_base"}
    unknown = sorted(set(options) - valid)
    if unknown:
        raise SpecError(f"options: got {unknown[0]!r}; valid options: {', '.join(sorted(valid))}")
    if options.get("standalone") and fmt != "latex":
        raise SpecError(f"standalone: applies to the latex format only, not {fmt}")
    return DocumentOptions(**options)


def render_overlap(o: Overlap, fmt: str, **options: Any) -> Rendered:
    """An overlap in a format of :data:`OVERLAP_FORMATS` (a Markdown one with its SVG file).

    Args:
        o: the overlap.
        fmt: ``"text"``, ``"json"``, ``"latex"`` or ``"markdown"``.
        **options: for the documents, ``lang``, ``standalone`` (LaTeX), ``threshold``,
            ``edgeitems``, ``pictures``, ``picture_base`` (Markdown: the SVG file is
            ``<picture_base>-counts.svg``; None leaves the picture out).

    Raises:
        SpecError: an unknown format or option.
    """
    if fmt not in OVERLAP_FORMATS:
        raise SpecError(f"format: got {fmt!r}; valid formats: {', '.join(OVERLAP_FORMATS)}")
    if fmt == "text":
        extra = sorted(set(options) - {"threshold", "edgeitems"})
        if extra:
            raise SpecError(
                f"options: got {extra[0]!r}; the text format takes threshold and edgeitems"
            )
        return Rendered(overlap_text(o, **options))
    if fmt == "json":
        if options:
            raise SpecError(f"options: the json format takes none, got {sorted(options)[0]!r}")
        return Rendered(o.to_json())
    opts = _options(fmt, options)
    doc = overlap_document(o, opts)
    if fmt == "latex":
        body = document_latex(doc, opts.lang)
        return Rendered(latex_document(body, opts.lang, opts.standalone, "overlap"))
    return document_markdown(doc, opts.lang, opts.picture_base if opts.pictures else None)


@writer("Overlap", "latex")
def overlap_latex(o: Overlap, **options: Any) -> str:
    """``Overlap.to_latex``: the LaTeX document (a fragment, or ``standalone=True``)."""
    return render_overlap(o, "latex", **options).text


@writer("Overlap", "markdown")
def overlap_markdown(o: Overlap, **options: Any) -> str:
    """``Overlap.to_markdown``: the Markdown document (its picture: :func:`render_overlap`)."""
    return render_overlap(o, "markdown", **options).text
