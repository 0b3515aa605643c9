"""Abuse a real server: a flood of jobs from one client, a frozen reader, route-name clashes.

One ``autoui serve`` process: each function two jobs at a time, at most six live jobs per
client, and event streams dropped after one second without progress.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
import pytest
from server_harness import HERE, Server, read_events, submit

import autoui

pytestmark = pytest.mark.timeout(60)
TARGET = str(HERE / "fns_limits.py")
CAP = 6  # --max-jobs-per-client
HOLD = 0.3  # seconds each flooding job keeps its place
FLOOD = 10_000  # requests from the flooding client
CONNECTIONS = 4  # ... over this many connections
WINDOW = 50  # requests written at once on one connection (bounded pipelining)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    args = ["--concurrency", "2", "--max-jobs-per-client", str(CAP), "--send-timeout", "1"]
    with Server(TARGET, *args) as running:
        yield running


# -- helpers ------------------------------------------------------------------------------
@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


class _Reader:
    """Reads pipelined HTTP/1.1 responses (each with a Content-Length) off a socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def _fill(self) -> None:
        data = self.sock.recv(1 << 16)
        if not data:
            raise ConnectionError("the server closed the connection")
        self.buffer += data

    def next(self) -> Answer:
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        length = int(headers["content-length"])
        while len(self.buffer) < length:
            self._fill()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return Answer(int(lines[0].split()[1]), headers, body)


def post_many(url: str, path: str, data: object, count: int) -> list[Answer]:
    """``count`` POSTs on one connection, ``WINDOW`` at a time: a cheap, fast flood."""
    host, port = url.removeprefix("http://").split(":")
    body = orjson.dumps({"data": data})
    request = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    answers: list[Answer] = []
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        reader = _Reader(sock)
        for start in range(0, count, WINDOW):
            batch = min(WINDOW, count - start)
            sock.sendall(request * batch)
            answers += [reader.next() for _ in range(batch)]
    return answers


def flood(url: str) -> tuple[list[Answer], float]:
    """``FLOOD`` job submissions from one cookie-less client (one address)."""
    answers: list[Answer] = []
    per_connection = FLOOD // CONNECTIONS

    def one_connection() -> None:
        got = post_many(url, "/api/hold/jobs", {"seconds": HOLD}, per_connection)
        answers.extend(got)  # list.extend is atomic under the GIL

    threads = [threading.Thread(target=one_connection) for _ in range(CONNECTIONS)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return answers, time.monotonic() - start


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def pid_of(server: Server) -> int:
    assert server.process is not None
    return server.process.pid


def run_job(client: httpx.Client, url: str, fn: str, data: object) -> tuple[str, float]:
    """Submit a job, follow it to its end: (its last event's kind, seconds it took)."""
    start = time.monotonic()
    job = submit(client, url, fn, data)
    events = read_events(client, f"{url}/api/jobs/{job}/events", timeout=10)
    return events[-1].kind, time.monotonic() - start


# -- queue flooding -----------------------------------------------------------------------
def test_a_flood_from_one_client_is_refused_fast_while_other_clients_run(server: Server) -> None:
    pid = pid_of(server)
    post_many(server.url, "/api/hold/jobs", {"seconds": 0.01}, 300)  # warm up code paths
    time.sleep(0.3)
    rss_before = rss_mb(pid)

    results: dict[str, tuple[str, float]] = {}

    def another_client(name: str, **options: Any) -> None:  # arrives while the flood runs
        time.sleep(0.3)
        with httpx.Client(timeout=10, **options) as other:
            results[name] = run_job(other, server.url, "hold", {"seconds": 0.05})

    others = [
        threading.Thread(
            target=another_client,
            args=("session",),
            kwargs={"cookies": {"autoui_session": "b" * 22}},
        ),
        threading.Thread(  # no cookie, but another address
            target=another_client,
            args=("address",),
            kwargs={"transport": httpx.HTTPTransport(local_address="127.0.0.2")},
        ),
    ]
    for thread in others:
        thread.start()
    answers, elapsed = flood(server.url)
    for thread in others:
        thread.join(timeout=20)

    statuses = [answer.status for answer in answers]
    accepted = [orjson.loads(a.body)["job_id"] for a in answers if a.status == 202]
    assert len(answers) == FLOOD and set(statuses) == {202, 429}
    # Without the cap all 10 000 would wait in line; with it, the client's jobs are the 6
    # it may have at once plus those that finished (2 every HOLD seconds) while it flooded.
    assert len(accepted) <= CAP + 2 * (elapsed / HOLD + 1), (len(accepted), elapsed)
    assert elapsed < 10, elapsed  # thousands of refusals a second: nothing is decoded or queued
    for answer in answers:
        if answer.status == 429:
            assert int(answer.headers["retry-after"]) >= 1
            body = orjson.loads(answer.body)
            assert body["type"] == "TooManyJobs" and body["limit"] == CAP
            assert "max_jobs_per_client = 6" in body["error"]
    # The others were neither refused nor stuck behind 10 000 jobs: at most behind the
    # flooder's four waiting ones (0.3 s for two at a time).
    assert results["session"][0] == "complete" and results["session"][1] < 2.5, results
    assert results["address"][0] == "complete" and results["address"][1] < 2.5, results

    with httpx.Client(base_url=server.url, timeout=10) as flooder:
        for job_id in accepted:
            flooder.delete(f"/api/jobs/{job_id}")  # ends them: their places are free at once
        again = flooder.post("/api/hold/jobs", json={"data": {"seconds": 0.01}})
        assert again.status_code == 202, again.text
        read_events(flooder, f"{server.url}/api/jobs/{again.json()['job_id']}/events")
    assert rss_mb(pid) - rss_before < 10, (rss_before, rss_mb(pid))


# -- frozen reader --------------------------------------------------------------------------
def frozen_reader(url: str, job_id: str) -> socket.socket:
    """Subscribe to a job's events with a tiny receive buffer, and never read."""
    host, port = url.removeprefix("http://").split(":")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect((host, int(port)))
    sock.sendall(f"GET /api/jobs/{job_id}/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    return sock


def read_until_closed(sock: socket.socket, timeout: float) -> tuple[bytes, bool]:
    """What the socket still delivers, and whether the server closed it within ``timeout``."""
    sock.settimeout(0.5)
    received = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            data = sock.recv(1 << 16)
        except TimeoutError:
            continue
        except ConnectionResetError:
            return received, True
        if not data:
            return received, True
        received += data
    return received, False


def test_a_frozen_reader_is_dropped_without_holding_memory_or_other_streams(
    server: Server,
) -> None:
    pid = pid_of(server)
    with httpx.Client(base_url=server.url, timeout=10) as client:
        client.get("/health")
        rss_before, fds_before = rss_mb(pid), open_fds(pid)
        # About 65 MB of events, far more than socket buffers hold.
        job = submit(client, server.url, "chatty", {"n": 8000, "size": 8192, "pause": 0.0001})
        sock = frozen_reader(server.url, job)
        try:
            slowest_health, peak, status = 0.0, rss_before, "queued"
            other_stream: tuple[str, float] | None = None
            deadline = time.monotonic() + 15
            while status != "complete" and time.monotonic() < deadline:
                start = time.monotonic()
                assert client.get("/health").status_code == 200
                slowest_health = max(slowest_health, time.monotonic() - start)
                peak = max(peak, rss_mb(pid))
                if other_stream is None:  # another client's stream runs meanwhile
                    other_stream = run_job(client, server.url, "hold", {"seconds": 0.1})
                status = client.get(f"/api/jobs/{job}").json()["status"]
                time.sleep(0.05)
            assert status == "complete"  # the job went on
            assert other_stream is not None and other_stream[0] == "complete"
            assert other_stream[1] < 1.5, other_stream
            assert slowest_health < 0.5, slowest_health
            assert peak - rss_before < 32, (rss_before, peak)  # not the 65 MB sent

            deadline = time.monotonic() + 10  # the server lets go of the connection
            while open_fds(pid) > fds_before and time.monotonic() < deadline:
                time.sleep(0.1)
            assert open_fds(pid) <= fds_before
            received, closed = read_until_closed(sock, timeout=10)
        finally:
            sock.close()
        assert closed and b"event: complete" not in received
        # A reconnect resumes after the last whole event the client got.
        whole = re.findall(rb"id: (\d+)\nevent: [a-z]+\ndata: [^\n]*\n\n", received)
        seen = int(whole[-1]) if whole else 0
        resumed = read_events(
            client, f"{server.url}/api/jobs/{job}/events", headers={"Last-Event-ID": str(seen)}
        )
        assert resumed[0].id is not None and resumed[0].id > seen
        assert resumed[-1].kind == "complete"


# -- route names ----------------------------------------------------------------------------
def test_functions_named_like_fixed_routes_keep_their_job_routes(server: Server) -> None:
    output = server.output.decode(errors="replace")
    assert "function 'files' has no blocking route" in output
    assert "POST /api/files/jobs" in output
    assert "function 'spec'" not in output and "function 'jobs'" not in output

    with httpx.Client(base_url=server.url, timeout=10) as client:
        for name in ("files", "spec", "jobs"):  # the job route works for any name
            kind, _ = run_job(client, server.url, name, {"text": "hi"})
            assert kind == "complete"
            job = submit(client, server.url, name, {"text": "hi"})
            events = read_events(client, f"{server.url}/api/jobs/{job}/events")
            assert events[-1].data["data"] == [f"{name}:hi"]
        for name in ("spec", "jobs"):  # these blocking routes are not taken
            answer = client.post(f"/api/{name}", json={"data": {"text": "x"}})
            assert answer.json()["data"] == [f"{name}:x"]
        # POST /api/files stays the upload, and the spec keeps its GET
        assert "multipart" in client.post("/api/files", json={"data": {"text": "x"}}).text
        assert client.get("/api/spec").json()["functions"][2]["name"] == "files"

        paths = client.get("/openapi.json").json()["paths"]
        assert paths["/api/files"]["post"]["operationId"] != "call_files"  # the upload's
        assert paths["/api/files/jobs"]["post"]["operationId"] == "submit_files"
        assert set(paths["/api/spec"]) == {"get", "post"}
        assert paths["/api/jobs"]["post"]["operationId"] == "call_jobs"
        assert "429" in paths["/api/hold/jobs"]["post"]["responses"]

    # autoui's own client calls such a function through its job route
    with autoui.Client(server.url) as python_client:
        assert python_client.predict("files", "py") == "files:py"
        assert python_client.predict("spec", "py") == "spec:py"

    async def call_async() -> Any:
        async with autoui.AsyncClient(server.url) as async_client:
            return await async_client.predict("files", text="aio")

    assert asyncio.run(call_async()) == "files:aio"
