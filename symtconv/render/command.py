"""The ``symtconv derive`` command line that reproduces a derivation.

Examples:
    >>> from symtconv import derive
    >>> derive_command(derive())
    "symtconv derive --input '[[1,2],[3,4]]' --kernel '[[1,0],[0,-1]]'"
    >>> derive_command(derive(input_shape=(4,), kernel_shape=(3,), stride=2, padding=[(1, 0)]))
    'symtconv derive --input-shape 4 --kernel-shape 3 --stride 2 --padding 1:0'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ..core.operands import are_named, entry_names, input_names_axes, weight_names_axes

if TYPE_CHECKING:
    from ..engine.derivation import Derivation

__all__ = ["check_args", "derive_args", "derive_command", "wrap_command"]


def _nested(arr: Any) -> str:
    if not isinstance(arr, np.ndarray):
        return str(arr)
    return "[" + ",".join(_nested(sub) for sub in arr) + "]"


def _operand(option: str, arr: np.ndarray, shape: tuple[int, ...], names: list[str]) -> list[str]:
    """``--input-shape S`` for symbols named as by default, else ``--input VALUES``."""
    values = arr.reshape(-1).tolist()
    if are_named(values, names):
        return [f"--{option}-shape", "x".join(map(str, shape))]
    if any(isinstance(v, sympy.Basic) and v.free_symbols for v in values):
        raise ValueError("mixed")
    return [f"--{option}", f"'{_nested(arr)}'"]


def _per_dim(option: str, values: tuple[Any, ...], default: Any) -> list[str]:
    if all(v == default for v in values):
        return []
    text = str(values[0]) if len(set(values)) == 1 else ",".join(map(str, values))
    return [f"--{option}", text]


def derive_command(d: Derivation) -> str | None:
    """The command line that derives ``d`` again (None when it has no exact CLI form)."""
    args = derive_args(d)
    return None if args is None else " ".join(args)


def wrap_command(args: list[str], width: int = 72) -> str:
    """Arguments joined into shell lines of at most ``width`` characters (``\\`` continued).

    Options stay with their values.

    Examples:
        >>> print(wrap_command(["symtconv", "derive", "--stride", "2", "--padding", "1"], 24))
        symtconv derive \\
            --stride 2 \\
            --padding 1
    """
    words: list[str] = []
    for arg in args:
        if (
            words
            and not arg.startswith("-")
            and words[-1].startswith("--")
            and " " not in words[-1]
        ):
            words[-1] += " " + arg
        else:
            words.append(arg)
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width - 2:
            lines.append(current + " \\")
            current = "    " + word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return "\n".join(lines)


def derive_args(d: Derivation) -> list[str] | None:
    """The arguments of :func:`derive_command` (None when it has no exact CLI form).

    Entries that are the default symbols become ``--input-shape``/``--kernel-shape``,
    numbers become ``--input``/``--kernel`` values; a mix of the two, or
    floats (whose text may not round-trip), give None.
    """
    spec = d.spec
    kinds = set(map(type, [*d.x.reshape(-1).tolist(), *d.w.reshape(-1).tolist()]))
    if any(issubclass(kind, sympy.Float) for kind in kinds):
        return None
    x_axes, w_axes = input_names_axes(spec), weight_names_axes(spec)
    x_names = entry_names("x", spec.input_shape, x_axes)
    w_names = entry_names("w", spec.weight_shape, w_axes)
    x_shape = d.input_shape if spec.batch is None else spec.input_shape
    try:
        args = ["symtconv", "derive"]
        args += _operand("input", d.x.reshape(x_shape), x_shape, x_names)
        args += _operand("kernel", d.w.reshape(d.kernel_shape), d.kernel_shape, w_names)
    except ValueError:
        return None
    if d.b is not None:
        b_values = d.b.tolist()
        if all(str(v) == f"b_{{{c}}}" for c, v in enumerate(b_values)):
            args.append("--bias")
        elif any(isinstance(v, sympy.Basic) and v.free_symbols for v in b_values):
            return None
        else:
            args += ["--bias", ",".join(str(v) for v in b_values)]
    return args + _parameter_args(spec, spec.stride, spec.padding)


def _parameter_args(
    spec: Any, stride: tuple[int, ...], padding: tuple[tuple[int, int], ...]
) -> list[str]:
    """The options of a spec's parameters (those at their defaults left out)."""
    args = _per_dim("stride", stride, 1)
    if any(lo or hi for lo, hi in padding):
        if all(lo == hi for lo, hi in padding):
            args += _per_dim("padding", tuple(lo for lo, _ in padding), None)
        else:
            args += ["--padding", ",".join(f"{lo}:{hi}" for lo, hi in padding)]
    args += _per_dim("output-padding", spec.output_padding, 0)
    args += _per_dim("dilation", spec.dilation, 1)
    if spec.groups > 1:
        args += ["--groups", str(spec.groups)]
    if not spec.transposed:
        args.append("--forward")
    return args


#: The options :func:`_parameter_args` writes (after the operands).
_PARAMETERS = ("--stride", "--padding", "--output-padding", "--dilation", "--groups", "--forward")


def check_args(
    d: Derivation,
    claims: list[str],
    stride: tuple[int, ...] | None = None,
    padding: tuple[tuple[int, int], ...] | None = None,
) -> list[str] | None:
    """The ``symtconv check`` command line of a claim about ``d``'s layer, with the stride
    or padding changed (None when the operands have no exact CLI form).

    Examples:
        >>> from symtconv import derive
        >>> " ".join(check_args(derive(), ["--claimed-size", "4"], stride=(2, 2)))
        "symtconv check --input '[[1,2],[3,4]]' --kernel '[[1,0],[0,-1]]' --stride 2 \
--claimed-size 4"
    """
    args = derive_args(d)
    if args is None:
        return None
    cut = next((n for n, a in enumerate(args) if a in _PARAMETERS), len(args))
    spec = d.spec
    params = _parameter_args(
        spec,
        spec.stride if stride is None else stride,
        spec.padding if padding is None else padding,
    )
    return ["symtconv", "check", *args[2:cut], *params, *claims]
