"""symtconv's memoised functions, and clearing them all at once.

A few pure functions keep their last results (C's structure per spec, the names of
an array's entries, the widths of printed math, ...).  :func:`clear_caches` empties
every one of them, as SymPy's ``clear_cache`` does its own: the benchmarks clear both
before every timed call, so that each call is measured cold.

Examples:
    >>> @memo(maxsize=4)
    ... def square(n: int) -> int:
    ...     return n * n
    >>> square(3), square.cache_info().currsize
    (9, 1)
    >>> clear_caches()
    >>> square.cache_info().currsize
    0
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["clear_caches", "memo"]

F = TypeVar("F", bound=Callable[..., Any])

_CACHES: list[Any] = []


def memo(maxsize: int | None = 128) -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)``, registered for :func:`clear_caches`."""

    def wrap(fn: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(fn)
        _CACHES.append(cached)
        return cached  # type: ignore[return-value]

    return wrap


def clear_caches() -> None:
    """Empty every cache made with :func:`memo`."""
    for cached in _CACHES:
        cached.cache_clear()
