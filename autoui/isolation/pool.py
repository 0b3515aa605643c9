"""``ProcessExecution``: every job runs in a slot process; slots are started, reused, replaced.

The pool holds up to ``slots`` processes (by default the sum of the functions'
concurrency limits, so the queue's own limits are what bound it: a job the queue starts
always finds a slot or a slot being started for it). Each slot imports every function
of the app, so an idle slot can run any of them; one slot is started when the pool
starts (the model is loaded before the first request), more only when jobs overlap.
``concurrency N`` therefore means up to N copies of what the module loads.

A slot that was stopped by force or died is replaced in the background; the job it
ran ended with ``cancelled``, a ``TimeLimit`` error or a ``WorkerCrashed`` error. A
function that crashes its slot ``crash_report_after`` times in a row is logged and
shown by :meth:`ProcessExecution.health` (``GET /health``).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from autoui.cancel import CancelToken, first_of
from autoui.events import Cancelled, Event, Failed
from autoui.files import FileContext
from autoui.isolation.calls import JobInput
from autoui.isolation.child import SlotOptions
from autoui.isolation.fnref import FunctionRef
from autoui.isolation.outcomes import (
    WORKER_CRASHED,
    WORKER_START_FAILED,
    describe_exit,
    time_limit_failure,
    time_limit_for,
)
from autoui.isolation.slot import Slot, SlotStartError
from autoui.limits import InputLimits
from autoui.spec import FunctionSpec
from autoui.streaming.channel import ChunkSource

__all__ = ["ProcessExecution", "start_method"]

log = logging.getLogger("autoui")
Emit = Callable[[Event], None]


def start_method() -> str:
    """``forkserver`` where the platform has it (a clean, quick fork), else ``spawn``."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


@dataclass
class _Crashes:
    """Consecutive crashes of one function's jobs."""

    in_a_row: int = 0
    last: str = ""


class ProcessExecution:
    """Runs jobs in slot processes: stoppable, time-limited, and contained when they crash.

    Args:
        functions: every function the pool may run (each slot imports them all).
        show_errors: put an unexpected exception's message in the ``error`` event.
        time_limit: seconds a call may run unless its function says otherwise.
        cancel_grace: seconds between the soft and the hard stage of a stop.
        slots: most processes at once (default: the sum of the concurrency limits).
        crash_report_after: crashes in a row that make a function reported as crashing.
        limits: what a job's decoded inputs may hold (checked in the slot, as it decodes).

    Raises:
        SpecError: a function cannot be found by another process (a lambda, a closure).
    """

    mode = "process"

    def __init__(
        self,
        functions: Sequence[FunctionSpec],
        *,
        show_errors: bool = False,
        time_limit: float | None = None,
        cancel_grace: float = 3.0,
        slots: int | None = None,
        crash_report_after: int = 3,
        limits: InputLimits | None = None,
    ) -> None:
        self._limits = limits
        self._refs = [FunctionRef.of(fn) for fn in functions]
        self._capacity = max(1, slots or sum(_limit(fn) for fn in functions))
        self._show_errors = show_errors
        self._time_limit = time_limit
        self._grace = cancel_grace
        self._report_after = crash_report_after
        self._context: Any = multiprocessing.get_context(start_method())
        if start_method() == "forkserver":
            self._context.set_forkserver_preload(["autoui.isolation.child"])
        self._spool: str | None = None
        self._slots: set[Slot] = set()
        self._idle: list[Slot] = []
        self._waiters: deque[asyncio.Future[Slot]] = deque()
        self._crashes: dict[str, _Crashes] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closed = False

    # -- the execution API -----------------------------------------------------------------
    async def start(self) -> None:
        """Start one slot in the background, so the first job finds the functions loaded."""
        if not self._slots and not self._closed:
            self._spawn()

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
        member = JobInput(data, files, emit)
        events = await self._execute(fn_spec, [member], cancel, batch=False, live=live)
        return events[0]

    async def call_batch(
        self, fn_spec: FunctionSpec, members: Sequence[JobInput], *, cancel: CancelToken
    ) -> list[Event]:
        return await self._execute(fn_spec, list(members), cancel, batch=True)

    def health(self) -> dict[str, Any]:
        """What ``GET /health`` shows: the slots, and the functions that keep crashing them."""
        busy = sum(1 for slot in self._slots if slot.busy)
        starting = sum(1 for slot in self._slots if not slot.ready)
        crashing = {
            name: {"crashes_in_a_row": crashes.in_a_row, "last": crashes.last}
            for name, crashes in self._crashes.items()
            if crashes.in_a_row >= self._report_after
        }
        slots = {"most": self._capacity, "busy": busy, "idle": len(self._idle)}
        slots["starting"] = starting
        return {"isolation": self.mode, "slots": slots, "crashing": crashing}

    async def aclose(self) -> None:
        """Stop every slot (idle ones exit, busy ones are killed) and remove the spool."""
        self._closed = True
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_exception(SlotStartError("the server is shutting down"))
        await asyncio.gather(*(slot.close() for slot in list(self._slots)))
        for task in list(self._tasks):
            task.cancel()
        if self._spool is not None:
            shutil.rmtree(self._spool, ignore_errors=True)
            self._spool = None

    # -- one run ----------------------------------------------------------------------------
    async def _execute(
        self,
        fn_spec: FunctionSpec,
        members: list[JobInput],
        cancel: CancelToken,
        *,
        batch: bool,
        live: ChunkSource | None = None,
    ) -> list[Event]:
        emits = [member.emit for member in members]
        try:
            slot = await self._acquire(cancel)
        except SlotStartError as exc:
            return _end(emits, _start_failure(fn_spec, exc))
        if slot is None or cancel.cancelled:
            if slot is not None:
                self._release(slot)
            return _end(emits, Cancelled())
        limit = time_limit_for(fn_spec, self._time_limit)
        deadline = None
        if limit is not None:
            deadline = (limit, time_limit_failure(fn_spec, limit, stopped=True))
        try:
            events = await slot.run(
                fn_spec, members, batch=batch, cancel=cancel, deadline=deadline, live=live
            )
        finally:
            self._release(slot)
        self._count(fn_spec, events, slot)
        return events

    async def _acquire(self, cancel: CancelToken) -> Slot | None:
        """An idle slot, or the next one to become idle; None if cancelled meanwhile."""
        if cancel.cancelled:
            return None
        if self._idle:
            return self._idle.pop()
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[Slot] = loop.create_future()
        self._waiters.append(waiter)
        starting = sum(1 for slot in self._slots if not slot.ready)
        waiting = sum(1 for w in self._waiters if not w.done())
        if waiting > starting and len(self._slots) < self._capacity:
            self._spawn()  # busy slots will come back too, but a new one may come first
        await first_of(loop, waiter, cancel)
        if waiter.done():
            return waiter.result()
        waiter.cancel()  # cancelled while waiting: a slot that comes goes to the next job
        return None

    def _release(self, slot: Slot) -> None:
        if slot.alive and not self._closed:
            self._give(slot)

    def _give(self, slot: Slot) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(slot)
                return
        self._idle.append(slot)

    def _count(self, fn_spec: FunctionSpec, events: list[Event], slot: Slot) -> None:
        crashes = self._crashes.setdefault(fn_spec.name, _Crashes())
        if any(isinstance(e, Failed) and e.type == WORKER_CRASHED for e in events):
            crashes.in_a_row += 1
            crashes.last = describe_exit(slot.exitcode)
            log.warning(
                "the worker process running %s died (%s); starting a new one",
                fn_spec.name,
                crashes.last,
            )
            if crashes.in_a_row == self._report_after:
                log.error(
                    "%s crashed its worker process %d times in a row (last: %s)",
                    fn_spec.name,
                    crashes.in_a_row,
                    crashes.last,
                )
        elif not all(isinstance(e, Cancelled) for e in events):
            crashes.in_a_row = 0

    # -- slots --------------------------------------------------------------------------------
    def _spawn(self) -> None:
        """Start a new slot in the background; it goes to a waiting job, or idles."""
        if self._spool is None:
            self._spool = tempfile.mkdtemp(prefix="autoui-slots-")
        options = SlotOptions(self._spool, self._show_errors, self._limits)
        slot = Slot(self._context, self._refs, options, grace=self._grace, on_exit=self._exited)
        self._slots.add(slot)
        task = asyncio.get_running_loop().create_task(self._boot(slot))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _boot(self, slot: Slot) -> None:
        try:
            await slot.start()
        except Exception as exc:  # noqa: BLE001 - a slot that cannot start fails a job, not the pool
            self._slots.discard(slot)
            slot.kill()
            failure = exc if isinstance(exc, SlotStartError) else SlotStartError(repr(exc))
            self._start_failed(failure)
            return
        if self._closed:
            await slot.close()
        else:
            self._give(slot)

    def _start_failed(self, exc: SlotStartError) -> None:
        """One waiting job hears why; another waiting job makes the next attempt."""
        log.error("a worker process could not start: %s", exc.message)
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_exception(exc)
                break
        if any(not w.done() for w in self._waiters) and len(self._slots) < self._capacity:
            self._spawn()

    def _exited(self, slot: Slot) -> None:
        self._slots.discard(slot)
        if slot in self._idle:
            self._idle.remove(slot)
        if slot.ready and not self._closed:
            self._spawn()  # the replacement; the next job runs on a fresh process


def _limit(fn: FunctionSpec) -> int:
    return fn.concurrency_limit or os.cpu_count() or 1


def _end(emits: list[Emit], event: Event) -> list[Event]:
    for emit in emits:
        emit(event)
    return [event] * len(emits)


def _start_failure(fn_spec: FunctionSpec, exc: SlotStartError) -> Failed:
    return Failed(
        message=f"the worker process for {fn_spec.name} could not start: {exc.message}",
        type=WORKER_START_FAILED,
    )
