"""Jupyter notebooks into blocks: the JSON read with limits, Markdown cells and code cells.

A notebook is JSON (nbformat 4: ``{"cells": [{"cell_type", "source"}, ...]}``); it is
read with :mod:`json` (the nbformat package would bring jsonschema and traitlets for
a validation this reader does not need), with limits on the number of cells.  Markdown
cells go through :func:`~symtconv.linter.read_markdown.read_markdown`; code cells are
*code* in the notebook's language (Python unless its metadata says otherwise), never
run; their outputs and raw cells are not read.  Lines are counted within each cell
(1-based, with the cell's 1-based number).

Examples:
    >>> nb = '{"cells": [{"cell_type": "code", "source": ["x = 1\\\\n", "y = 2"]}]}'
    >>> [(b.kind, b.cell, b.line, b.lang) for b in read_notebook(nb)]
    [('code', 1, 1, 'python')]
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import ParseError, TooLargeError
from .blocks import Block
from .read_markdown import read_markdown

__all__ = ["MAX_CELLS", "read_notebook"]

#: Most cells read from one notebook.
MAX_CELLS = 5_000


def _source(cell: Any, number: int) -> str:
    source = cell.get("source", "")
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        return "".join(source)
    if isinstance(source, str):
        return source
    raise ParseError(
        f"notebook: cell {number} has a 'source' of type {type(source).__name__}; "
        "expected a string or a list of strings"
    )


def _language(nb: dict[str, Any]) -> str:
    meta = nb.get("metadata")
    if not isinstance(meta, dict):
        return "python"
    for key, field in (("kernelspec", "language"), ("language_info", "name")):
        sub = meta.get(key)
        if isinstance(sub, dict) and isinstance(sub.get(field), str):
            return str(sub[field]).lower()
    return "python"


def read_notebook(text: str) -> list[Block]:
    """The blocks of a notebook's JSON text.

    Raises:
        ParseError: not JSON, or not a notebook (no list of cells, a malformed cell).
        TooLargeError: more than :data:`MAX_CELLS` cells.
    """
    try:
        nb = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = (
            f" ({exc.msg} at line {exc.lineno}, column {exc.colno})"
            if isinstance(exc, json.JSONDecodeError)
            else " (nested too deeply)"
        )
        raise ParseError(f"notebook: not JSON{where}; expected a Jupyter notebook") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        raise ParseError("notebook: no 'cells' list at the top; expected a Jupyter notebook (v4)")
    if len(cells) > MAX_CELLS:
        raise TooLargeError(
            f"notebook: {len(cells)} cells; notebooks of at most {MAX_CELLS} cells are linted"
        )
    lang = _language(nb)
    blocks: list[Block] = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            raise ParseError(f"notebook: cell {number} is not an object")
        source = _source(cell, number)
        kind = cell.get("cell_type")
        if kind == "markdown":
            blocks.extend(read_markdown(source, cell=number))
        elif kind == "code" and source.strip():
            blocks.append(Block("code", source, 1, 1, number, lang=lang))
    return blocks
