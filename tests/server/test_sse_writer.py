"""The event stream's writer against a scripted ASGI ``send``: a client that stops reading,
a backlog sent in slices, events that arrive while a write waits."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from pathlib import Path
from typing import Any

import pytest

from autoui.events import Complete, Output, Started
from autoui.localfiles import LocalFiles
from autoui.server.jobs import Job
from autoui.server.sse import CHUNK_BYTES, EventStreamResponse


def make_job() -> Job:
    return Job("job1", "echo", None, {}, LocalFiles(Path(".")), 0.0)


async def connected() -> dict[str, Any]:
    await asyncio.Event().wait()  # the client never leaves
    raise AssertionError("unreachable")


class Sink:
    """An ASGI ``send`` that records bodies; the ``stall``-th body write never returns,
    and each write may take ``delay`` seconds (a slow client)."""

    def __init__(self, stall: int | None = None, delay: float = 0.0) -> None:
        self.bodies: list[tuple[float, bytes, bool]] = []
        self.stall = stall
        self.delay = delay

    async def __call__(self, message: dict[str, Any]) -> None:
        if message["type"] != "http.response.body":
            return
        if self.stall is not None and len(self.bodies) + 1 == self.stall:
            await asyncio.Event().wait()  # the socket buffer is full, for ever
        if self.delay:
            await asyncio.sleep(self.delay)
        self.bodies.append((time.monotonic(), message["body"], message["more_body"]))


async def test_a_write_that_never_returns_drops_the_stream_and_not_the_job(
    caplog: pytest.LogCaptureFixture,
) -> None:
    job = make_job()
    job.emit(Started())
    job.emit(Output(data=["first"]))
    sink = Sink(stall=2)
    stream = EventStreamResponse(job, 0, heartbeat=15, send_timeout=0.3)
    writer = asyncio.ensure_future(stream({}, connected, sink))
    await asyncio.sleep(0.05)
    job.emit(Output(data=["second"]))  # this write stalls
    start = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="autoui"):
        await asyncio.wait_for(writer, 5)
    assert 0.25 < time.monotonic() - start < 1.5
    assert b"first" in sink.bodies[0][1] and len(sink.bodies) == 1
    message = caplog.records[-1].getMessage()
    assert "dropped the event stream of job job1 (echo)" in message
    assert "the client read nothing for 0.3 s" in message
    job.emit(Complete(data=["done"]))  # the job goes on, its log intact for a reconnect
    assert [e.event.kind for e in job.log.since(2)] == ["output", "complete"]


async def test_without_a_send_timeout_a_stalled_write_waits(
    caplog: pytest.LogCaptureFixture,
) -> None:
    job = make_job()
    job.emit(Started())
    stream = EventStreamResponse(job, 0, heartbeat=15, send_timeout=None)
    writer = asyncio.ensure_future(stream({}, connected, Sink(stall=1)))
    await asyncio.sleep(0.5)
    assert not writer.done()
    writer.cancel()
    assert not caplog.records


async def test_a_backlog_goes_out_in_slices_in_order() -> None:
    job = make_job()
    job.emit(Started())
    for i in range(300):
        job.emit(Output(data=[f"{i:04d}" + "y" * 1000]))
    job.emit(Output(data=["z" * (3 * CHUNK_BYTES)]))  # one frame larger than a slice
    job.emit(Complete(data=["done"]))
    sink = Sink()
    await asyncio.wait_for(EventStreamResponse(job, 0, heartbeat=15)({}, connected, sink), 5)

    bodies = [body for _, body, _ in sink.bodies]
    assert [more for _, _, more in sink.bodies] == [True] * (len(bodies) - 1) + [False]
    assert len(bodies) > 5
    assert all(len(body) <= CHUNK_BYTES for body in bodies if b"zzzz" not in body)
    ids = [int(n) for n in re.findall(rb"^id: (\d+)$", b"".join(bodies), re.MULTILINE)]
    assert ids == [entry.seq for entry in job.log.entries]  # every event once, in order


async def test_events_that_arrive_during_a_slow_write_follow_at_once() -> None:
    job = make_job()
    job.emit(Started())
    sink = Sink(delay=0.2)
    stream = EventStreamResponse(job, 0, heartbeat=30, send_timeout=5)
    writer = asyncio.ensure_future(stream({}, connected, sink))
    await asyncio.sleep(0.7)  # quiet: the stream now also watches for the client leaving
    job.emit(Output(data=["a"]))
    await asyncio.sleep(0.05)  # "a" is being written (slowly)
    job.emit(Output(data=["b"]))  # arrives during that write
    await asyncio.sleep(0.6)
    job.emit(Complete(data=["done"]))
    await asyncio.wait_for(writer, 5)
    # "b" went out right after "a" (one slow write later), not a heartbeat (30 s) later
    times = [at for at, body, _ in sink.bodies if b'"b"' in body or b'"a"' in body]
    assert len(times) == 2 and times[1] - times[0] < 0.35
