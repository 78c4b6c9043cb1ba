"""The sub-pixel form: stride-1 convolutions of the phases, interleaved and cropped.

* :func:`symtconv.engine.subpixel.subpixel_conv_transpose` against the naive transposed
  convolution of :mod:`oracles.naive`, exactly (integers), on seeded random layers;
* the PyTorch code of ``symtconv overlap --code`` executed in torch on random integer
  layers (ranks 1-3, stride, padding, dilation, output_padding, groups, bias) against
  torch's own ``conv_transpose``: float64 with small integers, so every sum is exact and
  the comparison is ``torch.equal``;
* ``symtconv prove --identity subpixel``: exact with symbols, and a wrong index map is
  caught.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from oracles.naive import naive_conv_transpose
from oracles.sizes import tconv_length

from symtconv import prove_identity
from symtconv.core.spec import ConvSpec
from symtconv.engine.subpixel import subpixel_conv_transpose, subpixel_plan
from symtconv.errors import SpecError
from symtconv.frameworks.subpixel_code import torch_subpixel_code
from symtconv.prover import identities as identities_module

N_CASES = 120


def random_layer(index: int, symmetric: bool = False) -> ConvSpec:
    """A valid random transposed layer (PyTorch accepts it) of its own seed."""
    rng = np.random.default_rng([16, index, int(symmetric)])
    rank = int(rng.integers(1, 4))
    top_i, top_k = (5, 5) if rank < 3 else (3, 3)
    while True:
        dims = []
        for _ in range(rank):
            i, k = int(rng.integers(1, top_i + 1)), int(rng.integers(1, top_k + 1))
            s, d = int(rng.integers(1, 4)), int(rng.integers(1, 4))
            lo = int(rng.integers(0, 3))
            hi = lo if symmetric else int(rng.integers(0, 3))
            dims.append((i, k, s, lo, hi, d, int(rng.integers(0, max(s, d)))))
        if min(tconv_length(*dim) for dim in dims) >= 1:
            break
    g = int(rng.integers(1, 3))
    return ConvSpec.create(
        [d[0] for d in dims],
        [d[1] for d in dims],
        stride=[d[2] for d in dims],
        padding=[(d[3], d[4]) for d in dims],
        dilation=[d[5] for d in dims],
        output_padding=[d[6] for d in dims],
        in_channels=g * int(rng.integers(1, 3)),
        out_channels=g * int(rng.integers(1, 3)),
        groups=g,
    )


def _data(spec: ConvSpec, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.integers(-9, 10, (2, *spec.input_shape))
    return x, rng.integers(-9, 10, spec.weight_shape), rng.integers(-9, 10, spec.out_channels)


def _naive(spec: ConvSpec, x: Any, w: Any, b: Any) -> np.ndarray:
    return naive_conv_transpose(
        x.astype(object),
        w.astype(object),
        b.astype(object),
        stride=list(spec.stride),
        padding=list(spec.padding),
        output_padding=list(spec.output_padding),
        dilation=list(spec.dilation),
        groups=spec.groups,
    )


@pytest.mark.parametrize("index", range(N_CASES))
def test_subpixel_equals_the_naive_transposed_convolution(index: int) -> None:
    spec = random_layer(index)
    x, w, b = _data(spec, index)
    got = subpixel_conv_transpose(x, w, spec, b)
    expected = _naive(spec, x, w, b)
    assert got.shape == expected.shape
    assert np.array_equal(got.astype(object), expected)


def test_the_random_layers_cover_what_they_should() -> None:
    specs = [random_layer(n) for n in range(N_CASES)]
    assert {s.rank for s in specs} == {1, 2, 3}
    assert any(op >= s for spec in specs for op, s in zip(spec.output_padding, spec.stride))
    assert any(not spec.symmetric_padding for spec in specs)
    assert any(spec.groups > 1 for spec in specs)
    assert any(spec.rank == 2 and len(set(spec.stride)) == 1 for spec in specs)


def _run_code(spec: ConvSpec, x: Any, w: Any, b: Any) -> Any:
    torch = pytest.importorskip("torch")
    namespace: dict[str, Any] = {}
    exec(torch_subpixel_code(spec), namespace)  # our own generated module text
    as_t = [torch.from_numpy(a.astype(np.float64)) for a in (x, w, b)]
    return namespace["conv_transpose_subpixel"](*as_t), as_t


def _torch_reference(spec: ConvSpec, x: Any, w: Any, b: Any) -> Any:
    """torch's conv_transpose; asymmetric padding as padding 0, then the crop."""
    import torch

    fn = getattr(torch.nn.functional, f"conv_transpose{spec.rank}d")
    padding = [lo for lo, _ in spec.padding] if spec.symmetric_padding else 0
    y = fn(
        x,
        w,
        b,
        stride=spec.stride,
        padding=padding,
        output_padding=spec.output_padding,
        dilation=spec.dilation,
        groups=spec.groups,
    )
    if spec.symmetric_padding:
        return y
    crop = tuple(slice(lo, lo + o) for (lo, _), o in zip(spec.padding, spec.output_size))
    return y[(slice(None), slice(None), *crop)]


@pytest.mark.parametrize("symmetric", [True, False])
@pytest.mark.parametrize("index", range(N_CASES))
def test_printed_code_gives_torch_numbers(index: int, symmetric: bool) -> None:
    torch = pytest.importorskip("torch")
    spec = random_layer(index, symmetric)
    x, w, b = _data(spec, 1000 + index)
    got, (xt, wt, bt) = _run_code(spec, x, w, b)
    expected = _torch_reference(spec, xt, wt, bt)
    assert got.shape == expected.shape and torch.equal(got, expected)
    without_bias = _run_code(spec, x, w, b)[0] - bt.reshape(-1, *[1] * spec.rank)
    assert torch.equal(without_bias, _torch_reference(spec, xt, wt, None))


@pytest.mark.parametrize(
    ("kwargs", "shuffle"),
    [
        ({"stride": 2}, True),
        ({"stride": (2, 3)}, False),
        ({"stride": 3, "padding": 1}, True),
    ],
)
def test_pixel_shuffle_where_it_applies(kwargs: dict[str, Any], shuffle: bool) -> None:
    code = torch_subpixel_code(ConvSpec.create((3, 3), (3, 3), **kwargs))
    assert ("F.pixel_shuffle(z," in code) is shuffle
    assert ".permute(0, 1, 4, 2, 5, 3)" in code or shuffle
    assert "F.conv2d(" in code and "conv_transpose2d" in code
    for rank in (1, 3):
        other = torch_subpixel_code(ConvSpec.create((3,) * rank, (2,) * rank, stride=2))
        assert "pixel_shuffle" not in other and f"F.conv{rank}d(" in other


def test_the_weight_index_map() -> None:
    plan = subpixel_plan(ConvSpec.create(4, 3, stride=2, dilation=1))
    # phase 0: taps 0, 2 at offsets 0, 1 (flipped: entries 1, 0); phase 1: tap 1 at offset 0
    assert plan.kernels[0].taps == ((2, 0), (None, 1))
    plan = subpixel_plan(ConvSpec.create(4, 3, stride=2, dilation=2))
    assert plan.kernels[0].taps == ((2, 1, 0), (None, None, None))  # phase 1: a hole
    with pytest.raises(SpecError, match="transposed"):
        subpixel_plan(ConvSpec.create(5, 3, transposed=False))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"input_shape": (3,), "kernel_shape": (3,), "stride": 2, "padding": 1, "output_padding": 1},
        {"input_shape": (2, 2), "kernel_shape": (3, 3), "stride": (2, 1), "dilation": (1, 2)},
        {"input_shape": (2, 2, 2), "kernel_shape": (2, 1, 2, 2), "stride": 2, "groups": 2},
    ],
)
def test_identity_is_exact_with_symbols(kwargs: dict[str, Any]) -> None:
    result = prove_identity("subpixel", general=False, **kwargs)
    assert result.status == "proved" and result.symbolic
    assert result.compared == int(np.prod(result.spec.output_shape))  # every output entry
    assert any(line.startswith("weight index map") for line in result.details)


def test_identity_shows_the_map_and_its_general_theorem() -> None:
    result = prove_identity("subpixel", input_shape=(3,), kernel_shape=(3,), stride=2)
    assert result.general is not None and result.general.theorem.name == "subpixel-phases"
    assert result.general.status == "proved"
    assert "  dimension 0 (k=3, s=2, d=1): phase 0: [2, 0]; phase 1: [-, 1]" in str(result)
    assert result.as_dict()["details"] == list(result.details)


def test_a_wrong_index_map_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    real = identities_module.subpixel_conv_transpose

    def unflipped(x: Any, w: Any, spec: ConvSpec, bias: Any = None) -> Any:
        return real(x, w[..., ::-1], spec, bias)  # the sub-kernels the other way round

    monkeypatch.setattr(identities_module, "subpixel_conv_transpose", unflipped)
    result = prove_identity(
        "subpixel", general=False, input_shape=(3,), kernel_shape=(3,), stride=2
    )
    assert result.status == "disproved" and result.mismatch is not None
