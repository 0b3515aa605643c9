"""The job queue: a FIFO per function, its concurrency limit, batching and cancel.

Wire-free on purpose (no FastAPI, no JSON): adapters call :meth:`JobQueue.submit`,
:meth:`JobQueue.cancel` and read :class:`~autoui.server.jobs.Job` records. Everything
runs on the event loop thread and is driven by callbacks: a job that can run starts at
once (one task per running job or batch, nothing per waiting job); a batch function's
gathering window is a ``call_later`` timer; queue positions are refreshed by one
coalesced callback per function when the queue moves, and a waiting job hears about its
position only when it changed.

One client cannot starve the others (:mod:`autoui.server.allowance`): a client (a user,
a session, an address) and, when anonymous, its address may have only so many jobs
queued or running and so many request bytes waiting; the next is refused at once
(:class:`~autoui.errors.TooManyJobsError`) and nothing is created. Nor can the jobs
together outgrow memory: the store admits a job only if its bytes fit
(:meth:`~autoui.server.retention.JobStore.admit`). A refusal's ``retry_after`` is
realistic: the time recent runs say a slot frees up (their median, so one slow run,
a cold start or a call that waited on a busy event loop, is not multiplied by the length
of the queue), or, with fewer than three runs finished, at least as long again as the
running job has taken so far.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import statistics
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from autoui.errors import QueueFullError
from autoui.events import Cancelled, Failed, Queued
from autoui.execution import JobInput, WireData
from autoui.files import FileContext
from autoui.isolation import Execution
from autoui.isolation.threads import ThreadExecution
from autoui.limits import InputLimits
from autoui.markers import BatchConfig
from autoui.runner import CancelToken
from autoui.server.allowance import Allowances, Who
from autoui.server.jobs import Job
from autoui.server.retention import JobStore
from autoui.spec import AppSpec, FunctionSpec
from autoui.streaming.channel import LiveInputs

__all__ = ["JobQueue"]

log = logging.getLogger("autoui")


_REFRESH_DELAY = 0.1  # seconds: position updates of one function are sent at most this often
_DURATIONS_KEPT = 20  # the ETA is the median of this many recent run times
_RUNS_TRUSTED = 3  # a refusal's Retry-After reads run times once this many have finished


class _Lane:
    """The queue of one function."""

    __slots__ = (
        "batch",
        "current",
        "durations",
        "limit",
        "refresh",
        "running",
        "spec",
        "timer",
        "waiting",
    )

    def __init__(self, spec: FunctionSpec) -> None:
        self.spec = spec
        self.limit = spec.concurrency_limit
        self.batch: BatchConfig | None = spec.batch
        self.waiting: deque[Job] = deque()
        self.running = 0
        self.current: set[Job] = set()  # the jobs running now
        self.durations: deque[float] = deque(maxlen=_DURATIONS_KEPT)
        self.timer: asyncio.TimerHandle | None = None
        self.refresh: asyncio.TimerHandle | None = None

    def has_room(self) -> bool:
        return self.limit is None or self.running < self.limit

    def eta(self, position: int) -> float | None:
        """Seconds until a job at ``position`` is done, from recent run times."""
        if not self.durations:
            return None
        typical = statistics.median(self.durations)
        per_round = (self.batch.max_batch_size if self.batch else 1) * (self.limit or 1)
        return round(typical * (position // per_round + 1), 3)

    def retry_after(self, now: float) -> int:
        """Seconds until a slot of this function is likely free (1 to 3600).

        From recent run times; before three runs have finished (one run is no
        estimate: the first call is often the slow one), the running job is assumed to
        need at least as long again as it has taken so far (at least 5 s).
        """
        trusted = len(self.durations) >= _RUNS_TRUSTED
        eta = self.eta(len(self.waiting)) if trusted else None
        if eta is None:
            started = [job.started for job in self.current if job.started is not None]
            eta = max(5.0, now - min(started)) if started else 1.0
        return max(1, min(3600, math.ceil(eta)))


class JobQueue:
    """Runs submitted jobs, per function, in order and within limits.

    Args:
        spec: the app; one FIFO per function.
        store: where jobs are kept (and forgotten) once submitted.
        max_queue: most waiting jobs across all functions; None: no limit.
        max_per_client: most jobs one client may have queued or running at once;
            None: no limit.
        max_per_address: most live jobs of the anonymous clients of one address.
        max_queued_bytes: most request bytes of one client (and one address) waiting.
        show_errors: passed to the runner.
        max_threads: worker threads for sync functions and for decoding inputs.
        limits: the decoded-size limits of every job's inputs.
        execution: where jobs run (:mod:`autoui.isolation`); by default in this
            process's threads, with ``show_errors``, ``max_threads`` and ``limits``.
        live_inputs: where a job fed live finds its chunks (by job id).
        clock: monotonic seconds; injectable for tests.
    """

    def __init__(
        self,
        spec: AppSpec,
        store: JobStore,
        *,
        max_queue: int | None = None,
        max_per_client: int | None = None,
        max_per_address: int | None = None,
        max_queued_bytes: int | None = None,
        show_errors: bool = False,
        max_threads: int = 40,
        limits: InputLimits | None = None,
        execution: Execution | None = None,
        live_inputs: LiveInputs | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self._live_inputs = live_inputs
        self._lanes = {fn.name: _Lane(fn) for fn in spec.functions}
        self._max_queue = max_queue
        self._allowances = Allowances(max_per_client, max_per_address, max_queued_bytes)
        self._execution = execution or ThreadExecution(
            show_errors=show_errors, max_threads=max_threads, limits=limits or InputLimits()
        )
        self._clock = clock
        self._waiting = 0
        self._closing = False
        self._tasks: set[asyncio.Task[Any]] = set()

    # -- the adapter-facing API ----------------------------------------------------------
    def submit(
        self,
        fn: str,
        data: WireData,
        files: FileContext,
        owner: str | None,
        client: str | None = None,
        *,
        address: str | None = None,
        size: int = 0,
    ) -> Job:
        """Queue a call of ``fn``; it starts at once when its function has room.

        The job holds ``data`` as it came (checked, not decoded: see
        :func:`autoui.inputcheck.check_inputs`); its inputs are decoded when it starts.

        Args:
            client: who is asking, for the per-client caps (None: not counted).
            address: the client's address when it is anonymous (the per-address cap).
            size: the request's bytes, counted while the job waits.

        Raises:
            KeyError: no function called ``fn``.
            TooManyJobsError: ``client`` (or its address) is at one of its caps.
            QueueFullError: ``max_queue`` jobs are already waiting, the store has no room
                left for results, or the server is shutting down.
        """
        lane = self._lanes[fn]
        if self._closing:
            raise QueueFullError("the server is shutting down; try again shortly", retry_after=5)
        who = Who(client, address)
        self._allowances.check(who, size, lambda: lane.retry_after(self._clock()))
        if self._max_queue is not None and self._waiting >= self._max_queue:
            raise QueueFullError(
                f"the queue is full ({self._max_queue} jobs waiting); try again shortly",
                retry_after=lane.retry_after(self._clock()),
            )
        self.store.admit(size)
        job = Job(self.store.new_id(), fn, owner, data, files, self._clock(), size=size, client=who)
        self.store.add(job)
        self._allowances.take(who, size)
        job.on_finish(lambda _: self._allowances.ended(who))
        lane.waiting.append(job)
        self._waiting += 1
        self._pump(lane)
        if lane.waiting and lane.waiting[-1] is job:  # it has to wait
            position = len(lane.waiting) - 1
            job.emit(Queued(position=position, eta=lane.eta(position)))
        return job

    def check_client(self, client: str | None, fn: str, address: str | None = None) -> None:
        """Raise :class:`TooManyJobsError` if ``client`` may not submit another job now.

        Cheap, so an adapter can refuse a flood before reading or decoding a request.
        """
        lane = self._lanes[fn]
        self._allowances.check(Who(client, address), 0, lambda: lane.retry_after(self._clock()))

    def live_jobs(self, client: str) -> int:
        """How many jobs of ``client`` are queued or running."""
        return self._allowances.live_jobs(client)

    def cancel(self, job: Job) -> bool:
        """Cancel ``job``: a waiting job never runs, a running one is stopped.

        Returns:
            False when the job had already ended.
        """
        if job.done:
            return False
        lane = self._lanes[job.fn]
        if job.state == "queued" and job in lane.waiting:
            lane.waiting.remove(job)
            self._waiting -= 1
            self._schedule_refresh(lane)
        # A job about to start sees the token and never runs; a running one is stopped,
        # and the execution answers it with ``cancelled`` once its code has stopped.
        job.cancel_token.cancel()
        if job.state == "queued":
            job.emit(Cancelled())
        return True

    def waiting(self, fn: str) -> int:
        return len(self._lanes[fn].waiting)

    async def drain(self, grace: float) -> None:
        """Stop taking jobs, fail the waiting ones, give running ones ``grace`` seconds.

        Whatever still runs afterwards is stopped by :meth:`aclose`. Every job ends
        with a terminal event, so no client is left waiting on a stream.
        """
        self._closing = True
        for lane in self._lanes.values():
            if lane.timer is not None:
                lane.timer.cancel()
                lane.timer = None
            while lane.waiting:
                lane.waiting.popleft().emit(_shut_down())
        self._waiting = 0
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=grace)

    async def start(self) -> None:
        """Prepare the execution before the first job (a process pool loads the code)."""
        await self._execution.start()

    def health(self) -> dict[str, Any]:
        """What ``GET /health`` shows about where jobs run."""
        return self._execution.health()

    async def aclose(self) -> None:
        """End every job now and wait (briefly) for running code to stop."""
        await self.drain(0)
        for job in self.store:
            if not job.done:
                job.emit(_shut_down())
                job.cancel_token.cancel()
        for lane in self._lanes.values():
            if lane.refresh is not None:
                lane.refresh.cancel()
                lane.refresh = None
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=5.0)
        await self._execution.aclose()
        self._closing = False  # an app may be started again (tests, reloads)

    # -- scheduling ---------------------------------------------------------------------
    def _pump(self, lane: _Lane) -> None:
        """Start as many waiting jobs of ``lane`` as its limit allows."""
        moved = False
        while lane.waiting and lane.has_room():
            if lane.batch is not None:
                jobs = self._take_batch(lane, lane.batch)
                if not jobs:
                    break
                self._start(lane, jobs)
            else:
                job = lane.waiting.popleft()
                self._waiting -= 1
                self._start(lane, [job])
            moved = True
        if moved and lane.waiting:
            self._schedule_refresh(lane)

    def _take_batch(self, lane: _Lane, config: BatchConfig) -> list[Job]:
        """The next batch, or [] while its gathering window is still open."""
        waited = self._clock() - lane.waiting[0].created
        if len(lane.waiting) < config.max_batch_size and waited < config.batch_wait:
            if lane.timer is None:
                loop = asyncio.get_running_loop()
                lane.timer = loop.call_later(config.batch_wait - waited, self._batch_due, lane)
            return []
        if lane.timer is not None:
            lane.timer.cancel()
            lane.timer = None
        count = min(config.max_batch_size, len(lane.waiting))
        self._waiting -= count
        return [lane.waiting.popleft() for _ in range(count)]

    def _batch_due(self, lane: _Lane) -> None:
        lane.timer = None
        self._pump(lane)

    def _start(self, lane: _Lane, jobs: list[Job]) -> None:
        lane.running += 1
        lane.current.update(jobs)
        for job in jobs:
            self._allowances.started(job.client, job.size)
        # Take the inputs now: a job cancelled before its task runs drops its own.
        calls = [JobInput(job.data, _files_of(job), job.emit) for job in jobs]
        for job in jobs:
            job.data = None
        task = asyncio.get_running_loop().create_task(self._run(lane, jobs, calls))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, lane: _Lane, jobs: list[Job], calls: list[JobInput]) -> None:
        start = self._clock()
        try:
            if lane.batch is None:
                await self._run_one(lane.spec, jobs[0], calls[0])
            else:
                await self._run_batch(lane.spec, jobs, calls)
        except Exception:  # noqa: BLE001 - the queue must survive anything
            log.exception("running %s failed", lane.spec.name)
            for job in jobs:
                job.emit(Failed(message="internal error", type="InternalError"))
        finally:
            lane.running -= 1
            lane.current.difference_update(jobs)
            if all(job.state == "complete" for job in jobs):
                lane.durations.append(self._clock() - start)
            self._pump(lane)

    async def _run_one(self, fn_spec: FunctionSpec, job: Job, call: JobInput) -> None:
        await self._execution.call(
            fn_spec, call.data, call.files, emit=call.emit, cancel=job.cancel_token,
            live=self._live_inputs.get(job.id) if self._live_inputs is not None else None,
        )

    async def _run_batch(
        self, fn_spec: FunctionSpec, jobs: list[Job], calls: list[JobInput]
    ) -> None:
        token = CancelToken()

        def member_cancelled(job: Job) -> None:
            if all(job.cancel_token.cancelled for job in jobs):
                token.cancel()  # nobody wants the call: stop it, then every member ends
            else:
                job.emit(Cancelled())  # the others still want it: this one ends now

        for job in jobs:
            job.cancel_token.add_callback(functools.partial(member_cancelled, job))
        await self._execution.call_batch(fn_spec, calls, cancel=token)

    # -- positions ----------------------------------------------------------------------
    def _schedule_refresh(self, lane: _Lane) -> None:
        if lane.refresh is None:
            loop = asyncio.get_running_loop()
            lane.refresh = loop.call_later(_REFRESH_DELAY, self._refresh, lane)

    def _refresh(self, lane: _Lane) -> None:
        """Tell each waiting job of ``lane`` its new position, if it changed."""
        lane.refresh = None
        for position, job in enumerate(lane.waiting):
            if job.position != position:
                job.emit(Queued(position=position, eta=lane.eta(position)))

def _files_of(job: Job) -> FileContext:
    assert job.files is not None, "a waiting job still has its file context"
    return job.files


def _shut_down() -> Failed:
    return Failed(message="the server shut down before this job finished", type="ShutDown")
