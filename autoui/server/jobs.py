"""Job state and event logs as plain data: what every wire adapter reads.

A :class:`Job` is one call of one function. The queue moves it through its states and
the runner feeds it events; adapters (the HTTP/SSE routes, the protocols) read its
:class:`EventLog` and wait on :meth:`Job.changed`. Nothing here knows about HTTP or
JSON: the store (:mod:`autoui.server.retention`) encodes each entry once, with the
codec the server gives it, to weigh it (``Entry.size``) and to keep its bytes
(``Entry.body``) for every adapter that sends them; a large entry of a finished job may
be *spilled* to disk, and ``Entry.event`` reads it back when someone asks.

Memory stays bounded: a log keeps a bounded number of entries (a newer ``queued``
replaces the older one; superseded progress and old outputs are dropped when the log
grows, while the terminal event is always kept), and the store counts every entry's
bytes against its budget.
"""

from __future__ import annotations

import asyncio
import bisect
import time
from collections.abc import Callable
from typing import Any, Literal, Protocol

from autoui.events import Event, Output, Queued
from autoui.files import FileContext
from autoui.runner import CancelToken

__all__ = ["Entry", "EventLog", "Job", "JobState", "Spilled"]

JobState = Literal["queued", "running", "complete", "error", "cancelled"]

_MAX_ENTRIES = 512
_KEEP_OUTPUTS = 128
_KEEP_ALERTS = 64


class Spilled(Protocol):
    """Where a spilled entry's body went, and how to read it back."""

    def read(self) -> bytes: ...

    def load(self, kind: str) -> Event: ...

    def remove(self) -> None: ...


class Entry:
    """One logged event: its sequence number (the SSE ``id``), its kind, and its bytes.

    Attributes:
        body: the event's encoded body, once the store has weighed it (None when
            spilled, or when no codec is used).
        size: bytes the entry counts for in the store's budget.
        spill: where the body went when it was spilled to disk (then the event is
            dropped from memory and read back on demand).
    """

    __slots__ = ("_event", "body", "kind", "seq", "size", "spill")

    def __init__(self, seq: int, event: Event) -> None:
        self.seq = seq
        self.kind = event.kind
        self._event: Event | None = event
        self.body: bytes | None = None
        self.size = 0
        self.spill: Spilled | None = None

    @property
    def event(self) -> Event:
        if self._event is not None:
            return self._event
        assert self.spill is not None, "an entry is either in memory or spilled"
        return self.spill.load(self.kind)

    def spilled_to(self, spill: Spilled) -> None:
        """The body now lives in ``spill``: drop the in-memory copies."""
        self.spill = spill
        self._event = None
        self.body = None


class EventLog:
    """A job's events in order, bounded; ``since(n)`` is what a reconnect with id n missed.

    ``bytes`` is the sum of its entries' sizes (set by the store as it weighs them).
    """

    __slots__ = ("bytes", "entries", "last_seq")

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.last_seq = 0
        self.bytes = 0

    def append(self, event: Event, seq: int | None = None) -> Entry:
        """Log ``event`` as the next entry, or as entry ``seq`` (a mirror of a broker's log,
        whose numbers are given; they only grow)."""
        self.last_seq = self.last_seq + 1 if seq is None else seq
        entry = Entry(self.last_seq, event)
        entries = self.entries
        if entries and event.kind == "queued" and entries[-1].kind == "queued":
            self.bytes -= entries[-1].size
            entries[-1] = entry  # a newer position supersedes the older one
        else:
            entries.append(entry)
            if len(entries) > _MAX_ENTRIES:
                self.keep(_compact(entries))
        return entry

    def keep(self, entries: list[Entry]) -> list[Entry]:
        """Keep only ``entries`` (a subset, in order); returns the ones dropped."""
        kept = {id(e) for e in entries}
        dropped = [e for e in self.entries if id(e) not in kept]
        self.entries = entries
        self.bytes = sum(e.size for e in entries)
        for entry in dropped:
            if entry.spill is not None:
                entry.spill.remove()
        return dropped

    def since(self, seq: int) -> list[Entry]:
        """Entries after sequence number ``seq`` (all of them for 0)."""
        if seq <= 0:
            return self.entries
        index = bisect.bisect_right(self.entries, seq, key=_seq)
        return self.entries[index:]

    def last(self, kind: str) -> Event | None:
        for entry in reversed(self.entries):
            if entry.kind == kind:
                return entry.event
        return None

    def without_old_outputs(self, keep: int) -> list[Entry]:
        """The entries less all but the last ``keep`` outputs and the last progress."""
        return _compact(self.entries, keep_outputs=keep)

    def outputs_within(self, max_bytes: int) -> list[Entry]:
        """The entries less the oldest outputs, until the outputs take at most ``max_bytes``
        (the last output always stays: it is the latest state of the result)."""
        outputs = [e for e in self.entries if e.kind == "output"]
        total = sum(e.size for e in outputs)
        drop: set[int] = set()
        for entry in outputs[:-1]:
            if total <= max_bytes:
                break
            drop.add(id(entry))
            total -= entry.size
        return [e for e in self.entries if id(e) not in drop]


def _seq(entry: Entry) -> int:
    return entry.seq


def _compact(
    entries: list[Entry], keep_outputs: int = _KEEP_OUTPUTS, keep_alerts: int = _KEEP_ALERTS
) -> list[Entry]:
    """Drop what later entries supersede: old progress, old outputs, very old alerts."""
    last_progress = max((i for i, e in enumerate(entries) if e.kind == "progress"), default=-1)
    outputs = [i for i, e in enumerate(entries) if e.kind == "output"]
    alerts = [i for i, e in enumerate(entries) if e.kind == "alert"]
    drop = set(outputs[: max(0, len(outputs) - keep_outputs)])
    drop |= set(alerts[: max(0, len(alerts) - keep_alerts)])
    return [
        e
        for i, e in enumerate(entries)
        if i not in drop and (e.kind != "progress" or i == last_progress)
    ]


class Job:
    """One call of one function, from submission to its terminal event.

    Attributes:
        id: opaque and unguessable; knowing it is not enough (see ``owner``).
        fn: the function's name.
        owner: the session or user that submitted it (None: an anonymous client);
            another owner is told the job does not exist.
        client: the queue's record of who submitted it (for the per-client budgets).
        data: the wire payload as submitted (decoded only when the job starts), dropped
            once it has started.
        size: the bytes of the request that submitted it (counted while it waits).
        files: the job's file context (its input file ids, where its outputs go).
        state: where the job is in its life.
        position: its place in the queue while waiting (0 = next).
        cancel_token: triggered to cancel the job while it runs.
        read: its submitter has been given its result (the store may then let it go).
        retained: the bytes it counts for in the store's budget.
    """

    __slots__ = (
        "_listeners",
        "_meter",
        "_terminal",
        "_waiters",
        "cancel_token",
        "client",
        "created",
        "data",
        "files",
        "finished",
        "fn",
        "id",
        "log",
        "owner",
        "position",
        "read",
        "retained",
        "size",
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
        *,
        size: int = 0,
        client: Any = None,
    ) -> None:
        self.id = job_id
        self.fn = fn
        self.owner = owner
        self.client = client
        self.data: dict[str, Any] | list[Any] | None = data
        self.size = size
        self.files: FileContext | None = files
        self.state: JobState = "queued"
        self.position = 0
        self.created = now
        self.started: float | None = None  # monotonic, when it started running
        self.finished: float | None = None
        self.log = EventLog()
        self.cancel_token = CancelToken()
        self.read = False
        self.retained = 0
        self._terminal: Entry | None = None
        self._meter: Callable[[Job, Entry | None], None] | None = None
        self._waiters: list[asyncio.Future[None]] = []
        self._listeners: list[Callable[[Job], Any]] = []

    @property
    def done(self) -> bool:
        return self._terminal is not None

    @property
    def result(self) -> Event | None:
        """Its terminal event, once it has one (read back from disk if it was spilled)."""
        return None if self._terminal is None else self._terminal.event

    def emit(self, event: Event, seq: int | None = None) -> None:
        """Record ``event`` and wake whoever waits; ignored once the job has ended.

        Called on the event loop thread only (the runner guarantees it). ``seq``: the
        event's number when it comes from a broker's log.
        """
        if self._terminal is not None:
            return
        entry = self.log.append(event, seq)
        kind = event.kind
        if kind == "started":
            self.state = "running"
            self.started = time.monotonic()
        elif event.terminal:
            self._terminal = entry
            self.state = kind  # type: ignore[assignment]
            self.finished = time.monotonic()
            self._slim()
        elif isinstance(event, Queued):
            self.position = event.position
        if self._meter is not None:
            self._meter(self, entry)
        self._wake()
        if self._terminal is not None:
            listeners, self._listeners = self._listeners, []
            for listener in listeners:
                listener(self)

    def mark_read(self) -> None:
        """Its submitter now has its result: the store may let the job go when it needs room."""
        if not self.read and self._terminal is not None:
            self.read = True
            if self._meter is not None:
                self._meter(self, None)

    def changed(self) -> asyncio.Future[None]:
        """A future resolved at the next event (already resolved if the job has ended)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if self._terminal is not None:
            future.set_result(None)
        else:
            self._waiters.append(future)
        return future

    def on_finish(self, listener: Callable[[Job], Any]) -> None:
        """Call ``listener(job)`` once the job has its terminal event (now, if it has)."""
        if self._terminal is not None:
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
        """A finished job keeps what a late reader needs: its events, not its inputs."""
        self.data = None
        self.files = None
        everything = len(self.log.entries)  # only superseded progress goes
        self.log.keep(_compact(self.log.entries, keep_outputs=everything, keep_alerts=everything))

    def _wake(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)
