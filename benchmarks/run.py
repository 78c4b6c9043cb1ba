"""symtconv benchmarks: ratios against peers measured in the same run, rounds interleaved.

Run by hand (not in the test suite), from the repository root:

    python benchmarks/run.py            # every figure
    python benchmarks/run.py --quick    # fewer sizes and rounds
    python benchmarks/run.py --json     # machine-readable

Every comparison runs in rounds, the tool and its peer one after the other in each round
(ABAB...), and reports the median and the range of the per-round ratios; the machine's load
(os.getloadavg) is recorded at the start and end of each section.  On a shared machine the
ratios of a round are what can be trusted: both sides of a round see the same load.

a. symbolic: symtconv.derive (the literal C^T x) for a 2-D single-channel transposed
   convolution, k=3, s=2, p=1, on a symbolic JxJ input, against the constructive floor:
   the same canonical SymPy expressions built directly (the symbols, then Mul._from_args
   and Add._from_args with the arguments already in SymPy's order, the collector paused as
   derive pauses it), checked == to derive's output.  SymPy's cache, and symtconv's own
   (C's structure per spec, entry names, ...: symtconv.core.memo), are cleared before every
   timed call.  Peak memory: fresh processes, floor against derive.  And SymPy's dense
   product C^T x against derive at J=16.
b. documents: a LaTeX and a Markdown document, and JSON, of the derivation, each against
   deriving it (in the same round); and, for scale, json.dumps (Python's C encoder, one
   line) of the same plain data, built beforehand.  derive pauses Python's cyclic collector
   (its objects hold no cycles); the collector's first pass over a new derivation's objects
   (its young generations, gc.collect(1)), which would otherwise fall inside whatever runs
   next, is timed apart between the two (the row "collector", against the derivation).
c. start-up: symtconv --help, --version and a mistyped command, each against
   python -c "import numpy", fresh processes.
d. numeric: symtconv.conv_transpose against torch.nn.functional.conv_transpose2d (CPU,
   float32) on four layers: each library alone in its own process (torch's idle threads
   sleeping, OMP_WAIT_POLICY=PASSIVE), on 1 and on 2 threads; and both in one process,
   calls interleaved, 2 threads.
e. verify: configurations per second of an exact sweep, numeric and symbolic.
f. prove: the time of every built-in theorem (all its parts), all together, and of a few
   user claims (one of them beyond the method, with a 1 s timeout).
"""

from __future__ import annotations

import argparse
import gc
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
from sympy import Add, Mul, Symbol
from sympy.core.cache import clear_cache

import symtconv
from symtconv.core.memo import clear_caches

K, S, P = 3, 2, 1
#: The symbolic sizes measured are above derive's default limit (100,000 nonzeros of C).
BIG = 10**7
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


def load() -> list[float]:
    """The machine's load averages over 1, 5 and 15 minutes."""
    return [round(v, 2) for v in os.getloadavg()]


def ratios(pairs: list[tuple[float, float]]) -> dict[str, Any]:
    """Median and range of the per-round ratios a/b, with the median times."""
    r = [a / b for a, b in pairs]
    return {
        "median": statistics.median(r),
        "min": min(r),
        "max": max(r),
        "rounds": len(r),
        "tool_s": statistics.median(a for a, _ in pairs),
        "peer_s": statistics.median(b for _, b in pairs),
    }


def cleared(fn: Callable[[], Any]) -> Callable[[], Any]:
    """``fn`` with SymPy's cache and symtconv's own (symtconv.core.memo) cleared first."""

    def run() -> Any:
        clear_cache()
        clear_caches()
        return fn()

    return run


# ----- a. symbolic ------------------------------------------------------------------------


def floor_sums(j: int) -> list[sympy.Expr]:
    """The constructive floor: derive's output for the JxJ case, built directly.

    The J*J + 9 symbols, then each output entry as Add._from_args of Mul._from_args of
    (w, x) pairs, the pairs taken tap by tap: with k <= 10 that is SymPy's order (the
    names w_{t,u} sort as the taps, and 'w' < 'x' within each product), so no sorting
    is done; nothing but the objects themselves is built, with the collector paused.
    """
    assert K <= 10
    was = gc.isenabled()
    gc.disable()  # as derive does (symtconv.core.gcpause)
    try:
        x = [[Symbol(f"x_{{{q},{r}}}") for r in range(j)] for q in range(j)]
        w = [[Symbol(f"w_{{{t},{u}}}") for u in range(K)] for t in range(K)]
        n = (j - 1) * S - 2 * P + K
        hits = [[((a + P - t) // S, t) for t in range(K) if (a + P - t) % S == 0] for a in range(n)]
        hits = [[(q, t) for q, t in h if 0 <= q < j] for h in hits]
        mul, add = Mul._from_args, Add._from_args
        return [
            add([mul((w[t][u], x[q][r]), True) for q, t in hits[a] for r, u in hits[b]], True)
            for a in range(n)
            for b in range(n)
        ]
    finally:
        if was:
            gc.enable()
            # the collection the next allocation runs over the new objects: derive runs it
            # when it returns (its Derivation is the next allocation), so both pay for it
            gc.collect(0)


def derive_layer(j: int) -> Any:
    """The benchmark's layer derived for a symbolic JxJ input (above derive's default limits)."""
    return symtconv.derive(
        input_shape=(j, j),
        kernel_shape=(K, K),
        stride=S,
        padding=P,
        max_nonzeros=BIG,
        max_elements=BIG,
    )


def derive_sums(j: int) -> list[sympy.Expr]:
    d = derive_layer(j)
    return list(d.product[0])


def bench_symbolic(sizes: list[int], rounds: int) -> list[dict[str, Any]]:
    rows = []
    for j in sizes:
        assert floor_sums(j) == derive_sums(j), f"J={j}: derive and the floor differ"  # warm-up
        pairs = []
        for _ in range(rounds):
            t_derive, _ = timed(cleared(lambda j=j: derive_sums(j)))
            t_floor, _ = timed(cleared(lambda j=j: floor_sums(j)))
            pairs.append((t_derive, t_floor))
        rows.append({"J": j, **ratios(pairs), "load": load()})
    return rows


def dense_operands(j: int) -> tuple[Any, Any]:
    """C^T and x as dense-format SymPy DomainMatrices (built outside the timing)."""
    from sympy.polys.domains import EXRAW
    from sympy.polys.matrices import DomainMatrix

    d = derive_layer(j)
    ct = DomainMatrix.from_list(d.C.T.tolist(), EXRAW).to_dense()
    x = DomainMatrix.from_list([[v] for v in d.x.reshape(-1).tolist()], EXRAW).to_dense()
    return ct, x


def bench_dense(j: int, rounds: int) -> dict[str, Any]:
    """SymPy's dense product C^T x (DomainMatrix in dense format; SymPy's Matrix class keeps
    symbolic matrices sparse inside) against derive, J=16; checked equal after expansion."""
    ct, x = dense_operands(j)
    ref = derive_sums(j)
    dense = [row[0] for row in ct.matmul(x).to_sympy().to_list()]
    assert [sympy.expand(a - b) for a, b in zip(dense, ref)] == [0] * len(ref)
    pairs = [
        (
            timed(cleared(lambda: ct.matmul(x).to_sympy()))[0],
            timed(cleared(lambda: derive_sums(j)))[0],
        )
        for _ in range(rounds)
    ]
    return {"J": j, **ratios(pairs), "load": load()}


_MEMORY = """
import sys; sys.path.insert(0, %r)
import benchmarks.run as b
import symtconv.engine.derivation  # both processes import the same modules before the base
def kb(key):
    return int([l.split()[1] for l in open('/proc/self/status') if l.startswith(key)][0])
base = kb('VmRSS')
result = b.floor_sums(%d) if %r == 'floor' else b.symtconv.derive(
    input_shape=(%d, %d), kernel_shape=(3, 3), stride=2, padding=1, max_nonzeros=10**7,
    max_elements=10**7)
print(kb('VmHWM'), base)
"""


def peak_memory_mb(which: str, j: int) -> tuple[float, float]:
    """(peak RSS, peak RSS less the RSS after the imports) in MB of a fresh process.

    Read from /proc/self/status (VmHWM): getrusage's ru_maxrss of a child can report the
    parent's peak, which a forked process inherits.
    """
    code = _MEMORY % (str(ROOT), j, which, j, j)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    peak, base = (int(v) for v in out.stdout.split())
    return peak / 1024, (peak - base) / 1024


def bench_memory(sizes: list[int], rounds: int) -> list[dict[str, Any]]:
    rows = []
    for j in sizes:
        runs = [(peak_memory_mb("derive", j), peak_memory_mb("floor", j)) for _ in range(rounds)]
        d_peak = statistics.median(d[0] for d, _ in runs)
        f_peak = statistics.median(f[0] for _, f in runs)
        d_add = statistics.median(d[1] for d, _ in runs)
        f_add = statistics.median(f[1] for _, f in runs)
        rows.append(
            {
                "J": j,
                "derive_peak_mb": d_peak,
                "floor_peak_mb": f_peak,
                "peak_ratio": d_peak / f_peak,
                "derive_added_mb": d_add,
                "floor_added_mb": f_add,
                "added_ratio": d_add / f_add,
            }
        )
    return rows


# ----- b. documents ---------------------------------------------------------------------------


def bench_documents(sizes: list[int], rounds: int) -> list[dict[str, Any]]:
    rows = []
    for j in sizes:
        make = lambda j=j: derive_layer(j)  # noqa: E731
        passes = []
        for fmt in ("latex", "markdown", "json"):
            pairs = []
            for n in range(rounds + 1):  # the first round, which imports, is not counted
                t_derive, d = timed(cleared(make))
                # derive pauses the collector: its first pass over the new objects (the
                # young generations, gc.collect(1)) comes after, timed here on its own (a
                # row of its own), not inside the writer
                t_pass = timed(lambda: gc.collect(1))[0]
                write = {"latex": d.to_latex, "markdown": d.to_markdown, "json": d.to_json}[fmt]
                clear_cache()
                t_doc, text = timed(write)
                if n:
                    pairs.append((t_doc, t_derive))
                    passes.append((t_pass, t_derive))
            rows.append(
                {"J": j, "format": fmt, "kb": len(text) / 1024, **ratios(pairs), "load": load()}
            )
        rows.append({"J": j, "format": "collector", "kb": 0.0, **ratios(passes), "load": load()})
        # what bounds JSON: json's C encoder alone, on the same plain data built beforehand
        pairs = []
        for _ in range(rounds):
            t_derive, d = timed(cleared(make))
            data = d.as_dict()
            pairs.append((timed(lambda data=data: json.dumps(data))[0], t_derive))
        rows.append({"J": j, "format": "json.dumps", "kb": 0.0, **ratios(pairs), "load": load()})
    return rows


# ----- c. start-up ----------------------------------------------------------------------------


STARTUP = {
    "symtconv --help": ["-m", "symtconv", "--help"],
    "symtconv --version": ["-m", "symtconv", "--version"],
    "symtconv frobnicate (an argument error)": ["-m", "symtconv", "frobnicate"],
}


def _run_s(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], capture_output=True, cwd=ROOT, check=False)
    return time.perf_counter() - start


def bench_startup(rounds: int) -> list[dict[str, Any]]:
    rows = []
    peer = ["-c", "import numpy"]
    for name, args in STARTUP.items():
        pairs = [(_run_s(args), _run_s(peer)) for _ in range(rounds)]
        rows.append({"what": name, **ratios(pairs), "load": load()})
    return rows


# ----- d. numeric -----------------------------------------------------------------------------


def _layer_data(layer: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    n, cin, cout, h, k, _, _ = layer
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, cin, h, h)).astype(np.float32)
    w = rng.standard_normal((cin, cout, k, k)).astype(np.float32)
    return x, w


def time_alone(lib: str, index: int, threads: int, reps: int) -> float:
    """Median time of one library's call in this process (run by :func:`alone`)."""
    layer = LAYERS[index]
    x, w = _layer_data(layer)
    s, p = layer[5], layer[6]
    if lib == "torch":
        import torch
        import torch.nn.functional as F

        torch.set_num_threads(threads)
        xt, wt = torch.from_numpy(x), torch.from_numpy(w)
        fn = lambda: F.conv_transpose2d(xt, wt, stride=s, padding=p)  # noqa: E731
    else:
        from symtconv.core import numeric

        numeric.NUM_THREADS = threads
        fn = lambda: symtconv.conv_transpose(x, w, stride=s, padding=p)  # noqa: E731
    for _ in range(3):
        fn()
    return statistics.median(timed(fn)[0] for _ in range(reps))


def alone(lib: str, index: int, threads: int, reps: int) -> float:
    """:func:`time_alone` in a fresh process with ``threads`` threads for BLAS and OpenMP."""
    env = dict(os.environ)
    env.update(
        OMP_NUM_THREADS=str(threads),
        OPENBLAS_NUM_THREADS=str(threads),
        MKL_NUM_THREADS=str(threads),
        OMP_WAIT_POLICY="PASSIVE",
    )
    code = (
        "import sys; sys.path.insert(0, %r); sys.argv = ['x']; import benchmarks.run as b;"
        "print(b.time_alone(%r, %d, %d, %d))"
    ) % (str(ROOT), lib, index, threads, reps)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env=env
    )
    return float(out.stdout.strip().splitlines()[-1])


def _layer_name(layer: tuple[int, ...]) -> str:
    n, cin, cout, h, k, s, p = layer
    return f"N={n}, {cin}->{cout}, {h}x{h}, k={k}, s={s}, p={p}"


def bench_numeric_alone(rounds: int, reps: int) -> list[dict[str, Any]]:
    try:
        import torch  # noqa: F401
    except ImportError:
        return [{"skipped": "torch is not installed (pip install torch==2.13.0)"}]
    rows = []
    for threads in (1, 2):
        for index, layer in enumerate(LAYERS):
            pairs = [
                (alone("symtconv", index, threads, reps), alone("torch", index, threads, reps))
                for _ in range(rounds)
            ]
            rows.append(
                {"layer": _layer_name(layer), "threads": threads, **ratios(pairs), "load": load()}
            )
    return rows


def bench_numeric_together(pairs: int) -> list[dict[str, Any]]:
    """Both libraries in one fresh process (idle OpenMP threads sleeping), calls interleaved."""
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE")
    code = (
        "import json, sys; sys.path.insert(0, %r); sys.argv=['x'];"
        "import benchmarks.run as b; print(json.dumps(b.numeric_together(%d)))"
    ) % (str(ROOT), pairs)
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env=env
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


def numeric_together(pairs: int) -> list[dict[str, Any]]:
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        return [{"skipped": "torch is not installed (pip install torch==2.13.0)"}]
    threads = os.cpu_count() or 1
    torch.set_num_threads(threads)
    rows = []
    for layer in LAYERS:
        x, w = _layer_data(layer)
        s, p = layer[5], layer[6]
        xt, wt = torch.from_numpy(x), torch.from_numpy(w)
        ours = lambda: symtconv.conv_transpose(x, w, stride=s, padding=p)  # noqa: E731
        theirs = lambda: F.conv_transpose2d(xt, wt, stride=s, padding=p)  # noqa: E731
        a, b = ours(), theirs().numpy()  # warm-up, and the check
        scale = float(np.abs(b).max())
        assert np.allclose(a, b, rtol=1e-4, atol=1e-4 * scale), "conv_transpose != torch"
        timings = [(timed(ours)[0], timed(theirs)[0]) for _ in range(pairs)]
        rows.append(
            {"layer": _layer_name(layer), "threads": threads, **ratios(timings), "load": load()}
        )
    return rows


# ----- e. verify sweeps ---------------------------------------------------------------------


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


# ----- f. prove -----------------------------------------------------------------------------


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


def _span(r: dict[str, Any]) -> str:
    return f"{r['median']:.2f} ({r['min']:.2f}-{r['max']:.2f}, {r['rounds']} rounds)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes and rounds")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    quick = args.quick
    results: dict[str, Any] = {"machine": machine(), "load_start": load()}
    sizes = [64, 128] if quick else [64, 128, 256]
    results["symbolic"] = bench_symbolic(sizes, 3 if quick else 7)
    results["memory"] = bench_memory(sizes, 1 if quick else 3)
    results["dense"] = bench_dense(16, 3)
    results["documents"] = bench_documents([64, 128], 3 if quick else 7)
    results["startup"] = bench_startup(5 if quick else 15)
    results["numeric_alone"] = bench_numeric_alone(2 if quick else 5, 7 if quick else 15)
    results["numeric_together"] = bench_numeric_together(5 if quick else 21)
    results["verify"] = bench_verify(quick)
    results["prove"] = bench_prove()
    results["load_end"] = load()
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"machine: {results['machine']}")
    print(f"load average (1, 5, 15 min): start {results['load_start']}, end {results['load_end']}")
    print("\na. symbolic C^T x, 2-D, k=3, s=2, p=1: derive / the constructive floor")
    for r in results["symbolic"]:
        print(
            f"  J={r['J']:<4} {_span(r)}  derive {r['tool_s']:.3f} s, floor {r['peer_s']:.3f} s"
            f"  load {r['load']}"
        )
    print("  peak memory of a fresh process (MB): derive / floor; in brackets above the imports")
    for r in results["memory"]:
        print(
            f"  J={r['J']:<4} {r['peak_ratio']:.2f}: {r['derive_peak_mb']:.0f} / "
            f"{r['floor_peak_mb']:.0f}  [{r['added_ratio']:.2f}: {r['derive_added_mb']:.0f} / "
            f"{r['floor_added_mb']:.0f}]"
        )
    r = results["dense"]
    print(
        f"  SymPy's dense product / derive, J={r['J']}: {_span(r)}  {r['tool_s']:.3f} s vs "
        f"{r['peer_s']:.3f} s"
    )
    print("\nb. documents and JSON / the derivation, same round")
    for r in results["documents"]:
        print(
            f"  J={r['J']:<4} {r['format']:<9} {_span(r)}  {r['tool_s']:.3f} s vs "
            f"{r['peer_s']:.3f} s, {r['kb']:.0f} KB  load {r['load']}"
        )
    print('\nc. start-up / python -c "import numpy", fresh processes')
    for r in results["startup"]:
        print(
            f"  {r['what']:<42} {_span(r)}  {r['tool_s'] * 1e3:.0f} ms vs "
            f"{r['peer_s'] * 1e3:.0f} ms"
        )
    print("\nd. numeric conv_transpose / torch conv_transpose2d (float32)")
    print(
        "  each alone in its own process, torch's idle threads sleeping (OMP_WAIT_POLICY=PASSIVE)"
    )
    for r in results["numeric_alone"]:
        if "skipped" in r:
            print("  " + r["skipped"])
            continue
        print(
            f"  {r['threads']} thread(s) {r['layer']:<36} {_span(r)}  "
            f"{r['tool_s'] * 1e3:.2f} ms vs {r['peer_s'] * 1e3:.2f} ms  load {r['load']}"
        )
    print("  both in one process, calls interleaved")
    for r in results["numeric_together"]:
        if "skipped" in r:
            print("  " + r["skipped"])
            continue
        print(
            f"  {r['threads']} thread(s) {r['layer']:<36} {_span(r)}  "
            f"{r['tool_s'] * 1e3:.2f} ms vs {r['peer_s'] * 1e3:.2f} ms"
        )
    v = results["verify"]
    print("\ne. verify sweeps (2-D, exact)")
    for kind in ("numeric", "symbolic"):
        print(
            f"  {kind:<9} {v[kind]['configurations']:>5} configurations in "
            f"{v[kind]['seconds']:.2f} s: {v[kind]['per_second']:.0f}/s"
        )
    print("\nf. prove: built-in theorems, then user claims")
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
