"""The one error hierarchy of symtconv.

Every error symtconv raises on purpose derives from :class:`SymtconvError`.
Concrete errors also inherit the built-in exception they resemble, so that
``except ValueError`` keeps working for callers who do not know symtconv.

Examples:
    >>> from symtconv.errors import SpecError, SymtconvError
    >>> try:
    ...     raise SpecError("stride: got 0; must be an integer >= 1")
    ... except SymtconvError as exc:
    ...     print(exc)
    stride: got 0; must be an integer >= 1
"""

from __future__ import annotations

__all__ = [
    "EncodingError",
    "MissingDependencyError",
    "ParseError",
    "SpecError",
    "SymtconvError",
    "TooLargeError",
]


class SymtconvError(Exception):
    """Root of every error symtconv raises on purpose."""


class SpecError(ValueError, SymtconvError):
    """A convolution parameter or tensor that is not valid.

    The message names the parameter, the offending value and what is valid.
    """


class ParseError(ValueError, SymtconvError):
    """Text (a matrix, an expression, a claim) that could not be parsed."""


class TooLargeError(SymtconvError):
    """A symbolic computation beyond the configured size limit."""


class MissingDependencyError(ImportError, SymtconvError):
    """An optional tool (torch, onnx, z3, pdflatex) that a request needs is missing."""


class EncodingError(SymtconvError):
    """An expression the SMT encoding does not support (reported as "unknown")."""
