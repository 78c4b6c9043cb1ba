"""Worked examples: the items grouped into problems, and each problem solved.

A problem starts where an input (or a kernel) is written: a matrix named or
labelled ``Input``/``x``/``输入`` (``Kernel``/``w``/``卷积核``); what follows up to
the next problem belongs to it: its other matrices, equations, element labels and
claims, and the parameters stated in words or symbols (a hypothetical statement,
``if the stride is 2``, does not count).  Section titles say whether it is a
convolution or a transposed one.

Solving a problem (:func:`solve`) picks the spec: the parameters the text states,
and for the others a search over small values (stride 1-3, padding 0-2, dilation
1-2, every accepted output padding) for the ones under which the claimed output
follows; the default (stride 1, padding 0, ...) first, then the fewest changes.
Where the text does not say which kind it is, both are tried.  What was assumed is
recorded, so the report can say it.

Examples:
    >>> from symtconv.linter.extract import extract
    >>> from symtconv.linter.read_markdown import read_markdown
    >>> text = ("## Transposed convolution\\n\\n"
    ...         "$$x = \\\\begin{bmatrix} 1 & 2 \\\\end{bmatrix},\\\\quad "
    ...         "w = \\\\begin{bmatrix} 1 & 1 \\\\end{bmatrix}$$\\n\\n"
    ...         "$$y = \\\\begin{bmatrix} 1 & 1 & 2 & 2 \\\\end{bmatrix}$$\\n")
    >>> [p] = group(extract(read_markdown(text)))
    >>> s = solve(p)
    >>> s.kind, s.spec.stride, s.assumed
    ('transposed', (2,), {'stride': 2, 'padding': 0, 'dilation': 1, 'output_padding': 0})
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from ..core.operands import read_operands
from ..core.spec import ConvSpec
from ..engine.derivation import Derivation, derive
from ..errors import SymtconvError
from ..handcheck.mistakes import correct_plan
from ..handcheck.placement import place
from .blocks import Location
from .items import Equation, Item, MatrixRef, Param, Section
from .latex_expr import Mat
from .names import ROLES, meaning
from .words import role_of

__all__ = ["MAX_SEARCH", "Problem", "Solved", "group", "solve"]

#: Most parameter combinations tried for one problem.
MAX_SEARCH = 400
#: Largest input or kernel (entries) a problem is solved for.
MAX_ENTRIES = 4096
_DEFAULTS = {"stride": 1, "padding": 0, "dilation": 1, "output_padding": 0, "groups": 1}
_SEARCH = {
    "stride": (1, 2, 3),
    "padding": (0, 1, 2),
    "dilation": (1, 2),
    "output_padding": (0, 1, 2),
}


@dataclass
class Problem:
    """One worked example as written.

    Attributes:
        loc: where it starts.
        section: ``transposed`` / ``forward`` from the section it is in, or ``None``.
        input: the input matrix (or the slices of a channelled input, by channel).
        kernel: the kernel matrix (or slices).
        params: the parameters stated for it (the last statement of each wins).
        items: everything in its span, in order.
        outputs: the matrices claimed as its output, in order.
    """

    loc: Location
    section: str | None
    level: int = 0
    input: dict[tuple[int, ...], MatrixRef] = field(default_factory=dict)
    kernel: dict[tuple[int, ...], MatrixRef] = field(default_factory=dict)
    params: dict[str, Param] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    outputs: list[MatrixRef] = field(default_factory=list)

    @property
    def claim(self) -> MatrixRef | None:
        """The claimed output: the last matrix written as the output."""
        return self.outputs[-1] if self.outputs else None


def equation_role(eq: Equation) -> tuple[str | None, tuple[int | None, ...], MatrixRef | None]:
    """The role an equation gives its (last) matrix: from the name it equates it with,
    or from the label before it when it is a lone matrix; with the slice index."""
    mats = [s.matrices[-1] for s in eq.sides if s.matrices and isinstance(s.node, Mat)]
    if not mats:
        return None, (), None
    first = meaning(eq.sides[0].node)
    if first is None and isinstance(eq.sides[0].node, Mat) and len(eq.sides) > 1:
        first = meaning(eq.sides[-1].node)
    if first is not None:
        if first.quantity in ROLES:
            return ROLES[first.quantity], tuple(i for i in first.index), mats[-1]
        return None, (), mats[-1]
    if len(eq.sides) == 1 and eq.context:
        return role_of(eq.context), (), mats[-1]
    return None, (), mats[-1]


def _slot(index: tuple[int | None, ...]) -> tuple[int, ...] | None:
    """The channel index of a slice (``x_{0,:,:}`` -> ``(0,)``), ``()`` for the whole."""
    if not index:
        return ()
    lead = []
    for i in index:
        if i is None:
            break
        lead.append(i)
    if any(i is not None for i in index[len(lead) :]):
        return None
    return tuple(lead)


def group(items: list[Item]) -> list[Problem]:
    """The worked examples of a document (items in document order)."""
    problems: list[Problem] = []
    current: Problem | None = None
    section: str | None = None
    level = 0
    pending: list[Param] = []
    for item in items:
        if isinstance(item, Section):
            if item.kind == "exercises":  # the worked example ends; exercises change it
                current, section, pending = None, None, []
                continue
            if item.kind is not None:
                closes = item.level == 0 or current is None or item.level <= current.level
                if current is not None and current.section != item.kind and closes:
                    current = None
                if current is None or closes:
                    section, level = item.kind, item.level
            continue
        if isinstance(item, Param):
            if item.stated.hypothetical:
                continue
            if current is not None and current.claim is None:
                current.params[item.stated.name] = item
            else:
                pending.append(item)
            continue
        if isinstance(item, Equation):
            role, index, ref = equation_role(item)
            slot = _slot(index)
            if role in ("input", "kernel") and ref is not None and slot is not None:
                target = "input" if role == "input" else "kernel"
                parts = getattr(current, target) if current is not None else {}
                again = slot in parts and parts[slot].grid.rows == ref.grid.rows
                if again:
                    pass
                elif current is None or slot in parts or current.claim is not None:
                    current = Problem(item.loc, section, level)
                    for p in pending:
                        current.params[p.stated.name] = p
                    pending = []
                    problems.append(current)
                if not again:
                    getattr(current, target)[slot] = ref
            elif role == "output" and ref is not None and current is not None and not index:
                current.outputs.append(ref)
        if current is not None:
            current.items.append(item)
    return problems


# ----- solving --------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Solved:
    """A problem with the spec it is read with, and the correct derivation.

    Attributes:
        problem: the problem.
        kind: ``transposed`` or ``forward``.
        options: the spec options (``stride``, ``padding``, ...; ``forward``).
        stated: the parameters the text states.
        assumed: the parameters not stated, with the values assumed.
        searched: whether the assumed values came from a search (the claim decided them).
        derivation: the correct derivation.
        x: the input (full layout), w: the kernel (full layout).
    """

    problem: Problem
    kind: str
    options: dict[str, Any]
    stated: dict[str, Any]
    assumed: dict[str, Any]
    searched: bool
    derivation: Derivation
    x: np.ndarray
    w: np.ndarray

    @property
    def spec(self) -> ConvSpec:
        return self.derivation.spec


class Unsolvable(Exception):
    """A problem whose operands cannot be read (elided, symbolic in ways not handled)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _assemble(parts: dict[tuple[int, ...], MatrixRef], what: str) -> np.ndarray:
    arrays = {}
    for slot, ref in parts.items():
        arr = ref.grid.array()
        if arr is None:
            raise Unsolvable(f"the {what} is not written in full")
        arrays[slot] = arr
    if () in arrays:
        if len(arrays) > 1:
            raise Unsolvable(f"the {what} is written both whole and in slices")
        out = arrays[()]
    else:
        depth = {len(s) for s in arrays}
        if len(depth) != 1:
            raise Unsolvable(f"the {what}'s slices have different ranks")
        shapes = {a.shape for a in arrays.values()}
        if len(shapes) != 1:
            raise Unsolvable(f"the {what}'s slices have different shapes")
        (n,) = depth
        lead = tuple(max(s[d] for s in arrays) + 1 for d in range(n))
        if len(arrays) != int(np.prod(lead)):
            raise Unsolvable(f"some slices of the {what} are missing")
        out = np.empty(lead + next(iter(shapes)), dtype=object)
        for slot, arr in arrays.items():
            out[slot] = arr
    if out.size > MAX_ENTRIES:
        raise Unsolvable(f"the {what} has more than {MAX_ENTRIES} entries")
    return _squeeze(out)


def _squeeze(arr: np.ndarray) -> np.ndarray:
    """A row vector written as a 1 x n matrix is a 1-D array."""
    if arr.ndim == 2 and arr.shape[0] == 1:
        return arr[0]
    return arr


def stated_parameters(problem: Problem) -> dict[str, Any]:
    """The parameters the text states for a problem (PyTorch-style names)."""
    return _stated(problem)


def _stated(problem: Problem) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, param in problem.params.items():
        value = param.stated.value
        if name in ("padding_lo", "padding_hi", "padding_pair"):
            continue
        out[name] = value
    lo, hi = problem.params.get("padding_lo"), problem.params.get("padding_hi")
    if lo is not None and hi is not None:
        lo_v, hi_v = lo.stated.value, hi.stated.value
        if isinstance(lo_v, int) and isinstance(hi_v, int):
            out["padding"] = _Pair(((lo_v, hi_v),))
    pair = problem.params.get("padding_pair")
    if (
        pair is not None
        and isinstance(pair.stated.value, tuple)
        and len(pair.stated.value) % 2 == 0
    ):
        v = pair.stated.value
        out["padding"] = _Pair(tuple((v[n], v[n + 1]) for n in range(0, len(v), 2)))
    return out


@dataclass(frozen=True)
class _Pair:
    """Padding stated as (low, high) pairs: one for every dimension, or one per dimension."""

    pairs: tuple[tuple[int, int], ...]

    def per_dim(self, rank: int) -> list[tuple[int, int]]:
        return list(self.pairs) * rank if len(self.pairs) == 1 else list(self.pairs)


def _candidates(stated: dict[str, Any], forward: bool, budget: int) -> list[dict[str, Any]]:
    names = [n for n in ("stride", "padding", "dilation", "output_padding") if n not in stated]
    if forward and "output_padding" in names:
        names.remove("output_padding")
    grids = [_SEARCH[n] for n in names]
    out: list[dict[str, Any]] = []
    for values in itertools.product(*grids):
        combo = dict(zip(names, values))
        if len(out) >= budget:
            break
        out.append(combo)
    out.sort(key=lambda c: sum(v != _DEFAULTS[n] for n, v in c.items()))
    return out


def _options(
    x: np.ndarray, w: np.ndarray, stated: dict[str, Any], combo: dict[str, Any], forward: bool
) -> dict[str, Any]:
    options = {**{k: v for k, v in stated.items()}, **combo}
    if forward:
        options.pop("output_padding", None)
        options["forward"] = True
    return options


def _place(
    x: np.ndarray, w: np.ndarray, options: dict[str, Any]
) -> tuple[ConvSpec, np.ndarray] | None:
    try:
        spec, xf, wf, b = read_operands(x.tolist(), w.tolist(), **options)
    except (SymtconvError, ValueError, TypeError):
        return None
    out = place(correct_plan(spec), xf, wf, b, spec.groups)
    shown = (
        out.reshape(spec.output_size)
        if spec.in_channels == spec.out_channels == 1 and spec.batch is None
        else out
    )
    return spec, shown


def _agreement(claim: np.ndarray, out: np.ndarray) -> int:
    if claim.shape != out.shape:
        return -1
    return sum(_same(a, b) for a, b in zip(claim.flat, out.flat, strict=True))


def _same(a: Any, b: Any) -> bool:
    if a is None:
        return False
    try:
        diff = sympy.expand(sympy.sympify(a) - sympy.sympify(b))
    except (TypeError, ValueError, sympy.SympifyError):
        return False
    if diff == 0:
        return True
    if diff.is_number and (isinstance(a, sympy.Float) or isinstance(b, sympy.Float)):
        return bool(abs(float(diff)) <= 1e-6 * max(1.0, abs(float(sympy.sympify(b)))))
    return False


def solve(problem: Problem) -> Solved:
    """The spec and the correct derivation of a problem.

    Raises:
        Unsolvable: the input or the kernel is not written in full (or not at all).
    """
    if not problem.input or not problem.kernel:
        raise Unsolvable("no " + ("input" if not problem.input else "kernel") + " is written")
    x = _assemble(problem.input, "input")
    w = _assemble(problem.kernel, "kernel")
    stated = _stated(problem)
    if isinstance(stated.get("padding"), _Pair):
        stated["padding"] = stated["padding"].per_dim(
            max(1, x.ndim - (1 if len(problem.input) > 1 else 0))
        )
    claim = problem.claim.grid.array() if problem.claim is not None else None
    if claim is not None:
        claim = _squeeze(claim)
    kinds = [problem.section] if problem.section else _kinds_by_shape(x, claim)
    kind, combo, searched = _search(x, w, stated, claim, kinds)
    forward = kind == "forward"
    options = _options(x, w, stated, combo, forward)
    try:
        derivation = derive(x.tolist(), w.tolist(), **options)
    except SymtconvError as exc:
        raise Unsolvable(f"the parameters do not make a valid convolution ({exc})") from None
    assumed = {
        n: combo.get(n, _DEFAULTS[n])
        for n in ("stride", "padding", "dilation", "output_padding")
        if n not in stated and not (forward and n == "output_padding")
    }
    return Solved(problem, kind, options, stated, assumed, searched, derivation, x, w)


def _search(
    x: np.ndarray,
    w: np.ndarray,
    stated: dict[str, Any],
    claim: np.ndarray | None,
    kinds: list[str],
) -> tuple[str, dict[str, Any], bool]:
    """The kind and the unstated parameters to read a problem with.

    The first combination (defaults first, then the fewest changes) under which the claimed
    output follows exactly; failing that, the first one that gives the claimed shape (the
    claim is then wrong in some entries, and the defaults are the likeliest reading);
    failing that, the defaults.  Returns (kind, parameters, whether the claim decided them).
    """
    if claim is None:
        return kinds[0], {}, False
    shaped: tuple[str, dict[str, Any]] | None = None
    for kind in kinds:
        forward = kind == "forward"
        for combo in _candidates(stated, forward, MAX_SEARCH):
            if not _may_give(x, w, {**stated, **combo}, forward, claim.shape):
                continue
            found = _place(x, w, _options(x, w, stated, combo, forward))
            if found is None:
                continue
            score = _agreement(claim, found[1])
            if score == claim.size:
                return kind, combo, True
            if score >= 0 and shaped is None:
                shaped = (kind, combo)
    if shaped is not None:
        return shaped[0], shaped[1], False
    return kinds[0], {}, False


def _may_give(
    x: np.ndarray, w: np.ndarray, params: dict[str, Any], forward: bool, shape: tuple[int, ...]
) -> bool:
    """Whether these parameters can give an output of ``shape`` (sizes only, no placing);
    ``True`` where the sizes cannot be told this simply (channels, per-dimension values)."""
    rank = w.ndim if w.ndim <= 3 else w.ndim - 2
    if x.ndim != rank or len(shape) != rank:
        return True
    values = [
        params.get(n, _DEFAULTS[n]) for n in ("stride", "padding", "dilation", "output_padding")
    ]
    if not all(isinstance(v, int) for v in values):
        return True
    s, p, d, op = values
    for i, k, o in zip(x.shape, w.shape, shape):
        size = (
            (i + 2 * p - d * (k - 1) - 1) // s + 1
            if forward
            else (i - 1) * s - 2 * p + d * (k - 1) + op + 1
        )
        if size != o:
            return False
    return True


def _kinds_by_shape(x: np.ndarray, claim: np.ndarray | None) -> list[str]:
    if (
        claim is not None
        and claim.ndim == x.ndim
        and all(c < i for c, i in zip(claim.shape, x.shape))
    ):
        return ["forward", "transposed"]
    return ["transposed", "forward"]
