"""Plain-text and plain-data rendering of derivations.

Big tensors and matrices are summarised the way NumPy summarises arrays:
beyond ``threshold`` rows (or columns) only the first and last ``edgeitems``
are shown, with ``...`` between.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ..core.operands import entry_name, input_names_axes, json_value, weight_names_axes
from ..results import writer
from .shapes_text import formula_dict, size_lines

if TYPE_CHECKING:
    from ..engine.derivation import Derivation, Term

__all__ = [
    "EDGEITEMS",
    "THRESHOLD",
    "derivation_dict",
    "derivation_text",
    "entry_indices",
    "format_grid",
    "format_tensor",
    "format_value",
    "matrix_cell",
]

#: Show at most this many rows/columns/entries before summarising.
THRESHOLD = 12
#: How many leading and trailing items a summary keeps.
EDGEITEMS = 3


def format_value(value: Any) -> str:
    """A SymPy value as text (``None`` -> ``?``)."""
    if value is None:
        return "?"
    return str(value)


def _factor(value: Any) -> str:
    """A value as a factor of a product: negative numbers and sums in parentheses."""
    text = format_value(value)
    if isinstance(value, sympy.Basic) and (value.is_Add or (value.is_number and value < 0)):
        return f"({text})"
    if text.startswith("-"):
        return f"({text})"
    return text


def _keep(n: int, threshold: int, edgeitems: int) -> list[int | None]:
    """Indices to show along an axis of length n; None marks the elision."""
    if n <= threshold:
        return list(range(n))
    return [*range(edgeitems), None, *range(n - edgeitems, n)]


def format_grid(
    shape: tuple[int, int],
    cell: Callable[[int, int], str],
    threshold: int = THRESHOLD,
    edgeitems: int = EDGEITEMS,
    indent: str = "  ",
) -> str:
    """A 2-D grid, right-aligned in columns, rows in brackets, elided if big.

    Only the cells shown are asked for, so a huge sparse matrix costs nothing.
    """
    rows = _keep(shape[0], threshold, edgeitems)
    cols = _keep(shape[1], threshold, edgeitems)
    shown = [["..." if r is None or c is None else cell(r, c) for c in cols] for r in rows]
    widths = [max(len(row[j]) for row in shown) for j in range(len(cols))]
    return "\n".join(
        f"{indent}[ " + "  ".join(c.rjust(w) for c, w in zip(row, widths)) + " ]" for row in shown
    )


def _array_grid(arr: np.ndarray, threshold: int, edgeitems: int, indent: str) -> str:
    grid = arr[None, :] if arr.ndim == 1 else arr
    return format_grid(
        grid.shape, lambda r, c: format_value(grid[r, c]), threshold, edgeitems, indent
    )


def format_tensor(
    arr: np.ndarray, threshold: int = THRESHOLD, edgeitems: int = EDGEITEMS, indent: str = "  "
) -> str:
    """A tensor as text: 1-D as one row, 2-D as a grid, higher as labelled 2-D slices."""
    if arr.ndim <= 2:
        return _array_grid(arr, threshold, edgeitems, indent)
    parts = []
    for index in _lead_indices(arr.shape[:-2], threshold, edgeitems):
        if index is None:
            parts.append(f"{indent}...")
            continue
        label = ", ".join(str(i) for i in index)
        parts.append(f"{indent}[{label}, :, :]")
        parts.append(_array_grid(arr[index], threshold, edgeitems, indent + "  "))
    return "\n".join(parts)


def _lead_indices(
    lead: tuple[int, ...], threshold: int, edgeitems: int
) -> list[tuple[int, ...] | None]:
    all_indices: list[tuple[int, ...] | None] = list(np.ndindex(*lead))
    if len(all_indices) <= threshold:
        return all_indices
    return [*all_indices[:edgeitems], None, *all_indices[-edgeitems:]]


def entry_indices(shape: tuple[int, ...], limit: int) -> list[tuple[int, ...] | None]:
    """Output indices to list entry by entry: all, or the first and last ``limit//2``."""
    total = int(np.prod(shape))
    if total <= limit:
        return list(np.ndindex(*shape))
    half = max(1, limit // 2)
    head = [tuple(int(v) for v in np.unravel_index(n, shape)) for n in range(half)]
    tail = [tuple(int(v) for v in np.unravel_index(n, shape)) for n in range(total - half, total)]
    return [*head, None, *tail]


def _dims(shape: Sequence[int]) -> str:
    return "x".join(str(n) for n in shape)


def _term_names(terms: list[Term]) -> str:
    return " + ".join(f"{t.input_name}*{t.weight_name}" for t in terms) or "0"


def _term_values(terms: list[Term]) -> str:
    return " + ".join(f"{_factor(t.input_value)}*{_factor(t.weight_value)}" for t in terms) or "0"


def matrix_cell(d: Derivation) -> Callable[[int, int], str]:
    """A lookup ``(row, col) -> text`` for C, every structural zero shown as ``0``."""
    st = d.structure
    flat_w = d.w.reshape(-1)
    where = dict(zip(zip(st.rows.tolist(), st.cols.tolist()), st.taps.tolist()))
    return lambda r, c: format_value(flat_w[where[(r, c)]]) if (r, c) in where else "0"


def matrix_description(d: Derivation) -> str:
    """What C is, in one or two sentences."""
    spec = d.spec
    rows, cols = d.matrix_shape
    lead_in = () if d.compact else (spec.col_channels,)
    lead_out = () if d.compact else (spec.row_channels,)
    text = (
        f"C is the {rows}x{cols} matrix of the convolution that maps a "
        f"{_dims((*lead_in, *spec.col_size))} input to a {_dims((*lead_out, *spec.row_size))} "
        f"output with this kernel, stride, padding and dilation "
        f"({d.structure.nnz} structural nonzeros)."
    )
    if spec.transposed:
        text += " The transposed convolution is y = C^T x."
        if spec.truncated_rows:
            text += (
                f" Here output_padding >= stride: that convolution has "
                f"{_dims(spec.forward_output_size)} output positions, more than the "
                f"{_dims(spec.row_size)} entries of x; C keeps the first "
                f"{_dims(spec.row_size)} of them (the others would meet entries x does not have)."
            )
    else:
        text += " The convolution is y = C x."
    return text


@writer("Derivation", "text")
def derivation_text(
    d: Derivation, threshold: int = THRESHOLD, edgeitems: int = EDGEITEMS, max_entries: int = 40
) -> str:
    """The derivation as plain text, step by step."""
    spec = d.spec
    op = "C^T x" if spec.transposed else "C x"
    kind = "Transposed convolution" if spec.transposed else "Convolution"
    out: list[str] = [f"{kind} as y = {op}", f"  {spec.describe()}", ""]

    out.extend(size_lines(d.size_formula))
    out.append(f"  output shape: {_dims(d.output_shape)}")
    out.append("")

    out.append(f"Input x ({_dims(d.input_shape)})")
    out.append(format_tensor(d.x.reshape(d.input_shape), threshold, edgeitems))
    out.append(f"Kernel w ({_dims(d.kernel_shape)})")
    out.append(format_tensor(d.w.reshape(d.kernel_shape), threshold, edgeitems))
    if d.b is not None:
        out.append(f"Bias b ({d.b.size})")
        out.append(format_tensor(d.b, threshold, edgeitems))
    out.append("")

    rows, cols = d.matrix_shape
    out.append(f"C ({rows}x{cols})")
    out.append("  " + matrix_description(d))
    out.append(format_grid(d.matrix_shape, matrix_cell(d), threshold, edgeitems))
    out.append("")

    names = _flat_names(d)
    values = d.x.reshape(-1)
    flat_x = [
        n if str(v) == n else f"{n}={format_value(v)}" for n, v in zip(names, values.tolist())
    ]
    out.append(f"x flattened ({len(flat_x)} entries, last axis fastest)")
    out.append(format_grid((1, len(flat_x)), lambda r, c: flat_x[c], threshold, edgeitems))
    out.append("")

    out.append(f"y = {op}, entry by entry" + (" (plus the bias b_{c})" if d.b is not None else ""))
    numeric = _has_values(d)
    for index in entry_indices(d.output_shape, max_entries):
        if index is None:
            out.append("  ...")
            continue
        terms = d.terms(index)
        channel = index[-spec.rank - 1] if len(index) > spec.rank else 0  # compact: one channel
        parts = [_term_names(terms) + (f" + b_{{{channel}}}" if d.b is not None else "")]
        if numeric:
            bias = f" + {_factor(d.b[channel])}" if d.b is not None else ""
            parts.append(_term_values(terms) + bias)
        value = format_value(d.output[index])
        if numeric and value != parts[-1]:
            parts.append(value)
        line = f"  {d.output_name(index)} = " + " = ".join(parts)
        out.append(line)
    out.append("")
    out.append(f"Output y ({_dims(d.output_shape)})")
    out.append(
        format_tensor(
            np.array(d.output.tolist(), dtype=object).reshape(d.output_shape), threshold, edgeitems
        )
    )
    return "\n".join(out)


def _has_values(d: Derivation) -> bool:
    """True unless every input and weight entry is the symbol named by its position."""
    if any(str(v) != n for v, n in zip(d.x.reshape(-1).tolist(), _flat_names(d))):
        return True
    axes = weight_names_axes(d.spec)
    return any(
        str(d.w[index]) != entry_name("w", index[len(index) - axes :])
        for index in np.ndindex(*d.w.shape)
    )


def _flat_names(d: Derivation) -> list[str]:
    axes = input_names_axes(d.spec)
    return [
        entry_name("x", index[len(index) - axes :]) for index in np.ndindex(*d.spec.input_shape)
    ]


def _nested(arr: np.ndarray) -> Any:
    return np.vectorize(json_value, otypes=[object])(arr).tolist() if arr.size else []


@writer("Derivation", "data")
def derivation_dict(d: Derivation, max_entries: int | None = None) -> dict[str, Any]:
    """The derivation as plain data (for JSON)."""
    spec = d.spec
    st = d.structure
    weights = [json_value(v) for v in d.w.reshape(-1)]  # each value printed once
    values = np.array([json_value(v) for v in d.output_full.reshape(-1)], dtype=object).reshape(
        d.output_shape
    )
    entries = [
        {
            "index": list(index),
            "name": d.output_name(index),
            "terms": [[t.input_name, t.weight_name] for t in d.terms(index)],
            "value": values[index],
        }
        for index in np.ndindex(*d.output_shape)
    ]
    return {
        "kind": "transposed" if spec.transposed else "forward",
        "operation": "C^T x" if spec.transposed else "C x",
        "spec": spec.as_dict(),
        "size_formula": formula_dict(d.size_formula),
        "input_shape": list(d.input_shape),
        "kernel_shape": list(d.kernel_shape),
        "output_shape": list(d.output_shape),
        "matrix_shape": list(d.matrix_shape),
        "matrix_nonzeros": st.nnz,
        "matrix_description": matrix_description(d),
        "matrix_entries": [
            [r, c, weights[t]]
            for r, c, t in zip(st.rows.tolist(), st.cols.tolist(), st.taps.tolist())
        ],
        "input": _nested(d.x.reshape(d.input_shape)),
        "kernel": _nested(d.w.reshape(d.kernel_shape)),
        "bias": None if d.b is None else _nested(d.b),
        "output": values.tolist(),
        "entries": entries,
    }
