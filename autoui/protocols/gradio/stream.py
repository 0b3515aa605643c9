"""Gradio's queue stream: one SSE stream per client session, over autoui's job records.

A Gradio client joins a call (``POST queue/join`` → an ``event_id``, which is the
autoui job id), then reads ``GET queue/data?session_hash=...``: every message of every
pending call of that session, tagged with its ``event_id``, until none is pending; then
``close_stream`` ends it (the ``sse_v3`` protocol: the JS client reopens the stream
only after that message). Nothing is copied or buffered per session: the stream reads
each job's own bounded event log from where it last was, so a session nobody reads
costs a reference per call and no more.

Job events → messages: ``queued`` → ``estimation``, ``started`` → ``process_starts``,
``progress`` → ``progress``, ``alert`` → ``log``, each ``output`` →
``process_generating`` (full values the first time, then diffs), and the terminal
event → ``process_completed`` (an error as ``success: false`` with the message; a
cancel with the last values, as Gradio does, so a waiting client is released).

Sessions are kept while they have calls; an idle one is forgotten after ``ttl``
seconds, and beyond ``limit`` sessions the oldest idle ones go first.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from typing import Any

import orjson

from autoui.events import (
    Alert,
    Cancelled,
    Complete,
    Event,
    Failed,
    Output,
    ProgressUpdate,
    Queued,
    Started,
)
from autoui.protocols.gradio.payloads import diff, outputs_to_gradio
from autoui.server.jobs import Job
from autoui.spec import FunctionSpec

__all__ = ["Call", "Session", "Sessions", "frame", "session_stream"]

CLOSE = {"msg": "close_stream", "event_id": None}
HEARTBEAT = {"msg": "heartbeat"}


def frame(message: dict[str, Any]) -> bytes:
    """One SSE message as the Gradio clients parse it: a single ``data:`` line."""
    return b"data: " + orjson.dumps(message, default=str) + b"\n\n"


class Call:
    """One joined call: its job, what the stream has sent of it, where its files live."""

    __slots__ = ("fn_spec", "job", "origin", "seen", "sent")

    def __init__(self, job: Job, fn_spec: FunctionSpec, origin: str) -> None:
        self.job = job
        self.fn_spec = fn_spec
        self.origin = origin
        self.seen = 0
        self.sent: list[Any] | None = None  # the last values of process_generating

    def messages(self, events: list[Event]) -> list[dict[str, Any]]:
        return [message for event in events if (message := self._message(event)) is not None]

    def _message(self, event: Event) -> dict[str, Any] | None:
        event_id = self.job.id
        if isinstance(event, Queued):
            return {
                "msg": "estimation",
                "event_id": event_id,
                "rank": event.position,
                "queue_size": event.position + 1,
                "rank_eta": event.eta,
            }
        if isinstance(event, Started):
            return {"msg": "process_starts", "event_id": event_id, "eta": None}
        if isinstance(event, ProgressUpdate):
            unit = {"index": event.index, "length": event.total, "unit": event.unit,
                    "progress": event.progress, "desc": event.desc}  # fmt: skip
            return {"msg": "progress", "event_id": event_id, "progress_data": [unit]}
        if isinstance(event, Alert):
            return {"msg": "log", "event_id": event_id, "log": event.message,
                    "level": event.level, "title": event.level.capitalize(),
                    "duration": None, "visible": True}  # fmt: skip
        if isinstance(event, Output):
            return self._generating(event.data)
        return self._completed(event)

    def _generating(self, data: list[Any]) -> dict[str, Any]:
        values = outputs_to_gradio(self.fn_spec, data, self.origin)
        sent, self.sent = self.sent, values
        edits = values if sent is None else [diff(o, n) for o, n in zip(sent, values, strict=True)]
        output = {"data": edits, "is_generating": True}
        return {"msg": "process_generating", "event_id": self.job.id, "output": output,
                "success": True}  # fmt: skip

    def _completed(self, event: Event) -> dict[str, Any] | None:
        output: dict[str, Any]
        if isinstance(event, Complete):
            values = outputs_to_gradio(self.fn_spec, event.data, self.origin)
            output = {"data": values, "is_generating": False, "duration": event.duration}
        elif isinstance(event, Failed):
            message = f"{event.param}: {event.message}" if event.param else event.message
            output = {"error": message, **({"title": event.title} if event.title else {})}
        elif isinstance(event, Cancelled):
            values = self.sent or [None] * len(self.fn_spec.outputs)
            output = {"data": values, "is_generating": False}
        else:
            return None
        return {"msg": "process_completed", "event_id": self.job.id, "output": output,
                "success": not isinstance(event, Failed)}  # fmt: skip


class Session:
    """One ``session_hash``: its pending calls, and a way to wake its stream."""

    def __init__(self, now: float) -> None:
        self.calls: dict[str, Call] = {}
        self.touched = now
        self.reading = False
        self._waiter: asyncio.Future[None] | None = None

    def add(self, call: Call) -> None:
        self.calls[call.job.id] = call
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    def joined(self) -> asyncio.Future[None]:
        """A future resolved when the next call joins."""
        if self._waiter is None or self._waiter.done():
            self._waiter = asyncio.get_running_loop().create_future()
        return self._waiter


class Sessions:
    """Every live session by its hash, bounded in count and idle time."""

    def __init__(self, limit: int, ttl: float) -> None:
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._limit = limit
        self._ttl = ttl

    def get(self, session_hash: str) -> Session | None:
        return self._sessions.get(session_hash)

    def join(self, session_hash: str) -> Session:
        now = time.monotonic()
        session = self._sessions.get(session_hash)
        if session is None:
            self._prune(now)
            session = self._sessions[session_hash] = Session(now)
        session.touched = now
        self._sessions.move_to_end(session_hash)
        return session

    def _prune(self, now: float) -> None:
        """Forget expired sessions, and the oldest beyond the limit (never one being read)."""
        for key, session in list(self._sessions.items()):  # least recently joined first
            if len(self._sessions) < self._limit and now - session.touched <= self._ttl:
                break
            if not session.reading:
                del self._sessions[key]

    def done_reading(self, session_hash: str, session: Session) -> None:
        session.reading = False
        session.touched = time.monotonic()
        if not session.calls and self._sessions.get(session_hash) is session:
            del self._sessions[session_hash]


async def session_stream(
    sessions: Sessions, session_hash: str, session: Session, heartbeat: float
) -> AsyncIterator[bytes]:
    """The session's messages until no call is pending, then ``close_stream``."""
    session.reading = True
    try:
        while True:
            messages = _pending_messages(session)
            if messages:
                yield b"".join(frame(message) for message in messages)
            if not session.calls:
                yield frame(CLOSE)
                return
            if not messages:
                waits = {call.job.changed() for call in session.calls.values()}
                waits.add(session.joined())
                done, _ = await asyncio.wait(
                    waits, timeout=heartbeat, return_when=asyncio.FIRST_COMPLETED
                )
                if not done:
                    yield frame(HEARTBEAT)
    finally:
        sessions.done_reading(session_hash, session)


def _pending_messages(session: Session) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    for event_id, call in list(session.calls.items()):
        entries = call.job.log.since(call.seen)
        if entries:
            call.seen = entries[-1].seq
            messages.extend(call.messages([entry.event for entry in entries]))
        if call.job.done and call.job.log.last_seq <= call.seen:
            del session.calls[event_id]
    return messages
