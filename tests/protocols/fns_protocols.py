"""Functions the protocol tests serve (over MCP and the Gradio routes), one per behaviour.

Side effects a test must see from outside the server process (a generator's
``finally``, when calls ran, batch sizes) are small files under
``$AUTOUI_TEST_MARKERS``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import numpy as np

import autoui


def _marker(name: str) -> Path:
    return Path(os.environ.get("AUTOUI_TEST_MARKERS", ".")) / name


def echo(text: str) -> str:
    """Return the text unchanged.

    Args:
        text: any text.
    """
    return text


def add(a: int, b: float = 0.5) -> float:
    """Add two numbers.

    Args:
        a: a whole number.
        b: any number.
    """
    return a + b


def pick(colour: Literal["red", "green", "blue"]) -> str:
    """Say which colour was picked."""
    return f"picked {colour}"


def slow(tag: str) -> str:
    """Sleep 0.3 s; record when it ran."""
    start = time.monotonic()
    time.sleep(0.3)
    with _marker("slow.log").open("a") as log:
        log.write(f"{tag} {start:.4f} {time.monotonic():.4f}\n")
    return tag


@autoui.batch(max_batch_size=16, batch_wait=1.0)
def shout(texts: list[str]) -> list[str]:
    """Upper-case a batch of texts; record the batch size."""
    with _marker("batches.log").open("a") as log:
        log.write(f"{len(texts)}\n")
    return [text.upper() for text in texts]


def count(n: int = 4, delay: float = 0.1) -> Iterator[str]:
    """Yield "0", "0 1", ... one every ``delay`` seconds."""
    seen: list[str] = []
    for i in range(n):
        time.sleep(delay)
        seen.append(str(i))
        yield " ".join(seen)


def guarded(tag: str, steps: int = 400) -> Iterator[int]:
    """A long generator whose ``finally`` leaves a marker file."""
    try:
        for i in range(steps):
            time.sleep(0.05)
            yield i
    finally:
        _marker(f"{tag}.closed").write_text("closed")


def tracked(steps: int = 4, progress: autoui.Progress = autoui.Progress()) -> str:
    """Report progress for each step, with an alert first."""
    autoui.Info("starting")
    for _ in progress.tqdm(range(steps), desc="working", unit="steps"):
        time.sleep(0.1)
    return "done"


def fail(kind: Literal["error", "crash"] = "error") -> str:
    """Fail on purpose: with ``autoui.Error`` or an unexpected exception."""
    if kind == "error":
        raise autoui.Error("the answer is no")
    raise RuntimeError("secret detail")


def chatty(text: str) -> str:
    """Print to stdout (which must not reach an MCP stdio client), then echo."""
    print("noise from a user function")
    return text


def file_size(document: Path) -> int:
    """The size of a file in bytes.

    Args:
        document: any file.
    """
    return document.stat().st_size


def invert(image: np.ndarray) -> np.ndarray:
    """Invert an image's colours.

    Args:
        image: an RGB image.
    """
    return 255 - image[..., :3]
