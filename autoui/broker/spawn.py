"""``autoui serve --broker ... --workers N``: local worker processes for development.

The server starts N ``autoui worker`` child processes with its own target and broker
options and stops them (by PID: SIGTERM, then SIGKILL after the grace period) when it
stops. On Linux each child also gets SIGTERM from the kernel when the server dies
(``PR_SET_PDEATHSIG``), so a killed server leaves no worker behind. In production, run
``autoui worker`` yourself, one per GPU.
"""

from __future__ import annotations

import subprocess
import sys

__all__ = ["LocalWorkers"]

_STOP_GRACE = 10.0  # seconds a child worker gets to finish its jobs


class LocalWorkers:
    """N child ``autoui worker`` processes."""

    def __init__(self, argv: list[str], count: int) -> None:
        self.argv = argv
        self.count = count
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self) -> None:
        command = [sys.executable, "-m", "autoui", "worker", *self.argv]
        for _ in range(self.count):
            self.processes.append(subprocess.Popen(command, preexec_fn=_die_with_parent))

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(_STOP_GRACE)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes = []


def _die_with_parent() -> None:
    """In the child, before ``exec``: SIGTERM when the parent dies (Linux; else nothing)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
