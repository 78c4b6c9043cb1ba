"""Command-line options that give a layer in a framework's own parameter names.

``--framework NAME`` picks the framework; each framework reads its own
parameters from the options below (``--strides``/``--stride``,
``--dilations``/``--dilation-rate``/``--rhs-dilation``/``--dilation`` and
``--group``/``--groups`` are shared spellings).  The table :data:`OPTIONS` maps
every framework parameter to its option; an option that the chosen framework
does not have is an error that lists the ones it has.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from ..core.parse import parse_int_tuple, parse_padding
from ..errors import ParseError, SpecError
from ..frameworks import FRAMEWORKS, get_framework
from ..frameworks.reading import Reading

__all__ = [
    "OPTIONS",
    "add_framework_options",
    "framework_params",
    "given_framework",
    "read_framework",
]


def _ints(flag: str) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        values = parse_int_tuple(flag, text.replace("x", ","))
        return values[0] if len(values) == 1 else list(values)

    return parse


def _pairs_or_mode(flag: str, modes: tuple[str, ...], upper: bool) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        word = text.strip()
        if word.upper() in modes:
            return word.upper() if upper else word.lower()
        if ":" not in word:
            raise ParseError(
                f"{flag}: got {text!r}; expected {' or '.join(modes)}, or lo:hi pairs like 1:2,0:1"
            )
        pairs = parse_padding(word)
        return [list(p) if isinstance(p, tuple) else [p, p] for p in pairs]

    return parse


def _word(flag: str, words: tuple[str, ...], upper: bool) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        word = text.strip()
        if word.upper() not in words:
            raise ParseError(f"{flag}: got {text!r}; expected one of {', '.join(words)}")
        return word.upper() if upper else word.lower()

    return parse


def _flag(flag: str) -> Callable[[Any], Any]:
    return lambda value: bool(value)


#: framework -> parameter -> (argparse dest, the option's spelling, value parser)
OPTIONS: dict[str, dict[str, tuple[str, str, Callable[[Any], Any]]]] = {
    "torch": {
        "stride": ("stride", "--stride", _ints("--stride")),
        "padding": ("padding", "--padding", _ints("--padding")),
        "output_padding": ("output_padding", "--output-padding", _ints("--output-padding")),
        "dilation": ("dilation", "--dilation", _ints("--dilation")),
        "groups": ("groups", "--groups", int),
        "output_size": ("output_size", "--output-size", _ints("--output-size")),
    },
    "onnx": {
        "strides": ("stride", "--stride", _ints("--stride")),
        "pads": ("pads", "--pads", _ints("--pads")),
        "auto_pad": (
            "auto_pad",
            "--auto-pad",
            _word("--auto-pad", ("NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"), True),
        ),
        "output_shape": ("output_size", "--output-shape", _ints("--output-shape")),
        "output_padding": ("output_padding", "--output-padding", _ints("--output-padding")),
        "dilations": ("dilation", "--dilation", _ints("--dilation")),
        "group": ("groups", "--group", int),
    },
    "tensorflow": {
        "output_shape": ("output_size", "--output-shape", _ints("--output-shape")),
        "strides": ("stride", "--stride", _ints("--stride")),
        "padding": (
            "tf_padding",
            "--tf-padding",
            _pairs_or_mode("--tf-padding", ("SAME", "VALID"), True),
        ),
        "dilations": ("dilation", "--dilation", _ints("--dilation")),
    },
    "keras": {
        "strides": ("stride", "--stride", _ints("--stride")),
        "padding": (
            "keras_padding",
            "--keras-padding",
            _word("--keras-padding", ("SAME", "VALID"), False),
        ),
        "output_padding": ("output_padding", "--output-padding", _ints("--output-padding")),
        "dilation_rate": ("dilation", "--dilation-rate", _ints("--dilation-rate")),
    },
    "jax": {
        "strides": ("stride", "--stride", _ints("--stride")),
        "padding": (
            "jax_padding",
            "--jax-padding",
            _pairs_or_mode("--jax-padding", ("SAME", "VALID"), True),
        ),
        "rhs_dilation": ("dilation", "--rhs-dilation", _ints("--rhs-dilation")),
        "transpose_kernel": ("transpose_kernel", "--transpose-kernel", _flag("--transpose-kernel")),
        "use_consistent_padding": (
            "use_consistent_padding",
            "--use-consistent-padding",
            _flag("--use-consistent-padding"),
        ),
    },
}

#: dests shared with the PyTorch-style spec options (they exist already there)
_SHARED = ("stride", "padding", "output_padding", "dilation", "groups")


def add_framework_options(
    group: argparse._ArgumentGroup, *, shared: bool, frameworks: tuple[str, ...] | None = None
) -> None:
    """Add ``--framework`` and every framework's parameter options.

    Args:
        group: where to add them.
        shared: also add the options the spec options already have (``--stride``,
            ``--padding``, ``--output-padding``, ``--dilation``, ``--groups``); with
            False only their framework spellings are added as aliases elsewhere.
        frameworks: the names ``--framework`` accepts (default: all).
    """
    names = frameworks or tuple(FRAMEWORKS)
    group.add_argument(
        "--framework",
        metavar="NAME",
        help=f"read the layer in this framework's parameter names: {', '.join(names)}",
    )
    if shared:
        group.add_argument(
            "--stride",
            "--strides",
            dest="stride",
            metavar="S",
            help="stride(s): 2 or 2,1 (any framework's strides)",
        )
        group.add_argument("--padding", metavar="P", help="PyTorch padding (same on both sides)")
        group.add_argument(
            "--output-padding", metavar="OP", help="PyTorch/ONNX/Keras output_padding"
        )
        group.add_argument(
            "--dilation",
            "--dilations",
            "--dilation-rate",
            "--rhs-dilation",
            dest="dilation",
            metavar="D",
            help="dilation(s) (any framework's)",
        )
        group.add_argument("--groups", "--group", dest="groups", metavar="G", help="groups")
    group.add_argument(
        "--output-size",
        "--output-shape",
        dest="output_size",
        metavar="N",
        help="PyTorch forward(output_size=...), ONNX/TensorFlow output_shape (spatial)",
    )
    group.add_argument("--pads", metavar="P", help="ONNX pads: begins then ends, e.g. 0,0,1,1")
    group.add_argument(
        "--auto-pad",
        dest="auto_pad",
        metavar="MODE",
        help="ONNX auto_pad: NOTSET, SAME_UPPER, SAME_LOWER or VALID",
    )
    group.add_argument(
        "--tf-padding",
        dest="tf_padding",
        metavar="P",
        help="TensorFlow padding: SAME, VALID or explicit lo:hi pairs (2-D)",
    )
    group.add_argument(
        "--keras-padding", dest="keras_padding", metavar="P", help="Keras padding: same or valid"
    )
    group.add_argument(
        "--jax-padding",
        dest="jax_padding",
        metavar="P",
        help="JAX padding: SAME, VALID or (low, high) pairs as lo:hi,lo:hi",
    )
    group.add_argument(
        "--transpose-kernel",
        dest="transpose_kernel",
        action="store_true",
        default=None,
        help="JAX transpose_kernel=True",
    )
    group.add_argument(
        "--use-consistent-padding",
        dest="use_consistent_padding",
        action="store_true",
        default=None,
        help="JAX use_consistent_padding=True",
    )


def _given(args: argparse.Namespace, dest: str, defaults: dict[str, Any]) -> bool:
    value = getattr(args, dest, None)
    return value is not None and value != defaults.get(dest)


def _spelling(dest: str) -> str:
    for table in OPTIONS.values():
        for d, flag, _ in table.values():
            if d == dest:
                return flag
    return "--" + dest.replace("_", "-")


def given_framework(args: argparse.Namespace, defaults: dict[str, Any] | None = None) -> str | None:
    """The framework the options speak of: ``--framework``, or torch when only its options appear.

    Raises:
        SpecError: an unknown framework, or framework options without ``--framework``.
    """
    defaults = defaults or {}
    if getattr(args, "framework", None):
        return get_framework(args.framework).name
    extra = [
        dest
        for dest in (
            "output_size",
            "pads",
            "auto_pad",
            "tf_padding",
            "keras_padding",
            "jax_padding",
            "transpose_kernel",
            "use_consistent_padding",
        )
        if _given(args, dest, defaults)
    ]
    if extra == ["output_size"]:
        return "torch"
    if extra:
        owners = [n for n, t in OPTIONS.items() if any(d == extra[0] for d, _, _ in t.values())]
        raise SpecError(
            f"{_spelling(extra[0])}: an option of {', '.join(owners)}; add --framework {owners[0]}"
        )
    return None


def framework_params(
    name: str, args: argparse.Namespace, defaults: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The framework's parameters from the parsed options (only those given).

    Raises:
        SpecError: an option the framework does not have (the message lists its options).
        ParseError: a malformed value.
    """
    defaults = defaults or {}
    table = OPTIONS[name]
    own = {dest for dest, _, _ in table.values()}
    all_dests = {dest for t in OPTIONS.values() for dest, _, _ in t.values()}
    for dest in sorted(all_dests - own):
        if _given(args, dest, defaults):
            flags = ", ".join(flag for _, flag, _ in table.values())
            raise SpecError(f"{_spelling(dest)}: not an option of {name}; its options: {flags}")
    params: dict[str, Any] = {}
    for param, (dest, _, parse) in table.items():
        if _given(args, dest, defaults):
            value = getattr(args, dest)
            params[param] = parse(value) if isinstance(value, str) else value
    return params


def read_framework(
    args: argparse.Namespace,
    input_size: tuple[int, ...],
    kernel_size: tuple[int, ...],
    *,
    in_channels: int = 1,
    out_channels: int = 1,
    defaults: dict[str, Any] | None = None,
) -> tuple[str, dict[str, Any], Reading] | None:
    """(framework, its parameters, the reading) when the options are in a framework's terms.

    Raises:
        SpecError: unknown framework, options it does not have, values it rejects.
        ParseError: malformed values.
    """
    name = given_framework(args, defaults)
    if name is None:
        return None
    params = framework_params(name, args, defaults)
    reading = get_framework(name).from_params(
        input_size, kernel_size, params, in_channels=in_channels, out_channels=out_channels
    )
    return name, params, reading
