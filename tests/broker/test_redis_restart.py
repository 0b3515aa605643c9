"""R9: Redis stopped and started again (AOF) with a job waiting; the front-end recovers.

While Redis is down, a submit gets 503 + ``Retry-After``, ``/health`` says so, and an
open event stream stays open; once Redis is back (same port, same AOF folder) the
front-end reconnects by itself, the waiting job is still there, and a worker started
then runs it: the stream that stayed open receives its events.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from broker_harness import (
    RedisServer,
    WorkerProcess,
    events,
    front_end,
    kinds,
    require_redis,
    session,
    submit,
    wait_for,
)


@pytest.fixture
def lone_redis(tmp_path: Path) -> Iterator[RedisServer]:
    require_redis()
    server = RedisServer(tmp_path / "redis")
    server.folder.mkdir()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_r9_a_queued_job_survives_a_redis_restart(lone_redis: RedisServer, tmp_path: Path) -> None:
    server = front_end(lone_redis.url, tmp_path).start()
    worker = WorkerProcess(lone_redis.url, markers=tmp_path)
    stream: list[Any] = []
    try:
        with session() as client:
            job = submit(client, server.url, "echo", {"text": "survivor"})  # no worker yet
            reader = threading.Thread(
                target=lambda: stream.extend(events(client, server.url, job, timeout=60)),
                daemon=True,
            )
            reader.start()
            lone_redis.stop()

            refused = client.post(f"{server.url}/api/echo/jobs", json={"data": {"text": "x"}})
            assert refused.status_code == 503, refused.text
            assert int(refused.headers["retry-after"]) >= 1
            assert "unreachable" in refused.json()["error"]
            health = httpx.get(server.url + "/health")
            assert health.status_code == 503
            assert health.json()["broker"]["connected"] is False
            assert reader.is_alive()  # the open stream stayed open

            lone_redis.start()  # same port, same folder: the AOF is read back
            wait_for(lambda: httpx.get(server.url + "/health").status_code == 200, 20,
                     "the front-end to reconnect")
            worker.spawn().wait_ready()
            reader.join(30)
            answer = client.post(f"{server.url}/api/echo", json={"data": {"text": "after"}})
            assert answer.json()["data"] == ["after"]
    finally:
        worker.stop()
        server.stop()
    assert kinds(stream) == ["queued", "started", "complete"]
    assert [seq for seq, _, _ in stream] == [1, 2, 3]
    assert stream[-1][2]["data"] == ["survivor"]
