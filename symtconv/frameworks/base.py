"""What every framework converter provides, and the search that expresses a canonical form.

A framework is an object with ``from_params`` (its own parameters -> a
:class:`~symtconv.frameworks.reading.Reading`: the canonical form plus notes on
anything surprising; a subclass implements ``read``, from a
:class:`~symtconv.frameworks.reading.Layer`), ``to_params`` (canonical form ->
an :class:`~symtconv.frameworks.equivalent.Equivalent`) and ``simulate`` (its
documented semantics, computed by symtconv in its own tensor layouts).

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
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from ..core.spec import IntOrSeq
from ..errors import SpecError
from .canonical import Canonical
from .equivalent import Equivalent
from .layouts import input_from_torch, input_to_torch, weight_from_torch
from .reading import Channels, Layer, Reading, check_keys
from .windows import Pair, adjust_is_valid, apply_adjust, bias_on_added_zeros, window_adjust

if TYPE_CHECKING:
    from typing import Unpack

__all__ = ["Candidate", "Framework", "ints"]


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
    #: why symtconv only simulates the framework ("" where a real backend runs it)
    simulated: str = ""

    # ----- reading ------------------------------------------------------------------

    def from_params(
        self,
        input_size: IntOrSeq,
        kernel_size: IntOrSeq,
        params: Mapping[str, Any] | None = None,
        **channels: Unpack[Channels],
    ) -> Reading:
        """Read the framework's own parameters into the canonical form.

        Args:
            input_size, kernel_size: spatial sizes (an int or one per dimension).
            params: the framework's parameters by its own names.
            **channels: ``in_channels``, ``out_channels`` (1 each by default).

        Raises:
            SpecError: a parameter the framework does not have, or values it rejects.
        """
        given = dict(params or {})
        check_keys(self.name, given, self.parameters)
        return self.read(Layer.create(input_size, kernel_size, given, **channels))

    def read(self, layer: Layer) -> Reading:
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

    def layout_for(self, params: Mapping[str, Any]) -> str:
        """The input layout these params expect ("NCHW" or "NHWC"; Paddle's data_format)."""
        return self.input_layout

    def variant_label(self, params: Mapping[str, Any]) -> str | None:
        """A short name of the way ``params`` write a layer (crosscheck's variants), or None."""
        return None

    def call_params(self, c: Canonical) -> dict[str, Any] | None:
        """The parameters every call needs besides a user's (crosscheck), or None."""
        return None

    def literal_translations(self, c: Canonical) -> list[tuple[str, dict[str, Any]]]:
        """(label, params): PyTorch's parameters copied by name where they mean something else.

        crosscheck runs them too, so that the difference shows with a reproducer.
        """
        return []

    def code(self, params: dict[str, Any], adjust: Sequence[Pair], c: Canonical) -> str:
        """The call and the crop/pad as this framework's code."""
        raise NotImplementedError

    def to_params(self, c: Canonical) -> Equivalent:
        """Express a canonical form in this framework (exactly, or with a workaround)."""
        reason = self.unsupported(c)
        if reason is not None:
            return Equivalent(self.name, self.title, None, False, (), unsupported=reason)
        found = self._realizations(c)
        if not found:
            return Equivalent(
                self.name,
                self.title,
                None,
                False,
                (),
                unsupported=f"no parameters of {self.title} cover the window {list(c.window)}",
            )
        exact = [f for f in found if not any(a for pair in f.adjust for a in pair)]
        if exact:
            chosen, others = exact[0], exact[1:]
        else:
            chosen = min(found, key=lambda f: (sum(abs(a) for p in f.adjust for a in p), f.order))
            others = []
        params = self.assemble(chosen.mode, [p.value for p in chosen.picks], c)
        alternatives = tuple(self.assemble(f.mode, [p.value for p in f.picks], c) for f in others)
        per_group = c.groups > 1 and not self.has_groups
        notes = self.notes_for(c, params, bool(exact))
        if self.simulated:
            notes.append(self.simulated)
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
            bool(exact) and not per_group,
            chosen.adjust,
            per_group,
            alternatives,
            tuple(notes),
            self.weight_text(params, c.rank),
            self.code(params, chosen.adjust, c),
        )

    def _realizations(self, c: Canonical) -> list[_Realization]:
        """Per mode (in order) whose every dimension has a valid candidate: the best picks."""
        target, full = c.window, c.full_size
        found = []
        for order, mode in enumerate(self.modes(c)):
            picks: list[Candidate] = []
            for dim in range(c.rank):
                best = _best(self.candidates(mode, c, dim), target[dim], full[dim])
                if best is None:
                    break
                picks.append(best)
            else:
                realized = [
                    (p.pads[0], full[d] + p.output_padding - p.pads[1]) for d, p in enumerate(picks)
                ]
                found.append(_Realization(order, mode, picks, window_adjust(realized, target)))
        return found

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
        channels_last = self.layout_for(eq.params) == "NHWC"
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


class _Realization(NamedTuple):
    """One mode's best picks and the crop/pad they still need."""

    order: int
    mode: str
    picks: list[Candidate]
    adjust: tuple[Pair, ...]


def _best(candidates: Iterable[Candidate], target: Pair, full: int) -> Candidate | None:
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
