"""Derivation documents as LaTeX: a fragment for ``\\input``, or a complete document.

The fragment needs ``\\usepackage{amsmath,amssymb,tikz}`` (and, in Chinese,
``\\usepackage{CJKutf8}`` with the fragment inside
``\\begin{CJK}{UTF8}{gbsn} ... \\end{CJK}``).  The standalone document
loads exactly these (plus geometry for the margins) and compiles with
pdflatex; English documents do not need CJK.

Examples:
    >>> from symtconv import derive
    >>> tex = render_latex(derive(), DocumentOptions(standalone=True, lang="zh"))
    >>> "\\\\usepackage{CJKutf8}" in tex, tex.rstrip().endswith("\\\\end{document}")
    (True, True)
    >>> print(derivation_equation(derive()))  # doctest: +ELLIPSIS
    C^{\\mathsf T} = \\begin{bmatrix} 1 & {\\color{gray}0} & ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..results import writer
from .document import DocumentOptions, build_document
from .document.blocks import Document, Figure, Items, Listing, Math, Para, Section, Text, Title
from .document.builder import Builder
from .i18n import SENTENCE_SEP, translate
from .pictures import tikz
from .printer import DocLatexPrinter

if TYPE_CHECKING:
    from ..engine.derivation import Derivation

__all__ = ["PACKAGES", "derivation_equation", "document_latex", "escape", "render_latex"]

#: The packages a fragment needs (CJKutf8 only for Chinese).
PACKAGES = ("amsmath", "amssymb", "tikz")

_ESCAPES = {
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


def escape(text: str) -> str:
    """Plain text made safe for LaTeX.

    Examples:
        >>> escape("output_padding 50%")
        'output\\\\_padding 50\\\\%'
    """
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def _code(text: str) -> str:
    return rf"\texttt{{{escape(text)}}}"


def _text(t: Text, lang: str) -> str:
    return translate(t, lang, _code)


def _math(block: Math) -> str:
    lines = [f"% symtconv:{block.tag}"] if block.tag else []
    if block.aligned:
        body = " \\\\\n".join(block.lines)
        lines += [r"\begin{align*}", body, r"\end{align*}"]
    elif len(block.lines) == 1:
        lines += [r"\[", block.lines[0], r"\]"]
    else:
        body = " \\\\\n".join(block.lines)
        lines += [r"\begin{gather*}", body, r"\end{gather*}"]
    return "\n".join(lines)


def document_latex(doc: Document, lang: str) -> str:
    """The body of a document (no preamble) in a language."""
    out: list[str] = []
    section = 0
    figure = 0
    for block in doc.blocks:
        if isinstance(block, Title):
            out.append(rf"\section*{{{_text(block.text, lang)}}}")
        elif isinstance(block, Section):
            section += 1
            out.append(rf"\subsection*{{{section}.\ {_text(block.text, lang)}}}")
        elif isinstance(block, Para):
            out.append(SENTENCE_SEP[lang].join(_text(t, lang) for t in block.texts))
        elif isinstance(block, Items):
            items = "\n".join(rf"  \item {_text(t, lang)}" for t in block.items)
            out.append("\\begin{itemize}\\setlength{\\itemsep}{0pt}\n" + items + "\n\\end{itemize}")
        elif isinstance(block, Math):
            out.append(_math(block))
        elif isinstance(block, Listing):
            out.append("\\begin{verbatim}\n" + block.text + "\n\\end{verbatim}")
        elif isinstance(block, Figure):
            figure += 1
            label = _text(Text("figure", (("n", str(figure)),)), lang)
            out.append(
                "\\begin{center}\n"
                + tikz(block.picture)
                + "\n\n\\smallskip\n{\\small "
                + f"{label}{SENTENCE_SEP[lang]}{_text(block.caption, lang)}}}\n"
                + "\\end{center}"
            )
    return "\n\n".join(out) + "\n"


def _preamble(lang: str) -> str:
    lines = [
        r"\documentclass[11pt]{article}",
        r"\usepackage[a4paper,margin=2cm]{geometry}",
        r"\usepackage{amsmath,amssymb}",
        r"\usepackage{tikz}",
    ]
    if lang == "zh":
        lines.append(r"\usepackage{CJKutf8}")
    lines += [
        r"\allowdisplaybreaks",
        r"\setlength{\parindent}{0pt}",
        r"\setlength{\parskip}{0.6ex plus 0.3ex}",
    ]
    return "\n".join(lines)


def render_latex(d: Derivation, options: DocumentOptions | None = None) -> str:
    """The derivation as LaTeX: a fragment, or with ``options.standalone`` a complete document."""
    options = options or DocumentOptions()
    body = document_latex(build_document(d, options), options.lang)
    if not options.standalone:
        header = [
            "% symtconv derivation: a fragment for \\input.",
            f"% Preamble: \\usepackage{{{','.join(PACKAGES)}}}",
        ]
        if options.lang == "zh":
            header.append(
                "% Chinese: also \\usepackage{CJKutf8}, and \\input this inside "
                "\\begin{CJK}{UTF8}{gbsn} ... \\end{CJK}"
            )
        return "\n".join(header) + "\n\n" + body
    begin, end = (
        ("\\begin{CJK}{UTF8}{gbsn}\n", "\\end{CJK}\n") if options.lang == "zh" else ("", "")
    )
    return (
        _preamble(options.lang)
        + "\n\n\\begin{document}\n"
        + begin
        + "\n"
        + body
        + "\n"
        + end
        + "\\end{document}\n"
    )


@writer("Derivation", "math")
def derivation_equation(d: Derivation, printer: Any = None) -> str:
    """The derivation in one display: ``C^T`` (``C``), ``vec(x)`` and the output ``y``.

    Used by ``sympy.latex(derivation)`` and by Jupyter.  ``printer``: a
    :class:`DocLatexPrinter` whose elision settings to use (any other
    printer, or None: the defaults).
    """
    p = printer if isinstance(printer, DocLatexPrinter) else DocLatexPrinter()
    b = Builder(d, DocumentOptions(threshold=p.threshold, edgeitems=p.edgeitems))
    transposed = d.spec.transposed
    matrix = b.matrix_view(transpose=transposed)
    name = r"C^{\mathsf T}" if transposed else "C"
    x = d.x[0] if d.spec.batch is not None else d.x
    op = r"C^{\mathsf T} x" if transposed else "C x"
    rhs = op + (" + b" if d.b is not None else "")
    out = d.output_full[0] if d.spec.batch is not None else d.output_full
    parts = [
        f"{name} = {p.doprint(matrix)}",
        rf"\operatorname{{vec}}(x) = {p.matrix(x.reshape(-1))}^{{\mathsf T}}",
        *[piece.replace("y = ", f"y = {rhs} = ", 1) for piece in p.tensor("y", b.shown(out))],
    ]
    return r",\quad ".join(parts)
