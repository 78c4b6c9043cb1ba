"""Shared test set-up.

Tests that need an optional tool (torch, onnx, onnxruntime, jax, tensorflow,
keras, pdflatex) skip where it is missing, with the reason.  With
``SYMTCONV_REQUIRE_ALL=1`` (set by ``.ci/run``) every skip is reported and turns
the run into a failure, so CI cannot pass by skipping.
"""

from __future__ import annotations

import os

import pytest

REQUIRE_ALL = os.environ.get("SYMTCONV_REQUIRE_ALL") == "1"
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
