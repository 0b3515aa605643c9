"""Functions the live server tests serve: one per behaviour under test.

Side effects a test must observe from outside the server process (a generator's
``finally``, the order functions ran in, batch sizes) are written as small files
under ``$AUTOUI_TEST_MARKERS``.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from pathlib import Path

import autoui


def _marker(name: str) -> Path:
    return Path(os.environ.get("AUTOUI_TEST_MARKERS", ".")) / name


def echo(text: str) -> str:
    """Return the text unchanged."""
    return text


def slow(tag: str) -> str:
    """Sleep 0.2 s; record when it ran."""
    start = time.monotonic()
    time.sleep(0.2)
    with _marker("slow.log").open("a") as log:
        log.write(f"{tag} {start:.4f} {time.monotonic():.4f}\n")
    return tag


def count(n: int = 4, delay: float = 0.3) -> Iterator[int]:
    """Yield 0..n-1, one every ``delay`` seconds."""
    for i in range(n):
        time.sleep(delay)
        yield i


def tracked(steps: int = 4, progress: autoui.Progress = autoui.Progress()) -> str:
    """Report an alert, progress for each step, then a warning."""
    autoui.Info("starting")
    for _ in progress.tqdm(range(steps), desc="working"):
        time.sleep(0.25)
    autoui.Warning("almost done")
    return "done"


def guarded(tag: str, steps: int = 200) -> Iterator[int]:
    """A long generator whose ``finally`` leaves a marker file."""
    try:
        for i in range(steps):
            time.sleep(0.05)
            yield i
    finally:
        _marker(f"{tag}.closed").write_text("closed")


def called(tag: str) -> str:
    """Leave a marker when called at all."""
    _marker(f"{tag}.called").write_text("called")
    return tag


def boom(text: str) -> str:
    """Fail with an unexpected exception."""
    raise RuntimeError("secret detail")  # not deliberate: its message stays hidden


def refuse(text: str) -> str:
    """Fail on purpose, with a message for the user."""
    raise autoui.Error("no face found", title="Sorry")


async def nap(seconds: float = 0.1) -> str:
    """An async function."""
    await asyncio.sleep(seconds)
    return "rested"


@autoui.batch(max_batch_size=16, batch_wait=0.15)
def upper(texts: list[str]) -> list[str]:
    """Upper-case a batch of texts in 0.5 s, whatever its size."""
    with _marker("batches.log").open("a") as log:
        log.write(f"{len(texts)}\n")
    time.sleep(0.5)
    return [t.upper() for t in texts]


def shout(texts: list[str]) -> list[str]:
    """Written for batches but not marked: `serve --batch` makes it one."""
    return [t.upper() + "!" for t in texts]
