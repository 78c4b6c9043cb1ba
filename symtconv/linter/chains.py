"""Checking one equation chain: every side that has a value, against the one before it.

A side's value is a number (exact), a shape (``3 \\times 3``), a matrix (written,
or computed: a product of matrices, a sum of same-shaped ones), a name (a quantity
of the worked example, one of its entries, its output size), a size formula, or an
expression in the example's entries (``x_{0,0} w_{1,1} + ...``, evaluated with the
example's values).  Consecutive sides are compared (``=`` and ``\\approx``: equal,
to the decimals written; ``\\neq``: different); a chain that starts with a name
is also checked against the example: ``y_{1,1} = ... = 3``, ``C = [...]``,
``\\text{Output size} = ... = 2 \\times 2``.  Sides without a value are skipped,
never guessed.  Size formulas are handed to :mod:`symtconv.linter.formulas`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from .context import Context
from .formulas import FormulaContext, check_formula, is_formula, substitute
from .items import Equation, MatrixRef, Side
from .latex_expr import Bin, Mat, Node, Sym, Under
from .names import Meaning, meaning
from .outputs import check_output
from .quantities import named
from .sink import same, show
from .values import _sympy, decimal_places, grid, names_in, number, shape

__all__ = ["Value", "as_matrix", "check_equation", "interpret", "placement_terms", "sides_of"]


@dataclass
class Value:
    """The value of one side (see the module docstring); ``kind`` says which field holds it."""

    kind: str  # number, shape, matrix, name, formula, entry, unknown
    side: Side
    number: Fraction | None = None
    places: int = 0
    shape: tuple[int, ...] | None = None
    array: np.ndarray | None = None
    refs: tuple[MatrixRef, ...] = ()
    meaning: Meaning | None = None
    expr: Any = None
    computed: str = ""  # how a matrix was computed: "product", "sum", "" (as written)


def _matrix_parts(node: Node) -> list[Mat] | None:
    if isinstance(node, Mat):
        return [node]
    if isinstance(node, Under) and isinstance(node.body, Mat):
        return [node.body]
    return None


def interpret(side: Side) -> Value:
    """The value of a side, as far as it has one."""
    node = side.node
    if isinstance(node, Mat):
        g = grid(node)
        arr = g.array() if g is not None else None
        return Value("matrix", side, array=arr, refs=side.matrices, places=g.places if g else 0)
    n = number(node)
    if n is not None:
        return Value("number", side, number=n, places=decimal_places(node), shape=shape(node))
    found = meaning(node)
    if found is not None:
        return Value("name", side, meaning=found)
    if isinstance(node, Bin) and side.matrices and len(side.matrices) >= 2:
        return _combined(side)
    if is_formula(node):
        return Value("formula", side, expr=node)
    expr = _sympy(node)
    if expr is not None and getattr(expr, "free_symbols", None):
        return Value("entry", side, expr=expr, places=decimal_places(node))
    return Value("unknown", side)


def _flatten(node: Node, op: str) -> list[Node]:
    if isinstance(node, Bin) and node.op == op:
        return _flatten(node.left, op) + _flatten(node.right, op)
    return [node]


def _combined(side: Side) -> Value:
    """A product of matrices (juxtaposed) or a sum of matrices."""
    node = side.node
    refs = side.matrices
    arrays = [r.grid.array() for r in refs]
    if any(a is None for a in arrays):
        return Value("unknown", side, refs=refs)
    clean = [a for a in arrays if a is not None]
    if isinstance(node, Bin) and node.op == "+":
        terms = _flatten(node, "+")
        if len(terms) == len(clean) and all(_matrix_parts(t) for t in terms):
            if len({a.shape for a in clean}) == 1:
                total = clean[0]
                for a in clean[1:]:
                    total = total + a
                return Value("matrix", side, array=_expand(total), refs=refs, computed="sum")
            return Value("placement_sum", side, refs=refs)
    if isinstance(node, Bin) and node.op in ("juxt", "cdot", "times", "*"):
        factors = _flatten(node, node.op)
        if len(factors) == len(clean) and all(isinstance(f, Mat) for f in factors):
            product = clean[0]
            for a in clean[1:]:
                if product.shape[-1] != a.shape[0]:
                    return Value("unknown", side, refs=refs)
                product = product.dot(a)
            return Value("matrix", side, array=_expand(product), refs=refs, computed="product")
    return Value("unknown", side, refs=refs)


def _expand(arr: np.ndarray) -> np.ndarray:
    return np.vectorize(lambda v: sympy.expand(sympy.sympify(v)), otypes=[object])(arr)


# ----- comparing ----------------------------------------------------------------------------


def _fmt(value: Fraction) -> str:
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def _arrays_same(a: np.ndarray, b: np.ndarray, places: int = 0) -> bool:
    a, b = _squeeze(a), _squeeze(b)
    return a.shape == b.shape and all(
        same(u, v, places) for u, v in zip(a.flat, b.flat, strict=True)
    )


def _squeeze(arr: np.ndarray) -> np.ndarray:
    if arr.ndim == 2 and 1 in arr.shape:
        return arr.reshape(-1)
    return arr


def _pair(prev: Value, cur: Value, ctx: Context, eq: Equation) -> None:
    """Compare two consecutive sides that both have a value."""
    sink = ctx.sink
    rel = cur.side.relation or "="
    loc = cur.side.loc
    text = f"{prev.side.text} {'=' if rel != '!=' else '!='} {cur.side.text}"
    if prev.kind == "number" and cur.kind == "number":
        assert prev.number is not None and cur.number is not None
        if rel == "!=":
            return
        places = max(prev.places, cur.places)
        ok = same(
            sympy.Rational(prev.number.numerator, prev.number.denominator),
            sympy.Float(str(float(cur.number)))
            if cur.places
            else sympy.Rational(cur.number.numerator, cur.number.denominator),
            places,
        )
        if not ok and cur.shape is not None and all(d == prev.number for d in cur.shape):
            sink.checked(loc, "arithmetic", "correct", "shape_ok", text=text, shape=show(cur.shape))
            _shape_against_example(cur.shape, cur, ctx)
            return
        if ok:
            sink.checked(loc, "arithmetic", "correct", "arithmetic_ok", text=text)
        else:
            sink.find(
                loc,
                "error",
                "arithmetic",
                "arithmetic_wrong",
                claimed=_fmt(cur.number),
                expected=_fmt(prev.number),
                left=prev.side.text,
                right=cur.side.text,
            )
            sink.checked(loc, "arithmetic", "wrong", "arithmetic_ok", text=text)
        return
    if prev.kind == "matrix" and cur.kind == "matrix":
        if prev.array is None or cur.array is None:
            sink.checked(loc, "arithmetic", "not understood", "matrix_elided", text=text)
            return
        a, b = resolve(prev.array, ctx), resolve(cur.array, ctx)
        if _symbolic(a) != _symbolic(b):
            sink.checked(loc, "arithmetic", "not understood", "matrix_elided", text=text)
            return
        equal = _arrays_same(b, a, max(prev.places, cur.places))
        if rel == "!=":
            if equal:
                sink.find(
                    loc,
                    "error",
                    "arithmetic",
                    "matrices_equal",
                    claimed=cur.array,
                    expected=prev.array,
                )
            sink.checked(
                loc, "arithmetic", "correct" if not equal else "wrong", "matrices_differ", text=text
            )
            return
        if equal:
            sink.checked(
                loc, "arithmetic", "correct", "matrices_ok", how=prev.computed or "as written"
            )
        else:
            sink.find(
                loc,
                "error",
                "arithmetic",
                "matrices_wrong",
                claimed=cur.array,
                expected=prev.array,
                how=prev.computed or "as written",
            )
            sink.checked(
                loc, "arithmetic", "wrong", "matrices_ok", how=prev.computed or "as written"
            )
        return
    if prev.kind == "formula" and cur.kind == "number":
        assert cur.number is not None
        substitute(
            prev.expr,
            cur.number,
            _formula_context(ctx),
            prev.side,
            cur.side,
            sink,
        )
        return
    if prev.kind == "entry" and cur.kind == "number" and ctx.solved is not None:
        value = _entry_value(prev.expr, ctx)
        if value is None:
            return
        assert cur.number is not None
        ok = same(value, sympy.Rational(cur.number.numerator, cur.number.denominator), cur.places)
        sink.checked(loc, "arithmetic", "correct" if ok else "wrong", "arithmetic_ok", text=text)
        if not ok:
            sink.find(
                loc,
                "error",
                "arithmetic",
                "entries_value_wrong",
                claimed=_fmt(cur.number),
                expected=value,
                left=prev.side.text,
            )


def resolve(arr: np.ndarray, ctx: Context) -> np.ndarray:
    """A written matrix with the example's entry names (``x_{0,1}``) replaced by their values."""
    names = ctx.names()
    if not names:
        return arr
    return np.vectorize(
        lambda v: (
            sympy.expand(sympy.sympify(v).xreplace(names))
            if getattr(sympy.sympify(v), "free_symbols", None)
            else v
        ),
        otypes=[object],
    )(arr)


def _symbolic(arr: np.ndarray) -> bool:
    return any(bool(getattr(sympy.sympify(v), "free_symbols", None)) for v in arr.flat)


def _entry_value(expr: Any, ctx: Context) -> Any:
    names = ctx.names()
    free = expr.free_symbols
    if not free or any(s not in names or names[s] is None for s in free):
        return None
    return sympy.expand(expr.xreplace({s: names[s] for s in free}))


def _shape_against_example(found: tuple[int, ...], value: Value, ctx: Context) -> None:
    if ctx.solved is None:
        return
    want = ctx.solved.derivation.output_shape
    if found == want or (len(found) == 1 and all(d == found[0] for d in want)):
        ctx.sink.checked(value.side.loc, "formula", "correct", "size_ok", size=show(want))


# ----- a chain that starts with a name --------------------------------------------------------


def _named_check(name: Value, last: Value, ctx: Context, eq: Equation) -> None:
    """``NAME = ... = last``: the last side against the example's quantity."""
    m = name.meaning
    assert m is not None
    sink = ctx.sink
    if m.quantity == "size":
        if last.kind == "number" and last.shape is not None and ctx.solved is not None:
            if len(eq.sides) > 2:
                return  # the shape was compared with the one before it, and with the example
            size = ctx.solved.derivation.output_shape
            got = last.shape
            ok = got == size
            sink.checked(
                last.side.loc, "formula", "correct" if ok else "wrong", "size_ok", size=show(got)
            )
            if not ok:
                sink.find(
                    last.side.loc, "error", "formula", "size_wrong", claimed=got, expected=size
                )
        elif last.kind == "number" and ctx.solved is not None:
            assert last.number is not None
            sizes = set(ctx.solved.derivation.spec.output_size)
            ok = last.number in sizes
            sink.checked(
                last.side.loc,
                "formula",
                "correct" if ok else "wrong",
                "size_ok",
                size=_fmt(last.number),
            )
            if not ok:
                sink.find(
                    last.side.loc,
                    "error",
                    "formula",
                    "size_wrong",
                    claimed=_fmt(last.number),
                    expected=show(ctx.solved.derivation.spec.output_size),
                )
        return
    if ctx.solved is None or ctx.q is None:
        if last.kind == "matrix":
            for ref in last.refs:
                ctx.used.add(id(ref))
        return
    if m.quantity.endswith("_entry"):
        arr = {"input_entry": ctx.q.x, "output_entry": ctx.q.y, "kernel_entry": ctx.q.w}[m.quantity]
        index = tuple(i for i in m.index if i is not None)
        if len(index) != arr.ndim or not all(0 <= i < n for i, n in zip(index, arr.shape)):
            sink.find(
                name.side.loc,
                "error",
                "example",
                "entry_outside",
                name=name.side.text,
                shape=show(arr.shape),
            )
            return
        expected = arr[index]
        if last.kind == "number" and last.number is not None:
            got = sympy.Rational(last.number.numerator, last.number.denominator)
            ok = same(got, expected, last.places)
        elif last.kind == "entry":
            got = last.expr
            ok = same(sympy.expand(got), sympy.expand(expected)) or (
                _entry_value(got, ctx) is not None and same(_entry_value(got, ctx), expected)
            )
        else:
            return
        kind = "example" if m.quantity == "output_entry" else "step"
        sink.checked(
            last.side.loc, kind, "correct" if ok else "wrong", "entry_ok", name=name.side.text
        )
        if not ok:
            sink.find(
                last.side.loc,
                "error",
                kind,
                "entry_wrong",
                claimed=got,
                expected=expected,
                name=name.side.text,
            )
        return
    if last.kind != "matrix":
        return
    for ref in last.refs:
        ctx.used.add(id(ref))
    if m.quantity in ("input", "kernel") and not m.index:
        return  # the definition of the problem itself
    want = named(ctx.q, m.quantity, m.index)
    if want is None:
        sink.checked(
            last.side.loc, "step", "not understood", "quantity_unknown", name=name.side.text
        )
        return
    if m.quantity == "output" and not m.index and last.array is not None and len(last.refs) == 1:
        check_output(last.refs[0], ctx)
        return
    ref = last.refs[-1]
    if m.quantity in ("product", "forward_product") and not m.index and _is_grid(ref):
        want = ctx.q.y  # C^T x written out in the output's shape
    if last.array is None:
        forms = [_two_d(want)]
        if want.ndim == 1 or 1 in want.shape:
            forms += [want.reshape(1, -1), want.reshape(-1, 1)]
        ok = any(ref.grid.matches(f, lambda a, b: same(a, b, ref.grid.places)) for f in forms)
    else:
        written = resolve(last.array, ctx)
        if (
            written.shape != want.shape
            and written.size == want.size
            and 1 in (*written.shape, *want.shape)
        ):
            written, want = written.reshape(-1), want.reshape(-1)
        ok = _arrays_same(written, want, last.places)
    kind = "example" if m.quantity == "output" else "step"
    sink.checked(
        last.side.loc, kind, "correct" if ok else "wrong", "quantity_ok", name=name.side.text
    )
    if not ok:
        sink.find(
            last.side.loc,
            "error",
            kind,
            "quantity_wrong",
            claimed=last.array if last.array is not None else ref.text,
            expected=want,
            name=name.side.text,
        )


def _is_grid(ref: MatrixRef) -> bool:
    """Whether a written matrix has more than one row and more than one column."""
    rows = ref.grid.rows
    return len(rows) > 1 and max(len(r) for r in rows) > 1


def _two_d(arr: np.ndarray) -> np.ndarray:
    if arr.ndim == 1:
        return arr.reshape(1, -1)
    if arr.ndim > 2:
        return arr.reshape(-1, arr.shape[-1])
    return arr


def _formula_context(ctx: Context) -> FormulaContext:
    if ctx.solved is None and ctx.stated:
        return FormulaContext.stated(ctx.stated, ctx.kind)
    return FormulaContext.of(ctx.solved, ctx.kind)


def check_equation(eq: Equation, ctx: Context) -> None:
    """Check an equation chain (see the module docstring)."""
    values = [interpret(s) for s in eq.sides]
    first = values[0]
    if len(values) == 2 and isinstance(eq.sides[0].node, Sym) and values[1].kind == "number":
        return  # s = 2, p_lo = 1: a parameter stated (read by the problems), not a claim
    if first.kind == "name" and first.meaning is not None and first.meaning.quantity == "size":
        for v in values[1:]:
            if v.kind == "formula" or (v.kind == "unknown" and _named_only(v.side.node)):
                check_formula(v.side.node, v.side, _formula_context(ctx), ctx.sink)
    previous: Value | None = None
    for v in values:
        if v.kind in ("number", "matrix", "formula", "entry"):
            if previous is not None and _comparable(previous, v):
                _pair(previous, v, ctx, eq)
            if v.kind != "entry" or previous is None or previous.kind != "number":
                previous = v
    if first.kind == "name" and len(values) > 1:
        for v in values[1:]:
            for ref in v.refs:
                ctx.used.add(id(ref))
        last = next(
            (
                v
                for v in reversed(values[1:])
                if v.kind in ("number", "matrix", "entry") and v.side.relation != "!="
            ),
            None,
        )
        if last is None and values[-1].kind == "matrix":
            last = values[-1]
        if last is not None:
            _named_check(first, last, ctx, eq)
    elif values[-1].kind == "name" and len(values) > 1 and values[0].kind == "matrix":
        _named_check(values[-1], values[0], ctx, eq)
    _round_trip(values, ctx)


def _named_only(node: Node) -> bool:
    """A tree of names and numbers only (a formula in notation that may not map)."""
    return (
        not isinstance(node, Mat)
        and bool(names_in(node))
        and not any(isinstance(n, Mat) for n in _walk(node))
    )


def _walk(node: Node) -> list[Node]:
    out: list[Node] = [node]
    for value in vars(node).values():
        if hasattr(value, "__dataclass_fields__"):
            out.extend(_walk(value))
        elif isinstance(value, tuple):
            out.extend(
                w for item in value if hasattr(item, "__dataclass_fields__") for w in _walk(item)
            )
    return out


def _comparable(a: Value, b: Value) -> bool:
    pairs = {("number", "number"), ("matrix", "matrix"), ("formula", "number"), ("entry", "number")}
    return (a.kind, b.kind) in pairs


def _round_trip(values: list[Value], ctx: Context) -> None:
    """``C(C^T x) = M \\neq x``: the matrix after a name, checked when the chain also says
    ``= x`` after a ``\\neq`` (the name side checks M; here the ``x`` side)."""
    for n, v in enumerate(values[1:], start=1):
        if v.kind == "name" and v.meaning is not None and v.meaning.quantity == "input" and n >= 1:
            prev = values[n - 1]
            if prev.kind == "matrix" and prev.array is not None and ctx.q is not None:
                for ref in prev.refs:
                    ctx.used.add(id(ref))
                ok = _arrays_same(prev.array, ctx.q.x)
                ctx.sink.checked(
                    prev.side.loc,
                    "step",
                    "correct" if ok else "wrong",
                    "quantity_ok",
                    name=v.side.text,
                )
                if not ok:
                    ctx.sink.find(
                        prev.side.loc,
                        "error",
                        "step",
                        "quantity_wrong",
                        claimed=prev.array,
                        expected=ctx.q.x,
                        name=v.side.text,
                    )


def placement_terms(value: Value) -> tuple[MatrixRef, ...]:
    """The matrices of a sum of differently shaped matrices (blocks placed at offsets)."""
    return value.refs if value.kind == "placement_sum" else ()


def sides_of(eq: Equation) -> list[Value]:
    """Every side's value (for the example checks)."""
    return [interpret(s) for s in eq.sides]


def as_matrix(node: Node) -> np.ndarray | None:
    """A written matrix as an array, or ``None``."""
    g = grid(node)
    return None if g is None else g.array()
