"""Library calls in a worker process of their own, for libraries set up at import time.

Keras reads ``KERAS_BACKEND`` once, when it is first imported, so one process
runs one backend.  :func:`in_worker` runs a module-level function in a Python
process started for one environment (``python -m`` this module: a fresh
interpreter that imports nothing of the caller's script) and kept for the
next calls; requests and answers are pickled over its stdin and stdout, and
whatever the library prints goes to its stderr (discarded unless
``SYMTCONV_DEBUG=1``).  The library's errors come back as
:class:`~.base.LibraryError` with the library's type name and message (its
exception class may not exist in this process).
"""

from __future__ import annotations

import atexit
import importlib
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from ...errors import MissingDependencyError
from .base import LibraryError

__all__ = ["in_worker", "serve", "shutdown"]

#: One worker per environment (sorted items), started on first use.
_WORKERS: dict[tuple[tuple[str, str], ...], subprocess.Popen[bytes]] = {}


def _start(env: Mapping[str, str]) -> subprocess.Popen[bytes]:
    debug = os.environ.get("SYMTCONV_DEBUG") == "1"
    # where this symtconv lives, so that the worker imports the same one
    root = str(Path(__file__).resolve().parents[3])
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    return subprocess.Popen(
        [sys.executable, "-m", __name__],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=None if debug else subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": path, **env},
    )


def in_worker(env: Mapping[str, str], fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` in the worker process of ``env`` (``fn`` a module-level function).

    Raises:
        LibraryError: the library raised (its type name and message), or the
            worker died (the next call starts a new one).
        MissingDependencyError: the worker could not import the library.
    """
    key = tuple(sorted(env.items()))
    proc = _WORKERS.get(key)
    if proc is None or proc.poll() is not None:
        proc = _WORKERS[key] = _start(env)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        pickle.dump((fn.__module__, fn.__qualname__, args), proc.stdin)
        proc.stdin.flush()
        status, value = pickle.load(proc.stdout)
    except (EOFError, OSError, pickle.UnpicklingError) as exc:
        _WORKERS.pop(key, None)
        proc.kill()
        raise LibraryError(
            "WorkerDied", f"the worker process stopped ({type(exc).__name__}; exit {proc.wait()})"
        ) from None
    if status == "missing":
        raise MissingDependencyError(value)
    if status == "error":
        raise LibraryError(*value)
    return value


@atexit.register
def shutdown() -> None:
    """Stop every worker (closing its stdin ends it; also done when this process exits)."""
    while _WORKERS:
        _, proc = _WORKERS.popitem()
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _answer(request: tuple[str, str, tuple[Any, ...]]) -> tuple[str, Any]:
    module, name, args = request
    try:
        fn = getattr(importlib.import_module(module), name)
        return "ok", fn(*args)
    except MissingDependencyError as exc:
        return "missing", str(exc)
    except Exception as exc:  # the library's own error, sent back as text
        return "error", (type(exc).__name__, str(exc))


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """The worker's loop: answer pickled requests until the input ends."""
    while True:
        try:
            request = pickle.load(requests)
        except EOFError:
            return
        pickle.dump(_answer(request), answers)
        answers.flush()


if __name__ == "__main__":  # the worker process
    channel = os.fdopen(os.dup(1), "wb")  # the answers; the library's prints go to stderr
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    serve(sys.stdin.buffer, channel)
