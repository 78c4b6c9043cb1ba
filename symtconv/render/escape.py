"""The escaping layer under every writer: text made inert in LaTeX, Markdown and HTML.

A document is written by the code of :mod:`symtconv.render`; what comes from
outside it (an error message, a parameter's value, a symbol name, a command
line) reaches a writer only through these functions, so that nothing a user
types is ever a LaTeX control sequence, Markdown markup or an HTML tag in the
output.  Symbol names are also restricted where they enter
(:mod:`symtconv.core.names`); :func:`math_name` is the second line of defence
in math.

Examples:
    >>> latex_text(r"50% of \\input{x}")
    '50\\\\% of \\\\textbackslash{}input\\\\{x\\\\}'
    >>> markdown_text("<img src=x onerror=alert(1)> *a*")
    '&lt;img src=x onerror=alert(1)&gt; \\\\*a\\\\*'
    >>> markdown_code("a `b` c")
    '`` a `b` c ``'
    >>> html_text('<b class="x">&</b>')
    '&lt;b class=&quot;x&quot;&gt;&amp;&lt;/b&gt;'
    >>> math_name("x_{0,1}"), math_name("x_{\\\\relax}")
    ('x_{0,1}', '\\\\texttt{x???relax?}')
"""

from __future__ import annotations

import html
import re
import urllib.parse

from ..core.names import is_safe_name

__all__ = [
    "ESCAPES",
    "html_text",
    "latex_text",
    "latex_verbatim",
    "markdown_code",
    "markdown_fence",
    "markdown_link",
    "markdown_text",
    "math_name",
    "math_text",
]

_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def latex_text(text: str) -> str:
    """Plain text for LaTeX: every special character escaped, line breaks as spaces."""
    return "".join(_LATEX.get(ch, ch) for ch in " ".join(text.splitlines()))


def latex_verbatim(text: str) -> str:
    """Text for a ``verbatim`` environment, which nothing inside can end early."""
    return text.replace("\\end{verbatim}", "\\end {verbatim}")


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|$])")


def markdown_text(text: str) -> str:
    """Plain text for Markdown: HTML's ``< > &`` as entities, Markdown's punctuation escaped."""
    escaped = html.escape(" ".join(text.splitlines()), quote=False)
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", escaped)


def markdown_code(text: str) -> str:
    """A Markdown code span that holds any text (a fence longer than any run of backticks)."""
    one_line = " ".join(text.splitlines())
    longest = max((len(run) for run in re.findall(r"`+", one_line)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest or one_line.startswith((" ", "`")) else ""
    return f"{fence}{pad}{one_line}{pad}{fence}"


def markdown_fence(text: str) -> str:
    """The backticks of a fenced block that holds ``text`` (longer than any run in it)."""
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    return "`" * (longest + 1)


def markdown_link(target: str) -> str:
    """A link target for Markdown: percent-encoded, so that no character of a file name ends
    the link or starts markup (``(``, ``)``, ``<``, ``>``, spaces)."""
    return urllib.parse.quote(target, safe="-_.~/")


def html_text(text: str) -> str:
    """Text for HTML (content or a quoted attribute)."""
    return html.escape(text, quote=True)


def math_name(name: str) -> str:
    """A symbol name in math (LaTeX, Markdown, HTML): itself when in the safe alphabet, else
    as text with ``?`` for every character but letters and digits (inert in every format)."""
    if is_safe_name(name):
        return name
    return r"\texttt{" + re.sub(r"[^A-Za-z0-9]", "?", name) + "}"


def math_text(text: str) -> str:
    """Words inside math, readable under MathJax 2 and 3, KaTeX and LaTeX alike.

    MathJax 2 shows ``\\_`` inside ``\\text{}`` as a backslash and an underscore, so
    an underscore is written between two ``\\text`` pieces, in math mode.

    Examples:
        >>> math_text("output_padding was ignored")
        '\\\\text{output}\\\\_\\\\text{padding was ignored}'
    """
    return "\\_".join(f"\\text{{{latex_text(piece)}}}" for piece in text.split("_"))


#: Format -> the escape of its plain text.
ESCAPES = {"latex": latex_text, "markdown": markdown_text, "html": html_text}
