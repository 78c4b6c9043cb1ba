"""Derivation documents as LaTeX: a fragment for ``\\input``, or a complete document.

The fragment needs ``\\usepackage{amsmath,amssymb,tikz}`` (and, in Chinese,
``\\usepackage{CJKutf8}`` with the fragment inside
``\\begin{CJK}{UTF8}{gbsn} ... \\end{CJK}``).  The standalone document also
loads T1 fonts in Latin Modern (``fontenc``, ``lmodern``), ``upquote`` (so that a
command copied from the PDF keeps its straight quotes and runs), geometry for the
margins and, in Chinese, ``CJKpunct`` (full-width punctuation with the kerning of
adjacent marks), each of these three only where it is installed (the document
compiles without them); it compiles with pdflatex.

Chinese text puts a fixed quarter-em space where a Chinese character meets Latin
text or math (the spacing of Chinese typesetting) instead of a stretchable
interword space, which a justified line of Chinese would stretch.

Examples:
    >>> from symtconv import derive
    >>> tex = render_latex(derive(), DocumentOptions(standalone=True, lang="zh"))
    >>> "\\\\usepackage{CJKutf8}" in tex, tex.rstrip().endswith("\\\\end{document}")
    (True, True)
    >>> print(derivation_equation(derive()))  # doctest: +ELLIPSIS
    \\begin{gathered}
    C^{\\mathsf T} = \\begin{bmatrix} 1 & {\\color{gray}0} & ...
    >>> print(cjk_spacing("设 $C$ 为 PyTorch 的"))
    设\\hspace{0.25em}$C$\\hspace{0.25em}为\\hspace{0.25em}PyTorch\\hspace{0.25em}的
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import sympy

from ..core.operands import entry_name
from ..results import writer
from .document import DocumentOptions, build_document
from .document.blocks import Document, Figure, Items, Listing, Math, Para, Section, Text, Title
from .document.builder import Builder
from .document.writer import Writer
from .escape import latex_text, latex_verbatim
from .i18n import LABEL_SEP
from .pictures import tikz
from .printer import DocLatexPrinter

if TYPE_CHECKING:
    from ..engine.derivation import Derivation

__all__ = [
    "PACKAGES",
    "LatexWriter",
    "cjk_spacing",
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


_CJK = "\u3400-\u9fff\uf900-\ufaff"
#: Spaces with a Chinese character on one side, outside math.
_CJK_SPACE = re.compile(f"(?<=[{_CJK}]) +(?=[^ ])|(?<=[^ ]) +(?=[{_CJK}])")
_MATH = re.compile(r"(\$[^$]*\$)")
#: The space between Chinese and Latin text or math.
CJK_GAP = r"\hspace{0.25em}"
#: Full-width punctuation (after it, math may start a line).
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef"
#: A place to break the line, of no width but a little stretch (a line of math and
#: full-width punctuation has no other glue to fill it out; CJKpunct, where installed,
#: gives its punctuation some, but not every TeX installation has it).
CJK_BREAK = r"\hspace{0pt plus 0.1em}"
#: Opening full-width punctuation, which never ends a line (no break after it).
_CJK_OPENING = "\uff08\u201c\u2018\u300a\u3008\u3010\u300c\u300e\u3014\uff3b\uff5b"


#: Right after full-width punctuation (not an opening one), where Latin text follows.
_AFTER_PUNCT = re.compile(f"(?<=[{_CJK_PUNCT}])(?<![{_CJK_OPENING}])(?=[^{_CJK}{_CJK_PUNCT}\\s])")


def cjk_spacing(text: str) -> str:
    """Spaces next to a Chinese character (outside ``$...$``) made a fixed quarter em."""
    parts = _MATH.split(text)
    for n in range(0, len(parts), 2):
        parts[n] = _CJK_SPACE.sub(lambda m: CJK_GAP, parts[n])
        parts[n] = _AFTER_PUNCT.sub(lambda m: CJK_BREAK, parts[n])
    # a space between math and a Chinese character sits at a part's edge
    for n in range(1, len(parts), 2):
        before, after = parts[n - 1], parts[n + 1] if n + 1 < len(parts) else ""
        if before.endswith(" ") and re.search(f"[{_CJK}] +$", before):
            parts[n - 1] = re.sub(" +$", lambda m: CJK_GAP, before)
        if after.startswith(" ") and re.match(f"^ +[{_CJK}]", after):
            parts[n + 1] = re.sub("^ +", lambda m: CJK_GAP, after)
        if re.search(f"[{_CJK}{_CJK_PUNCT}]$", parts[n - 1]) and not re.search(
            f"[{_CJK_OPENING}]$", parts[n - 1]
        ):
            parts[n - 1] += CJK_BREAK  # math right after Chinese text may start a line,
            # but not after an opening parenthesis or quote: it would hang at the line's end
    return "".join(parts)


class LatexWriter(Writer):
    """A document's blocks as LaTeX (the body, no preamble)."""

    def code(self, text: str) -> str:
        # "-{}": no "--" ligature (an en dash in T1 fonts), so that options copy as typed
        return rf"\texttt{{{escape(text).replace('-', '-{}')}}}"

    def text(self, t: Text) -> str:
        out = super().text(t)
        return cjk_spacing(out) if self.lang == "zh" else out

    def document(self, doc: Document) -> str:
        """The blocks separated by blank lines, but a display joined to the paragraph before
        it (a blank line there would open an empty line above the display)."""
        out = ""
        previous: object = None
        for block in doc.blocks:
            text = self.write(block)
            if text is None:
                continue
            if out:
                joined = isinstance(block, Math) and isinstance(previous, Para)
                out += "\n" if joined else "\n\n"
            out += text
            previous = block
        return out + "\n"

    def _write_Title(self, block: Title) -> str:
        return rf"\section*{{{self.text(block.text)}}}"

    def _write_Section(self, block: Section) -> str:
        return rf"\subsection*{{{self.next_section()}.\ {self.text(block.text)}}}"

    def _write_Items(self, block: Items) -> str:
        env = "enumerate" if block.numbered else "itemize"
        items = "\n".join(rf"  \item {self.text(t)}" for t in block.items)
        return f"\\begin{{{env}}}\\setlength{{\\itemsep}}{{0pt}}\n{items}\n\\end{{{env}}}"

    def _write_Math(self, block: Math) -> str:
        lines = [f"% symtconv:{block.tag}"] if block.tag else []
        if len(block.lines) == 1 and not block.aligned:
            lines += [r"\[", block.lines[0], r"\]"]
        else:
            env = "align*" if block.aligned else "gather*"
            lines += [rf"\begin{{{env}}}", " \\\\\n".join(block.lines), rf"\end{{{env}}}"]
        return "\n".join(lines)

    def _write_Listing(self, block: Listing) -> str:
        # a box, so that the sentence that leads to the command stays on its page
        lead = "" if block.lead is None else self.text(block.lead) + "\n"
        return (
            "\\par\\noindent\\begin{minipage}{\\linewidth}\n"
            + lead
            + "\\begin{verbatim}\n"
            + latex_verbatim(block.text)
            + "\n\\end{verbatim}\n\\end{minipage}\\par\\smallskip"
        )

    def _write_Figure(self, block: Figure) -> str:
        # a box: the picture and its caption stay on one page
        label = self.next_figure_label()
        return (
            "\\begin{center}\\begin{minipage}{\\linewidth}\\centering\n"
            + tikz(block.picture)
            + "\n\n\\smallskip\n{\\small "
            + f"{label}{LABEL_SEP[self.lang]}{self.text(block.caption)}}}\n"
            + "\\end{minipage}\\end{center}"
        )


def document_latex(doc: Document, lang: str) -> str:
    """The body of a document (no preamble) in a language."""
    return LatexWriter(lang).document(doc)


def _optional(package: str) -> str:
    """A package the document is better with but compiles without (not every TeX
    installation has it: Debian's has no CJKpunct, and lmodern and upquote only when
    TeX Live's recommended or extra packages are installed)."""
    return rf"\IfFileExists{{{package}.sty}}{{\usepackage{{{package}}}}}{{}}"


def _preamble(lang: str) -> str:
    lines = [
        r"\documentclass[11pt]{article}",
        r"\usepackage[a4paper,margin=2cm]{geometry}",
        r"\usepackage[T1]{fontenc}",
        _optional("lmodern"),
        _optional("upquote"),
        r"\usepackage{amsmath,amssymb}",
        r"\usepackage{tikz}",
    ]
    if lang == "zh":
        lines += [r"\usepackage{CJKutf8}", _optional("CJKpunct")]
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
    begin, end = (
        (
            "\\begin{CJK}{UTF8}{gbsn}"
            "\\ifdefined\\CJKpunctstyle\\CJKpunctstyle{quanjiao}\\fi\n",  # CJKpunct's
            "\\end{CJK}\n",
        )
        if lang == "zh"
        else ("", "")
    )
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


def _sample_entry(b: Builder, out: Any, names: Any) -> str:
    """``y_j = ...`` for the shown entry with the most terms whose equation fits a line."""
    shown = b.p.shown_indices(out.shape)
    for index in sorted(shown, key=lambda i: -len(sympy.Add.make_args(out[i]))):
        line = f"{b.value(names[index])} = {b.value(out[index])}"
        if b.fits_piece(line):
            return line
    return ""


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
    out = b.shown(d.output_full[0] if d.spec.batch is not None else d.output_full)
    pieces = p.tensor("y", out)
    first = ""
    if not all(b.fits_piece(piece) for piece in pieces):  # long sums: y by its entries' names
        names = b.named(out.shape, lambda index: entry_name("y", index))
        pieces = p.tensor("y", names)
        first = _sample_entry(b, out, names)
    parts = [
        f"{name} = {p.doprint(matrix)}",
        rf"\operatorname{{vec}}(x) = {p.matrix(x.reshape(-1))}^{{\mathsf T}}",
        *[piece.replace("y = ", f"y = {rhs} = ", 1) for piece in pieces],
        *([first] if first else []),
    ]
    return "\\begin{gathered}\n" + " \\\\\n".join(parts) + "\n\\end{gathered}"
