"""Functions the client tests call on a real ``autoui serve`` process."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

import autoui


def echo(text: str) -> str:
    """Return the text unchanged."""
    return text


def count(n: int = 3, delay: float = 0.05, progress: autoui.Progress = autoui.Progress()) -> Iterator[int]:  # noqa: B008,E501
    """Yield 1..n slowly, reporting progress and two alerts."""
    autoui.Info("counting")
    for i in progress.tqdm(range(n), desc="counting"):
        time.sleep(delay)
        yield i + 1
    autoui.Warning("done counting")


def fail(reason: str) -> str:
    """End with a message meant for the user."""
    raise autoui.Error(reason)


def crash(x: int) -> int:
    """Fail with an exception the user should not see the details of."""
    raise RuntimeError(f"secret detail {x}")  # not deliberate: its message stays hidden


def invert(image: Image.Image) -> Image.Image:
    """Invert the colours of a picture."""
    return ImageOps.invert(image.convert("RGB"))


def shout(doc: Path) -> tuple[Path, int]:
    """Upper-case a text file; also return its length.

    Returns:
        loud: the upper-cased copy.
        size: how many characters it has.
    """
    text = doc.read_text()
    out = doc.with_name("loud-" + doc.name)
    out.write_text(text.upper())
    return out, len(text)


def scores(text: str) -> dict[str, float]:
    """A made-up classification of the text."""
    return {"long": 0.8, "short": 0.2} if len(text) > 3 else {"short": 0.9, "long": 0.1}


def next_day(day: dt.date) -> dt.date:
    """The day after."""
    return day + dt.timedelta(days=1)


def nap(seconds: float = 0.5) -> str:
    """Sleep, to hold the queue (concurrency 1) while tests cancel other jobs."""
    time.sleep(seconds)
    return "rested"


def frames(n: int = 2) -> list[Image.Image]:
    """A gallery of n grey frames, darkest first."""
    return [Image.new("RGB", (4, 3), (40 * i,) * 3) for i in range(n)]


def louder(clip: tuple[int, np.ndarray]) -> tuple[int, np.ndarray]:
    """Double the volume of a clip (audio in and out)."""
    rate, samples = clip
    return rate, np.clip(samples.astype(np.int32) * 2, -32768, 32767).astype(np.int16)
