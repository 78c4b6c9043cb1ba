"""symtconv: derive, verify, prove and check transposed convolutions.

Transposed convolution is derived literally as ``C^T x``, where C is the
forward convolution's matrix, and checked against independent
implementations.  See README.md for the command line and the API.
"""

from .check import CheckReport, check
from .crosscheck import CrosscheckReport, crosscheck
from .derive import Derivation, derive
from .errors import (
    MissingDependencyError,
    ParseError,
    SpecError,
    SymtconvError,
    TooLargeError,
)
from .frameworks import FRAMEWORKS, Canonical, from_framework, to_framework
from .frameworks.convert import Conversion, convert
from .identities import IdentityProof, prove_identity
from .numeric import conv, conv_transpose, conv_transpose_zero_insertion
from .prove import Proof, prove
from .shapes import preimages, shape_report, size_formula
from .spec import ConvSpec
from .sweep import SweepGrid, sweep
from .theorems import THEOREMS, TheoremResult, prove_theorem
from .verify import verify

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
    "MissingDependencyError",
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
