"""The ends a job can meet only under an execution: a time limit, a dead worker process,
a function that tries to end the whole process.

One place for their ``error`` events, so the server, the terminal and the clients see
the same ``type`` and wording whichever mode ran the job.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Any

from autoui.events import Failed
from autoui.markers import time_limit_of
from autoui.spec import FunctionSpec

__all__ = [
    "TIME_LIMIT",
    "FunctionExit",
    "contained",
    "WORKER_CRASHED",
    "WORKER_START_FAILED",
    "crash_failure",
    "describe_exit",
    "time_limit_failure",
    "time_limit_for",
]

TIME_LIMIT = "TimeLimit"
WORKER_CRASHED = "WorkerCrashed"
WORKER_START_FAILED = "WorkerStartFailed"


class FunctionExit(Exception):
    """The function raised ``SystemExit`` or ``KeyboardInterrupt``: its job fails, not the server.

    Raised from a worker thread, either would otherwise reach the event loop and stop
    it (and with it the server and every other job).
    """


def contained(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``; an attempt to end the process becomes :class:`FunctionExit`."""
    try:
        return fn(*args, **kwargs)
    except Exception:
        raise
    except BaseException as exc:  # noqa: BLE001 - SystemExit & co. end the job, not the loop
        raise FunctionExit(repr(exc)) from exc


def time_limit_for(fn_spec: FunctionSpec, default: float | None) -> float | None:
    """Seconds a call may run: the function's ``@autoui.time_limit``, else ``default``."""
    own = time_limit_of(fn_spec.fn)
    return own if own is not None else default


def time_limit_failure(fn_spec: FunctionSpec, seconds: float, *, stopped: bool) -> Failed:
    """The ``error`` event of a call that ran past its time limit."""
    how = "it was stopped" if stopped else "its result is discarded"
    return Failed(
        message=f"{fn_spec.name} ran longer than its time limit of {seconds:g} s; {how}",
        type=TIME_LIMIT,
    )


def crash_failure(fn_spec: FunctionSpec, exitcode: int | None) -> Failed:
    """The ``error`` event of a job whose worker process died under it."""
    return Failed(
        message=f"the worker process running {fn_spec.name} died ({describe_exit(exitcode)}); "
        "the job did not finish",
        type=WORKER_CRASHED,
    )


def describe_exit(exitcode: int | None) -> str:
    """``killed by signal SIGSEGV`` / ``exit code 3``, from a ``Process.exitcode``."""
    if exitcode is None:
        return "exit status unknown"
    if exitcode >= 0:
        return f"exit code {exitcode}"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = f"signal {-exitcode}"
    hint = " (out of memory, or killed from outside)" if name == "SIGKILL" else ""
    return f"killed by signal {name}{hint}"
