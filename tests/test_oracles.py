"""The shared oracles: independent of symtconv, and consistent with each other.

The naive transposed convolution is the adjoint of the naive convolution: its
result on ``v`` is ``C^T vec(v)`` for the C that :func:`naive_matrix` builds from
the naive convolution.  Two implementations written apart from the definitions
agreeing on this identity is what makes either worth comparing symtconv with.
"""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest
from oracles.naive import naive_conv_transpose, naive_matrix
from oracles.phases import count_map
from oracles.sizes import conv_length, tconv_length

ORACLES = Path(__file__).resolve().parent / "oracles"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted(ORACLES.glob("*.py")), ids=lambda p: p.name)
def test_oracles_never_import_symtconv(path: Path) -> None:
    assert "symtconv" not in _imports(path)


# (forward input size, kernel, stride, (lo, hi) per dim, dilation, (C_in, C_out, groups))
CASES = [
    ((5,), (3,), (2,), ((1, 1),), (1,), (1, 1, 1)),
    ((6,), (2,), (3,), ((0, 2),), (2,), (2, 4, 2)),
    ((4, 5), (2, 3), (2, 1), ((1, 0), (0, 2)), (1, 2), (2, 2, 1)),
    ((3, 3, 2), (2, 1, 2), (1, 2, 1), ((0, 1), (1, 0), (0, 0)), (2, 1, 1), (1, 2, 1)),
]


@pytest.mark.parametrize("case", CASES, ids=[f"case{n}" for n in range(len(CASES))])
def test_naive_transposed_is_the_adjoint_of_naive_forward(case) -> None:
    size, kernel, s, pads, d, (cin, cout, g) = case
    rng = np.random.default_rng(list(size) + list(kernel))
    w = rng.integers(-5, 6, (cout, cin // g, *kernel)).astype(object)
    c = naive_matrix(w, size, s, pads, d, g)
    small = [conv_length(*dim) for dim in zip(size, kernel, s, *zip(*pads), d, strict=True)]
    op = [
        n - tconv_length(m, k, ss, lo, hi, dd, 0)
        for n, m, k, ss, (lo, hi), dd in zip(size, small, kernel, s, pads, d, strict=True)
    ]
    v = rng.integers(-5, 6, (cout, *small)).astype(object)
    y = naive_conv_transpose(v, w, None, s, pads, op, d, g)
    assert y.shape == (cin, *size)
    assert y.reshape(-1).tolist() == c.T.dot(v.reshape(-1)).tolist()


@pytest.mark.parametrize(
    "dims",
    [
        [(4, 3, 2, 0, 0, 1, 0)],
        [(3, 2, 3, 1, 2, 2, 1)],
        [(3, 3, 2, 1, 1, 1, 1), (2, 2, 1, 0, 1, 3, 2)],
    ],
)
def test_the_count_map_is_the_naive_convolution_of_ones(dims: list[tuple[int, ...]]) -> None:
    """Two oracles written apart: pairs counted, and all-ones through the naive convolution."""
    sizes = [d[0] for d in dims]
    y = naive_conv_transpose(
        np.ones((1, *sizes), dtype=object),
        np.ones((1, 1, *(d[1] for d in dims)), dtype=object),
        stride=[d[2] for d in dims],
        padding=[(d[3], d[4]) for d in dims],
        dilation=[d[5] for d in dims],
        output_padding=[d[6] for d in dims],
    )[0]
    counts = count_map(
        sizes,
        [d[1] for d in dims],
        [d[2] for d in dims],
        [(d[3], d[4]) for d in dims],
        [d[5] for d in dims],
        [d[6] for d in dims],
    )
    assert np.array_equal(counts, y.astype(np.int64))
