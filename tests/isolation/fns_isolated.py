"""Functions the isolation tests run in slot processes (importable by a child, so at top level).

Each writes what it went through to the ``note`` file it is given, so a test can see
that a ``finally`` ran in the child.
"""

from __future__ import annotations

import ctypes
import os
import re
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from PIL import Image

import autoui


def pid() -> int:
    """Which process runs the jobs."""
    return os.getpid()


def busy(note: str) -> int:
    """A pure-Python loop that never ends."""
    Path(note).write_text("started\n")
    try:
        count = 0
        while True:
            count += 1
    finally:
        with open(note, "a") as file:
            file.write("finally\n")


def nap(note: str, seconds: float = 3600.0) -> int:
    """Blocked in C (``time.sleep``), where a signal still reaches it."""
    Path(note).write_text("started\n")
    try:
        time.sleep(seconds)
        return os.getpid()
    finally:
        with open(note, "a") as file:
            file.write("finally\n")


def waits(flag: str) -> str:
    """Waits (at most a minute) until the file ``flag`` exists."""
    deadline = time.monotonic() + 60
    while not Path(flag).exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return "flag seen"


def stuck(size: int = 40) -> bool:
    """Held in C with the interpreter locked (a regex gone exponential): no signal gets in."""
    return re.fullmatch(r"(x+x+)+y", "x" * size) is not None


def segfault(size: int = 0) -> str:
    """Reads address 0: the process dies of SIGSEGV."""
    return ctypes.string_at(size).decode()


def exits(code: int = 3) -> str:
    """Leaves at once, like a library calling ``_exit``."""
    os._exit(code)


def killed() -> str:
    """Killed by SIGKILL from outside, as the kernel's OOM killer does."""
    os.kill(os.getpid(), signal.SIGKILL)
    return "never"


def quits(code: int = 3) -> str:
    """Calls ``sys.exit``, which must end its job, not a server."""
    sys.exit(code)


@autoui.time_limit(0.5)
def slow(seconds: float = 3600.0) -> str:
    """Limited to half a second."""
    time.sleep(seconds)
    return "done"


def ticks(count: int, delay: float = 0.3) -> Iterator[str]:
    """Yields every ``delay`` seconds."""
    for index in range(count):
        yield f"tick {index}"
        time.sleep(delay)


def chatty(steps: int = 3, progress: autoui.Progress = autoui.Progress(track_tqdm=True)) -> str:
    """Reports through Progress, an alert and a tqdm bar."""
    from tqdm import tqdm

    autoui.Info("warming up")
    for _ in tqdm(range(steps), desc="crunching"):
        time.sleep(0.01)
    return f"{steps} steps"


@autoui.batch(max_batch_size=4)
def shout(texts: list[str]) -> list[str]:
    """A batch function, with the process that ran the batch."""
    return [f"{text.upper()} from {os.getpid()}" for text in texts]


def swatch(width: int = 8) -> Image.Image:
    """An image output, written to a file by the child."""
    return Image.new("RGB", (width, 4), (255, 0, 0))


def size_of(document: Path) -> str:
    """A file input, read in the worker process from the server's store."""
    return f"{document.stat().st_size} bytes of {document.read_bytes()[:5].decode()}"
