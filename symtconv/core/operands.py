"""The entries of a derivation: symbol names, symbolic tensors, and reading
the user's tensors (or shapes) into a :class:`~symtconv.core.spec.ConvSpec`.

Names are 0-based and written the same way everywhere (text, JSON, LaTeX,
and accepted back by the parser):

* input ``x_{i,j}`` (``x_{i}`` in 1-D, ``x_{c,i,j}`` with several input
  channels, ``x_{n,c,i,j}`` with a batch dimension);
* weight ``w_{a,b}`` for one channel in and out, else ``w_{ci,co,a,b}``
  style: the indices of the PyTorch weight layout;
* bias ``b_{c}``.

Examples:
    >>> symbolic_tensor("x", (2, 2)).tolist()
    [[x_{0,0}, x_{0,1}], [x_{1,0}, x_{1,1}]]
    >>> spec, x, w, b = read_operands(input_shape=(2, 2), kernel_shape=(2, 2))
    >>> spec.output_size, w.shape
    ((3, 3), (1, 1, 2, 2))
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

import numpy as np
import sympy
from sympy.core.function import AppliedUndef

from ..errors import SpecError
from . import cost
from .lexer import clip
from .memo import memo
from .names import check_name
from .spec import MAX_RANK, ConvSpec, IntOrSeq, PaddingArg

if TYPE_CHECKING:
    from typing import Unpack

__all__ = [
    "SEED_FORWARD_INPUT",
    "SEED_INPUT",
    "SEED_KERNEL",
    "SPEC_OPTIONS",
    "Operands",
    "SpecOptions",
    "check_options",
    "entry_name",
    "entry_names",
    "infer_rank",
    "input_names_axes",
    "json_value",
    "read_operands",
    "read_spec",
    "read_weight",
    "symbolic_tensor",
    "to_sympy_array",
    "weight_names_axes",
    "with_seed",
]


#: The seed tutorial's transposed-convolution example, and its forward recap's input.
SEED_INPUT = [[1, 2], [3, 4]]
SEED_KERNEL = [[1, 0], [0, -1]]
SEED_FORWARD_INPUT = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]


def json_value(value: Any) -> Any:
    """A SymPy value as plain data: int, float, or a string (rationals, expressions).

    Examples:
        >>> [json_value(v) for v in (sympy.Integer(3), sympy.Rational(1, 2), sympy.Symbol("x_{0}"))]
        [3, '1/2', 'x_{0}']
    """
    if value is None:
        return None
    if type(value) is sympy.Symbol:
        return value.name  # what str() prints, without the printer
    if isinstance(value, sympy.Integer):
        return int(value)
    if isinstance(value, sympy.Float):
        return float(value)
    return str(value)


def are_named(values: list[Any], names: Sequence[str]) -> bool:
    """True when every value is the plain symbol of its name (a default operand).

    Examples:
        >>> are_named(symbolic_tensor("x", (2,)).tolist(), ["x_{0}", "x_{1}"])
        True
        >>> are_named([sympy.Symbol("x_{0}"), sympy.Integer(1)], ["x_{0}", "x_{1}"])
        False
    """
    if set(map(type, values)) - {sympy.Symbol}:  # the loops are C's: a big operand is cheap
        return False
    return list(map(_NAME_OF, values)) == list(names)


_NAME_OF = operator.attrgetter("name")


def same_value(a: Any, b: Any) -> bool:
    """Algebraically equal: the same expression (SymPy's canonical form, checked first:
    cheap), or a difference that expands to 0.

    Examples:
        >>> x, w = sympy.symbols("x w")
        >>> same_value(x * w + x, x * (w + 1)), same_value(x, w)
        (True, False)
    """
    return bool(a == b) or sympy.expand(a - b) == 0


def entry_name(letter: str, index: Sequence[int]) -> str:
    """The name of one entry, e.g. ``entry_name("x", (0, 1)) == "x_{0,1}"``."""
    return f"{letter}_{{{','.join(str(int(i)) for i in index)}}}"


def symbolic_tensor(letter: str, shape: Sequence[int], named_axes: int | None = None) -> np.ndarray:
    """An object array of SymPy symbols named by their index.

    Args:
        letter: the base name (``x``, ``w``, ``b``).
        shape: the array shape.
        named_axes: how many trailing axes appear in the names (default: all).
    """
    shape = tuple(shape)
    names = entry_names(letter, shape, named_axes)
    arr = np.empty(len(names), dtype=object)
    symbols = {name: sympy.Symbol(name) for name in dict.fromkeys(names)}
    arr[:] = [symbols[name] for name in names]
    return arr.reshape(shape)


def entry_names(letter: str, shape: Sequence[int], named_axes: int | None = None) -> list[str]:
    """The names of every entry of an array of ``shape``, in C order (see :func:`entry_name`).

    Args:
        letter: the base name.
        shape: the array shape.
        named_axes: how many trailing axes appear in the names (default: all).

    Examples:
        >>> entry_names("x", (2, 2), named_axes=1)
        ['x_{0}', 'x_{1}', 'x_{0}', 'x_{1}']
    """
    shape = tuple(int(n) for n in shape)
    return list(_entry_names(letter, shape, len(shape) if named_axes is None else named_axes))


@memo(maxsize=16)
def _entry_names(letter: str, shape: tuple[int, ...], keep: int) -> tuple[str, ...]:
    """:func:`entry_names`, kept for the last few shapes: a derivation's documents and
    its JSON ask for the same names several times."""
    named = [[str(i) for i in range(n)] for n in shape[len(shape) - keep :]]
    count = math.prod(shape[: len(shape) - keep])
    return tuple([f"{letter}_{{{','.join(index)}}}" for index in itertools.product(*named)] * count)


def input_names_axes(spec: ConvSpec) -> int:
    """How many trailing axes of the full input tensor appear in ``x`` names."""
    if spec.batch is not None:
        return spec.rank + 2
    return spec.rank + (1 if spec.in_channels > 1 else 0)


def weight_names_axes(spec: ConvSpec) -> int:
    """How many trailing axes of the weight tensor appear in ``w`` names."""
    return spec.rank + (2 if spec.in_channels > 1 or spec.out_channels > 1 else 0)


def to_sympy_array(values: Any, what: str) -> np.ndarray:
    """Convert numbers, nested lists or arrays to an object array of SymPy values.

    Integers stay integers, :class:`fractions.Fraction` become rationals,
    floats become SymPy floats, SymPy expressions are kept; strings are
    refused (parse them with :mod:`symtconv.core.parse` first).  This is where
    SymPy symbols given through the Python API enter: their names (and those of
    undefined functions) must be in the safe alphabet of :mod:`symtconv.core.names`.

    Raises:
        SpecError: an entry that is not a number or a SymPy expression, a symbol
            name outside the safe alphabet, a float that is not finite.
    """
    arr = _as_object_array(values, what)
    out = np.empty(arr.shape, dtype=object)
    for index, value in np.ndenumerate(arr):
        out[index] = _to_sympy(value, what, index)
    return out


def _as_object_array(values: Any, what: str) -> np.ndarray:
    """Values as an array (object dtype unless already an array).

    Raises:
        SpecError: ragged nested lists, or more axes than a tensor has.
    """
    if isinstance(values, np.ndarray):
        arr = values
    else:
        try:
            arr = np.asarray(values, dtype=object)
        except (ValueError, RecursionError):
            raise SpecError(
                f"{what}: not a rectangular nest of lists (ragged, or nested too deeply)"
            ) from None
    if arr.ndim > MAX_RANK + 2:
        raise SpecError(
            f"{what}: has {arr.ndim} axes; a tensor has at most {MAX_RANK + 2} "
            "(batch, channels and 3 spatial dimensions)"
        )
    return arr


_NOT_FINITE = (sympy.oo, -sympy.oo, sympy.zoo, sympy.nan)


def _to_sympy(value: Any, what: str, index: tuple[int, ...]) -> sympy.Expr:
    if isinstance(value, sympy.Basic):
        if not isinstance(value, sympy.Expr):
            raise SpecError(
                f"{what}: entry {list(index)} is {_show(value)}; entries must be expressions"
            )
        if type(value) is not sympy.Symbol and not value.is_Rational and value.has(*_NOT_FINITE):
            raise SpecError(
                f"{what}: entry {list(index)} is {_show(value)}; entries must be finite"
            )
        return _checked_expr(value, f"{what} entry {list(index)}")
    if isinstance(value, (bool, np.bool_)) or value is None or isinstance(value, (str, bytes)):
        raise SpecError(
            f"{what}: entry {list(index)} is {_show(value)}; "
            "entries must be numbers or SymPy expressions"
        )
    if isinstance(value, (int, np.integer)):
        return sympy.Integer(int(value))
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            raise SpecError(
                f"{what}: entry {list(index)} is {_show(value)}; entries must be finite"
            )
        return sympy.Float(float(value))
    if hasattr(value, "numerator") and hasattr(value, "denominator"):
        return sympy.Rational(int(value.numerator), int(value.denominator))
    raise SpecError(
        f"{what}: entry {list(index)} is {_show(value)} ({type(value).__name__}); "
        "entries must be numbers or SymPy expressions"
    )


def _show(value: Any) -> str:
    """A value for a message: its repr, clipped."""
    return clip(repr(value), 40)[1:-1]


def _checked_expr(value: sympy.Expr, what: str) -> sympy.Expr:
    """A SymPy expression whose names are safe and whose floats are finite.

    Raises:
        SpecError: a symbol or function name outside the safe alphabet, a float beyond
            the range of floats, or a matrix expression.
    """
    if value.is_Atom and not isinstance(value, (sympy.Symbol, sympy.Float)):
        return value  # a number (an integer, a rational, pi, ...)
    for atom in value.atoms(sympy.Symbol):
        check_name(atom.name, what)
    for call in value.atoms(AppliedUndef):
        check_name(call.func.__name__, what)
    for number in value.atoms(sympy.Float):
        if not np.isfinite(float(number)):
            raise SpecError(
                f"{what}: {_show(number)} is beyond the range of floats; use a rational"
            )
    if value.atoms(sympy.MatrixSymbol) or isinstance(value, sympy.MatrixExpr):
        raise SpecError(f"{what}: is a matrix expression; entries must be scalar expressions")
    return value


def _layout(
    input_shape: tuple[int, ...],
    kernel_shape: tuple[int, ...],
    channels: tuple[int | None, int | None] = (None, None),
) -> tuple[int, bool, int]:
    """Decide (rank, kernel has channel axes, input's leading axes) from the shapes.

    ``channels`` holds the kernel's first two axis sizes the user's channel
    options imply, if given: equal axis counts then mean a batched input with
    a kernel in PyTorch layout when the kernel's leading sizes match them.

    Returns:
        (rank, kernel_full, input_lead) where input_lead is the number of
        leading non-spatial input axes (0, 1 = channels, 2 = batch and channels).
    """
    kx, xx = len(kernel_shape), len(input_shape)
    matches = (
        kx >= 3
        and all(c is None or c == n for c, n in zip(channels, kernel_shape))
        and any(c is not None for c in channels)
    )
    if kx == xx and kx <= MAX_RANK and not matches:
        return kx, False, 0
    if kx >= 3 and xx in (kx - 2, kx - 1, kx):
        rank = kx - 2
        return rank, True, xx - rank
    raise SpecError(
        f"kernel: shape {kernel_shape} does not fit input shape {input_shape}; give both "
        "spatial-only (e.g. 2x2 and 2x2), or the kernel in PyTorch layout "
        "(C_in, C_out/groups, *k) with the input as (C, *size) or (N, C, *size)"
    )


def infer_rank(input_shape: Sequence[int], kernel_shape: Sequence[int]) -> int:
    """The spatial rank implied by an input shape and a kernel shape (see :func:`read_operands`).

    Examples:
        >>> infer_rank((2, 2), (2, 2)), infer_rank((3, 5, 5), (3, 2, 3, 3))
        (2, 2)
    """
    return _layout(tuple(input_shape), tuple(kernel_shape))[0]


class Operands(NamedTuple):
    """A spec and its operands in full layout (object arrays of SymPy values)."""

    spec: ConvSpec
    x: np.ndarray
    w: np.ndarray
    b: np.ndarray | None


class SpecOptions(TypedDict, total=False):
    """The options that describe a convolution and its operands, defined once.

    :func:`read_operands` reads them; :func:`symtconv.derive`,
    :func:`symtconv.verify`, :func:`symtconv.check` and
    :func:`symtconv.prove_identity` take them as keyword arguments and pass them on.

    Attributes:
        input_shape, kernel_shape: shapes instead of values: the entries are then
            symbols ``x_{i,j}``, ``w_{a,b}``.
        bias: ``True`` for symbolic ``b_{c}``, or one value per output channel.
        stride, padding, output_padding, dilation: an int or one per spatial
            dimension; padding may be ``(lo, hi)`` pairs per dimension (defaults
            1, 0, 0, 1).
        groups, in_channels, out_channels: the channel structure (``*_channels``
            needed only with shapes; with values they come from the kernel).
        forward: the ordinary convolution ``C x`` instead of the transposed ``C^T x``.
    """

    input_shape: Sequence[int] | None
    kernel_shape: Sequence[int] | None
    bias: Any
    stride: IntOrSeq
    padding: PaddingArg
    output_padding: IntOrSeq
    dilation: IntOrSeq
    groups: int
    in_channels: int | None
    out_channels: int | None
    forward: bool


#: The names of :class:`SpecOptions`, in order.
SPEC_OPTIONS: tuple[str, ...] = tuple(SpecOptions.__annotations__)


def check_options(options: dict[str, Any], *extra: str) -> None:
    """Refuse a keyword that is neither a spec option nor one of ``extra``.

    Raises:
        SpecError: naming the unknown keyword and the valid ones.
    """
    unknown = [k for k in options if k not in SPEC_OPTIONS]
    if unknown:
        valid = ", ".join(sorted((*SPEC_OPTIONS, *extra, "input", "kernel")))
        raise SpecError(f"options: got {_show(unknown[0])}; valid options: {valid}")


def with_seed(input: Any, kernel: Any, options: SpecOptions) -> tuple[Any, Any]:
    """The operands, or the seed tutorial's example when none at all are given."""
    given = (input, kernel, options.get("input_shape"), options.get("kernel_shape"))
    if all(v is None for v in given):
        return (SEED_FORWARD_INPUT if options.get("forward") else SEED_INPUT), SEED_KERNEL
    return input, kernel


def read_spec(input: Any = None, kernel: Any = None, **options: Unpack[SpecOptions]) -> ConvSpec:
    """The spec of what a user gives, without building any operand (see :func:`read_operands`).

    Raises:
        SpecError: missing, conflicting or invalid operands or parameters.
    """
    return _read_spec(input, kernel, options, None)[0]


def read_operands(
    input: Any = None,
    kernel: Any = None,
    *,
    budget: cost.Budget | None = None,
    **options: Unpack[SpecOptions],
) -> Operands:
    """Turn what a user gives into a spec and full-layout operand arrays.

    The input and kernel are either tensors (nested lists, arrays, with
    numbers or SymPy expressions) or shapes (then their entries are symbols).
    A kernel with as many axes as the input is read as spatial-only (one
    channel in and out), unless channel counts are given that match its
    leading sizes (then the input is batched, ``(N, C, *size)``); otherwise the
    kernel is in PyTorch layout and the input has a channel axis (and a batch
    axis if it has one more than the spatial rank plus one).

    Args:
        input, kernel: values (nested lists or arrays), or ``None`` with shapes.
        budget: the limits checked before anything is built (given values are counted
            before they are read, the spec's C and tensors before the symbols are made);
            default: :class:`~symtconv.core.cost.Budget`'s defaults.
        **options: the :class:`SpecOptions`.

    Returns:
        :class:`Operands` ``(spec, x, w, b)``: ``x`` of shape ``spec.input_shape``, ``w`` of
        ``spec.weight_shape``, ``b`` of ``(out_channels,)`` or ``None``; object
        arrays of SymPy values.

    Raises:
        SpecError: missing, conflicting or invalid operands or parameters.
        TooLargeError: above the budget.
    """
    budget = budget or cost.Budget()
    spec, given, bias = _read_spec(input, kernel, options, budget)
    budget.check_spec(spec)
    return Operands(spec, _input(spec, given), _weight(spec, given), _bias(spec, bias))


def read_weight(
    input: Any = None,
    kernel: Any = None,
    *,
    budget: cost.Budget | None = None,
    **options: Unpack[SpecOptions],
) -> tuple[ConvSpec, np.ndarray]:
    """The spec and the weight, read as :func:`read_operands` reads them, without the input.

    For results that depend on the input's shape only: a symbolic input's entries
    (one symbol per position) are not built.

    Args:
        input, kernel, options: as :func:`read_operands`.
        budget: the limits (the given values and the weight's entries are counted).

    Returns:
        ``(spec, w)``, ``w`` of ``spec.weight_shape`` (SymPy values).

    Raises:
        SpecError: as :func:`read_operands`.
        TooLargeError: the weight has more entries than the budget's ``max_elements``.

    Examples:
        >>> spec, w = read_weight(input_shape=(64, 64), kernel=[[1, 2], [3, 4]], stride=2)
        >>> spec.output_size, w.shape
        ((128, 128), (1, 1, 2, 2))
    """
    budget = budget or cost.Budget()
    spec, given, bias = _read_spec(input, kernel, options, budget)
    budget.check_values("the weight", math.prod(spec.weight_shape))
    _bias(spec, bias)
    return spec, _weight(spec, given)


def _read_spec(
    input: Any, kernel: Any, options: SpecOptions, budget: cost.Budget | None
) -> tuple[ConvSpec, _Given, Any]:
    """The spec, the operands as given, and the bias option (see :func:`read_operands`)."""
    check_options(dict(options))
    given = _read_given(input, kernel, options, budget)
    groups = options.get("groups", 1)
    if isinstance(groups, bool) or not isinstance(groups, int) or groups < 1:
        raise SpecError(f"groups: got {_show(groups)}; must be an integer >= 1")
    forward = bool(options.get("forward", False))
    rank, kernel_full, lead = _decide_layout(given, groups, forward, options)
    in_ch, out_ch = _channels(given, kernel_full, lead, groups, forward, options)
    bias = options.get("bias")
    xs, ks = given.input_shape, given.kernel_shape
    spec = ConvSpec.create(
        xs[lead:],
        ks[len(ks) - rank :],
        stride=options.get("stride", 1),
        padding=options.get("padding", 0),
        output_padding=options.get("output_padding", 0),
        dilation=options.get("dilation", 1),
        in_channels=in_ch,
        out_channels=out_ch,
        groups=groups,
        transposed=not forward,
        batch=xs[0] if lead == 2 else None,
        bias=bias is not None and bias is not False,
    )
    return spec, given, bias


class _Given(NamedTuple):
    """The user's operands as read: values (or ``None`` for shapes only) and shapes."""

    x: np.ndarray | None
    w: np.ndarray | None
    input_shape: tuple[int, ...]
    kernel_shape: tuple[int, ...]


def _read_given(
    input: Any, kernel: Any, options: SpecOptions, budget: cost.Budget | None
) -> _Given:
    """Read the values or the shapes of the input and the kernel (one of each, both needed)."""
    input_shape, kernel_shape = options.get("input_shape"), options.get("kernel_shape")
    if input is not None and input_shape is not None:
        raise SpecError("input: give either input (the values) or input_shape, not both")
    if kernel is not None and kernel_shape is not None:
        raise SpecError("kernel: give either kernel (the values) or kernel_shape, not both")
    x = _values(input, "input", budget) if input is not None else None
    w = _values(kernel, "kernel", budget) if kernel is not None else None
    xs = tuple(x.shape) if x is not None else _shape_arg("input_shape", input_shape)
    ks = tuple(w.shape) if w is not None else _shape_arg("kernel_shape", kernel_shape)
    if xs is None or ks is None:
        missing = "input or input_shape" if xs is None else "kernel or kernel_shape"
        raise SpecError(f"{missing}: not given; both the input and the kernel are needed")
    if 0 in xs or 0 in ks:
        raise SpecError(
            f"input/kernel: shapes {xs} and {ks} have an empty axis; sizes must be >= 1"
        )
    return _Given(x, w, xs, ks)


def _values(values: Any, what: str, budget: cost.Budget | None) -> np.ndarray:
    """Given values as SymPy values, counted against the budget before they are read."""
    arr = _as_object_array(values, what)
    if budget is not None:
        budget.check_values(f"the {what}", int(arr.size))
    return to_sympy_array(arr, what)


def _decide_layout(
    given: _Given, groups: int, forward: bool, options: SpecOptions
) -> tuple[int, bool, int]:
    """The layout of the shapes (see :func:`_layout`), helped by the channel options."""
    in_channels, out_channels = options.get("in_channels"), options.get("out_channels")
    first, second = (in_channels, out_channels) if not forward else (out_channels, in_channels)
    implied = (first, None if second is None or second % groups else second // groups)
    return _layout(given.input_shape, given.kernel_shape, implied)


def _channels(
    given: _Given, kernel_full: bool, lead: int, groups: int, forward: bool, options: SpecOptions
) -> tuple[int, int]:
    """The channel counts ``(in, out)``: from a PyTorch-layout kernel, else from the options.

    Raises:
        SpecError: the options, the kernel and the input disagree on the channels.
    """
    xs, ks = given.input_shape, given.kernel_shape
    in_channels, out_channels = options.get("in_channels"), options.get("out_channels")
    for name, value in (("in_channels", in_channels), ("out_channels", out_channels)):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 1
        ):
            raise SpecError(f"{name}: got {_show(value)}; must be an integer >= 1")
    if not kernel_full:
        in_ch = 1 if in_channels is None else in_channels
        out_ch = 1 if out_channels is None else out_channels
        if given.x is not None and in_ch != 1:
            raise SpecError(
                f"input: values of shape {xs} have no channel axis but in_channels is {in_ch}; "
                "give the input as (C, *size) and the kernel in PyTorch layout"
            )
        if given.w is not None and (in_ch != 1 or out_ch != 1):
            raise SpecError(
                f"kernel: values of shape {ks} have no channel axes but the channels are "
                f"{in_ch}->{out_ch}; give the kernel in PyTorch layout (C_in, C_out/groups, *k)"
            )
        return in_ch, out_ch
    a, b_per_group = ks[0], ks[1]
    in_ch, out_ch = (a, b_per_group * groups) if not forward else (b_per_group * groups, a)
    _agree("in_channels", in_channels, in_ch, ks)
    _agree("out_channels", out_channels, out_ch, ks)
    if lead >= 1 and xs[lead - 1] != in_ch:
        raise SpecError(
            f"input: has {xs[lead - 1]} channel(s) (shape {xs}) but the kernel of shape {ks} "
            f"expects {in_ch}"
        )
    if lead == 0 and in_ch != 1:
        raise SpecError(
            f"input: shape {xs} has no channel axis but the kernel (shape {ks}) "
            f"has {in_ch} input channel(s); give the input as (C, *size)"
        )
    return in_ch, out_ch


def _input(spec: ConvSpec, given: _Given) -> np.ndarray:
    """The input in full layout: the values reshaped, or symbols where only its shape was given."""
    if given.x is None:
        return symbolic_tensor("x", spec.input_shape, input_names_axes(spec))
    return given.x.reshape(spec.input_shape)


def _weight(spec: ConvSpec, given: _Given) -> np.ndarray:
    """The weight in full layout: the values reshaped, or symbols where only its shape was given."""
    if given.w is None:
        return symbolic_tensor("w", spec.weight_shape, weight_names_axes(spec))
    return given.w.reshape(spec.weight_shape)


def _bias(spec: ConvSpec, bias: Any) -> np.ndarray | None:
    """The bias: symbols ``b_{c}``, the values, or None.

    Raises:
        SpecError: a bias whose length is not the number of output channels.
    """
    if not spec.bias:
        return None
    if bias is True:
        return symbolic_tensor("b", (spec.out_channels,))
    b = to_sympy_array(bias, "bias").reshape(-1)
    if b.shape != (spec.out_channels,):
        raise SpecError(
            f"bias: has {b.size} value(s); must have one per output channel ({spec.out_channels})"
        )
    return b


def _shape_arg(name: str, value: Sequence[int] | None) -> tuple[int, ...] | None:
    if value is None:
        return None
    if isinstance(value, int):
        value = (value,)
    shape = tuple(value)
    if not shape or not all(isinstance(v, (int, np.integer)) and v >= 1 for v in shape):
        raise SpecError(f"{name}: got {_show(value)}; must be sizes >= 1, e.g. (3, 3)")
    return tuple(int(v) for v in shape)


def _agree(name: str, given: int | None, found: int, kernel_shape: tuple[int, ...]) -> None:
    if given is not None and given != found:
        raise SpecError(
            f"{name}: got {given} but the kernel of shape {kernel_shape} implies {found}"
        )
