"""What a benchmark run ran on: date, CPUs, memory and the versions of what was measured.

A figure without its machine and versions cannot be compared with a later one, so every
results file starts with this record and the report prints it above the table.
"""

from __future__ import annotations

import os
import platform
import subprocess
import time
from importlib.metadata import PackageNotFoundError, version

from servers import REPO_DIR, gradio_python

__all__ = ["busy_share", "describe", "wait_for_quiet"]


def _version(dist: str) -> str | None:
    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def _run(argv: list[str]) -> str | None:
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def _mem_total_gib() -> float | None:
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return round(kib / 2**20, 1)


def _gradio_versions() -> dict[str, str | None]:
    python = gradio_python()
    if python is None:
        return {"gradio": None, "gradio_client": None}
    code = (
        "from importlib.metadata import version as v; print(v('gradio')); print(v('gradio_client'))"
    )
    lines = (_run([str(python), "-c", code]) or "").splitlines()
    gradio, client = (lines + ["?", "?"])[:2]
    return {"gradio": gradio, "gradio_client": client}


def describe(**extra: object) -> dict[str, object]:
    """Machine facts and versions, plus any ``extra`` fields the caller wants kept."""
    commit = _run(["git", "-C", str(REPO_DIR), "rev-parse", "--short", "HEAD"])
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "cpus": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "mem_gib": _mem_total_gib(),
        "python": platform.python_version(),
        "autoui": _version("autoui"),
        "autoui_commit": commit,
        "fastapi": _version("fastapi"),
        "uvicorn": _version("uvicorn"),
        "httpx": _version("httpx"),
        "playwright": _version("playwright"),
        "chromium": _run(["/usr/bin/chromium", "--version"]),
        **_gradio_versions(),
        **extra,
    }


def _cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def _busy_total() -> tuple[int, int]:
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    idle = v[3] + v[4]
    return sum(v) - idle, sum(v)


def busy_share(window: float = 1.0) -> float:
    """Fraction of the machine's CPU time in use over the next ``window`` seconds."""
    b0, t0 = _busy_total()
    time.sleep(window)
    b1, t1 = _busy_total()
    return (b1 - b0) / max(1, t1 - t0)


def wait_for_quiet(threshold: float = 0.25, max_wait: float = 90.0) -> float:
    """Wait until the machine is mostly idle (other jobs share it); seconds waited.

    Returns after two quiet 1 s windows in a row, or after ``max_wait`` seconds whatever
    the load: a benchmark on a shared machine must not wait forever, and the run records
    the CPU other processes used during each measurement anyway.
    """
    start = time.perf_counter()
    quiet = 0
    while time.perf_counter() - start < max_wait and quiet < 2:
        quiet = quiet + 1 if busy_share() < threshold else 0
    return time.perf_counter() - start
