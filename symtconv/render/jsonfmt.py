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
from itertools import repeat
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

from ..results import ANY, writer

__all__ = ["INLINE_WIDTH", "dumps", "encode", "result_json"]

INLINE_WIDTH = 100
_ENCODER = json.JSONEncoder(ensure_ascii=False)
# json's C encoder, made once (json.dumps makes a new encoder for every call)
_C_ENCODE = (
    None
    if c_make_encoder is None
    else c_make_encoder(
        None, _ENCODER.default, encode_basestring, None, ": ", ", ", False, False, True
    )
)
_NESTED = (list, tuple, dict)


def encode(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False)``, faster."""
    if type(value) is str:
        return encode_basestring(value)
    if _C_ENCODE is None:  # pragma: no cover - Python without json's C accelerator
        return _ENCODER.encode(value)
    return "".join(_C_ENCODE(value, 0))


def _flat(value: Any) -> bool:
    """True for a list (or tuple) of scalars."""
    return not any(map(isinstance, value, repeat(_NESTED)))


def _inline(value: Any) -> str | None:
    """One-line JSON for scalars and (nested) lists of scalars, if short enough.

    A list of scalars is always one line; a list of such lists when it is at
    most ``INLINE_WIDTH`` characters long.
    """
    if isinstance(value, dict):
        return None if value else "{}"
    if isinstance(value, (list, tuple)):
        return encode(value) if _flat(value) else _inline_parts(value)[0]
    return encode(value)


def _inline_parts(value: Any) -> tuple[str | None, list[str | None]]:
    """A nested list's one-line JSON (or None), and its elements' (reused if it is None)."""
    if all(map(isinstance, value, repeat((list, tuple)))) and all(map(_flat, value)):
        text = encode(value)  # a list of lists of scalars: the elements are one-line
        if len(text) <= INLINE_WIDTH:
            return text, []
        return None, [encode(v) for v in value]
    parts = [_inline(v) for v in value]
    if None in parts:
        return None, parts
    text = "[" + ", ".join(parts) + "]"  # type: ignore[arg-type]
    return (text if len(text) <= INLINE_WIDTH else None), parts


def dumps(value: Any, indent: int | None = 2, _level: int = 0) -> str:
    """Serialise ``value`` as JSON, compact where it stays readable (``indent=None``: one line)."""
    if indent is None:
        return json.dumps(value, ensure_ascii=False)
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is dict:
        return _dict(value, indent, _level) if value else "{}"
    if kind is not list and kind is not tuple:
        return _dict(value, indent, _level) if isinstance(value, dict) and value else encode(value)
    if _flat(value):
        return encode(value)
    text, parts = _inline_parts(value)
    if text is not None:
        return text
    inner = " " * (indent * (_level + 1))
    items = [
        inner + (part if part is not None else dumps(v, indent, _level + 1))
        for part, v in zip(parts, value)
    ]
    return "[\n" + ",\n".join(items) + "\n" + " " * (indent * _level) + "]"


_KEYS: dict[str, str] = {}


def _dict(value: dict[Any, Any], indent: int, level: int) -> str:
    inner = " " * (indent * (level + 1))
    keys = _KEYS
    items = []
    for k, v in value.items():
        key = keys.get(k) if type(k) is str else None
        if key is None:
            key = encode_basestring(str(k))
            if type(k) is str and len(keys) < 4096:
                keys[k] = key
        items.append(f"{inner}{key}: {dumps(v, indent, level + 1)}")
    return "{\n" + ",\n".join(items) + "\n" + " " * (indent * level) + "}"


@writer(ANY, "json")
def result_json(result: Any, indent: int | None = 2) -> str:
    """Every result's JSON: its plain data (``as_dict``) through :func:`dumps`."""
    return dumps(result.as_dict(), indent=indent)
