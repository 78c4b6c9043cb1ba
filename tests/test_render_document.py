"""Derivation documents: the numbers in them, parsed back, against naive loops.

Every displayed result (the output, C, the scatter sum, the zero-insertion
correlation, C(C^T x)) is found by its tag in the LaTeX and the Markdown,
parsed, and compared with the naive convolutions of :mod:`oracles.naive` (loops
written from the definitions, independent of symtconv).
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import sympy
from oracles.naive import naive_conv, naive_conv_transpose

from symtconv import derive
from symtconv.errors import SpecError, SymtconvError
from symtconv.render.document import DocumentOptions, build_document
from symtconv.render.document.blocks import Math, Section
from symtconv.render.formats import render

RNG = np.random.default_rng(20240601)


def _ints(shape):
    return RNG.integers(-5, 6, shape).tolist()


# name -> derive kwargs (integer data, unbatched)
CASES = {
    "seed": {},
    "stride2-pad1-op1": dict(
        input=_ints((3, 3)), kernel=_ints((3, 3)), stride=2, padding=1, output_padding=1
    ),
    "dilation2": dict(input=_ints((2, 3)), kernel=_ints((2, 2)), dilation=2),
    "stride-per-dim": dict(input=_ints((2, 3)), kernel=_ints((2, 2)), stride=(2, 1)),
    "asym-padding": dict(
        input=_ints((3, 3)), kernel=_ints((2, 2)), stride=2, padding=[(1, 0), (0, 1)]
    ),
    "one-d": dict(input=_ints((4,)), kernel=_ints((3,)), stride=2, padding=1),
    "grouped": dict(input=_ints((4, 2, 2)), kernel=_ints((4, 1, 2, 2)), groups=2),
    "channels": dict(input=_ints((2, 2, 2)), kernel=_ints((2, 3, 2, 2)), stride=2),
    "three-d": dict(input=_ints((2, 2, 2)), kernel=_ints((2, 1, 2)), stride=(1, 2, 1)),
    "op-ge-stride": dict(input=_ints((3,)), kernel=_ints((2,)), dilation=3, output_padding=2),
    "bias": dict(input=_ints((2, 2)), kernel=_ints((2, 2)), bias=[7]),
}


def _full(kwargs):
    """(x (C, *i), w (C_in, C_out/g, *k), params) in full layout, from derive kwargs."""
    d = derive(**kwargs)
    s = d.spec
    x = np.array(d.x.tolist(), dtype=object)
    w = np.array(d.w.tolist(), dtype=object)
    return d, x, w, s


def _oracle(kwargs):
    d, x, w, s = _full(kwargs)
    y = naive_conv_transpose(
        x, w, None, s.stride, s.padding, s.output_padding, s.dilation, s.groups
    )
    if d.b is not None:
        y = y + np.array([int(v) for v in d.b], dtype=object).reshape((-1,) + (1,) * s.rank)
    return d, y


def _block(text: str, tag: str, fmt: str) -> str:
    marker = f"% symtconv:{tag}" if fmt == "latex" else f"<!-- symtconv:{tag} -->"
    start = text.index(marker) + len(marker)
    return text[start : text.index("\n\n", start)]


_MATRIX = re.compile(
    r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}|\\begin\{array\}\{c*\}(.*?)\\end\{array\}", re.S
)


def _cell(text: str):
    text = text.strip().replace(r"{\color{gray}0}", "0")
    boxed = re.fullmatch(r"\\boxed\{(.*)\}", text)  # an entry two or more products reach
    text = boxed.group(1) if boxed else text
    if text in (r"\cdots", r"\vdots", r"\ddots"):
        return None
    return int(text) if re.fullmatch(r"-?\d+", text) else text


def _matrices(block: str) -> list[np.ndarray]:
    out = []
    for m in _MATRIX.finditer(block):
        body = m.group(1) if m.group(1) is not None else m.group(2)
        rows = [[_cell(c) for c in row.split("&")] for row in body.split(r"\\")]
        out.append(np.array(rows, dtype=object))
    return out


def _shown(arr: np.ndarray, d) -> np.ndarray:
    return arr.reshape(arr.shape[1:]) if d.compact else arr


def _as_grids(arr: np.ndarray) -> list[np.ndarray]:
    """The 2-D pieces a document shows of an array (1-D as one row, N-D as slices)."""
    if arr.ndim == 1:
        return [arr.reshape(1, -1)]
    if arr.ndim == 2:
        return [arr]
    return [arr[i] for i in np.ndindex(*arr.shape[:-2])]


@pytest.fixture(scope="module")
def documents():
    out = {}
    for name, kwargs in CASES.items():
        d = derive(**kwargs)
        for fmt in ("latex", "markdown"):
            out[name, fmt] = render(d, fmt, threshold=64, max_entries=1000).text
    return out


@pytest.mark.parametrize("fmt", ["latex", "markdown"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_naive_loops(documents, name, fmt):
    d, y = _oracle(CASES[name])
    got = _matrices(_block(documents[name, fmt], "output", fmt))
    want = _as_grids(_shown(y, d))
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert g.tolist() == w.tolist()


@pytest.mark.parametrize("name", sorted(CASES))
def test_matrix_c_matches_naive_loops(documents, name):
    """Column j of C^T is the transposed convolution of the unit vector e_j."""
    _, x, w, s = _full(CASES[name])
    columns = []
    for j in range(x.size):
        e = np.zeros(x.size, dtype=object)
        e[j] = 1
        y = naive_conv_transpose(
            e.reshape(x.shape), w, None, s.stride, s.padding, s.output_padding, s.dilation, s.groups
        )
        columns.append(y.reshape(-1))
    c = np.array(columns, dtype=object)  # rows of C = columns of C^T
    (got,) = _matrices(_block(documents[name, "latex"], "matrix", "latex"))
    assert got.tolist() == c.tolist()


@pytest.mark.parametrize("name", sorted(n for n in CASES if n != "bias"))
def test_scatter_and_zero_insertion_sum_to_the_output(documents, name):
    d, y = _oracle(CASES[name])
    text = documents[name, "latex"]
    scatter = _matrices(_block(text, "scatter", "latex"))
    total = _as_grids(y[0])  # output channel 0, as the scatter view shows it
    assert [g.tolist() for g in scatter[-len(total) :]] == [g.tolist() for g in total]
    zi = _matrices(_block(text, "zero_insertion", "latex"))
    assert [g.tolist() for g in zi] == [g.tolist() for g in _as_grids(_shown(y, d))]


@pytest.mark.parametrize("name", sorted(CASES))
def test_round_trip_matches_naive_loops(documents, name):
    """C (C^T x) is the convolution of the transposed convolution (without bias)."""
    d, x, w, s = _full(CASES[name])
    u = naive_conv_transpose(
        x, w, None, s.stride, s.padding, s.output_padding, s.dilation, s.groups
    )
    back = naive_conv(u, w, None, s.stride, s.padding, s.dilation, s.groups, out_size=s.input_size)
    got = _matrices(_block(documents[name, "latex"], "round_trip", "latex"))
    want = _as_grids(_shown(back, d))
    assert [g.tolist() for g in got[: len(want)]] == [g.tolist() for g in want]


def test_forward_document_matches_naive_loops():
    d = derive(forward=True)
    text = render(d, "latex").text
    x = np.array(d.x.tolist(), dtype=object)
    w = np.array(d.w.tolist(), dtype=object)
    y = naive_conv(x, w, None, (1, 1), ((0, 0), (0, 0)), (1, 1))
    (got,) = _matrices(_block(text, "output", "latex"))
    assert got.tolist() == y[0].tolist() == [[-4, -4], [-4, -4]]
    # C^T (C x): the transposed convolution of the convolution
    back = naive_conv_transpose(y, w, None, (1, 1), ((0, 0), (0, 0)), (0, 0), (1, 1))
    assert _matrices(_block(text, "round_trip", "latex"))[0].tolist() == back[0].tolist()


# ----- the seed, and its mistakes not repeated ------------------------------------------


@pytest.fixture(scope="module")
def seed_en():
    return render(derive(), "latex", standalone=True).text


@pytest.fixture(scope="module")
def seed_zh():
    return render(derive(), "latex", standalone=True, lang="zh").text


def test_seed_entry_by_entry_exact(seed_en):
    line = (
        r"y_{1,1} &= x_{0,0}\, w_{1,1} + x_{0,1}\, w_{1,0} + x_{1,0}\, w_{0,1} + x_{1,1}\, w_{0,0}"
        r" = 1 \cdot (-1) + 2 \cdot 0 + 3 \cdot 0 + 4 \cdot 1 = 3 \\"
    )
    assert line in seed_en.splitlines()
    assert r"o = (2 - 1) \cdot 1 + 2 = 3" in seed_en


def test_seed_fourth_element_is_four(seed_en):
    """The seed names the fourth element 3; its canvas here is 4 times the kernel."""
    block = _block(seed_en, "scatter", "latex")
    labels = re.findall(r"\}_\{(x_\{\d,\d\})\\, w\}", block)
    assert labels == ["x_{0,0}", "x_{0,1}", "x_{1,0}", "x_{1,1}"]
    canvases = _matrices(block)
    assert canvases[3].tolist() == [[0, 0, 0], [0, 4, 0], [0, 0, -4]]


def test_seed_has_no_combining_array(seed_en, seed_zh):
    """No 4x3 array (the seed's fake 'Combining these' step) anywhere."""
    for text in (seed_en, seed_zh):
        shapes = {m.shape for m in _matrices(text)}
        assert (4, 3) not in shapes
        assert "Combining" not in text


def test_seed_says_transpose_not_inverse(seed_en, seed_zh):
    assert "The transposed convolution is exactly its transpose" in seed_en
    assert "not its inverse" in seed_en
    assert r"C (C^{\mathsf T} x) = \begin{bmatrix} -2 & 4 \\ 6 & 7 \end{bmatrix} \neq" in seed_en
    assert "转置卷积恰好就是它的转置" in seed_zh
    assert "而不是\\hspace{0.25em}$C$\\hspace{0.25em}的逆" in seed_zh  # the gap beside math
    assert "不是普通卷积的数学转置" not in seed_zh


def test_seed_verification_lists_exact_agreement(seed_en):
    assert seed_en.count("agrees exactly") == 2
    assert r"\langle C u, v \rangle = " in seed_en


def test_symbolic_entries_are_the_naive_products():
    d = derive(input_shape=(2, 2), kernel_shape=(2, 2), stride=2)
    text = render(d, "latex", max_entries=1000).text
    x = np.array(d.x.tolist(), dtype=object)
    w = np.array(d.w.tolist(), dtype=object)
    y = naive_conv_transpose(x, w, None, (2, 2), ((0, 0), (0, 0)), (0, 0), (1, 1))
    for index in np.ndindex(*y.shape[1:]):
        name = "y_{" + ",".join(map(str, index)) + "}"
        line = next(ln for ln in text.splitlines() if ln.startswith(name + " &= "))
        pairs = set(re.findall(r"(x_\{[\d,]+\})\\, (w_\{[\d,]+\})", line))
        want = {
            tuple(sorted((str(f) for f in term.args), reverse=True))
            for term in sympy.Add.make_args(sympy.expand(y[(0, *index)]))
        }
        assert pairs == want


# ----- elision --------------------------------------------------------------------------


def test_large_document_is_elided_and_small():
    d = derive(input_shape=(12, 12), kernel_shape=(3, 3), stride=2)
    text = render(d, "latex", standalone=True).text
    assert len(text) < 100_000  # the whole lesson, with five pictures
    for mark in (r"\cdots", r"\vdots", r"\ddots"):
        assert mark in text
    assert text.count("y_{") < 200
    # every display keeps to the threshold, but the row of C a window makes: it shows all the
    # window's taps (nine here), with the structural zeros between them elided
    rest = re.sub(r"% symtconv:window_row\n\\\[.*?\\\]", "", text, flags=re.S)
    assert rest != text
    assert max(_shown_columns(m) for m in _matrices(rest)) <= 9
    wider = render(d, "latex", threshold=13).text
    assert max(_shown_columns(m) for m in _matrices(wider)) > 9


def _shown_columns(m: np.ndarray) -> int:
    return sum(c is not None for c in m[0])


def test_sections_in_order():
    doc = build_document(derive())
    keys = [b.text.key for b in doc.blocks if isinstance(b, Section)]
    assert keys == [
        "sec_parameters",
        "sec_size",
        "sec_recap",
        "sec_matrix",
        "sec_flatten",
        "sec_entries",
        "sec_scatter",
        "sec_overlap",
        "sec_zero_insertion",
        "sec_difference",
        "sec_transpose_t",
        "sec_gradient",
        "sec_shapes",
        "sec_verify",
        "sec_summary",
        "sec_exercises",
        "sec_answers",
    ]
    fwd = build_document(derive(forward=True))
    assert "sec_scatter" not in [b.text.key for b in fwd.blocks if isinstance(b, Section)]
    assert all(isinstance(b.lines, tuple) for b in doc.blocks if isinstance(b, Math))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"lang": "fr"}, "lang: got 'fr'; valid languages: en, zh"),
        ({"threshold": 4, "edgeitems": 3}, "threshold: got 4; must be at least 2 * edgeitems = 6"),
        ({"edgeitems": 0}, "edgeitems: got 0; must be an integer >= 1"),
        ({"max_entries": 1}, "max_entries: got 1; must be an integer >= 2"),
    ],
)
def test_bad_options(options, message):
    with pytest.raises(SpecError) as info:
        DocumentOptions(**options)
    assert str(info.value) == message
    with pytest.raises(SymtconvError):
        DocumentOptions(**options)


@pytest.mark.parametrize("name", ["seed", "one-d", "dilation2"])
def test_whole_product_block(documents, name):
    """C^T vec(x) = [C^T][x] = [y] with the naive numbers (bias excluded)."""
    _, x, w, s = _full(CASES[name])
    y = naive_conv_transpose(
        x, w, None, s.stride, s.padding, s.output_padding, s.dilation, s.groups
    )
    ct, col, result = _matrices(_block(documents[name, "latex"], "product", "latex"))
    assert col.reshape(-1).tolist() == x.reshape(-1).tolist()
    assert result.reshape(-1).tolist() == y.reshape(-1).tolist()
    assert (ct.dot(col)).reshape(-1).tolist() == y.reshape(-1).tolist()


def test_no_line_break_after_an_opening_full_width_parenthesis() -> None:
    from symtconv.render.latex import CJK_BREAK, cjk_spacing

    # math after Chinese text may start a line, but not right after "（" or "“"
    assert cjk_spacing("数组（$2 \\times 2$）") == "数组（$2 \\times 2$）"
    assert cjk_spacing("称为“$C$”") == "称为“$C$”"
    assert cjk_spacing("数组$C$") == "数组" + CJK_BREAK + "$C$"
    assert cjk_spacing("即得：$C$") == "即得：" + CJK_BREAK + "$C$"
    tex = str(render(derive(), "latex", lang="zh"))
    assert "（" + CJK_BREAK not in tex and "“" + CJK_BREAK not in tex
