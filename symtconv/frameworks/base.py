"""What every framework converter provides, and the search that expresses a canonical form.

A framework is an object with ``from_params`` (its own parameters -> a
:class:`Reading`: the canonical form plus notes on anything surprising),
``to_params`` (canonical form -> an :class:`Equivalent`) and ``simulate``
(its documented semantics, computed by symtconv in its own tensor layouts).

``to_params`` is the same search for every framework: a framework lists its
global modes (e.g. TensorFlow's ``SAME``, ``VALID``, explicit padding) and, per
mode and dimension, the parameter values it could use, each with the window of
the full result it shows.  An exact equivalent shows the target window; when
none does, the cheapest valid window that covers the target is used and the
difference becomes an explicit crop (or zero-pad) of the layer's output.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import SpecError
from .canonical import Canonical, Pair, adjust_is_valid, apply_adjust, window_adjust
from .layouts import input_from_torch, input_to_torch, weight_from_torch

__all__ = ["Candidate", "Equivalent", "Framework", "Reading", "bias_on_added_zeros", "check_keys"]


@dataclass(frozen=True)
class Reading:
    """A framework's parameters read into the canonical form.

    Attributes:
        canonical: the canonical form.
        notes: what is surprising about these parameters (one sentence each).
    """

    canonical: Canonical
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """One way a framework could realize one dimension.

    Attributes:
        value: the framework's own per-dimension value(s) (e.g. ``(1, 1, 0)``).
        pads: the canonical ``(lo, hi)`` this value gives.
        output_padding: the canonical output padding it gives.
    """

    value: Any
    pads: Pair
    output_padding: int


@dataclass(frozen=True, eq=False)
class Equivalent:
    """How a framework computes a canonical form: exactly, or with a crop/pad.

    Attributes:
        framework: registry name.
        title: the framework's display name and operation.
        params: the call's parameters in the framework's own names (None when
            the framework cannot express the layer at all).
        exact: True when the call alone computes the canonical output.
        adjust: per dimension ``(lo, hi)`` applied to the call's output:
            positive crops that many positions, negative adds zeros.
        per_group: the framework has no groups: one call per group, then
            concatenate the outputs along the channels.
        alternatives: other parameter sets that are exact too.
        notes: surprises and reasons (one sentence each).
        weight: how to turn a PyTorch-layout weight into this framework's.
        code: the call (and the crop) as the framework's code.
        unsupported: why the framework cannot express it, or None.
    """

    framework: str
    title: str
    params: dict[str, Any] | None
    exact: bool
    adjust: tuple[Pair, ...]
    per_group: bool = False
    alternatives: tuple[dict[str, Any], ...] = ()
    notes: tuple[str, ...] = ()
    weight: str = ""
    code: str = ""
    unsupported: str | None = None

    @property
    def status(self) -> str:
        """ "exact", "workaround" or "unsupported"."""
        if self.unsupported is not None:
            return "unsupported"
        return "exact" if self.exact else "workaround"

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "framework": self.framework,
            "title": self.title,
            "status": self.status,
            "exact": self.exact,
            "params": self.params,
            "adjust": [list(a) for a in self.adjust],
            "per_group": self.per_group,
            "alternatives": list(self.alternatives),
            "weight": self.weight,
            "code": self.code,
            "notes": list(self.notes),
            "unsupported": self.unsupported,
        }

    def __str__(self) -> str:
        return self.render()

    def render(self, marker: str = "", max_alternatives: int = 3) -> str:
        """Text: the status, the code, the weight, the notes (``marker`` after the title)."""
        head = {
            "exact": "exact",
            "workaround": "not exactly expressible; exact workaround",
            "unsupported": "cannot express it",
        }[self.status]
        lines = [f"{self.title}{marker}: {head}"]
        if self.unsupported:
            lines.append(f"  {self.unsupported}")
        if self.code:
            lines.extend("  " + line for line in self.code.splitlines())
        for alt in self.alternatives[:max_alternatives]:
            lines.append("  also exact: " + ", ".join(f"{k}={v!r}" for k, v in alt.items()))
        if len(self.alternatives) > max_alternatives:
            lines.append(
                f"  ... and {len(self.alternatives) - max_alternatives} more (JSON has all)"
            )
        if self.weight:
            lines.append(f"  weight: {self.weight}")
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)


def check_keys(framework: str, params: Mapping[str, Any], valid: Iterable[str]) -> None:
    """Refuse parameter names the framework does not have.

    Raises:
        SpecError: an unknown name (the message lists the valid ones).
    """
    names = list(valid)
    for key in params:
        if key not in names:
            raise SpecError(
                f"{key}: not a parameter of {framework}; its parameters are {', '.join(names)}"
            )


class Framework:
    """Base class of the framework converters (see the module docstring).

    Subclasses set the class attributes and implement ``read``, ``modes``,
    ``candidates``, ``assemble``, ``simulate`` and ``code``.
    """

    #: registry name, display title, other accepted names
    name: str = ""
    title: str = ""
    aliases: tuple[str, ...] = ()
    #: the parameter names ``from_params`` accepts
    parameters: tuple[str, ...] = ()
    #: input layout ("NCHW" channels first, "NHWC" channels last)
    input_layout: str = "NCHW"
    #: whether one call can have groups, and the parameter that says how many
    has_groups: bool = False
    groups_param: str = "groups"

    # ----- reading ------------------------------------------------------------------

    def from_params(
        self,
        input_size: int | Sequence[int],
        kernel_size: int | Sequence[int],
        params: Mapping[str, Any] | None = None,
        *,
        in_channels: int = 1,
        out_channels: int = 1,
    ) -> Reading:
        """Read the framework's own parameters into the canonical form.

        Args:
            input_size, kernel_size: spatial sizes (an int or one per dimension).
            params: the framework's parameters by its own names.
            in_channels, out_channels: channel counts.

        Raises:
            SpecError: a parameter the framework does not have, or values it rejects.
        """
        params = dict(params or {})
        check_keys(self.name, params, self.parameters)
        probe = Canonical.create(input_size, kernel_size)  # validates and broadcasts the sizes
        return self.read(probe.input_size, probe.kernel_size, params, in_channels, out_channels)

    def read(
        self,
        input_size: tuple[int, ...],
        kernel_size: tuple[int, ...],
        params: dict[str, Any],
        in_channels: int,
        out_channels: int,
    ) -> Reading:
        """Framework-specific reading (sizes already normalised)."""
        raise NotImplementedError

    # ----- expressing ---------------------------------------------------------------

    def modes(self, c: Canonical) -> Sequence[str]:
        """Global choices, most idiomatic first."""
        raise NotImplementedError

    def candidates(self, mode: str, c: Canonical, dim: int) -> Iterator[Candidate]:
        """Per-dimension values for ``mode``, the preferred first."""
        raise NotImplementedError

    def assemble(self, mode: str, values: Sequence[Any], c: Canonical) -> dict[str, Any]:
        """The call's parameters from the mode and the per-dimension values."""
        raise NotImplementedError

    def unsupported(self, c: Canonical) -> str | None:
        """Why the framework cannot express ``c`` at all (None when it can)."""
        return None

    def notes_for(self, c: Canonical, params: dict[str, Any], exact: bool) -> list[str]:
        """Notes on expressing ``c`` with ``params``."""
        return []

    def weight_text(self, params: dict[str, Any], rank: int) -> str:
        """How to get this framework's weight from a PyTorch-layout one."""
        raise NotImplementedError

    def weight_layout(self, params: Mapping[str, Any]) -> tuple[str, bool]:
        """(layout name, spatially flipped?) of the weight these params expect."""
        return "IOHW", False

    def code(self, params: dict[str, Any], adjust: Sequence[Pair], c: Canonical) -> str:
        """The call and the crop/pad as this framework's code."""
        raise NotImplementedError

    def to_params(self, c: Canonical) -> Equivalent:
        """Express a canonical form in this framework (exactly, or with a workaround)."""
        reason = self.unsupported(c)
        if reason is not None:
            return Equivalent(self.name, self.title, None, False, (), unsupported=reason)
        per_group = c.groups > 1 and not self.has_groups
        target, full = c.window, c.full_size
        found: list[tuple[int, str, list[Candidate], tuple[Pair, ...]]] = []
        for order, mode in enumerate(self.modes(c)):
            picks: list[Candidate] = []
            for dim in range(c.rank):
                best = _best(self.candidates(mode, c, dim), c, dim, target[dim], full[dim])
                if best is None:
                    break
                picks.append(best)
            else:
                realized = [
                    (p.pads[0], full[d] + p.output_padding - p.pads[1]) for d, p in enumerate(picks)
                ]
                found.append((order, mode, picks, window_adjust(realized, target)))
        if not found:
            return Equivalent(
                self.name,
                self.title,
                None,
                False,
                (),
                unsupported=f"no parameters of {self.title} cover the window {list(target)}",
            )
        exact = [f for f in found if not any(a for pair in f[3] for a in pair)]
        if exact:
            chosen, others = exact[0], exact[1:]
        else:
            chosen = min(found, key=lambda f: (sum(abs(a) for p in f[3] for a in p), f[0]))
            others = []
        _, mode, picks, adjust = chosen
        params = self.assemble(mode, [p.value for p in picks], c)
        alternatives = tuple(self.assemble(m, [p.value for p in ps], c) for _, m, ps, _ in others)
        is_exact = bool(exact) and not per_group
        notes = self.notes_for(c, params, bool(exact))
        if per_group:
            notes.append(
                f"{self.title} has no groups: run one call per group (channels "
                f"{c.in_channels // c.groups} -> {c.out_channels // c.groups} each) and "
                "concatenate the outputs along the channels"
            )
        return Equivalent(
            self.name,
            self.title,
            params,
            is_exact,
            adjust,
            per_group,
            alternatives,
            tuple(notes),
            self.weight_text(params, c.rank),
            self.code(params, adjust, c),
        )

    # ----- computing ----------------------------------------------------------------

    def simulate(
        self, params: Mapping[str, Any], x: np.ndarray, w: np.ndarray, b: np.ndarray | None
    ) -> np.ndarray:
        """The framework's documented semantics, computed by symtconv in its layouts.

        Args:
            params: the call's parameters (framework names).
            x: batched input in :attr:`input_layout`.
            w: weight in the layout :meth:`weight_layout` names.
            b: bias ``(C_out,)`` or None.

        This default serves the frameworks whose layouts are PyTorch's (NCHW input,
        ``(C_in, C_out/groups, *k)`` weight): read the parameters, compute the
        canonical form.  Channels-last frameworks override it.
        """
        groups = int(params.get(self.groups_param, 1))
        reading = self.from_params(
            list(x.shape[2:]),
            list(w.shape[2:]),
            params,
            in_channels=w.shape[0],
            out_channels=w.shape[1] * groups,
        )
        return reading.canonical.compute(x, w, b)

    def run(
        self,
        eq: Equivalent,
        c: Canonical,
        x: np.ndarray,
        w: np.ndarray,
        b: np.ndarray | None = None,
    ) -> np.ndarray:
        """Run an equivalent on PyTorch-layout data; the result in PyTorch layout.

        Converts the data to the framework's layouts, simulates the call (per
        group when needed), applies the crop/pad, and converts back.

        Raises:
            SpecError: the equivalent is unsupported.
        """
        if eq.params is None:
            raise SpecError(f"{self.name}: {eq.unsupported}")
        groups = c.groups if eq.per_group else 1
        cin, cout = c.in_channels // groups, c.out_channels // groups
        layout, flip = self.weight_layout(eq.params)
        channels_last = self.input_layout == "NHWC"
        outs = []
        for g in range(groups):
            xg = x[:, g * cin : (g + 1) * cin]
            wg = w[g * cin : (g + 1) * cin]
            bg = None if b is None else b[g * cout : (g + 1) * cout]
            y = self.simulate(
                eq.params,
                input_from_torch(xg, channels_last),
                weight_from_torch(wg, layout, flip),
                bg,
            )
            y = apply_adjust(y, eq.adjust, 1 if channels_last else 2)
            if b is not None and any(a < 0 for pair in eq.adjust for a in pair):
                y = bias_on_added_zeros(y, eq.adjust, bg, channels_last)
            outs.append(input_to_torch(y, channels_last))
        return np.concatenate(outs, axis=1)


def bias_on_added_zeros(
    y: np.ndarray, adjust: Sequence[Pair], b: Any, channels_last: bool
) -> np.ndarray:
    """Zeros added after the layer miss its bias; add it there (a layer would have)."""
    rank = len(adjust)
    first = 1 if channels_last else 2
    mask = np.zeros(y.shape[first : first + rank], dtype=bool)
    for dim, (lo, hi) in enumerate(adjust):
        index: list[Any] = [slice(None)] * rank
        n = int(mask.shape[dim])
        if lo < 0:
            index[dim] = slice(0, -lo)
            mask[tuple(index)] = True
        if hi < 0:
            index[dim] = slice(n + hi, n)
            mask[tuple(index)] = True
    bias = np.asarray(b)
    if channels_last:
        return y + np.where(mask[None, ..., None], bias, 0)
    return y + np.where(mask[None, None], bias.reshape((-1,) + (1,) * rank), 0)


def _best(
    candidates: Iterable[Candidate], c: Canonical, dim: int, target: Pair, full: int
) -> Candidate | None:
    """The candidate whose window needs the least crop/pad (the first among equals)."""
    best: Candidate | None = None
    best_cost = 0
    for cand in candidates:
        lo, hi = cand.pads
        realized = (lo, full + cand.output_padding - hi)
        if realized[1] - realized[0] < 1 or not adjust_is_valid([realized], [target], [full]):
            continue
        cost = abs(target[0] - realized[0]) + abs(realized[1] - target[1])
        if best is None or cost < best_cost:
            best, best_cost = cand, cost
            if cost == 0:
                break
    return best


def ints(values: Sequence[int]) -> list[int]:
    """Plain ints (for JSON and code)."""
    return [int(v) for v in values]
