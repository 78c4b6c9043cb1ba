"""symtconv: derive, verify, prove and check transposed convolutions.

Transposed convolution is derived literally as ``C^T x``, where C is the
forward convolution's matrix, and checked against independent
implementations.  See README.md for the command line and the API.
"""

from .derive import Derivation, derive
from .errors import (
    MissingDependencyError,
    ParseError,
    SpecError,
    SymtconvError,
    TooLargeError,
)
from .identities import IdentityProof, prove_identity
from .numeric import conv, conv_transpose, conv_transpose_zero_insertion
from .prove import Proof, prove
from .shapes import preimages, shape_report, size_formula
from .spec import ConvSpec
from .theorems import THEOREMS, TheoremResult, prove_theorem
from .verify import SweepGrid, sweep, verify

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "ConvSpec",
    "Derivation",
    "derive",
    "conv",
    "conv_transpose",
    "conv_transpose_zero_insertion",
    "size_formula",
    "shape_report",
    "preimages",
    "verify",
    "sweep",
    "SweepGrid",
    "prove",
    "Proof",
    "prove_theorem",
    "TheoremResult",
    "THEOREMS",
    "prove_identity",
    "IdentityProof",
    "SymtconvError",
    "SpecError",
    "ParseError",
    "TooLargeError",
    "MissingDependencyError",
]
