"""Symbol names: the safe alphabet, and their one spelling.

A name enters symtconv in two places only: the parser of the text users type
(:mod:`symtconv.core.parse`) and :func:`symtconv.core.operands.to_sympy_array`
for SymPy values given through the Python API.  Both accept only names of the
safe alphabet: a letter, then letters and digits, then at most one subscript,
``_`` followed by letters and digits or by ``{...}`` holding letters, digits and
commas (``x``, ``a1``, ``x_0``, ``x_{0,1}``, ``w_{ci,co,a,b}``).  Such a name
is the same text in LaTeX math, Markdown math and HTML: nothing in it is a
control sequence, a brace group of its own, or markup, so every writer may
print it as it is.

Examples:
    >>> is_safe_name("x_{0,1}"), is_safe_name("x_{\\\\input{f}}"), is_safe_name("x_{<b>}")
    (True, False, False)
    >>> canonical_name("x_{0, 1}"), canonical_name("w_1")
    ('x_{0,1}', 'w_{1}')
"""

from __future__ import annotations

import re

from ..errors import SpecError
from .lexer import clip

__all__ = ["NAME_RULE", "SAFE_NAME", "canonical_name", "check_name", "is_safe_name"]

#: The safe alphabet, as a pattern (whitespace inside ``{...}`` is allowed when typed).
SAFE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:_(?:[A-Za-z0-9]+|\{[A-Za-z0-9,\s]*\}))?")
#: The rule in words, for messages.
NAME_RULE = (
    "a letter, then letters and digits, then at most one subscript: _ and letters and "
    "digits, or _{...} with letters, digits and commas"
)


def is_safe_name(name: str) -> bool:
    """Whether ``name`` is in the safe alphabet."""
    return SAFE_NAME.fullmatch(name) is not None


def check_name(name: str, what: str) -> str:
    """``name`` itself when it is in the safe alphabet.

    Raises:
        SpecError: naming the value (clipped) and the rule.
    """
    if not is_safe_name(name):
        raise SpecError(
            f"{what}: symbol name {clip(name, 40)} is not accepted; a name is {NAME_RULE}"
        )
    return name


def canonical_name(name: str) -> str:
    """Normalise a symbol name: ``x_{0, 1}`` -> ``x_{0,1}``, ``x_0`` -> ``x_{0}``.

    Examples:
        >>> canonical_name("w_1")
        'w_{1}'
    """
    head, sep, sub = name.partition("_")
    if not sep:
        return name
    if sub.startswith("{") and sub.endswith("}") and "_" not in sub:
        inner = sub[1:-1]
    elif "{" not in sub and "_" not in sub:
        inner = sub
    else:
        return re.sub(r"\s+", "", name)
    inner = "".join(inner.split())
    return f"{head}_{{{inner}}}"
