"""The broker tests' harness: a real redis-server, real ``autoui serve`` / ``autoui
worker`` processes, and helpers speaking the HTTP API to them.

Importable as ``broker_harness`` (``tests/broker/conftest.py`` puts this folder on
``sys.path``).

``redis-server`` (Debian's package; ``.ci/run`` installs it) runs on a free loopback
port with AOF on, in a temporary folder, and is stopped by its PID. Without it the
broker tests are skipped with one line, except under ``CI=true``, where they fail: a
missing install step must not turn CI green.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import serving

HERE = Path(__file__).parent
TARGET = str(HERE / "fns_broker.py")
# Short durability settings, so the suite runs in seconds (defaults: 30 s and 7.5 s).
RECLAIM_IDLE = 2.0
HEARTBEAT = 0.5


def require_redis() -> None:
    missing = [
        what
        for what, present in (
            ("redis-server", shutil.which("redis-server") is not None),
            ("redis-py", importlib.util.find_spec("redis") is not None),
        )
        if not present
    ]
    if not missing:
        return
    message = f"{' and '.join(missing)} not installed: broker tests need them"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (.ci/run installs them)", pytrace=False)
    pytest.skip(message)


class RedisServer:
    """``redis-server`` on a loopback port, AOF on, in ``folder``; stopped by PID."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        for _ in range(5):  # a free port may be taken before redis binds it: try another
            self.port = self.port or serving.free_port()
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "yes", "--appendfsync", "everysec",
                 "--dir", str(self.folder), "--daemonize", "no"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            if self._wait_ping():
                return self
            self.stop()
            self.port = 0
        raise RuntimeError("redis-server did not start")

    def _wait_ping(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(64).startswith(b"+PONG"):
                        return True
            except OSError:
                pass
            time.sleep(0.02)
        return False

    def stop(self) -> None:
        """SIGTERM: Redis writes its AOF and exits."""
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
            self.process = None

    def client(self):  # type: ignore[no-untyped-def]
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=10, protocol=2)


class WorkerProcess:
    """``autoui worker TARGET --broker URL ...``, ready once it has connected."""

    def __init__(self, url: str, *args: str, markers: Path, target: str = TARGET) -> None:
        self.command = [
            sys.executable, "-m", "autoui", "worker", target, "--broker", url,
            "--reclaim-idle", str(RECLAIM_IDLE), "--heartbeat", str(HEARTBEAT),
            "--grace", "2", *args,
        ]
        self.env = {**os.environ, "AUTOUI_TEST_MARKERS": str(markers)}
        self.process: subprocess.Popen[bytes] | None = None
        self.output = b""

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def spawn(self) -> WorkerProcess:
        self.output = b""
        self.process = subprocess.Popen(
            self.command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=self.env,
            cwd=HERE,
        )
        threading.Thread(target=self._read, args=(self.process,), daemon=True).start()
        return self

    def _read(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self.output += line

    def wait_ready(self, timeout: float = 60.0) -> WorkerProcess:
        deadline = time.monotonic() + timeout
        while b"connected to" not in self.output:
            if not self.alive or time.monotonic() > deadline:
                raise RuntimeError(f"worker not ready: {self.output.decode(errors='replace')}")
            time.sleep(0.02)
        return self

    def signal(self, signum: int) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signum)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.alive:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(15)
            raise AssertionError(
                f"the worker did not exit within 15 s of SIGTERM (killed): {self.output!r}"
            ) from None


def stop_all(processes: Sequence[WorkerProcess | serving.Server]) -> None:
    """Stop every process, then raise the first failure (a worker that had to be killed)."""
    failures: list[AssertionError] = []
    for process in processes:
        try:
            process.stop()
        except AssertionError as exc:
            failures.append(exc)
    if failures:
        raise failures[0]


def front_end(url: str, markers: Path, *args: str, target: str = TARGET) -> serving.Server:
    return serving.Server(
        target, "--broker", url, *args, env={"AUTOUI_TEST_MARKERS": str(markers)}, cwd=HERE
    )


TERMINAL = {"complete", "error", "cancelled"}


def session() -> httpx.Client:
    """A client with its own ``autoui_session`` cookie: its own owner and per-client count."""
    client = httpx.Client(timeout=30)
    client.cookies.set("autoui_session", secrets.token_urlsafe(16))
    return client


def submit(client: httpx.Client, base: str, fn: str, data: dict[str, Any]) -> str:
    response = client.post(f"{base}/api/{fn}/jobs", json={"data": data})
    assert response.status_code == 202, response.text
    job_id: str = response.json()["job_id"]
    return job_id


def events(
    client: httpx.Client,
    base: str,
    job_id: str,
    *,
    last_id: int | None = None,
    until: Callable[[list[tuple[int, str, Any]]], bool] | None = None,
    timeout: float = 60.0,
) -> list[tuple[int, str, Any]]:
    """``(id, kind, body)`` of the job's SSE events, to the terminal one or ``until``."""
    headers = {"Last-Event-ID": str(last_id)} if last_id else {}
    received: list[tuple[int, str, Any]] = []
    fields: dict[str, str] = {}
    url = f"{base}/api/jobs/{job_id}/events"
    with client.stream("GET", url, headers=headers, timeout=timeout) as response:
        assert response.status_code == 200, response.read()
        for line in response.iter_lines():
            if line.startswith(":"):
                continue
            if line:
                key, _, value = line.partition(":")
                fields[key] = value.lstrip(" ")
                continue
            if not fields:
                continue
            received.append((int(fields["id"]), fields["event"], orjson.loads(fields["data"])))
            fields = {}
            if received[-1][1] in TERMINAL or (until is not None and until(received)):
                break
    return received


def kinds(received: list[tuple[int, str, Any]]) -> list[str]:
    return [kind for _, kind, _ in received]


def wait_for(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    """Poll ``condition`` until it is truthy (bounded); its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Cluster:
    """Two front-ends and two workers on one redis-server, shared by the broker tests.

    Front-end ``a`` also serves ``/mcp``; a live job submitted through ``b`` has a 2 s
    input idle timeout (``--stream-idle-timeout``: the front-end that takes the job
    decides it, wherever the socket and the worker are).
    """

    IDLE_B = 2.0

    def __init__(self, redis: RedisServer, markers: Path) -> None:
        self.redis = redis
        self.markers = markers
        options = ("--max-jobs-per-client", "4", "--file-store", "redis:1MB")
        extras = (("--mcp",), ("--stream-idle-timeout", str(self.IDLE_B)))
        self.front_ends = [front_end(redis.url, markers, *options, *extra) for extra in extras]
        self.workers = [
            WorkerProcess(redis.url, "--file-store", "redis:1MB", markers=markers)
            for _ in range(2)
        ]
        self.app = ""

    @property
    def a(self) -> str:
        return self.front_ends[0].url

    @property
    def b(self) -> str:
        return self.front_ends[1].url

    def start(self) -> Cluster:
        for process in (*self.front_ends, *self.workers):
            process.spawn()
        for server in self.front_ends:
            server.wait_ready()
        for worker in self.workers:
            worker.wait_ready()
        self.app = httpx.get(self.a + "/health").json()["broker"]["app"]
        return self

    def stop(self) -> None:
        stop_all([*self.workers, *self.front_ends])

    def revive(self, *, may_die: bool = False) -> None:
        """Start again every worker that died (``may_die``: it may die again at once)."""
        for worker in self.workers:
            if not worker.alive:
                try:
                    worker.spawn().wait_ready()
                except RuntimeError:
                    if not may_die or worker.alive:
                        raise

    def key(self, name: str) -> str:
        return f"aui:{self.app}:{name}"

    def worker_of(self, job_id: str) -> WorkerProcess:
        """The worker process running ``job_id`` (its id ends with ``-<pid>-<random>``)."""
        worker_id = self.redis.client().hget(self.key(f"job:{job_id}"), "worker").decode()
        pid = int(worker_id.rsplit("-", 2)[1])
        return next(w for w in self.workers if w.alive and w.pid == pid)

    def marks(self, name: str) -> list[str]:
        path = self.markers / name
        return path.read_text().split() if path.exists() else []
