"""The slot process's main thread: where a job's sync code runs, so a cancel can reach it.

Python delivers signals to the main thread only, and a signal is what wakes a thread
blocked in ``time.sleep`` or a socket read. So in a slot the *main* thread runs the
user's sync code (the runner hands it over through :class:`MainThreadExecutor`, an
``Executor`` like any other) while the event loop lives in a helper thread.

The soft stage of a cancel is :meth:`MainThreadExecutor.interrupt`: it sends the main
thread ``SIGUSR1``, whose handler raises :class:`SlotInterrupt` *only* if code of that
very job is running there. Being a ``BaseException`` it is not swallowed by the
usual ``except Exception:``; the ``finally`` blocks of the function run, and the
runner sees the call end with :class:`Interrupted` (the job was cancelled, its outcome
is void) while the slot, with everything it imported, stays alive for the next job.
Code that holds the interpreter in C (a regex gone exponential, an extension that never
releases the GIL) cannot be interrupted this way: that is what the hard stage is for.
"""

from __future__ import annotations

import queue
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from types import FrameType
from typing import Any

from autoui.isolation.outcomes import FunctionExit

__all__ = ["Interrupted", "MainThreadExecutor", "SlotInterrupt"]


class SlotInterrupt(BaseException):
    """Raised inside the job's code by the soft stage of a cancel."""


class Interrupted(Exception):
    """The outcome of a call that :class:`SlotInterrupt` stopped."""


_Work = tuple[Future[Any], Callable[..., Any], tuple[Any, ...], dict[str, Any]]
_SIGNAL = getattr(signal, "SIGUSR1", None)


class MainThreadExecutor(Executor):
    """Runs submitted calls one at a time in the thread that calls :meth:`serve`.

    Attributes:
        job: the run whose code may be submitted now (set by the child around a run).
    """

    def __init__(self) -> None:
        self.job: int | None = None
        self._work: queue.SimpleQueue[_Work | None] = queue.SimpleQueue()
        self._running = False
        self._interrupt_for: int | None = None
        self._thread = threading.main_thread()

    @property
    def busy(self) -> bool:
        return self._running

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self._work.put((future, fn, args, kwargs))
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._work.put(None)

    def serve(self) -> None:
        """Run submitted calls until :meth:`shutdown` (call it from the main thread)."""
        self._thread = threading.current_thread()
        if _SIGNAL is not None:
            signal.signal(_SIGNAL, self._on_signal)
        while (work := self._work.get()) is not None:
            self._run(*work)

    def interrupt(self, job: int) -> None:
        """Interrupt the code of run ``job``, if it is what the main thread runs (any thread)."""
        self._interrupt_for = job
        ident = self._thread.ident
        if ident is None:
            return
        if _SIGNAL is not None and hasattr(signal, "pthread_kill"):
            signal.pthread_kill(ident, _SIGNAL)
        else:  # no signals to send (Windows): raised at the next bytecode, sleeps run on
            self._raise_async(ident)

    def _on_signal(self, _signum: int, _frame: FrameType | None) -> None:
        if self._running and self._interrupt_for is not None and self._interrupt_for == self.job:
            self._interrupt_for = None
            raise SlotInterrupt

    def _raise_async(self, ident: int) -> None:
        import ctypes

        if self._running and self._interrupt_for == self.job:
            self._interrupt_for = None
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(ident), ctypes.py_object(SlotInterrupt)
            )

    def _run(
        self, future: Future[Any], fn: Callable[..., Any], args: tuple[Any, ...], kwargs: Any
    ) -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            self._running = True
            try:
                result = fn(*args, **kwargs)
            finally:
                self._running = False
        except SlotInterrupt:
            future.set_exception(Interrupted("stopped by a cancel"))
        except Exception as exc:  # noqa: BLE001 - the caller decides what a failure means
            future.set_exception(exc)
        except BaseException as exc:  # noqa: BLE001 - SystemExit & co. must not end the loop
            failure = FunctionExit(repr(exc))
            failure.__cause__ = exc
            future.set_exception(failure)
        else:
            future.set_result(result)
