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
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
from starlette.responses import Response

from autoui.events import Event
from autoui.server.jobs import Entry, Job

__all__ = ["EventStreamResponse", "dumps", "event_body", "frame", "parse_last_event_id"]

HEARTBEAT = b": heartbeat\n\n"
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
    """The SSE message of ``entry``, encoded on first use and kept."""
    wire = entry.wire
    if wire is None:
        body = dumps(event_body(entry.event))
        wire = b"id: %d\nevent: %s\ndata: %s\n\n" % (entry.seq, entry.event.kind.encode(), body)
        entry.wire = wire
    return wire


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
    """

    def __init__(
        self,
        job: Job,
        last_seq: int,
        heartbeat: float,
        headers: list[tuple[bytes, bytes]] | None = None,
    ) -> None:
        self.status_code = 200
        self.background = None
        self.job = job
        self.seq = last_seq
        self.heartbeat = heartbeat
        self.raw_headers = _HEADERS + (headers or [])
        self._gone = False
        self._watch: asyncio.Future[Any] | None = None
        self._waiter: asyncio.Future[None] | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        try:
            await self._stream(receive, send)
        finally:
            if self._watch is not None:
                self._watch.cancel()

    async def _stream(self, receive: Any, send: Any) -> None:
        job = self.job
        while True:
            chunk = self._pending()
            if job.done and self.seq >= job.log.last_seq:
                await send({"type": "http.response.body", "body": chunk, "more_body": False})
                return
            if chunk:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await self._wait(receive)
            if self._gone:
                return
            if self.seq >= job.log.last_seq and not job.done:
                await send({"type": "http.response.body", "body": HEARTBEAT, "more_body": True})

    def _pending(self) -> bytes:
        entries = self.job.log.since(self.seq)
        if not entries:
            return b""
        self.seq = entries[-1].seq
        if len(entries) == 1:
            return frame(entries[0])
        return b"".join([frame(entry) for entry in entries])

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


async def _disconnected(receive: Any) -> None:
    """Return once the client has gone (the request body, if any, is skipped)."""
    while (await receive())["type"] != "http.disconnect":
        pass


def _resolve(future: asyncio.Future[None] | None) -> None:
    if future is not None and not future.done():
        future.set_result(None)
