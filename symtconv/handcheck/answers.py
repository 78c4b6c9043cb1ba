"""Reading what a user claims about a convolution: a whole output, one entry,
an output size, or the intermediate placements ("steps").

Claims come as text (parsed by :mod:`symtconv.core.parse`, never evaluated),
nested lists, arrays, or JSON data.  Entries are numbers, fractions, floats,
symbolic expressions in the derivation's names (``x_{i,j}``, ``w_{a,b}``,
``b_{c}``), or ``?`` for an entry not computed.  A claim that names any other
symbol is refused (:func:`resolve`), so nothing unknown is ever compared.

Examples:
    >>> read_output_claim("1 2 ?; 3 x_{0,0}*w_{1,1} 0").tolist()
    [[1, 2, None], [3, w_{1,1}*x_{0,0}, 0]]
    >>> read_output_claim([[1, "1/2"], ["?", 0.25]]).tolist()
    [[1, 1/2], [None, 0.250000000000000]]
    >>> read_size_claim("3,3", rank=2), read_size_claim(4, rank=2)
    ((3, 3), (4, 4))
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from ..core.lexer import clip
from ..core.parse import nested_array, parse_expression, parse_int_tuple, parse_tensor
from ..errors import ParseError

__all__ = [
    "STEP_KEYS",
    "StepClaim",
    "read_entry_claim",
    "read_index",
    "read_output_claim",
    "read_size_claim",
    "read_steps",
    "resolve",
    "resolve_value",
]

#: The keys a step of ``claimed_steps`` may have, with what each one means.
STEP_KEYS = {
    "input": "the input element placed, as its index (e.g. [0, 1] for x_{0,1})",
    "value": "that element's value",
    "at": "the output position where the kernel's first tap lands (q*s - p_lo per dimension)",
    "block": "the element times the kernel (the block placed)",
    "sum": "the output accumulated so far (after this placement), '?' allowed",
}


@dataclass(frozen=True)
class StepClaim:
    """One claimed placement (every field optional).

    Attributes:
        number: 1-based position in the list.
        input: the claimed input index (as in the ``x`` names), or ``None``.
        value: the claimed value of that element, or ``None``.
        at: the claimed offset, or ``None``.
        block: the claimed block (object array), or ``None``.
        sum: the claimed running output (object array, ``None`` entries for ``?``), or ``None``.
    """

    number: int
    input: tuple[int, ...] | None = None
    value: sympy.Expr | None = None
    at: tuple[int, ...] | None = None
    block: np.ndarray | None = None
    sum: np.ndarray | None = None


def _entry(value: Any, what: str) -> sympy.Expr | None:
    """One claimed entry as a SymPy value (``None`` for ``?``)."""
    if value is None:
        return None
    if isinstance(value, str):
        return parse_expression(value, what, allow_unknown=True)
    if isinstance(value, (bool, np.bool_)):
        raise ParseError(
            f"{what}: got {clip(repr(value), 40)[1:-1]}; entries must be numbers, expressions "
            "or '?'"
        )
    if isinstance(value, sympy.Basic):
        if not isinstance(value, sympy.Expr):
            raise ParseError(
                f"{what}: got {clip(repr(value), 40)[1:-1]}; entries must be expressions"
            )
        return value
    if isinstance(value, numbers.Integral):
        return sympy.Integer(int(value))
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Rational):
        if not np.isfinite(float(value)):
            raise ParseError(f"{what}: got {clip(repr(value), 40)[1:-1]}; entries must be finite")
        return sympy.Float(float(value))
    if isinstance(value, numbers.Rational):
        return sympy.Rational(int(value.numerator), int(value.denominator))
    raise ParseError(
        f"{what}: got {clip(repr(value), 40)[1:-1]} ({type(value).__name__}); entries must be "
        "numbers, expressions or '?'"
    )


def read_output_claim(claimed: Any, what: str = "claimed") -> np.ndarray:
    """A claimed tensor as an object array of SymPy values (``None`` for ``?``).

    Args:
        claimed: text (nested lists, rows ``"1 2; 3 4"``, a LaTeX
            bmatrix/pmatrix), nested lists or an array; entries numbers,
            fractions, floats, SymPy expressions, strings or ``None``/``"?"``.
        what: the name used in error messages.

    Raises:
        ParseError: unparsable text, a ragged tensor, or an entry of another type.
    """
    if isinstance(claimed, str):
        return parse_tensor(claimed, what, allow_unknown=True)
    if isinstance(claimed, (np.ndarray, sympy.MatrixBase, sympy.NDimArray)):
        claimed = claimed.tolist()
    if not isinstance(claimed, (list, tuple)):
        return np.array(_entry(claimed, what), dtype=object).reshape(())
    return nested_array(
        claimed, what, lambda item, index: _entry(item, f"{what} entry {list(index)}")
    )


def read_entry_claim(claimed: Any, what: str = "claimed") -> sympy.Expr | None:
    """One claimed entry: a number, an expression (text or SymPy), or ``?``."""
    return _entry(claimed, what)


def read_index(index: Any, what: str = "entry") -> tuple[int, ...]:
    """An output index: ``"1,1"`` or a sequence of ints.

    Raises:
        ParseError: not integers.
    """
    if isinstance(index, str):
        return parse_int_tuple(what, index)
    if isinstance(index, numbers.Integral) and not isinstance(index, bool):
        return (int(index),)
    if isinstance(index, Sequence) and all(
        isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in index
    ):
        return tuple(int(v) for v in index)
    raise ParseError(
        f"{what}: got {clip(repr(index), 40)[1:-1]}; expected integers such as 1,1 (0-based)"
    )


def read_size_claim(size: Any, rank: int, what: str = "claimed_size") -> tuple[int, ...]:
    """A claimed output size: ``"3"``, ``"3,3"``, an int or a sequence (one value: every dimension).

    Raises:
        ParseError: not integers, or a count that is neither 1 nor the spatial rank.
    """
    values = read_index(size, what)
    if len(values) == 1 and rank > 1:
        values = values * rank
    if len(values) != rank:
        raise ParseError(
            f"{what}: got {len(values)} value(s) {list(values)}; the output has {rank} "
            f"spatial dimension(s): give 1 or {rank} value(s)"
        )
    return values


def _ints(value: Any, what: str) -> tuple[int, ...]:
    if (
        isinstance(value, (list, tuple))
        and value
        and all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in value)
    ):
        return tuple(int(v) for v in value)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return (int(value),)
    raise ParseError(
        f"{what}: got {clip(repr(value), 40)[1:-1]}; expected a list of integers such as [0, 1]"
    )


def read_steps(steps: Any, what: str = "claimed_steps") -> list[StepClaim]:
    """Claimed placements: a list whose items are dicts with keys from :data:`STEP_KEYS`,
    or bare blocks (a matrix: nested lists or text).

    Raises:
        ParseError: not a non-empty list, an unknown key, or an unparsable field.
    """
    if not isinstance(steps, (list, tuple)) or not steps:
        raise ParseError(
            f"{what}: got {type(steps).__name__}; expected a non-empty JSON list of steps "
            f"(objects with keys {', '.join(STEP_KEYS)}, or bare blocks)"
        )
    out = []
    for number, item in enumerate(steps, start=1):
        where = f"{what} step {number}"
        if not isinstance(item, Mapping):
            item = {"block": item}
        unknown = sorted(set(item) - set(STEP_KEYS))
        if unknown:
            raise ParseError(
                f"{where}: unknown key(s) {', '.join(map(repr, unknown))}; valid keys are "
                f"{', '.join(STEP_KEYS)}"
            )
        fields: dict[str, Any] = {}
        if "input" in item:
            fields["input"] = _ints(item["input"], f"{where} 'input'")
        if "at" in item:
            fields["at"] = _ints(item["at"], f"{where} 'at'")
        if "value" in item:
            fields["value"] = _entry(item["value"], f"{where} 'value'")
        for key in ("block", "sum"):
            if key in item:
                fields[key] = read_output_claim(item[key], f"{where} '{key}'")
        out.append(StepClaim(number, **fields))
    return out


def _valid_names(names: Mapping[sympy.Symbol, Any]) -> str:
    groups: dict[str, list[str]] = {}
    for symbol in names:
        groups.setdefault(symbol.name.split("_")[0], []).append(symbol.name)
    parts = [v[0] if len(v) == 1 else f"{v[0]} .. {v[-1]}" for v in groups.values()]
    return ", ".join(parts)


def resolve_value(
    value: sympy.Expr | None, names: Mapping[sympy.Symbol, sympy.Expr], what: str
) -> sympy.Expr | None:
    """Check a claimed value names only known symbols, and put in the known values.

    Args:
        value: the claimed value (``None`` for ``?``).
        names: every name the derivation knows -> its value (the symbol itself
            when symbolic).
        what: where the value came from, for the error message.

    Raises:
        ParseError: the value names a symbol that is not among ``names``.

    Examples:
        >>> x, w = sympy.Symbol("x_{0,0}"), sympy.Symbol("w_{0,0}")
        >>> resolve_value(x * w + 1, {x: sympy.Integer(2), w: w}, "claimed")
        2*w_{0,0} + 1
    """
    if value is None:
        return None
    unknown = sorted((s for s in value.free_symbols if s not in names), key=str)
    if unknown:
        raise ParseError(
            f"{what}: names unknown symbol(s) {clip(', '.join(map(str, unknown)), 60)[1:-1]}; "
            f"valid names are {_valid_names(names)}"
        )
    substitutions = {s: names[s] for s in value.free_symbols if names[s] != s}
    return value.xreplace(substitutions) if substitutions else value


def resolve(arr: np.ndarray, names: Mapping[sympy.Symbol, sympy.Expr], what: str) -> np.ndarray:
    """:func:`resolve_value` on every entry of a claimed array."""
    out = np.empty(arr.shape, dtype=object)
    for index, value in np.ndenumerate(arr):
        where = f"{what} entry {list(index)}" if arr.ndim else what
        out[index] = resolve_value(value, names, where)
    return out
