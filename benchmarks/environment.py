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

__all__ = ["describe"]


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
