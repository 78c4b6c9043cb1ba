"""Reading an ONNX model for the audit: the file, its inputs, its shapes, its ConvTranspose nodes.

The model is untrusted input.  It is read with the ``onnx`` package as a
protobuf message (``onnx.load(..., load_external_data=False)``: no file it
names is opened), after a size check; nothing in it is executed.  ONNX's shape
inference (static, C++) gives the shapes between the nodes.  Text from the model
(names, the producer) is cleaned of control characters and shortened before it
is shown.

Examples:
    >>> clean("conv\\x1b[2J" + "x" * 300)[:12], len(clean("x" * 300))
    ('conv?[2Jxxxx', 80)
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...errors import MissingDependencyError, ParseError, SpecError, TooLargeError

__all__ = [
    "MAX_BYTES",
    "ModelFacts",
    "NodeFacts",
    "clean",
    "load",
    "read_model",
]

#: The largest model file read (bytes); the CLI's --max-bytes changes it.
MAX_BYTES = 512 * 2**20
#: How deep subgraphs (If, Loop, Scan bodies) are followed.
MAX_DEPTH = 16
#: ConvTranspose's attributes in ONNX (opset 11 and later).
ATTRIBUTES = (
    "kernel_shape",
    "strides",
    "pads",
    "auto_pad",
    "output_shape",
    "output_padding",
    "dilations",
    "group",
)

Dims = tuple[int | str | None, ...]


def clean(text: Any, limit: int = 80) -> str:
    """Printable text: control characters become ``?``, at most ``limit`` characters."""
    out = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return out if len(out) <= limit else out[: limit - 3] + "..."


@dataclass(frozen=True)
class NodeFacts:
    """What the model says about one ConvTranspose node.

    Attributes:
        index: its position among the model's ConvTranspose nodes.
        name: the node's name (cleaned).
        graph: where it is: ``main``, a subgraph (``main/If_1.then_branch``) or a function.
        attrs: its ConvTranspose attributes (Python values).
        unknown: names of attributes ConvTranspose does not have.
        x_shape, w_shape: the input's and the weight's shapes (ints, dimension names, None).
        has_bias: whether B is given.
        elem_type: the input's element type (``FLOAT``, ``DOUBLE``, ...) or None.
    """

    index: int
    name: str
    graph: str
    attrs: dict[str, Any]
    unknown: tuple[str, ...] = ()
    x_shape: Dims | None = None
    w_shape: Dims | None = None
    has_bias: bool = False
    elem_type: str | None = None


@dataclass(frozen=True)
class ModelFacts:
    """The model as a whole.

    Attributes:
        file: the file's name.
        ir_version, opset: the IR version and the default domain's opset.
        producer: who wrote it (cleaned).
        inputs: the graph's inputs with the shapes used.
        nodes: its ConvTranspose nodes.
        notes: what the reading could not do (shape inference failed, ...).
    """

    file: str
    ir_version: int
    opset: int | None
    producer: str
    inputs: tuple[tuple[str, Dims], ...]
    nodes: tuple[NodeFacts, ...]
    notes: tuple[str, ...] = field(default=())


def _onnx() -> Any:
    try:  # optional: the onnx package reads the model
        import onnx
    except ImportError as exc:
        raise MissingDependencyError(
            "audit needs the onnx package; install it with: pip install 'onnx>=1.16'"
        ) from exc
    return onnx


def load(path: str, max_bytes: int = MAX_BYTES) -> Any:
    """The model in ``path`` as an ``onnx.ModelProto`` (its external data not read).

    Raises:
        SpecError: no such file, or not a regular file.
        TooLargeError: larger than ``max_bytes``.
        ParseError: not an ONNX model.
        MissingDependencyError: onnx is not installed.
    """
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise SpecError(f"MODEL: cannot read {clean(path)!r}: {exc.strerror}") from None
    if not os.path.isfile(path):
        raise SpecError(f"MODEL: {clean(path)!r} is not a file")
    if size > max_bytes:
        raise TooLargeError(
            f"MODEL: {clean(path)!r} has {size:,} bytes; the limit is {max_bytes:,} (--max-bytes)"
        )
    onnx = _onnx()
    try:
        model = onnx.load(path, load_external_data=False)
    except Exception as exc:  # protobuf's DecodeError and friends: a bad file, said in one line
        raise ParseError(
            f"MODEL: {clean(path)!r} is not an ONNX model ({type(exc).__name__}: "
            f"{clean(' '.join(str(exc).split()), 120)})"
        ) from None
    if not model.HasField("graph") or model.ir_version == 0:
        raise ParseError(f"MODEL: {clean(path)!r} is not an ONNX model (no graph, no IR version)")
    return model


def _dims(value_info: Any) -> Dims | None:
    tensor = value_info.type.tensor_type
    if not tensor.HasField("shape"):
        return None
    out: list[int | str | None] = []
    for d in tensor.shape.dim:
        if d.HasField("dim_value"):
            out.append(int(d.dim_value))
        elif d.HasField("dim_param"):
            out.append(clean(d.dim_param, 20))
        else:
            out.append(None)
    return tuple(out)


def _elem_type(onnx: Any, value_info: Any) -> str | None:
    code = value_info.type.tensor_type.elem_type
    return str(onnx.TensorProto.DataType.Name(code)) if code else None


def graph_inputs(model: Any) -> list[Any]:
    """The graph's inputs that are not initializers (the model's real inputs)."""
    names = {t.name for t in model.graph.initializer}
    return [i for i in model.graph.input if i.name not in names]


def set_input_shapes(model: Any, shapes: Mapping[str, Sequence[int]]) -> None:
    """Give the graph's inputs these shapes (``shapes``: input name -> dims).

    Raises:
        SpecError: an unknown input name, or a rank the input does not have.
    """
    inputs = {i.name: i for i in graph_inputs(model)}
    for name, dims in shapes.items():
        if name not in inputs:
            raise SpecError(
                f"--input-shape: the model has no input {clean(name)!r}; its inputs: "
                + ", ".join(clean(n) for n in inputs)
            )
        shape = inputs[name].type.tensor_type.shape
        if len(shape.dim) and len(shape.dim) != len(dims):
            raise SpecError(
                f"--input-shape: {clean(name)!r} has rank {len(shape.dim)}; got {list(dims)}"
            )
        del shape.dim[:]
        for v in dims:
            shape.dim.add().dim_value = int(v)


def read_model(
    path: str,
    input_shapes: Mapping[str, Sequence[int]] | Sequence[int] | None = None,
    max_bytes: int = MAX_BYTES,
) -> ModelFacts:
    """Read the model's ConvTranspose nodes with the shapes of their operands.

    Args:
        path: the ``.onnx`` file.
        input_shapes: shapes for the graph's inputs, by name, or one shape for a
            model with a single input (default: the model's own).
        max_bytes: refuse larger files.

    Raises:
        SpecError, TooLargeError, ParseError, MissingDependencyError: see :func:`load`.
    """
    onnx = _onnx()
    model = load(path, max_bytes)
    if input_shapes is not None:
        if not isinstance(input_shapes, Mapping):
            inputs = graph_inputs(model)
            if len(inputs) != 1:
                raise SpecError(
                    f"--input-shape: the model has {len(inputs)} inputs; give NAME=SHAPE for "
                    "each: " + ", ".join(clean(i.name) for i in inputs)
                )
            input_shapes = {inputs[0].name: list(input_shapes)}
        set_input_shapes(model, input_shapes)
    notes: list[str] = []
    try:
        inferred = onnx.shape_inference.infer_shapes(model, data_prop=True)
    except Exception as exc:  # the model's own inconsistency: audit what the file says
        notes.append(
            f"ONNX shape inference failed on the model ({type(exc).__name__}: "
            f"{clean(' '.join(str(exc).split()), 120)}); the shapes are the file's own"
        )
        inferred = model
    opset = next((int(o.version) for o in model.opset_import if o.domain in ("", "ai.onnx")), None)
    nodes = list(_walk(onnx, inferred.graph, "main", {}, 0))
    for function in model.functions:
        nodes.extend(_walk(onnx, function, f"function {clean(function.name, 40)}", {}, 0))
    facts = [
        NodeFacts(n, *node[1:])
        for n, node in enumerate(nodes)  # number them in order
    ]
    return ModelFacts(
        os.path.basename(path),
        int(model.ir_version),
        opset,
        clean(f"{model.producer_name} {model.producer_version}".strip() or "unknown"),
        tuple((clean(i.name, 40), _dims(i) or ()) for i in graph_inputs(inferred)),
        tuple(facts),
        tuple(notes),
    )


def _shapes(onnx: Any, graph: Any, outer: Mapping[str, tuple[Dims | None, str | None]]) -> dict:
    """Name -> (dims, element type) of the tensors a graph (or function) knows."""
    known = dict(outer)
    for t in getattr(graph, "initializer", ()):
        known[t.name] = (
            tuple(int(d) for d in t.dims),
            str(onnx.TensorProto.DataType.Name(t.data_type)),
        )
    for group in ("input", "value_info", "output"):
        for vi in getattr(graph, group, ()):
            if vi.type.HasField("tensor_type"):
                known[vi.name] = (_dims(vi), _elem_type(onnx, vi))
    for node in graph.node:  # Constant nodes: the shape of their tensor
        if node.op_type == "Constant" and node.domain in ("", "ai.onnx"):
            for a in node.attribute:
                if a.name == "value" and a.HasField("t"):
                    known[node.output[0]] = (tuple(int(d) for d in a.t.dims), None)
    return known


def _walk(
    onnx: Any, graph: Any, where: str, outer: Mapping[str, Any], depth: int
) -> Iterator[tuple[Any, ...]]:
    """(index placeholder, name, graph, attrs, unknown, x, w, bias, type) of each ConvTranspose."""
    if depth > MAX_DEPTH:
        return
    known = _shapes(onnx, graph, outer)
    for n, node in enumerate(graph.node):
        for a in node.attribute:
            subgraphs = list(a.graphs) + ([a.g] if a.HasField("g") else [])
            for sub in subgraphs:
                label = f"{where}/{clean(node.name or node.op_type, 30)}.{clean(a.name, 20)}"
                yield from _walk(onnx, sub, label, known, depth + 1)
        if node.op_type != "ConvTranspose" or node.domain not in ("", "ai.onnx"):
            continue
        attrs: dict[str, Any] = {}
        unknown: list[str] = []
        for a in node.attribute:
            if a.name not in ATTRIBUTES:
                unknown.append(clean(a.name, 30))
                continue
            value = onnx.helper.get_attribute_value(a)
            if isinstance(value, bytes):
                value = value.decode("ascii", "replace")
            elif isinstance(value, list):
                value = [int(v) if isinstance(v, int) else v for v in value]
            attrs[a.name] = value
        inputs = list(node.input)
        x = known.get(inputs[0]) if inputs else None
        w = known.get(inputs[1]) if len(inputs) > 1 else None
        yield (
            None,
            clean(node.name or f"ConvTranspose #{n}", 60),
            where,
            attrs,
            tuple(unknown),
            None if x is None else x[0],
            None if w is None else w[0],
            len(inputs) > 2 and bool(inputs[2]),
            None if x is None else x[1],
        )
