"""symtconv: derive, verify, prove and check transposed convolutions.

Transposed convolution is derived literally as ``C^T x``, where C is the
forward convolution's matrix, and checked against independent
implementations.  See README.md for the command line and the API.
"""

from . import render as _render  # noqa: F401  (registers every writer with symtconv.results)
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

__version__ = "0.1.0"

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
