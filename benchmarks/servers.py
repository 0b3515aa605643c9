"""Start and stop the servers a benchmark measures: bare limit, autoui and Gradio.

Every benchmark script needs the same three things: a command line per server kind, a
wait until the server answers HTTP 200, and a stop by the PID it started (never by name).
Each server binds 127.0.0.1 on a port picked free here, and logs to its own file so a
failed start can be diagnosed and batch sizes can be read back from the log.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

__all__ = [
    "BENCH_DIR",
    "REPO_DIR",
    "Server",
    "ServerCommand",
    "autoui_command",
    "bare_command",
    "free_port",
    "gradio_command",
    "gradio_python",
    "running",
]

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
GRADIO_APPS = BENCH_DIR / "gradio_apps"
DEFAULT_GRADIO_VENV = "/tmp/anchor/venv"
# No telemetry or version checks from Gradio: this machine may only talk to loopback.
QUIET_GRADIO = {"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}


@dataclass(frozen=True)
class ServerCommand:
    """How to start one server: argv, working directory, extra environment, ready path."""

    kind: str  # "bare" | "autoui" | "gradio"
    argv: list[str]
    port: int
    ready_path: str
    cwd: Path = REPO_DIR
    env: dict[str, str] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def shell_line(self) -> str:
        """The command as one line (loadgen's coldstart splits it on whitespace)."""
        return " ".join(self.argv)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def gradio_python() -> Path | None:
    """The Gradio venv's python (env ``GRADIO_VENV``), or None when it is not there."""
    venv = Path(os.environ.get("GRADIO_VENV", DEFAULT_GRADIO_VENV))
    python = venv / "bin" / "python"
    return python if python.exists() else None


def bare_command(port: int) -> ServerCommand:
    """The bare limit: autoui's two-request protocol with no queue or validation."""
    argv = [sys.executable, str(BENCH_DIR / "bare_app.py")]
    return ServerCommand("bare", argv, port, "/api/spec", env={"PORT": str(port)})


def autoui_command(fn: str, port: int, *options: str) -> ServerCommand:
    """``autoui serve benchmarks/apps.py:<fn>`` with extra CLI options."""
    target = f"{BENCH_DIR / 'apps.py'}:{fn}"
    argv = [sys.executable, "-m", "autoui", "serve", target, "--port", str(port), *options]
    return ServerCommand("autoui", argv, port, "/api/spec")


def gradio_command(app: str, port: int) -> ServerCommand:
    """One of ``gradio_apps/*.py`` run by the Gradio venv's python."""
    python = gradio_python()
    if python is None:
        raise RuntimeError("no Gradio venv: set GRADIO_VENV to a venv with gradio==6.31.0")
    argv = [str(python), str(GRADIO_APPS / app)]
    env = {"PORT": str(port), **QUIET_GRADIO}
    return ServerCommand("gradio", argv, port, "/", cwd=GRADIO_APPS, env=env)


class Server:
    """One running server process, started and stopped by its PID."""

    def __init__(self, command: ServerCommand, log_path: Path) -> None:
        self.command = command
        self.log_path = log_path
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        if self._proc is None:
            raise RuntimeError("server not started")
        return self._proc.pid

    @property
    def base_url(self) -> str:
        return self.command.base_url

    def start(self, timeout: float = 120.0) -> float:
        """Spawn the server and wait for HTTP 200; seconds until it answered."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.command.env}
        t0 = time.perf_counter()
        with self.log_path.open("wb") as log:
            self._proc = subprocess.Popen(
                self.command.argv, cwd=self.command.cwd, env=env, stdout=log, stderr=log
            )
        try:
            self._wait_ready(t0 + timeout)
        except BaseException:
            self.stop()
            raise
        return time.perf_counter() - t0

    def _wait_ready(self, deadline: float) -> None:
        url = self.base_url + self.command.ready_path
        with httpx.Client(timeout=2.0, trust_env=False) as client:
            while time.perf_counter() < deadline:
                if self._proc is not None and self._proc.poll() is not None:
                    raise RuntimeError(f"{self.command.kind} server exited: see {self.log_path}")
                try:
                    if client.get(url).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        raise RuntimeError(f"{self.command.kind} server not ready in time: see {self.log_path}")

    def stop(self, grace: float = 15.0) -> None:
        """SIGTERM the PID we started, then SIGKILL it if it does not exit in time."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=grace)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@contextmanager
def running(command: ServerCommand, log_dir: Path, settle: float = 1.0) -> Iterator[Server]:
    """A started server for the ``with`` block, stopped by PID afterwards.

    ``settle`` seconds pass after the first 200 so start-up work does not bill the first
    measurement (the shared Gradio script waits 2 s for the same reason).
    """
    server = Server(command, log_dir / f"{command.kind}-{command.port}.log")
    server.start()
    try:
        time.sleep(settle)
        yield server
    finally:
        server.stop()
