"""Pictures of a derivation: one geometry, drawn as TikZ (LaTeX) or SVG (Markdown).

* :func:`sparsity_picture` -- the sparsity pattern of C, each structural
  nonzero coloured by the kernel tap it holds;
* :func:`scatter_picture` -- the scatter placement: for each input element,
  the cells of the full (uncropped) canvas its kernel taps land on, with the
  output region (the canvas less the padding) outlined;
* :func:`count_picture` -- a heatmap of integer counts per output position (how
  many products reach each one: :mod:`symtconv.engine.overlap`), each cell
  shaded by its count and labelled with it, a region (the interior) outlined.

A :class:`Picture` is plain data in centimetres, y pointing down; :func:`tikz`
and :func:`svg` draw it.  Both are deterministic (fixed number formatting).

Examples:
    >>> from symtconv import derive
    >>> pic = sparsity_picture(derive())
    >>> filled = [s for s in pic.shapes if isinstance(s, Box) and s.fill]
    >>> len(filled), pic.note  # 16 nonzeros of C and 4 legend squares
    (20, None)
    >>> svg(pic).startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

import numpy as np

from ..core.memo import memo
from .printer import keep_indices

if TYPE_CHECKING:
    from ..engine.derivation import Derivation

__all__ = [
    "HEAT",
    "PALETTE",
    "Box",
    "Grid",
    "Label",
    "Picture",
    "count_picture",
    "grid_lines",
    "scatter_picture",
    "sparsity_picture",
    "svg",
    "tikz",
    "window_picture",
]

#: Fill colours of kernel taps (tap n gets PALETTE[n % len(PALETTE)]): Paul Tol's "muted"
#: qualitative scheme, nine hues that stay apart (also for colour-blind readers).
PALETTE = (
    "CC6677",
    "332288",
    "DDCC77",
    "117733",
    "88CCEE",
    "882255",
    "44AA99",
    "999933",
    "AA4499",
)
#: Shades of a count, from the smallest nonzero count to the largest (0 stays white).
HEAT = ("DEEBF7", "C6DBEF", "9ECAE1", "6BAED6", "4292C6", "2171B5", "084594")
_GRID = "C8C8C8"
_GRID_LIGHT = "E2E2E2"
_INK = "333333"
_PAPER = "FFFFFF"
_FAINT = "999999"
#: Width available for a picture, in cm.
_WIDTH = 14.0
#: Largest C drawn whole; beyond, a leading window of it.
_MAX_ROWS, _MAX_COLS = 48, 128
_WINDOW_ROWS = 24


@dataclass(frozen=True)
class Box:
    """A rectangle (cm, y down); ``fill``/``stroke`` are hex colours or None."""

    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    line: float = 0.4  # stroke width in pt


@dataclass(frozen=True)
class Grid:
    """Thin lines of a ``rows`` x ``cols`` grid of square cells of side ``unit`` at (x, y)."""

    x: float
    y: float
    rows: int
    cols: int
    unit: float
    stroke: str = _GRID
    line: float = 0.2


@dataclass(frozen=True)
class Label:
    """A text label at (x, y) (cm, y down): ``base`` with optional subscript ``sub``.

    ``anchor`` is "middle", "start" or "end" (horizontal); the text's top is at y;
    ``colour`` a hex colour (None: the default ink).
    """

    x: float
    y: float
    base: str
    sub: str = ""
    anchor: str = "middle"
    math: bool = True
    colour: str | None = None


Shape = Box | Grid | Label


@dataclass(frozen=True)
class Picture:
    """A picture: size (cm) and shapes; ``note`` says what part of C a window shows.

    Attributes:
        width, height: extent in cm.
        shapes: boxes and labels, drawn in order.
        note: ``(rows shown, rows, cols shown, cols)`` when only a window is drawn.
    """

    width: float
    height: float
    shapes: tuple[Shape, ...]
    note: tuple[int, int, int, int] | None = None


def _legend(taps: list[str], x0: float, y0: float) -> list[Shape]:
    """Coloured squares with the tap names, stacked downwards from (x0, y0)."""
    shapes: list[Shape] = []
    for n, sub in enumerate(taps):
        y = y0 + n * 0.45
        shapes.append(Box(x0, y, 0.3, 0.3, fill=PALETTE[n % len(PALETTE)], stroke=_INK, line=0.3))
        shapes.append(Label(x0 + 0.45, y - 0.02, "w", sub, anchor="start"))
    return shapes


def _tap_names(d: Derivation) -> list[str]:
    """Subscripts naming the spatial kernel taps (``a,b`` or ``:,:,a,b``)."""
    lead = "" if d.compact else ":,:,"
    return [lead + ",".join(map(str, t)) for t in _ndindex(d.spec.kernel_size)]


def _ndindex(shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    out: list[tuple[int, ...]] = [()]
    for n in shape:
        out = [(*t, i) for t in out for i in range(n)]
    return out


def _grid_colour(unit: float) -> str:
    """The grid's colour: lighter where the cells are small, so that the lines stay thin."""
    return _GRID if unit >= 0.2 else _GRID_LIGHT


def _index_step(count: int, unit: float, digits: int) -> int:
    """Every how many cells an axis is numbered so that its labels do not touch."""
    room = 0.12 + 0.13 * digits  # cm a label needs
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if step * unit >= room:
            return step
    return max(1, count)


def _axis_labels(rows: int, cols: int, unit: float) -> list[Shape]:
    """Row numbers left of a matrix at (0, 0) and column numbers above it (0-based)."""
    shapes: list[Shape] = []
    step = _index_step(rows, unit, 1)  # rows: only the height matters
    for r in range(0, rows, step):
        y = (r + 0.5) * unit - 0.11
        shapes.append(Label(-0.08, y, str(r), anchor="end", math=False, colour=_FAINT))
    step = _index_step(cols, unit, len(str(cols - 1)))
    for c in range(0, cols, step):
        shapes.append(Label((c + 0.5) * unit, -0.3, str(c), math=False, colour=_FAINT))
    return shapes


def _shifted(shapes: list[Shape], dx: float, dy: float) -> list[Shape]:
    out: list[Shape] = []
    for s in shapes:
        if isinstance(s, Box):
            out.append(Box(s.x + dx, s.y + dy, s.w, s.h, s.fill, s.stroke, s.line))
        elif isinstance(s, Grid):
            out.append(Grid(s.x + dx, s.y + dy, s.rows, s.cols, s.unit, s.stroke, s.line))
        else:
            out.append(Label(s.x + dx, s.y + dy, s.base, s.sub, s.anchor, s.math, s.colour))
    return out


def sparsity_picture(d: Derivation) -> Picture:
    """The structural nonzeros of C, coloured by spatial kernel tap, with a legend.

    Rows and columns are numbered (every row or column while the cells are big
    enough, else every few), so that a cell can be found in the matrix.
    """
    spec = d.spec
    st = d.structure
    rows, cols = d.matrix_shape
    taps_per_channel = math.prod(spec.kernel_size)
    note = None
    shown_rows, shown_cols = rows, cols
    if rows > _MAX_ROWS or cols > _MAX_COLS:
        shown_rows = min(rows, _WINDOW_ROWS)
        in_window = st.rows < shown_rows
        shown_cols = min(cols, _MAX_COLS, int(st.cols[in_window].max()) + 1)
        note = (shown_rows, rows, shown_cols, cols)
    legend = _tap_names(d) if taps_per_channel <= len(PALETTE) else []
    margin = 0.1 + 0.13 * len(str(shown_rows - 1))  # room for the row numbers
    room = _WIDTH - margin - (2.2 if legend else 0.0)
    unit = min(0.45, room / shown_cols, 8.0 / shown_rows)
    shapes: list[Shape] = []
    if shown_rows * shown_cols <= 2000:
        shapes.append(Grid(0, 0, shown_rows, shown_cols, unit, _grid_colour(unit)))
    fills: dict[int, list[Shape]] = {}
    inside = (st.rows < shown_rows) & (st.cols < shown_cols)
    for r, c, t in zip(*(a[inside].tolist() for a in (st.rows, st.cols, st.taps)), strict=True):
        n = (t % taps_per_channel) % len(PALETTE)
        fills.setdefault(n, []).append(Box(c * unit, r * unit, unit, unit, fill=PALETTE[n]))
    for n in sorted(fills):  # one path per colour
        shapes.extend(fills[n])
    width, height = shown_cols * unit, shown_rows * unit
    shapes.append(Box(0, 0, width, height, stroke=_INK, line=0.6))
    shapes.extend(_axis_labels(shown_rows, shown_cols, unit))
    if legend:
        shapes.extend(_legend(legend, width + 0.5, 0.0))
        width += 2.2
        height = max(height, len(legend) * 0.45)
    top = 0.35
    shapes = _shifted(shapes, margin, top)
    return Picture(round(width + margin, 4), round(height + top, 4), tuple(shapes), note)


def scatter_picture(d: Derivation) -> Picture | None:
    """Where each input element's kernel lands (1-D and 2-D transposed specs; else None).

    Panels follow the input's layout (elided beyond a few per axis); each
    shows the full canvas of size ``(i-1)s + d(k-1) + 1 + op`` per dimension,
    the taps of that element in their colours, and the output region (the
    canvas without ``p_lo`` low and ``p_hi`` high) outlined.
    """
    if not d.spec.transposed:
        return None
    return _placement_picture(d, "x")


def window_picture(d: Derivation, name: str = "y") -> Picture | None:
    """The sliding windows of the convolution whose matrix is C (1-D and 2-D; else None).

    One panel per output position of that convolution (one row of C), elided
    beyond a few per axis; each shows its input, padded (the padding outside the
    black frame), with the cells the window covers in the colours of the kernel
    taps it multiplies them with.  ``name`` labels the panels (``y_{0,0}``, ...).

    For a transposed derivation these are the same cells as the scatter picture's:
    the window of row ``q`` of C is where input element ``q`` places its kernel.
    """
    return _placement_picture(d, name)


def _placement_picture(d: Derivation, name: str) -> Picture | None:
    """Panels of kernel placements: one per row of C (an input element of the
    transposed convolution, an output position of the forward one)."""
    spec = d.spec
    if spec.rank > 2:
        return None
    rows2 = (1, *spec.row_size) if spec.rank == 1 else spec.row_size
    cols2 = (1, *spec.col_size) if spec.rank == 1 else spec.col_size
    kernel2 = (1, *spec.kernel_size) if spec.rank == 1 else spec.kernel_size
    stride2 = (1, *spec.stride) if spec.rank == 1 else spec.stride
    dil2 = (1, *spec.dilation) if spec.rank == 1 else spec.dilation
    pad2 = ((0, 0), *spec.padding) if spec.rank == 1 else spec.padding
    # the canvas: C's column side with its padding (for a transposed spec, the uncropped
    # output (i-1)s + d(k-1) + 1 + op; for a forward one, the padded input)
    full = [n + lo + hi for n, (lo, hi) in zip(cols2, pad2, strict=True)]
    if spec.rank == 1:
        # one strip per position, stacked
        panel_rows: list[int | None] = keep_indices(spec.row_size[0], 8, 3)
        panel_cols: list[int | None] = [0]
    else:
        panel_rows = keep_indices(rows2[0], 4, 2)
        panel_cols = keep_indices(rows2[1], 4, 2)
    gap = 0.6
    unit = min(0.6, (_WIDTH - 2.2 - gap * (len(panel_cols) - 1)) / (len(panel_cols) * full[1]))
    if spec.rank == 2:
        unit = min(unit, 14.0 / (len(panel_rows) * full[0]))
    pw, ph = full[1] * unit, full[0] * unit
    label_h = 0.55
    row_h = ph + label_h + (0.15 if spec.rank == 1 else 0.3)
    grids: list[Shape] = []
    fills: dict[int, list[Shape]] = {}
    tops: list[Shape] = []  # frames and labels, drawn last
    lead = "" if d.compact else ":,"
    for pr, a in enumerate(panel_rows):
        for pc, b in enumerate(panel_cols):
            x0, y0 = pc * (pw + gap), pr * row_h
            if a is None or b is None:
                text = (
                    "\\ddots" if a is None and b is None else "\\vdots" if a is None else "\\cdots"
                )
                tops.append(Label(x0 + pw / 2, y0 + ph / 2 - 0.15, text))
                continue
            grids.append(Grid(x0, y0, full[0], full[1], unit, _grid_colour(unit)))
            q0, q1 = (0, a) if spec.rank == 1 else (a, b)  # the row's position
            for n, (t0, t1) in enumerate(_ndindex(kernel2)):
                r, c = q0 * stride2[0] + t0 * dil2[0], q1 * stride2[1] + t1 * dil2[1]
                colour = n % len(PALETTE)
                fills.setdefault(colour, []).append(
                    Box(x0 + c * unit, y0 + r * unit, unit, unit, fill=PALETTE[colour])
                )
            (lo0, hi0), (lo1, hi1) = pad2
            tops.append(
                Box(
                    x0 + lo1 * unit,
                    y0 + lo0 * unit,
                    (full[1] - lo1 - hi1) * unit,
                    (full[0] - lo0 - hi0) * unit,
                    stroke=_INK,
                    line=1.0,
                )
            )
            sub = lead + (f"{a}" if spec.rank == 1 else f"{a},{b}")
            tops.append(Label(x0 + pw / 2, y0 + ph + 0.08, name, sub))
    shapes = grids + [box for n in sorted(fills) for box in fills[n]] + tops
    width = len(panel_cols) * pw + gap * (len(panel_cols) - 1)
    height = len(panel_rows) * row_h
    names = _tap_names(d)
    if len(names) <= len(PALETTE):
        shapes.extend(_legend(names, width + 0.5, 0.0))
        width += 2.2
        height = max(height, len(names) * 0.45)
    return Picture(round(width, 4), round(height, 4), tuple(shapes))


#: Largest count map drawn whole (rows, columns); beyond, a leading window of it.
_MAX_HEAT_ROWS, _MAX_HEAT_COLS = 32, 40
_HEAT_WINDOW = (24, 32)


def _shade(value: int, values: list[int]) -> str:
    """The colour of a count among the distinct nonzero counts (0: white)."""
    if value == 0:
        return _PAPER
    nonzero = [v for v in values if v]
    if len(nonzero) == 1:
        return HEAT[3]
    n = nonzero.index(value)
    return HEAT[round(n * (len(HEAT) - 1) / (len(nonzero) - 1))]


def _heat_panel(
    grid: np.ndarray,
    x0: float,
    unit: float,
    values: list[int],
    interior: tuple[range, range] | None,
    numbers: bool,
) -> list[Shape]:
    """One 2-D panel of a count map at ``x0``: shaded cells, their counts, the outline."""
    rows, cols = grid.shape
    shapes: list[Shape] = [Grid(x0, 0, rows, cols, unit)] if rows * cols <= 2000 else []
    fills: dict[str, list[Shape]] = {}
    labels: list[Shape] = []
    for (r, c), value in np.ndenumerate(grid):
        colour = _shade(int(value), values)
        if colour != _PAPER:
            fills.setdefault(colour, []).append(
                Box(x0 + c * unit, r * unit, unit, unit, fill=colour)
            )
        if numbers:
            ink = _PAPER if colour in HEAT[4:] else _FAINT if colour == _PAPER else None
            labels.append(
                Label(
                    x0 + (c + 0.5) * unit,
                    (r + 0.5) * unit - 0.14,
                    str(int(value)),
                    math=False,
                    colour=ink,
                )
            )
    for colour in sorted(fills, key=lambda c: HEAT.index(c)):
        shapes.extend(fills[colour])
    shapes.append(Box(x0, 0, cols * unit, rows * unit, stroke=_INK, line=0.6))
    if interior is not None and len(interior[0]) and len(interior[1]):
        rr, cc = interior
        top, left = min(rr.start, rows), min(cc.start, cols)
        bottom, right = min(rr.stop, rows), min(cc.stop, cols)
        if bottom > top and right > left:
            shapes.append(
                Box(
                    x0 + left * unit,
                    top * unit,
                    (right - left) * unit,
                    (bottom - top) * unit,
                    stroke=_INK,
                    line=1.2,
                )
            )
    return shapes + labels


#: Most cells of a count map panel labelled with their numbers.
_MAX_NUMBERED = 300


def count_picture(counts: np.ndarray, interior: Sequence[range] | None = None) -> Picture:
    """A heatmap of integer counts (1-D, 2-D, or 3-D as slices along the first axis).

    Each cell is shaded by its count (white for 0) and, where the cells are big
    enough, labelled with it; ``interior`` (a range per axis) is outlined.  Beyond
    32 x 40 cells a leading window is drawn (``note`` says how much); a 3-D map shows
    at most four of its slices, the interior outlined in the slices it reaches.  A legend
    shows the shade of each count.

    Examples:
        >>> pic = count_picture(np.array([[1, 2, 1], [2, 4, 2]]), (range(1, 2), range(1, 2)))
        >>> [s.base for s in pic.shapes if isinstance(s, Label)][:3], pic.note
        (['1', '2', '1'], None)
    """
    arr = np.asarray(counts, dtype=np.int64)
    regions = tuple(interior) if interior is not None else None
    if arr.ndim == 1:
        arr = arr[None, :]
        regions = (range(0, 1), *regions) if regions else None
    lead: range | None = None  # 3-D: the slices the interior reaches
    if arr.ndim == 2:
        slices: list[tuple[int | None, np.ndarray | None]] = [(None, arr)]
    else:
        slices = [(a, None if a is None else arr[a]) for a in keep_indices(arr.shape[0], 4, 2)]
        if regions:
            lead, regions = regions[0], regions[1:]
    rows, cols = arr.shape[-2:]
    note = None
    shown_rows, shown_cols = rows, cols
    if rows > _MAX_HEAT_ROWS or cols > _MAX_HEAT_COLS:
        shown_rows, shown_cols = min(rows, _HEAT_WINDOW[0]), min(cols, _HEAT_WINDOW[1])
        note = (shown_rows, rows, shown_cols, cols)
    values = sorted({int(v) for v in np.unique(arr)})
    gap, legend_w = 0.6, 1.6
    room = (_WIDTH - legend_w - gap * (len(slices) - 1)) / len(slices)
    unit = min(0.5, room / shown_cols, 8.0 / shown_rows)
    # numbers in the cells while they are few enough to read (the matrix beside gives them all)
    numbers = unit >= 0.3 and max(values) < 1000 and shown_rows * shown_cols <= _MAX_NUMBERED
    region = (regions[0], regions[1]) if regions else None
    shapes: list[Shape] = []
    labels: list[Shape] = []
    x0, ph = 0.0, shown_rows * unit
    for a, grid in slices:
        middle = x0 + shown_cols * unit / 2
        if grid is None:
            labels.append(Label(middle, ph / 2 - 0.15, "\\cdots"))
        else:
            window = grid[:shown_rows, :shown_cols]
            inside = lead is None or a in lead
            shapes.extend(
                _heat_panel(window, x0, unit, values, region if inside else None, numbers)
            )
            if a is not None:
                labels.append(Label(middle, ph + 0.1, f"[{a}, :, :]", math=False))
        x0 += shown_cols * unit + gap
    width = x0 - gap
    height = ph + (0.5 if arr.ndim == 3 else 0.0)
    legend = values[:: max(1, -(-len(values) // 9))]
    lx = width + 0.5
    for n, v in enumerate(legend):
        y = n * 0.45
        labels.append(Box(lx, y, 0.3, 0.3, fill=_shade(v, values), stroke=_INK, line=0.3))
        labels.append(Label(lx + 0.45, y - 0.02, str(v), anchor="start", math=False))
    width += legend_w
    height = max(height, len(legend) * 0.45)
    return Picture(round(width, 4), round(height, 4), tuple(shapes + labels), note)


# ----- drawing ---------------------------------------------------------------------


def grid_lines(g: Grid) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The segments of a grid, the same for every back end: ``cols + 1`` vertical lines,
    then ``rows + 1`` horizontal ones, each from one end of the grid to the other.

    Examples:
        >>> for segment in grid_lines(Grid(0, 0, 1, 2, 0.5)):
        ...     print(segment)
        ((0.0, 0), (0.0, 0.5))
        ((0.5, 0), (0.5, 0.5))
        ((1.0, 0), (1.0, 0.5))
        ((0, 0.0), (1.0, 0.0))
        ((0, 0.5), (1.0, 0.5))
    """
    w, h = g.cols * g.unit, g.rows * g.unit
    vertical = [((g.x + c * g.unit, g.y), (g.x + c * g.unit, g.y + h)) for c in range(g.cols + 1)]
    horizontal = [((g.x, g.y + r * g.unit), (g.x + w, g.y + r * g.unit)) for r in range(g.rows + 1)]
    return vertical + horizontal


@memo(maxsize=4096)
def _num(v: float) -> str:
    """Fixed, short number formatting (deterministic; a picture repeats its coordinates)."""
    text = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@memo(maxsize=256)
def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return f"{{rgb,255:red,{r};green,{g};blue,{b}}}"


def _tikz_box_style(s: Box) -> tuple[str, str]:
    if s.fill and s.stroke:
        return (
            r"\filldraw",
            f"fill={_rgb(s.fill)}, draw={_rgb(s.stroke)}, line width={_num(s.line)}pt",
        )
    if s.fill:
        return r"\fill", f"fill={_rgb(s.fill)}"
    return r"\draw", f"color={_rgb(s.stroke or _INK)}, line width={_num(s.line)}pt"


def _tikz_grid(g: Grid) -> str:
    """A grid's lines as a TikZ path: the segments of :func:`grid_lines`, written as two
    ``\\foreach`` loops (TikZ's own ``grid`` draws no horizontal lines under ``y=-1cm``).

    Examples:
        >>> print(_tikz_grid(Grid(1, 2, 3, 4, 0.5)))
        \\foreach \\i in {0,...,4} {({1+\\i*0.5},2) -- ({1+\\i*0.5},3.5)} \
\\foreach \\i in {0,...,3} {(1,{2+\\i*0.5}) -- (3,{2+\\i*0.5})}
    """
    w, h = g.cols * g.unit, g.rows * g.unit
    x, y = _num(g.x), _num(g.y)
    u = f"{g.unit:.6f}".rstrip("0").rstrip(".")  # precise: the error grows with the index
    vertical = (
        f"\\foreach \\i in {{0,...,{g.cols}}} "
        f"{{({{{x}+\\i*{u}}},{y}) -- ({{{x}+\\i*{u}}},{_num(g.y + h)})}}"
    )
    horizontal = (
        f"\\foreach \\i in {{0,...,{g.rows}}} "
        f"{{({x},{{{y}+\\i*{u}}}) -- ({_num(g.x + w)},{{{y}+\\i*{u}}})}}"
    )
    return f"{vertical} {horizontal}"


def tikz(pic: Picture) -> str:
    """The picture as a ``tikzpicture`` (needs only ``\\usepackage{tikz}``).

    Consecutive boxes of one style become one path.
    """
    lines = [r"\begin{tikzpicture}[x=1cm,y=-1cm]"]
    run_style: tuple[str, str] | None = None
    run: list[str] = []

    def flush() -> None:
        nonlocal run_style, run
        if run_style is not None:
            lines.append(f"  {run_style[0]}[{run_style[1]}] " + " ".join(run) + ";")
        run_style, run = None, []

    for s in pic.shapes:
        if isinstance(s, Box):
            style = _tikz_box_style(s)
            if style != run_style:
                flush()
                run_style = style
            run.append(f"({_num(s.x)},{_num(s.y)}) rectangle ({_num(s.x + s.w)},{_num(s.y + s.h)})")
            continue
        flush()
        if isinstance(s, Grid):
            lines.append(
                f"  \\draw[color={_rgb(s.stroke)}, line width={_num(s.line)}pt] {_tikz_grid(s)};"
            )
        else:
            anchor = {"middle": "north", "start": "north west", "end": "north east"}[s.anchor]
            text = f"{s.base}_{{{s.sub}}}" if s.sub else s.base
            text = f"${text}$" if s.math else text
            colour = f", text={_rgb(s.colour)}" if s.colour else ""
            lines.append(
                f"  \\node[anchor={anchor}, inner sep=0pt, font=\\scriptsize{colour}] "
                f"at ({_num(s.x)},{_num(s.y)}) {{{text}}};"
            )
    flush()
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)


#: Pixels per centimetre of an SVG (1.3 times the CSS centimetre: pictures read on screens).
_PX_PER_CM = 49.0
_SVG_SYMBOLS = {"\\cdots": "\u22ef", "\\vdots": "\u22ee", "\\ddots": "\u22f1"}


def svg(pic: Picture) -> str:
    """The picture as a standalone SVG document (cm coordinates in the viewBox)."""
    margin = 0.1
    w, h = pic.width + 2 * margin, pic.height + 2 * margin
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(w * _PX_PER_CM)}" '
        f'height="{_num(h * _PX_PER_CM)}" viewBox="{_num(-margin)} {_num(-margin)} '
        f'{_num(w)} {_num(h)}">',
        '<rect x="-0.1" y="-0.1" width="100%" height="100%" fill="#ffffff"/>',
    ]
    for s in pic.shapes:
        if isinstance(s, Box):
            fill = f"#{s.fill}" if s.fill else "none"
            stroke = (
                f' stroke="#{s.stroke}" stroke-width="{_num(s.line * 0.03528)}"' if s.stroke else ""
            )
            out.append(
                f'<rect x="{_num(s.x)}" y="{_num(s.y)}" width="{_num(s.w)}" '
                f'height="{_num(s.h)}" fill="{fill}"{stroke}/>'
            )
        elif isinstance(s, Grid):
            path = [
                f"M{_num(x0)} {_num(y0)}L{_num(x1)} {_num(y1)}"
                for (x0, y0), (x1, y1) in grid_lines(s)
            ]
            out.append(
                f'<path d="{"".join(path)}" fill="none" stroke="#{s.stroke}" '
                f'stroke-width="{_num(s.line * 0.03528)}"/>'
            )
        else:
            base = _SVG_SYMBOLS.get(s.base, s.base)
            style = ' font-style="italic"' if s.math and s.base.isalpha() else ""
            sub = (
                f'<tspan dy="0.08" font-size="0.19" font-style="normal">{escape(s.sub)}</tspan>'
                if s.sub
                else ""
            )
            fill = f' fill="#{s.colour}"' if s.colour else ""
            out.append(
                f'<text x="{_num(s.x)}" y="{_num(s.y + 0.25)}" font-family="serif" '
                f'font-size="0.28" text-anchor="{s.anchor}"{style}{fill}>{escape(base)}{sub}</text>'
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"
