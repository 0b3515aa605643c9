"""Shared helpers for the server tests: a real ``autoui serve`` process and an SSE reader.

``Server`` starts ``python -m autoui serve TARGET --port 0 ...`` (the OS picks a free
loopback port; the server prints it), waits for ``/health`` and stops the process by
its PID. Test modules wrap it in a module-scoped fixture so each module pays for one
process start.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson

HERE = Path(__file__).parent
_URL_RE = re.compile(rb"at (http://127\.0\.0\.1:\d+)")


class Server:
    """A running ``autoui serve`` process."""

    def __init__(self, target: str, *args: str, env: dict[str, str] | None = None) -> None:
        self.command = [sys.executable, "-m", "autoui", "serve", target, "--port", "0", *args]
        self.env = {**os.environ, **(env or {})}
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.output = b""

    def start(self, timeout: float = 60.0) -> Server:
        self.process = subprocess.Popen(
            self.command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=self.env,
            cwd=HERE,
        )
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError(f"autoui serve exited: {self.output.decode(errors='replace')}")
            self.output += line
            match = _URL_RE.search(line)
            if match:
                self.url = match.group(1).decode()
                break
        # Keep draining the pipe, so a chatty server never blocks on a full buffer.
        threading.Thread(target=self._drain, daemon=True).start()
        _wait_healthy(self.url, deadline)
        return self

    def _drain(self) -> None:
        process = self.process
        if process is None or process.stdout is None:
            return
        for line in process.stdout:
            self.output += line

    def stop(self) -> str:
        """Stop the process (by its PID) and return everything it printed."""
        if self.process is None:
            return ""
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)
        time.sleep(0.05)  # let the drain thread read the last lines
        self.process = None
        return self.output.decode(errors="replace")

    def wait_output(self, text: str, timeout: float = 10.0) -> bool:
        """Whether the server printed ``text`` within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text.encode() in self.output:
                return True
            time.sleep(0.05)
        return False

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _wait_healthy(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/health", timeout=2).status_code in (200, 401):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"no answer from {url}")


@dataclass
class Received:
    """One SSE event as a client saw it."""

    id: int | None
    kind: str
    data: Any
    at: float  # time.monotonic() on arrival


def read_events(
    client: httpx.Client,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    stop_after: int | None = None,
    timeout: float = 30.0,
) -> list[Received]:
    """Follow an SSE stream to its end (or ``stop_after`` events) and return what came."""
    events: list[Received] = []
    fields: dict[str, str] = {}
    with client.stream("GET", url, headers=headers, timeout=timeout) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith(":"):
                continue
            if line:
                key, _, value = line.partition(":")
                fields[key] = value.lstrip(" ")
                continue
            if "event" in fields:
                event_id = fields.get("id")
                events.append(
                    Received(
                        int(event_id) if event_id else None,
                        fields["event"],
                        orjson.loads(fields.get("data") or "null"),
                        time.monotonic(),
                    )
                )
                if stop_after is not None and len(events) >= stop_after:
                    break
            fields = {}
    return events


def kinds(events: list[Received]) -> list[str]:
    return [event.kind for event in events]


def submit(client: httpx.Client, url: str, fn: str, data: Any) -> str:
    response = client.post(f"{url}/api/{fn}/jobs", json={"data": data})
    assert response.status_code == 202, response.text
    return str(response.json()["job_id"])


@contextlib.asynccontextmanager
async def asgi_client(app: Any, **kwargs: Any) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client calling ``app`` in-process, with its lifespan running."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://127.0.0.1:7860", **kwargs
        ) as client:
            yield client
