"""What the hostile-input tests share: running the command line or the API in-process with a
time bound, in an empty working folder, and the checks every refusal must pass.

A hostile case must end in one of symtconv's answers (exit 0, 1, 2 or 3), never an
internal error (4), never a hang: the time bound is a guard against work that was not
refused before it started (a case takes well under a second; the bound is generous), not
a performance target.  A refusal is exit 2, nothing on stdout, and exactly one line on
stderr, ``symtconv COMMAND: error: ...``, of at most 500 characters, naming what was
refused; and nothing is read, written or executed: the working folder (empty at the
start) is still empty after the case.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from symtconv.cli import main

#: Seconds a case may run before it counts as a hang.
BOUND = 60.0
#: The longest message line the command line prints (symtconv.cli.MAX_MESSAGE, and its newline).
LONGEST = 501


class Hang(BaseException):
    """A case still running at the time bound (a BaseException: nothing in symtconv catches it)."""


@contextlib.contextmanager
def time_bound(seconds: float = BOUND) -> Iterator[None]:
    """Raise :class:`Hang` in the code inside once ``seconds`` have passed (SIGALRM)."""

    def on_alarm(signum: int, frame: Any) -> None:
        raise Hang(f"still running after {seconds} s: the work was not refused before it began")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def empty_folder() -> Iterator[Path]:
    """Run in a fresh empty working folder; fail if the code inside leaves anything in it."""
    before = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            yield Path(folder)
            left = sorted(os.listdir(folder))
            assert left == [], f"files written into the working folder: {left}"
        finally:
            os.chdir(before)


@dataclass(frozen=True)
class Outcome:
    """What one command line did."""

    argv: tuple[str, ...]
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        """The lines on stderr."""
        return self.err.splitlines()


class _Stream:
    """A marker for :func:`run`'s streams."""

    def __init__(self, name: str) -> None:
        self.name = name


#: Pass as ``stdout=`` or ``stdin=`` to :func:`run` for a closed stream.
CLOSED = _Stream("closed")
_UNCHANGED = _Stream("unchanged")


def run(
    argv: Sequence[str],
    *,
    stdout: Any = None,
    stdin: Any = _UNCHANGED,
    seconds: float = BOUND,
) -> Outcome:
    """``symtconv.cli.main(argv)`` in-process, in an empty folder, within the time bound.

    Args:
        argv: the arguments.
        stdout: what stdout is (default: a fresh StringIO; :data:`CLOSED`: closed).
        stdin: what stdin is (default: unchanged; :data:`CLOSED`: closed).
        seconds: the time bound.
    """
    out = io.StringIO() if stdout is None else stdout
    err = io.StringIO()
    with empty_folder(), time_bound(seconds), contextlib.ExitStack() as stack:
        stack.enter_context(contextlib.redirect_stdout(None if out is CLOSED else out))
        stack.enter_context(contextlib.redirect_stderr(err))
        if stdin is not _UNCHANGED:
            stack.enter_context(_stdin(None if stdin is CLOSED else stdin))
        code = main(list(argv))
    text = out.getvalue() if isinstance(out, io.StringIO) else ""
    return Outcome(tuple(argv), code, text, err.getvalue())


@contextlib.contextmanager
def _stdin(stream: Any) -> Iterator[None]:
    previous = sys.stdin
    sys.stdin = stream
    try:
        yield
    finally:
        sys.stdin = previous


def assert_answer(outcome: Outcome) -> None:
    """An answer of symtconv: exit 0 to 3 (never 4), and a refusal is one line."""
    assert outcome.code in (0, 1, 2, 3), (outcome.argv[:6], outcome.code, outcome.err[:300])
    assert "Traceback" not in outcome.err, outcome.err[:500]
    if outcome.code == 2:
        assert len(outcome.lines) == 1, (outcome.argv[:6], outcome.err[:500])
        assert len(outcome.err) <= LONGEST, len(outcome.err)


def assert_refused(outcome: Outcome, *fragments: str) -> None:
    """Exit 2, nothing on stdout, one line ``symtconv CMD: error: ...`` holding ``fragments``."""
    assert_answer(outcome)
    assert outcome.code == 2, (outcome.argv[:6], outcome.code, outcome.out[:200], outcome.err)
    assert outcome.out == "", outcome.out[:300]
    line = outcome.lines[0]
    assert line.startswith("symtconv"), line
    assert ": error: " in line, line
    for fragment in fragments:
        assert fragment in line, (fragment, line)


def api_refused(
    call: Callable[[], Any], error: type[BaseException], *fragments: str, seconds: float = BOUND
) -> str:
    """The message of the symtconv error ``call`` raises (in an empty folder, time-bounded)."""
    with empty_folder(), time_bound(seconds):
        try:
            call()
        except error as exc:
            message = str(exc)
        else:
            raise AssertionError(f"no {error.__name__} raised")
    assert "\n" not in message and len(message) <= LONGEST, message[:600]
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    return message
