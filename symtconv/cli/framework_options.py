"""Command-line options that give a layer in a framework's own parameter names.

``--framework NAME`` picks the framework; each framework reads its own
parameters from the options below (``--strides``/``--stride``,
``--dilations``/``--dilation-rate``/``--rhs-dilation``/``--dilation`` and
``--group``/``--groups`` are shared spellings).  Two tables make the command
line: :data:`SHARED_OPTIONS` and :data:`OWN_OPTIONS` are the options themselves,
and :data:`OPTIONS` maps each framework's parameters to them; an option that the
chosen framework does not have is an error that lists the ones it has.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..core.lexer import clip
from ..core.limits import read_int
from ..core.parse import parse_int_tuple, parse_padding
from ..errors import ParseError, SpecError
from ..frameworks import FRAMEWORKS, get_framework

__all__ = [
    "OPTIONS",
    "OWN_OPTIONS",
    "SHARED_OPTIONS",
    "Option",
    "add_framework_options",
    "framework_params",
    "given_framework",
]


def _ints(flag: str) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        values = parse_int_tuple(flag, text.replace("x", ","))
        return values[0] if len(values) == 1 else list(values)

    return parse


def _int(flag: str) -> Callable[[str], Any]:
    def parse(text: str) -> int:
        return read_int(text, flag)

    return parse


def _pairs_or_mode(flag: str, modes: tuple[str, ...], upper: bool) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        word = text.strip()
        if word.upper() in modes:
            return word.upper() if upper else word.lower()
        if ":" not in word:
            raise ParseError(
                f"{flag}: got {clip(text)}; expected {' or '.join(modes)}, or lo:hi pairs like "
                "1:2,0:1"
            )
        pairs = parse_padding(word)
        return [list(p) if isinstance(p, tuple) else [p, p] for p in pairs]

    return parse


def _word(flag: str, words: tuple[str, ...], upper: bool) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        word = text.strip()
        if word.upper() not in words:
            raise ParseError(f"{flag}: got {clip(text)}; expected one of {', '.join(words)}")
        return word.upper() if upper else word.lower()

    return parse


def _flag(flag: str) -> Callable[[Any], Any]:
    return lambda value: bool(value)


def _ints_or_words(flag: str, words: tuple[str, ...], upper: bool) -> Callable[[str], Any]:
    """A word of ``words``, ints (``1`` or ``1,0``), or ``lo:hi`` pairs as a flat list."""

    def parse(text: str) -> Any:
        word = text.strip()
        if word.upper() in words:
            return word.upper() if upper else word.lower()
        if ":" in word:
            return [v for p in parse_padding(word) for v in (p if isinstance(p, tuple) else (p, p))]
        try:
            return _ints(flag)(word)
        except ParseError:
            valid = f"{' or '.join(words)}, " if words else ""
            raise ParseError(
                f"{flag}: got {text!r}; expected {valid}ints like 1 or 1,0, or lo:hi pairs "
                "like 1:0,0:1"
            ) from None

    return parse


def _tfjs_pad(text: str) -> Any:
    """TF.js's pad: same, valid, an int, or lo:hi pairs as [[0, 0], ..., [0, 0]]."""
    value = _ints_or_words("--tfjs-pad", ("SAME", "VALID"), False)(text)
    if isinstance(value, list) and len(value) % 2 == 0 and ":" in text:
        pairs = [[value[n], value[n + 1]] for n in range(0, len(value), 2)]
        return [[0, 0], *pairs, [0, 0]]
    return value


def _tuple(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """The parsed value, lists as tuples (MindSpore takes tuples)."""

    def convert(text: str) -> Any:
        value = parse(text)
        return tuple(value) if isinstance(value, list) else value

    return convert


#: framework -> parameter -> (argparse dest, the option's spelling, value parser)
OPTIONS: dict[str, dict[str, tuple[str, str, Callable[[Any], Any]]]] = {
    "torch": {
        "stride": ("stride", "--stride", _ints("--stride")),
        "padding": ("padding", "--padding", _ints("--padding")),
        "output_padding": ("output_padding", "--output-padding", _ints("--output-padding")),
        "dilation": ("dilation", "--dilation", _ints("--dilation")),
        "groups": ("groups", "--groups", _int("--groups")),
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
        "group": ("groups", "--group", _int("--group")),
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
    "paddle": {
        "stride": ("stride", "--stride", _ints("--stride")),
        "padding": (
            "paddle_padding",
            "--paddle-padding",
            _ints_or_words("--paddle-padding", ("SAME", "VALID"), True),
        ),
        "output_padding": ("output_padding", "--output-padding", _ints("--output-padding")),
        "dilation": ("dilation", "--dilation", _ints("--dilation")),
        "groups": ("groups", "--groups", int),
        "output_size": ("output_size", "--output-size", _ints("--output-size")),
        "data_format": (
            "data_format",
            "--data-format",
            _word("--data-format", ("NCL", "NLC", "NCHW", "NHWC", "NCDHW", "NDHWC"), True),
        ),
    },
    "mindspore": {
        "stride": ("stride", "--stride", _tuple(_ints("--stride"))),
        "pad_mode": (
            "pad_mode",
            "--pad-mode",
            _word("--pad-mode", ("SAME", "VALID", "PAD"), False),
        ),
        "padding": ("padding", "--padding", _tuple(_ints_or_words("--padding", (), False))),
        "output_padding": (
            "output_padding",
            "--output-padding",
            _tuple(_ints("--output-padding")),
        ),
        "dilation": ("dilation", "--dilation", _tuple(_ints("--dilation"))),
        "group": ("groups", "--group", int),
    },
    "tensorrt": {
        "stride_nd": ("stride", "--stride", _ints("--stride")),
        "padding_nd": ("padding", "--padding", _ints("--padding")),
        "pre_padding": ("pre_padding", "--pre-padding", _ints("--pre-padding")),
        "post_padding": ("post_padding", "--post-padding", _ints("--post-padding")),
        "padding_mode": (
            "padding_mode",
            "--padding-mode",
            _word(
                "--padding-mode",
                ("EXPLICIT_ROUND_DOWN", "EXPLICIT_ROUND_UP", "SAME_UPPER", "SAME_LOWER"),
                True,
            ),
        ),
        "dilation_nd": ("dilation", "--dilation", _ints("--dilation")),
        "num_groups": ("groups", "--groups", int),
    },
    "coreml": {
        "strides": ("stride", "--stride", _ints("--stride")),
        "pad_type": (
            "pad_type",
            "--pad-type",
            _word("--pad-type", ("VALID", "SAME", "CUSTOM"), False),
        ),
        "pad": ("pad", "--pad", _ints_or_words("--pad", (), False)),
        "output_shape": ("output_size", "--output-shape", _ints("--output-shape")),
        "dilations": ("dilation", "--dilation", _ints("--dilation")),
        "groups": ("groups", "--groups", int),
    },
    "openvino": {
        "strides": ("stride", "--stride", _ints("--stride")),
        "pads_begin": ("pads_begin", "--pads-begin", _ints("--pads-begin")),
        "pads_end": ("pads_end", "--pads-end", _ints("--pads-end")),
        "dilations": ("dilation", "--dilation", _ints("--dilation")),
        "auto_pad": (
            "auto_pad",
            "--auto-pad",
            _word("--auto-pad", ("EXPLICIT", "SAME_UPPER", "SAME_LOWER", "VALID"), False),
        ),
        "output_padding": ("output_padding", "--output-padding", _ints("--output-padding")),
        "output_shape": ("output_size", "--output-shape", _ints("--output-shape")),
        "groups": ("groups", "--groups", int),
    },
    "mxnet": {
        "stride": ("stride", "--stride", _ints("--stride")),
        "dilate": ("dilation", "--dilation", _ints("--dilation")),
        "pad": ("pad", "--pad", _ints("--pad")),
        "adj": ("adj", "--adj", _ints("--adj")),
        "target_shape": ("target_shape", "--target-shape", _ints("--target-shape")),
        "num_group": ("groups", "--groups", int),
    },
    "caffe": {
        "stride": ("stride", "--stride", _ints("--stride")),
        "pad": ("pad", "--pad", _ints("--pad")),
        "dilation": ("dilation", "--dilation", _ints("--dilation")),
        "group": ("groups", "--group", int),
    },
    "tfjs": {
        "outputShape": ("output_size", "--output-shape", _ints("--output-shape")),
        "strides": ("stride", "--stride", _ints("--stride")),
        "pad": ("tfjs_pad", "--tfjs-pad", _tfjs_pad),
    },
    "tfjs-layers": {
        "strides": ("stride", "--stride", _ints("--stride")),
        "padding": ("tfjs_pad", "--tfjs-pad", _word("--tfjs-pad", ("SAME", "VALID"), False)),
        "dilationRate": ("dilation", "--dilation-rate", _ints("--dilation-rate")),
    },
}


@dataclass(frozen=True)
class Option:
    """One command-line option of the framework parameters (argparse's arguments)."""

    flags: tuple[str, ...]
    dest: str
    metavar: str | None
    help: str
    switch: bool = False  # store_true, None when absent

    def add_to(self, group: argparse._ArgumentGroup) -> None:
        """Add this option to ``group``."""
        if self.switch:
            group.add_argument(
                *self.flags, dest=self.dest, action="store_true", default=None, help=self.help
            )
        else:
            group.add_argument(*self.flags, dest=self.dest, metavar=self.metavar, help=self.help)


#: The options the PyTorch-style spec options have already (every framework's spellings).
SHARED_OPTIONS: tuple[Option, ...] = (
    Option(
        ("--stride", "--strides"), "stride", "S", "stride(s): 2 or 2,1 (any framework's strides)"
    ),
    Option(("--padding",), "padding", "P", "PyTorch padding (same on both sides)"),
    Option(("--output-padding",), "output_padding", "OP", "PyTorch/ONNX/Keras output_padding"),
    Option(
        ("--dilation", "--dilations", "--dilation-rate", "--rhs-dilation"),
        "dilation",
        "D",
        "dilation(s) (any framework's)",
    ),
    Option(("--groups", "--group"), "groups", "G", "groups"),
)

#: The options only some frameworks have (and that say which framework is meant).
OWN_OPTIONS: tuple[Option, ...] = (
    Option(
        ("--output-size", "--output-shape"),
        "output_size",
        "N",
        "PyTorch forward(output_size=...), ONNX/TensorFlow output_shape (spatial)",
    ),
    Option(("--pads",), "pads", "P", "ONNX pads: begins then ends, e.g. 0,0,1,1"),
    Option(
        ("--auto-pad",),
        "auto_pad",
        "MODE",
        "ONNX auto_pad: NOTSET, SAME_UPPER, SAME_LOWER or VALID",
    ),
    Option(
        ("--tf-padding",),
        "tf_padding",
        "P",
        "TensorFlow padding: SAME, VALID or explicit lo:hi pairs (2-D)",
    ),
    Option(("--keras-padding",), "keras_padding", "P", "Keras padding: same or valid"),
    Option(
        ("--jax-padding",),
        "jax_padding",
        "P",
        "JAX padding: SAME, VALID or (low, high) pairs as lo:hi,lo:hi",
    ),
    Option(("--transpose-kernel",), "transpose_kernel", None, "JAX transpose_kernel=True", True),
    Option(
        ("--paddle-padding",),
        "paddle_padding",
        "P",
        "Paddle padding: SAME, VALID, ints (both sides) or lo:hi pairs",
    ),
    Option(("--data-format",), "data_format", "F", "Paddle data_format: NCHW or NHWC (NCL, ...)"),
    Option(("--pad-mode",), "pad_mode", "MODE", "MindSpore pad_mode: same, valid or pad"),
    Option(("--pre-padding",), "pre_padding", "P", "TensorRT pre_padding"),
    Option(("--post-padding",), "post_padding", "P", "TensorRT post_padding"),
    Option(
        ("--padding-mode",),
        "padding_mode",
        "MODE",
        "TensorRT padding_mode: EXPLICIT_ROUND_DOWN, EXPLICIT_ROUND_UP, SAME_UPPER, SAME_LOWER",
    ),
    Option(("--pad-type",), "pad_type", "T", "Core ML pad_type: valid, same or custom"),
    Option(
        ("--pad",),
        "pad",
        "P",
        "Core ML pad (lo:hi pairs, with --pad-type custom); MXNet/Caffe pad (both sides)",
    ),
    Option(("--pads-begin",), "pads_begin", "P", "OpenVINO pads_begin"),
    Option(("--pads-end",), "pads_end", "P", "OpenVINO pads_end"),
    Option(("--adj",), "adj", "A", "MXNet adj (added at the end, below the stride)"),
    Option(("--target-shape",), "target_shape", "N", "MXNet target_shape (spatial)"),
    Option(
        ("--tfjs-pad",),
        "tfjs_pad",
        "P",
        "TF.js pad (same, valid, an int or lo:hi pairs) / Layers padding (same or valid)",
    ),
    Option(
        ("--use-consistent-padding",),
        "use_consistent_padding",
        None,
        "JAX use_consistent_padding=True",
        True,
    ),
)


def add_framework_options(
    group: argparse._ArgumentGroup, *, shared: bool, frameworks: tuple[str, ...] | None = None
) -> None:
    """Add ``--framework`` and every framework's parameter options.

    Args:
        group: where to add them.
        shared: also add :data:`SHARED_OPTIONS`, the options the spec options
            already have (``--stride``, ``--padding``, ``--output-padding``,
            ``--dilation``, ``--groups``, with every framework's spellings).
        frameworks: the names ``--framework`` accepts (default: all).
    """
    names = frameworks or tuple(FRAMEWORKS)
    group.add_argument(
        "--framework",
        metavar="NAME",
        help=f"read the layer in this framework's parameter names: {', '.join(names)}",
    )
    for option in (*SHARED_OPTIONS, *OWN_OPTIONS) if shared else OWN_OPTIONS:
        option.add_to(group)


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
    extra = [o.dest for o in OWN_OPTIONS if _given(args, o.dest, defaults)]
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
