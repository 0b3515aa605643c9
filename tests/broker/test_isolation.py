"""R7, its third case: cancelling a running *sync* function on an ``--isolation process``
worker, through the other front-end: the slot process is killed within ``cancel_grace``
(plus half a second), a fresh one replaces it, and the next job runs."""

from __future__ import annotations

import os
import time
from pathlib import Path

from broker_harness import (
    TARGET,
    RedisServer,
    WorkerProcess,
    events,
    front_end,
    kinds,
    session,
    submit,
    wait_for,
)

CANCEL_GRACE = 1.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"


def test_r7_a_running_sync_function_is_killed_and_its_slot_respawned(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    target = f"{TARGET}:spin"
    servers = [front_end(redis_server.url, tmp_path, target=target).spawn() for _ in range(2)]
    worker = WorkerProcess(
        redis_server.url, "--isolation", "process", "--cancel-grace", str(CANCEL_GRACE),
        markers=tmp_path, target=target,
    )
    try:
        worker.spawn()
        for server in servers:
            server.wait_ready()
        worker.wait_ready()
        a, b = (server.url for server in servers)
        with session() as client:
            job = submit(client, a, "spin", {"seconds": 60})
            events(client, a, job, until=lambda got: "started" in kinds(got))
            slot = int(wait_for(lambda: (tmp_path / "spin.started").exists()
                                and (tmp_path / "spin.started").read_text().split(), 10,
                                "the slot to start")[0])
            assert client.delete(f"{b}/api/jobs/{job}").json()["cancelled"] is True
            cancelled = time.monotonic()
            assert kinds(events(client, a, job))[-1] == "cancelled"
            wait_for(lambda: not _alive(slot), 10, "the slot process to end")
            # Killed within the grace (+ 0.5 s), plus slack for a loaded machine.
            assert time.monotonic() - cancelled < CANCEL_GRACE + 0.5 + 2.0
            answer = client.post(f"{b}/api/spin", json={"data": {"seconds": 0.05}})
            assert answer.json()["data"] == ["spun"]
            slots = (tmp_path / "spin.started").read_text().split()
            assert len(slots) == 2 and slots[1] != slots[0]  # ran in a fresh slot process
        assert worker.alive  # the worker itself was never touched
    finally:
        worker.stop()
        for server in servers:
            server.stop()
