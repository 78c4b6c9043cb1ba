"""Cross-check real framework implementations against symtconv's exact result.

For each configuration (a canonical form and one way of writing it in the
framework's parameters) :func:`crosscheck` runs the framework --
``torch.nn.functional.conv_transpose{1,2,3}d`` / ``ConvTranspose*d.forward``
for PyTorch, an ONNX model built with ``onnx.helper`` and run by
``onnx.reference.ReferenceEvaluator`` (plus ONNX's shape inference) -- on
random integer-valued float64 data and compares with symtconv's exact result.

Tolerance: none.  The data are integers in [-9, 9] held in float64; every
product and partial sum is an integer far below 2**53, so float64 computes
them exactly in any order and a framework's result must be *equal*.  A
difference is a real one.  Each disagreement comes with a minimal reproducer:
the data shrunk (bias dropped, batch of one, one-hot input and kernel) while
the disagreement persists, both results, and a standalone script.

torch and onnx are optional: they are imported when a check needs them
(:class:`~symtconv.errors.MissingDependencyError` says how to install them).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import MissingDependencyError, SpecError
from . import get_framework
from .canonical import Canonical
from .windows import Pair, apply_adjust, bias_on_added_zeros

__all__ = [
    "RUNNERS",
    "TOLERANCE",
    "CrosscheckReport",
    "Disagreement",
    "Variant",
    "crosscheck",
    "variants_for",
]

#: Absolute tolerance of the comparison: none (see the module docstring).
TOLERANCE = 0.0
#: ONNX opset of the models built (ConvTranspose's current definition is opset 11..22).
ONNX_OPSET = 22


@dataclass(frozen=True)
class Variant:
    """One way of writing a configuration in a framework's parameters.

    Attributes:
        label: short description ("pads", "auto_pad=SAME_UPPER", "given", ...).
        params: the framework's parameters.
        adjust: crop/pad applied to the framework's output (a workaround), per dim.
    """

    label: str
    params: dict[str, Any]
    adjust: tuple[Pair, ...] = ()


@dataclass(frozen=True, eq=False)
class Disagreement:
    """A configuration where the framework and symtconv differ (or the framework failed).

    Attributes:
        framework: "torch" or "onnx".
        kind: "values", "shape", "error" (the framework raised) or
            "shape_inference" (ONNX's inferred output shape differs).
        canonical: the configuration.
        variant: how it was written in the framework's parameters.
        message: what differs, or the error the framework raised.
        x, w, b: the (shrunk) data; None where not kept.
        expected, got: symtconv's result and the framework's (None when it raised).
        reproducer: a standalone script, or "" when not shrunk.
    """

    framework: str
    kind: str
    canonical: Canonical
    variant: Variant
    message: str
    x: np.ndarray | None = None
    w: np.ndarray | None = None
    b: np.ndarray | None = None
    expected: np.ndarray | None = None
    got: np.ndarray | None = None
    reproducer: str = ""

    @property
    def signature(self) -> str:
        """What groups similar disagreements: variant kind, kind, first words of the message."""
        text = self.message.split(":")[0] if self.kind == "error" else ""
        groups = "groups > 1" if self.canonical.groups > 1 else "groups 1"
        return " | ".join(p for p in (self.variant.label, groups, self.kind, text) if p)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""

        def lists(a: np.ndarray | None) -> Any:
            return None if a is None else np.asarray(a, dtype=float).astype(int).tolist()

        return {
            "framework": self.framework,
            "kind": self.kind,
            "canonical": self.canonical.as_dict(),
            "variant": self.variant.label,
            "params": self.variant.params,
            "adjust": [list(a) for a in self.variant.adjust],
            "message": self.message,
            "x": lists(self.x),
            "w": lists(self.w),
            "b": lists(self.b),
            "expected": lists(self.expected),
            "got": None if self.got is None else np.asarray(self.got, dtype=float).tolist(),
            "reproducer": self.reproducer,
        }


@dataclass(frozen=True, eq=False)
class CrosscheckReport:
    """The outcome of a cross-check.

    Attributes:
        framework: "torch" or "onnx".
        version: the framework's version.
        specs: canonical forms checked.
        checked: configurations run (a spec times its variants).
        disagreements: every disagreement (the first of each signature shrunk).
        seconds: wall time.
        seed: base seed of the data.
        variants: configurations run per variant label.
        failed: configurations with at least one disagreement.
    """

    framework: str
    version: str
    specs: int
    checked: int
    disagreements: tuple[Disagreement, ...]
    seconds: float
    seed: int
    variants: dict[str, int] = field(default_factory=dict)
    failed: int = 0

    @property
    def agree(self) -> bool:
        """True when nothing disagreed."""
        return not self.disagreements

    @property
    def groups(self) -> dict[str, list[Disagreement]]:
        """Disagreements by signature."""
        out: dict[str, list[Disagreement]] = {}
        for d in self.disagreements:
            out.setdefault(d.signature, []).append(d)
        return out

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON: "agree", "disagreements" and the figures."""
        return {
            "agree": self.agree,
            "framework": self.framework,
            "version": self.version,
            "tolerance": TOLERANCE,
            "comparison": "exact: integer data in [-9, 9] as float64",
            "specs": self.specs,
            "configurations": self.checked,
            "variants": dict(self.variants),
            "disagreed": self.failed,
            "findings": len(self.disagreements),
            "seconds": round(self.seconds, 3),
            "seed": self.seed,
            "groups": {k: len(v) for k, v in self.groups.items()},
            "disagreements": [d.as_dict() for d in self.disagreements],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The report as a JSON string."""
        return json.dumps(self.as_dict(), indent=indent)

    def __str__(self) -> str:
        status = "AGREE" if self.agree else "DISAGREE"
        lines = [
            f"{status}: {self.framework} {self.version} vs symtconv (exact): {self.checked} "
            f"configuration(s) from {self.specs} spec(s) in {self.seconds:.1f} s; "
            f"{self.checked - self.failed} agreed, {self.failed} disagreed",
            "  tolerance 0: integer data in [-9, 9] as float64, every sum exact",
            "  variants: " + ", ".join(f"{k} {v}" for k, v in self.variants.items()),
        ]
        for signature, items in self.groups.items():
            first = items[0]
            lines.append("")
            lines.append(f"{len(items)} x {signature}")
            lines.append(f"  first: {_describe(first.canonical)}; {first.variant.label}")
            lines.append(f"  {first.message}")
            if first.reproducer:
                lines.append("  reproducer:")
                lines.extend("    " + line for line in first.reproducer.splitlines())
        return "\n".join(lines)


def _describe(c: Canonical) -> str:
    text = (
        f"i={list(c.input_size)} k={list(c.kernel_size)} s={list(c.stride)} "
        f"d={list(c.dilation)} pads={[list(p) for p in c.pads]} op={list(c.output_padding)}"
    )
    if c.in_channels > 1 or c.out_channels > 1:
        text += f" channels {c.in_channels}->{c.out_channels} groups {c.groups}"
    return text


# ----- the frameworks -------------------------------------------------------------------


def _import_torch() -> Any:
    try:  # optional: torch is a test extra, imported only when asked for
        import torch
    except ImportError as exc:
        raise MissingDependencyError(
            "crosscheck --framework torch needs PyTorch; install it with: pip install torch==2.13.0"
        ) from exc
    return torch


def _import_onnx() -> Any:
    try:  # optional: onnx is a test extra, imported only when asked for
        import onnx
        import onnx.reference
    except ImportError as exc:
        raise MissingDependencyError(
            "crosscheck --framework onnx needs onnx; install it with: pip install 'onnx>=1.16'"
        ) from exc
    return onnx


def _torch_call(c: Canonical, params: dict[str, Any], x: np.ndarray, w: np.ndarray, b: Any) -> Any:
    torch = _import_torch()
    xt, wt = torch.tensor(np.asarray(x, float)), torch.tensor(np.asarray(w, float))
    bt = None if b is None else torch.tensor(np.asarray(b, float))
    rank = c.rank
    if "output_size" in params:
        cls = getattr(torch.nn, f"ConvTranspose{rank}d")
        layer = cls(
            c.in_channels,
            c.out_channels,
            params["kernel_size"],
            stride=params["stride"],
            padding=params["padding"],
            dilation=params["dilation"],
            groups=params["groups"],
            bias=bt is not None,
            dtype=torch.float64,
        )
        with torch.no_grad():
            layer.weight.copy_(wt)
            if bt is not None:
                layer.bias.copy_(bt)
            return layer(xt, output_size=params["output_size"]).numpy()
    fn = getattr(torch.nn.functional, f"conv_transpose{rank}d")
    return fn(
        xt,
        wt,
        bt,
        stride=params["stride"],
        padding=params["padding"],
        output_padding=params.get("output_padding", 0),
        groups=params.get("groups", 1),
        dilation=params["dilation"],
    ).numpy()


def _torch_script(c: Canonical, v: Variant, x: Any, w: Any, b: Any, expected: Any) -> str:
    p = v.params
    rank = c.rank
    lines = [
        "import torch",
        f"x = torch.tensor({_ints(x)}, dtype=torch.float64)",
        f"w = torch.tensor({_ints(w)}, dtype=torch.float64)",
    ]
    bias = "None"
    if b is not None:
        lines.append(f"b = torch.tensor({_ints(b)}, dtype=torch.float64)")
        bias = "b"
    if "output_size" in p:
        lines += [
            f"layer = torch.nn.ConvTranspose{rank}d({c.in_channels}, {c.out_channels}, "
            f"{p['kernel_size']}, stride={p['stride']}, padding={p['padding']}, "
            f"dilation={p['dilation']}, groups={p['groups']}, bias={b is not None}, "
            "dtype=torch.float64)",
            "with torch.no_grad():",
            "    layer.weight.copy_(w)" + ("; layer.bias.copy_(b)" if b is not None else ""),
            f"    y = layer(x, output_size={p['output_size']})",
        ]
    else:
        lines.append(
            f"y = torch.nn.functional.conv_transpose{rank}d(x, w, {bias}, stride={p['stride']}, "
            f"padding={p['padding']}, output_padding={p.get('output_padding', 0)}, "
            f"groups={p.get('groups', 1)}, dilation={p['dilation']})"
        )
    if any(a for pair in v.adjust for a in pair):
        flat = tuple(-a for pair in reversed(v.adjust) for a in pair)
        lines.append(f"y = torch.nn.functional.pad(y, {flat})  # the workaround's crop/pad")
    lines.append(f"expected = {_ints(expected)}  # symtconv, exact")
    lines.append("print(y.tolist() == expected, y.tolist())")
    return "\n".join(lines)


def _onnx_model(c: Canonical, params: dict[str, Any], x_shape: Sequence[int], bias: bool) -> Any:
    onnx = _import_onnx()
    from onnx import TensorProto, helper  # optional: see _import_onnx

    names = ["X", "W"] + (["B"] if bias else [])
    shapes = [list(x_shape), [c.in_channels, c.out_channels // c.groups, *c.kernel_size]]
    if bias:
        shapes.append([c.out_channels])
    inputs = [
        helper.make_tensor_value_info(n, TensorProto.DOUBLE, shape)
        for n, shape in zip(names, shapes, strict=True)
    ]
    output = helper.make_tensor_value_info("Y", TensorProto.DOUBLE, [None] * len(x_shape))
    node = helper.make_node("ConvTranspose", names, ["Y"], **params)
    graph = helper.make_graph([node], "conv_transpose", inputs, [output])
    opset = min(ONNX_OPSET, onnx.defs.onnx_opset_version())
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def _onnx_call(c: Canonical, params: dict[str, Any], x: np.ndarray, w: np.ndarray, b: Any) -> Any:
    _import_onnx()
    from onnx.reference import ReferenceEvaluator  # optional: see _import_onnx

    model = _onnx_model(c, params, x.shape, b is not None)
    feeds = {"X": np.asarray(x, float), "W": np.asarray(w, float)}
    if b is not None:
        feeds["B"] = np.asarray(b, float)
    outputs: Any = ReferenceEvaluator(model).run(None, feeds)
    return outputs[0]


def _onnx_inferred(c: Canonical, params: dict[str, Any], x_shape: Sequence[int]) -> list[int]:
    onnx = _import_onnx()
    model = onnx.shape_inference.infer_shapes(
        _onnx_model(c, params, x_shape, False), strict_mode=True
    )
    return [d.dim_value for d in model.graph.output[0].type.tensor_type.shape.dim]


def _onnx_script(c: Canonical, v: Variant, x: Any, w: Any, b: Any, expected: Any) -> str:
    names = ["X", "W"] + (["B"] if b is not None else [])
    attrs = ", ".join(f"{k}={val!r}" for k, val in v.params.items())
    lines = [
        "import numpy as np",
        "from onnx import TensorProto, helper",
        "from onnx.reference import ReferenceEvaluator",
        f"feeds = {{'X': np.array({_ints(x)}, float), 'W': np.array({_ints(w)}, float)"
        + (f", 'B': np.array({_ints(b)}, float)" if b is not None else "")
        + "}",
        f"node = helper.make_node('ConvTranspose', {names}, ['Y'], {attrs})",
        "inputs = [helper.make_tensor_value_info(n, TensorProto.DOUBLE, a.shape) "
        "for n, a in feeds.items()]",
        "output = helper.make_tensor_value_info('Y', TensorProto.DOUBLE, "
        f"[None] * {len(np.shape(x))})",
        "model = helper.make_model(helper.make_graph([node], 'g', inputs, [output]), "
        f"opset_imports=[helper.make_opsetid('', {ONNX_OPSET})])",
        "y = ReferenceEvaluator(model).run(None, feeds)[0]",
    ]
    if any(a for pair in v.adjust for a in pair):
        lines.append(
            f"# then crop/pad the output by {[list(a) for a in v.adjust]} (the workaround)"
        )
    lines.append(
        f"expected = {_ints(expected) if expected is not None else None}  # symtconv, exact"
    )
    lines.append("print(y.tolist() == expected, y.tolist())")
    return "\n".join(lines)


def _ints(a: Any) -> Any:
    return None if a is None else np.asarray(a, dtype=float).astype(np.int64).tolist()


@dataclass(frozen=True)
class _Runner:
    call: Callable[[Canonical, dict[str, Any], np.ndarray, np.ndarray, Any], Any]
    script: Callable[[Canonical, Variant, Any, Any, Any, Any], str]
    version: Callable[[], str]
    inferred: Callable[[Canonical, dict[str, Any], Sequence[int]], list[int]] | None = None


#: Framework name -> how to run it.
RUNNERS: dict[str, _Runner] = {
    "torch": _Runner(_torch_call, _torch_script, lambda: str(_import_torch().__version__)),
    "onnx": _Runner(
        _onnx_call, _onnx_script, lambda: str(_import_onnx().__version__), _onnx_inferred
    ),
}


def _runner(framework: str) -> _Runner:
    name = get_framework(framework).name
    if name not in RUNNERS:
        raise SpecError(f"framework: got {framework!r}; crosscheck runs: {', '.join(RUNNERS)}")
    return RUNNERS[name]


def variants_for(framework: str, c: Canonical) -> list[Variant]:
    """Every exact way of writing ``c`` in the framework (or the workaround if none)."""
    fw = get_framework(framework)
    eq = fw.to_params(c)
    if eq.params is None:
        return []
    if not eq.exact:
        return [Variant("workaround", eq.params, eq.adjust)]
    return [Variant(_label(framework, p), p) for p in (eq.params, *eq.alternatives)]


def _label(framework: str, params: dict[str, Any]) -> str:
    if framework == "torch":
        return "output_size" if "output_size" in params else "padding+output_padding"
    parts = []
    if "output_shape" in params:
        parts.append("output_shape")
    parts.append(f"auto_pad={params['auto_pad']}" if "auto_pad" in params else "pads")
    return "+".join(parts)


# ----- running ------------------------------------------------------------------------


def _run(
    runner: _Runner, c: Canonical, v: Variant, x: np.ndarray, w: np.ndarray, b: Any
) -> tuple[str | None, Any]:
    """(kind of failure or None, framework output or error text)."""
    try:
        got = np.asarray(runner.call(c, v.params, x, w, b))
    except MissingDependencyError:
        raise
    except Exception as exc:  # the framework's own error is the finding
        return "error", f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
    if v.adjust:
        got = apply_adjust(got, v.adjust, 2)
        if b is not None:
            got = bias_on_added_zeros(got, v.adjust, b, False)
    expected = c.compute(
        x.astype(object), w.astype(object), None if b is None else b.astype(object)
    )
    if got.shape != expected.shape:
        return "shape", f"output shape {list(got.shape)}, expected {list(expected.shape)}"
    diff = np.abs(got - expected.astype(float))
    if float(diff.max(initial=0.0)) > TOLERANCE:
        return "values", (
            f"{int((diff > TOLERANCE).sum())} of {diff.size} values differ, "
            f"max |difference| {float(diff.max()):g}"
        )
    return None, got


def _shrink(
    runner: _Runner, c: Canonical, v: Variant, kind: str, x: np.ndarray, w: np.ndarray, b: Any
) -> tuple[np.ndarray, np.ndarray, Any]:
    """Smaller data that still disagrees the same way: no bias, batch 1, one-hot x and w."""

    def fails(xx: np.ndarray, ww: np.ndarray, bb: Any) -> bool:
        return _run(runner, c, v, xx, ww, bb)[0] == kind

    if b is not None and fails(x, w, None):
        b = None
    if x.shape[0] > 1 and fails(x[:1], w, b):
        x = x[:1]
    if kind != "values":
        return x, w, b
    for j in range(x.size):
        one = np.zeros_like(x)
        one.flat[j] = 1
        if fails(one, w, b):
            x = one
            break
    for t in range(w.size):
        one = np.zeros_like(w)
        one.flat[t] = 1
        if fails(x, one, b):
            w = one
            break
    return x, w, b


def crosscheck(
    framework: str,
    specs: Iterable[Canonical],
    *,
    variants: Callable[[Canonical], Sequence[Variant]] | None = None,
    bias: bool = True,
    batch: int = 2,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> CrosscheckReport:
    """Run the framework on every configuration and compare with symtconv exactly.

    Args:
        framework: "torch" or "onnx".
        specs: the canonical forms to check.
        variants: how to write each one in the framework's parameters (default:
            every exact way the converter knows, or its workaround).
        bias: add a random bias.
        batch: batch size of the data.
        seed: base seed of the random integer data.
        progress: called as ``progress(done, total)`` after each spec.

    Raises:
        SpecError: a framework crosscheck cannot run.
        MissingDependencyError: torch or onnx is not installed.
    """
    runner = _runner(framework)
    name = get_framework(framework).name
    version = runner.version()
    todo = list(specs)
    pick = variants or (lambda c: variants_for(name, c))
    start = time.perf_counter()
    found: list[Disagreement] = []
    seen: set[str] = set()
    checked = failed = 0
    counts: dict[str, int] = {}
    for n, c in enumerate(todo):
        rng = np.random.default_rng([seed, n])
        x = rng.integers(-9, 10, (batch, c.in_channels, *c.input_size)).astype(float)
        w = rng.integers(-9, 10, (c.in_channels, c.out_channels // c.groups, *c.kernel_size))
        w = w.astype(float)
        b = rng.integers(-9, 10, (c.out_channels,)).astype(float) if bias else None
        for v in pick(c):
            checked += 1
            counts[v.label] = counts.get(v.label, 0) + 1
            new = _check_one(runner, name, c, v, x, w, b, seen)
            failed += bool(new)
            found.extend(new)
        if progress is not None:
            progress(n + 1, len(todo))
    return CrosscheckReport(
        name,
        version,
        len(todo),
        checked,
        tuple(found),
        time.perf_counter() - start,
        seed,
        counts,
        failed,
    )


def _check_one(
    runner: _Runner,
    name: str,
    c: Canonical,
    v: Variant,
    x: np.ndarray,
    w: np.ndarray,
    b: Any,
    seen: set[str],
) -> list[Disagreement]:
    out = []
    if runner.inferred is not None and not v.adjust:
        try:
            shape = runner.inferred(c, v.params, x.shape)
            want = [x.shape[0], c.out_channels, *c.output_size]
            if shape != want:
                out.append(
                    Disagreement(
                        name,
                        "shape_inference",
                        c,
                        v,
                        f"shape inference: output shape {shape}, expected {want}",
                    )
                )
        except MissingDependencyError:
            raise
        except Exception as exc:
            out.append(
                Disagreement(
                    name,
                    "shape_inference",
                    c,
                    v,
                    f"shape inference raised {type(exc).__name__}: "
                    + " ".join(str(exc).split())[:200],
                )
            )
    kind, detail = _run(runner, c, v, x, w, b)
    if kind is None:
        return out
    d = Disagreement(name, kind, c, v, str(detail))
    if d.signature not in seen:  # shrink and script the first of each kind only
        seen.add(d.signature)
        xs, ws, bs = _shrink(runner, c, v, kind, x, w, b)
        expected = c.compute(
            xs.astype(object), ws.astype(object), None if bs is None else bs.astype(object)
        )
        k2, got = _run(runner, c, v, xs, ws, bs)
        message = str(got) if k2 == "error" else d.message
        got_arr = None
        if k2 in ("values", "shape"):
            try:
                got_arr = np.asarray(runner.call(c, v.params, xs, ws, bs))
            except Exception:  # pragma: no cover - it ran a moment ago
                got_arr = None
        script = runner.script(c, v, xs, ws, bs, expected)
        d = Disagreement(name, kind, c, v, message, xs, ws, bs, expected, got_arr, script)
    out.append(d)
    return out
