"""The audit of an ONNX model: each ConvTranspose node read, sized, and seen by the runtimes.

:func:`audit` reads the model (:mod:`.model`), reads each node into the
canonical form with the operator's text (:mod:`symtconv.frameworks.onnx_op`),
gives its output size for the model's input shapes, lists what the runtimes
make of it (:mod:`.runtimes`; ONNX shape inference is run), and writes it in
PyTorch, Keras and Paddle terms.  With ``run=True`` the crosscheck runners that
take ONNX attributes (``onnx``: ``onnx.reference``; ``onnxruntime`` where it
is registered) also run the node alone, with the model's attributes and shapes
and random integer data, and compare exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...errors import MissingDependencyError, SpecError
from ...results import Result
from .. import to_framework
from ..crosscheck.compare import compare
from ..crosscheck.onnx_runner import inferred
from ..crosscheck.runners import RUNNERS
from ..crosscheck.variants import Variant
from ..equivalent import Equivalent
from ..onnx_op import ONNX
from ..reading import Reading
from .model import MAX_BYTES, ModelFacts, NodeFacts, read_model
from .runtimes import Node, RuntimeView, predict, shape_inference_view

__all__ = ["EQUIVALENTS", "AuditReport", "NodeAudit", "audit"]

#: The frameworks each node is also written in.
EQUIVALENTS = ("torch", "keras", "paddle")
#: The crosscheck runners that take a node's ONNX attributes (``run=True``), and their names.
ONNX_RUNNERS = {"onnx": "onnx.reference", "onnxruntime": "onnxruntime"}
#: Nodes larger than this (input elements times kernel taps) are not run.
MAX_RUN = 2_000_000


@dataclass(frozen=True, eq=False)
class NodeAudit(Result):
    """One ConvTranspose node, audited.

    Attributes:
        facts: what the model says (name, attributes, operand shapes).
        reading: the node read with the operator's text (None when it cannot be).
        problem: why there is no reading (an invalid node, unknown sizes), or None.
        runtimes: what each runtime makes of it.
        equivalents: the node in PyTorch, Keras and Paddle terms.
        runs: name -> what running the node alone gave ("agrees" or the difference).
    """

    facts: NodeFacts
    reading: Reading | None
    problem: str | None = None
    runtimes: tuple[RuntimeView, ...] = ()
    equivalents: dict[str, Equivalent] = field(default_factory=dict)
    runs: dict[str, str] = field(default_factory=dict)

    @property
    def disagreements(self) -> list[RuntimeView]:
        """The runtimes that do not compute what the text says."""
        return [v for v in self.runtimes if not v.same]


@dataclass(frozen=True, eq=False)
class AuditReport(Result):
    """The audit of a model.

    Attributes:
        model: the model's facts.
        nodes: each ConvTranspose node's audit.
    """

    model: ModelFacts
    nodes: tuple[NodeAudit, ...]

    @property
    def disagree(self) -> bool:
        """True when some runtime differs from the text on some node (or a run differs)."""
        return any(
            n.disagreements or any(r != "agrees" for r in n.runs.values()) for n in self.nodes
        )


def audit(
    path: str,
    input_shapes: Mapping[str, Sequence[int]] | Sequence[int] | None = None,
    *,
    run: bool = False,
    max_bytes: int = MAX_BYTES,
    seed: int = 0,
) -> AuditReport:
    """Audit every ConvTranspose node of the ONNX model in ``path``.

    Args:
        path: the model file.
        input_shapes: the graph inputs' shapes, by name (or one shape for a
            single input); default: the model's own.
        run: also run each node alone in the installed ONNX runtimes.
        max_bytes: refuse larger files.
        seed: seed of the runs' random data.

    Raises:
        SpecError: no such file, or input shapes that do not fit the model.
        TooLargeError: a file above ``max_bytes``.
        ParseError: not an ONNX model.
        MissingDependencyError: onnx is not installed.

    Examples:
        >>> import onnx, tempfile, os
        >>> from onnx import helper
        >>> node = helper.make_node("ConvTranspose", ["x", "w"], ["y"], strides=[2, 2],
        ...                         auto_pad="SAME_UPPER")
        >>> w = helper.make_tensor("w", onnx.TensorProto.FLOAT, [1, 1, 3, 3], [1.0] * 9)
        >>> x = helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1, 1, 4, 4])
        >>> y = helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, None)
        >>> graph = helper.make_graph([node], "g", [x], [y], [w])
        >>> path = os.path.join(tempfile.mkdtemp(), "m.onnx")
        >>> onnx.save(helper.make_model(graph), path)
        >>> report = audit(path)
        >>> report.nodes[0].reading.canonical.output_size
        (8, 8)
    """
    model = read_model(path, input_shapes, max_bytes)
    nodes = tuple(_audit_node(f, run, seed) for f in model.nodes)
    return AuditReport(model, nodes)


def _ints(dims: Sequence[Any] | None) -> list[int] | None:
    if dims is None or not all(isinstance(d, int) and d > 0 for d in dims):
        return None
    return [int(d) for d in dims]


def _audit_node(f: NodeFacts, run: bool, seed: int) -> NodeAudit:
    batch = f.x_shape[0] if f.x_shape else None
    x = _ints(None if f.x_shape is None else [1, *f.x_shape[1:]])  # any batch size will do
    w = _ints(f.w_shape)
    if w is None or len(w) < 3:
        return NodeAudit(f, None, f"the weight's shape is not known ({_dims(f.w_shape)})")
    if x is None or len(x) != len(w):
        return NodeAudit(
            f,
            None,
            f"the input's shape is {_dims(f.x_shape)}: give the model's input shape "
            "(--input-shape)",
        )
    group = int(f.attrs.get("group", 1))
    try:
        reading = ONNX.from_params(
            x[2:], w[2:], f.attrs, in_channels=w[0], out_channels=w[1] * group
        )
    except SpecError as exc:
        return NodeAudit(f, None, f"the node is not valid ConvTranspose: {exc}")
    if x[1] != w[0]:
        return NodeAudit(f, reading, f"the input has {x[1]} channels, W expects {w[0]}")
    c = reading.canonical
    node = Node(dict(f.attrs), c, f.has_bias, f.elem_type)
    x_full = [batch if isinstance(batch, int) and batch > 0 else 1, *x[1:]]
    views = [*predict(node), shape_inference_view(node, x_full, inferred)]
    equivalents = {name: to_framework(c, name) for name in EQUIVALENTS}
    runs = _runs(node, x, seed) if run else {}
    return NodeAudit(f, reading, None, tuple(views), equivalents, runs)


def _dims(dims: Sequence[Any] | None) -> str:
    return "unknown" if dims is None else "[" + ", ".join(str(d) for d in dims) + "]"


def _runs(node: Node, x_shape: Sequence[int], seed: int) -> dict[str, str]:
    """Each installed ONNX runner on the node alone: "agrees" or what differs."""
    c = node.canonical
    if int(np.prod(x_shape)) * int(np.prod(c.kernel_size)) * c.out_channels > MAX_RUN:
        return {"runs": f"not run: the node is larger than {MAX_RUN:,} multiply-adds"}
    rng = np.random.default_rng(seed)
    x = rng.integers(-9, 10, (1, *x_shape[1:])).astype(float)
    w = rng.integers(-9, 10, (c.in_channels, c.out_channels // c.groups, *c.kernel_size))
    b = rng.integers(-9, 10, (c.out_channels,)).astype(float) if node.has_bias else None
    params = {"kernel_shape": list(c.kernel_size), "group": c.groups, **node.attrs}
    out: dict[str, str] = {}
    for name in ONNX_RUNNERS:
        runner = RUNNERS.get(name)
        if runner is None:
            continue
        try:
            kind, detail = compare(runner, c, Variant("model", params), x, w.astype(float), b)
        except MissingDependencyError as exc:
            out[ONNX_RUNNERS[name]] = f"not run: {exc}"
            continue
        out[ONNX_RUNNERS[name]] = "agrees" if kind is None else f"{kind}: {detail}"
    return out
