"""Functions the broker tests serve from front-ends and run on workers.

Each records what happened to it as a file in ``$AUTOUI_TEST_MARKERS`` (the test's
folder), so a test can tell whether a function ran, where, and whether its ``finally``
ran, without trusting the events it is checking. The live-input ones (``listen``,
``invert``, the ``tuner`` and ``dtmf`` samples) come from ``tests/streaming/fns_live.py``.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import autoui

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "streaming"))
from fns_live import dtmf, every, invert, listen, tuner  # noqa: E402

__all__ = [
    "count", "dtmf", "echo", "every", "hold", "invert", "listen", "measure", "poison",
    "report", "shout", "slow", "spin", "tuner",
]  # fmt: skip


def _mark(name: str, text: str = "") -> None:
    folder = Path(os.environ.get("AUTOUI_TEST_MARKERS", "."))
    with (folder / name).open("a") as handle:
        handle.write(f"{text or os.getpid()}\n")


def echo(text: str) -> str:
    """Returns its input."""
    return text


def count(n: int = 10, delay: float = 0.05, tag: str = "") -> Iterator[str]:
    """Yields ``n`` steps, ``delay`` seconds apart."""
    _mark(f"count-{tag}.started")
    try:
        for i in range(n):
            time.sleep(delay)
            yield f"step {i}"
    finally:
        _mark(f"count-{tag}.closed")


def slow(seconds: float = 1.0, tag: str = "") -> str:
    """Sleeps; records each start (with its worker's PID) and each finish."""
    _mark(f"slow-{tag}.started")
    time.sleep(seconds)
    _mark(f"slow-{tag}.finished")
    return f"slept {seconds}"


def hold(tag: str, seconds: float = 30.0) -> str:
    """Blocks in sleeps, as sync code does, until the file ``release-<tag>`` appears in
    the markers folder (at most ``seconds``); records each start with its worker's PID."""
    _mark(f"hold-{tag}.started")
    release = Path(os.environ.get("AUTOUI_TEST_MARKERS", ".")) / f"release-{tag}"
    end = time.monotonic() + seconds
    while not release.exists() and time.monotonic() < end:
        time.sleep(0.05)
    return f"released {tag}" if release.exists() else f"gave up {tag}"


def poison(text: str) -> str:
    """Kills the worker that runs it when given "poison"."""
    if text == "poison":
        _mark("poison.started")
        os.kill(os.getpid(), signal.SIGKILL)
    return text


@autoui.batch(max_batch_size=16, batch_wait=5.0)  # a full batch runs at once
def shout(texts: list[str]) -> list[str]:
    """Upper-cases a batch; each result names the size of the batch it was in."""
    return [f"{text.upper()}/{len(texts)}" for text in texts]


def report(text: str) -> Path:
    """Writes a file and returns it (an output file made on a worker)."""
    path = Path(os.environ.get("AUTOUI_TEST_MARKERS", ".")) / f"report-{os.getpid()}.txt"
    path.write_text(f"report: {text}")
    return path


def measure(document: Path) -> str:
    """The name and size of an uploaded file (an input file read on a worker)."""
    return f"{document.name}:{document.stat().st_size}"


def spin(seconds: float = 30.0) -> str:
    """A runaway sync function: busy-loops and swallows the soft stop (so only killing
    its process ends it); records its process id."""
    _mark("spin.started")
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            while time.monotonic() < end:
                pass
        except BaseException:  # noqa: BLE001 - deliberately ignores the interrupt
            continue
    return "spun"
