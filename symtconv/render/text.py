"""Plain-text and plain-data rendering of derivations.

Big tensors and matrices are summarised the way NumPy summarises arrays:
beyond ``threshold`` rows (or columns) only the first and last ``edgeitems``
are shown, with ``...`` between.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ..core.matrix import output_groups
from ..core.operands import are_named, entry_names, input_names_axes, json_value, weight_names_axes
from ..results import writer
from .shapes_text import formula_dict, size_lines

if TYPE_CHECKING:
    from ..engine.derivation import Derivation, Term

__all__ = [
    "EDGEITEMS",
    "THRESHOLD",
    "derivation_dict",
    "derivation_head",
    "derivation_text",
    "entry_indices",
    "format_grid",
    "format_tensor",
    "format_value",
    "matrix_cell",
    "named_texts",
    "output_texts",
    "term_lists",
    "value_text",
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

    def cell(r: int, c: int) -> str:
        tap = st.tap(r, c)
        return "0" if tap is None else format_value(flat_w[tap])

    return cell


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
    y = d.output_full.reshape(d.output_shape)
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
        value = format_value(y[index])
        if numeric and value != parts[-1]:
            parts.append(value)
        line = f"  {d.output_name(index)} = " + " = ".join(parts)
        out.append(line)
    out.append("")
    out.append(f"Output y ({_dims(d.output_shape)})")
    out.append(format_tensor(y, threshold, edgeitems))
    return "\n".join(out)


def _has_values(d: Derivation) -> bool:
    """True unless every input and weight entry is the symbol named by its position."""
    w_names = entry_names("w", d.w.shape, weight_names_axes(d.spec))
    return not (
        are_named(d.x.reshape(-1).tolist(), _flat_names(d))
        and are_named(d.w.reshape(-1).tolist(), w_names)
    )


_ARGS = operator.attrgetter("_args")  # the slot behind .args, a Python property


def _flat_names(d: Derivation) -> list[str]:
    return entry_names("x", d.spec.input_shape, input_names_axes(d.spec))


def _nested(arr: np.ndarray) -> Any:
    return np.vectorize(json_value, otypes=[object])(arr).tolist() if arr.size else []


def _products(terms: tuple[Any, ...]) -> list[tuple[str, str]] | None:
    """The name pairs of products of two differently named symbols, each pair in name
    order; None unless every term is such a product."""
    pairs = []
    symbol, mul = sympy.Symbol, sympy.Mul
    for term in terms:
        if type(term) is not mul:
            return None
        args = term.args
        if len(args) != 2:
            return None
        a, b = args
        if type(a) is not symbol or type(b) is not symbol:
            return None
        p, q = a.name, b.name
        if p == q:
            return None
        pairs.append((p, q) if p < q else (q, p))
    return pairs


def value_text(value: Any) -> Any:
    """:func:`~symtconv.core.operands.json_value`, without SymPy's printer for the usual
    entry of a derivation: a product of two symbols, or a sum of such products.

    ``str()`` prints the factors of such a product, and the terms of such a
    sum, in the order of the symbols' names (SymPy's ``sort_key`` and its
    lexicographic order of monomials); anything else goes to ``json_value``.

    Examples:
        >>> a, b, c = sympy.symbols("a b c")
        >>> value_text(c * a + b * a), str(c * a + b * a)
        ('a*b + a*c', 'a*b + a*c')
    """
    kind = type(value)
    if kind is sympy.Add:
        pairs = _products(value.args)
        if pairs is not None and len(set(pairs)) == len(pairs):
            return " + ".join([f"{p}*{q}" for p, q in sorted(pairs)])
    elif kind is sympy.Mul:
        pairs = _products((value,))
        if pairs is not None:
            return f"{pairs[0][0]}*{pairs[0][1]}"
    return json_value(value)


def term_lists(d: Derivation) -> list[list[list[str]]]:
    """Per output entry (flat, in :attr:`output`'s order), its terms as (x, w) name pairs.

    The same pairs as :meth:`Derivation.terms` gives entry by entry, all at once.
    """
    spec = d.spec
    st = d.structure
    order, bounds = output_groups(spec)
    inner = (st.rows if spec.transposed else st.cols)[order]
    x_names = np.array(entry_names("x", spec.input_shape, input_names_axes(spec)), dtype=object)
    w_names = np.array(entry_names("w", spec.weight_shape, weight_names_axes(spec)), dtype=object)
    weights = w_names[st.taps[order]].tolist()
    per = x_names.size // (spec.batch or 1)
    ends = bounds.tolist()
    out: list[list[list[str]]] = []
    for sample in range(spec.batch or 1):
        inputs = x_names[inner + sample * per].tolist()
        pairs = [[x, w] for x, w in zip(inputs, weights)]
        out.extend(pairs[a:b] for a, b in itertools.pairwise(ends))
    return out


def named_texts(d: Derivation) -> list[str] | None:
    """The output's entries as :func:`value_text` prints them, from C's structure, when
    every input and weight entry is the symbol of its name and there is no bias (the
    usual symbolic derivation); else None.

    Entry j is then the sum of the products ``w_t x_i`` over the nonzeros of its
    column (row, forward) of C, each product of two different symbols: printed as
    :func:`value_text` prints it, the factors in name order (a weight's name,
    ``w_{...}``, before an input's, ``x_{...}``) and the products in the order of their
    weights' names (an entry meets each weight once).  Each entry's number of
    products is checked against the derived expression's number of terms.

    Examples:
        >>> from symtconv import derive
        >>> d = derive(input_shape=(2, 2), kernel_shape=(2, 2), stride=2)
        >>> named_texts(d)[:2], [str(v) for v in d.output_full.reshape(-1)[:2]]
        (['w_{0,0}*x_{0,0}', 'w_{0,1}*x_{0,0}'], ['w_{0,0}*x_{0,0}', 'w_{0,1}*x_{0,0}'])
    """
    if d.b is not None or _has_values(d):
        return None
    spec = d.spec
    st = d.structure
    order, bounds = output_groups(spec)
    inner = (st.rows if spec.transposed else st.cols)[order]
    taps = st.taps[order]
    w_names = entry_names("w", spec.weight_shape, weight_names_axes(spec))
    x_names = _flat_names(d)
    rank = np.empty(len(w_names), dtype=np.int64)
    rank[sorted(range(len(w_names)), key=w_names.__getitem__)] = np.arange(len(w_names))
    counts = np.diff(bounds)
    group = np.repeat(np.arange(len(counts)), counts)
    by_name = np.lexsort((rank[taps], group))  # within each entry, by the weight's name
    inner, taps = inner[by_name], taps[by_name]
    weights = [w_names[t] for t in taps.tolist()]
    per = len(x_names) // (spec.batch or 1)
    ends = list(itertools.pairwise(bounds.tolist()))
    texts: list[str] = []
    for sample in range(spec.batch or 1):
        xs = x_names[sample * per : (sample + 1) * per]
        products = [f"{w}*{xs[i]}" for i, w in zip(inner.tolist(), weights)]
        texts.extend(" + ".join(products[a:b]) or "0" for a, b in ends)
    terms = list(map(len, map(_ARGS, d.output_full.reshape(-1).tolist())))
    expected = np.tile(np.where(counts == 1, 2, counts), spec.batch or 1)
    if terms != expected.tolist():
        return None  # not sums of such products after all: printed one by one
    return texts


def output_texts(d: Derivation) -> list[Any]:
    """The output's entries (flat, in :attr:`output`'s order) as plain data (:func:`value_text`)."""
    texts = named_texts(d)
    if texts is not None:
        return list(texts)
    return [value_text(v) for v in d.output_full.reshape(-1).tolist()]


def derivation_head(d: Derivation, values: list[Any]) -> dict[str, Any]:
    """:func:`derivation_dict` without its two long lists (``matrix_entries`` and
    ``entries`` hold None, in their places), the output given as ``values``."""
    spec = d.spec
    output = np.empty(len(values), dtype=object)
    output[:] = values
    return {
        "kind": "transposed" if spec.transposed else "forward",
        "operation": "C^T x" if spec.transposed else "C x",
        "spec": spec.as_dict(),
        "size_formula": formula_dict(d.size_formula),
        "input_shape": list(d.input_shape),
        "kernel_shape": list(d.kernel_shape),
        "output_shape": list(d.output_shape),
        "matrix_shape": list(d.matrix_shape),
        "matrix_nonzeros": d.structure.nnz,
        "matrix_description": matrix_description(d),
        "matrix_entries": None,
        "input": _nested(d.x.reshape(d.input_shape)),
        "kernel": _nested(d.w.reshape(d.kernel_shape)),
        "bias": None if d.b is None else _nested(d.b),
        "output": output.reshape(d.output_shape).tolist(),
        "entries": None,
    }


@writer("Derivation", "data")
def derivation_dict(d: Derivation, max_entries: int | None = None) -> dict[str, Any]:
    """The derivation as plain data (for JSON)."""
    st = d.structure
    weights = [json_value(v) for v in d.w.reshape(-1)]  # each value printed once
    values = output_texts(d)
    data = derivation_head(d, values)
    data["matrix_entries"] = [
        [r, c, weights[t]] for r, c, t in zip(st.rows.tolist(), st.cols.tolist(), st.taps.tolist())
    ]
    indices = itertools.product(*map(range, d.output_shape))
    names = entry_names("y", d.output_shape)
    data["entries"] = [
        {"index": list(index), "name": name, "terms": terms, "value": value}
        for index, name, terms, value in zip(indices, names, term_lists(d), values)
    ]
    return data
