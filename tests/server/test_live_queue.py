"""The queue over real HTTP: FIFO under a concurrency limit, running together, batching, 503."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_harness import HERE, Server, kinds, read_events, submit

pytestmark = pytest.mark.timeout(120)
TARGET = str(HERE / "fns_jobs.py")



@pytest.fixture(scope="module")
def limited(marker_dir: Path) -> Iterator[Server]:
    """Each function one job at a time (the default), at most two jobs waiting."""
    env = {"AUTOUI_TEST_MARKERS": str(marker_dir / "limited")}
    (marker_dir / "limited").mkdir()
    with Server(TARGET, "--max-queue", "2", env=env) as server:
        yield server


@pytest.fixture(scope="module")
def parallel(marker_dir: Path) -> Iterator[Server]:
    """Three jobs of each function at once."""
    env = {"AUTOUI_TEST_MARKERS": str(marker_dir / "parallel")}
    (marker_dir / "parallel").mkdir()
    with Server(TARGET, "--concurrency", "3", env=env) as server:
        yield server


def runs(log: Path) -> list[tuple[str, float, float]]:
    rows = [line.split() for line in log.read_text().splitlines()]
    return [(tag, float(start), float(end)) for tag, start, end in rows]


def test_concurrency_one_runs_jobs_one_after_another_in_order(
    limited: Server, client: httpx.Client, marker_dir: Path
) -> None:
    jobs = [submit(client, limited.url, "slow", {"tag": tag}) for tag in "abc"]
    # Follow the last job live first: it hears each move of the queue.
    last = read_events(client, f"{limited.url}/api/jobs/{jobs[2]}/events")
    streams = [read_events(client, f"{limited.url}/api/jobs/{job}/events") for job in jobs]

    assert all(events[-1].kind == "complete" for events in streams)
    order = runs(marker_dir / "limited" / "slow.log")
    assert [tag for tag, _, _ in order] == ["a", "b", "c"]
    for (_, _, end), (_, start, _) in zip(order, order[1:], strict=False):
        assert start >= end - 0.01  # never two at once
    positions = [e.data["position"] for e in last if e.kind == "queued"]
    assert positions[0] == 1 and positions[-1] == 0  # told as the queue moved
    assert kinds(last)[len(positions)] == "started"


def test_a_full_queue_answers_503_with_retry_after(limited: Server, client: httpx.Client) -> None:
    jobs = [submit(client, limited.url, "slow", {"tag": f"q{i}"}) for i in range(3)]  # 1 + 2
    answer = client.post(f"{limited.url}/api/slow/jobs", json={"data": {"tag": "extra"}})
    assert answer.status_code == 503
    assert int(answer.headers["Retry-After"]) >= 1
    assert "queue is full" in answer.json()["error"]
    for job in jobs:
        read_events(client, f"{limited.url}/api/jobs/{job}/events")
    again = client.post(f"{limited.url}/api/slow", json={"data": {"tag": "later"}})
    assert again.status_code == 200  # room again once the queue drained


def test_concurrency_three_runs_jobs_together(
    parallel: Server, client: httpx.Client, marker_dir: Path
) -> None:
    jobs = [submit(client, parallel.url, "slow", {"tag": tag}) for tag in "xyz"]
    for job in jobs:
        assert read_events(client, f"{parallel.url}/api/jobs/{job}/events")[-1].kind == "complete"
    order = runs(marker_dir / "parallel" / "slow.log")
    latest_start = max(start for _, start, _ in order)
    earliest_end = min(end for _, _, end in order)
    assert latest_start < earliest_end  # all three were running at the same moment


def test_sixteen_calls_to_a_batch_function_share_one_call(
    parallel: Server, marker_dir: Path
) -> None:
    async def call_all() -> tuple[float, list[httpx.Response]]:
        async with httpx.AsyncClient(base_url=parallel.url, timeout=30) as client:
            await client.get("/health")
            start = time.monotonic()
            answers = await asyncio.gather(
                *(client.post("/api/upper", json={"data": [f"word{i}"]}) for i in range(16))
            )
            return time.monotonic() - start, list(answers)

    elapsed, answers = asyncio.run(call_all())

    assert [a.json()["data"] for a in answers] == [[f"WORD{i}"] for i in range(16)]
    sizes = [int(n) for n in (marker_dir / "parallel" / "batches.log").read_text().split()]
    assert sum(sizes) == 16
    assert elapsed < 0.95, (elapsed, sizes)  # 0.5 s per call: gathered, not one by one
