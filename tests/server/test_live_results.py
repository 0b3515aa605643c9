"""Results are kept until their clients read them; a full store refuses, never forgets.

A burst of clients on a server whose result budget holds only a few dozen jobs, each
client reading its result late: clients refused with 503 come back after
``Retry-After``, and every one of them gets its own answer, none a 404. (The full-scale
run, 5,000 clients, is ``benchmarks/budgets.py burst``.) Also: a temporary folder left
by a killed server is removed when the next one starts.
"""

from __future__ import annotations

import asyncio
import secrets
import signal
import time
from pathlib import Path

import httpx
import orjson
import pytest
from server_harness import HERE, Server

pytestmark = pytest.mark.timeout(90)
CLIENTS = 120
LATE = 0.5  # seconds each client waits before it reads its result


async def one_client(client: httpx.AsyncClient, url: str, start: asyncio.Event) -> dict[str, int]:
    text = secrets.token_hex(8)
    session = {"cookie": f"autoui_session={secrets.token_urlsafe(16)}"}
    counts = {"refused": 0, "answered": 0, "wrong": 0, "errors": 0}
    await start.wait()
    deadline = time.monotonic() + 60  # bounded: a client gives up after a minute of 503s
    while True:
        answer = await client.post(f"{url}/api/echo/jobs", json={"data": [text]}, headers=session)
        if answer.status_code != 503 or time.monotonic() > deadline:
            break
        counts["refused"] += 1
        await asyncio.sleep(int(answer.headers["retry-after"]))
    if answer.status_code != 202:
        counts["errors"] += 1
        return counts
    await asyncio.sleep(LATE)
    job = answer.json()["job_id"]
    events = await client.get(f"{url}/api/jobs/{job}/events", headers=session)
    if events.status_code != 200:
        counts["errors"] += 1
        return counts
    last = events.text.strip().rsplit("data: ", 1)[-1]
    counts["answered" if orjson.loads(last)["data"] == [text] else "wrong"] += 1
    return counts


async def burst(url: str) -> dict[str, int]:
    start = asyncio.Event()
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        tasks = [asyncio.ensure_future(one_client(client, url, start)) for _ in range(CLIENTS)]
        await asyncio.sleep(0.2)
        start.set()  # released at once
        results = await asyncio.gather(*tasks)
    return {key: sum(r[key] for r in results) for key in results[0]}


def test_a_burst_of_late_readers_all_get_their_own_answer() -> None:
    args = ["--max-retained-bytes", "64KB", "--result-grace", "60"]
    with Server(str(HERE / "fns_budgets.py"), *args) as server:
        totals = asyncio.run(burst(server.url))
    assert totals["answered"] == CLIENTS and totals["errors"] == 0 and totals["wrong"] == 0, totals
    assert totals["refused"] > 0  # the budget was full at times: refused, never dropped


def test_a_killed_servers_temporary_folder_goes_at_the_next_start(tmp_path: Path) -> None:
    private = {"TMPDIR": str(tmp_path)}  # this test's own temp dir: other servers stay out
    first = Server(str(HERE / "fns_budgets.py"), env=private).start()
    assert first.process is not None
    left = list(tmp_path.glob("autoui-files-*"))
    assert len(left) == 1
    first.process.send_signal(signal.SIGKILL)  # no clean-up of its own
    first.process.wait(timeout=10)
    first.stop()
    assert left[0].exists()
    with Server(str(HERE / "fns_budgets.py"), env=private):
        assert not left[0].exists()  # was: left for ever
        assert len(list(tmp_path.glob("autoui-files-*"))) == 1  # the new server's own
