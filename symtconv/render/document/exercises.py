"""Exercises at the end of a document, with answers that ``symtconv check`` confirms.

Each exercise changes one parameter of the document's layer: the stride (one more
in every dimension: what is the output size, and one entry, the one the most
products reach), then the padding (one more on both sides: the whole output,
when it is small).  The answers are computed here with the NumPy convolutions of
:mod:`symtconv.core.numeric` (scatter-add for a whole transposed output, zero
insertion for one of its entries, gathering windows for a forward layer) and
C's structure for the products of an entry; each comes with the
``symtconv check`` command that says it is correct.

Examples:
    >>> from symtconv import derive
    >>> from .builder import Builder
    >>> from .options import DocumentOptions
    >>> [e.kind for e in exercises(Builder(derive(), DocumentOptions()))]
    ['size', 'entry', 'output']
    >>> exercises(Builder(derive(), DocumentOptions()))[1].claims
    ['--entry', '1,1', '--claimed=-1']
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from ...core.matrix import structure
from ...core.numeric import conv, conv_transpose, conv_transpose_zero_insertion
from ...core.operands import entry_name
from ...core.shapes import size_formula
from ...core.spec import ConvSpec
from ...errors import SpecError
from ..command import check_args, wrap_command
from .blocks import Items, Listing, Math, Para, Section, T, Text
from .builder import MAX_COMMAND, Builder, dims, per_dim, tidy

__all__ = ["MAX_CLAIM", "Exercise", "exercises", "exercises_step"]

#: Longest claim written into a command (a longer answer is left out).
MAX_CLAIM = 64
#: Largest whole output asked for.
MAX_OUTPUT = 16


@dataclass(frozen=True)
class Exercise:
    """One exercise: its question, its answer (prose and math) and the check's claims.

    Attributes:
        kind: ``"size"``, ``"entry"`` or ``"output"``.
        question: the question.
        answer: the answer's sentence and math lines.
        spec: the changed layer.
        claims: the ``symtconv check`` options that state the answer.
    """

    kind: str
    question: Text
    answer: tuple[Text, tuple[str, ...]]
    spec: ConvSpec
    claims: list[str]


def _claim(value: Any) -> str:
    """A value (or nested array) as ``symtconv check`` reads it."""
    if isinstance(value, np.ndarray):
        return "[" + ",".join(_claim(v) for v in value) + "]"
    return sympy.sstr(value).replace(" ", "")


def _option(name: str, text: str) -> str:
    """``--claimed=TEXT``, quoted for the shell where needed."""
    plain = all(ch.isalnum() or ch in "-./" for ch in text)
    return f"{name}={text}" if plain else f"{name}='{text}'"


def _compute(b: Builder, spec: ConvSpec, at: tuple[int, ...] | None = None) -> np.ndarray:
    """The output of ``spec`` on the document's operands: ``(C_out, *size)``; with ``at``,
    only the entries at that position (the others are 0: zero insertion for a transposed
    layer, which computes one position as cheaply as a forward one)."""
    d = b.d
    where = None if at is None else [at]
    if spec.transposed:
        if where is None:
            return conv_transpose(d.x, d.w, d.b, *_transposed_params(spec))
        return conv_transpose_zero_insertion(d.x, d.w, d.b, *_transposed_params(spec), at=where)
    return conv(d.x, d.w, d.b, spec.stride, spec.padding, spec.dilation, spec.groups, at=where)


def _transposed_params(spec: ConvSpec) -> tuple[Any, ...]:
    """stride, padding, output_padding, dilation, groups: the transposed convolutions'
    positional parameters after the operands."""
    return (spec.stride, spec.padding, spec.output_padding, spec.dilation, spec.groups)


def _busiest(spec: ConvSpec) -> tuple[int, ...]:
    """The output position of channel 0 that the most products reach (ties: the one nearest
    index 1 in every dimension, then the first)."""
    st = structure(spec)
    outputs = st.cols if spec.transposed else st.rows
    per = int(np.prod(spec.output_size))
    hits = np.bincount(outputs[outputs < per], minlength=per)
    flat = np.flatnonzero(hits == hits.max())  # in index order: ties go to the first
    candidates = np.unravel_index(flat, spec.output_size)
    distance = sum(np.abs(i - 1) for i in candidates)
    best = int(flat[int(np.argmin(distance))])
    return tuple(int(i) for i in np.unravel_index(best, spec.output_size))


def _products(b: Builder, spec: ConvSpec, where: tuple[int, ...]) -> list[tuple[str, Any]]:
    """The products of output entry ``where`` (channel 0) of ``spec``: (names, value)."""
    st = structure(spec)
    flat = int(np.ravel_multi_index(where, spec.output_size))
    outputs, inputs = (st.cols, st.rows) if spec.transposed else (st.rows, st.cols)
    picks = np.flatnonzero(outputs == flat)
    x0 = b.d.x[0] if spec.batch is not None else b.d.x
    flat_x, flat_w = x0.reshape(-1), b.d.w.reshape(-1)
    compact = b.d.compact
    out = []
    for p in picks.tolist():
        q = int(inputs[p])
        x_index = tuple(map(int, np.unravel_index(q, (spec.in_channels, *spec.input_size))))
        w_index = tuple(map(int, np.unravel_index(int(st.taps[p]), spec.weight_shape)))
        names = (
            rf"{b.value(sympy.Symbol(entry_name('x', x_index[1:] if compact else x_index)))}\, "
            rf"{b.value(sympy.Symbol(entry_name('w', w_index[2:] if compact else w_index)))}"
        )
        out.append((names, (flat_x[q], flat_w[int(st.taps[p])])))
    return out


def exercises(b: Builder) -> list[Exercise]:
    """The document's exercises (those whose answer is short enough to state)."""
    d, spec = b.d, b.spec
    if spec.batch is not None:
        return []
    out: list[Exercise] = []
    try:
        strided = dataclasses.replace(spec, stride=tuple(s + 1 for s in spec.stride))
    except SpecError:
        strided = None
    if strided is not None:
        f = size_formula(strided)
        shape = f"${dims(d.output_shape[:0] + strided.output_size)}$"
        out.append(
            Exercise(
                "size",
                T("ex_size", s=f"$s = {per_dim(strided.stride)}$"),
                (
                    T("ans_size", shape=shape),
                    tuple(tidy(f.substituted_latex(n)) for n in f.distinct_dims()),
                ),
                strided,
                ["--claimed-size", ",".join(map(str, strided.output_size))],
            )
        )
        where = _busiest(strided)
        value = _compute(b, strided, where)[(0, *where)]
        index = where if d.compact else (0, *where)
        name = b.value(sympy.Symbol(entry_name("y", index)))
        products = _products(b, strided, where)
        groups = [[n for n, _ in products] or ["0"]]
        numeric = not any(sympy.sympify(v).free_symbols for _, pair in products for v in pair)
        if numeric and products:
            groups.append([rf"{b.p.factor(x)} \cdot {b.p.factor(w)}" for _, (x, w) in products])
            groups.append([b.value(value)])
        claimed = _claim(value)
        if len(claimed) <= MAX_CLAIM:
            out.append(
                Exercise(
                    "entry",
                    T("ex_entry", entry=f"${name}$"),
                    (
                        T("ans_entry_one" if len(products) == 1 else "ans_entry"),
                        tuple(b.chain(name, groups)),
                    ),
                    strided,
                    ["--entry", ",".join(map(str, index)), _option("--claimed", claimed)],
                )
            )
    try:
        padded = dataclasses.replace(
            spec, padding=tuple((lo + 1, hi + 1) for lo, hi in spec.padding)
        )
    except SpecError:
        padded = None
    if padded is not None and int(np.prod(padded.output_shape)) <= MAX_OUTPUT:
        y = _compute(b, padded)
        y = y.reshape(y.shape[1:]) if d.compact else y
        claimed = _claim(y)
        if len(claimed) <= MAX_CLAIM:
            pads = per_dim(tuple(lo for lo, _ in padded.padding))
            if not padded.symmetric_padding:
                pads = ", ".join(f"({lo}, {hi})" for lo, hi in padded.padding)
            out.append(
                Exercise(
                    "output",
                    T(
                        "ex_output",
                        s=f"$s = {per_dim(spec.stride)}$",
                        p=f"$p = {pads}$" if padded.symmetric_padding else f"${pads}$",
                    ),
                    (T("ans_output"), tuple(b.tensor("y", y))),
                    padded,
                    [_option("--claimed", claimed)],
                )
            )
    return out


def exercises_step(b: Builder) -> None:
    """The exercises, then their answers, each with the check that confirms it."""
    found = exercises(b)
    if not found:
        return
    b.add(Section(T("sec_exercises")))
    b.para(T("exercises_intro"))
    b.add(Items(tuple(e.question for e in found), numbered=True))
    b.add(Section(T("sec_answers")))
    for n, e in enumerate(found, 1):
        sentence, lines = e.answer
        b.add(Para((T("answer", n=str(n), text=sentence),)))
        if lines:
            b.add(Math(lines, tag=f"answer_{e.kind}"))
        stride = e.spec.stride if e.spec.stride != b.spec.stride else None
        padding = e.spec.padding if e.spec.padding != b.spec.padding else None
        args = check_args(b.d, e.claims, stride=stride, padding=padding)
        if args is not None and len(" ".join(args)) <= MAX_COMMAND:
            b.add(Listing(wrap_command(args), T("answer_check")))
