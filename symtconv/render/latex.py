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
from .document.blocks import Document, Figure, Items, Listing, Math, Section, Title
from .document.builder import Builder
from .document.writer import Writer
from .escape import latex_text, latex_verbatim
from .i18n import SENTENCE_SEP
from .pictures import tikz
from .printer import DocLatexPrinter

if TYPE_CHECKING:
    from ..engine.derivation import Derivation

__all__ = [
    "PACKAGES",
    "LatexWriter",
    "derivation_equation",
    "document_latex",
    "escape",
    "latex_document",
    "render_latex",
]

#: The packages a fragment needs (CJKutf8 only for Chinese).
PACKAGES = ("amsmath", "amssymb", "tikz")


def escape(text: str) -> str:
    """Plain text made safe for LaTeX (:func:`symtconv.render.escape.latex_text`).

    Examples:
        >>> escape("output_padding 50%")
        'output\\\\_padding 50\\\\%'
    """
    return latex_text(text)


class LatexWriter(Writer):
    """A document's blocks as LaTeX (the body, no preamble)."""

    def code(self, text: str) -> str:
        return rf"\texttt{{{escape(text)}}}"

    def _write_Title(self, block: Title) -> str:
        return rf"\section*{{{self.text(block.text)}}}"

    def _write_Section(self, block: Section) -> str:
        return rf"\subsection*{{{self.next_section()}.\ {self.text(block.text)}}}"

    def _write_Items(self, block: Items) -> str:
        items = "\n".join(rf"  \item {self.text(t)}" for t in block.items)
        return "\\begin{itemize}\\setlength{\\itemsep}{0pt}\n" + items + "\n\\end{itemize}"

    def _write_Math(self, block: Math) -> str:
        lines = [f"% symtconv:{block.tag}"] if block.tag else []
        if len(block.lines) == 1 and not block.aligned:
            lines += [r"\[", block.lines[0], r"\]"]
        else:
            env = "align*" if block.aligned else "gather*"
            lines += [rf"\begin{{{env}}}", " \\\\\n".join(block.lines), rf"\end{{{env}}}"]
        return "\n".join(lines)

    def _write_Listing(self, block: Listing) -> str:
        return "\\begin{verbatim}\n" + latex_verbatim(block.text) + "\n\\end{verbatim}"

    def _write_Figure(self, block: Figure) -> str:
        label = self.next_figure_label()
        return (
            "\\begin{center}\n"
            + tikz(block.picture)
            + "\n\n\\smallskip\n{\\small "
            + f"{label}{SENTENCE_SEP[self.lang]}{self.text(block.caption)}}}\n"
            + "\\end{center}"
        )


def document_latex(doc: Document, lang: str) -> str:
    """The body of a document (no preamble) in a language."""
    return LatexWriter(lang).document(doc)


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
    return latex_document(body, options.lang, options.standalone)


def latex_document(body: str, lang: str, standalone: bool, what: str = "derivation") -> str:
    """A document's body as a fragment for ``\\input`` (with a header naming the packages
    it needs) or, ``standalone``, as a complete document for pdflatex."""
    if not standalone:
        header = [
            f"% symtconv {what}: a fragment for \\input.",
            f"% Preamble: \\usepackage{{{','.join(PACKAGES)}}}",
        ]
        if lang == "zh":
            header.append(
                "% Chinese: also \\usepackage{CJKutf8}, and \\input this inside "
                "\\begin{CJK}{UTF8}{gbsn} ... \\end{CJK}"
            )
        return "\n".join(header) + "\n\n" + body
    begin, end = ("\\begin{CJK}{UTF8}{gbsn}\n", "\\end{CJK}\n") if lang == "zh" else ("", "")
    return (
        _preamble(lang)
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
