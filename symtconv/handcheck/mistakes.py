"""The usual mistakes of a hand-computed (transposed) convolution, as a registry.

Each entry of :data:`MISTAKES` maps a stable identifier to a :class:`Mistake`:
a one-line description and a function that, given the spec, returns the
:class:`~symtconv.handcheck.placement.Plan` that computes the answer *with that mistake*
(or ``None`` where the mistake cannot happen, e.g. forgetting a stride of 1).
Answers come from the placement engine (:mod:`symtconv.handcheck.placement`), never
by perturbing the correct output.  Adding a mistake is adding one entry.

Per spatial dimension: input ``i``, kernel ``k``, stride ``s``, padding
``(p_lo, p_hi)``, dilation ``d``, output padding ``op``, correct output size
``o = (i-1)s - p_lo - p_hi + d(k-1) + op + 1``.  The correct transposed
convolution places input element ``q`` (row-major order) times the kernel so
that tap ``t`` lands at ``q*s + t*d - p_lo``, adds overlapping values, and
keeps positions ``0 .. o-1``.

The identifiers (transposed convolution unless noted):

* ``kernel_flipped``: the kernel rotated by 180 degrees (reversed in every
  spatial dimension) before it is used; all else correct (forward too).
* ``overlap_not_summed``: placements in row-major input order, each one
  overwriting the values it lands on (its zero taps included) instead of
  adding to them.  Also reported entry by entry when a wrong entry equals the
  sum of only some of the nonzero contributions that reach it.
* ``stride_not_applied``: everything computed with stride 1 (placements at
  ``q + t*d - p_lo``, size ``(i-1) - p_lo - p_hi + d(k-1) + op + 1``); forward
  too (windows every position).
* ``padding_not_cropped``: nothing cropped: the whole scatter, size
  ``(i-1)s + d(k-1) + op + 1`` (tap ``t`` of ``q`` at ``q*s + t*d``).
* ``padding_applied_to_input``: the input padded with ``p_lo``/``p_hi`` zeros
  as a direct convolution would, then nothing cropped: size
  ``(i + p_lo + p_hi - 1)s + d(k-1) + op + 1``, tap ``t`` of ``q`` at
  ``(q + p_lo)s + t*d``.
* ``output_padding_missing``: ``op`` ignored: size ``o - op``, the same
  positions otherwise.
* ``output_padding_added_both_sides``: ``op`` added at both ends: size
  ``o + op``, positions shifted by ``op`` (tap ``t`` of ``q`` at
  ``q*s + t*d - p_lo + op``; what lies before the scatter is 0).
* ``forward_instead_of_transposed``: the ordinary convolution of the input
  with the kernel (cross-correlation; same stride, padding, dilation; weight
  read as ``w[c_in, c_out]``), size ``floor((i + p_lo + p_hi - d(k-1) - 1)/s) + 1``.
* ``transposed_instead_of_forward`` (forward specs): the transposed
  convolution of the input with the kernel (same stride, padding, dilation,
  no output padding; weight read as ``w[c_out, c_in]``).
* ``rows_and_columns_swapped`` (2-D and 3-D): input element ``x_{..,i,j}``
  used as if it were ``x_{..,j,i}`` (its row and column exchanged) while the
  kernel is used as written; the size follows from the exchanged input.

Examples:
    >>> from symtconv.core.spec import ConvSpec
    >>> spec = ConvSpec.create((3, 3), (3, 3), stride=2, padding=1, output_padding=1)
    >>> spec.output_size, MISTAKES["padding_not_cropped"].plan(spec).output_size
    ((6, 6), (8, 8))
    >>> MISTAKES["stride_not_applied"].plan(ConvSpec.create(3, 2)) is None
    True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..core.spec import ConvSpec, conv_output_length, tconv_output_length
from ..errors import SpecError
from .placement import Plan, place

__all__ = ["MISTAKES", "Mistake", "correct_plan", "get_mistake", "mistake_output"]


@dataclass(frozen=True)
class Mistake:
    """One registered mistake.

    Attributes:
        name: the stable identifier.
        description: one line, what was done wrong.
        plan: spec -> the plan computing the answer with this mistake, or
            ``None`` where the mistake does not apply.
        description_zh: the same line in Chinese.
        entrywise: whether the checker also looks for it entry by entry (a wrong
            entry that is a partial sum of its contributions).
    """

    name: str
    description: str
    description_zh: str
    plan: Callable[[ConvSpec], Plan | None]
    entrywise: bool = False


def _tsizes(spec: ConvSpec, **over: int | tuple[int, ...]) -> tuple[int, ...] | None:
    """Transposed output sizes with some per-dimension parameters replaced."""
    values = []
    for dim in range(spec.rank):
        args: dict[str, int] = {
            "i": spec.input_size[dim],
            "k": spec.kernel_size[dim],
            "s": spec.stride[dim],
            "p_lo": spec.padding[dim][0],
            "p_hi": spec.padding[dim][1],
            "d": spec.dilation[dim],
            "op": spec.output_padding[dim],
        }
        for key, value in over.items():
            args[key] = value[dim] if isinstance(value, tuple) else value
        values.append(tconv_output_length(**args))
    return tuple(values) if all(v >= 1 for v in values) else None


def _fsizes(
    spec: ConvSpec, stride: tuple[int, ...], inputs: tuple[int, ...]
) -> tuple[int, ...] | None:
    values = tuple(
        conv_output_length(i, k, s, lo, hi, d)
        for i, k, s, (lo, hi), d in zip(
            inputs, spec.kernel_size, stride, spec.padding, spec.dilation, strict=True
        )
    )
    return values if all(v >= 1 for v in values) else None


def _lows(spec: ConvSpec) -> tuple[int, ...]:
    return tuple(lo for lo, _ in spec.padding)


def correct_plan(spec: ConvSpec) -> Plan:
    """The plan of the correct answer (scatter for transposed specs, gather for forward ones)."""
    if spec.transposed:
        return Plan(
            "scatter", "transposed", spec.stride, spec.dilation, _lows(spec), spec.output_size
        )
    return Plan("gather", "forward", spec.stride, spec.dilation, _lows(spec), spec.output_size)


def _kernel_flipped(spec: ConvSpec) -> Plan | None:
    return correct_plan(spec).but(flip=True)


def _overlap_not_summed(spec: ConvSpec) -> Plan | None:
    return correct_plan(spec).but(overwrite=True) if spec.transposed else None


def _stride_not_applied(spec: ConvSpec) -> Plan | None:
    if all(s == 1 for s in spec.stride):
        return None
    ones = (1,) * spec.rank
    size = _tsizes(spec, s=1) if spec.transposed else _fsizes(spec, ones, spec.input_size)
    return None if size is None else correct_plan(spec).but(stride=ones, output_size=size)


def _padding_not_cropped(spec: ConvSpec) -> Plan | None:
    if not spec.transposed or not any(lo + hi for lo, hi in spec.padding):
        return None
    size = _tsizes(spec, p_lo=0, p_hi=0)
    return (
        None if size is None else correct_plan(spec).but(shift=(0,) * spec.rank, output_size=size)
    )


def _padding_applied_to_input(spec: ConvSpec) -> Plan | None:
    if not spec.transposed or not any(lo + hi for lo, hi in spec.padding):
        return None
    grown = tuple(i + lo + hi for i, (lo, hi) in zip(spec.input_size, spec.padding, strict=True))
    size = _tsizes(spec, i=grown, p_lo=0, p_hi=0)
    if size is None:
        return None
    return correct_plan(spec).but(shift=(0,) * spec.rank, output_size=size, input_pad=spec.padding)


def _output_padding_missing(spec: ConvSpec) -> Plan | None:
    if not spec.transposed or not any(spec.output_padding):
        return None
    size = _tsizes(spec, op=0)
    return None if size is None else correct_plan(spec).but(output_size=size)


def _output_padding_added_both_sides(spec: ConvSpec) -> Plan | None:
    if not spec.transposed or not any(spec.output_padding):
        return None
    shift = tuple(lo - op for (lo, _), op in zip(spec.padding, spec.output_padding, strict=True))
    size = tuple(o + op for o, op in zip(spec.output_size, spec.output_padding, strict=True))
    return correct_plan(spec).but(shift=shift, output_size=size)


def _forward_instead_of_transposed(spec: ConvSpec) -> Plan | None:
    if not spec.transposed:
        return None
    size = _fsizes(spec, spec.stride, spec.input_size)
    if size is None:
        return None
    return Plan("gather", "transposed", spec.stride, spec.dilation, _lows(spec), size)


def _transposed_instead_of_forward(spec: ConvSpec) -> Plan | None:
    if spec.transposed:
        return None
    size = _tsizes(spec, op=0)
    if size is None:
        return None
    return Plan("scatter", "forward", spec.stride, spec.dilation, _lows(spec), size)


def _rows_and_columns_swapped(spec: ConvSpec) -> Plan | None:
    if spec.rank < 2:
        return None
    swapped = (*spec.input_size[:-2], spec.input_size[-1], spec.input_size[-2])
    if spec.transposed:
        size = _tsizes(spec, i=swapped)
    else:
        size = _fsizes(spec, spec.stride, swapped)
    if size is None:
        return None
    return correct_plan(spec).but(swap_input_axes=True, output_size=size)


#: Identifier -> mistake.  The identifiers are stable (JSON output, tests, README).
MISTAKES: dict[str, Mistake] = {
    m.name: m
    for m in (
        Mistake(
            "kernel_flipped",
            "the kernel was rotated by 180 degrees (flipped) before it was used",
            "卷积核在使用前被旋转了 180 度（翻转了）",
            _kernel_flipped,
        ),
        Mistake(
            "overlap_not_summed",
            "overlapping placements were not added up (a later one overwrote the earlier "
            "values, or only some of the contributions were kept)",
            "重叠的放置没有相加（后放的块覆盖了先前的值，或只保留了部分贡献）",
            _overlap_not_summed,
            entrywise=True,
        ),
        Mistake(
            "stride_not_applied",
            "the elements were placed as if the stride were 1",
            "元素按步长为 1 放置了",
            _stride_not_applied,
        ),
        Mistake(
            "padding_not_cropped",
            "the padding was not cropped from the result (the whole scatter was kept)",
            "没有从结果中裁掉填充（保留了整个散布结果）",
            _padding_not_cropped,
        ),
        Mistake(
            "padding_applied_to_input",
            "the input was padded with zeros as in a direct convolution, instead of cropping "
            "the output",
            "像普通卷积那样给输入补了零，而不是裁剪输出",
            _padding_applied_to_input,
        ),
        Mistake(
            "output_padding_missing",
            "output_padding was ignored (the extra rows/columns on the high side are missing)",
            "忽略了 output_padding（高端缺少额外的行/列）",
            _output_padding_missing,
        ),
        Mistake(
            "output_padding_added_both_sides",
            "output_padding was added on both sides instead of only on the high side",
            "output_padding 被加在了两端，而不是只加在高端",
            _output_padding_added_both_sides,
        ),
        Mistake(
            "forward_instead_of_transposed",
            "the ordinary (forward) convolution was computed instead of the transposed one",
            "计算成了普通（正向）卷积，而不是转置卷积",
            _forward_instead_of_transposed,
        ),
        Mistake(
            "transposed_instead_of_forward",
            "the transposed convolution was computed instead of the ordinary (forward) one",
            "计算成了转置卷积，而不是普通（正向）卷积",
            _transposed_instead_of_forward,
        ),
        Mistake(
            "rows_and_columns_swapped",
            "each input element's row and column indices were exchanged (x_{i,j} used as x_{j,i})",
            "每个输入元素的行列下标被交换了（把 x_{i,j} 当作 x_{j,i}）",
            _rows_and_columns_swapped,
        ),
    )
}


def get_mistake(name: str) -> Mistake:
    """The registered mistake ``name``.

    Raises:
        SpecError: no such mistake (the message lists the valid identifiers).
    """
    try:
        return MISTAKES[name]
    except KeyError:
        raise SpecError(
            f"mistake: got {name!r}; valid identifiers are {', '.join(MISTAKES)}"
        ) from None


def mistake_output(
    name: str, spec: ConvSpec, x: np.ndarray, w: np.ndarray, b: np.ndarray | None
) -> np.ndarray | None:
    """The answer computed with mistake ``name``, in full layout, or ``None`` if it does not apply.

    Examples:
        >>> from symtconv.core.operands import read_operands
        >>> spec, x, w, b = read_operands([[1, 2], [3, 4]], [[1, 0], [0, -1]])
        >>> mistake_output("kernel_flipped", spec, x, w, b)[0].tolist()
        [[-1, -2, 0], [-3, -3, 2], [0, 3, 4]]
    """
    plan = get_mistake(name).plan(spec)
    if plan is None:
        return None
    return place(plan, x, w, b, spec.groups)
