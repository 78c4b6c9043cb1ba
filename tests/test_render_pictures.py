"""Pictures: the geometry against the naive oracle, and both back ends well formed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from oracles.naive import naive_matrix

from symtconv import derive
from symtconv.render.pictures import (
    PALETTE,
    Box,
    Grid,
    Label,
    scatter_picture,
    sparsity_picture,
    svg,
    tikz,
)

SPECS = {
    "seed": {},
    "stride2": dict(input_shape=(3, 3), kernel_shape=(3, 3), stride=2, padding=1, output_padding=1),
    "one-d": dict(input_shape=(4,), kernel_shape=(3,), stride=2, padding=1),
    "dilated": dict(input_shape=(2, 2), kernel_shape=(2, 2), dilation=2),
    "grouped": dict(input_shape=(4, 2, 2), kernel_shape=(4, 1, 2, 2), groups=2),
}


def _fills(pic):
    return [s for s in pic.shapes if isinstance(s, Box) and s.fill and s.w == s.h and not s.stroke]


def _naive_nonzeros(spec):
    """(row, col) of C's structural nonzeros: the nonzeros of C built from the naive
    convolution with every weight 1."""
    ones = np.ones(spec.weight_shape, dtype=object)
    c = naive_matrix(
        ones, spec.col_size, spec.stride, spec.padding, spec.dilation, spec.groups, spec.row_size
    )
    return {(int(r), int(col)) for r, col in zip(*np.nonzero(c != 0), strict=True)}


@pytest.mark.parametrize("name", sorted(SPECS))
def test_sparsity_cells_are_the_nonzeros_of_c(name):
    d = derive(**SPECS[name])
    pic = sparsity_picture(d)
    assert pic.note is None
    grid = next(s for s in pic.shapes if isinstance(s, Grid))
    unit = grid.unit
    cells = {
        (round((b.y - grid.y) / unit), round((b.x - grid.x) / unit))
        for b in _fills(pic)
        if b.x < grid.x + d.matrix_shape[1] * unit
    }
    assert cells == _naive_nonzeros(d.spec)


def test_big_c_is_drawn_as_a_window():
    d = derive(input_shape=(12, 12), kernel_shape=(3, 3), stride=2)
    pic = sparsity_picture(d)
    assert pic.note == (24, 144, 125, 625)


def test_scatter_panels_show_each_element_kernel_at_its_offset():
    d = derive(input_shape=(4,), kernel_shape=(3,), stride=2, padding=1)
    pic = scatter_picture(d)
    labels = [s.sub for s in pic.shapes if isinstance(s, Label) and s.base == "x"]
    assert labels == ["0", "1", "2", "3"]
    grids = [s for s in pic.shapes if isinstance(s, Grid)]
    assert [(g.rows, g.cols) for g in grids] == [(1, 9)] * 4  # (4-1)*2 + 3 = 9 cells uncropped
    unit = grids[0].unit
    for q, grid in enumerate(grids):
        taps = sorted(
            (round((b.x - grid.x) / unit), PALETTE.index(b.fill))
            for b in _fills(pic)
            if abs(b.y - grid.y) < 1e-9 and grid.x - 1e-9 <= b.x < grid.x + grid.cols * unit
        )
        assert taps == [(q * 2 + t, t) for t in range(3)]


def test_no_scatter_picture_for_forward_or_3d():
    assert scatter_picture(derive(forward=True)) is None
    assert scatter_picture(derive(input_shape=(2, 2, 2), kernel_shape=(2, 2, 2))) is None


@pytest.mark.parametrize("name", sorted(SPECS))
def test_svg_is_well_formed_and_tikz_balanced(name):
    d = derive(**SPECS[name])
    for pic in (sparsity_picture(d), scatter_picture(d)):
        root = ET.fromstring(svg(pic))
        assert root.tag.endswith("svg")
        code = tikz(pic)
        assert code.startswith(r"\begin{tikzpicture}") and code.endswith(r"\end{tikzpicture}")
        assert code.count("{") == code.count("}")
        assert svg(pic) == svg(pic) and tikz(pic) == tikz(pic)
