"""Standard output kept for results: what a function prints goes to stderr meanwhile.

``--json`` promises JSON alone on stdout, and ``--in`` rows write JSON Lines there; a
function that prints (7 of 100 outside functions did) would break both. While
:func:`results_only_on_stdout` is active:

- ``sys.stdout`` is ``sys.stderr``, so ``print()`` lands there;
- when stdout is a real file descriptor, fd 1 itself is pointed at stderr too, so C code
  writing to it, a subprocess the function starts and a worker process started meanwhile
  (``--isolation process``) print to stderr as well;
- the session writes its results to :func:`results`: the original stdout.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TextIO

__all__ = ["results", "results_only_on_stdout"]

_results: TextIO | None = None


def results() -> TextIO:
    """Where results are written: the original stdout (also outside the context)."""
    return _results if _results is not None else sys.stdout


@contextlib.contextmanager
def results_only_on_stdout(active: bool = True) -> Iterator[None]:
    """Send everything but the results to stderr while the block runs (if ``active``)."""
    global _results
    if not active or _results is not None:
        yield
        return
    original = sys.stdout
    original.flush()
    saved = _move_fd_1_to_stderr(original)
    _results = os.fdopen(saved, "w", encoding="utf-8", closefd=True) if saved >= 0 else original
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        sys.stderr.flush()
        _results.flush()
        if saved >= 0:
            os.dup2(saved, 1)
            _results.close()
        _results = None


def _move_fd_1_to_stderr(stdout: TextIO) -> int:
    """A duplicate of the real stdout, once fd 1 leads to stderr; -1 when stdout is no fd 1
    (a test runner's buffer: then only ``sys.stdout`` is redirected)."""
    try:
        if stdout.fileno() != 1:
            return -1
        saved = os.dup(1)
        os.dup2(sys.stderr.fileno(), 1)
    except (AttributeError, OSError, ValueError):
        return -1
    return saved
