"""symtconv: derive, verify, prove and check transposed convolutions.

Transposed convolution is derived literally as ``C^T x``, where C is the
forward convolution's matrix, and checked against independent
implementations.  See README.md for the command line and the API.

The public names are imported on first use (PEP 562), so that importing the
package -- and ``symtconv --help`` -- does not load SymPy and NumPy; the
writers of results (:mod:`symtconv.render`) register themselves when a result
is first rendered.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import results as _results

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_EXPORTS = {
    "FRAMEWORKS": "frameworks",
    "THEOREMS": "prover.theorems",
    "Canonical": "frameworks",
    "CheckReport": "handcheck.checker",
    "ConvSpec": "core.spec",
    "Conversion": "frameworks.convert",
    "CrosscheckReport": "frameworks.crosscheck",
    "Derivation": "engine.derivation",
    "IdentityProof": "prover.identities",
    "LintReport": "linter",
    "MissingDependencyError": "errors",
    "Overlap": "engine.overlap",
    "ParseError": "errors",
    "Proof": "prover.proof",
    "SpecError": "errors",
    "SweepGrid": "engine.sweeps",
    "SymtconvError": "errors",
    "TheoremResult": "prover.theorems",
    "TooLargeError": "errors",
    "check": "handcheck.checker",
    "conv": "core.numeric",
    "conv_transpose": "core.numeric",
    "conv_transpose_zero_insertion": "core.numeric",
    "convert": "frameworks.convert",
    "crosscheck": "frameworks.crosscheck",
    "derive": "engine.derivation",
    "from_framework": "frameworks",
    "lint": "linter",
    "overlap": "engine.overlap",
    "overlap_of": "engine.overlap",
    "preimages": "core.shapes",
    "prove": "prover.proof",
    "prove_identity": "prover.identities",
    "prove_theorem": "prover.theorems",
    "shape_report": "core.shapes",
    "size_formula": "core.shapes",
    "sweep": "engine.sweeps",
    "to_framework": "frameworks",
    "verify": "engine.verification",
}

__all__ = [
    "FRAMEWORKS",
    "THEOREMS",
    "Canonical",
    "CheckReport",
    "ConvSpec",
    "Conversion",
    "CrosscheckReport",
    "Derivation",
    "IdentityProof",
    "LintReport",
    "MissingDependencyError",
    "Overlap",
    "ParseError",
    "Proof",
    "SpecError",
    "SweepGrid",
    "SymtconvError",
    "TheoremResult",
    "TooLargeError",
    "__version__",
    "check",
    "conv",
    "conv_transpose",
    "conv_transpose_zero_insertion",
    "convert",
    "crosscheck",
    "derive",
    "from_framework",
    "lint",
    "overlap",
    "overlap_of",
    "preimages",
    "prove",
    "prove_identity",
    "prove_theorem",
    "shape_report",
    "size_formula",
    "sweep",
    "to_framework",
    "verify",
]


def _load_writers() -> None:
    importlib.import_module(".render", __name__)


_results.WRITER_LOADER = _load_writers


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:  # what type checkers and editors see: the names themselves
    from .core.numeric import conv, conv_transpose, conv_transpose_zero_insertion
    from .core.shapes import preimages, shape_report, size_formula
    from .core.spec import ConvSpec
    from .engine.derivation import Derivation, derive
    from .engine.overlap import Overlap, overlap, overlap_of
    from .engine.sweeps import SweepGrid, sweep
    from .engine.verification import verify
    from .errors import (
        MissingDependencyError,
        ParseError,
        SpecError,
        SymtconvError,
        TooLargeError,
    )
    from .frameworks import FRAMEWORKS, Canonical, from_framework, to_framework
    from .frameworks.convert import Conversion, convert
    from .frameworks.crosscheck import CrosscheckReport, crosscheck
    from .handcheck.checker import CheckReport, check
    from .linter import LintReport, lint
    from .prover.identities import IdentityProof, prove_identity
    from .prover.proof import Proof, prove
    from .prover.theorems import THEOREMS, TheoremResult, prove_theorem
