"""Weight and input layouts of the frameworks, and the conversions between them.

Layout names read the axes of a transposed convolution's weight, with ``I``
its input channels, ``O`` its output channels (per group) and ``HW`` (``H``,
``HW`` or ``HWD``: the spatial axes):

* ``IOHW`` -- PyTorch ``ConvTranspose*d.weight`` and ONNX ``ConvTranspose``'s W:
  ``(C_in, C_out/groups, *k)``.
* ``HWOI`` -- TensorFlow ``conv2d_transpose`` filters, Keras ``Conv2DTranspose``
  kernel, and JAX ``conv_transpose(..., transpose_kernel=True)``:
  ``(*k, C_out, C_in)``.
* ``HWIO`` -- JAX ``conv_transpose`` default ``rhs``: ``(*k, C_in, C_out)``.  Without
  ``transpose_kernel`` JAX correlates the stretched input with this kernel as
  given, so it must also be *flipped* spatially to compute what PyTorch,
  ONNX, TensorFlow and Keras compute (jax#14337).

Inputs are ``NCHW`` (channels first: PyTorch, ONNX) or ``NHWC`` (channels last:
the TensorFlow, Keras and JAX defaults).

Examples:
    >>> import numpy as np
    >>> w = np.arange(2 * 3 * 2 * 2).reshape(2, 3, 2, 2)   # IOHW: C_in 2, C_out 3, k 2x2
    >>> weight_from_torch(w, "HWOI").shape
    (2, 2, 3, 2)
    >>> back = weight_to_torch(weight_from_torch(w, "HWIO", flip=True), "HWIO", flip=True)
    >>> bool((back == w).all())
    True
"""

from __future__ import annotations

import numpy as np

from ..errors import SpecError

__all__ = [
    "LAYOUTS",
    "convert_weight",
    "dilate_weight",
    "input_from_torch",
    "input_to_torch",
    "weight_expression",
    "weight_from_torch",
    "weight_to_torch",
]

#: Layout name -> (where the channel axes go: "first" or "last", the order of I and O).
LAYOUTS: dict[str, tuple[str, str]] = {
    "IOHW": ("first", "IO"),
    "HWOI": ("last", "OI"),
    "HWIO": ("last", "IO"),
}


def _check(layout: str) -> tuple[str, str]:
    try:
        return LAYOUTS[layout]
    except KeyError:
        raise SpecError(f"layout: got {layout!r}; valid layouts: {', '.join(LAYOUTS)}") from None


def _axes_from_torch(layout: str, rank: int) -> tuple[int, ...]:
    """Axes of an IOHW array that make up ``layout`` (for np.transpose)."""
    where, order = _check(layout)
    channels = (0, 1) if order == "IO" else (1, 0)
    spatial = tuple(range(2, 2 + rank))
    return channels + spatial if where == "first" else spatial + channels


def _weight(w: np.ndarray, expected: str) -> tuple[np.ndarray, int]:
    """The weight as an array and its spatial rank.

    Raises:
        SpecError: fewer than 3 axes (``expected`` says what they should be).
    """
    w = np.asarray(w)
    if w.ndim < 3:
        raise SpecError(f"weight: has shape {w.shape}; {expected}")
    return w, w.ndim - 2


def _flip(w: np.ndarray, rank: int) -> np.ndarray:
    """The spatial axes (after the two channel axes) reversed."""
    return w[(slice(None), slice(None), *(slice(None, None, -1),) * rank)]


def weight_from_torch(w: np.ndarray, layout: str, flip: bool = False) -> np.ndarray:
    """A PyTorch-layout ``(C_in, C_out/g, *k)`` weight in ``layout`` (flipped if asked).

    Raises:
        SpecError: an unknown layout or a weight with fewer than 3 axes.
    """
    w, rank = _weight(w, "must be (C_in, C_out/groups, *kernel)")
    return np.transpose(_flip(w, rank) if flip else w, _axes_from_torch(layout, rank))


def weight_to_torch(w: np.ndarray, layout: str, flip: bool = False) -> np.ndarray:
    """A weight in ``layout`` (flipped if ``flip``) back in PyTorch's ``(C_in, C_out/g, *k)``.

    Raises:
        SpecError: an unknown layout or a weight with fewer than 3 axes.
    """
    w, rank = _weight(w, "must have 2 channel axes and the kernel")
    out = np.transpose(w, np.argsort(_axes_from_torch(layout, rank)))
    return _flip(out, rank) if flip else out


def convert_weight(
    w: np.ndarray,
    source: str,
    target: str,
    *,
    source_flipped: bool = False,
    target_flipped: bool = False,
) -> np.ndarray:
    """Convert a weight between two layouts (through PyTorch's).

    Examples:
        >>> w = np.zeros((3, 3, 4, 2))      # TF filters: k 3x3, C_out 4, C_in 2
        >>> convert_weight(w, "HWOI", "IOHW").shape
        (2, 4, 3, 3)
    """
    return weight_from_torch(weight_to_torch(w, source, source_flipped), target, target_flipped)


def dilate_weight(w: np.ndarray, dilation: tuple[int, ...] | list[int]) -> np.ndarray:
    """A PyTorch-layout weight with ``d - 1`` zeros between its taps: dilation 1 then computes
    what dilation ``d`` computes with the original (the kernel spans ``d(k-1) + 1``).

    Examples:
        >>> dilate_weight(np.array([[[1, 2, 3]]]), [2]).tolist()
        [[[1, 0, 2, 0, 3]]]
    """
    w = np.asarray(w)
    size = tuple(dd * (kk - 1) + 1 for dd, kk in zip(dilation, w.shape[2:], strict=True))
    out = np.zeros(w.shape[:2] + size, dtype=w.dtype)
    out[(slice(None), slice(None), *(slice(None, None, dd) for dd in dilation))] = w
    return out


def weight_expression(layout: str, flip: bool, rank: int, name: str = "w") -> str:
    """NumPy code that turns a PyTorch-layout weight ``name`` into ``layout``.

    Examples:
        >>> weight_expression("HWOI", False, 2)
        'np.transpose(w, (2, 3, 1, 0))'
        >>> weight_expression("HWIO", True, 1)
        'np.transpose(np.flip(w, axis=(2,)), (2, 0, 1))'
    """
    expr = name
    if flip:
        expr = f"np.flip({expr}, axis={tuple(range(2, 2 + rank))})"
    axes = _axes_from_torch(layout, rank)
    if axes != tuple(range(rank + 2)):
        expr = f"np.transpose({expr}, {axes})"
    return expr


def input_from_torch(x: np.ndarray, channels_last: bool) -> np.ndarray:
    """A batched ``(N, C, *size)`` array in channels-last order when asked."""
    x = np.asarray(x)
    return np.moveaxis(x, 1, -1) if channels_last else x


def input_to_torch(x: np.ndarray, channels_last: bool) -> np.ndarray:
    """A batched array back in ``(N, C, *size)`` order."""
    x = np.asarray(x)
    return np.moveaxis(x, -1, 1) if channels_last else x
