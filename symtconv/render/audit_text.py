"""Text and plain data of an ONNX model's audit.

The writers of :class:`~symtconv.frameworks.audit.AuditReport` and its nodes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..results import writer
from .frameworks_text import canonical_dict, equivalent_dict, reading_text

if TYPE_CHECKING:
    from ..frameworks.audit import AuditReport, NodeAudit, RuntimeView

__all__ = ["audit_dict", "audit_text", "node_dict", "node_text"]


def _size(sizes: Any) -> str:
    return "x".join(str(n) for n in sizes)


def _shape(dims: Any) -> str:
    return "unknown" if dims is None else "[" + ", ".join(str(d) for d in dims) + "]"


def _runtime_line(v: RuntimeView) -> str:
    if v.error is not None:
        head = f"raises {v.error}"
    else:
        head = f"{_size(v.output_size or ())}, " + ("same" if v.same else "DIFFERENT")
    why = f": {'; '.join(v.reasons)}" if v.reasons else ""
    return f"{v.runtime}: {head}{why} ({v.source})"


@writer("NodeAudit", "text")
def node_text(n: NodeAudit) -> str:
    """The node: attributes, shapes, canonical form, runtimes, equivalents."""
    f = n.facts
    attrs = ", ".join(f"{k}={v!r}" for k, v in sorted(f.attrs.items())) or "none"
    lines = [f"#{f.index} {f.name} ({f.graph})", f"  attributes: {attrs}"]
    if f.unknown:
        lines.append(f"  not ConvTranspose attributes (ignored): {', '.join(f.unknown)}")
    if n.reading is None or n.problem is not None:
        lines.append(f"  input {_shape(f.x_shape)}, weight {_shape(f.w_shape)}: {n.problem}")
        return "\n".join(lines)
    c = n.reading.canonical
    out = [f.x_shape[0] if f.x_shape else "N", c.out_channels, *c.output_size]
    lines.append(
        f"  input {_shape(f.x_shape)}, weight {_shape(f.w_shape)} -> output {_shape(out)} "
        "(the operator's text)"
    )
    lines.append("  canonical form (per spatial dimension):")
    lines += ["    " + line for line in reading_text(n.reading).splitlines()]
    lines.append("  runtimes:")
    lines += ["    " + _runtime_line(v) for v in n.runtimes]
    for name, result in n.runs.items():
        lines.append(f"    run {name} on the node alone (random integers, exact): {result}")
    for eq in n.equivalents.values():
        lines += ["  " + line for line in _equivalent(eq)]
    return "\n".join(lines)


def _equivalent(eq: Any) -> list[str]:
    """The equivalent, short: its status and code (``symtconv convert`` has the rest)."""
    head = {"exact": "exact", "workaround": "the exact workaround"}.get(eq.status, "cannot")
    lines = [f"{eq.title}: {head}"]
    if eq.unsupported:
        lines.append(f"  {eq.unsupported}")
    lines += ["  " + line for line in eq.code.splitlines()]
    return lines


@writer("AuditReport", "text")
def audit_text(r: AuditReport) -> str:
    """The model's facts, every node, and a summary line."""
    m = r.model
    opset = "unknown" if m.opset is None else str(m.opset)
    lines = [
        f"audit of {m.file}: IR version {m.ir_version}, opset {opset}, producer {m.producer}; "
        f"{len(r.nodes)} ConvTranspose node(s)"
    ]
    if m.inputs:
        lines.append("  inputs: " + ", ".join(f"{name} {_shape(dims)}" for name, dims in m.inputs))
    lines += [f"  note: {n}" for n in m.notes]
    for node in r.nodes:
        lines += ["", node_text(node)]
    differ = [n for n in r.nodes if n.disagreements or any(v != "agrees" for v in n.runs.values())]
    unread = [n for n in r.nodes if n.reading is None or n.problem is not None]
    lines += [
        "",
        f"summary: {len(differ)} of {len(r.nodes)} node(s) where a runtime differs from the "
        "operator's text" + (f"; {len(unread)} node(s) not read" if unread else ""),
    ]
    return "\n".join(lines)


def _runtime_dict(v: RuntimeView) -> dict[str, Any]:
    return {
        "runtime": v.runtime,
        "source": v.source,
        "output_size": None if v.output_size is None else list(v.output_size),
        "error": v.error,
        "same": v.same,
        "reasons": list(v.reasons),
    }


@writer("NodeAudit", "data")
def node_dict(n: NodeAudit) -> dict[str, Any]:
    """Plain data for JSON."""
    f = n.facts
    data: dict[str, Any] = {
        "index": f.index,
        "name": f.name,
        "graph": f.graph,
        "attributes": dict(f.attrs),
        "unknown_attributes": list(f.unknown),
        "input_shape": None if f.x_shape is None else list(f.x_shape),
        "weight_shape": None if f.w_shape is None else list(f.w_shape),
        "bias": f.has_bias,
        "problem": n.problem,
    }
    if n.reading is not None:
        data["canonical"] = canonical_dict(n.reading.canonical)
        data["notes"] = list(n.reading.notes)
    data["runtimes"] = [_runtime_dict(v) for v in n.runtimes]
    data["equivalents"] = {name: equivalent_dict(eq) for name, eq in n.equivalents.items()}
    data["runs"] = dict(n.runs)
    return data


@writer("AuditReport", "data")
def audit_dict(r: AuditReport) -> dict[str, Any]:
    """Plain data for JSON: "model", "nodes", "disagree"."""
    m = r.model
    return {
        "model": {
            "file": m.file,
            "ir_version": m.ir_version,
            "opset": m.opset,
            "producer": m.producer,
            "inputs": {name: list(dims) for name, dims in m.inputs},
            "notes": list(m.notes),
        },
        "nodes": [node_dict(n) for n in r.nodes],
        "disagree": r.disagree,
    }
