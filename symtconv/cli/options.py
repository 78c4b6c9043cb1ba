"""Command-line options shared by the subcommands, and writing their output.

The spec options (the convolution and its operands) and their reading into
keyword arguments, the sweep options, ``--format``, ``--max-nonzeros``, and
writing a result in a format to a file or stdout.
"""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Callable
from typing import Any

from ..core import cost
from ..core.lexer import clip
from ..core.limits import MAX_TEXT, read_int
from ..core.matrix import DEFAULT_MAX_NONZEROS
from ..core.operands import infer_rank
from ..core.parse import parse_int_tuple, parse_padding, parse_range, parse_shape, parse_tensor
from ..engine.sweeps import SweepGrid
from ..errors import ParseError, SpecError
from ..render.jsonfmt import dumps
from .framework_options import add_framework_options
from .framework_spec import apply_framework

__all__ = [
    "RESULT_FORMATS",
    "add_format",
    "add_limit",
    "add_max_nonzeros",
    "add_spec_options",
    "add_sweep_options",
    "emit",
    "flush_stdout",
    "progress",
    "read_text_file",
    "spec_kwargs",
    "sweep_grid",
    "write_output",
]


#: The per-dimension parameters: flags (the first names the destination), default, metavar, help.
_PER_DIM_OPTIONS: tuple[tuple[tuple[str, ...], str | None, str, str], ...] = (
    (("--stride",), "1", "S", "int or one per dim: 2 or 2,1 (any framework's strides)"),
    (("--padding",), None, "P", "int, one per dim (1,0), or lo:hi (1:2, 0:1,1:0); default 0"),
    (("--output-padding",), None, "OP", "int or one per dim (transposed only); default 0"),
    (
        ("--dilation", "--dilation-rate", "--rhs-dilation"),
        "1",
        "D",
        "int or one per dim (any framework's dilations)",
    ),
)

#: The channel parameters: flags, default, metavar.
_CHANNEL_OPTIONS: tuple[tuple[tuple[str, ...], int | None, str], ...] = (
    (("--groups", "--group"), 1, "G"),
    (("--in-channels",), None, "C"),
    (("--out-channels",), None, "C"),
)


def add_spec_options(parser: argparse.ArgumentParser, *, forward: bool = True) -> None:
    """The options that describe a (transposed) convolution and its operands."""
    g = parser.add_argument_group("the convolution (PyTorch's conventions)")
    g.add_argument(
        "--input",
        metavar="M",
        help="input values: [[1,2],[3,4]], rows '1 2; 3 4', or a pasted LaTeX bmatrix/pmatrix; "
        "(C, *size) or (N, C, *size) nested lists with channels",
    )
    g.add_argument("--kernel", metavar="M", help="kernel values, same forms as --input")
    for name, entries, example in (("input", "x_{i,j}", "3x3"), ("kernel", "w_{a,b}", "2x2")):
        g.add_argument(
            f"--{name}-shape",
            metavar="S",
            help=f"{name} shape for symbolic entries {entries}, e.g. {example}",
        )
    g.add_argument(
        "--bias",
        metavar="B",
        nargs="?",
        const="symbolic",
        help="add a bias: symbolic b_{c} (no value) or one value per output channel, e.g. 1,-2",
    )
    for flags, default, metavar, text in _PER_DIM_OPTIONS:
        g.add_argument(*flags, default=default, metavar=metavar, help=text)
    for flags, number, metavar in _CHANNEL_OPTIONS:
        g.add_argument(*flags, type=_int(flags[0][2:]), default=number, metavar=metavar)
    if forward:
        g.add_argument(
            "--forward", action="store_true", help="the ordinary convolution C x instead of C^T x"
        )
    fw = parser.add_argument_group(
        "the convolution in another framework's terms (converted through the canonical form)"
    )
    add_framework_options(fw, shared=False)


def _int(name: str) -> Any:
    def convert(text: str) -> int:
        try:
            return read_int(text, name)
        except ParseError as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix(f"{name}: ")) from None

    convert.__name__ = name
    return convert


def spec_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """Keyword arguments for :func:`symtconv.derive` (and friends) from parsed options.

    Raises:
        ParseError: unparsable matrix, shape or parameter text.
        SpecError: inconsistent options.
    """
    x = parse_tensor(args.input, "--input") if args.input is not None else None
    w = parse_tensor(args.kernel, "--kernel") if args.kernel is not None else None
    xs = parse_shape("--input-shape", args.input_shape) if args.input_shape else None
    ks = parse_shape("--kernel-shape", args.kernel_shape) if args.kernel_shape else None
    if x is not None and xs is not None:
        raise SpecError("--input and --input-shape: give one of them, not both")
    if w is not None and ks is not None:
        raise SpecError("--kernel and --kernel-shape: give one of them, not both")
    padding: Any = parse_padding(args.padding or "0")
    if len(padding) == 1:
        padding = padding[0]
        if isinstance(padding, tuple):
            rank = infer_rank(
                x.shape if x is not None else xs or (2,), w.shape if w is not None else ks or (2,)
            )
            padding = [padding] * rank
    bias: Any = None
    if args.bias is not None:
        bias = True if args.bias == "symbolic" else parse_tensor(args.bias, "--bias").reshape(-1)
    kwargs = {
        "input": x,
        "kernel": w,
        "input_shape": xs,
        "kernel_shape": ks,
        "bias": bias,
        "stride": _scalar(parse_int_tuple("--stride", args.stride)),
        "padding": padding,
        "output_padding": _scalar(parse_int_tuple("--output-padding", args.output_padding or "0")),
        "dilation": _scalar(parse_int_tuple("--dilation", args.dilation)),
        "groups": args.groups,
        "in_channels": args.in_channels,
        "out_channels": args.out_channels,
        "forward": bool(getattr(args, "forward", False)),
    }
    return apply_framework(args, kwargs)


def _scalar(values: tuple[int, ...]) -> int | tuple[int, ...]:
    return values[0] if len(values) == 1 else values


def add_format(
    parser: argparse.ArgumentParser, formats: tuple[str, ...] = ("text", "json")
) -> None:
    """The --format option."""
    parser.add_argument(
        "--format",
        choices=formats,
        default=formats[0],
        help=f"output format (default {formats[0]})",
    )


def add_max_nonzeros(
    parser: argparse.ArgumentParser,
    default: int = DEFAULT_MAX_NONZEROS,
    *,
    when: str = "",
    why: str = "",
) -> None:
    """``--max-nonzeros``: the size limit of C (``when``/``why``: said before/after the default)."""
    add_limit(
        parser,
        cost.MAX_NONZEROS,
        default,
        f"{when}refuse a C with more nonzeros",
        f"{default:,}{why}",
    )


def add_limit(
    parser: Any, limit: cost.Limit, default: int | None, text: str, shown: str | None = None
) -> None:
    """The option of one limit of :mod:`symtconv.core.cost`.

    Args:
        parser: the parser or group.
        limit: which limit.
        default: the option's default (None: the command decides, e.g. by format).
        text: what the limit refuses.
        shown: the default as the help says it (default: ``default``).
    """
    parser.add_argument(
        limit.option,
        type=_limit_value(limit),
        default=default,
        metavar="N",
        help=f"{text} (default {shown if shown is not None else f'{default:,}'})",
    )


def _limit_value(limit: cost.Limit) -> Callable[[str], int]:
    def convert(text: str) -> int:
        try:
            value = read_int(text, limit.option)
        except ParseError as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix(f"{limit.option}: ")) from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"got {value}; must be an integer >= 1")
        return value

    convert.__name__ = limit.keyword
    return convert


#: Output format -> how a result (or any object with ``as_dict``) is written in it.
RESULT_FORMATS: dict[str, Callable[..., str]] = {
    "text": str,
    "json": lambda result: (
        result.to_json() if hasattr(result, "to_json") else dumps(result.as_dict())
    ),
    "latex": lambda result, **options: str(result.to_latex(**options)),
}


def emit(result: Any, fmt: str, path: str | None = None, **options: Any) -> None:
    """Write a result in a format of :data:`RESULT_FORMATS` to ``path`` (``-o``) or stdout.

    ``options`` go to the format's writer (e.g. ``lang`` for LaTeX).
    """
    write_output(RESULT_FORMATS[fmt](result, **options), path)


def write_output(text: str, path: str | None) -> None:
    """Write to a file (``-o``) or to stdout.

    Raises:
        SpecError: the file cannot be written.
        OSError: stdout is closed (or full: then the error may come at :func:`flush_stdout`).
    """
    if path is None or path == "-":
        if sys.stdout is None:
            raise OSError(errno.EBADF, "standard output is closed")
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text if text.endswith("\n") else text + "\n")
    except OSError as exc:
        raise SpecError(f"--output: cannot write {clip(path)}: {exc.strerror}") from None


def flush_stdout() -> None:
    """Flush stdout now, so that a full disk or a closed pipe is an error of the command.

    Raises:
        OSError: the flush failed.
    """
    if sys.stdout is not None:
        sys.stdout.flush()


def read_text_file(path: str, option: str) -> str:
    """A text file (``-``: stdin) of at most :data:`~symtconv.core.limits.MAX_TEXT` characters,
    read no further than that.

    Raises:
        SpecError: the file cannot be read, stdin is closed, or it is too long.
        ParseError: it is not UTF-8 text.
    """
    try:
        if path == "-":
            if sys.stdin is None:
                raise SpecError(f"{option}: standard input is closed")
            text = sys.stdin.read(MAX_TEXT + 1)
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read(MAX_TEXT + 1)
    except OSError as exc:
        raise SpecError(f"{option}: cannot read {clip(path)}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ParseError(f"{option}: {clip(path)} is not UTF-8 text") from None
    if len(text) > MAX_TEXT:
        raise SpecError(
            f"{option}: {clip(path)} has more than {MAX_TEXT:,} characters; at most "
            f"{MAX_TEXT:,} are read"
        )
    return text


def add_sweep_options(
    parser: argparse.ArgumentParser,
    verb: str,
    channels: tuple[tuple[int, int, int], ...],
    max_configurations: int = cost.MAX_CONFIGURATIONS.default,
) -> None:
    """``--sweep``, its ranges and its limit on configurations (shared by verify and
    crosscheck)."""
    sw = parser.add_argument_group("sweep (ranges like 1:3 or lists like 1,2,5)")
    sw.add_argument("--sweep", action="store_true", help=f"{verb} a grid of configurations")
    defaults = SweepGrid()
    for name, help_text in (
        ("ranks", "spatial ranks"),
        ("sizes", "input sizes"),
        ("kernels", "kernel sizes"),
        ("strides", "strides"),
        ("paddings", "padding amounts (every lo, hi pair)"),
        ("dilations", "dilations"),
    ):
        default = ",".join(map(str, getattr(defaults, name)))
        sw.add_argument(f"--{name}", default=default, help=f"{help_text} (default {default})")
    default = ",".join(":".join(map(str, t)) for t in channels)
    sw.add_argument(
        "--channels", default=default, help=f"in:out:groups triples (default {default})"
    )
    sw.add_argument(
        "--no-progress", action="store_true", help="no progress bar (it shows on a terminal)"
    )
    add_limit(
        sw,
        cost.MAX_CONFIGURATIONS,
        max_configurations,
        "refuse a sweep of more configurations (counted from the ranges)",
    )


def _channels(text: str) -> tuple[tuple[int, int, int], ...]:
    triples = []
    for part in text.split(","):
        values = part.split(":")
        if len(values) != 3 or not all(v.strip().isdigit() for v in values):
            raise SpecError(
                f"--channels: got {clip(text)}; expected in:out:groups triples like 2:4:2"
            )
        a, b, c = (read_int(v, "--channels") for v in values)
        triples.append((a, b, c))
    return tuple(triples)


def sweep_grid(args: argparse.Namespace, forward: bool) -> SweepGrid:
    """The grid of the sweep options.

    Raises:
        ParseError: a range that is not like 1:3 or 1,2,5.
        SpecError: malformed channel triples.
    """
    return SweepGrid(
        ranks=parse_range("--ranks", args.ranks),
        sizes=parse_range("--sizes", args.sizes),
        kernels=parse_range("--kernels", args.kernels),
        strides=parse_range("--strides", args.strides),
        paddings=parse_range("--paddings", args.paddings),
        dilations=parse_range("--dilations", args.dilations),
        channels=_channels(args.channels),
        forward=forward,
    )


def progress(args: argparse.Namespace) -> Callable[[int, int], None] | None:
    """A progress bar on stderr when it is a terminal (and not --no-progress)."""
    if args.no_progress or sys.stderr is None or not sys.stderr.isatty():
        return None

    def bar(done: int, total: int) -> None:
        filled = 40 * done // max(total, 1)
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (40 - filled)}] {done}/{total}{end}")
        sys.stderr.flush()

    return bar
