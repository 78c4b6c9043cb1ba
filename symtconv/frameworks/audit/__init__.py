"""``symtconv audit``: every ConvTranspose node of an ONNX model, and what the runtimes make of it.

The modules, by job: :mod:`.model` (reading the untrusted file: size limit,
no external data, nothing executed; the shapes by ONNX's shape inference),
:mod:`.runtimes` (the registry of what onnx.reference, onnxruntime, OpenVINO,
TensorRT and ONNX shape inference do with a node) and :mod:`.report`
(:func:`audit` and its results).
"""

from .model import MAX_BYTES, ModelFacts, NodeFacts
from .report import AuditReport, NodeAudit, audit
from .runtimes import RUNTIMES, RuntimeView

__all__ = [
    "MAX_BYTES",
    "RUNTIMES",
    "AuditReport",
    "ModelFacts",
    "NodeAudit",
    "NodeFacts",
    "RuntimeView",
    "audit",
]
