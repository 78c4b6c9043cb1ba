"""symtconv: derive, verify, prove and check transposed convolutions.

Transposed convolution is derived literally as ``C^T x``, where C is the
forward convolution's matrix, and checked against independent
implementations.  See README.md for the command line and the API.
"""

from .check import CheckReport, check
from .derive import Derivation, derive
from .errors import (
    MissingDependencyError,
    ParseError,
    SpecError,
    SymtconvError,
    TooLargeError,
)
from .numeric import conv, conv_transpose, conv_transpose_zero_insertion
from .shapes import preimages, shape_report, size_formula
from .spec import ConvSpec
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
    "check",
    "CheckReport",
    "SweepGrid",
    "SymtconvError",
    "SpecError",
    "ParseError",
    "TooLargeError",
    "MissingDependencyError",
]
