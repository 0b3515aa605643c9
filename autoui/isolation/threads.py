"""``ThreadExecution``: jobs run in the server's own process, sync code in worker threads.

Today's behaviour and memory use (the default, ``--isolation thread``). A cancel ends
the job at once; a generator stops at its next yield and an ``async`` function at its
current ``await``, but a plain sync function cannot be stopped: it runs on in its
thread and its result is discarded, holding its concurrency slot until it returns. A
time limit works the same way: the job ends with a ``TimeLimit`` error when it is due,
and the code stops as a cancel would stop it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from autoui.cancel import CancelToken
from autoui.events import Cancelled, Event, Failed
from autoui.files import FileContext
from autoui.isolation.calls import JobInput, run_job, run_job_batch
from autoui.isolation.outcomes import contained, time_limit_failure, time_limit_for
from autoui.limits import InputLimits
from autoui.spec import FunctionSpec
from autoui.streaming.channel import ChunkSource

__all__ = ["ThreadExecution"]

Emit = Callable[[Event], None]


class ThreadExecution:
    """Runs jobs on the event loop and in a pool of worker threads.

    Args:
        show_errors: put an unexpected exception's message in the ``error`` event.
        time_limit: seconds a call may run unless its function says otherwise.
        max_threads: worker threads for sync code and for decoding inputs.
        limits: what a job's decoded inputs may hold.
    """

    mode = "thread"

    def __init__(
        self,
        *,
        show_errors: bool = False,
        time_limit: float | None = None,
        max_threads: int = 40,
        limits: InputLimits | None = None,
    ) -> None:
        self._limits = limits
        self._show_errors = show_errors
        self._time_limit = time_limit
        self._max_threads = max_threads
        self._executor: ThreadPoolExecutor | None = None

    async def start(self) -> None:
        """Nothing to prepare: threads are made when first needed."""

    async def call(
        self,
        fn_spec: FunctionSpec,
        data: Any,
        files: FileContext,
        *,
        emit: Emit,
        cancel: CancelToken,
        live: ChunkSource | None = None,
    ) -> Event:
        with _Deadline.of(fn_spec, self._time_limit, cancel, [emit]) as watch:
            event = await run_job(
                fn_spec, data, files, emit=watch.emits[0], cancel=watch.token,
                show_errors=self._show_errors, executor=self._threads(), limits=self._limits,
                live=live,
            )  # fmt: skip
            return watch.outcome(event)

    async def call_batch(
        self, fn_spec: FunctionSpec, members: Sequence[JobInput], *, cancel: CancelToken
    ) -> list[Event]:
        with _Deadline.of(fn_spec, self._time_limit, cancel, [m.emit for m in members]) as watch:
            members = [
                JobInput(m.data, m.files, emit)
                for m, emit in zip(members, watch.emits, strict=True)
            ]
            events = await run_job_batch(
                fn_spec, members, cancel=watch.token, show_errors=self._show_errors,
                executor=self._threads(), limits=self._limits,
            )  # fmt: skip
            return [watch.outcome(event) for event in events]

    def health(self) -> dict[str, Any]:
        return {"isolation": self.mode}

    async def aclose(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def _threads(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = _ContainedThreads(self._max_threads, thread_name_prefix="autoui")
        return self._executor


class _ContainedThreads(ThreadPoolExecutor):
    """Worker threads whose calls cannot stop the event loop (``sys.exit`` in a function)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return super().submit(contained, fn, *args, **kwargs)


class _Deadline:
    """A time limit over one run: when due, the run is cancelled and ends with ``TimeLimit``.

    The runner only knows cancelling; this wraps its token and its ``emit``s so that a
    cancel caused by the clock reads as the ``TimeLimit`` error it is.
    """

    def __init__(
        self, cancel: CancelToken, emits: Sequence[Emit], failure: Failed | None, seconds: float
    ) -> None:
        self.failure = failure
        self.expired = False
        self._outer = cancel
        if failure is None:  # no limit: the caller's own token and emits, untouched
            self.token, self.emits = cancel, list(emits)
            self._timer: asyncio.TimerHandle | None = None
            return
        self.token = CancelToken()
        self.emits = [self._translating(emit) for emit in emits]
        cancel.add_callback(self.token.cancel)
        self._timer = asyncio.get_running_loop().call_later(seconds, self._expire)

    @classmethod
    def of(
        cls,
        fn_spec: FunctionSpec,
        default: float | None,
        cancel: CancelToken,
        emits: Sequence[Emit],
    ) -> _Deadline:
        seconds = time_limit_for(fn_spec, default)
        if seconds is None:
            return cls(cancel, emits, None, 0.0)
        stopped = fn_spec.streaming or fn_spec.is_async  # a plain sync call runs on
        return cls(cancel, emits, time_limit_failure(fn_spec, seconds, stopped=stopped), seconds)

    def __enter__(self) -> _Deadline:
        return self

    def __exit__(self, *_: object) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._outer.remove_callback(self.token.cancel)

    def outcome(self, event: Event) -> Event:
        if self.expired and isinstance(event, Cancelled) and self.failure is not None:
            return self.failure
        return event

    def _expire(self) -> None:
        if not self.token.cancelled:  # a cancel that came first stays a cancel
            self.expired = True
            self.token.cancel()

    def _translating(self, emit: Emit) -> Emit:
        def translated(event: Event) -> None:
            emit(self.outcome(event))

        return translated
