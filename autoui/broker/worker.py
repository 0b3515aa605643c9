"""``autoui worker``: take jobs from Redis and run them, with heartbeats and reclaim.

One worker process serves every function of the app. Per function it has a
:class:`Lane` with ``slots`` concurrency slots (the function's ``concurrency_limit``,
or ``--concurrency``): while a slot is free, the lane reads the next jobs of its
function's stream (``XREADGROUP ... BLOCK``; a batch function keeps reading until
``max_batch_size`` jobs or ``batch_wait``), claims them (:mod:`scripts`) and runs them.

Durability, in the background:

- every ``heartbeat`` seconds the worker renews its running jobs (``XCLAIM ... JUSTID``
  inside the fenced ``heartbeat`` script) and learns which it has lost (cancelled, or
  taken over while it was paused): those are stopped at once;
- a lane with a free slot takes over jobs whose worker has not renewed them for
  ``reclaim_idle`` seconds (``XAUTOCLAIM``): they get a ``restart`` event and run again,
  or are dead-lettered after ``max_deliveries`` starts;
- the ``cancel`` channel stops a running job the moment a front-end cancels it.

A job fed live takes its chunks from ``in:<id>`` while it runs (:mod:`inputs`).
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import orjson

from autoui.broker.connection import connect, down_errors
from autoui.broker.files import SharedFiles
from autoui.broker.inputs import InputPumps
from autoui.broker.keys import GROUP, Keys
from autoui.broker.lane import Lane
from autoui.broker.link import Link
from autoui.broker.roster import live_slots
from autoui.broker.scripts import Scripts
from autoui.broker.settings import BrokerSettings, app_id
from autoui.isolation import Execution, ExecutionSettings, make_execution
from autoui.server.files import FileStore
from autoui.spec import AppSpec

__all__ = ["Worker", "WorkerOptions", "event_loop_factory"]

log = logging.getLogger("autoui")

_RETRY = 0.5  # seconds between attempts while Redis is unreachable
_WRITES_AT_ONCE = 8  # event writes in flight at once (held connections)
_CLOSING_WAIT = 3.0  # seconds the worker's tasks get to end once cancelled


def event_loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """The event loop a worker runs on: uvloop when installed, as ``autoui serve``'s
    uvicorn picks it (``loop="auto"``), else asyncio's own (None).

    A worker's loop turns several times per job (the claim, the thread running the
    function, the event writes): uvloop's cheaper turns are a fair part of its CPU.
    """
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop  # type: ignore[no-any-return]


class WorkerOptions:
    """How one worker runs jobs (the ``autoui worker`` flags).

    Args:
        concurrency: slots per function ("spec": each function's own limit; None: no limit,
            bounded by ``execution.max_threads``).
        execution: thread or process isolation, time limit, cancel grace, show_errors,
            threads and input limits (:class:`~autoui.isolation.ExecutionSettings`).
        max_file_size: the largest ``data:`` URL input accepted.
        job_ttl: seconds a finished job's events stay in Redis.
        file_ttl: seconds a file stays available.
        grace: on stop, seconds running jobs get to finish.
    """

    def __init__(
        self,
        *,
        concurrency: int | None | str = "spec",
        execution: ExecutionSettings | None = None,
        max_file_size: int = 100 * 1024 * 1024,
        job_ttl: float = 3600.0,
        file_ttl: float = 3600.0,
        grace: float = 30.0,
    ) -> None:
        self.concurrency = concurrency
        self.execution = execution or ExecutionSettings()
        self.max_file_size = max_file_size
        self.job_ttl = job_ttl
        self.file_ttl = file_ttl
        self.grace = grace


class Worker:
    """One ``autoui worker`` process attached to a broker."""

    def __init__(self, spec: AppSpec, broker: BrokerSettings, options: WorkerOptions) -> None:
        self.spec = spec
        self.broker = broker
        self.options = options
        self.app = app_id(spec)
        self.keys = Keys(self.app)
        self.id = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"
        slots = sum(self._slots(fn.concurrency_limit) for fn in spec.functions)
        # Each lane holds a connection while it blocks on its stream, and so does each
        # running job fed live while it waits for chunks: room for them all.
        self.client = connect(broker.url, max_connections=2 * len(spec.functions) + slots + 32)
        self.scripts = Scripts(self.client)
        self.link = Link(self.client, _WRITES_AT_ONCE)
        self.inputs = InputPumps(self.client, self.keys)
        root = broker.file_store.path if broker.file_store.kind == "dir" else None
        self.local_files = FileStore(root, ttl=options.file_ttl)
        self.files = SharedFiles(self.client, self.keys, broker, self.local_files, options.file_ttl)
        self.lanes = [Lane(self, fn, self._slots(fn.concurrency_limit)) for fn in spec.functions]
        self.execution: Execution = make_execution(
            replace(options.execution, slots=slots), spec.functions
        )
        self.connected = False
        self._closing = False  # set once the worker stops: its loops end
        self.suspects = 0  # reclaimed jobs running here (one at a time, see Lane._reclaim)

    async def emit(self, args: list[Any]) -> Any:
        """Run the fenced ``emit`` script (a running job's events) with ``args``."""
        return await self.link.script(self.scripts.emit, args)

    def _slots(self, limit: int | None) -> int:
        chosen = limit if self.options.concurrency == "spec" else self.options.concurrency
        return chosen if isinstance(chosen, int) else self.options.execution.max_threads

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until ``stop`` is set, then let running jobs finish (``grace`` seconds)."""
        await self.execution.start()
        tasks = [asyncio.create_task(lane.run(stop)) for lane in self.lanes]
        background = [
            asyncio.create_task(self._heartbeats(stop)),
            asyncio.create_task(self._cancels()),
        ]
        try:
            await stop.wait()
            await asyncio.wait(tasks, timeout=self.options.grace + 2)
        finally:
            self._closing = True
            for task in tasks + background:
                task.cancel()
            # redis-py can turn a cancel that lands mid-command into a connection error,
            # which a loop absorbs: the loops also end on ``_closing``, and this wait is
            # bounded, so a worker always exits.
            await asyncio.wait(tasks + background, timeout=_CLOSING_WAIT)
            await self._leave()
            await self.execution.aclose()
            self.files.close()
            self.local_files.close()
            await self.link.aclose()
            await self.client.aclose()

    async def ensure_group(self, fn: str) -> None:
        import redis.exceptions

        try:
            await self.client.xgroup_create(self.keys.queue(fn), GROUP, id="0", mkstream=True)
        except redis.exceptions.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    # -- heartbeats ---------------------------------------------------------------------
    async def _heartbeats(self, stop: asyncio.Event) -> None:
        errors = down_errors()
        while not self._closing:
            try:
                await self.beat()
                if not self.connected:
                    log.info("worker %s connected to %s", self.id, self.broker.shown_url())
                self.connected = True
            except errors as exc:
                if self.connected:
                    log.warning("worker %s lost the broker (%s); retrying", self.id, exc)
                self.connected = False
            except Exception:  # noqa: BLE001 - a dead heartbeat would lose every job
                log.exception("worker %s: heartbeat failed", self.id)
            await asyncio.sleep(self.broker.heartbeat)

    async def beat(self) -> None:
        """Renew running jobs (stopping the lost ones) and say this worker is alive."""
        for lane in self.lanes:
            held = lane.held()
            if not held:
                continue
            args: list[Any] = [self.keys.prefix, lane.fn, self.id]
            for run in held:
                args += (run.job_id, run.entry, run.attempt)
            for lost in await self.scripts.heartbeat(args=args):
                lane.lose(lost.decode())
        info = {
            "functions": {lane.fn: lane.slots for lane in self.lanes},
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "seen": time.time(),
            "heartbeat": self.broker.heartbeat,
        }
        await self.client.hset(self.keys.workers, self.id, orjson.dumps(info))
        await self._capacity()

    async def _capacity(self) -> None:
        """Record each function's slots across live workers (× batch size) for the ETA."""
        slots = await live_slots(self.client, self.keys, self.broker)
        for lane in self.lanes:
            per_round = slots.get(lane.fn, lane.slots) * lane.batch_size
            await self.client.set(self.keys.capacity(lane.fn), per_round)

    async def _leave(self) -> None:
        try:
            await self.client.hdel(self.keys.workers, self.id)
        except down_errors():
            pass

    # -- cancels ------------------------------------------------------------------------
    async def _cancels(self) -> None:
        """Stop a running job the moment any front-end cancels it."""
        while not self._closing:
            pubsub = self.client.pubsub()
            try:
                await pubsub.subscribe(self.keys.cancel)
                while not self._closing:
                    message = await pubsub.get_message(timeout=1.0)
                    if message is not None and message["type"] == "message":
                        job_id = message["data"].decode()
                        for lane in self.lanes:
                            lane.lose(job_id)
            except down_errors():
                pass
            except Exception:  # noqa: BLE001 - keep listening whatever happened
                log.exception("worker %s: the cancel channel failed", self.id)
            finally:
                try:
                    await pubsub.aclose()
                except Exception:  # noqa: BLE001 - the connection may be gone already
                    pass
            await asyncio.sleep(_RETRY)
