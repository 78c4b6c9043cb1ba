"""symtconv's conv_transpose and conv against torch.nn.functional, the reference framework.

Random configurations (seeded) over ranks 1-3, groups, dilation, asymmetric
padding, output_padding (including op >= stride where op < dilation), batch and
bias.  Data are integer-valued float64, so every sum is exact in floating point
and the comparison is ``np.array_equal``.

PyTorch pads symmetrically only: the torch side pads ``min(lo, hi)`` through its
own ``padding`` argument and the rest explicitly (``F.pad`` for the forward
convolution, cropping the output for the transposed one).

A second set of configurations, valid or not, checks that symtconv accepts
exactly what PyTorch accepts (output_padding rule, output size >= 1, groups,
channel counts).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from oracles.sizes import conv_length, tconv_length

from symtconv.core.numeric import conv, conv_transpose, conv_transpose_zero_insertion
from symtconv.errors import SpecError

torch = pytest.importorskip("torch")
F = torch.nn.functional

N_CASES = 320


def random_config(index: int, transposed: bool) -> dict[str, Any]:
    """One valid random configuration, drawn from a seed of its own."""
    rng = np.random.default_rng([2024, index, int(transposed)])
    rank = int(rng.integers(1, 4))
    top_i, top_k = (5, 4) if rank < 3 else (3, 3)
    while True:
        dims = []
        for _ in range(rank):
            i, k = int(rng.integers(1, top_i + 1)), int(rng.integers(1, top_k + 1))
            s, d = int(rng.integers(1, 4)), int(rng.integers(1, 4))
            lo, hi = int(rng.integers(0, 4)), int(rng.integers(0, 4))
            op = int(rng.integers(0, max(s, d))) if transposed else 0
            dims.append((i, k, s, lo, hi, d, op))
        sizes = [tconv_length(*dim) if transposed else conv_length(*dim[:6]) for dim in dims]
        if min(sizes) >= 1:
            break
    groups = int(rng.integers(1, 4))
    batch = None if rng.random() < 0.3 else int(rng.integers(1, 3))
    return {
        "rank": rank,
        "dims": dims,
        "groups": groups,
        "cin": groups * int(rng.integers(1, 3)),
        "cout": groups * int(rng.integers(1, 3)),
        "batch": batch,
        "bias": bool(rng.random() < 0.5),
        "seed": index,
    }


def _data(cfg: dict[str, Any], transposed: bool) -> tuple[np.ndarray, np.ndarray, Any]:
    rng = np.random.default_rng(cfg["seed"])
    lead = () if cfg["batch"] is None else (cfg["batch"],)
    g = cfg["groups"]
    wlead = (cfg["cin"], cfg["cout"] // g) if transposed else (cfg["cout"], cfg["cin"] // g)
    x = rng.integers(-9, 10, (*lead, cfg["cin"], *(d[0] for d in cfg["dims"]))).astype(float)
    w = rng.integers(-9, 10, (*wlead, *(d[1] for d in cfg["dims"]))).astype(float)
    b = rng.integers(-9, 10, cfg["cout"]).astype(float) if cfg["bias"] else None
    return x, w, b


def _per_dim(cfg: dict[str, Any], slot: int) -> list[int]:
    return [dim[slot] for dim in cfg["dims"]]


def torch_conv_transpose(x: np.ndarray, w: np.ndarray, b: Any, cfg: dict[str, Any]) -> np.ndarray:
    """PyTorch with padding min(lo, hi), then the rest of the padding cropped off the output."""
    sym = [min(lo, hi) for lo, hi in zip(_per_dim(cfg, 3), _per_dim(cfg, 4), strict=True)]
    fn = getattr(F, f"conv_transpose{cfg['rank']}d")
    out = fn(
        torch.from_numpy(x),
        torch.from_numpy(w),
        None if b is None else torch.from_numpy(b),
        stride=_per_dim(cfg, 2),
        padding=sym,
        output_padding=_per_dim(cfg, 6),
        groups=cfg["groups"],
        dilation=_per_dim(cfg, 5),
    ).numpy()
    crop = tuple(
        slice(lo - m, out.shape[out.ndim - cfg["rank"] + a] - (hi - m))
        for a, (lo, hi, m) in enumerate(zip(_per_dim(cfg, 3), _per_dim(cfg, 4), sym, strict=True))
    )
    return out[(..., *crop)]


def torch_conv(x: np.ndarray, w: np.ndarray, b: Any, cfg: dict[str, Any]) -> np.ndarray:
    """PyTorch with padding min(lo, hi), the rest padded explicitly with F.pad."""
    sym = [min(lo, hi) for lo, hi in zip(_per_dim(cfg, 3), _per_dim(cfg, 4), strict=True)]
    extra = []  # F.pad takes (lo, hi) pairs from the last dimension backwards
    for lo, hi, m in reversed(list(zip(_per_dim(cfg, 3), _per_dim(cfg, 4), sym, strict=True))):
        extra += [lo - m, hi - m]
    fn = getattr(F, f"conv{cfg['rank']}d")
    return fn(
        F.pad(torch.from_numpy(x), extra),
        torch.from_numpy(w),
        None if b is None else torch.from_numpy(b),
        stride=_per_dim(cfg, 2),
        padding=sym,
        groups=cfg["groups"],
        dilation=_per_dim(cfg, 5),
    ).numpy()


def _kwargs(cfg: dict[str, Any], transposed: bool) -> dict[str, Any]:
    kw: dict[str, Any] = {
        "stride": _per_dim(cfg, 2),
        "padding": list(zip(_per_dim(cfg, 3), _per_dim(cfg, 4), strict=True)),
        "dilation": _per_dim(cfg, 5),
        "groups": cfg["groups"],
    }
    if transposed:
        kw["output_padding"] = _per_dim(cfg, 6)
    return kw


@pytest.mark.parametrize("fn", [conv_transpose, conv_transpose_zero_insertion])
@pytest.mark.parametrize("index", range(N_CASES))
def test_conv_transpose_equals_torch(index, fn):
    cfg = random_config(index, transposed=True)
    x, w, b = _data(cfg, transposed=True)
    expected = torch_conv_transpose(x, w, b, cfg)
    got = fn(x, w, b, **_kwargs(cfg, transposed=True))
    assert got.dtype == np.float64
    assert got.shape == expected.shape
    assert np.array_equal(got, expected)


@pytest.mark.parametrize("index", range(N_CASES))
def test_conv_equals_torch(index):
    cfg = random_config(index, transposed=False)
    x, w, b = _data(cfg, transposed=False)
    expected = torch_conv(x, w, b, cfg)
    got = conv(x, w, b, **_kwargs(cfg, transposed=False))
    assert got.dtype == np.float64
    assert got.shape == expected.shape
    assert np.array_equal(got, expected)


def test_random_configurations_cover_the_space():
    """The 320 transposed configurations visit what the oracle is meant to cover."""
    cfgs = [random_config(n, transposed=True) for n in range(N_CASES)]
    dims = [dim for cfg in cfgs for dim in cfg["dims"]]
    assert {cfg["rank"] for cfg in cfgs} == {1, 2, 3}
    assert min(sum(cfg["rank"] == r for cfg in cfgs) for r in (1, 2, 3)) >= 60
    assert sum(cfg["groups"] > 1 for cfg in cfgs) >= 100
    assert sum(lo != hi for _, _, _, lo, hi, _, _ in dims) >= 200
    assert sum(d > 1 for *_, d, _ in dims) >= 200
    assert sum(op > 0 for *_, op in dims) >= 100
    assert sum(op >= s for _, _, s, _, _, _, op in dims) >= 20  # allowed because op < d
    assert sum(cfg["batch"] is None for cfg in cfgs) >= 50
    assert sum(cfg["bias"] for cfg in cfgs) >= 100
    assert len({repr(cfg) for cfg in cfgs}) == N_CASES


# ----- the same accept / reject decision ------------------------------------------------------


def decision_config(index: int) -> dict[str, Any]:
    """A configuration that may be invalid: too large output_padding or padding, bad channels.

    Each fault is drawn on its own, so most configurations have at most one.
    """
    rng = np.random.default_rng([77, index])
    rank = int(rng.integers(1, 4))
    transposed = bool(rng.random() < 0.6)
    dims = []
    for _ in range(rank):
        s, d = int(rng.integers(1, 4)), int(rng.integers(1, 4))
        dims.append(
            {
                "i": int(rng.integers(1, 4)),
                "k": int(rng.integers(1, 4)),
                "s": s,
                "d": d,
                "p": int(rng.integers(0, 3)),
                "op": int(rng.integers(0, max(s, d))) if transposed else 0,
            }
        )
    if transposed and rng.random() < 0.25:  # output_padding PyTorch rejects (or just accepts)
        dim = dims[int(rng.integers(0, rank))]
        dim["op"] = max(dim["s"], dim["d"]) - 1 + int(rng.integers(0, 3))
    groups = int(rng.integers(1, 4))
    cin, cout = groups * int(rng.integers(1, 3)), groups * int(rng.integers(1, 3))
    w0, w1 = (cin, cout // groups) if transposed else (cout, cin // groups)
    if rng.random() < 0.25:  # channel counts that may not fit together
        cin, w0, w1 = int(rng.integers(1, 5)), int(rng.integers(1, 5)), int(rng.integers(1, 3))
    return {
        "rank": rank,
        "dims": dims,
        "groups": groups,
        "transposed": transposed,
        "cin": cin,  # channels of the input tensor
        "w0": w0,  # weight's first axis
        "w1": w1,  # weight's second axis
        "batch": bool(rng.random() < 0.5),
    }


N_DECISIONS = 300


def _decide(cfg: dict[str, Any], backend: str) -> str:
    """'ok' with the output shape, or 'rejected'; padding is symmetric so torch takes it as is."""
    rank = cfg["rank"]
    lead = (2,) if cfg["batch"] else ()
    x = np.ones((*lead, cfg["cin"], *(d["i"] for d in cfg["dims"])))
    w = np.ones((cfg["w0"], cfg["w1"], *(d["k"] for d in cfg["dims"])))
    kw: dict[str, Any] = {
        "stride": [d["s"] for d in cfg["dims"]],
        "padding": [d["p"] for d in cfg["dims"]],
        "dilation": [d["d"] for d in cfg["dims"]],
        "groups": cfg["groups"],
    }
    if cfg["transposed"]:
        kw["output_padding"] = [d["op"] for d in cfg["dims"]]
    if backend == "torch":
        name = f"conv_transpose{rank}d" if cfg["transposed"] else f"conv{rank}d"
        try:
            out = getattr(F, name)(torch.from_numpy(x), torch.from_numpy(w), **kw)
        except RuntimeError:
            return "rejected"
        return f"ok {tuple(out.shape)}"
    fn = conv_transpose if cfg["transposed"] else conv
    try:
        got = fn(x, w, **kw)
    except SpecError:
        return "rejected"
    return f"ok {got.shape}"


@pytest.mark.parametrize("index", range(N_DECISIONS))
def test_same_accept_reject_decision_as_torch(index):
    cfg = decision_config(index)
    assert _decide(cfg, "symtconv") == _decide(cfg, "torch")


def test_decision_configurations_cover_both_outcomes():
    """Enough accepted and rejected cases, and each rejection reason, so the test can fail."""
    cfgs = [decision_config(n) for n in range(N_DECISIONS)]
    decisions = [_decide(cfg, "torch") for cfg in cfgs]
    assert 80 <= decisions.count("rejected") <= N_DECISIONS - 80

    def bad_op(cfg: dict[str, Any]) -> bool:
        return cfg["transposed"] and any(d["op"] >= max(d["s"], d["d"]) for d in cfg["dims"])

    def too_small(cfg: dict[str, Any]) -> bool:
        return any(
            (
                tconv_length(d["i"], d["k"], d["s"], d["p"], d["p"], d["d"], d["op"])
                if cfg["transposed"]
                else conv_length(d["i"], d["k"], d["s"], d["p"], d["p"], d["d"])
            )
            < 1
            for d in cfg["dims"]
        )

    def bad_channels(cfg: dict[str, Any]) -> bool:
        g = cfg["groups"]
        if cfg["transposed"]:
            return cfg["cin"] != cfg["w0"] or cfg["w0"] % g != 0
        return cfg["cin"] != cfg["w1"] * g or cfg["w0"] % g != 0

    for reason in (bad_op, too_small, bad_channels):
        only = [
            c
            for c in cfgs
            if reason(c) and sum(r(c) for r in (bad_op, too_small, bad_channels)) == 1
        ]
        assert len(only) >= 5, reason.__name__
    # and a sanity check of the independent predicates against torch itself
    for cfg, decision in zip(cfgs, decisions, strict=True):
        expect_reject = (
            (cfg["transposed"] and any(d["op"] >= max(d["s"], d["d"]) for d in cfg["dims"]))
            or too_small(cfg)
            or bad_channels(cfg)
        )
        assert (decision == "rejected") == expect_reject, cfg


def test_torch_layout_facts():
    """Facts the oracle relies on: unbatched input, weight layouts, F.pad order."""
    x = torch.arange(6, dtype=torch.float64).reshape(2, 3)
    w = torch.ones(2, 3, 2, dtype=torch.float64)  # (C_in, C_out, k)
    assert tuple(F.conv_transpose1d(x, w).shape) == (3, 4)
    padded = F.pad(torch.zeros(1, 1, 2, 3), [1, 2, 3, 4])  # last dim (1, 2), then (3, 4)
    assert tuple(padded.shape) == (1, 1, 2 + 7, 3 + 3)
    assert math.prod(padded.shape) == 54
