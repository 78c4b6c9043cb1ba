"""The bounds on what symtconv reads: integer literals, sizes, texts and seeds.

One validation of integers for the whole package:

* text becomes an ``int`` only through :func:`read_int`, which refuses more than
  :data:`MAX_DIGITS` digits first (Python itself refuses ``int()`` of more than
  4300 digits with a ``ValueError``, and a long literal is never a size anyone means);
* every size, stride, padding, dilation, output padding, channel count, group
  count and batch in a :class:`~symtconv.core.spec.ConvSpec` is at most
  :data:`MAX_SIZE`, checked by :func:`check_size_value`; the products of such
  numbers are computed with Python integers by :mod:`symtconv.core.cost` before
  NumPy ever sees them, so no int64 index arithmetic can overflow later;
* every text a user gives (a matrix, a claim, a steps file) is at most
  :data:`MAX_TEXT` characters;
* a random seed is an integer from 0 to :data:`MAX_SEED` (:func:`check_seed`).

Examples:
    >>> read_int(" 12 ", "stride")
    12
    >>> read_int("9" * 2000, "stride")
    Traceback (most recent call last):
    ...
    symtconv.errors.ParseError: stride: got an integer of 2000 digits ('9999999...'); at most ...
    >>> check_seed(-1)
    Traceback (most recent call last):
    ...
    symtconv.errors.SpecError: seed: got -1; must be an integer from 0 to 18446744073709551615
"""

from __future__ import annotations

import numbers
import re

from ..errors import ParseError, SpecError
from .lexer import clip

__all__ = [
    "MAX_DIGITS",
    "MAX_SEED",
    "MAX_SIZE",
    "MAX_TEXT",
    "check_seed",
    "check_size_value",
    "is_integer",
    "read_int",
]

#: Most digits of an integer literal read from text (a matrix entry, an option, JSON).
MAX_DIGITS = 1000
#: Largest size, stride, padding, dilation, output padding, channel count, group count or
#: batch of a spec (2**31 - 1, the int32 range the frameworks index with).
MAX_SIZE = 2**31 - 1
#: Most characters of one text a user gives (a matrix, a claim, a steps file).
MAX_TEXT = 1_000_000
#: Largest random seed (NumPy's generators take 0 to 2**64 - 1 as one seed).
MAX_SEED = 2**64 - 1

_INTEGER = re.compile(r"[+-]?\d+")


def read_int(text: str, what: str) -> int:
    """The integer a text spells (digits, an optional sign, spaces around).

    Args:
        text: the text.
        what: the parameter's name, for the message.

    Raises:
        ParseError: not an integer, or more than :data:`MAX_DIGITS` digits.
    """
    stripped = text.strip()
    digits = len(stripped.lstrip("+-"))
    if digits > MAX_DIGITS and _INTEGER.fullmatch(stripped):
        raise ParseError(
            f"{what}: got an integer of {digits} digits ({clip(stripped, 10)}); at most "
            f"{MAX_DIGITS} digits are accepted"
        )
    if not _INTEGER.fullmatch(stripped):
        raise ParseError(f"{what}: got {clip(stripped, 40)}; must be an integer")
    return int(stripped)


def is_integer(value: object) -> bool:
    """An ``int`` (or a NumPy integer), not a ``bool``."""
    if type(value) is int:
        return True
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def check_size_value(name: str, value: int, where: str = "") -> None:
    """Refuse a spec value above :data:`MAX_SIZE`.

    Raises:
        SpecError: naming the value (its digits only when it is long) and the bound.
    """
    if value > MAX_SIZE:
        shown = str(value) if value < 10**30 else f"an integer of {len(str(value))} digits"
        raise SpecError(f"{name}: got {shown}{where}; must be at most {MAX_SIZE:,} (2**31 - 1)")


def check_seed(seed: object, what: str = "seed") -> int:
    """A random seed: an integer from 0 to :data:`MAX_SEED`.

    Raises:
        SpecError: anything else.
    """
    if not is_integer(seed) or not 0 <= int(seed) <= MAX_SEED:  # type: ignore[call-overload]
        raise SpecError(
            f"{what}: got {clip(repr(seed), 40)[1:-1]}; must be an integer from 0 to {MAX_SEED}"
        )
    return int(seed)  # type: ignore[call-overload]
