"""A worked example's claimed output, through the check engine of :mod:`symtconv.handcheck`.

The claimed output is compared entry by entry with the derivation (exactly, or to
the decimals written); a wrong one is reported with every wrong entry, the products
that make up its right value, and the likely mistake from the registry
(:data:`symtconv.handcheck.mistakes.MISTAKES`).
"""

from __future__ import annotations

import numpy as np

from ..errors import SymtconvError
from ..handcheck.checker import check
from ..handcheck.report import CheckReport, WrongEntry
from .context import Context
from .items import MatrixRef
from .report import Message
from .sink import same, show, tolerance_for

__all__ = ["check_output", "entry_evidence"]

#: Most wrong entries shown as evidence.
MAX_SHOWN = 6


def _term_text(e: WrongEntry) -> str:
    if not e.terms:
        zeros = ", ".join(t.product for t in e.zero_terms)
        return f"{e.name} = 0" + (f" ({zeros}: all 0)" if zeros else " (no product reaches it)")
    products = " + ".join(t.product for t in e.terms)
    values = " + ".join(f"{_paren(t.input_value)}*{_paren(t.weight_value)}" for t in e.terms)
    return f"{e.name} = {products} = {values} = {e.expected}"


def _paren(value: object) -> str:
    text = str(value)
    return f"({text})" if text.startswith("-") or " " in text else text


def entry_evidence(report: CheckReport) -> list[Message]:
    """Each wrong entry with its terms (at most :data:`MAX_SHOWN`), then the likely cause."""
    out = []
    for e in report.wrong_entries[:MAX_SHOWN]:
        out.append(
            Message.of(
                "evidence_entry",
                name=e.name,
                claimed=e.claimed,
                expected=e.expected,
                terms=_term_text(e),
            )
        )
    if len(report.wrong_entries) > MAX_SHOWN:
        out.append(Message.of("evidence_more", n=len(report.wrong_entries) - MAX_SHOWN))
    for m in report.causes:
        out.append(
            Message.of(
                "evidence_cause",
                mistake=m.name,
                description=m.description,
                description_zh=m.description_zh,
            )
        )
    return out


def check_output(ref: MatrixRef, ctx: Context) -> None:
    """Check a matrix claimed as the example's output."""
    solved = ctx.solved
    assert solved is not None
    ctx.used.add(id(ref))
    sink = ctx.sink
    want = np.array(solved.derivation.output.tolist(), dtype=object).reshape(
        solved.derivation.output_shape
    )
    arr = ref.grid.array()
    if arr is None:
        ok = ref.grid.understood and ref.grid.matches(
            want if want.ndim == 2 else want.reshape(1, -1),
            lambda a, b: same(a, b, ref.grid.places),
        )
        sink.checked(ref.loc, "example", "correct" if ok else "not understood", "output_elided")
        return
    if arr.ndim == 2 and arr.shape[0] == 1 and want.ndim == 1:
        arr = arr[0]
    options = dict(solved.options)
    try:
        report = check(
            arr.tolist(),
            solved.x.tolist(),
            solved.w.tolist(),
            tolerance=min(0.5, tolerance_for(ref.grid.places)),
            **options,
        )
    except SymtconvError:
        sink.checked(ref.loc, "example", "not understood", "output_unreadable")
        return
    kind_word = solved.kind
    if report.correct:
        sink.checked(
            ref.loc, "example", "correct", "output_ok", kind=kind_word, shape=show(want.shape)
        )
        return
    sink.checked(ref.loc, "example", "wrong", "output_ok", kind=kind_word, shape=show(want.shape))
    data = {"likely_causes": list(report.likely_causes)}
    if not report.shape_ok:
        sink.find(
            ref.loc,
            "error",
            "example",
            "output_shape_wrong",
            claimed=arr.shape,
            expected=want.shape,
            evidence=[
                Message.of(
                    "evidence_cause",
                    mistake=m.name,
                    description=m.description,
                    description_zh=m.description_zh,
                )
                for m in report.causes
            ],
            data=data,
            kind=kind_word,
        )
        return
    sink.find(
        ref.loc,
        "error",
        "example",
        "output_wrong",
        claimed=arr,
        expected=want,
        evidence=entry_evidence(report),
        data={**data, "wrong_entries": [list(e.index) for e in report.wrong_entries]},
        kind=kind_word,
        wrong=len(report.wrong_entries),
        total=report.checked,
    )
