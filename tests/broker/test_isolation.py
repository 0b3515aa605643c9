"""``autoui worker --isolation process`` behind two front-ends.

R7, its third case: cancelling a running *sync* function through the other front-end
kills its slot process within ``cancel_grace`` (plus half a second), a fresh one
replaces it, and the next job runs. And a live input streamed through the broker
reaches a function in a slot process (chunks: front-end → Redis → worker → the slot's
pipe), whose ``finally`` runs there when the socket closes.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from broker_harness import (
    RedisServer,
    WorkerProcess,
    events,
    front_end,
    kinds,
    session,
    stop_all,
    submit,
    wait_for,
)
from live_harness import (
    events_until_end,
    heard,
    last_data,
    open_stream,
    read_marker,
    send_pcm,
    start_live,
    tone,
)
from serving import Server

CANCEL_GRACE = 1.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"


class Isolated:
    """Two front-ends and one worker whose jobs run in slot processes."""

    def __init__(self, redis: RedisServer, markers: Path) -> None:
        self.markers = markers
        self.servers = [front_end(redis.url, markers) for _ in range(2)]
        self.worker = WorkerProcess(
            redis.url, "--isolation", "process", "--cancel-grace", str(CANCEL_GRACE),
            markers=markers,
        )  # fmt: skip

    @property
    def a(self) -> str:
        return self.servers[0].url

    @property
    def b(self) -> str:
        return self.servers[1].url


@pytest.fixture(scope="module")
def isolated(
    redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Isolated]:
    running = Isolated(redis_server, tmp_path_factory.mktemp("markers"))
    processes: list[Server | WorkerProcess] = [*running.servers, running.worker]
    try:
        for process in processes:
            process.spawn()
        for server in running.servers:
            server.wait_ready()
        running.worker.wait_ready()
        yield running
    finally:
        stop_all(processes)


def test_r7_a_running_sync_function_is_killed_and_its_slot_respawned(
    isolated: Isolated,
) -> None:
    a, b, markers = isolated.a, isolated.b, isolated.markers
    with session() as client:
        job = submit(client, a, "spin", {"seconds": 60})
        events(client, a, job, until=lambda got: "started" in kinds(got))
        slot = int(wait_for(lambda: (markers / "spin.started").exists()
                            and (markers / "spin.started").read_text().split(), 10,
                            "the slot to start")[0])
        assert client.delete(f"{b}/api/jobs/{job}").json()["cancelled"] is True
        cancelled = time.monotonic()
        assert kinds(events(client, a, job))[-1] == "cancelled"
        wait_for(lambda: not _alive(slot), 10, "the slot process to end")
        # Killed within the grace (+ 0.5 s), plus slack for a loaded machine.
        assert time.monotonic() - cancelled < CANCEL_GRACE + 0.5 + 2.0
        answer = client.post(f"{b}/api/spin", json={"data": {"seconds": 0.05}})
        assert answer.json()["data"] == ["spun"]
        slots = (markers / "spin.started").read_text().split()
        assert len(slots) == 2 and slots[1] != slots[0]  # ran in a fresh slot process
    assert isolated.worker.alive  # the worker itself was never touched


def test_a_live_input_reaches_a_slot_process_through_the_broker(isolated: Isolated) -> None:
    with session() as client:
        job = start_live(client, isolated.a, "tuner", {})
        with open_stream(client, isolated.b, job) as ws:
            send_pcm(ws, tone(1.0, hz=440), 1600)
            assert last_data(events_until_end(ws)) == ["A4 440 Hz"]
        job = start_live(client, isolated.a, "listen", {"tag": "slot-dropped"})
        with open_stream(client, isolated.b, job) as ws:
            send_pcm(ws, tone(0.2), 1600, end=False)
            while not heard(json.loads(ws.recv(timeout=30))).startswith("3200 "):
                pass  # until the function has heard both chunks
    total, pid = read_marker(isolated.markers / "slot-dropped")
    assert total == "3200" and int(pid) != isolated.worker.pid  # in a slot, not the worker
