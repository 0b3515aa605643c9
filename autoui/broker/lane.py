"""One function's queue inside a worker: read, claim and run its jobs within its slots."""

from __future__ import annotations

import asyncio
import logging
import random
from typing import TYPE_CHECKING, Any

import orjson

from autoui.broker.connection import down_errors
from autoui.broker.files import SharedJobFiles
from autoui.broker.intake import Intake, inbox_of
from autoui.broker.settings import BLOCK_MS
from autoui.broker.writer import EventWriter
from autoui.cancel import CancelToken
from autoui.events import Failed
from autoui.isolation import JobInput
from autoui.spec import FunctionSpec

if TYPE_CHECKING:  # pragma: no cover
    from autoui.broker.worker import Worker

__all__ = ["Lane", "Running"]

log = logging.getLogger("autoui")

_RETRY = 0.5  # seconds between attempts while Redis is unreachable
_POSITIONS_EVERY = 0.25  # seconds: waiting jobs hear their new position at most this often
_POSITIONS_LIMIT = 1000  # waiting jobs told their position (the rest keep their last one)


class Running:
    """A job this worker holds (from its claim on): what its heartbeat renews, what it
    runs with, and how to stop it."""

    __slots__ = (
        "attempt", "base", "data", "entry", "job_id", "owner", "suspect", "token", "writer"
    )

    def __init__(self, row: Any, writer: EventWriter) -> None:
        self.job_id: str = row[0].decode()
        self.attempt = int(row[1])
        self.data: bytes = row[2]
        self.owner: str | None = row[3].decode() or None
        self.base: str = row[4].decode()
        self.entry: str = row[5].decode()
        self.writer = writer
        self.token = CancelToken()
        self.suspect = False  # taken over from a worker that died: maybe why it died


class Lane:
    """The jobs of one function on one worker.

    Args:
        worker: the worker (its Redis client, scripts, files and threads).
        spec: the function.
        slots: calls (or batches) of it running at once on this worker.
    """

    def __init__(self, worker: Worker, spec: FunctionSpec, slots: int) -> None:
        self.worker = worker
        self.spec = spec
        self.fn = spec.name
        self.slots = slots
        self.batch_size = spec.batch.max_batch_size if spec.batch else 1
        self.running: dict[str, Running] = {}
        self._free = asyncio.Semaphore(slots)
        self._tasks: set[asyncio.Task[None]] = set()
        self._next_reclaim = -1.0  # first reclaim: at a random point of the first heartbeat
        self._positions: asyncio.TimerHandle | None = None
        broker = worker.broker
        self.intake = Intake(
            worker.link, worker.scripts.claim, worker.keys.queue(self.fn),
            [worker.keys.prefix, self.fn, inbox_of(worker.id), worker.id,
             broker.max_deliveries, broker.event_maxlen, int(worker.options.job_ttl)],
        )

    def held(self) -> list[Running]:
        return list(self.running.values())

    def lose(self, job_id: str) -> None:
        """Stop ``job_id`` if it runs here: it was cancelled or is no longer ours."""
        run = self.running.get(job_id)
        if run is not None:
            run.writer.lose()

    # -- the loop -----------------------------------------------------------------------
    async def run(self, stop: asyncio.Event) -> None:
        """Take and start jobs while a slot is free, until ``stop``; then let them finish."""
        errors = down_errors()
        while await self._slot_free(stop):
            rows: list[Running] = []
            try:
                if not stop.is_set():
                    rows = await self._take()
            except errors:
                await asyncio.sleep(_RETRY)
            except Exception as exc:  # noqa: BLE001 - the lane must keep taking jobs
                if "NOGROUP" in str(exc):  # Redis lost its data (no AOF): start afresh
                    await self.worker.ensure_group(self.fn)
                else:
                    log.exception("%s: taking jobs failed; retrying", self.fn)
                    await asyncio.sleep(_RETRY)
            if not rows:
                self._free.release()
                continue
            task = asyncio.get_running_loop().create_task(self._execute(rows))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        await self.intake.aclose()
        await self._finish(self.worker.options.grace)

    async def _slot_free(self, stop: asyncio.Event) -> bool:
        """Take a free slot; False once ``stop`` is set, even while every slot is busy
        (a full lane must not wait for its jobs to end before it hears the stop)."""
        if stop.is_set():
            return False
        if not self._free.locked():
            await self._free.acquire()  # at once: no task to race
            return True
        acquire = asyncio.ensure_future(self._free.acquire())
        stopped = asyncio.ensure_future(stop.wait())
        await asyncio.wait((acquire, stopped), return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if not acquire.done():
            acquire.cancel()
        elif stop.is_set():
            self._free.release()
        return acquire.done() and not acquire.cancelled() and not stop.is_set()

    async def _finish(self, grace: float) -> None:
        """Let running jobs end within ``grace``, then stop waiting for them: what they
        never finished stays unacknowledged, and another worker takes it over."""
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=grace)
        left = list(self._tasks)
        for task in left:
            task.cancel()
        if left:
            await asyncio.wait(left, timeout=1.0)

    async def _take(self) -> list[Running]:
        """The next claimed jobs: ones taken over from a dead worker, else new ones."""
        loop = asyncio.get_running_loop()
        broker = self.worker.broker
        if self._next_reclaim < 0:
            self._next_reclaim = loop.time() + random.uniform(0, broker.heartbeat)
        if loop.time() >= self._next_reclaim:
            self._next_reclaim = loop.time() + broker.heartbeat
            reclaimed = await self._reclaim()
            if reclaimed:
                return reclaimed
        block = max(10, min(BLOCK_MS, round((self._next_reclaim - loop.time()) * 1000)))
        if self.spec.batch is None:
            rows = await self._read(1, block)
        else:
            rows = await self._gather(block, self.spec.batch.batch_wait)
        return rows

    async def _reclaim(self) -> list[Running]:
        """Take over one job whose worker stopped renewing it, if no other runs here.

        A reclaimed job may be the one that killed its worker: running one at a time
        keeps it from taking other reclaimed jobs down with it each time (which would
        dead-letter them too). Jobs of a dead worker are taken over one by one, by every
        live worker in parallel.
        """
        worker = self.worker
        if worker.suspects:
            return []
        broker = worker.broker
        claimed: list[Any] = await worker.scripts.reclaim(
            args=self._head(round(broker.reclaim_idle * 1000), 1)
        )
        runs = [self._hold(row) for row in claimed]
        for run in runs:
            run.suspect = True
            worker.suspects += 1
        return runs

    async def _gather(self, block: int, wait: float) -> list[Running]:
        """A batch, gathered while this worker has the function's turn.

        One worker at a time gathers (``gather:<fn>``); the others wait for the turn
        (``BLPOP turn:<fn>``), so jobs that arrive together form one batch instead of
        being spread over every idle worker.
        """
        worker = self.worker
        lock = f"{worker.keys.prefix}gather:{self.fn}"
        ttl = block + round(wait * 1000) + 5000
        if not await worker.client.set(lock, worker.id, nx=True, px=ttl):
            await worker.client.blpop([f"{worker.keys.prefix}turn:{self.fn}"], block / 1000)
            return []
        try:
            rows = await self._read(self.batch_size, block)
            if rows and len(rows) < self.batch_size:
                rows += await self._top_up(len(rows), wait)
            return rows
        finally:
            try:
                await worker.scripts.gather_end(args=[worker.keys.prefix, self.fn, worker.id])
            except down_errors():
                pass  # the turn expires by itself (its lock has a TTL)

    def _head(self, *extra: Any) -> list[Any]:
        worker = self.worker
        broker = worker.broker
        return [
            worker.keys.prefix, self.fn, worker.id, *extra, broker.max_deliveries,
            broker.event_maxlen, int(worker.options.job_ttl),
        ]

    async def _read(self, count: int, block_ms: int) -> list[Running]:
        rows, waiting = await self.intake.take(count, block_ms)
        if waiting > 0:  # the queue moved under waiting jobs: tell them their places
            self._schedule_positions()
        return [self._hold(row) for row in rows]

    async def _top_up(self, have: int, wait: float) -> list[Running]:
        """More jobs for a batch, until it is full or ``wait`` seconds have passed."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        rows: list[Running] = []
        while have + len(rows) < self.batch_size:
            left = deadline - loop.time()
            if left <= 0.001:
                break
            try:
                rows += await self._read(
                    self.batch_size - have - len(rows), max(1, round(left * 1000))
                )
            except down_errors():
                break  # run what was claimed; what was not stays queued
        return rows

    # -- running ------------------------------------------------------------------------
    def _hold(self, row: Any) -> Running:
        """A claimed job, held (and heart-beaten) from now on, even while a batch gathers."""
        worker = self.worker
        head = [worker.keys.prefix, row[0].decode(), int(row[1]), worker.broker.event_maxlen,
                int(worker.options.job_ttl)]
        tokens: list[CancelToken] = []
        writer = EventWriter(
            worker.emit, head, lambda: tokens[0].cancel(), worker.broker.reclaim_idle
        )
        run = Running(row, writer)
        tokens.append(run.token)
        self.running[run.job_id] = run
        return run

    async def _execute(self, runs: list[Running]) -> None:
        try:
            members = [await self._member(run) for run in runs]
            await self._run(members, runs)
        except Exception:  # noqa: BLE001 - the worker must survive anything
            log.exception("running %s failed", self.fn)
            for run in runs:
                run.writer.emit(Failed(message="internal error", type="InternalError"))
        finally:
            for run in runs:
                await run.writer.flushed()
                self.running.pop(run.job_id, None)
                if run.suspect:
                    self.worker.suspects -= 1
            self._free.release()

    async def _member(self, run: Running) -> JobInput:
        """What the job runs with: its wire inputs, its files (fetched here) and its writer."""
        data = orjson.loads(run.data) if run.data else {}
        shared = self.worker.files
        await shared.fetch_all(data, run.owner)
        files = SharedJobFiles(shared, run.owner, run.base, self.worker.options.max_file_size)
        return JobInput(data, files, run.writer.emit)

    async def _run(self, members: list[JobInput], runs: list[Running]) -> None:
        """The same unit of work as the in-process queue, through the worker's
        :class:`~autoui.isolation.Execution` (threads, or processes that can be stopped);
        a job fed live takes its chunks from Redis (:mod:`autoui.broker.inputs`)."""
        execution = self.worker.execution
        if self.spec.batch is None:
            member, run = members[0], runs[0]
            feeding = self.worker.inputs.feeding(self.spec, run.job_id, run.attempt, member.data)
            async with feeding as live:
                await execution.call(
                    self.spec, member.data, member.files, emit=member.emit, cancel=run.token,
                    live=live,
                )  # fmt: skip
        else:
            await execution.call_batch(self.spec, members, cancel=_all_of([r.token for r in runs]))

    # -- positions ----------------------------------------------------------------------
    def _schedule_positions(self) -> None:
        if self._positions is None:
            loop = asyncio.get_running_loop()
            self._positions = loop.call_later(_POSITIONS_EVERY, self._refresh_positions)

    def _refresh_positions(self) -> None:
        self._positions = None
        task = asyncio.get_running_loop().create_task(self._positions_now())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _positions_now(self) -> None:
        worker = self.worker
        args = [worker.keys.prefix, self.fn, worker.broker.event_maxlen, _POSITIONS_LIMIT]
        try:
            await worker.scripts.positions(args=args)
        except down_errors():
            pass


def _all_of(tokens: list[CancelToken]) -> CancelToken:
    """A token cancelled once every member of a batch is (nobody wants the call any more)."""
    batch = CancelToken()

    def member_cancelled() -> None:
        if all(token.cancelled for token in tokens):
            batch.cancel()

    for token in tokens:
        token.add_callback(member_cancelled)
    return batch
