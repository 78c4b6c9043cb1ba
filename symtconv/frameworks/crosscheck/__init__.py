"""Cross-check real framework implementations against symtconv's exact result.

For each configuration (a canonical form and one way of writing it in the
framework's parameters) :func:`crosscheck` runs the framework --
``torch.nn.functional.conv_transpose{1,2,3}d`` / ``ConvTranspose*d.forward``
for PyTorch, an ONNX model built with ``onnx.helper`` and run by
``onnx.reference.ReferenceEvaluator`` (plus ONNX's shape inference) -- on
random integer-valued float64 data and compares with symtconv's exact result.

Tolerance: none.  The data are integers in [-9, 9] held in float64; every
product and partial sum is an integer far below 2**53, so float64 computes
them exactly in any order and a framework's result must be *equal*.  A
difference is a real one.  Each disagreement comes with a minimal reproducer:
the data shrunk (bias dropped, batch of one, one-hot input and kernel) while
the disagreement persists, both results, and a standalone script.

torch and onnx are optional: they are imported when a check needs them
(:class:`~symtconv.errors.MissingDependencyError` says how to install them).

The modules, by job: :mod:`.variants` (the ways of writing a configuration),
:mod:`.runners` (the registry of the frameworks run: :mod:`.torch_runner`,
:mod:`.onnx_runner`), :mod:`.compare` (one run compared exactly),
:mod:`.shrink` (the reproducer), :mod:`.report` (the results) and :mod:`.run`
(:func:`crosscheck`: every configuration, every variant).
"""

from .compare import TOLERANCE
from .report import CrosscheckReport, Disagreement
from .run import crosscheck
from .runners import RUNNERS, Runner
from .variants import Variant, given_variant, variants_for

__all__ = [
    "RUNNERS",
    "TOLERANCE",
    "CrosscheckReport",
    "Disagreement",
    "Runner",
    "Variant",
    "crosscheck",
    "given_variant",
    "variants_for",
]
