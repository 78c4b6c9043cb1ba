"""Text and plain data of the frameworks' results: the canonical form
(:class:`~symtconv.frameworks.canonical.Canonical`), a
:class:`~symtconv.frameworks.reading.Reading`, an
:class:`~symtconv.frameworks.equivalent.Equivalent` and a
:class:`~symtconv.frameworks.convert.Conversion`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..results import writer

if TYPE_CHECKING:
    from ..frameworks.canonical import Canonical
    from ..frameworks.convert import Conversion
    from ..frameworks.equivalent import Equivalent
    from ..frameworks.reading import Reading

__all__ = [
    "canonical_dict",
    "canonical_text",
    "conversion_dict",
    "conversion_text",
    "equivalent_dict",
    "equivalent_text",
    "reading_dict",
    "reading_text",
]

#: The first line of an equivalent's text, by its status.
_HEADS = {
    "exact": "exact",
    "workaround": "not exactly expressible; exact workaround",
    "unsupported": "cannot express it",
}


@writer("Canonical", "data")
def canonical_dict(c: Canonical) -> dict[str, Any]:
    """Plain data for JSON: the parameters, the sizes and the window."""
    return {
        "input_size": list(c.input_size),
        "kernel_size": list(c.kernel_size),
        "stride": list(c.stride),
        "dilation": list(c.dilation),
        "pads": [list(p) for p in c.pads],
        "output_padding": list(c.output_padding),
        "output_size": list(c.output_size),
        "full_size": list(c.full_size),
        "window": [list(w) for w in c.window],
        "in_channels": c.in_channels,
        "out_channels": c.out_channels,
        "groups": c.groups,
    }


@writer("Canonical", "text")
def canonical_text(c: Canonical) -> str:
    """Per dimension: the parameters, the output size, the full result and the window."""

    def fmt(values: Sequence[Any]) -> str:
        return ", ".join(str(v) for v in values)

    lines = [
        f"input {fmt(c.input_size)}, kernel {fmt(c.kernel_size)}, stride "
        f"{fmt(c.stride)}, dilation {fmt(c.dilation)} -> output {fmt(c.output_size)}",
        f"pads (lo, hi) {fmt(c.pads)}, output_padding {fmt(c.output_padding)}",
        "the full transposed convolution (length (i-1)s + d(k-1) + 1 = "
        f"{fmt(c.full_size)}) seen through the window "
        + ", ".join(f"[{a}, {b})" for a, b in c.window),
    ]
    if c.in_channels > 1 or c.out_channels > 1:
        groups = f", groups {c.groups}" if c.groups > 1 else ""
        lines.append(f"channels {c.in_channels} -> {c.out_channels}{groups}")
    return "\n".join(lines)


@writer("Reading", "data")
def reading_dict(r: Reading) -> dict[str, Any]:
    """Plain data for JSON: the canonical form, the notes and any appended zeros."""
    data: dict[str, Any] = {"canonical": canonical_dict(r.canonical), "notes": list(r.notes)}
    if r.appended_zeros:
        data["appended_zeros"] = list(r.appended_zeros)
    return data


@writer("Reading", "text")
def reading_text(r: Reading) -> str:
    """The canonical form, any zeros appended after it, then one line per note."""
    lines = [canonical_text(r.canonical)]
    if r.appended_zeros:
        lines.append(
            f"then {', '.join(map(str, r.appended_zeros))} zero(s) appended at the end of each "
            "dimension, outside the canonical form"
        )
    return "\n".join([*lines, *(f"note: {n}" for n in r.notes)])


@writer("Equivalent", "data")
def equivalent_dict(eq: Equivalent) -> dict[str, Any]:
    """Plain data for JSON."""
    return {
        "framework": eq.framework,
        "title": eq.title,
        "status": eq.status,
        "exact": eq.exact,
        "params": eq.params,
        "adjust": [list(a) for a in eq.adjust],
        "per_group": eq.per_group,
        "alternatives": list(eq.alternatives),
        "weight": eq.weight,
        "code": eq.code,
        "notes": list(eq.notes),
        "unsupported": eq.unsupported,
    }


@writer("Equivalent", "text")
def equivalent_text(eq: Equivalent, marker: str = "", max_alternatives: int = 3) -> str:
    """The status, the code, the weight, the notes (``marker`` after the title)."""
    lines = [f"{eq.title}{marker}: {_HEADS[eq.status]}"]
    if eq.unsupported:
        lines.append(f"  {eq.unsupported}")
    if eq.code:
        lines.extend("  " + line for line in eq.code.splitlines())
    for alt in eq.alternatives[:max_alternatives]:
        lines.append("  also exact: " + ", ".join(f"{k}={v!r}" for k, v in alt.items()))
    if len(eq.alternatives) > max_alternatives:
        lines.append(f"  ... and {len(eq.alternatives) - max_alternatives} more (JSON has all)")
    if eq.weight:
        lines.append(f"  weight: {eq.weight}")
    lines.extend(f"  note: {n}" for n in eq.notes)
    return "\n".join(lines)


@writer("Conversion", "data")
def conversion_dict(conv: Conversion) -> dict[str, Any]:
    """Plain data for JSON: "source", "canonical", "frameworks" (one entry each), "checks"."""
    return {
        "source": {
            "framework": conv.source,
            "params": conv.params,
            "notes": list(conv.reading.notes),
            "appended_zeros": list(conv.reading.appended_zeros),
        },
        "canonical": canonical_dict(conv.canonical),
        "frameworks": {name: equivalent_dict(eq) for name, eq in conv.equivalents.items()},
        "checks": dict(conv.checks),
        "check_data": f"random integers in [-9, 9], seed {conv.seed}; compared exactly",
    }


@writer("Conversion", "text")
def conversion_text(conv: Conversion) -> str:
    """The source, the canonical form, every framework's equivalent, the check."""
    given = ", ".join(f"{k}={v!r}" for k, v in conv.params.items())
    lines = [f"from {conv.source_title}: {given}", "", "canonical form (per spatial dimension):"]
    lines += ["  " + line for line in reading_text(conv.reading).splitlines()]
    for name, eq in conv.equivalents.items():
        lines.append("")
        lines.append(equivalent_text(eq, " (the source)" if name == conv.source else ""))
    if conv.checks:
        good = [n for n, ok in conv.checks.items() if ok]
        bad = [n for n, ok in conv.checks.items() if not ok]
        lines.append("")
        lines.append(
            "check: each equivalent computed by symtconv (its framework's semantics and "
            f"layouts, plus the crop/pad) on random integer data: {len(good)} of "
            f"{len(conv.checks)} give "
            "exactly the canonical output" + (f"; DIFFERENT: {', '.join(bad)}" if bad else "")
        )
    return "\n".join(lines)
