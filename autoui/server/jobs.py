"""Job state and event logs as plain data: what every wire adapter reads.

A :class:`Job` is one call of one function. The queue moves it through its states and
the runner feeds it events; adapters (the HTTP/SSE routes, later Gradio's protocol)
read its :class:`EventLog` and wait on :meth:`Job.changed`. Nothing here knows about
HTTP or JSON: an adapter caches its own encoding of an entry on :attr:`Entry.wire`, so
each event is encoded once however many clients read it.

Memory stays flat on a long-running server: a log keeps a bounded number of entries (a
newer ``queued`` replaces the older one; superseded progress and old outputs are dropped
when the log grows, while the terminal event is always kept) and :class:`JobStore`
forgets finished jobs after a TTL or beyond a count, oldest first.
"""

from __future__ import annotations

import asyncio
import bisect
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any, Literal

from autoui.events import Event, Output, Queued
from autoui.files import FileContext
from autoui.runner import CancelToken

__all__ = ["Entry", "EventLog", "Job", "JobState", "JobStore"]

JobState = Literal["queued", "running", "complete", "error", "cancelled"]

_MAX_ENTRIES = 512
_KEEP_OUTPUTS = 128
_KEEP_ALERTS = 64


class Entry:
    """One logged event: its sequence number (the SSE ``id``) and, once encoded, its bytes."""

    __slots__ = ("event", "seq", "wire")

    def __init__(self, seq: int, event: Event) -> None:
        self.seq = seq
        self.event = event
        self.wire: bytes | None = None


class EventLog:
    """A job's events in order, bounded; ``since(n)`` is what a reconnect with id n missed."""

    __slots__ = ("entries", "last_seq")

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.last_seq = 0

    def append(self, event: Event, seq: int | None = None) -> Entry:
        """Log ``event`` as the next entry, or as entry ``seq`` (a mirror of a broker's log,
        whose numbers are given; they only grow)."""
        self.last_seq = self.last_seq + 1 if seq is None else seq
        entry = Entry(self.last_seq, event)
        entries = self.entries
        if entries and event.kind == "queued" and entries[-1].event.kind == "queued":
            entries[-1] = entry  # a newer position supersedes the older one
        else:
            entries.append(entry)
            if len(entries) > _MAX_ENTRIES:
                self.entries = _compact(entries)
        return entry

    def since(self, seq: int) -> list[Entry]:
        """Entries after sequence number ``seq`` (all of them for 0)."""
        if seq <= 0:
            return self.entries
        index = bisect.bisect_right(self.entries, seq, key=_seq)
        return self.entries[index:]

    def last(self, kind: str) -> Event | None:
        for entry in reversed(self.entries):
            if entry.event.kind == kind:
                return entry.event
        return None


def _without_old_progress(entries: list[Entry]) -> list[Entry]:
    last = max((i for i, e in enumerate(entries) if e.event.kind == "progress"), default=-1)
    return [e for i, e in enumerate(entries) if e.event.kind != "progress" or i == last]


def _seq(entry: Entry) -> int:
    return entry.seq


def _compact(entries: list[Entry]) -> list[Entry]:
    """Drop what later entries supersede: old progress, old outputs, very old alerts."""
    last_progress = max(
        (i for i, e in enumerate(entries) if e.event.kind == "progress"), default=-1
    )
    outputs = [i for i, e in enumerate(entries) if e.event.kind == "output"]
    alerts = [i for i, e in enumerate(entries) if e.event.kind == "alert"]
    drop = set(outputs[:-_KEEP_OUTPUTS]) | set(alerts[:-_KEEP_ALERTS])
    return [
        e
        for i, e in enumerate(entries)
        if i not in drop and (e.event.kind != "progress" or i == last_progress)
    ]


class Job:
    """One call of one function, from submission to its terminal event.

    Attributes:
        id: opaque and unguessable; knowing it is not enough (see ``owner``).
        fn: the function's name.
        owner: the session or user that submitted it (None: an anonymous client);
            another owner is told the job does not exist.
        data: the wire payload as submitted (decoded only when the job starts), dropped
            once it has started.
        files: the job's file context (its input file ids, where its outputs go).
        state: where the job is in its life.
        position: its place in the queue while waiting (0 = next).
        cancel_token: triggered to cancel the job while it runs.
        result: its terminal event, once it has one.
    """

    __slots__ = (
        "_listeners",
        "_waiters",
        "cancel_token",
        "created",
        "files",
        "finished",
        "fn",
        "id",
        "data",
        "log",
        "owner",
        "position",
        "result",
        "started",
        "state",
    )

    def __init__(
        self,
        job_id: str,
        fn: str,
        owner: str | None,
        data: dict[str, Any] | list[Any] | None,
        files: FileContext,
        now: float,
    ) -> None:
        self.id = job_id
        self.fn = fn
        self.owner = owner
        self.data: dict[str, Any] | list[Any] | None = data
        self.files: FileContext | None = files
        self.state: JobState = "queued"
        self.position = 0
        self.created = now
        self.log = EventLog()
        self.cancel_token = CancelToken()
        self.result: Event | None = None
        self._waiters: list[asyncio.Future[None]] = []
        self._listeners: list[Callable[[Job], Any]] = []

    @property
    def done(self) -> bool:
        return self.result is not None

    def emit(self, event: Event, seq: int | None = None) -> None:
        """Record ``event`` and wake whoever waits; ignored once the job has ended.

        Called on the event loop thread only (the runner guarantees it). ``seq``: the
        event's number when it comes from a broker's log.
        """
        if self.result is not None:
            return
        self.log.append(event, seq)
        kind = event.kind
        if kind == "started":
            self.state = "running"
        elif event.terminal:
            self.result = event
            self.state = kind  # type: ignore[assignment]
            self._slim()
        elif isinstance(event, Queued):
            self.position = event.position
        self._wake()
        if self.result is not None:
            listeners, self._listeners = self._listeners, []
            for listener in listeners:
                listener(self)

    def changed(self) -> asyncio.Future[None]:
        """A future resolved at the next event (already resolved if the job has ended)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if self.result is not None:
            future.set_result(None)
        else:
            self._waiters.append(future)
        return future

    def on_finish(self, listener: Callable[[Job], Any]) -> None:
        """Call ``listener(job)`` once the job has its terminal event (now, if it has)."""
        if self.result is not None:
            listener(self)
        else:
            self._listeners.append(listener)

    def last_output(self) -> Output | None:
        """The latest streamed output of the current run (a ``restart`` voids older ones)."""
        for entry in reversed(self.log.entries):
            if isinstance(entry.event, Output):
                return entry.event
            if entry.event.kind == "restart":
                return None
        return None

    def _slim(self) -> None:
        """A finished job keeps only what a late reader needs: its events, not its inputs."""
        self.data = None
        self.files = None
        self.log.entries = _without_old_progress(self.log.entries)

    def _wake(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)


class JobStore:
    """Every known job by id; finished ones are forgotten after ``ttl`` or beyond ``limit``.

    Pruning happens as jobs finish (oldest first), so memory stays flat without a timer.
    """

    def __init__(self, ttl: float, limit: int, clock: Callable[[], float] = time.monotonic):
        self._jobs: dict[str, Job] = {}
        self._finished: OrderedDict[str, float] = OrderedDict()
        self._ttl = ttl
        self._limit = limit
        self._clock = clock

    def __len__(self) -> int:
        return len(self._jobs)

    def __iter__(self) -> Iterator[Job]:
        return iter(list(self._jobs.values()))

    def add(self, job: Job) -> None:
        self._jobs[job.id] = job
        job.on_finish(self._finished_job)

    def get(self, job_id: str, owner: str | None) -> Job | None:
        """The job, if it exists and ``owner`` may see it.

        A job submitted by an anonymous client (owner None) is reachable by its
        unguessable id alone; one submitted within a session or by a user only by them.
        """
        job = self._jobs.get(job_id)
        if job is None or (job.owner is not None and job.owner != owner):
            return None
        return job

    def _finished_job(self, job: Job) -> None:
        now = self._clock()
        self._finished[job.id] = now
        self.prune(now)

    def prune(self, now: float | None = None) -> None:
        """Forget finished jobs past their TTL, and the oldest beyond the limit."""
        now = self._clock() if now is None else now
        finished = self._finished
        while finished:
            job_id, at = next(iter(finished.items()))
            if len(finished) <= self._limit and now - at < self._ttl:
                break
            finished.popitem(last=False)
            self._jobs.pop(job_id, None)
