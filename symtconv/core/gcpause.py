"""Pausing Python's cyclic garbage collector while a big expression is built.

Building a derivation allocates hundreds of thousands of small SymPy objects
that all stay alive; the collector, which runs every few hundred allocations
and now and then walks every live object, would spend more time looking at
them than building them takes (about half of it at J=128).  SymPy expressions
hold no reference cycles, so nothing is left for it to free meanwhile.

Examples:
    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block; restore it after, if it was on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
