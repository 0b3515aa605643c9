"""Checks R1–R8, R10–R12 and R14 of the scale-out research note, on real processes.

The session's cluster (``conftest.py``): one redis-server, two front-ends (``autoui
serve --broker``) and two workers (``autoui worker``), with a 2 s reclaim time and 0.5 s
heartbeats. Processes are killed, paused and resumed by PID; a killed worker is started
again before the next check.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from broker_harness import (
    HEARTBEAT,
    RECLAIM_IDLE,
    Cluster,
    RedisServer,
    events,
    front_end,
    kinds,
    session,
    submit,
    wait_for,
)


# -- R14 runs beside the others: an idle blocking read for 20 s ---------------------------
class IdleRead:
    """A client built as autoui builds it, blocked on an idle stream for ``seconds``."""

    def __init__(self, redis: RedisServer, seconds: float) -> None:
        self.redis = redis
        self.seconds = seconds
        self.calls = 0
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)

    async def _run(self) -> None:
        from autoui.broker.connection import connect
        from autoui.broker.settings import BLOCK_MS

        client = connect(self.redis.url)
        try:
            await client.xgroup_create("idle", "workers", id="0", mkstream=True)
            deadline = time.monotonic() + self.seconds
            while time.monotonic() < deadline:
                self.calls += 1
                await client.xreadgroup("workers", "idle", {"idle": ">"}, count=1, block=BLOCK_MS)
        except BaseException as exc:  # noqa: BLE001 - recorded for the test to report
            self.error = exc
        finally:
            await client.aclose()


@pytest.fixture(scope="module")
def idle_read(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IdleRead]:
    redis = RedisServer(tmp_path_factory.mktemp("idle")).start()
    reader = IdleRead(redis, 20.0)
    reader.thread.start()
    try:
        yield reader
    finally:
        reader.thread.join(30)
        redis.stop()


def test_r1_sixteen_calls_across_two_front_ends_are_one_batch(
    cluster: Cluster, idle_read: IdleRead
) -> None:
    def call(i: int) -> str:
        with session() as client:
            response = client.post(f"{cluster.front_ends[i % 2].url}/api/shout",
                                   json={"data": {"texts": f"w{i}"}})
            assert response.status_code == 200, response.text
            return str(response.json()["data"][0])

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(call, range(16)))
    assert results == [f"W{i}/16" for i in range(16)]


def test_r2_a_hundred_sequential_calls_through_either_front_end(cluster: Cluster) -> None:
    with session() as client:
        for i in range(100):
            base = cluster.a if i % 2 else cluster.b
            response = client.post(f"{base}/api/echo", json={"data": {"text": f"call {i}"}})
            assert response.status_code == 200, response.text
            assert response.json()["data"] == [f"call {i}"]


def test_r3_a_stream_resumed_on_the_other_front_end_is_exactly_once(cluster: Cluster) -> None:
    with session() as client:
        job = submit(client, cluster.a, "count", {"n": 10, "delay": 0.1, "tag": "r3"})
        first = events(client, cluster.a, job, until=lambda got: kinds(got).count("output") >= 4)
        rest = events(client, cluster.b, job, last_id=first[-1][0])
    received = first + rest
    assert [seq for seq, _, _ in received] == list(range(1, len(received) + 1))
    outputs = [body["data"][0] for _, kind, body in received if kind == "output"]
    assert outputs == [f"step {i}" for i in range(10)]
    assert kinds(received)[-1] == "complete"


def test_r4_a_killed_workers_job_restarts_on_the_other_and_completes(cluster: Cluster) -> None:
    with session() as client:
        job = submit(client, cluster.a, "slow", {"seconds": 1.0, "tag": "r4"})
        events(client, cluster.a, job, until=lambda got: "started" in kinds(got))
        # ``started`` is sent before the function's first line runs: kill it only once
        # the function itself has begun, so the first run is one the test can count.
        wait_for(lambda: cluster.marks("slow-r4.started"), 10.0, "the first run to begin")
        victim = cluster.worker_of(job)
        victim.signal(signal.SIGKILL)
        killed = time.monotonic()
        rest = events(client, cluster.b, job, last_id=2)
        assert kinds(rest) == ["restart", "started", "complete"]
        restarted = time.monotonic() - killed
    assert rest[0][2]["attempt"] == 2
    # reclaim_idle + heartbeat + 1 s, plus the 1 s run and slack for a loaded machine;
    # benchmarks/broker_bench.py measures the detection time itself.
    assert restarted < RECLAIM_IDLE + HEARTBEAT + 1.0 + 1.0 + 3.0
    pending = cluster.redis.client().xpending(cluster.key("q:slow"), "workers")
    assert pending["pending"] == 0
    assert len(cluster.marks("slow-r4.started")) == 2


def test_a_stopped_worker_leaves_a_call_it_cannot_stop_to_the_other(cluster: Cluster) -> None:
    """SIGTERM while a sync call blocks: the worker gives it ``--grace`` (2 s here), then
    exits without waiting for it (a thread cannot be interrupted), and the job runs
    again on the other worker."""
    with session() as client:
        job = submit(client, cluster.a, "hold", {"tag": "grace"})
        wait_for(lambda: cluster.marks("hold-grace.started"), 10.0, "the call to begin")
        stopping = cluster.worker_of(job)
        stopping.signal(signal.SIGTERM)
        assert stopping.process is not None
        stopping.process.wait(10)  # the call alone would hold it for 30 s
        wait_for(lambda: b"still running after --grace" in stopping.output, 5.0, "its notice")
        again = events(client, cluster.b, job, until=lambda got: kinds(got).count("started") == 2)
        wait_for(lambda: len(cluster.marks("hold-grace.started")) == 2, 10.0, "the second run")
        (cluster.markers / "release-grace").touch()
        rest = events(client, cluster.b, job, last_id=again[-1][0])
    assert kinds(again) == ["queued", "started", "restart", "started"]
    assert kinds(rest) == ["complete"] and rest[0][2]["data"] == ["released grace"]
    first, second = cluster.marks("hold-grace.started")
    assert first == str(stopping.pid) and second != first


def test_r5_a_long_job_on_a_healthy_worker_is_never_duplicated(cluster: Cluster) -> None:
    seconds = 5 * RECLAIM_IDLE
    with session() as client:
        job = submit(client, cluster.a, "slow", {"seconds": seconds, "tag": "r5"})
        events(client, cluster.a, job, until=lambda got: "started" in kinds(got))
        time.sleep(RECLAIM_IDLE * 2)
        redis = cluster.redis.client()
        entries = redis.xpending_range(cluster.key("q:slow"), "workers", "-", "+", 10)
        assert [entry["times_delivered"] for entry in entries] == [1]
        received = events(client, cluster.b, job)
    assert kinds(received) == ["queued", "started", "complete"]
    assert len(cluster.marks("slow-r5.started")) == 1


def test_r6_a_job_that_kills_every_worker_is_dead_lettered(cluster: Cluster) -> None:
    stop = threading.Event()

    def keep_workers_alive() -> None:
        while not stop.is_set():
            cluster.revive(may_die=True)  # a new worker may take the poison job at once
            time.sleep(0.1)

    reviver = threading.Thread(target=keep_workers_alive, daemon=True)
    reviver.start()
    try:
        with session() as client:
            job = submit(client, cluster.a, "poison", {"text": "poison"})
            others = [
                client.post(f"{cluster.b}/api/echo", json={"data": {"text": f"still {i}"}})
                for i in range(3)
            ]
            received = events(client, cluster.b, job, timeout=90)
    finally:
        stop.set()
        reviver.join(30)
    assert [r.json().get("data") for r in others] == [[f"still {i}"] for i in range(3)], [
        r.text for r in others
    ]
    assert kinds(received)[-1] == "error"
    error = received[-1][2]
    assert error["type"] == "DeadLettered"
    assert "dead-lettered" in error["message"] and "3 times" in error["message"]
    assert len(cluster.marks("poison.started")) == 3
    dead = cluster.redis.client().xrange(cluster.key("dead:poison"))
    assert [fields[b"job"].decode() for _, fields in dead] == [job]


def test_r7_cancel_through_the_other_front_end(cluster: Cluster) -> None:
    with session() as client:
        busy = [submit(client, cluster.a, "slow", {"seconds": 1.5, "tag": f"r7{i}"})
                for i in range(2)]
        for job in busy:
            events(client, cluster.a, job, until=lambda got: "started" in kinds(got))
        queued = submit(client, cluster.a, "slow", {"seconds": 0.1, "tag": "r7q"})
        answer = client.delete(f"{cluster.b}/api/jobs/{queued}").json()
        assert answer == {"job_id": queued, "cancelled": True, "status": "cancelled"}
        assert kinds(events(client, cluster.a, queued)) == ["queued", "cancelled"]

        generator = submit(client, cluster.a, "count", {"n": 100, "delay": 0.05, "tag": "r7g"})
        events(client, cluster.a, generator, until=lambda got: kinds(got).count("output") >= 2)
        assert client.delete(f"{cluster.b}/api/jobs/{generator}").json()["cancelled"] is True
        cancelled_at = time.monotonic()
        assert kinds(events(client, cluster.a, generator))[-1] == "cancelled"
        # The generator stopped at its next yield (its finally ran), not after 100 steps.
        wait_for(lambda: cluster.marks("count-r7g.closed"), 5.0, "the generator to close")
        assert time.monotonic() - cancelled_at < 5.0
        for job in busy:
            assert kinds(events(client, cluster.b, job))[-1] == "complete"
    time.sleep(0.5)
    assert cluster.marks("slow-r7q.started") == []


def test_r8_a_paused_worker_cannot_write_into_its_reassigned_job(cluster: Cluster) -> None:
    with session() as client:
        job = submit(client, cluster.a, "slow", {"seconds": 1.5, "tag": "r8"})
        events(client, cluster.a, job, until=lambda got: "started" in kinds(got))
        stale = cluster.worker_of(job)
        stale.signal(signal.SIGSTOP)
        try:
            received = events(client, cluster.b, job)
        finally:
            stale.signal(signal.SIGCONT)
        # The stale worker wakes, finishes its sleep and tries to write its result.
        wait_for(lambda: len(cluster.marks("slow-r8.finished")) == 2, 10.0, "the stale run")
        time.sleep(3 * HEARTBEAT)
        replay = events(client, cluster.a, job)
    assert kinds(received) == ["queued", "started", "restart", "started", "complete"]
    assert replay == received  # nothing was written after the terminal event
    assert sum(kind in ("complete", "error", "cancelled") for kind in kinds(replay)) == 1


def test_r10_a_killed_front_end_is_resumed_on_another(cluster: Cluster) -> None:
    doomed = front_end(cluster.redis.url, cluster.markers).start()
    try:
        with session() as client:
            job = submit(client, doomed.url, "count", {"n": 10, "delay": 0.1, "tag": "r10"})
            first = events(client, doomed.url, job,
                           until=lambda got: kinds(got).count("output") >= 3)
            assert doomed.process is not None
            os.kill(doomed.process.pid, signal.SIGKILL)
            rest = events(client, cluster.b, job, last_id=first[-1][0])
    finally:
        doomed.stop()
    received = first + rest
    assert [seq for seq, _, _ in received] == list(range(1, len(received) + 1))
    assert [b["data"][0] for _, k, b in received if k == "output"] == [
        f"step {i}" for i in range(10)
    ]


def test_r11_files_made_through_one_front_end_are_served_by_the_other(cluster: Cluster) -> None:
    with session() as client, session() as stranger:
        upload = client.post(f"{cluster.a}/api/files",
                             files={"file": ("notes.txt", b"x" * 1000, "text/plain")})
        assert upload.status_code == 200, upload.text
        measured = client.post(f"{cluster.b}/api/measure",
                               json={"data": {"document": {"id": upload.json()["id"]}}})
        assert measured.json()["data"] == ["notes.txt:1000"]

        made = client.post(f"{cluster.a}/api/report", json={"data": {"text": "hello"}}).json()
        url = made["data"][0]["url"]
        fetched = client.get(cluster.b + url)
        assert fetched.status_code == 200 and fetched.text == "report: hello"
        assert stranger.get(cluster.b + url).status_code == 404

        too_big = client.post(f"{cluster.b}/api/files",
                              files={"file": ("big.bin", b"x" * (1024 * 1024 + 1))})
        assert too_big.status_code == 413


def test_r12_the_per_client_cap_holds_across_front_ends(cluster: Cluster) -> None:
    with session() as client:
        jobs = [submit(client, (cluster.a, cluster.b)[i % 2], "slow",
                       {"seconds": 5.0, "tag": f"r12{i}"}) for i in range(4)]
        try:
            for base in (cluster.a, cluster.b):
                refused = client.post(f"{base}/api/slow/jobs", json={"data": {"seconds": 0}})
                assert refused.status_code == 429, refused.text
                assert refused.json()["limit"] == 4
                assert int(refused.headers["retry-after"]) >= 1
        finally:
            for job in jobs:
                client.delete(f"{cluster.b}/api/jobs/{job}")
        again = client.post(f"{cluster.a}/api/echo", json={"data": {"text": "free again"}})
        assert again.json()["data"] == ["free again"]


async def test_r13_mcp_tool_calls_run_through_the_broker(cluster: Cluster) -> None:
    mcp = pytest.importorskip("mcp")
    notes: list[str | None] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        notes.append(message)

    async with mcp.Client(f"{cluster.a}/mcp") as client:
        echoed = await client.call_tool("echo", {"text": "via mcp"})
        counted = await client.call_tool(
            "count", {"n": 3, "delay": 0.05, "tag": "r13"}, progress_callback=on_progress
        )
    assert echoed.content[0].text == "via mcp"
    assert counted.content[0].text == "step 2"
    assert len(cluster.marks("count-r13.started")) == 1  # it ran once, on a worker


def test_health_reports_the_broker_and_live_workers(cluster: Cluster) -> None:
    health = httpx.get(cluster.b + "/health").json()
    assert health["status"] == "ok"
    assert health["broker"]["connected"] is True
    assert health["workers"]["echo"] == 2
    assert b"connected, Redis" in cluster.front_ends[0].output


def test_r14_an_idle_blocking_read_never_times_out(idle_read: IdleRead) -> None:
    idle_read.thread.join(40)
    assert idle_read.error is None, repr(idle_read.error)
    # One XREADGROUP per BLOCK period: no hidden timeout-and-retry loop.
    info: Any = idle_read.redis.client().info("commandstats")
    calls = info["cmdstat_xreadgroup"]["calls"]
    assert calls == idle_read.calls
    assert 15 <= calls <= 21
