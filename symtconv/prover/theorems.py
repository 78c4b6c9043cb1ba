"""Built-in theorems about convolution sizes, each proved like any claim.

Every theorem is a few claims in the claim language (:mod:`symtconv.prover.language.parser`)
with their assumptions and the answer each must get: most are proved for all
integers; a few are refuted on purpose (a rule that does *not* hold, with the
counterexample).  :func:`prove_theorem` runs :func:`symtconv.prover.proof.prove`
on every part.  Each theorem also lists *pitfalls*: tempting false variants,
which the prover must refute (the tests check that they are).

The classic relationships are those of Dumoulin and Visin, "A guide to
convolution arithmetic for deep learning" (arXiv:1603.07285), numbered as
there; ``k`` there is the kernel size, and dilation ``d`` generalises ``k``
to ``d(k-1) + 1``.

Examples:
    >>> sorted(THEOREMS)[:3]
    ['conv-full-padding', 'conv-half-padding', 'conv-no-padding']
    >>> prove_theorem("conv-no-padding").status
    'proved'
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ..errors import SpecError
from ..results import Result, writer_for
from .proof import DEFAULT_TIMEOUT, Proof, prove

__all__ = ["THEOREMS", "Part", "Theorem", "TheoremResult", "prove_theorem", "theorem"]


@dataclass(frozen=True)
class Part:
    """One claim of a theorem.

    Attributes:
        claim: the claim (claim language).
        assume: its assumptions.
        expect: the answer it must get, ``"proved"``, ``"disproved"`` or ``"checked"``
            (checked on a box: a claim with a counting function, which is never proved
            for all integers).
        label: what it says, in words.
    """

    claim: str
    assume: tuple[str, ...] = ()
    expect: str = "proved"
    label: str = ""


@dataclass(frozen=True)
class Theorem:
    """A named theorem: its statement in words and its parts in the claim language.

    Attributes:
        name: registry key (``symtconv prove NAME``).
        title: one line.
        statement: what it says, in words.
        parts: the claims that establish it.
        source: where it comes from.
        pitfalls: false variants the prover must refute.
    """

    name: str
    title: str
    statement: str
    parts: tuple[Part, ...]
    source: str = ""
    pitfalls: tuple[Part, ...] = ()


def _p(claim: str, *assume: str, label: str = "", expect: str = "proved") -> Part:
    return Part(claim, tuple(assume), expect, label)


_DV = "Dumoulin & Visin, A guide to convolution arithmetic for deep learning (2016)"
_ROUND = "conv_out(tconv_out(i, k, s, p, d, op), k, s, p, d) == i"
_R = "(i + 2*p - d*(k - 1) - 1) % s"
_NMIN = "tconv_out(conv_out(n, k, s, p, d), k, s, p, d)"
_OVERLAP = (
    "Odena, Dumoulin & Olah, Deconvolution and Checkerboard Artifacts (Distill, 2016); "
    "symtconv.engine.overlap"
)

_LIST = [
    Theorem(
        "conv-no-padding",
        "No padding, unit strides: o = (i - k) + 1",
        "A stride-1 convolution without padding loses k - 1 positions.",
        (_p("conv_out(i, k) == (i - k) + 1"),),
        f"{_DV}, relationship 1",
        (_p("conv_out(i, k) == i - k"),),
    ),
    Theorem(
        "conv-zero-padding",
        "Zero padding, unit strides: o = (i - k) + 2p + 1",
        "Padding p on both sides adds 2p positions to a stride-1 convolution.",
        (_p("conv_out(i, k, 1, p) == (i - k) + 2*p + 1"),),
        f"{_DV}, relationship 2",
        (_p("conv_out(i, k, 1, p) == i - k + p + 1"),),
    ),
    Theorem(
        "conv-half-padding",
        "Half (same) padding: o = i",
        "With an odd kernel and p = floor(k/2) a stride-1 convolution keeps the size; any "
        "kernel keeps it with p_lo = floor((k-1)/2), p_hi = floor(k/2) (TensorFlow's SAME); "
        "with dilation the odd kernel needs p = d(k-1)/2.",
        (
            _p("conv_out(i, k, 1, k // 2) == i", "k % 2 == 1", label="odd kernel"),
            _p(
                "conv_out(i, k, 1, p_lo=(k - 1) // 2, p_hi=k // 2) == i",
                label="any kernel, asymmetric padding",
            ),
            _p("conv_out(i, k, 1, d*(k - 1) // 2, d) == i", "k % 2 == 1", label="dilated"),
        ),
        f"{_DV}, relationship 3",
        (
            _p("conv_out(i, k, 1, k // 2) == i", label="even kernels do not keep the size"),
            _p("conv_out(i, k, 1, k // 2, d) == i", "k % 2 == 1", label="dilation ignored"),
        ),
    ),
    Theorem(
        "conv-full-padding",
        "Full padding: o = i + (k - 1)",
        "With p = k - 1 every partial overlap of kernel and input is an output.",
        (_p("conv_out(i, k, 1, k - 1) == i + (k - 1)"),),
        f"{_DV}, relationship 4",
        (_p("conv_out(i, k, 1, k - 1) == i + k"),),
    ),
    Theorem(
        "conv-strides",
        "Strides (and padding, dilation): o = floor((i + 2p - k)/s) + 1",
        "The output size of a strided convolution, without and with padding, and with "
        "dilation d, where the kernel spans d(k-1) + 1 inputs.",
        (
            _p("conv_out(i, k, s) == (i - k) // s + 1", label="relationship 5"),
            _p("conv_out(i, k, s, p) == (i + 2*p - k) // s + 1", label="relationship 6"),
            _p(
                "conv_out(i, k, s, p, d) == (i + 2*p - k - (k - 1)*(d - 1)) // s + 1",
                label="relationship 15 (dilation)",
            ),
            _p(
                "conv_out(i, k, s, p, d) == ceiling((i + 2*p - d*(k - 1)) / s)",
                label="the same as a ceiling",
            ),
        ),
        f"{_DV}, relationships 5, 6 and 15",
        (
            _p("conv_out(i, k, s, p) == (i + 2*p - k) // s", label="forgot the + 1"),
            _p("conv_out(i, k, s, p) == ceiling((i + 2*p - k) / s)", label="ceiling off by one"),
            _p(
                "conv_out(i, k, s, p, d) == (i + 2*p - d*k) // s + 1",
                label="dilated kernel taken as d*k",
            ),
        ),
    ),
    Theorem(
        "tconv-no-padding",
        "Transposed, no padding, unit strides: o' = i' + (k - 1)",
        "The transpose of a stride-1 unpadded convolution is a full-padding convolution "
        "(p' = k - 1), and gives back the forward input size.",
        (
            _p("tconv_out(i, k) == i + (k - 1)"),
            _p("tconv_out(i, k) == conv_out(i, k, 1, k - 1)", label="as a direct convolution"),
            _p("tconv_out(conv_out(i, k), k) == i", label="undoes the forward size"),
        ),
        f"{_DV}, relationship 8",
        (_p("tconv_out(i, k) == i + k"),),
    ),
    Theorem(
        "tconv-zero-padding",
        "Transposed, zero padding, unit strides: o' = i' + (k - 1) - 2p",
        "The transpose of a stride-1 convolution with padding p is a direct convolution "
        "with padding k - p - 1.",
        (
            _p("tconv_out(i, k, 1, p) == i + (k - 1) - 2*p"),
            _p(
                "tconv_out(i, k, 1, p) == conv_out(i, k, 1, k - p - 1)",
                label="as a direct convolution",
            ),
            _p("tconv_out(conv_out(i, k, 1, p), k, 1, p) == i", label="undoes the forward size"),
        ),
        f"{_DV}, relationship 9",
        (_p("tconv_out(i, k, 1, p) == conv_out(i, k, 1, k - p)"),),
    ),
    Theorem(
        "tconv-half-padding",
        "Transposed, half padding: o' = i'",
        "The transpose of a half-padding convolution is a half-padding convolution.",
        (
            _p("tconv_out(i, k, 1, k // 2) == i", "k % 2 == 1"),
            _p("tconv_out(i, k, 1, k // 2) == conv_out(i, k, 1, k // 2)", "k % 2 == 1"),
        ),
        f"{_DV}, relationship 10",
        (_p("tconv_out(i, k, 1, k // 2) == i", label="even kernels shrink by one"),),
    ),
    Theorem(
        "tconv-full-padding",
        "Transposed, full padding: o' = i' - (k - 1)",
        "The transpose of a full-padding convolution is an unpadded convolution.",
        (
            _p("tconv_out(i, k, 1, k - 1) == i - (k - 1)"),
            _p("tconv_out(i, k, 1, k - 1) == conv_out(i, k)", label="as a direct convolution"),
        ),
        f"{_DV}, relationship 11",
        (_p("tconv_out(i, k, 1, k - 1) == i - k"),),
    ),
    Theorem(
        "tconv-strides",
        "Transposed, strides: o' = s(i' - 1) + k - 2p, the stretched input",
        "A transposed strided convolution is a stride-1 convolution of the stretched input "
        "(s - 1 zeros between inputs, size (i - 1)s + 1) with padding k - p - 1; it gives "
        "back the forward input size when (i + 2p - k) is a multiple of s.",
        (
            _p("tconv_out(i, k, s) == s*(i - 1) + k", label="relationship 12"),
            _p(
                "tconv_out(i, k, s) == conv_out((i - 1)*s + 1, k, 1, k - 1)",
                label="relationship 12, stretched input",
            ),
            _p("tconv_out(conv_out(i, k, s), k, s) == i", "(i - k) % s == 0"),
            _p("tconv_out(i, k, s, p) == s*(i - 1) + k - 2*p", label="relationship 13"),
            _p(
                "tconv_out(i, k, s, p) == conv_out((i - 1)*s + 1, k, 1, k - p - 1)",
                label="relationship 13, stretched input",
            ),
            _p("tconv_out(conv_out(i, k, s, p), k, s, p) == i", "(i + 2*p - k) % s == 0"),
        ),
        f"{_DV}, relationships 12 and 13",
        (
            _p("tconv_out(conv_out(i, k, s), k, s) == i", label="without the multiple"),
            _p("tconv_out(i, k, s) == conv_out(i*s, k, 1, k - 1)", label="stretched to i*s"),
        ),
    ),
    Theorem(
        "tconv-strides-remainder",
        "Transposed, strides, any size: o' = s(i' - 1) + a + k - 2p, a = (i + 2p - k) mod s",
        "When (i + 2p - k) is not a multiple of s, adding a = (i + 2p - k) mod s zeros on the "
        "high side of the stretched input (PyTorch's output_padding = a) gives back i.",
        (
            _p("tconv_out(conv_out(i, k, s, p), k, s, p, 1, (i + 2*p - k) % s) == i"),
            _p(
                "conv_out((conv_out(i, k, s, p) - 1)*s + 1, k, 1, p_lo=k - p - 1, "
                "p_hi=k - p - 1 + (i + 2*p - k) % s) == i",
                label="stretched input with a extra zeros",
            ),
        ),
        f"{_DV}, relationship 14",
        (
            _p(
                "tconv_out(conv_out(i, k, s, p), k, s, p, 1, (i - k) % s) == i",
                label="a computed without the padding",
            ),
        ),
    ),
    Theorem(
        "tconv-size",
        "The transposed output size (i-1)s - 2p + d(k-1) + op + 1",
        "The scatter view: input i-1 lands at (i-1)s, its last tap d(k-1) further; p is "
        "cropped on each side and op added on the high side. Without op it is the smallest "
        "input size that the forward convolution maps to i.",
        (
            _p("tconv_out(i, k, s, p, d, op) == ((i - 1)*s + d*(k - 1) + 1) - 2*p + op"),
            _p("conv_out(tconv_out(i, k, s, p, d), k, s, p, d) == i", label="maps back to i"),
            _p(
                "conv_out(n, k, s, p, d) == i implies n >= tconv_out(i, k, s, p, d)",
                label="the smallest such size",
            ),
        ),
        "PyTorch ConvTranspose docs; symtconv.core.spec.tconv_output_length",
        (
            _p("tconv_out(i, k, s, p, d, op) == i*s - 2*p + d*(k - 1) + op"),
            _p(
                "conv_out(n, k, s, p, d) == i implies n == tconv_out(i, k, s, p, d)",
                label="not unique for s > 1",
            ),
        ),
    ),
    Theorem(
        "round-trip",
        "conv_out(tconv_out(i, ..., op)) = i for op < s",
        "A transposed convolution with output_padding below the stride has a size that the "
        "forward convolution maps back to i.",
        (_p(_ROUND, "op < s"),),
        "PyTorch ConvTranspose docs (output_padding)",
        (_p(_ROUND, label="op unrestricted"), _p(_ROUND, "op <= s", label="op = s allowed")),
    ),
    Theorem(
        "tconv-conv-remainder",
        "tconv_out(conv_out(i)) = i - r, r = (i + 2p - d(k-1) - 1) mod s; op = r restores i",
        "The forward convolution drops the last r inputs; a transposed convolution with "
        "output_padding r gives the size i back.",
        (
            _p(f"tconv_out(conv_out(i, k, s, p, d), k, s, p, d) == i - {_R}"),
            _p(f"tconv_out(conv_out(i, k, s, p, d), k, s, p, d, {_R}) == i", label="op = r"),
            _p(f"0 <= {_R} < s", "s >= 1", label="op = r < s: PyTorch accepts it"),
        ),
        "symtconv.core.shapes.preimages",
        (
            _p("tconv_out(conv_out(i, k, s, p, d), k, s, p, d) == i", label="without r"),
            _p(
                "tconv_out(conv_out(i, k, s, p, d), k, s, p, d) == i - (i + 2*p - k) % s",
                label="r without dilation",
            ),
        ),
    ),
    Theorem(
        "same-output-sizes",
        "Exactly s input sizes share one forward output size",
        "The input sizes m that the forward convolution maps to the output size of n are "
        "exactly n_min, ..., n_min + s - 1 with n_min = tconv_out(conv_out(n)), all of them "
        "valid. The window can start below 1 when p > 0 (then fewer sizes exist, and the "
        "implicit domain, which requires n_min >= 1, leaves those cases out).",
        (
            _p(
                f"conv_out(m, k, s, p, d) == conv_out(n, k, s, p, d) iff "
                f"{_NMIN} <= m <= {_NMIN} + s - 1",
                label="the window of s sizes",
            ),
            _p(
                f"{_NMIN} + t >= 1 and {_NMIN} + t + 2*p >= d*(k - 1) + 1",
                "0 <= t < s",
                label="all s sizes are valid inputs",
            ),
            _p(
                "(conv_out(n, k, s, p, d) - 1)*s - 2*p + d*(k - 1) + 1 >= 1",
                expect="disproved",
                label="without the domain, the window can start below 1",
            ),
        ),
        "symtconv.core.shapes.preimages",
        (
            _p(
                f"conv_out(m, k, s, p, d) == conv_out(n, k, s, p, d) iff "
                f"{_NMIN} <= m <= {_NMIN} + s",
                label="a window of s + 1",
            ),
        ),
    ),
    Theorem(
        "pytorch-output-padding",
        "PyTorch's output_padding rule (op < s or op < d) admits sizes that break the round trip",
        "The round trip conv_out(tconv_out(i, ..., op)) = i holds exactly when op < s; "
        "PyTorch also accepts s <= op < d (pytorch#8826), and then the forward convolution "
        "gives i + op // s instead.",
        (
            _p(f"{_ROUND} iff op < s", label="the round trip holds exactly when op < s"),
            _p(
                _ROUND,
                "op < s or op < d",
                expect="disproved",
                label="PyTorch's accepted range",
            ),
            _p(
                "conv_out(tconv_out(i, k, s, p, d, op), k, s, p, d) == i + op // s",
                label="what the forward convolution gives instead",
            ),
        ),
        "PyTorch ConvTranspose shape check; pytorch#8826",
        (_p(_ROUND, "op < d", label="op < d alone"),),
    ),
    Theorem(
        "zero-insertion-size",
        "The stretched-input form: tconv_out = stride-1 conv of the zero-inserted input",
        "Insert s - 1 zeros between inputs (size (i-1)s + 1), pad d(k-1) - p low and "
        "d(k-1) - p + op high, and a stride-1 convolution with dilation d gives the "
        "transposed output size (where d(k-1) >= p, so the paddings are not negative).",
        (
            _p(
                "tconv_out(i, k, s, p, d, op) == conv_out((i - 1)*s + 1, k, 1, "
                "p_lo=d*(k - 1) - p, p_hi=d*(k - 1) - p + op, d=d)"
            ),
        ),
        "symtconv.core.numeric.conv_transpose_zero_insertion",
        (
            _p(
                "tconv_out(i, k, s, p, d, op) == conv_out((i - 1)*s + 1, k, 1, d*(k - 1) - p, d)",
                label="op forgotten",
            ),
        ),
    ),
    Theorem(
        "index-pairs",
        "Which (input, tap) pairs reach each output position",
        "For input position o (0 <= o < i) and tap t (0 <= t < k), the scatter view "
        "(C^T) sends x_o w_t to output j = o*s - p + t*d; the zero-insertion view reaches "
        "the same j through the flipped tap u = k - 1 - t; the gather view finds o and t "
        "from j with // and %; one tap at most joins o and j (so each entry of C, the "
        "Jacobian of the forward convolution, is one weight); and every j lies in the "
        "output extended by the cropped p (and the op not reached) on each side.",
        (
            _p(
                "j == o*s - p + t*d iff j + u*d - (d*(k - 1) - p) == o*s",
                "u == k - 1 - t",
                label="scatter = zero insertion with the flipped kernel",
            ),
            _p(
                "j == o*s - p + t*d iff ((j + p - t*d) % s == 0 and (j + p - t*d) // s == o)",
                "0 <= o < i",
                "0 <= t < k",
                "0 <= j < tconv_out(i, k, s, p, d, op)",
                label="scatter = gather",
            ),
            _p(
                "o*s - p + t*d == o*s - p + u*d implies t == u",
                "d >= 1",
                label="one tap per (o, j): C holds single weights",
            ),
            _p(
                "-p <= o*s - p + t*d <= tconv_out(i, k, s, p, d, op) - 1 + p - op",
                "0 <= o < i",
                "0 <= t < k",
                label="every target lies in the cropped range",
            ),
        ),
        "symtconv.core.matrix (C's definition), symtconv.core.numeric",
        (
            _p(
                "j == o*s - p + t*d iff j + t*d - (d*(k - 1) - p) == o*s",
                "0 <= t < k",
                "s >= 1",
                "d >= 1",
                label="zero insertion without the flip",
            ),
        ),
    ),
    Theorem(
        "phase-taps",
        "The taps of stride phase r: t*d = r (mod s); for d = 1, t = r, r + s, ... below k",
        "Before the crop, input position q and tap t land at j = q*s + t*d, in the stride "
        "phase r = j mod s = (t*d) mod s, whatever q: phase r receives the taps t with "
        "t*d = r (mod s). For d = 1 they are t = r + m*s, 0 <= m < (k - r + s - 1) // s, so "
        "(k - r + s - 1) // s of them (the count, done by counting, is checked on a box). When "
        "gcd(d, s) = 1, written a*d + b*s = 1 (Bezout), the taps of phase r are the t with "
        "t = r*a (mod s): the phases of dilation d are those of d = 1 in another order.",
        (
            _p("(q*s + t*d) % s == (t*d) % s", "s >= 1", label="the phase of q*s + t*d"),
            _p(
                "0 <= t < k and t % s == r iff (t == r + (t // s)*s and "
                "0 <= t // s < (k - r + s - 1) // s)",
                "0 <= r < s",
                "k >= 1",
                label="d = 1: the taps of phase r are r + m*s, 0 <= m < (k - r + s - 1) // s",
            ),
            _p(
                "taps(k, s, 1, r) == (k - r + s - 1) // s",
                "0 <= r < s",
                expect="checked",
                label="d = 1: (k - r + s - 1) // s taps, counted",
            ),
            _p(
                "t*d - r == m*s implies t - r*a == (m*a + t*b)*s",
                "a*d + b*s == 1",
                label="gcd(d, s) = 1: a tap of phase r has t = r*a (mod s)",
            ),
            _p(
                "t - r*a == n*s implies t*d - r == (n*d - r*b)*s",
                "a*d + b*s == 1",
                label="gcd(d, s) = 1: every t = r*a (mod s) is a tap of phase r",
            ),
        ),
        _OVERLAP,
        (
            _p(
                "(q*s + t*d) % s == t % s",
                "s >= 1",
                "d >= 1",
                "t >= 0",
                label="the dilation left out",
            ),
            _p("taps(k, s, 1, r) == k // s", "0 <= r < s", label="k // s taps in every phase"),
            _p(
                "taps(k, s, 1, r) == (k + s - 1) // s",
                "0 <= r < s",
                label="ceil(k/s) taps in every phase",
            ),
        ),
    ),
    Theorem(
        "overlap-uniform",
        "Even overlap: every phase gets k/s taps iff s divides k (d = 1); "
        "in general iff s = 1 or (gcd(d, s) = 1 and s | k)",
        "The interior of the output is evenly covered (every stride phase receives as many "
        "taps, so a constant input with an all-ones kernel gives no checkerboard) exactly when "
        "s divides k, for d = 1. From the counts (k - r + s - 1) // s of phase-taps: they fall "
        "with r, so they are all equal iff phase 0 and phase s - 1 get as many, which is iff "
        "s | k, and then each gets k/s. For any dilation: with gcd(d, s) = 1 the phases are "
        "those of d = 1 in another order (phase-taps), with a common factor one is empty "
        "(overlap-holes); the whole statement with gcd and the counted taps is checked on a box.",
        (
            _p(
                "k % s == 0 implies (k - r + s - 1) // s == k // s",
                "0 <= r < s",
                "k >= 1",
                label="s | k: every phase gets k/s taps (d = 1)",
            ),
            _p(
                "r1 <= r2 implies (k - r1 + s - 1) // s >= (k - r2 + s - 1) // s",
                "0 <= r1",
                "r2 < s",
                "k >= 1",
                label="the count falls with r: phase 0 gets the most, phase s - 1 the fewest",
            ),
            _p(
                "(k + s - 1) // s == (k - (s - 1) + s - 1) // s iff k % s == 0",
                "k >= 1",
                "s >= 1",
                label="phases 0 and s - 1 get as many taps exactly when s | k (d = 1)",
            ),
            _p(
                "min_taps(k, s, 1) == max_taps(k, s, 1) iff k % s == 0",
                expect="checked",
                label="d = 1, counted",
            ),
            _p(
                "min_taps(k, s, d) == max_taps(k, s, d) iff (s == 1 or "
                "(gcd(d, s) == 1 and k % s == 0))",
                expect="checked",
                label="any dilation, counted",
            ),
        ),
        _OVERLAP,
        (
            _p(
                "(k + s - 1) // s == (k - (s - 1) + s - 1) // s",
                "k == 4",
                "s == 3",
                label="k=4, s=3 is uniform",
            ),
            _p(
                "min_taps(k, s, 1) != max_taps(k, s, 1)",
                "k == 2",
                "s == 2",
                label="k=2, s=2 is uneven",
            ),
            _p(
                "(k + s - 1) // s == (k - (s - 1) + s - 1) // s iff k >= s",
                "k >= 1",
                "s >= 1",
                label="even once the kernel covers the stride",
            ),
            _p(
                "min_taps(k, s, d) == max_taps(k, s, d) iff k % s == 0",
                label="the dilation left out",
            ),
        ),
    ),
    Theorem(
        "overlap-holes",
        "Holes: some phase gets no tap iff k < s (d = 1); in general iff k < s or gcd(d, s) > 1",
        "A phase without taps is never written: whole rows (columns) of the output are zero "
        "before the bias. For d = 1 the emptiest phase, s - 1, has k // s taps, none exactly "
        "when k < s. A common factor g >= 2 of d and s empties phase 1: t*d - m*s is a multiple "
        "of g, never 1. With gcd(d, s) = 1 (a*d + b*s = 1) and k >= s, the tap t = (r*a) mod s "
        "is below s <= k and t = r*a (mod s), so it reaches phase r (phase-taps). The whole "
        "statement with gcd and the counted taps is checked on a box.",
        (
            _p(
                "(k - (s - 1) + s - 1) // s == 0 iff k < s",
                "k >= 1",
                "s >= 1",
                label="d = 1: phase s - 1 has no tap exactly when k < s",
            ),
            _p(
                "t*d - m*s == g*(t*a - m*b)",
                "d == g*a",
                "s == g*b",
                label="a common factor g of d and s divides t*d - m*s",
            ),
            _p(
                "g*n != 1",
                "g >= 2",
                label="so, for g >= 2, no tap has t*d = 1 + m*s: phase 1 is empty",
            ),
            _p(
                "(r*a) % s - r*a == -((r*a) // s)*s and 0 <= (r*a) % s < s",
                "s >= 1",
                label="gcd(d, s) = 1: t = (r*a) mod s is a tap below s with t = r*a (mod s)",
            ),
            _p(
                "min_taps(k, s, d) == 0 iff (k < s or gcd(d, s) > 1)",
                expect="checked",
                label="any dilation, counted",
            ),
        ),
        _OVERLAP,
        (
            _p("min_taps(k, s, d) == 0 iff k < s", label="the dilation left out"),
            _p("min_taps(k, s, d) == 0 iff gcd(d, s) > 1", label="the kernel size left out"),
            _p(
                "(k - (s - 1) + s - 1) // s == 0 iff k <= s",
                "k >= 1",
                "s >= 1",
                label="holes when k = s too",
            ),
        ),
    ),
    Theorem(
        "subpixel-phases",
        "The sub-pixel view: phase r of the output is a stride-1 convolution with the taps "
        "of phase r",
        "Input position q and tap t land at j = q*s + t*d (before the crop) = "
        "(q + (t*d) // s)*s + (t*d) mod s: in phase (t*d) mod s, at position q + (t*d) // s of "
        "that phase's own output. So phase r of the output is the stride-1 convolution of the "
        "input with the sub-kernel of the taps with t*d = r (mod s), tap t at offset "
        "(t*d) // s, one tap per offset; a sub-kernel spans (d*(k - 1)) // s + 1 positions. "
        "Interleaving the s^n phase outputs (depth-to-space, pixel shuffle) and cropping "
        "p_lo, p_hi gives the transposed convolution (symtconv prove --identity subpixel "
        "checks it exactly on given shapes).",
        (
            _p(
                "q*s + t*d == (q + (t*d) // s)*s + (t*d) % s",
                "s >= 1",
                label="j = (q + (t*d) // s)*s + (t*d) mod s",
            ),
            _p(
                "(q*s + t*d) % s == (t*d) % s and (q*s + t*d) // s == q + (t*d) // s",
                "s >= 1",
                label="its phase, and its position in that phase's output",
            ),
            _p(
                "0 <= (t*d) // s <= (d*(k - 1)) // s",
                "0 <= t < k",
                "d >= 1",
                "s >= 1",
                label="a sub-kernel spans (d*(k - 1)) // s + 1 positions",
            ),
            _p(
                "(t*d) % s == (u*d) % s and (t*d) // s == (u*d) // s implies t == u",
                "d >= 1",
                "s >= 1",
                label="one tap per phase and offset: each sub-kernel entry is one weight",
            ),
        ),
        "Shi et al., Is the deconvolution layer the same as a convolutional layer? "
        "(arXiv:1609.07009, 2016); symtconv.engine.subpixel",
        (
            _p(
                "(q*s + t*d) // s == q + t",
                "s >= 1",
                "d >= 1",
                "q >= 0",
                "t >= 0",
                label="the offset taken as t",
            ),
            _p(
                "(t*d) // s <= (k - 1) // s",
                "0 <= t < k",
                "d >= 1",
                "s >= 1",
                label="the dilation left out of the sub-kernel's size",
            ),
        ),
    ),
    Theorem(
        "same-padding-strided",
        "TensorFlow SAME padding: o = ceil(i/s)",
        "With total padding max((ceil(i/s) - 1)s + k - i, 0), split low = floor(total/2), "
        "high = the rest, a strided convolution gives ceil(i/s) outputs.",
        (
            _p(
                "conv_out(i, k, s, p_lo=max((ceiling(i/s) - 1)*s + k - i, 0) // 2, "
                "p_hi=max((ceiling(i/s) - 1)*s + k - i, 0) - "
                "max((ceiling(i/s) - 1)*s + k - i, 0) // 2) == ceiling(i/s)"
            ),
        ),
        "TensorFlow tf.nn.conv2d padding='SAME'",
        (
            _p(
                "conv_out(i, k, s, p_lo=max((ceiling(i/s) - 1)*s + k - i, 0) // 2, "
                "p_hi=max((ceiling(i/s) - 1)*s + k - i, 0) - "
                "max((ceiling(i/s) - 1)*s + k - i, 0) // 2) == i // s",
                label="floor instead of ceiling",
            ),
        ),
    ),
]

#: Name -> theorem.
THEOREMS: dict[str, Theorem] = {t.name: t for t in _LIST}


def theorem(name: str) -> Theorem:
    """The built-in theorem called ``name``.

    Raises:
        SpecError: no such theorem (the message lists them).
    """
    if name not in THEOREMS:
        raise SpecError(f"theorem: got {name!r}; valid names are {', '.join(THEOREMS)}")
    return THEOREMS[name]


@dataclass(frozen=True, eq=False)
class TheoremResult(Result):
    """A theorem with the proof of each part.

    Attributes:
        theorem: the theorem.
        proofs: one proof per part, in order.
        seconds: total time.
    """

    theorem: Theorem
    proofs: tuple[Proof, ...]
    seconds: float

    @property
    def status(self) -> str:
        """``"proved"``: every part got its expected answer; ``"checked"``: so did every
        part, and some of them are checked on a box only; ``"disproved"``: one got the
        opposite answer; else ``"unknown"``."""
        parts = self.theorem.parts
        answers = [(p.status, part.expect) for p, part in zip(self.proofs, parts, strict=True)]
        if all(got == want for got, want in answers):
            return "checked" if any(want == "checked" for _, want in answers) else "proved"
        if any(got not in (want, "unknown") for got, want in answers):
            return "disproved"
        return "unknown"

    def to_latex(self) -> str:
        """The theorem and its proofs as a LaTeX ``aligned`` block."""
        return str(writer_for(self, "latex")(self))


def prove_theorem(name: str, *, timeout: float = DEFAULT_TIMEOUT) -> TheoremResult:
    """Prove every part of a built-in theorem.

    Raises:
        SpecError: no theorem of that name.
    """
    t = theorem(name)
    start = time.perf_counter()
    proofs = tuple(prove(p.claim, p.assume, timeout=timeout) for p in t.parts)
    return TheoremResult(t, proofs, time.perf_counter() - start)
