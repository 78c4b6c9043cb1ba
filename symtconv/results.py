"""Results: plain data that renders itself, through one hook.

Every result symtconv returns (a derivation, a verification or sweep report, a
shape report, a proof, a check report, a conversion, a crosscheck report)
derives from :class:`Result`.  A result only holds data; each of its renderings
is a *writer* in :mod:`symtconv.render`, registered here for the result's class
and a format:

=========  ==============================================  =====================
format     what it returns                                 reached through
=========  ==============================================  =====================
text       plain text                                      ``str(result)``
data       plain data (dicts, lists, numbers, strings)     ``result.as_dict()``
json       JSON text of the plain data                     ``result.to_json()``
math       a LaTeX math fragment                           ``sympy.latex(result)``,
                                                           ``_repr_latex_``
latex      a LaTeX document                                ``result.to_latex()``
markdown   a Markdown document                             ``result.to_markdown()``
=========  ==============================================  =====================

The stages that compute results sit below :mod:`symtconv.render` and never
import it; this registry is the one hook between them.  ``symtconv/__init__``
(which runs first, whichever module a caller imports) sets
:data:`WRITER_LOADER` to import :mod:`symtconv.render`, which registers every
writer; the first look-up of a writer calls it.

Examples:
    >>> from symtconv import derive
    >>> d = derive()
    >>> str(d).splitlines()[0]
    'Transposed convolution as y = C^T x'
    >>> d.as_dict()["output"]
    [[1, 2, 0], [3, 3, -2], [0, -3, -4]]
    >>> writer_for(d, "pdf")
    Traceback (most recent call last):
    ...
    symtconv.errors.SpecError: format: got 'pdf' for a Derivation; valid formats: data, html, ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from .errors import SpecError

__all__ = ["WRITERS", "WRITER_LOADER", "Result", "writer", "writer_for"]

#: (class name, format) -> writer; a writer takes the result (and options).
WRITERS: dict[tuple[str, str], Callable[..., Any]] = {}

#: Registered for this name, a writer serves every result class.
ANY = "*"

F = TypeVar("F", bound=Callable[..., Any])


def writer(kind: str, fmt: str) -> Callable[[F], F]:
    """Register the decorated function as the ``fmt`` writer of results of class ``kind``.

    ``kind`` is the class name (``"Derivation"``), so that :mod:`symtconv.render`
    registers writers without importing the classes at run time; ``"*"`` serves
    every class that has no writer of its own for that format.
    """

    def register(fn: F) -> F:
        WRITERS[(kind, fmt)] = fn
        return fn

    return register


#: Called once, the first time a writer is looked up, to register the writers: the
#: package sets it to import :mod:`symtconv.render` (which this module never imports).
WRITER_LOADER: Callable[[], None] | None = None


def _load_writers() -> None:
    global WRITER_LOADER
    loader, WRITER_LOADER = WRITER_LOADER, None
    if loader is not None:
        loader()


def writer_for(result: object, fmt: str) -> Callable[..., Any]:
    """The writer of ``fmt`` for ``result``'s class (or a base class, or ``"*"``).

    Raises:
        SpecError: no writer of that format for this kind of result.
    """
    _load_writers()
    for klass in type(result).__mro__:
        fn = WRITERS.get((klass.__name__, fmt))
        if fn is not None:
            return fn
    fn = WRITERS.get((ANY, fmt))
    if fn is not None:
        return fn
    names = {k.__name__ for k in type(result).__mro__} | {ANY}
    valid = sorted({f for (kind, f) in WRITERS if kind in names})
    raise SpecError(
        f"format: got {fmt!r} for a {type(result).__name__}; valid formats: {', '.join(valid)}"
    )


class Result:
    """Base of every result: its renderings come from the registered writers."""

    def __str__(self) -> str:
        return str(writer_for(self, "text")(self))

    def as_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready)."""
        data: dict[str, Any] = writer_for(self, "data")(self)
        return data

    def to_json(self, indent: int | None = 2) -> str:
        """The plain data as JSON text (objects indented, short lists on one line)."""
        return str(writer_for(self, "json")(self, indent=indent))

    def _latex(self, printer: Any = None) -> str:
        """``sympy.latex(result)``: the result as one LaTeX math fragment."""
        return str(writer_for(self, "math")(self, printer))

    def _repr_latex_(self) -> str | None:
        """Jupyter's LaTeX view (``None``, so Jupyter shows the text, without a math writer)."""
        _load_writers()
        if not any((klass.__name__, "math") in WRITERS for klass in type(self).__mro__):
            return None
        return f"$\\displaystyle {self._latex(None)}$"
