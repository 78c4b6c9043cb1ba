"""``--framework NAME`` in the spec options: the argparse glue of
:func:`~symtconv.frameworks.spec_reading.spec_options_from`.

With ``--framework NAME`` the geometry options are that framework's
parameters, and ``--input`` / ``--kernel`` (values or shapes) are in its
layouts; results are shown in PyTorch's layout.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import SpecError
from ..frameworks.spec_reading import spec_options_from
from .framework_options import framework_params, given_framework

__all__ = ["SPEC_DEFAULTS", "apply_framework"]

#: Defaults of the spec options that a framework's parameters share.
SPEC_DEFAULTS: dict[str, Any] = {"stride": "1", "dilation": "1", "groups": 1}


def apply_framework(args: argparse.Namespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    """``kwargs`` of :func:`~symtconv.cli.options.spec_kwargs` rewritten from a framework's terms.

    Returns ``kwargs`` unchanged when no framework options were given.

    Raises:
        SpecError: framework options that do not fit, values the framework
            rejects, or a layer no PyTorch-style spec computes.
    """
    name = given_framework(args, SPEC_DEFAULTS)
    if name is None:
        return kwargs
    if kwargs["forward"]:
        raise SpecError("--framework: describes a transposed convolution; drop --forward")
    params = framework_params(name, args, SPEC_DEFAULTS)
    if (kwargs["input"] is None and kwargs["input_shape"] is None) or (
        kwargs["kernel"] is None and kwargs["kernel_shape"] is None
    ):
        raise SpecError("--framework: give the input and the kernel (values or shapes)")
    return spec_options_from(name, params, **kwargs)
