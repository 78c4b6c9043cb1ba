"""A derivation's JSON, written directly.

The text is the one :func:`~symtconv.render.jsonfmt.dumps` gives for the
derivation's plain data (:func:`~symtconv.render.text.derivation_dict`; a test
holds the two equal); its two long lists -- C's nonzeros and the output's
entries, most of the text -- are formatted here line by line from the
structure of C, with each name encoded once, instead of being built as lists
and dictionaries and then walked.

Examples:
    >>> from symtconv import derive
    >>> from symtconv.render.jsonfmt import dumps
    >>> d = derive(input_shape=(3, 3), kernel_shape=(2, 2))
    >>> derivation_json(d) == dumps(d.as_dict())
    True
"""

from __future__ import annotations

import itertools
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

from ..core.gcpause import gc_paused
from ..core.matrix import output_groups
from ..core.operands import entry_names, input_names_axes, json_value, weight_names_axes
from ..results import writer
from .jsonfmt import INLINE_WIDTH, dumps, encode
from .text import derivation_dict, derivation_head, output_texts

if TYPE_CHECKING:
    from ..engine.derivation import Derivation

__all__ = ["derivation_json"]

_INDENT = 2


def _list(items: list[str], level: int) -> str:
    """A list of one-line elements: on one line when short enough, else one per line."""
    text = f"[{', '.join(items)}]"
    if len(text) <= INLINE_WIDTH or not items:
        return text
    inner = " " * (_INDENT * (level + 1))
    body = (",\n" + inner).join(items)  # one join: the indent is in the separator
    return f"[\n{inner}{body}\n{' ' * (_INDENT * level)}]"


def _matrix_entries(d: Derivation) -> str:
    st = d.structure
    weights = [encode(json_value(v)) for v in d.w.reshape(-1).tolist()]
    rows, cols = st.rows.tolist(), st.cols.tolist()
    numbers = _numbers(max(d.matrix_shape))  # each index printed once
    items = [
        f"[{numbers[r]}, {numbers[c]}, {weights[t]}]"
        for r, c, t in zip(rows, cols, st.taps.tolist())
    ]
    return _list(items, 1)


def _entries(d: Derivation, values: list[Any]) -> str:
    spec = d.spec
    st = d.structure
    order, bounds = output_groups(spec)
    inner = (st.rows if spec.transposed else st.cols)[order].tolist()
    x_axes, w_axes = input_names_axes(spec), weight_names_axes(spec)
    x_names = list(map(encode_basestring, entry_names("x", spec.input_shape, x_axes)))
    w_names = list(map(encode_basestring, entry_names("w", spec.weight_shape, w_axes)))
    weights = [w_names[t] for t in st.taps[order].tolist()]
    per = len(x_names) // (spec.batch or 1)
    ends = list(itertools.pairwise(bounds.tolist()))
    terms: list[str] = []
    for sample in range(spec.batch or 1):
        xs = x_names[sample * per : (sample + 1) * per]
        pairs = [f"[{xs[i]}, {w}]" for i, w in zip(inner, weights)]
        for a, b in ends:
            text = f"[{', '.join(pairs[a:b])}]"  # _list's one line, the usual case
            terms.append(text if len(text) <= INLINE_WIDTH else _list(pairs[a:b], 3))
    indices = ["[" + ", ".join(i) + "]" for i in itertools.product(*map(_numbers, d.output_shape))]
    names = list(map(encode_basestring, entry_names("y", d.output_shape)))
    if all(type(v) is str for v in values):
        texts = list(map(encode_basestring, values))
    else:
        texts = [encode_basestring(v) if type(v) is str else encode(v) for v in values]
    at, close = " " * (_INDENT * 3), " " * (_INDENT * 2)
    items = [
        f'{close}{{\n{at}"index": {i},\n{at}"name": {n},\n{at}"terms": {t},\n{at}"value": {v}'
        f"\n{close}}}"
        for i, n, t, v in zip(indices, names, terms, texts)
    ]
    body = ",\n".join(items)  # one copy of the long text, not one per concatenation
    return f"[\n{body}\n{' ' * _INDENT}]"


def _numbers(n: int) -> list[str]:
    return [str(i) for i in range(n)]


@writer("Derivation", "json")
def derivation_json(d: Derivation, indent: int | None = 2) -> str:
    """The derivation's JSON (``indent`` other than 2: the generic writer)."""
    with gc_paused():  # as derive does: many small objects, all kept
        return _json(d, indent)


def _json(d: Derivation, indent: int | None) -> str:
    if indent != _INDENT:
        return dumps(derivation_dict(d), indent=indent)
    values = output_texts(d)
    data = derivation_head(d, values)
    parts = []
    for key, value in data.items():
        if key == "matrix_entries":
            text = _matrix_entries(d)
        elif key == "entries":
            text = _entries(d, values)
        else:
            text = dumps(value, _INDENT, 1)
        parts.append(f"{' ' * _INDENT}{encode_basestring(key)}: {text}")
    body = ",\n".join(parts)
    return f"{{\n{body}\n}}"
