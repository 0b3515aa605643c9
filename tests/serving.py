"""Real ``autoui serve`` processes for the server, client and web tests.

``Server`` starts ``python -m autoui serve TARGET --port 0 ...``: the OS picks a free
loopback port and the server prints its URL, so no port is ever chosen before it is
bound (choosing one first raced with other processes: "Address already in use"). It
waits for ``/health``, keeps reading the process's output and stops it by its PID.

Importable as ``serving`` because ``tests/conftest.py`` puts this folder on ``sys.path``.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Debian's Chromium, headless, quiet: what every browser test launches."""
MEDIA_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
"""Fake camera and microphone, permission granted (the web tests' browser)."""


@contextmanager
def headless_chromium(*extra_args: str) -> Iterator[Any]:
    """A headless Chromium (Playwright) for as long as the block runs; fails without one."""
    import pytest

    if not Path(CHROMIUM).exists():
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args]
        )
        try:
            yield browser
        finally:
            browser.close()


_URL_RE = re.compile(rb"at (http://127\.0\.0\.1:\d+)")
STARTUP_SECONDS = 60.0


def sse_events(
    url: str, job_id: str, last: int = 0, client: httpx.Client | None = None
) -> list[dict[str, Any]]:
    """A finished job's SSE log from ``url`` (after ``Last-Event-ID: last``), each event as
    ``{"type", "id", "data"}`` (``data`` the JSON body), the way a browser would read it."""
    headers = {"Last-Event-ID": str(last)} if last else {}
    get = client.get if client is not None else httpx.get
    text = get(f"{url}/api/jobs/{job_id}/events", headers=headers, timeout=30).text
    events = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "event" in fields:
            body = json.loads(fields["data"])
            events.append({"type": fields["event"], "id": int(fields["id"]), "data": body})
    return events


def default_sigint() -> None:
    """``preexec_fn`` for a child that is sent Ctrl+C: SIGINT as a terminal's shell gives it.

    A test run started with SIGINT ignored (a background job of a shell without job
    control, as CI runners and ``cmd &`` in scripts are) passes the ignore on, and autoui
    then rightly leaves Ctrl+C to its owner; the tests of Ctrl+C model a person at a shell.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def free_port() -> int:
    """A loopback port nothing listens on right now.

    Only for what cannot report the port it bound (``python -m http.server``), or for an
    address that must have no server at all: another process may take the port meanwhile.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """An ``autoui serve TARGET ARGS`` process on a port of the OS's choosing.

    ``with Server(...) as server`` (or ``start()``) starts it and waits until it answers;
    ``spawn()`` then ``wait_ready()`` lets several servers start at once. ``url`` is the
    base URL the server printed, without a trailing slash; ``output`` all it printed.
    """

    def __init__(
        self,
        target: str | Path,
        *args: str,
        env: dict[str, str] | None = None,
        cwd: str | Path | None = None,
    ) -> None:
        self.command = [sys.executable, "-m", "autoui", "serve", str(target), "--port", "0", *args]
        self.env = {**os.environ, **(env or {})}
        self.cwd = cwd
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.output = b""
        self._reader: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def spawn(self) -> Server:
        """Start the process, without waiting for it."""
        self.process = subprocess.Popen(
            self.command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=self.env,
            cwd=self.cwd,
        )
        # Read the pipe to its end, so a chatty server never blocks on a full buffer.
        self._reader = threading.Thread(target=self._read, args=(self.process,), daemon=True)
        self._reader.start()
        return self

    def _read(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self.output += line
            match = _URL_RE.search(line)
            if match and not self.url:
                self.url = match.group(1).decode()

    def wait_ready(self, timeout: float = STARTUP_SECONDS) -> Server:
        """Wait until the server has printed its URL and ``/health`` answers."""
        process = self.process
        assert process is not None, "spawn() first"
        deadline = time.monotonic() + timeout
        while not self.url:
            if process.poll() is not None:
                if self._reader is not None:
                    self._reader.join(timeout=5)  # the URL may be in the last lines
                if not self.url:
                    raise RuntimeError(f"autoui serve exited: {self.text()}")
            elif time.monotonic() > deadline:
                raise RuntimeError(f"autoui serve printed no URL in {timeout} s: {self.text()}")
            time.sleep(0.02)
        _wait_healthy(self.url, deadline, process)
        return self

    def start(self, timeout: float = STARTUP_SECONDS) -> Server:
        """Start the process and wait until it answers (stopped again if it never does)."""
        self.spawn()
        try:
            return self.wait_ready(timeout)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> str:
        """Stop the process (by its PID) and return everything it printed."""
        if self.process is None:
            return self.text()
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)
        if self._reader is not None:
            self._reader.join(timeout=5)  # the last lines
        self.process = None
        return self.text()

    def text(self) -> str:
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


def _wait_healthy(url: str, deadline: float, process: subprocess.Popen[bytes]) -> None:
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(url + "/health", timeout=2).status_code in (200, 401):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"no answer from {url} (exit code {process.poll()})")


class StaticServer:
    """``python -m http.server`` over a folder, on a free loopback port (stopped by PID)."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1",
             "--directory", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(self.url + "/", timeout=2)
                return
            except httpx.HTTPError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"http.server did not start on {self.url}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
