"""Shared test set-up.

Tests that need an optional tool (torch, onnx, onnxruntime, jax, tensorflow,
keras, paddle, mindspore, openvino, pdflatex) skip where it is missing, with the
reason.  With
``SYMTCONV_REQUIRE_ALL=1`` (set by ``.ci/run``) every skip is reported and turns
the run into a failure, so CI cannot pass by skipping.
"""

from __future__ import annotations

import importlib.util
import os
import warnings

import pytest

REQUIRE_ALL = os.environ.get("SYMTCONV_REQUIRE_ALL") == "1"

# This process runs every library, and two pairs fail in one process in one order:
# PaddlePaddle (3.3.1) crashes when it is imported after TensorFlow (2.21), and MindSpore
# (2.10) cannot load its CPU kernels after Paddle. So MindSpore, then Paddle, first, where
# installed (crosscheck's runners use worker processes otherwise; the tests of each run that).
if importlib.util.find_spec("mindspore") is not None:
    os.environ.setdefault("GLOG_v", "3")  # MindSpore's C++ warnings, read at import
    import mindspore  # noqa: F401
if importlib.util.find_spec("paddle") is not None:
    os.environ.setdefault("GLOG_minloglevel", "2")  # Paddle's C++ logging, read at import
    with warnings.catch_warnings():  # its import warns that ccache (a C++ build cache) is missing
        warnings.simplefilter("ignore", UserWarning)
        import paddle  # noqa: F401
_skips: list[str] = []


def _record(report: pytest.CollectReport | pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        _skips.append(f"{report.nodeid}: {reason}")


def pytest_collectreport(report: pytest.CollectReport) -> None:
    _record(report)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _record(report)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if REQUIRE_ALL and _skips and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if REQUIRE_ALL and _skips:
        terminalreporter.section("skips are failures here (SYMTCONV_REQUIRE_ALL=1)")
        for line in _skips:
            terminalreporter.write_line(line)
