"""Value-level identities of transposed convolution, exact for given shapes.

Each identity is checked exactly with SymPy, entry by entry, for one spec
(symbolic entries ``x_{...}``, ``w_{...}`` by default, or the given numbers),
through the derive engine (:func:`symtconv.derive`, the literal ``C^T x``):

* ``zero-insertion``: ``C^T x`` equals the stride-1 convolution of the
  zero-inserted, padded input with the spatially flipped kernel (channel axes
  swapped), computed by :func:`symtconv.core.numeric.conv_transpose_zero_insertion`;
* ``adjoint``: ``<C u, v> = <u, C^T v>`` with symbolic ``u`` and ``v``, where
  ``C u`` is the forward convolution by gathering (:func:`symtconv.core.numeric.conv`)
  and ``C^T v`` the derived transposed convolution;
* ``jacobian``: C (as the derive engine builds it) is the Jacobian of the
  forward convolution ``u -> conv(u, w)`` (gathering, differentiated by SymPy);
* ``subpixel``: ``C^T x`` equals ``s^n`` stride-1 convolutions of the input with
  the phase sub-kernels, interleaved (depth-to-space) and cropped
  (:mod:`symtconv.engine.subpixel`, Shi et al. 2016), with the weight index map.

For general parameters, the index-level statement behind the first three (which
input and tap reach each output position) is the built-in theorem
``index-pairs``, and behind ``subpixel`` the theorem ``subpixel-phases``, proved
for all integers like any claim.

Examples:
    >>> result = prove_identity("zero-insertion", input_shape=(2, 2), kernel_shape=(2, 2),
    ...                         stride=2, general=False)
    >>> result.status, result.compared
    ('proved', 16)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from ..core.arguments import c_rows, c_transpose_params, conv_params
from ..core.numeric import conv, conv_transpose, conv_transpose_zero_insertion
from ..core.operands import input_names_axes, symbolic_tensor
from ..core.spec import ConvSpec
from ..engine.derivation import Derivation, derive
from ..engine.subpixel import SubKernel, subpixel_conv_transpose, subpixel_plan
from ..errors import SpecError
from ..results import Result, writer_for
from .theorems import TheoremResult, prove_theorem

__all__ = [
    "IDENTITIES",
    "MAX_ELEMENTS",
    "MAX_NONZEROS",
    "Identity",
    "IdentityProof",
    "prove_identity",
]

#: Largest C (structural nonzeros) an identity is checked on; symbolic work grows fast.
MAX_NONZEROS = 5_000
#: Default limit on the entries of the input, kernel and output (each output entry is one
#: comparison, expanded).
MAX_ELEMENTS = 20_000

# One compared pair: (where, left side, right side).
_Pair = tuple[str, sympy.Expr, sympy.Expr]


@dataclass(frozen=True)
class Identity:
    """A value-level identity.

    Attributes:
        name: registry key.
        statement: what it says (text).
        latex: the same in LaTeX.
        check: computes the pairs of sides to compare for a derivation.
        general: the built-in theorem that states it at the index level, for all integers.
        explain: what to show besides the comparison (lines of text), for a derivation.
    """

    name: str
    statement: str
    latex: str
    check: Callable[[Derivation], list[_Pair]]
    general: str = "index-pairs"
    explain: Callable[[Derivation], tuple[str, ...]] | None = None


def _entry(letter: str, index: Sequence[int]) -> str:
    return f"{letter}[{', '.join(str(int(i)) for i in index)}]"


def _zero_insertion(d: Derivation) -> list[_Pair]:
    spec = d.spec
    if not spec.transposed:
        raise SpecError(
            "identity zero-insertion: is about a transposed convolution; leave out --forward"
        )
    other = conv_transpose_zero_insertion(d.x, d.w, None, **conv_params(spec))
    ours = np.asarray(d.output_full)
    return [(_entry("y", i), ours[i], other[i]) for i in np.ndindex(*ours.shape)]


def _forward_parts(d: Derivation) -> tuple[np.ndarray, np.ndarray]:
    """A symbolic input u of the forward convolution whose matrix is C, and C u."""
    fwd = d.spec.forward_equivalent()
    u = symbolic_tensor("u", fwd.input_shape, input_names_axes(fwd))
    return u, conv(u, d.w, None, **conv_params(fwd))[c_rows(d.spec)]


def _adjoint(d: Derivation) -> list[_Pair]:
    spec = d.spec
    if spec.transposed:
        u, cu = _forward_parts(d)
        v, ctv = d.x, np.asarray(d.output_full)
    else:
        u, cu = d.x, np.asarray(d.output_full)
        v = symbolic_tensor("v", cu.shape, input_names_axes(spec.forward_equivalent()))
        ctv = conv_transpose(v, d.w, None, **c_transpose_params(spec))
    left = sympy.Add(*(a * b for a, b in zip(cu.reshape(-1), v.reshape(-1), strict=True)))
    right = sympy.Add(*(a * b for a, b in zip(u.reshape(-1), ctv.reshape(-1), strict=True)))
    return [("<C u, v> vs <u, C^T v>", sympy.expand(left), sympy.expand(right))]


def _jacobian(d: Derivation) -> list[_Pair]:
    spec = d.spec
    if spec.transposed:
        u, cu = _forward_parts(d)
    else:
        u = symbolic_tensor("u", spec.input_shape, input_names_axes(spec))
        cu = conv(u, d.w, None, **conv_params(spec))
    position = {symbol: n for n, symbol in enumerate(u.reshape(-1))}
    c_entries = d.C.todok()
    zero = sympy.Integer(0)
    pairs: list[_Pair] = []
    for r, y in enumerate(cu.reshape(-1)):
        derivative: dict[int, sympy.Expr] = {}
        for term in sympy.Add.make_args(sympy.expand(y)):
            found = [s for s in term.free_symbols if s in position]
            if len(found) != 1:
                raise SpecError(f"identity jacobian: output entry {r} is not linear in u: {y}")
            col = position[found[0]]
            derivative[col] = derivative.get(col, zero) + sympy.diff(term, found[0])
        for c in sorted(set(derivative) | {c for (row, c) in c_entries if row == r}):
            pairs.append((f"C[{r}, {c}]", derivative.get(c, zero), c_entries.get((r, c), zero)))
    return pairs


def _subpixel(d: Derivation) -> list[_Pair]:
    spec = d.spec
    if not spec.transposed:
        raise SpecError("identity subpixel: is about a transposed convolution; leave out --forward")
    other = subpixel_conv_transpose(d.x, d.w, spec)
    ours = np.asarray(d.output_full)
    return [(_entry("y", i), ours[i], other[i]) for i in np.ndindex(*ours.shape)]


def _tap_row(sub: SubKernel, r: int) -> str:
    return "[" + ", ".join("-" if t is None else str(t) for t in sub.taps[r]) + "]"


def _subpixel_map(d: Derivation) -> tuple[str, ...]:
    """The weight index map: per dimension, the tap at each entry of each phase's sub-kernel."""
    plan = subpixel_plan(d.spec)
    sizes = "x".join(str(sub.size) for sub in plan.kernels)
    lines = [
        f"{plan.phases} stride-1 convolutions (one per phase r), sub-kernels {sizes}, input "
        "padded by " + ", ".join(f"{lo}:{hi}" for lo, hi in plan.pads) + "; interleaved "
        "z[m*s + r] = y_r[m], then y = z[" + ", ".join(f"{a}:{b}" for a, b in plan.crop) + "]",
        "weight index map: W'[co*S + r, ci, u] = w[ci, co, t] (S = the number of phases, "
        "ci and co within the group), t per dimension (- is a zero):",
    ]
    for n, sub in enumerate(plan.kernels):
        rows = "; ".join(f"phase {r}: {_tap_row(sub, r)}" for r in range(sub.stride))
        lines.append(f"  dimension {n} (k={sub.kernel}, s={sub.stride}, d={sub.dilation}): {rows}")
    return tuple(lines)


#: Name -> identity.
IDENTITIES: dict[str, Identity] = {
    "zero-insertion": Identity(
        "zero-insertion",
        "C^T x equals the stride-1 convolution of the zero-inserted, padded input with the "
        "spatially flipped kernel (channel axes swapped)",
        "C^{\\mathsf T} x = \\operatorname{conv}\\left(\\operatorname{stretch}(x), "
        "\\operatorname{flip}(w)\\right)",
        _zero_insertion,
    ),
    "adjoint": Identity(
        "adjoint",
        "<C u, v> = <u, C^T v>: the transposed convolution is the adjoint of the convolution",
        "\\langle C u, v \\rangle = \\langle u, C^{\\mathsf T} v \\rangle",
        _adjoint,
    ),
    "jacobian": Identity(
        "jacobian",
        "C is the Jacobian of the forward convolution u -> conv(u, w)",
        "C = \\frac{\\partial \\operatorname{conv}(u, w)}{\\partial u}",
        _jacobian,
    ),
    "subpixel": Identity(
        "subpixel",
        "C^T x equals s^n stride-1 convolutions of the input with the phase sub-kernels, "
        "interleaved (depth-to-space) and cropped",
        "C^{\\mathsf T} x = \\operatorname{crop}\\left(\\operatorname{interleave}_{r}\\,"
        "\\operatorname{conv}\\left(x, w_{r}\\right)\\right)",
        _subpixel,
        "subpixel-phases",
        _subpixel_map,
    ),
}


@dataclass(frozen=True, eq=False)
class IdentityProof(Result):
    """An identity checked exactly for one spec, with the general index-level proof.

    Attributes:
        identity: the identity.
        spec: the geometry.
        symbolic: whether the entries were symbols (else the given numbers).
        status: ``"proved"`` (every pair equal) or ``"disproved"``.
        compared: how many pairs of sides were compared.
        sample: one compared pair, as text (where, left, right).
        mismatch: the first unequal pair, as text, or None.
        general: the identity's theorem for general parameters (or None).
        seconds: total time.
        details: what else the identity shows (the sub-pixel weight index map).
    """

    identity: Identity
    spec: ConvSpec
    symbolic: bool
    status: str
    compared: int
    sample: tuple[str, str, str] | None
    mismatch: tuple[str, str, str] | None
    general: TheoremResult | None
    seconds: float
    details: tuple[str, ...] = ()

    def to_latex(self) -> str:
        """The result as a LaTeX ``aligned`` block."""
        return str(writer_for(self, "latex")(self))


def prove_identity(
    name: str,
    *,
    general: bool = True,
    max_nonzeros: int = MAX_NONZEROS,
    max_elements: int = MAX_ELEMENTS,
    **spec: Any,
) -> IdentityProof:
    """Check a value-level identity exactly for one spec, and its index level in general.

    Args:
        name: ``"zero-insertion"``, ``"adjoint"``, ``"jacobian"`` or ``"subpixel"``.
        general: also prove the identity's index-level theorem for all integers.
        max_nonzeros: refuse a C with more structural nonzeros.
        max_elements: refuse more entries in the input, kernel and output.
        **spec: the operands and parameters, as for :func:`symtconv.derive`
            (shapes for symbolic entries, or values); no bias.

    Raises:
        SpecError: an unknown identity, a bias, or invalid operands.
        TooLargeError: C has more than ``max_nonzeros`` nonzeros, or the tensors more
            than ``max_elements`` entries.
    """
    if name not in IDENTITIES:
        raise SpecError(f"identity: got {name!r}; valid names are {', '.join(IDENTITIES)}")
    if spec.get("bias") is not None:
        raise SpecError("bias: the identities are about the linear map; leave out the bias")
    start = time.perf_counter()
    identity = IDENTITIES[name]
    if all(spec.get(k) is None for k in ("input", "kernel", "input_shape", "kernel_shape")):
        forward = bool(spec.get("forward"))
        spec = {**spec, "input_shape": (3, 3) if forward else (2, 2), "kernel_shape": (2, 2)}
    d = derive(**spec, max_nonzeros=max_nonzeros, max_elements=max_elements)
    pairs = identity.check(d)
    mismatch = None
    for where, left, right in pairs:
        if sympy.expand(left - right) != 0:
            mismatch = (where, str(left), str(right))
            break
    sample = next(((w, str(a), str(b)) for w, a, b in pairs if a != 0), None)
    result = prove_theorem(identity.general) if general else None
    return IdentityProof(
        identity=identity,
        spec=d.spec,
        symbolic=d.symbolic,
        status="proved" if mismatch is None else "disproved",
        compared=len(pairs),
        sample=sample,
        mismatch=mismatch,
        general=result,
        seconds=time.perf_counter() - start,
        details=identity.explain(d) if identity.explain is not None else (),
    )
