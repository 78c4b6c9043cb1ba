"""Size formulas in a document, proved or refuted with :func:`symtconv.prove`.

A formula such as ``\\text{Output size} = \\frac{\\text{Input size} - \\text{Kernel
size}}{\\text{Stride}} + 1`` or ``o = (i - 1) s + k`` is translated into the claim
language (``(i - k)/s + 1``, ``(i - 1)*s + k``: :data:`~symtconv.linter.values.SIZE_NAMES`
maps the names) and compared with the true size, ``conv_out(i, k, s, p, d)`` or
``tconv_out(i, k, s, p, d, op)``, by :func:`~symtconv.prover.proof.prove` for all
integers.  A formula that fails is tried again under the usual conditions (no
padding, unit dilation, no output padding, unit stride, the stride dividing
``i + 2p - d(k-1) - 1``), fewest first: one that then holds is reported with
those conditions and the counterexample, as a note when the document's example
meets them and as an error when it does not.  A name that maps to no size (``n_h``,
a total padding ``p_h``) gives a note, never an error.  The values put into a
formula (``\\frac{3 - 2}{1} + 1``) are checked against the example's real sizes.

Examples:
    >>> from symtconv.linter.latex_expr import parse_side
    >>> v = verdict("(i - k)/s + 1", "forward")
    >>> v.status, [c.claim for c in v.conditions]
    ('conditional', ['p == 0', 'd == 1', '(i + 2*p - d*(k - 1) - 1) % s == 0'])
    >>> v.counterexample
    {'i': 1, 'k': 1, 's': 1, 'p': 1, 'd': 1}
    >>> verdict("(i - 1)*s - 2*p + d*(k - 1) + op + 1", "transposed").status
    'proved'
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..errors import SymtconvError
from ..prover.language import compile_node, parse_claim, parse_number_expression, variables
from ..prover.proof import prove
from .items import Side
from .latex_expr import Bin, Call, Mat, Node, Under, Unknown
from .report import Message
from .sink import Sink
from .values import SIZE_NAMES, Unmapped, claim_text, names_in, size_name

if TYPE_CHECKING:
    from .problems import Solved

__all__ = [
    "CONDITIONS",
    "Condition",
    "FormulaContext",
    "Verdict",
    "check_formula",
    "is_formula",
    "substitute",
    "verdict",
]

_TIMEOUT = 2.0
_BOX = 3000


@dataclass(frozen=True)
class Condition:
    """A condition a formula may need: in the claim language, and what it means."""

    claim: str
    meaning: str
    meaning_zh: str
    kinds: tuple[str, ...] = ("forward", "transposed")


#: The usual conditions, in the order they are tried.
CONDITIONS = (
    Condition("p == 0", "no padding", "无填充"),
    Condition("d == 1", "unit dilation", "膨胀率为 1"),
    Condition("op == 0", "no output padding", "无输出填充", ("transposed",)),
    Condition(
        "(i + 2*p - d*(k - 1) - 1) % s == 0",
        "the stride divides i + 2p - d(k-1) - 1",
        "步长整除 i + 2p - d(k-1) - 1",
        ("forward",),
    ),
    Condition("s == 1", "unit stride", "步长为 1"),
)
_TARGETS = {
    "forward": "conv_out(i, k, s, p, d)",
    "transposed": "tconv_out(i, k, s, p, d, op)",
}
_ASYMMETRIC = {
    "forward": "conv_out(i, k, s, p_lo=p_lo, p_hi=p_hi, d=d)",
    "transposed": "tconv_out(i, k, s, p_lo=p_lo, p_hi=p_hi, d=d, op=op)",
}


@dataclass(frozen=True)
class Verdict:
    """What :func:`verdict` found for a formula.

    Attributes:
        status: ``proved``, ``conditional`` (holds under :attr:`conditions`),
            ``disproved``, or ``unknown``.
        kind: ``forward`` or ``transposed`` (the size it was compared with).
        target: the claim-language size it was compared with.
        conditions: for ``conditional``, the fewest conditions under which it holds.
        counterexample: a counterexample without conditions (re-checked by the prover).
    """

    status: str
    kind: str
    target: str
    conditions: tuple[Condition, ...] = ()
    counterexample: dict[str, int] | None = None


def is_formula(node: Node) -> bool:
    """Whether a tree is a formula in size names (no matrices, not a plain number)."""
    if _has(node, (Mat, Under, Unknown)) or _has_call(node):
        return False
    names = names_in(node)
    return bool(names) and all(size_name(n) is not None for n in names)


def _has(node: Node, kinds: tuple[type, ...]) -> bool:
    if isinstance(node, kinds):
        return True
    return any(
        _has(v, kinds) for v in vars(node).values() if hasattr(v, "__dataclass_fields__")
    ) or any(
        _has(item, kinds)
        for v in vars(node).values()
        if isinstance(v, tuple)
        for item in v
        if hasattr(item, "__dataclass_fields__")
    )


def _has_call(node: Node) -> bool:
    if isinstance(node, Call) and node.name not in ("max", "min", "floor", "ceil", "ceiling"):
        return True
    if isinstance(node, Bin) and node.op in ("star", "sub", "transpose"):
        return True
    return any(_has_call(v) for v in vars(node).values() if hasattr(v, "__dataclass_fields__"))


@lru_cache(maxsize=512)
def verdict(formula: str, kind: str | None) -> Verdict:
    """Prove ``formula`` (claim-language text in ``i, k, s, p, d, op``) equal to the true
    size of ``kind`` (both kinds tried when ``None``), or find the conditions it needs."""
    kinds = (kind,) if kind else ("transposed", "forward")
    results = [_verdict(formula, k) for k in kinds]
    order = {"proved": 0, "conditional": 1, "unknown": 2, "disproved": 3}
    return min(results, key=lambda v: (order[v.status], len(v.conditions)))


def _verdict(formula: str, kind: str) -> Verdict:
    tree_vars = set(variables(parse_number_expression(formula)))
    target = _ASYMMETRIC[kind] if tree_vars & {"p_lo", "p_hi"} else _TARGETS[kind]
    claim = f"{formula} == {target}"
    first = prove(claim, timeout=_TIMEOUT, box_budget=_BOX)
    if first.status == "proved":
        return Verdict("proved", kind, target)
    if first.status == "unknown":
        return Verdict("unknown", kind, target)
    asymmetric = "p_lo" in target
    usable = [
        c
        for c in CONDITIONS
        if kind in c.kinds and not (asymmetric and "p" in variables(parse_claim(c.claim)))
    ]
    for size in range(1, 4):
        for combo in itertools.combinations(usable, size):
            proof = prove(claim, [c.claim for c in combo], timeout=_TIMEOUT, box_budget=_BOX)
            if proof.status == "proved":
                return Verdict("conditional", kind, target, combo, first.counterexample)
    return Verdict("disproved", kind, target, (), first.counterexample)


@dataclass(frozen=True)
class FormulaContext:
    """The example a formula is read next to: its kind and its sizes, per dimension."""

    kind: str | None
    sizes: tuple[dict[str, int], ...] = ()

    @classmethod
    def of(cls, solved: Solved | None, kind: str | None) -> FormulaContext:
        if solved is None:
            return cls(kind)
        spec = solved.derivation.spec
        dims = []
        for n in range(spec.rank):
            lo, hi = spec.padding[n]
            dims.append(
                {
                    "i": spec.input_size[n],
                    "k": spec.kernel_size[n],
                    "s": spec.stride[n],
                    "p": lo if lo == hi else -1,
                    "p_lo": lo,
                    "p_hi": hi,
                    "d": spec.dilation[n],
                    "op": spec.output_padding[n],
                    "o": spec.output_size[n],
                }
            )
        return cls(solved.kind, tuple(dims))

    @classmethod
    def stated(cls, params: dict[str, Any], kind: str | None) -> FormulaContext:
        """From the parameters a text states (for an example that cannot be solved)."""
        env: dict[str, int] = {}
        names = {"stride": "s", "dilation": "d", "output_padding": "op"}
        for name, var in names.items():
            value = params.get(name)
            if isinstance(value, int):
                env[var] = value
        pad = params.get("padding")
        if isinstance(pad, int):
            env.update(p=pad, p_lo=pad, p_hi=pad)
        return cls(kind, (env,) if env else ())


def _holds(condition: str, env: dict[str, int]) -> bool | None:
    """Whether a condition holds for one dimension's sizes (``None``: a size is not known)."""
    tree = parse_claim(condition)
    if any(v not in env or env[v] < 0 for v in variables(tree)):
        return None
    try:
        return bool(compile_node(tree)(env))
    except (ZeroDivisionError, KeyError, SymtconvError):
        return None


def _counterexample(ce: dict[str, int] | None) -> str:
    return ", ".join(f"{k} = {v}" for k, v in (ce or {}).items())


def check_formula(node: Node, side: Side, ctx: FormulaContext, sink: Sink) -> None:
    """Prove a size formula (see the module docstring) and report what was found."""
    try:
        text = claim_text(node, SIZE_NAMES)
    except Unmapped as exc:
        sink.find(side.loc, "note", "formula", "formula_unmapped", formula=side.text, name=exc.name)
        sink.checked(side.loc, "formula", "not understood", "formula_checked", formula=side.text)
        return
    try:
        v = verdict(text, ctx.kind)
    except SymtconvError:
        sink.checked(side.loc, "formula", "not understood", "formula_checked", formula=side.text)
        return
    data: dict[str, Any] = {"claim": text, "compared_with": v.target, "status": v.status}
    if v.counterexample:
        data["counterexample"] = v.counterexample
    if v.status == "proved":
        sink.checked(side.loc, "formula", "correct", "formula_checked", formula=side.text)
        return
    if v.status == "unknown":
        sink.find(side.loc, "note", "formula", "formula_unknown", formula=side.text, claim=text)
        sink.checked(side.loc, "formula", "not understood", "formula_checked", formula=side.text)
        return
    evidence = [Message.of("evidence_counterexample", values=_counterexample(v.counterexample))]
    if v.status == "disproved":
        sink.find(
            side.loc,
            "error",
            "formula",
            "formula_wrong",
            formula=side.text,
            claim=text,
            target=v.target,
            evidence=evidence,
            data=data,
        )
        sink.checked(side.loc, "formula", "wrong", "formula_checked", formula=side.text)
        return
    conditions = " and ".join(c.claim for c in v.conditions)
    meanings = "; ".join(c.meaning for c in v.conditions)
    meanings_zh = "；".join(c.meaning_zh for c in v.conditions)
    data["conditions"] = [c.claim for c in v.conditions]
    failing = [c for c in v.conditions for env in ctx.sizes if _holds(c.claim, env) is False]
    undecided = [c for c in v.conditions for env in ctx.sizes if _holds(c.claim, env) is None]
    if not ctx.sizes or (undecided and not failing):
        sink.find(
            side.loc,
            "warning",
            "formula",
            "formula_conditional",
            formula=side.text,
            conditions=conditions,
            meanings=meanings,
            meanings_zh=meanings_zh,
            evidence=evidence,
            data=data,
        )
        sink.checked(side.loc, "formula", "correct", "formula_checked", formula=side.text)
    elif failing:
        env = ctx.sizes[0]
        here = ", ".join(
            f"{k} = {env[k]}" for k in ("i", "k", "s", "p", "d", "op") if k in env and env[k] >= 0
        )
        sink.find(
            side.loc,
            "error",
            "formula",
            "formula_not_here",
            formula=side.text,
            conditions=conditions,
            meanings=meanings,
            meanings_zh=meanings_zh,
            failing=failing[0].claim,
            here=here,
            evidence=evidence,
            data=data,
        )
        sink.checked(side.loc, "formula", "wrong", "formula_checked", formula=side.text)
    else:
        sink.find(
            side.loc,
            "note",
            "formula",
            "formula_conditional_here",
            formula=side.text,
            conditions=conditions,
            meanings=meanings,
            meanings_zh=meanings_zh,
            evidence=evidence,
            data=data,
        )
        sink.checked(side.loc, "formula", "correct", "formula_checked", formula=side.text)


def evaluate(node: Node, env: dict[str, int]) -> Fraction | None:
    """A formula's value for one dimension's sizes (``None`` if a name has no value)."""
    try:
        text = claim_text(node, SIZE_NAMES)
        tree = parse_number_expression(text)
        if any(v not in env or env[v] < 0 for v in variables(tree)):
            return None
        value: Any = compile_node(tree)(env)
    except (Unmapped, SymtconvError, ZeroDivisionError, KeyError):
        return None
    return Fraction(value)


def substitute(
    node: Node, claimed: Fraction, ctx: FormulaContext, formula: Side, numbers: Side, sink: Sink
) -> None:
    """``formula = numbers``: the formula at the example's sizes against the numbers written."""
    if not ctx.sizes:
        return
    values = [evaluate(node, env) for env in ctx.sizes]
    known = [v for v in values if v is not None]
    if not known:
        return
    text = f"{formula.text} = {numbers.text}"
    if claimed in known:
        sink.checked(numbers.loc, "formula", "correct", "substitution_ok", text=text)
        return
    env = ctx.sizes[0]
    here = ", ".join(
        f"{k} = {env[k]}" for k in ("i", "k", "s", "p", "d", "op") if k in env and env[k] >= 0
    )
    sink.checked(numbers.loc, "formula", "wrong", "substitution_ok", text=text)
    expected = known[0]
    sink.find(
        numbers.loc,
        "error",
        "formula",
        "substitution_wrong",
        claimed=str(claimed),
        expected=str(expected),
        formula=formula.text,
        numbers=numbers.text,
        here=here,
    )
