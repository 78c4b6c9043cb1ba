"""``symtconv crosscheck``: run a real library (PyTorch, ONNX, onnxruntime, JAX, TensorFlow,
Keras, PaddlePaddle, MindSpore, OpenVINO) against symtconv, exactly."""

from __future__ import annotations

import argparse

from ..core import cost
from ..core.lexer import clip
from ..core.operands import read_spec
from ..errors import SpecError
from ..frameworks.canonical import Canonical
from ..frameworks.crosscheck import RUNNERS, CrosscheckReport, crosscheck, given_variant
from ..frameworks.crosscheck.runners import runner_for
from .command import Command
from .framework_options import framework_params, given_framework
from .framework_spec import SPEC_DEFAULTS
from .options import add_limit, add_sweep_options, progress, spec_kwargs, sweep_grid

__all__ = ["MAX_CONFIGURATIONS", "Crosscheck"]

#: crosscheck's default limit on a sweep's configurations (each runs the framework several
#: ways; measured, see the README's Limits).
MAX_CONFIGURATIONS = 3_000


class Crosscheck(Command):
    """One layer or a sweep, in a real framework; exit 1 on any disagreement."""

    name = "crosscheck"
    description = (
        "Run the library's implementation (--framework "
        + ", ".join(RUNNERS)
        + ": torch.nn.functional.conv_transpose*, ConvTranspose*d.forward(output_size=...); "
        "an ONNX ConvTranspose model in onnx.reference.ReferenceEvaluator, plus ONNX shape "
        "inference, or in onnxruntime; jax.lax.conv_transpose and conv_general_dilated; "
        "tf.nn.conv*d_transpose and tf.nn.conv_transpose; keras.layers.Conv*DTranspose on "
        "the jax and tensorflow backends; paddle.nn.functional.conv*d_transpose; "
        "mindspore.nn.Conv*dTranspose, in float32; OpenVINO's ConvolutionBackpropData on its "
        "CPU plugin) on random integer-valued data and compare with "
        "symtconv's exact result, with no tolerance. The layer's options are read in "
        "--framework's own parameter names (onnxruntime: ONNX's). Each disagreement comes "
        "with a minimal reproducer. Exit 0: all agree, 1: any disagreement, 2: bad input."
    )
    forward_option = False

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """The seed, the bias, the sweep."""
        parser.add_argument(
            "--seed", type=int, default=0, help="seed of the random data (default 0)"
        )
        parser.add_argument("--no-bias", action="store_true", help="run without a bias")
        parser.add_argument(
            "--literal",
            action="store_true",
            help="with --sweep, also PyTorch's parameters copied by name where the framework's "
            "names mean something else (MindSpore's output_padding): they disagree by design",
        )
        add_limit(
            parser,
            cost.MAX_BYTES,
            cost.MAX_BYTES.default,
            "refuse a layer whose arrays (data, outputs) take more bytes",
        )
        add_sweep_options(parser, "check", ((1, 1, 1), (2, 4, 2), (2, 2, 2)), MAX_CONFIGURATIONS)

    def result(self, args: argparse.Namespace) -> CrosscheckReport:
        """The cross-check of the layer, or of the sweep's grid."""
        if getattr(args, "framework", None):
            try:
                name, runner = runner_for(args.framework)
            except SpecError:
                raise SpecError(
                    f"--framework: got {clip(args.framework)}; crosscheck runs {', '.join(RUNNERS)}"
                ) from None
            args.framework = runner.framework or name  # the layer is read in its terms
        else:
            spoken = given_framework(args, SPEC_DEFAULTS)
            if spoken is None:
                raise SpecError(f"--framework: required; crosscheck runs {', '.join(RUNNERS)}")
            name, runner = runner_for(spoken)
        limits = {"max_configurations": args.max_configurations, "max_bytes": args.max_bytes}
        if args.sweep:
            grid = sweep_grid(args, forward=False)
            grid.check_size(args.max_configurations, None)
            specs = [Canonical.from_spec(s) for s in grid.specs()]
            return crosscheck(
                name,
                specs,
                bias=not args.no_bias,
                seed=args.seed,
                progress=progress(args),
                literal=args.literal,
                **limits,
            )
        kwargs = spec_kwargs(args)
        if all(kwargs[k] is None for k in ("input", "kernel", "input_shape", "kernel_shape")):
            raise SpecError("--input-shape/--kernel-shape: give the layer (or --sweep)")
        c = Canonical.from_spec(read_spec(**kwargs))
        framework = runner.framework or name
        params = framework_params(framework, args, SPEC_DEFAULTS)
        variants = None
        if params or getattr(args, "framework", None):
            given = (
                runner.given(c, params) if runner.given else [given_variant(framework, c, params)]
            )
            variants = lambda _c: given  # noqa: E731
        return crosscheck(
            name, [c], variants=variants, bias=not args.no_bias, seed=args.seed, **limits
        )

    def exit_code(self, result: CrosscheckReport) -> int:
        """0 when every configuration agrees, else 1."""
        return 0 if result.agree else 1
