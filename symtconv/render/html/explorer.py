"""The interactive part of a derivation's page: the grids (:mod:`.panels`), the controls,
the count layer's legend and the readout, as markup that the page's script brings to life.

Examples:
    >>> from symtconv import derive
    >>> from symtconv.render.document import DocumentOptions
    >>> html = explorer(derive(), DocumentOptions())
    >>> 'data-name="y_{1,1}"' in html and 'data-terms="0:3 1:2 2:1 3:0"' in html
    True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..document.options import DocumentOptions
from .entries import heat
from .markup import Attrs, element, escape, void
from .panels import Panels

if TYPE_CHECKING:
    from ...engine.derivation import Derivation
    from ...engine.overlap import Overlap

__all__ = ["explorer"]


def _figure(title: str, body: str, attrs: Attrs | None = None) -> str:
    return element(
        "section", {"class": "grid", **(attrs or {})}, element("h3", None, escape(title)) + body
    )


def _radio(name: str, value: str, text: str, checked: bool) -> str:
    control = void("input", {"type": "radio", "name": name, "value": value, "checked": checked})
    return element("label", None, control + " " + escape(text))


def _controls(page: Panels) -> str:
    w = page.words
    groups = []
    if page.transposed:
        views = _radio("view", "scatter", w["view_scatter"], True) + _radio(
            "view", "zero", w["view_zero"], False
        )
        groups.append(element("fieldset", None, element("legend", None, escape(w["view"])) + views))
        counts = void("input", {"type": "checkbox", "name": "counts"})
        groups.append(
            element("label", {"class": "toggle"}, counts + " " + escape(w["layer_counts"]))
        )
    named = any(str(v) != page.x_name(q) for q, v in enumerate(page.x)) or any(
        str(v) != page.w_name(t) for t, v in enumerate(page.w)
    )
    if named:
        shows = _radio("show", "values", w["show_values"], True) + _radio(
            "show", "names", w["show_names"], False
        )
        groups.append(
            element("fieldset", None, element("legend", None, escape(w["entries"])) + shows)
        )
    return element(
        "div", {"class": "controls", "role": "group", "aria-label": w["controls"]}, "".join(groups)
    )


def _counts_legend(page: Panels) -> str:
    """The count layer's legend: a swatch per count, and the classification."""
    o = page.overlap
    if o is None:
        return ""
    w = page.words
    swatches = "".join(
        element("span", {"class": f"swatch h{heat(v, page.count_values) + 1}"}, str(v))
        for v in page.count_values
    )
    interior = [n for r in o.interior for n in (len(r),)]
    table = sorted({int(v) for v in np.unique(o.phase_table)})
    kind = w[f"kind_{o.kind}"].format(n=", ".join(map(str, table)))
    notes = [kind] + ([w["interior"]] if all(interior) else [])
    return element(
        "p",
        {"class": "legend counts-only"},
        escape(w["legend_counts"]) + ": " + swatches + " " + escape("; ".join(notes)),
    )


def _readout(page: Panels) -> str:
    w = page.words
    texts = {
        f"data-t-{key.replace('_', '-')}": w[key]
        for key in ("zero_taps", "no_terms", "hidden_terms", "copy", "reaches", "window", "idle")
    }
    return element(
        "div",
        {"class": "readout", "role": "status", "aria-live": "polite", **texts},
        element("p", {"class": "idle"}, escape(w["idle"])),
    )


def explorer(d: Derivation, options: DocumentOptions, overlap: Overlap | None = None) -> str:
    """The explorer of a derivation, as markup (the page adds its script and style).

    Args:
        d: the derivation.
        options: the elision settings (``threshold``, ``edgeitems``) and the language.
        overlap: the overlap of a transposed derivation, for the count layer (None: no
            layer).
    """
    page = Panels(d, options, overlap if d.spec.transposed else None)
    w = page.words
    kind = "t" if page.transposed else "f"
    padded_input = not page.transposed and any(lo or hi for lo, hi in d.spec.padding)
    inputs = _figure(w["input_f"] if padded_input else w["input"], page.input_grid())
    kernel = _figure(w["kernel"], page.kernel_grid())
    padded = any(lo or hi for lo, hi in d.spec.padding)
    title = w[f"output_{kind}"] if padded else w["output_f"]
    output = _figure(title, page.output_grid() + _counts_legend(page))
    views = [element("div", {"class": "view scatter-only"}, inputs + kernel)]
    if page.transposed:
        zero = _figure(w["stretched"], page.stretched_grid()) + _figure(
            w["flipped"], page.flipped_grid()
        )
        views.append(element("div", {"class": "view zero-only"}, zero))
    matrix = _figure(w[f"matrix_{kind}"], page.matrix_grid(), {"data-part": "matrix"})
    notes = [w["legend_taps"]]
    if page.elided:
        notes.append(w["elided"].format(t=page.t, e=page.e))
    if d.spec.batch is not None:
        notes.append(w["sample"])
    extras = page.pool() + (page.copies() if page.transposed else "")
    body = (
        element("h2", {"id": "explore"}, escape(w["explore"]))
        + element("p", {"class": "help"}, escape(w[f"help_{kind}"]))
        + element("p", {"class": "help keys"}, escape(w[f"keys_{kind}"]))
        + _controls(page)
        + element("div", {"class": "views"}, "".join(views) + output)
        + _readout(page)
        + matrix
        + "".join(element("p", {"class": "note"}, escape(n)) for n in notes)
        + extras
    )
    return element(
        "section",
        {"class": "explorer", "aria-labelledby": "explore", **page.geometry()},
        body,
    )
