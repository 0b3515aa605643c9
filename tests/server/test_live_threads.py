"""``autoui serve --max-threads N``: a sync function's live stream holds one of the N worker
threads for as long as it lasts, so a stream beyond N waits for one to end (the limit the
README tells ``async def`` functions avoid). Over real WebSockets, against a real server."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest
from serving import Server
from websockets.sync.client import ClientConnection, connect

FNS = Path(__file__).resolve().parent / "fns_stream.py"
CHUNK = (np.ones(1600, dtype=np.int16) * 100).tobytes()


@pytest.fixture(scope="module")
def two_threads() -> Iterator[Server]:
    options = ("--max-threads", "2", "--concurrency", "none", "--max-jobs-per-client", "none")
    with Server(f"{FNS}:count", *options) as server:
        yield server


def open_stream(server: Server) -> ClientConnection:
    reply = httpx.post(f"{server.url}/api/count/jobs", json={"data": {}})
    assert reply.status_code == 202, reply.text
    return connect(server.url.replace("http://", "ws://") + reply.json()["stream_url"])


def first_output(ws: ClientConnection, seconds: float) -> str | None:
    """The first output's value within ``seconds`` (None if none came)."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            message = ws.recv(timeout=left)
        except TimeoutError:
            return None
        event = json.loads(message) if isinstance(message, str) else {}
        if event.get("type") == "output":
            return str(event["data"]["data"][0])
    return None


def test_a_stream_beyond_max_threads_waits_for_a_thread(two_threads: Server) -> None:
    with open_stream(two_threads) as first, open_stream(two_threads) as second:
        for ws in (first, second):
            ws.send(CHUNK)
            assert first_output(ws, 30) == "1600"  # each holds a worker thread now
        with open_stream(two_threads) as third:
            third.send(CHUNK)
            assert first_output(third, 1.5) is None  # no thread left for its function
            first.send(json.dumps({"type": "end"}))  # one stream ends: its thread is free
            assert first_output(third, 30) == "1600"
