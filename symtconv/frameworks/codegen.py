"""Small helpers that write the frameworks' code snippets."""

from __future__ import annotations

from collections.abc import Sequence

from .windows import Pair

__all__ = ["crop_text", "numpy_adjust_text", "realized_sizes", "tup"]


def tup(values: Sequence[int]) -> str:
    """``(2, 2)``-style text (``(2,)`` for one value).

    Examples:
        >>> tup([3]), tup([2, 1])
        ('(3,)', '(2, 1)')
    """
    return "(" + ", ".join(str(int(v)) for v in values) + ("," if len(values) == 1 else "") + ")"


def realized_sizes(target_sizes: Sequence[int], adjust: Sequence[Pair]) -> list[int]:
    """The layer's own output sizes before the crop/pad."""
    return [n + lo + hi for n, (lo, hi) in zip(target_sizes, adjust, strict=True)]


def crop_pad_text(
    var: str, fn: str, adjust: Sequence[Pair], sizes: Sequence[int], brackets: str
) -> str:
    """Channels-last ``fn(var[:, a:b, :], widths)``: crop the positive amounts, pad the others.

    Examples:
        >>> crop_pad_text("y", "jnp.pad", [(1, -2)], [5], "()")
        'y = jnp.pad(y[:, 1:5, :], [(0, 0), (0, 2), (0, 0)])  # crop, then add zeros'
    """
    lo_b, hi_b = brackets[0], brackets[1]
    crops = ", ".join(
        f"{max(lo, 0)}:{n - max(hi, 0)}" for (lo, hi), n in zip(adjust, sizes, strict=True)
    )
    widths = ", ".join(f"{lo_b}{max(-lo, 0)}, {max(-hi, 0)}{hi_b}" for lo, hi in adjust)
    return (
        f"{var} = {fn}({var}[:, {crops}, :], [{lo_b}0, 0{hi_b}, {widths}, "
        f"{lo_b}0, 0{hi_b}])  # crop, then add zeros"
    )


def crop_text(
    var: str, adjust: Sequence[Pair], target_sizes: Sequence[int], channels_last: bool
) -> str | None:
    """``y[..., a:b]`` for a pure crop; None when zeros must be added (or nothing to do).

    Examples:
        >>> crop_text("y", [(0, 1)], [10], False)
        'y[..., 0:10]'
        >>> crop_text("y", [(1, 0), (0, 0)], [4, 5], True)
        'y[:, 1:5, :, :]'
    """
    if not any(a for pair in adjust for a in pair) or any(a < 0 for pair in adjust for a in pair):
        return None
    parts = [
        f"{lo}:{lo + n}" if (lo or hi) else ":"
        for (lo, hi), n in zip(adjust, target_sizes, strict=True)
    ]
    if channels_last:
        return f"{var}[:, {', '.join(parts)}, :]"
    return f"{var}[..., {', '.join(parts)}]"


def numpy_adjust_text(var: str, adjust: Sequence[Pair], sizes: Sequence[int], source: str) -> str:
    """``var = <crop of source>`` in NumPy, then ``np.pad`` with zeros where the adjust adds them.

    ``source`` is the expression of the layer's output as a channels-first
    NumPy array; ``sizes`` are its spatial sizes before the adjust.

    Examples:
        >>> numpy_adjust_text("y", [(0, 1)], [11], "y.numpy()")
        'y = y.numpy()[..., 0:10]  # the call gives 11; crop'
        >>> numpy_adjust_text("y", [(1, -2)], [5], "y")  # doctest: +NORMALIZE_WHITESPACE
        'y = np.pad(y[..., 1:5], [(0, 0), (0, 0), (0, 2)])
        # the call gives 5; crop, then add zeros'
        >>> numpy_adjust_text("y", [(0, -1)], [5], "y")
        'y = np.pad(y, [(0, 0), (0, 0), (0, 1)])  # the call gives 5; add zeros'
    """
    crops = ", ".join(
        f"{max(lo, 0)}:{n - max(hi, 0)}" for (lo, hi), n in zip(adjust, sizes, strict=True)
    )
    given = "x".join(str(n) for n in sizes)
    crop = any(a > 0 for pair in adjust for a in pair)
    cropped = f"{source}[..., {crops}]" if crop else source
    if not any(a < 0 for pair in adjust for a in pair):
        return f"{var} = {cropped}  # the call gives {given}; crop"
    widths = ", ".join(f"({max(-lo, 0)}, {max(-hi, 0)})" for lo, hi in adjust)
    what = "crop, then add zeros" if crop else "add zeros"
    return (
        f"{var} = np.pad({cropped}, [(0, 0), (0, 0), {widths}])  # the call gives {given}; {what}"
    )
