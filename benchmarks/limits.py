"""The default limits, measured: the largest work each default accepts, timed.

Run by hand (not in the test suite), from the repository root:

    python benchmarks/limits.py            # every case
    python benchmarks/limits.py --json     # machine-readable
    python benchmarks/limits.py --only derive

Each case runs in a fresh process (the command line, or Python for the API) at
(or just under) the largest size its default limits accept, and reports its wall
time and peak resident memory; the target is under 30 s and under 4 GB.  Each case
also runs the next size up and checks that it is refused (exit 2, one line naming
the limit), so the case really sits at the limit.  The README's "Limits" section
quotes a run of this script.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
TARGET_SECONDS = 30.0
TARGET_BYTES = 4 * 1024**3


@dataclass(frozen=True)
class Case:
    """One measurement: a command line (or Python code) at size ``at``, refused at ``over``.

    ``argv(n)`` gives the arguments for size ``n`` (``{n}`` in the words is replaced);
    ``over`` is None where there is no next size to refuse (a default grid).
    """

    name: str
    limit: str
    words: str
    at: int = 0
    over: int | None = None
    python: bool = False

    def argv(self, n: int) -> tuple[str, ...]:
        if self.python:
            return (PYTHON, "-c", self.words.format(n=n))
        return (
            PYTHON,
            "-m",
            "symtconv",
            *(w.replace("{n}", str(n)) for w in self.words.split("|")),
        )


_CHECK_CLAIM = """
import symtconv
spec = dict(input_shape=({n}, {n}), kernel_shape=(3, 3), stride=2, padding=1)
claim = symtconv.derive(**spec).output.tolist()
claim[0][0] = 0
report = symtconv.check(claim, **spec)
assert not report.correct
str(report)
"""

_CONV = """
import numpy as np, symtconv
symtconv.conv_transpose(np.ones((1, 1, {n}, {n})), np.ones((1, 1, 3, 3)))
"""

_K3 = "--kernel-shape|3x3|--stride|2|--padding|1"
_TERMS = "(x_{0,0}+x_{0,1}+x_{1,0}+x_{1,1}+w_{0,0}+w_{0,1}+w_{1,0}+w_{1,1})^{n}"

# fmt: off
CASES: tuple[Case, ...] = (
    Case("derive text: C (k3 s2 p1)", "max_nonzeros 100,000",
         f"derive|--input-shape|{{n}}x{{n}}|{_K3}", 106, 107),
    Case("derive text: the output (stride n)", "max_elements 150,000",
         "derive|--input-shape|2x2|--kernel-shape|1x1|--stride|{n}", 386, 387),
    Case("derive text: both (k2 s2)", "max_nonzeros 100,000, max_elements 150,000",
         "derive|--input-shape|{n}x{n}|--kernel-shape|2x2|--stride|2", 158, 159),
    Case("derive json: C (k3 s2 p1)", "max_nonzeros 30,000",
         f"derive|--input-shape|{{n}}x{{n}}|{_K3}|--format|json", 58, 59),
    Case("derive json: the output (stride n)", "max_elements 100,000",
         "derive|--input-shape|2x2|--kernel-shape|1x1|--stride|{n}|--format|json", 315, 316),
    Case("derive latex: C (k3 s2 p1)", "max_nonzeros 20,000",
         f"derive|--input-shape|{{n}}x{{n}}|{_K3}|--format|latex|--standalone", 47, 48),
    Case("derive markdown: C (k3 s2 p1)", "max_nonzeros 20,000",
         f"derive|--input-shape|{{n}}x{{n}}|{_K3}|--format|markdown", 47, 48),
    Case("derive latex: the output (stride n)", "max_elements 40,000",
         "derive|--input-shape|2x2|--kernel-shape|1x1|--stride|{n}|--format|latex", 198, 199),
    Case("derive latex: both (k1)", "max_nonzeros 20,000, max_elements 40,000",
         "derive|--input-shape|{n}x{n}|--kernel-shape|1x1|--format|latex", 141, 142),
    Case("check: a whole symbolic output (API)", "max_nonzeros 15,000", _CHECK_CLAIM, 41, 42,
         python=True),
    Case("check: one claimed value of many terms (power n)", "max_terms 10,000",
         f"check|--input-shape|2x2|--kernel-shape|2x2|--entry|1,1|--claimed|{_TERMS}", 8, 9),
    Case("verify: C (k3 s2 p1)", "max_nonzeros 1,000,000",
         f"verify|--input-shape|{{n}}x{{n}}|{_K3}", 334, 335),
    Case("verify: the output (stride n)", "max_elements 600,000",
         "verify|--input-shape|2x2|--kernel-shape|1x1|--stride|{n}", 773, 774),
    Case("verify --sweep: the default grid", "max_configurations 5,000", "verify|--sweep"),
    Case("verify --sweep: configurations (sizes 1:n)", "max_configurations 5,000",
         "verify|--sweep|--ranks|1|--sizes|1:{n}|--kernels|1:4", 8, 9),
    Case("verify --sweep: larger configurations (sizes 3:n)", "max_nonzeros 4,000,000 (sweep)",
         "verify|--sweep|--ranks|2|--sizes|3:{n}", 5, 6),
    Case("crosscheck torch --sweep: the default grid", "max_configurations 3,000",
         "crosscheck|--framework|torch|--sweep"),
    Case("crosscheck onnx --sweep: the default grid", "max_configurations 3,000",
         "crosscheck|--framework|onnx|--sweep"),
    Case("prove: a claim of many terms (power n)", "max_terms 10,000",
         "prove|(i+j+k+l+m+n+o+q)^{n} >= 0", 8, 9),
    Case("prove --identity adjoint: C (k3)", "max_nonzeros 5,000 (identities)",
         "prove|--identity|adjoint|--input-shape|{n}x{n}|--kernel-shape|3x3", 23, 24),
    Case("shape: the sizes listed (stride n)", "max_sizes 10,000",
         "shape|--input-shape|5|--kernel-shape|3|--stride|{n}", 10_000, 10_001),
    Case("conv_transpose float64 (API)", "max_bytes 2 GiB", _CONV, 4200, 4300, python=True),
)
# fmt: on


def run(argv: tuple[str, ...]) -> tuple[int, float, int, str]:
    """Exit code, wall seconds, peak resident bytes and the last stderr line of one process."""
    with tempfile.TemporaryFile("w+") as err, tempfile.TemporaryDirectory() as cwd:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, cwd=cwd, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        lines = err.read().strip().splitlines()
    return proc.returncode, seconds, usage.ru_maxrss * 1024, lines[-1] if lines else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--only", help="run the cases whose name contains this")
    args = parser.parse_args()
    results = []
    for case in CASES:
        if args.only and args.only not in case.name:
            continue
        code, seconds, peak, last = run(case.argv(case.at))
        refused = None
        if case.over is not None:
            rcode, _, _, rlast = run(case.argv(case.over))
            refused = rcode != 0 and "max_" in rlast
        ok = code in (0, 1) and seconds < TARGET_SECONDS and peak < TARGET_BYTES
        results.append(
            {
                "case": case.name,
                "limit": case.limit,
                "size": case.at,
                "exit": code,
                "seconds": round(seconds, 2),
                "peak_mb": round(peak / 2**20),
                "next_size_refused": refused,
                "within_target": ok,
                "stderr": last,
            }
        )
        if not args.json:
            mark = "ok" if ok and refused in (None, True) else "OVER"
            size = f" n={case.at}" if case.over is not None else ""
            print(
                f"{mark:4} {seconds:6.1f} s {peak / 2**20:7.0f} MB  exit {code}  "
                f"{case.name}{size} [{case.limit}]"
                + ("" if refused is None else f"; n={case.over} refused: {refused}"),
                flush=True,
            )
    load = os.getloadavg()
    info = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load {load[0]:.1f}",
        "python": platform.python_version(),
    }
    if args.json:
        print(json.dumps({"info": info, "results": results}, indent=2))
    else:
        print(f"{info['machine']}; Python {info['python']}")
    return 0 if all(r["within_target"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
