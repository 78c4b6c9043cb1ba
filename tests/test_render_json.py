"""JSON: the compact writer against a plain reference of its format, a derivation's JSON
written directly against the writer of its plain data, and the fast text of entries
against SymPy's printer."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symtconv import derive
from symtconv.core.operands import json_value
from symtconv.render.derivation_json import derivation_json
from symtconv.render.jsonfmt import dumps
from symtconv.render.text import derivation_dict, named_texts, value_text

WIDTH = 100


def reference_inline(value: Any) -> str | None:
    """The format, written plainly: scalars and lists of scalars on one line; a list of
    one-line lists on one line when at most 100 characters; objects never (but {})."""
    if isinstance(value, dict):
        return None if value else "{}"
    if isinstance(value, (list, tuple)):
        parts = [reference_inline(v) for v in value]
        if any(p is None for p in parts):
            return None
        text = "[" + ", ".join(parts) + "]"  # type: ignore[arg-type]
        flat = all(not isinstance(v, (list, tuple)) for v in value)
        return text if len(text) <= WIDTH or flat else None
    return json.dumps(value, ensure_ascii=False)


def reference_dumps(value: Any, level: int = 0) -> str:
    inline = reference_inline(value)
    if inline is not None:
        return inline
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(value, dict):
        items = [
            f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {reference_dumps(v, level + 1)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    return (
        "[\n"
        + ",\n".join(f"{inner}{reference_dumps(v, level + 1)}" for v in value)
        + "\n"
        + pad
        + "]"
    )


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.text(max_size=40),
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=12) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=60,
)


@settings(max_examples=300, deadline=None)
@given(values)
def test_dumps_is_the_format(value: Any) -> None:
    assert dumps(value) == reference_dumps(value)


A, B = sympy.symbols("a b")
DERIVATIONS = {
    "symbolic 2-D": dict(input_shape=(6, 5), kernel_shape=(3, 3), stride=2, padding=1),
    "batch channels bias": dict(input_shape=(2, 2, 3, 3), kernel_shape=(2, 3, 2, 2), bias=True),
    "groups forward": dict(input_shape=(4, 5), kernel_shape=(2, 2, 3), groups=2, forward=True),
    "long sums": dict(input_shape=(3, 4, 4), kernel_shape=(3, 1, 3, 3)),  # terms beyond a line
    "integers": dict(input=[[1, 2], [3, 4]], kernel=[[1, 0], [0, -1]]),
    "rationals floats": dict(input=[[0.5, sympy.Rational(1, 3)], [3, 4]], kernel=[[1, 2], [0, -1]]),
    "repeated symbols": dict(input=[[A, B], [B, A]], kernel=[[A, 1], [B, 2]]),
    "expressions": dict(input=[[A + 1, sympy.sin(B)], [2 * A, 0]], kernel=[[A, -1], [B, 3]]),
    "same names": dict(
        input=[[sympy.Symbol("a", positive=True), A]], kernel=[[A, sympy.Symbol("a", integer=True)]]
    ),
}


@pytest.mark.parametrize("name", sorted(DERIVATIONS))
def test_derivation_json_is_its_plain_data(name: str) -> None:
    d = derive(**DERIVATIONS[name])
    data = derivation_dict(d)
    assert derivation_json(d) == reference_dumps(data) == d.to_json()
    assert json.loads(d.to_json()) == json.loads(json.dumps(data))
    assert d.to_json(indent=None) == json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("name", sorted(DERIVATIONS))
def test_value_text_is_what_sympy_prints(name: str) -> None:
    d = derive(**DERIVATIONS[name])
    for value in d.output_full.reshape(-1):
        assert value_text(value) == json_value(value)


@pytest.mark.parametrize("seed", range(20))
def test_value_text_of_random_sums(seed: int) -> None:
    rng = np.random.default_rng(seed)
    names = [f"{p}_{{{i}}}" for p in "wxyX_" for i in (0, 1, 2, 10, 11, 20)]
    symbols = [sympy.Symbol(n) for n in names]
    for _ in range(30):
        picks = rng.choice(len(symbols), (int(rng.integers(1, 8)), 2))
        expr = sympy.Add(*[symbols[a] * symbols[b] for a, b in picks])
        assert value_text(expr) == json_value(expr) == str(expr)


NAMED = [
    dict(input_shape=(6, 5), kernel_shape=(3, 3), stride=2, padding=1),
    dict(input_shape=(2, 2, 3, 3), kernel_shape=(2, 3, 2, 2)),  # batch and channels
    dict(input_shape=(4, 5), kernel_shape=(2, 2, 3), groups=2, forward=True),
    dict(input_shape=(3, 4, 4), kernel_shape=(3, 1, 3, 3)),
    dict(input_shape=(12,), kernel_shape=(11,), stride=3, dilation=2),  # w_{10} sorts before w_{2}
    dict(input_shape=(4, 3), kernel_shape=(11, 2), stride=(2, 1), padding=[(1, 3), (0, 1)]),
    dict(input_shape=(2, 2, 2), kernel_shape=(2, 2, 2), stride=2, output_padding=1),
    dict(input_shape=(1, 1), kernel_shape=(1, 1)),
]


@pytest.mark.parametrize("options", NAMED)
def test_named_texts_are_what_sympy_prints(options) -> None:
    d = derive(**options)
    texts = named_texts(d)
    assert texts is not None  # the usual symbolic derivation: printed from C's structure
    assert texts == [str(v) for v in d.output_full.reshape(-1)]


@pytest.mark.parametrize("name", ["integers", "rationals floats", "repeated symbols"])
def test_named_texts_leave_values_to_sympy(name: str) -> None:
    assert named_texts(derive(**DERIVATIONS[name])) is None
    assert named_texts(derive(input_shape=(3, 3), kernel_shape=(2, 2), bias=True)) is None
