"""A job's events as a ``text/event-stream``: the HTTP adapter over :mod:`~autoui.server.jobs`.

Each event becomes one SSE message: ``id:`` (its sequence number, for ``Last-Event-ID``),
``event:`` (its kind) and ``data:`` (its JSON body). The message is encoded once, the
first time any client needs it, and the bytes are kept on the log entry.

The stream sends what the client has not seen (everything after ``Last-Event-ID``),
then waits on the job, writing whatever arrived in one chunk, and ends after the
terminal event. A quiet stream gets a comment line every ``heartbeat`` seconds so
proxies do not cut it; ``X-Accel-Buffering: no`` keeps nginx from holding it back.
While it waits, a stream watches for its client going away and then stops (the job
goes on; a reconnect gets what it missed).

A client that stays connected but stops reading (a frozen reader) costs little and not
for long. The ASGI server's flow control makes ``send`` wait once its buffer is full, so
a stream holds at most one chunk (about 64 KiB: a backlog is sent in slices, never
joined whole) while the job's events stay in its bounded log. If one ``send`` waits
longer than ``send_timeout``, the stream is dropped: the job goes on, other streams
never waited on this one, and a later reconnect with ``Last-Event-ID`` resumes.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import Any

import orjson
from starlette.responses import Response

from autoui.events import Event, event_from_dict
from autoui.server.jobs import Entry, Job
from autoui.server.retention import Codec

__all__ = ["CODEC", "EventStreamResponse", "dumps", "event_body", "frame", "parse_last_event_id"]

log = logging.getLogger("autoui")

HEARTBEAT = b": heartbeat\n\n"
CHUNK_BYTES = 64 * 1024  # a backlog is sent in slices of about this size
_WATCH_AFTER = 0.5  # seconds of silence before a stream watches for its client leaving
_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
]
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def dumps(value: Any) -> bytes:
    """JSON bytes; NaN and infinities become null, numpy scalars and arrays are lists."""
    return orjson.dumps(value, option=_OPTIONS, default=str)


def event_body(event: Event) -> dict[str, Any]:
    """The event's JSON body: its fields, shallow (``to_dict`` deep-copies, this need not)."""
    return dict(event.__dict__)


def frame(entry: Entry) -> bytes:
    """The SSE message of ``entry``, from its body as the store encoded it once (read
    back from disk if it was spilled; encoded now if no store weighed it)."""
    if entry.body is not None:
        return _frame(entry, entry.body)
    if entry.spill is not None:
        return _frame(entry, entry.spill.read())
    entry.body = dumps(event_body(entry.event))
    return _frame(entry, entry.body)


def _frame(entry: Entry, body: bytes) -> bytes:
    return b"id: %d\nevent: %s\ndata: %s\n\n" % (entry.seq, entry.kind.encode(), body)


def _decode(kind: str, body: bytes) -> Event:
    return event_from_dict(kind, orjson.loads(body))


CODEC = Codec(encode=lambda event: dumps(event_body(event)), decode=_decode)
"""How the store weighs events (their SSE ``data:``) and reads spilled ones back."""


def parse_last_event_id(header: str | None, query: str | None) -> int:
    """The sequence number a client has seen (0: none), from the header or ``?last_event_id=``."""
    for value in (header, query):
        if value and value.strip().isdigit():
            return int(value.strip())
    return 0


class EventStreamResponse(Response):
    """An ASGI response streaming one job's events, from just after ``last_seq``.

    Args:
        job: the job to follow.
        last_seq: the last sequence number the client has (0 for none).
        heartbeat: seconds of silence before a heartbeat comment.
        headers: extra response headers.
        send_timeout: seconds one ``send`` may wait for a client that stopped reading
            before the stream is dropped; None: no limit.
    """

    def __init__(
        self,
        job: Job,
        last_seq: int,
        heartbeat: float,
        headers: list[tuple[bytes, bytes]] | None = None,
        send_timeout: float | None = None,
    ) -> None:
        self.status_code = 200
        self.background = None
        self.job = job
        self.seq = last_seq
        self.heartbeat = heartbeat
        self.raw_headers = _HEADERS + (headers or [])
        self.send_timeout = send_timeout
        self._gone = False
        self._watch: asyncio.Future[Any] | None = None
        self._waiter: asyncio.Future[None] | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        start = {"type": "http.response.start", "status": 200, "headers": self.raw_headers}
        try:
            await self._send(send, start)
            await self._stream(receive, send)
        except _Stalled:
            log.warning(
                "dropped the event stream of job %s (%s): the client read nothing for %g s; "
                "the job goes on and a reconnect with Last-Event-ID resumes after event %d",
                self.job.id,
                self.job.fn,
                self.send_timeout,
                self.seq,
            )
        finally:
            if self._watch is not None:
                self._watch.cancel()

    async def _stream(self, receive: Any, send: Any) -> None:
        job = self.job
        while True:
            chunk = self._pending()
            if job.done and self.seq >= job.log.last_seq:
                await self._body(send, chunk, more=False)
                job.mark_read()  # the client has its result: the store may let it go
                return
            if chunk:
                await self._body(send, chunk, more=True)
                if self.seq < job.log.last_seq:
                    continue  # the rest of a backlog
            await self._wait(receive)
            if self._gone:
                return
            if self.seq >= job.log.last_seq and not job.done:
                await self._body(send, HEARTBEAT, more=True)

    async def _body(self, send: Any, chunk: bytes, more: bool) -> None:
        await self._send(send, {"type": "http.response.body", "body": chunk, "more_body": more})

    async def _send(self, send: Any, message: dict[str, Any]) -> None:
        """``send(message)``, raising :class:`_Stalled` if it waits over ``send_timeout``."""
        if self.send_timeout is None:
            await send(message)
            return
        try:
            if sys.version_info >= (3, 11):  # a timer, no task per send
                async with asyncio.timeout(self.send_timeout):
                    await send(message)
            else:  # pragma: no cover - Python 3.10
                await asyncio.wait_for(send(message), self.send_timeout)
        except (TimeoutError, asyncio.TimeoutError):
            raise _Stalled from None

    def _pending(self) -> bytes:
        """The frames after ``seq``, up to about :data:`CHUNK_BYTES` (at least one)."""
        entries = self.job.log.since(self.seq)
        if not entries:
            return b""
        first = frame(entries[0])
        if len(entries) == 1 or len(first) >= CHUNK_BYTES:
            self.seq = entries[0].seq
            return first
        frames, size = [first], len(first)
        for entry in entries[1:]:
            wire = frame(entry)
            if size + len(wire) > CHUNK_BYTES:
                break
            frames.append(wire)
            size += len(wire)
        self.seq = entries[len(frames) - 1].seq
        return b"".join(frames)

    async def _wait(self, receive: Any) -> None:
        """Until the job has news, the heartbeat is due, or the client has gone.

        A stream starts watching for its client going away only once it has been quiet
        for a moment: most jobs finish before that, and then cost no watcher task.
        """
        delay = self.heartbeat
        if self._watch is None:
            settle = min(self.heartbeat, _WATCH_AFTER)
            if await self._news_within(settle):
                return
            self._watch = asyncio.ensure_future(_disconnected(receive))
            self._watch.add_done_callback(self._client_gone)
            delay -= settle
        if delay > 0:
            await self._news_within(delay)

    async def _news_within(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for the job's next event; whether one came."""
        waiter = self._waiter = self.job.changed()
        timer = asyncio.get_running_loop().call_later(seconds, _resolve, waiter)
        try:
            await waiter
        finally:
            timer.cancel()
        return self.job.log.last_seq > self.seq or self.job.done

    def _client_gone(self, watch: asyncio.Future[Any]) -> None:
        if not watch.cancelled():
            self._gone = True
            _resolve(self._waiter)


class _Stalled(Exception):
    """A ``send`` waited longer than the stream's ``send_timeout``."""


async def _disconnected(receive: Any) -> None:
    """Return once the client has gone (the request body, if any, is skipped)."""
    while (await receive())["type"] != "http.disconnect":
        pass


def _resolve(future: asyncio.Future[None] | None) -> None:
    if future is not None and not future.done():
        future.set_result(None)
