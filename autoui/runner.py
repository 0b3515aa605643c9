"""Run one call (or one batch) of a function and report what happens as events.

Every front end executes through here: the server's queue, the terminal's ``autoui run``
and tests. The runner knows nothing about HTTP; it turns a call into the event sequence
of :mod:`autoui.events` and hands each event to ``emit`` on the event loop thread:

    started → (progress | alert | output)* → complete | error | cancelled

How a function runs depends on its kind, so the event loop is never blocked by user code:

- sync function: one worker-thread hop that calls it *and* postprocesses the result;
- ``async def``: awaited on the loop;
- sync generator: iterated in one worker thread, each yield (postprocessed there)
  handed to the loop as it comes;
- async generator: iterated on the loop.

``autoui.Progress`` / ``Info`` / ``Warning`` reach the job through a context variable
(:func:`autoui.progress.reporting`); reports made in worker threads are marshalled to the
loop with ``call_soon_threadsafe``, and progress is throttled to about ten per second
(the first and the final 100 % always get through).

Cancelling (:class:`CancelToken`) emits ``cancelled`` at once. A running generator is
closed at its next yield (its ``finally`` runs), a coroutine is cancelled at its current
``await``; a plain sync function cannot be interrupted, so it finishes in its thread and
its result is discarded. :func:`run_call` returns only once the user's code has stopped,
so a concurrency slot is not given back while the function still holds its memory.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from typing import Any

from autoui.calling import call
from autoui.cancel import CancelToken, first_of
from autoui.events import Cancelled, Complete, Event, Output, Started
from autoui.failures import failure_event as _failure
from autoui.files import FileContext
from autoui.progress import Progress, reporting
from autoui.progress_relay import JobReporter, tracking_tqdm
from autoui.spec import FunctionSpec
from autoui.stream_mode import TextSoFar

__all__ = ["CancelToken", "Emit", "run_batch", "run_call"]

Emit = Callable[[Event], None]
log = logging.getLogger("autoui")


_OUTPUTS_IN_FLIGHT = 4  # a sync generator's yields handed to the loop, not yet emitted


class _RunCancelled(Exception):
    """Internal: the call was cancelled; unwinds to the end of the run."""


async def run_call(
    fn_spec: FunctionSpec,
    kwargs: dict[str, Any],
    *,
    files: FileContext,
    emit: Emit,
    cancel: CancelToken | None = None,
    show_errors: bool = False,
    executor: Executor | None = None,
) -> Event:
    """Call ``fn_spec.fn`` once with ``kwargs`` (see :mod:`autoui.calling`) and emit its events.

    Args:
        fn_spec: the function and how its outputs are converted.
        kwargs: preprocessed inputs (see :func:`autoui.pipeline.preprocess_inputs`).
        files: where output files go.
        emit: receives every event, always on the event loop thread.
        cancel: cancels the call when triggered.
        show_errors: put an unexpected exception's message (not only its type) in
            the ``error`` event.
        executor: worker threads for sync code (the loop's default executor if None).

    Returns:
        The terminal event (``complete``, ``error`` or ``cancelled``), also emitted.
    """
    run = _Run(fn_spec, emit, [files], cancel, executor)
    kwargs = _with_progress(fn_spec, kwargs)
    events = await run.execute(kwargs, batch_size=None, show_errors=show_errors)
    return events[0]


async def run_batch(
    fn_spec: FunctionSpec,
    kwargs_list: Sequence[dict[str, Any]],
    *,
    files_list: Sequence[FileContext],
    emits: Sequence[Emit],
    cancel: CancelToken | None = None,
    show_errors: bool = False,
    executor: Executor | None = None,
) -> list[Event]:
    """Call a batch function once for several jobs; each job gets its own result.

    Inputs are merged into lists (:func:`autoui.pipeline.merge_batch`), the result is
    split back (:func:`autoui.pipeline.split_batch`) and postprocessed per job with that
    job's file context. Progress and alerts go to every job; a failing call fails every
    job with the same message.

    Returns:
        One terminal event per job, in order (each also emitted to that job).
    """
    from autoui.pipeline import merge_batch

    if not (len(kwargs_list) == len(files_list) == len(emits)):
        raise ValueError("run_batch needs one files context and one emit per job")
    merged = _with_progress(fn_spec, merge_batch(fn_spec, list(kwargs_list)))
    run = _Run(fn_spec, _fan_out(emits), list(files_list), cancel, executor, emits)
    return await run.execute(merged, batch_size=len(kwargs_list), show_errors=show_errors)


def _fan_out(emits: Sequence[Emit]) -> Emit:
    def emit_all(event: Event) -> None:
        for emit in emits:
            emit(event)

    return emit_all


def _with_progress(fn_spec: FunctionSpec, kwargs: dict[str, Any]) -> dict[str, Any]:
    if fn_spec.progress_param is None:
        return kwargs
    return {**kwargs, fn_spec.progress_param: Progress(track_tqdm=fn_spec.track_tqdm)}


class _Run:
    """The state of one execution: where events go and how to stop it."""

    def __init__(
        self,
        fn_spec: FunctionSpec,
        emit: Emit,
        files_list: list[FileContext],
        cancel: CancelToken | None,
        executor: Executor | None,
        emits: Sequence[Emit] | None = None,
    ) -> None:
        self.fn_spec = fn_spec
        self.emit = emit
        self.emits = emits
        self.files_list = files_list
        self.cancel = cancel
        self.executor = executor
        self.loop = asyncio.get_running_loop()
        self.loop_thread = threading.get_ident()
        self.reporter = JobReporter(self.loop, emit)
        self.finished = False
        self.batch_size: int | None = None
        self.post_in_thread = any(o.component.traits.heavy for o in fn_spec.outputs)
        self.ctx: contextvars.Context | None = None
        self.text_so_far = TextSoFar.of(
            (o.stream for o in fn_spec.outputs), fn_spec.multiple_outputs
        )

    # -- outcome ----------------------------------------------------------------------
    async def execute(
        self, kwargs: dict[str, Any], *, batch_size: int | None, show_errors: bool
    ) -> list[Event]:
        self.batch_size = batch_size
        count = batch_size or 1
        if self.cancel is not None and self.cancel.cancelled:
            return self._finish([Cancelled()] * count)
        self.emit(Started())
        if self.cancel is not None:
            self.cancel.add_callback(self._on_cancel)
        start = time.perf_counter()
        try:
            with self._job_context():
                data = await self._call(kwargs)
            if self.cancel is not None and self.cancel.cancelled:
                raise _RunCancelled
            duration = time.perf_counter() - start
            events: list[Event] = [Complete(data=d, duration=duration) for d in data]
        except _RunCancelled:
            events = [Cancelled()] * count
        except Exception as exc:  # noqa: BLE001 - every failure becomes an error event
            events = [_failure(exc, self.fn_spec, show_errors)] * count
        finally:
            if self.cancel is not None:
                self.cancel.remove_callback(self._on_cancel)
        return self._finish(events)

    def _finish(self, events: list[Event]) -> list[Event]:
        self.reporter.close()
        if self.finished:  # cancelled: ``cancelled`` was emitted when it happened
            return [Cancelled()] * len(events)
        self.finished = True
        if self.emits is None:
            self.emit(events[0])
        else:
            for emit, event in zip(self.emits, events, strict=True):
                emit(event)
        return events

    def _on_cancel(self) -> None:
        if not self.finished:
            self.finished = True
            self.reporter.close()
            self.emit(Cancelled())

    @contextmanager
    def _job_context(self) -> Iterator[None]:
        tqdm_reporter = self.reporter if self.fn_spec.track_tqdm else None
        with reporting(self.reporter), tracking_tqdm(tqdm_reporter):
            # One context per job, entered by each worker-thread hop in turn, so a
            # generator's steps see the same context variables.
            self.ctx = contextvars.copy_context()
            yield

    # -- calling ----------------------------------------------------------------------
    async def _call(self, kwargs: dict[str, Any]) -> list[list[Any]]:
        """Run the function; one list of output payloads per job."""
        fn_spec = self.fn_spec
        if fn_spec.streaming and self.batch_size is None:
            if fn_spec.is_async:
                return [await self._iterate_async(call(fn_spec, kwargs))]
            return [await self._iterate_sync(call(fn_spec, kwargs))]
        if not fn_spec.is_async:
            data: list[list[Any]] = await self._in_thread(self._call_and_post, kwargs)
            return data
        result = await self._cancellable(call(fn_spec, kwargs))
        if self.post_in_thread:
            data = await self._in_thread(self._post_all, result)
            return data
        return self._post_all(result)

    def _call_and_post(self, kwargs: dict[str, Any]) -> list[list[Any]]:
        return self._post_all(call(self.fn_spec, kwargs))

    def _post_all(self, result: Any) -> list[list[Any]]:
        from autoui.pipeline import postprocess_outputs, split_batch

        if self.batch_size is None:
            return [postprocess_outputs(self.fn_spec, result, self.files_list[0])]
        values = split_batch(self.fn_spec, result, self.batch_size)
        return [
            postprocess_outputs(self.fn_spec, value, files)
            for value, files in zip(values, self.files_list, strict=True)
        ]

    def _post_item(self, item: Any) -> list[Any]:
        from autoui.pipeline import postprocess_outputs

        if self.text_so_far is not None:  # append outputs: the yield is a piece of text
            item = self.text_so_far.add(item)
        data: list[Any] = postprocess_outputs(self.fn_spec, item, self.files_list[0])
        return data

    async def _iterate_sync(self, gen: Generator[Any, Any, Any]) -> list[Any]:
        """Run the whole generator in one worker thread, sending each yield as it comes.

        One thread hop per job rather than per item; each output is handed to the loop
        with ``call_soon_threadsafe`` the moment it is yielded. A cancel sets ``stop``,
        seen right after the next yield: the generator is closed there, in its thread.
        """
        stop = threading.Event()
        if self.cancel is not None:
            self.cancel.add_callback(stop.set)
        try:
            last: list[Any] = await self._in_thread(self._drain, gen, stop)
            return last
        finally:
            if self.cancel is not None:
                self.cancel.remove_callback(stop.set)

    def _drain(self, gen: Generator[Any, Any, Any], stop: threading.Event) -> list[Any]:
        last: list[Any] = [None] * len(self.fn_spec.outputs)
        in_flight = threading.BoundedSemaphore(_OUTPUTS_IN_FLIGHT)
        try:
            for item in gen:
                if stop.is_set():
                    break
                data = self._post_item(item)
                # Wait while the loop is behind: a fast generator must not pile its
                # outputs up in the loop's queue (200 × 1 MB yields held 200 MB at once).
                while not in_flight.acquire(timeout=0.1):
                    if stop.is_set():
                        break
                self._to_loop(self._emit_output, data, in_flight)
                last = data
                if stop.is_set():
                    break
        finally:
            gen.close()  # runs its ``finally`` now, in this thread, if it was stopped early
        return last

    def _to_loop(self, fn: Callable[..., None], *args: Any) -> None:
        """Run ``fn`` on the loop: at once if this *is* the loop's thread, else scheduled.

        Pyodide has no threads: its loop runs executor work inline, so a drained
        generator must emit each yield itself or the yields would arrive only at the end.
        """
        if threading.get_ident() == self.loop_thread:
            fn(*args)
        else:
            self.loop.call_soon_threadsafe(fn, *args)

    def _emit_output(self, data: list[Any], in_flight: threading.BoundedSemaphore) -> None:
        try:
            in_flight.release()
        except ValueError:  # released for a stopped generator already
            pass
        if not self.finished:
            self.emit(Output(data=data))

    async def _iterate_async(self, agen: Any) -> list[Any]:
        last: list[Any] = [None] * len(self.fn_spec.outputs)
        try:
            while True:
                try:
                    item = await self._cancellable(agen.__anext__())
                except StopAsyncIteration:
                    return last
                data = (
                    await self._in_thread(self._post_item, item)
                    if self.post_in_thread
                    else self._post_item(item)
                )
                self._check_cancelled()
                self.emit(Output(data=data))
                last = data
        finally:
            await self._close_quietly(agen.aclose())

    async def _close_quietly(self, closing: Any) -> None:
        try:
            await closing
        except Exception:  # noqa: BLE001 - a failing cleanup must not hide the outcome
            log.exception("closing the generator of %s failed", self.fn_spec.name)

    def _check_cancelled(self) -> None:
        if self.cancel is not None and self.cancel.cancelled:
            raise _RunCancelled

    # -- threads and cancellation --------------------------------------------------------
    async def _in_thread(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` in a worker thread, inside the job's context.

        On cancel, the thread cannot be stopped: wait for it, discard what it returns,
        and unwind with :class:`_RunCancelled`.
        """
        assert self.ctx is not None
        future = self.loop.run_in_executor(self.executor, self.ctx.run, fn, *args)
        if self.cancel is None:
            return await future
        if not self.cancel.cancelled:
            await first_of(self.loop, future, self.cancel)
            if not self.cancel.cancelled:
                return future.result()
        try:
            await future
        except Exception:  # noqa: BLE001 - the job was cancelled; its outcome is void
            log.debug("cancelled call of %s raised", self.fn_spec.name, exc_info=True)
        raise _RunCancelled

    async def _cancellable(self, awaitable: Any) -> Any:
        """Await a coroutine on the loop; a cancel interrupts it at its current await."""
        if self.cancel is None:
            return await awaitable
        task = asyncio.current_task()
        assert task is not None
        interrupt = task.cancel
        self.cancel.add_callback(interrupt)
        try:
            return await awaitable
        except asyncio.CancelledError:
            if not self.cancel.cancelled:
                raise
            if hasattr(task, "uncancel"):
                task.uncancel()
            raise _RunCancelled from None
        finally:
            self.cancel.remove_callback(interrupt)
