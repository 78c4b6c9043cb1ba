"""Framework calls in code, read with Python's :mod:`ast` (never run), and their shapes.

The layers a tutorial builds (PyTorch ``nn.ConvTranspose2d`` / ``nn.Conv2d``, Keras
``layers.Conv2DTranspose`` / ``Conv2D``, Paddle ``nn.Conv2DTranspose`` / ``Conv2D``,
ONNX ``helper.make_node("ConvTranspose", ...)``, ``jax.lax.conv_transpose``) are read
from their literal arguments; tensors from their constructors (``torch.randn(1, 1, 5,
5)``, ``np.zeros((1, 5, 5, 3))``, ``tf.random.normal([...])``, ONNX
``make_tensor_value_info``).  Every layer applied to a tensor of known shape gets its
output shape from the framework's documented semantics (transposed convolutions through
:mod:`symtconv.frameworks`), and what the code claims about shapes is checked: an
``assert a.shape == b.shape`` (``tconv(conv(x)).shape == x.shape``), a comment after
``print(y.shape)`` (``# torch.Size([1, 1, 10, 10])``), a declared ONNX output shape.
A call whose arguments are not literals is noted, not guessed.

Examples:
    >>> from symtconv.linter.sink import Sink
    >>> from symtconv.linter.blocks import Block
    >>> src = ("import torch\\nx = torch.randn(1, 1, 5, 5)\\n"
    ...        "up = torch.nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1)\\n"
    ...        "print(up(x).shape)  # torch.Size([1, 1, 10, 10])\\n")
    >>> sink = Sink()
    >>> check_code(Block("code", src, 1, lang="python"), sink)
    >>> [(f.loc.line, f.severity, f.message.code, f.claimed, f.expected) for f in sink.findings]
    [(4, 'error', 'shape_claim_wrong', '1x1x10x10', '1x1x9x9')]
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field
from typing import Any

from ..core.spec import conv_output_length
from ..errors import SymtconvError
from ..frameworks import from_framework
from .blocks import Block
from .sink import Sink, show

__all__ = ["MAX_CODE", "Layer", "check_code"]

#: Longest code block read (characters).
MAX_CODE = 200_000

_TENSOR_MAKERS = frozenset(
    {"randn", "rand", "zeros", "ones", "empty", "normal", "uniform", "randint", "full", "Input"}
)


@dataclass(frozen=True)
class Layer:
    """A (transposed) convolution layer as the code builds it.

    Attributes:
        framework: ``torch``, ``keras``, ``paddle``, ``onnx`` or ``jax``.
        transposed: a transposed convolution (else a forward one).
        rank: spatial rank.
        in_channels: input channels (``None``: taken from the input, Keras).
        out_channels: output channels.
        kernel: spatial kernel size.
        params: the framework's own parameters (literal values).
        channels_last: the layout of its tensors.
        line: where it is built.
    """

    framework: str
    transposed: bool
    rank: int
    in_channels: int | None
    out_channels: int
    kernel: tuple[int, ...]
    params: dict[str, Any]
    channels_last: bool
    line: int


class _NotLiteral(Exception):
    pass


class _ShapeError(Exception):
    def __init__(self, code: str, **args: Any) -> None:
        super().__init__(code)
        self.code = code
        self.args_ = args


def _literal(node: ast.AST | None) -> Any:
    if node is None:
        raise _NotLiteral
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise _NotLiteral from None


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return _dotted(node.value) + "." + node.attr
    if isinstance(node, ast.Call):
        return _dotted(node.func) + "()"
    return "?"


def _per_dim(value: Any, rank: int, name: str) -> tuple[int, ...]:
    if isinstance(value, bool):
        raise _NotLiteral
    if isinstance(value, int):
        return (value,) * rank
    if (
        isinstance(value, (list, tuple))
        and len(value) == rank
        and all(isinstance(v, int) for v in value)
    ):
        return tuple(value)
    raise _ShapeError("layer_bad_param", name=name, value=value)


_LAYER = re.compile(
    r"^(?P<kind>Conv|ConvTranspose|Conv(?P<r>[123])[dD]Transpose|Conv(?P<r2>[123])[dD])$"
)
_TORCH_T = (
    "in_channels",
    "out_channels",
    "kernel_size",
    "stride",
    "padding",
    "output_padding",
    "groups",
    "bias",
    "dilation",
)
_TORCH_F = (
    "in_channels",
    "out_channels",
    "kernel_size",
    "stride",
    "padding",
    "dilation",
    "groups",
    "bias",
)
_PADDLE_T = (
    "in_channels",
    "out_channels",
    "kernel_size",
    "stride",
    "padding",
    "output_padding",
    "groups",
    "dilation",
)
_PADDLE_F = (
    "in_channels",
    "out_channels",
    "kernel_size",
    "stride",
    "padding",
    "dilation",
    "groups",
)
_KERAS_T = (
    "filters",
    "kernel_size",
    "strides",
    "padding",
    "output_padding",
    "data_format",
    "dilation_rate",
)
_KERAS_F = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate")


def _bind(call: ast.Call, names: tuple[str, ...]) -> dict[str, Any]:
    """The call's arguments by name (positional in ``names`` order); literals only."""
    out: dict[str, Any] = {}
    for name, arg in zip(names, call.args):
        out[name] = arg
    for kw in call.keywords:
        if kw.arg is not None:
            out[kw.arg] = kw.value
    return out


def _layer(call: ast.Call, line: int) -> Layer | None:
    """The layer a constructor call builds, or ``None`` if it is not one."""
    name = _dotted(call.func)
    last = name.rsplit(".", 1)[-1]
    m = re.fullmatch(r"Conv(?P<r>[123])d", last) or re.fullmatch(
        r"ConvTranspose(?P<r>[123])d", last
    )
    k = re.fullmatch(r"Conv(?P<r>[123])D(?P<t>Transpose)?", last)
    if m and (name.startswith(("nn.", "torch.")) or "." not in name):
        transposed = "Transpose" in last
        args = _bind(call, _TORCH_T if transposed else _TORCH_F)
        return _make("torch", transposed, int(m.group("r")), args, line, channels_last=False)
    if k and "paddle" in name:
        transposed = k.group("t") is not None
        args = _bind(call, _PADDLE_T if transposed else _PADDLE_F)
        return _make("paddle", transposed, int(k.group("r")), args, line, channels_last=False)
    if k:
        transposed = k.group("t") is not None
        args = _bind(call, _KERAS_T if transposed else _KERAS_F)
        return _make("keras", transposed, int(k.group("r")), args, line, channels_last=True)
    return None


def _make(
    framework: str,
    transposed: bool,
    rank: int,
    args: dict[str, Any],
    line: int,
    channels_last: bool,
) -> Layer:
    values = {
        k: _literal(v) for k, v in args.items() if k not in ("bias", "weight_attr", "bias_attr")
    }
    if framework == "keras":
        if values.get("data_format") == "channels_first":
            channels_last = False
        filters = values.pop("filters", None)
        if not isinstance(filters, int):
            raise _NotLiteral
        kernel = _per_dim(values.get("kernel_size"), rank, "kernel_size")
        values.pop("data_format", None)
        return Layer(
            framework, transposed, rank, None, filters, kernel, values, channels_last, line
        )
    cin, cout = values.pop("in_channels", None), values.pop("out_channels", None)
    if not isinstance(cin, int) or not isinstance(cout, int):
        raise _NotLiteral
    kernel = _per_dim(values.pop("kernel_size", None), rank, "kernel_size")
    if framework == "paddle" and values.get("data_format", "NCHW") in ("NHWC", "NLC", "NDHWC"):
        channels_last = True
    values.pop("data_format", None)
    return Layer(framework, transposed, rank, cin, cout, kernel, values, channels_last, line)


def _spatial(layer: Layer, shape: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...], int]:
    """(leading batch dims, spatial sizes, channels) of an input shape for the layer."""
    r = layer.rank
    if len(shape) not in (r + 1, r + 2):
        raise _ShapeError("layer_rank", shape=show(shape), rank=r, need=f"{r + 1} or {r + 2}")
    if layer.channels_last:
        return shape[: len(shape) - r - 1], shape[len(shape) - r - 1 : -1], shape[-1]
    return shape[: len(shape) - r - 1], shape[len(shape) - r :], shape[len(shape) - r - 1]


def _forward_sizes(layer: Layer, sizes: tuple[int, ...]) -> tuple[int, ...]:
    p = layer.params
    r = layer.rank
    if layer.framework == "keras":
        s = _per_dim(p.get("strides", 1), r, "strides")
        d = _per_dim(p.get("dilation_rate", 1), r, "dilation_rate")
        mode = str(p.get("padding", "valid")).lower()
        if mode == "same":
            return tuple(-(-i // st) for i, st in zip(sizes, s))
        if mode != "valid":
            raise _ShapeError("layer_bad_param", name="padding", value=p.get("padding"))
        return tuple(
            (i - dd * (k - 1) - 1) // st + 1 for i, k, st, dd in zip(sizes, layer.kernel, s, d)
        )
    s = _per_dim(p.get("stride", 1), r, "stride")
    d = _per_dim(p.get("dilation", 1), r, "dilation")
    pad = p.get("padding", 0)
    if isinstance(pad, str):
        if pad.lower() == "same":
            return (
                sizes
                if layer.framework == "torch"
                else tuple(-(-i // st) for i, st in zip(sizes, s))
            )
        if pad.lower() == "valid":
            pad = 0
        else:
            raise _ShapeError("layer_bad_param", name="padding", value=pad)
    pads = _per_dim(pad, r, "padding")
    out = tuple(
        conv_output_length(i, k, st, pp, pp, dd)
        for i, k, st, pp, dd in zip(sizes, layer.kernel, s, pads, d)
    )
    if any(o < 1 for o in out):
        raise _ShapeError("layer_too_small", sizes=show(sizes))
    return out


def _transposed_sizes(layer: Layer, sizes: tuple[int, ...], channels: int) -> tuple[int, ...]:
    params = dict(layer.params)
    name = layer.framework
    if name == "paddle":
        name = "torch"
        pad = params.get("padding", 0)
        if isinstance(pad, str):
            s = _per_dim(params.get("stride", 1), layer.rank, "stride")
            d = _per_dim(params.get("dilation", 1), layer.rank, "dilation")
            if pad.upper() == "SAME":
                return tuple(i * st for i, st in zip(sizes, s))
            if pad.upper() == "VALID":
                return tuple(
                    (i - 1) * st + dd * (k - 1) + 1
                    for i, st, dd, k in zip(sizes, s, d, layer.kernel)
                )
            raise _ShapeError("layer_bad_param", name="padding", value=pad)
    if name == "keras":
        params["filters"] = layer.out_channels
        params["kernel_size"] = layer.kernel
        if params.get("output_padding") is None:
            params.pop("output_padding", None)
    try:
        reading = from_framework(
            name, sizes, layer.kernel, params, in_channels=channels, out_channels=layer.out_channels
        )
    except SymtconvError as exc:
        raise _ShapeError("layer_rejected", reason=str(exc)) from None
    return reading.canonical.output_size


def apply(layer: Layer, shape: tuple[int, ...]) -> tuple[int, ...]:
    """The output shape of the layer on an input of ``shape`` (its framework's semantics).

    Raises:
        _ShapeError: a shape the layer does not take (rank, channels), or parameters its
            framework refuses.
    """
    lead, sizes, channels = _spatial(layer, shape)
    if layer.in_channels is not None and channels != layer.in_channels:
        raise _ShapeError(
            "layer_channels", shape=show(shape), channels=channels, want=layer.in_channels
        )
    if layer.transposed:
        out = _transposed_sizes(layer, sizes, channels)
    else:
        out = _forward_sizes(layer, sizes)
    if layer.channels_last:
        return (*lead, *out, layer.out_channels)
    return (*lead, layer.out_channels, *out)


# ----- the walk -------------------------------------------------------------------------------


@dataclass
class _Walk:
    block: Block
    sink: Sink
    layers: dict[str, Layer] = field(default_factory=dict)
    shapes: dict[str, tuple[int, ...]] = field(default_factory=dict)
    onnx: dict[str, tuple[int, ...]] = field(default_factory=dict)
    comments: dict[int, str] = field(default_factory=dict)

    def loc(self, line: int) -> Any:
        return self.block.location(0).__class__(self.block.cell, self.block.line + line - 1, 1)

    def shape_of(self, node: ast.AST) -> tuple[int, ...] | None:
        """The shape of an expression's value, where the code says it."""
        if isinstance(node, ast.Name):
            return self.shapes.get(node.id)
        if isinstance(node, ast.Attribute) and node.attr == "shape":
            return self.shape_of(node.value)
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in self.layers and node.args:
                return self._apply(self.layers[func.id], node.args[0], node.lineno)
            if (
                isinstance(func, ast.Attribute)
                and func.attr in ("forward", "__call__")
                and isinstance(func.value, ast.Name)
                and func.value.id in self.layers
                and node.args
            ):
                return self._apply(self.layers[func.value.id], node.args[0], node.lineno)
            if isinstance(func, ast.Name) and func.id in ("tuple", "list") and node.args:
                return self.shape_of(node.args[0])
            name = _dotted(func)
            last = name.rsplit(".", 1)[-1]
            if name.endswith("lax.conv_transpose"):
                return self._jax(node)
            if last in _TENSOR_MAKERS:
                return _maker_shape(node, last)
            if last == "tensor" or last in ("array", "asarray", "constant", "to_tensor"):
                try:
                    return _nested_shape(_literal(node.args[0])) if node.args else None
                except _NotLiteral:
                    return None
        return None

    def _apply(self, layer: Layer, arg: ast.AST, line: int) -> tuple[int, ...] | None:
        shape = self.shape_of(arg)
        if shape is None:
            return None
        try:
            out = apply(layer, shape)
        except _ShapeError as exc:
            self.sink.find(
                self.loc(line),
                "error",
                "framework",
                exc.code,
                framework=layer.framework,
                **exc.args_,
            )
            return None
        self.sink.checked(
            self.loc(line),
            "framework",
            "correct",
            "layer_applied",
            framework=layer.framework,
            shape=show(shape),
            out=show(out),
        )
        return out

    def _jax(self, call: ast.Call) -> tuple[int, ...] | None:
        args = _bind(
            call,
            (
                "lhs",
                "rhs",
                "strides",
                "padding",
                "rhs_dilation",
                "dimension_numbers",
                "transpose_kernel",
            ),
        )
        if "dimension_numbers" in args:
            return None
        lhs = self.shape_of(args["lhs"]) if "lhs" in args else None
        rhs = self.shape_of(args["rhs"]) if "rhs" in args else None
        if lhs is None or rhs is None:
            return None
        try:
            params: dict[str, Any] = {
                k: _literal(args[k]) for k in ("strides", "padding", "rhs_dilation") if k in args
            }
        except _NotLiteral:
            return None
        rank = len(lhs) - 2
        if params.get("rhs_dilation") is None:
            params.pop("rhs_dilation", None)
        try:
            reading = from_framework(
                "jax", lhs[1:-1], rhs[:rank], params, in_channels=lhs[-1], out_channels=rhs[-1]
            )
        except SymtconvError as exc:
            self.sink.find(
                self.loc(call.lineno),
                "error",
                "framework",
                "layer_rejected",
                framework="jax",
                reason=str(exc),
            )
            return None
        return (lhs[0], *reading.canonical.output_size, rhs[-1])

    # ----- statements -------------------------------------------------------------------

    def assign(self, target: ast.AST, value: ast.AST, line: int) -> None:
        if not isinstance(target, ast.Name):
            return
        if isinstance(value, ast.Call):
            try:
                layer = _layer(value, line)
            except _NotLiteral:
                self.sink.find(
                    self.loc(line),
                    "note",
                    "framework",
                    "layer_not_literal",
                    call=_dotted(value.func),
                )
                return
            except _ShapeError as exc:
                self.sink.find(
                    self.loc(line), "error", "framework", exc.code, framework="?", **exc.args_
                )
                return
            if layer is not None:
                self.layers[target.id] = layer
                return
            if _dotted(value.func).endswith("make_tensor_value_info"):
                self._value_info(value, line)
            if _dotted(value.func).endswith("make_node"):
                self._onnx_node(value, line)
        shape = self.shape_of(value)
        if shape is not None:
            self.shapes[target.id] = shape
            self.comment_claim(line, shape, target.id)

    def _value_info(self, call: ast.Call, line: int) -> None:
        try:
            name, shape = _literal(call.args[0]), _literal(call.args[2])
        except (_NotLiteral, IndexError):
            return
        if (
            isinstance(name, str)
            and isinstance(shape, (list, tuple))
            and all(isinstance(v, int) for v in shape)
        ):
            if name in self.onnx and tuple(shape) != self.onnx[name]:
                want = self.onnx[name]
                self.sink.find(
                    self.loc(line),
                    "error",
                    "framework",
                    "shape_claim_wrong",
                    claimed=tuple(shape),
                    expected=want,
                    what=name,
                )
                self.sink.checked(self.loc(line), "framework", "wrong", "shape_claim", what=name)
            elif name in self.onnx:
                self.sink.checked(self.loc(line), "framework", "correct", "shape_claim", what=name)
            self.onnx.setdefault(name, tuple(shape))

    def _onnx_node(self, call: ast.Call, line: int) -> None:
        try:
            op, inputs, outputs = (_literal(a) for a in call.args[:3])
        except (_NotLiteral, ValueError):
            return
        if (
            op not in ("ConvTranspose", "Conv")
            or not isinstance(inputs, list)
            or not isinstance(outputs, list)
        ):
            return
        try:
            attrs = {kw.arg: _literal(kw.value) for kw in call.keywords if kw.arg}
        except _NotLiteral:
            self.sink.find(
                self.loc(line), "note", "framework", "layer_not_literal", call="make_node"
            )
            return
        x, w = (self.onnx.get(n) for n in inputs[:2]) if len(inputs) >= 2 else (None, None)
        if x is None or w is None or not outputs:
            return
        rank = len(x) - 2
        if op == "Conv":
            return
        attrs.setdefault("kernel_shape", list(w[2:]))
        try:
            reading = from_framework(
                "onnx",
                x[2:],
                w[2:],
                attrs,
                in_channels=x[1],
                out_channels=w[1] * int(attrs.get("group", 1)),
            )
        except SymtconvError as exc:
            self.sink.find(
                self.loc(line),
                "error",
                "framework",
                "layer_rejected",
                framework="onnx",
                reason=str(exc),
            )
            return
        out = (x[0], w[1] * int(attrs.get("group", 1)), *reading.canonical.output_size)
        declared = self.onnx.get(outputs[0])
        if declared is not None and len(declared) == rank + 2:
            ok = declared == out
            self.sink.checked(
                self.loc(line),
                "framework",
                "correct" if ok else "wrong",
                "shape_claim",
                what=outputs[0],
            )
            if not ok:
                self.sink.find(
                    self.loc(line),
                    "error",
                    "framework",
                    "shape_claim_wrong",
                    claimed=declared,
                    expected=out,
                    what=outputs[0],
                )
        else:
            self.onnx[outputs[0]] = out

    def comment_claim(self, line: int, shape: tuple[int, ...], what: str) -> None:
        """A shape written in the comment on ``line`` (or alone on the next line)."""
        text = self.comments.get(line)
        if text is None:
            nxt = self.comments.get(line + 1)
            if nxt is not None and nxt.startswith("\0"):
                text = nxt[1:]
        if text is None:
            return
        claimed = _shape_in_text(text)
        if claimed is None:
            return
        ok = claimed == shape
        self.sink.checked(
            self.loc(line), "framework", "correct" if ok else "wrong", "shape_claim", what=what
        )
        if not ok:
            self.sink.find(
                self.loc(line),
                "error",
                "framework",
                "shape_claim_wrong",
                claimed=claimed,
                expected=shape,
                what=what,
            )

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            self.assign(node.targets[0], node.value, node.lineno)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            self.assign(node.target, node.value, node.lineno)
        elif isinstance(node, ast.Assert):
            self.assertion(node.test, node.lineno)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            call = node.value
            if _dotted(call.func) == "print" and call.args:
                shape = self.shape_of(call.args[0])
                if shape is not None:
                    self.comment_claim(node.lineno, shape, ast.unparse(call.args[0])[:60])
            elif isinstance(call.func, ast.Name) and call.func.id in self.layers:
                self.shape_of(call)
        elif isinstance(node, (ast.If, ast.For, ast.While, ast.With, ast.FunctionDef)):
            for child in node.body:
                self.statement(child)

    def assertion(self, test: ast.expr, line: int) -> None:
        if not (
            isinstance(test, ast.Compare)
            and len(test.ops) == 1
            and isinstance(test.ops[0], (ast.Eq, ast.NotEq))
        ):
            return
        left, right = test.left, test.comparators[0]
        a = self.shape_of(left) if _is_shape(left) else None
        b = self.shape_of(right) if _is_shape(right) else _literal_shape(right)
        if a is None or b is None:
            return
        holds = (a == b) == isinstance(test.ops[0], ast.Eq)
        what = ast.unparse(test)[:80]
        self.sink.checked(
            self.loc(line), "framework", "correct" if holds else "wrong", "shape_assert", what=what
        )
        if not holds:
            self.sink.find(
                self.loc(line),
                "error",
                "framework",
                "shape_assert_wrong",
                claimed=ast.unparse(test)[:80],
                expected=f"{show(a)} vs {show(b)}",
                what=what,
                left=show(a),
                right=show(b),
            )


def _is_shape(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute) and node.attr == "shape":
        return True
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("tuple", "list")
        and node.args
    ):
        return _is_shape(node.args[0])
    return False


def _literal_shape(node: ast.AST) -> tuple[int, ...] | None:
    if isinstance(node, ast.Call) and node.args and _dotted(node.func).endswith("Size"):
        node = node.args[0]
    try:
        value = _literal(node)
    except _NotLiteral:
        return None
    if isinstance(value, (list, tuple)) and all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        return tuple(value)
    return None


def _maker_shape(call: ast.Call, last: str) -> tuple[int, ...] | None:
    try:
        if last == "Input":
            return None
        args = [a for a in call.args]
        if (
            last in ("normal", "uniform")
            and call.args
            and not isinstance(call.args[0], (ast.Tuple, ast.List))
        ):
            args = args[1:]  # jax.random.normal(key, shape)
        for kw in call.keywords:
            if kw.arg in ("size", "shape"):
                value = _literal(kw.value)
                return tuple(value) if isinstance(value, (list, tuple)) else (value,)
        if last == "randint":
            return None
        if not args:
            return None
        first = _literal(args[0])
        if isinstance(first, (list, tuple)):
            return tuple(int(v) for v in first)
        values = [_literal(a) for a in args]
        if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return tuple(values)
    except (_NotLiteral, TypeError, ValueError):
        return None
    return None


def _nested_shape(value: Any) -> tuple[int, ...] | None:
    shape: list[int] = []
    while isinstance(value, (list, tuple)):
        shape.append(len(value))
        if not value:
            break
        value = value[0]
    return tuple(shape) if shape else None


def _shape_in_text(text: str) -> tuple[int, ...] | None:
    m = re.search(r"(?:Size|shape)?\s*[\[(]\s*(\d+(?:\s*,\s*\d+)+)\s*,?\s*[\])]", text)
    if m:
        return tuple(int(v) for v in m.group(1).split(","))
    m = re.search(r"\b(\d+(?:\s*[x×]\s*\d+)+)\b", text)
    if m:
        return tuple(int(v) for v in re.split(r"\s*[x×]\s*", m.group(1)))
    return None


def _comments(source: str) -> dict[int, str]:
    """Line -> its comment; a comment alone on its line is marked with a leading NUL."""
    out: dict[int, str] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                alone = tok.line[: tok.start[1]].strip() == ""
                out[tok.start[0]] = ("\0" if alone else "") + tok.string.lstrip("#").strip()
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return out


def check_code(block: Block, sink: Sink) -> None:
    """Read a code block (never run) and check its layers' shapes."""
    if block.lang != "python":
        return
    source = block.text
    if len(source) > MAX_CODE:
        sink.find(
            block.location(0),
            "note",
            "framework",
            "code_too_long",
            size=len(source),
            limit=MAX_CODE,
        )
        return
    source = re.sub(r"^\s*[!%].*$", "", source, flags=re.MULTILINE)  # notebook magics
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        sink.find(
            block.location(0), "note", "framework", "code_unparsed", reason=type(exc).__name__
        )
        return
    walk = _Walk(block, sink, comments=_comments(source))
    for node in tree.body:
        walk.statement(node)
