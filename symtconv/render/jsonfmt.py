"""JSON text that people can read: objects indented, lists of scalars on one line.

Examples:
    >>> print(dumps({"output": [[1, 2], [3, 4]], "ok": True}))
    {
      "output": [[1, 2], [3, 4]],
      "ok": true
    }
"""

from __future__ import annotations

import json
from typing import Any

from ..results import ANY, writer

__all__ = ["dumps", "result_json"]

_INLINE_WIDTH = 100


def _inline(value: Any) -> str | None:
    """One-line JSON for scalars and (nested) lists of scalars, if short enough."""
    if isinstance(value, dict):
        return None if value else "{}"
    if isinstance(value, (list, tuple)):
        parts = [_inline(v) for v in value]
        if any(p is None for p in parts):
            return None
        text = "[" + ", ".join(parts) + "]"  # type: ignore[arg-type]
        return (
            text
            if len(text) <= _INLINE_WIDTH or all(not isinstance(v, (list, tuple)) for v in value)
            else None
        )
    return json.dumps(value, ensure_ascii=False)


def dumps(value: Any, indent: int | None = 2, _level: int = 0) -> str:
    """Serialise ``value`` as JSON, compact where it stays readable (``indent=None``: one line)."""
    if indent is None:
        return json.dumps(value, ensure_ascii=False)
    inline = _inline(value)
    if inline is not None:
        return inline
    pad, inner = " " * (indent * _level), " " * (indent * (_level + 1))
    if isinstance(value, dict):
        items = [
            f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {dumps(v, indent, _level + 1)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    items = [f"{inner}{dumps(v, indent, _level + 1)}" for v in value]
    return "[\n" + ",\n".join(items) + "\n" + pad + "]"


@writer(ANY, "json")
def result_json(result: Any, indent: int | None = 2) -> str:
    """Every result's JSON: its plain data (``as_dict``) through :func:`dumps`."""
    return dumps(result.as_dict(), indent=indent)
