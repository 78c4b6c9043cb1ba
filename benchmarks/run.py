"""symtconv benchmarks: ratios against peers measured in the same run.

Run by hand (not in the test suite), from the repository root:

    python benchmarks/run.py            # every figure
    python benchmarks/run.py --quick    # fewer sizes and repetitions
    python benchmarks/run.py --json     # machine-readable

a. symbolic: symtconv.derive (the literal C^T x through SymPy's sparse matrix
   product) for a 2-D single-channel transposed convolution, k=3, s=2, p=1, on a
   symbolic JxJ input, against (i) the floor -- the same sums of products built
   directly with SymPy's Add and Mul, no matrix -- and (ii) SymPy's dense Matrix
   product C^T x, where it finishes within the time limit.  SymPy's cache is cleared
   before every timed call of every contender; results are checked equal.
b. numeric: symtconv.conv_transpose against torch.nn.functional.conv_transpose2d
   (CPU, float32, both with the same number of threads), interleaved runs, the median
   of the per-pair time ratios; results are checked close.
c. verify: configurations per second of an exact sweep, numeric and symbolic.
d. prove: the time of every built-in theorem (all its parts), all together, and of a few
   user claims (one of them beyond the method, with a 1 s timeout).
e. peak memory: the resident set of a fresh process deriving the largest symbolic case.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np
import sympy
from sympy.core.cache import clear_cache
from sympy.polys.domains import EXRAW
from sympy.polys.matrices import DomainMatrix

import symtconv
from symtconv.core.operands import symbolic_tensor

K, S, P = 3, 2, 1
LAYERS = [  # N, C_in, C_out, H(=W), k, s, p
    (8, 64, 32, 32, 4, 2, 1),
    (1, 1, 1, 256, 3, 2, 1),
    (16, 128, 64, 16, 4, 2, 1),
    (1, 3, 3, 64, 5, 3, 2),
]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best wall time of `repeat` calls, SymPy's cache cleared before each."""
    times, result = [], None
    for _ in range(repeat):
        clear_cache()
        t, result = timed(fn)
        times.append(t)
    return min(times), result


# ----- a. symbolic ------------------------------------------------------------------------


def floor_sums(j: int) -> list[sympy.Expr]:
    """The output of the transposed convolution, built directly: Add of Mul, no matrix."""
    x = symbolic_tensor("x", (j, j))
    w = symbolic_tensor("w", (K, K))
    n = (j - 1) * S - 2 * P + (K - 1) + 1
    out = []
    for a in range(n):
        rows = [
            (q, t)
            for t in range(K)
            if (a + P - t) % S == 0
            for q in [(a + P - t) // S]
            if 0 <= q < j
        ]
        for b in range(n):
            cols = [
                (r, u)
                for u in range(K)
                if (b + P - u) % S == 0
                for r in [(b + P - u) // S]
                if 0 <= r < j
            ]
            out.append(sympy.Add(*[sympy.Mul(x[q, r], w[t, u]) for q, t in rows for r, u in cols]))
    return out


def derive_sums(j: int) -> list[sympy.Expr]:
    d = symtconv.derive(input_shape=(j, j), kernel_shape=(K, K), stride=S, padding=P)
    return list(d.product[0])


def dense_operands(j: int) -> tuple[Any, Any]:
    """C^T and x as dense-format SymPy DomainMatrices (built outside the timing)."""
    d = symtconv.derive(input_shape=(j, j), kernel_shape=(K, K), stride=S, padding=P)
    ct = DomainMatrix.from_list(d.C.T.tolist(), EXRAW).to_dense()
    x = DomainMatrix.from_list([[v] for v in d.x.reshape(-1).tolist()], EXRAW).to_dense()
    return ct, x


def dense_product(ct: Any, x: Any) -> list[sympy.Expr]:
    """SymPy's dense matrix product C^T x (only this is timed).

    SymPy's Matrix class keeps symbolic matrices in a sparse format internally, so the
    dense product is asked for explicitly: DomainMatrix in dense (DDM) format.
    """
    return [row[0] for row in ct.matmul(x).to_sympy().to_list()]


def dense_in_subprocess(j: int, limit: float) -> float | None:
    """Time of the dense product in a fresh process, or None past the limit."""
    code = (
        "import sys, time; sys.path.insert(0, %r);"
        "sys.argv=['x']; import benchmarks.run as b;"
        "ct, x = b.dense_operands(%d);"
        "t=time.perf_counter(); b.dense_product(ct, x); print(time.perf_counter()-t)"
    ) % (str(ROOT), j)
    try:
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=limit,
            check=True,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return None
    return float(out.stdout.strip().splitlines()[-1])


def bench_symbolic(sizes: list[int], repeat: int, dense_limit: float) -> list[dict[str, Any]]:
    rows = []
    for j in sizes:
        t_floor, ref = best_of(lambda j=j: floor_sums(j), repeat)
        t_derive, got = best_of(lambda j=j: derive_sums(j), repeat)
        assert got == ref, f"J={j}: derive and the floor built different sums"
        row: dict[str, Any] = {
            "J": j,
            "derive_s": t_derive,
            "floor_s": t_floor,
            "ratio_to_floor": t_derive / t_floor,
        }
        if j <= 32:
            if j <= 16:
                ct, x = dense_operands(j)
                clear_cache()
                t_dense, dense = timed(lambda: dense_product(ct, x))
                assert [sympy.expand(a - b) for a, b in zip(dense, ref)] == [0] * len(ref)
            else:
                t_dense = dense_in_subprocess(j, dense_limit)
            row["dense_s"] = t_dense
            row["dense_over_derive"] = None if t_dense is None else t_dense / t_derive
        rows.append(row)
    return rows


def peak_memory_mb(j: int) -> float:
    """Peak RSS (MB) of a fresh process that imports symtconv and derives the JxJ case.

    Read from VmHWM in /proc/self/status: getrusage's ru_maxrss of a child can report the
    parent's peak, which a forked process inherits.
    """
    code = (
        "import sys; sys.path.insert(0, %r); import symtconv;"
        "symtconv.derive(input_shape=(%d, %d), kernel_shape=(3, 3), stride=2, padding=1);"
        "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"
    ) % (str(ROOT), j, j)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return int(out.stdout.strip()) / 1024  # kB


# ----- b. numeric ---------------------------------------------------------------------------


def bench_numeric_policies(pairs: int) -> dict[str, list[dict[str, Any]]]:
    """The numeric comparison in fresh processes, once per OpenMP wait policy.

    Interleaved runs put both libraries' thread pools on the same cores.  torch's OpenMP
    threads spin for a while after each call by default, which slows the NumPy/BLAS work
    that follows; with OMP_WAIT_POLICY=PASSIVE they sleep.  Both are reported.
    """
    out = {}
    for policy in ("PASSIVE", "default"):
        env = dict(os.environ)
        env.pop("OMP_WAIT_POLICY", None)
        if policy != "default":
            env["OMP_WAIT_POLICY"] = policy
        code = (
            "import json, sys; sys.path.insert(0, %r); sys.argv=['x'];"
            "import benchmarks.run as b; print(json.dumps(b.bench_numeric(%d)))"
        ) % (str(ROOT), pairs)
        run = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env=env,
        )
        out[policy] = json.loads(run.stdout.strip().splitlines()[-1])
    return out


def bench_numeric(pairs: int) -> list[dict[str, Any]]:
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        return [{"skipped": "torch is not installed (pip install torch==2.13.0)"}]
    threads = os.cpu_count() or 1
    torch.set_num_threads(threads)
    rng = np.random.default_rng(0)
    rows = []
    for n, cin, cout, h, k, s, p in LAYERS:
        x = rng.standard_normal((n, cin, h, h)).astype(np.float32)
        w = rng.standard_normal((cin, cout, k, k)).astype(np.float32)
        xt, wt = torch.from_numpy(x), torch.from_numpy(w)
        ours = lambda: symtconv.conv_transpose(x, w, stride=s, padding=p)  # noqa: E731
        theirs = lambda: F.conv_transpose2d(xt, wt, stride=s, padding=p)  # noqa: E731
        a, b = ours(), theirs().numpy()  # warm-up, and the check
        scale = float(np.abs(b).max())
        assert np.allclose(a, b, rtol=1e-4, atol=1e-4 * scale), "conv_transpose != torch"
        ratios, t_ours, t_theirs = [], [], []
        for _ in range(pairs):
            t1, _ = timed(ours)
            t2, _ = timed(theirs)
            ratios.append(t1 / t2)
            t_ours.append(t1)
            t_theirs.append(t2)
        rows.append(
            {
                "layer": f"N={n}, {cin}->{cout}, {h}x{h}, k={k}, s={s}, p={p}",
                "symtconv_ms": 1e3 * statistics.median(t_ours),
                "torch_ms": 1e3 * statistics.median(t_theirs),
                "median_ratio": statistics.median(ratios),
                "threads": threads,
            }
        )
    return rows


# ----- c. verify sweeps ---------------------------------------------------------------------


def bench_verify(quick: bool) -> dict[str, Any]:
    grid = symtconv.SweepGrid(
        ranks=(2,), forward=False, channels=((1, 1, 1),), symbolic_max_nonzeros=0
    )
    specs = list(grid.specs())
    numeric_specs = specs[: 300 if quick else None]
    t, report = timed(
        lambda: symtconv.sweep(
            specs=numeric_specs, grid=grid, methods=["scatter", "zero_insertion"]
        )
    )
    assert report.ok
    numeric = {"configurations": report.checked, "seconds": t, "per_second": report.checked / t}
    sym_grid = symtconv.SweepGrid(
        ranks=(2,), forward=False, channels=((1, 1, 1),), symbolic_max_nonzeros=10**9
    )
    sym_specs = specs[: 100 if quick else 400]
    t, report = timed(lambda: symtconv.sweep(specs=sym_specs, grid=sym_grid))
    assert report.ok and report.symbolic_checked == report.checked
    symbolic = {"configurations": report.checked, "seconds": t, "per_second": report.checked / t}
    return {"numeric": numeric, "symbolic": symbolic}


# ----- d. prove -----------------------------------------------------------------------------


#: A few claims as users write them: (claim, assumptions, timeout in seconds).
USER_CLAIMS = [
    ("conv_out(tconv_out(i, k, s, p, d, op), k, s, p, d) == i", ("op < s",), 10.0),
    ("conv_out(tconv_out(i, k, s, p, d, op), k, s, p, d) == i", ("op < s or op < d",), 10.0),
    (
        "tconv_out(conv_out(i, k, s, p, d), k, s, p, d) == i - (i + 2*p - d*(k - 1) - 1) % s",
        (),
        10.0,
    ),
    ("conv_out(i, k, 1, k // 2) == i", (), 10.0),
    ("conv_out(i, k, s, p_lo=(k - 1) // 2, p_hi=k // 2) == (i - 1) // s + 1", (), 10.0),
    ("x^3 + y^3 != z^3", ("x >= 1", "y >= 1", "z >= 1"), 1.0),
]


def bench_prove() -> dict[str, Any]:
    from symtconv.prover.theorems import THEOREMS

    rows = {}
    for name in THEOREMS:
        t, result = timed(lambda name=name: symtconv.prove_theorem(name))
        rows[name] = {"seconds": t, "status": result.status, "parts": len(result.proofs)}
    total = sum(r["seconds"] for r in rows.values())
    claims = []
    for claim, assume, timeout in USER_CLAIMS:
        t, proof = timed(lambda c=claim, a=assume, s=timeout: symtconv.prove(c, a, timeout=s))
        claims.append(
            {"claim": claim, "assume": list(assume), "seconds": t, "status": proof.status}
        )
    return {"theorems": rows, "total_seconds": total, "claims": claims}


# ----- report -------------------------------------------------------------------------------


def machine() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SymPy {sympy.__version__}, NumPy {np.__version__}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes and repetitions")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    sizes = [16, 32, 64] if args.quick else [16, 32, 64, 128]
    results: dict[str, Any] = {"machine": machine()}
    results["symbolic"] = bench_symbolic(sizes, 1 if args.quick else 3, 60.0)
    results["peak_rss_mb"] = {
        f"J={sizes[-1]}": peak_memory_mb(sizes[-1]),
        "J=64": peak_memory_mb(64),
    }
    results["numeric"] = bench_numeric_policies(5 if args.quick else 21)
    results["verify"] = bench_verify(args.quick)
    results["prove"] = bench_prove()
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"machine: {results['machine']}")
    print("\na. symbolic C^T x, 2-D, k=3, s=2, p=1 (best of runs, SymPy cache cleared)")
    print(f"  {'J':>4} {'derive':>9} {'floor':>9} {'ratio':>6} {'dense':>9} {'dense/derive':>12}")
    for r in results["symbolic"]:
        dense = r.get("dense_s", "")
        dense_txt = "" if "dense_s" not in r else ("> limit" if dense is None else f"{dense:.3f}s")
        ratio = r.get("dense_over_derive")
        print(
            f"  {r['J']:>4} {r['derive_s']:>8.3f}s {r['floor_s']:>8.3f}s "
            f"{r['ratio_to_floor']:>6.2f} {dense_txt:>9} "
            f"{'' if ratio is None else f'{ratio:.0f}x':>12}"
        )
    print("  peak RSS: " + ", ".join(f"{k} {v:.0f} MB" for k, v in results["peak_rss_mb"].items()))
    print(
        "\nb. numeric conv_transpose vs torch conv_transpose2d (float32, interleaved, "
        "median of pair ratios)"
    )
    for policy, rows in results["numeric"].items():
        print(f"  torch's idle OpenMP threads: OMP_WAIT_POLICY {policy}")
        for r in rows:
            if "skipped" in r:
                print("    " + r["skipped"])
                continue
            print(
                f"    {r['layer']:<36} {r['symtconv_ms']:8.2f} ms {r['torch_ms']:8.2f} ms "
                f"ratio {r['median_ratio']:.2f} ({r['threads']} threads)"
            )
    v = results["verify"]
    print("\nc. verify sweeps (2-D, exact)")
    for kind in ("numeric", "symbolic"):
        print(
            f"  {kind:<9} {v[kind]['configurations']:>5} configurations in "
            f"{v[kind]['seconds']:.2f} s: {v[kind]['per_second']:.0f}/s"
        )
    print("\nd. prove: built-in theorems, then user claims")
    pr = results["prove"]
    for name, r in pr["theorems"].items():
        print(f"  {name:<28} {r['parts']} part(s) {r['seconds']:6.3f} s {r['status']}")
    print(f"  all together: {pr['total_seconds']:.2f} s")
    for r in pr["claims"]:
        assume = f" [{'; '.join(r['assume'])}]" if r["assume"] else ""
        print(f"  {r['seconds']:6.3f} s {r['status']:<9} {r['claim']}{assume}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
