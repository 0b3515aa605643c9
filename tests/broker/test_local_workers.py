"""``autoui serve --broker ... --workers N``: local workers started and stopped with it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
from broker_harness import RedisServer, front_end, wait_for


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    return not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"


def test_serve_starts_its_workers_and_stops_them(redis_server: RedisServer, tmp_path: Path) -> None:
    server = front_end(redis_server.url, tmp_path, "--workers", "1").start()
    try:
        pids = [int(p) for p in re.findall(r"pids? ([\d, ]+)", server.text())[0].split(",")]
        assert len(pids) == 1
        wait_for(lambda: httpx.get(server.url + "/health").json()["workers"]["echo"] == 1, 30,
                 "the local worker's heartbeat")
        answer = httpx.post(f"{server.url}/api/echo", json={"data": {"text": "local"}}, timeout=30)
        assert answer.json()["data"] == ["local"]
    finally:
        server.stop()
    wait_for(lambda: all(_gone(pid) for pid in pids), 15, "the local worker to stop")
