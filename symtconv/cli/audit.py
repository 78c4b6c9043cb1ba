"""``symtconv audit MODEL.onnx``: every ConvTranspose node of a model, and the runtimes' answers."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.parse import parse_shape
from ..errors import SpecError
from ..frameworks.audit import MAX_BYTES, AuditReport, audit
from .command import Command

__all__ = ["Audit"]


def _input_shapes(given: list[str] | None) -> Any:
    """``--input-shape`` values: one SHAPE (a single input) or NAME=SHAPE for each input.

    Raises:
        SpecError: a bare shape next to others, or the same name twice.
    """
    if not given:
        return None
    named = [g for g in given if "=" in g]
    if not named:
        if len(given) > 1:
            raise SpecError("--input-shape: give one SHAPE, or NAME=SHAPE for each input")
        return list(parse_shape("--input-shape", given[0]))
    if len(named) != len(given):
        raise SpecError("--input-shape: mix of SHAPE and NAME=SHAPE; use NAME=SHAPE for each")
    shapes: dict[str, list[int]] = {}
    for item in given:
        name, _, shape = item.rpartition("=")
        if name in shapes:
            raise SpecError(f"--input-shape: {name!r} given twice")
        shapes[name] = list(parse_shape("--input-shape", shape))
    return shapes


class Audit(Command):
    """Audit an ONNX model's transposed convolutions; exit 1 where a runtime differs."""

    name = "audit"
    description = (
        "Read an ONNX model (with the onnx package; nothing in it is executed, its external "
        "data is not read) and, for every ConvTranspose node, show its canonical form, its "
        "output size for the model's input shapes (or --input-shape), what onnx.reference, "
        "onnxruntime, OpenVINO, TensorRT and ONNX shape inference make of it and why they "
        "differ, and the layer in PyTorch, Keras and Paddle terms. Exit 0: every runtime "
        "computes what the operator's text says, 1: one differs, 2: bad input."
    )
    spec_options = False

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The model, its input shapes, --run, the size limit."""
        parser.add_argument("model", metavar="MODEL", help="the .onnx file")
        parser.add_argument(
            "--input-shape",
            action="append",
            metavar="SHAPE",
            help="the input's shape, e.g. 1x3x32x32, or NAME=SHAPE per input (repeat it); "
            "default: the model's own",
        )
        parser.add_argument(
            "--run",
            action="store_true",
            help="also run each node alone in the installed ONNX runtimes (onnx.reference, "
            "and onnxruntime where crosscheck has it) on random integer data, exactly",
        )
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=MAX_BYTES,
            metavar="N",
            help=f"refuse a larger file (default {MAX_BYTES:,})",
        )

    def result(self, args: argparse.Namespace) -> AuditReport:
        """The audit of the model."""
        return audit(
            args.model, _input_shapes(args.input_shape), run=args.run, max_bytes=args.max_bytes
        )

    def exit_code(self, result: AuditReport) -> int:
        """0 when every runtime computes what the text says, else 1."""
        return 1 if result.disagree else 0
