"""More output and input kinds for the browser tests: gallery, JSON, code, audio, files, pickers."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from annotated_types import Ge, Le
from PIL import Image

import autoui

Colour = Literal["red", "green", "blue", "cyan", "magenta"]
RGB = {"red": (220, 40, 40), "green": (40, 170, 60), "blue": (40, 80, 220)}


def swatches(
    count: Annotated[int, Ge(1), Le(3)] = 3,
) -> Annotated[list[tuple[Image.Image, str]], autoui.Gallery()]:
    """Colour swatches with captions.

    Args:
        count: how many swatches.

    Returns:
        Swatches
    """
    names = list(RGB)[:count]
    return [(Image.new("RGB", (60, 40), RGB[name]), f"{name} swatch") for name in names]


def facts(text: str) -> dict[str, object]:
    """Facts about a text, as nested JSON.

    Args:
        text: any text.

    Returns:
        Facts
    """
    words = text.split()
    return {"words": words, "stats": {"count": len(words), "upper": text.isupper()}}


def snippet(name: str = "world") -> autoui.Code:
    """A Python function that greets `name`.

    Args:
        name: who the code greets.

    Returns:
        Code
    """
    return f'def greet():\n    # say hello\n    return "hello {name}" * 2\n'


def tone(seconds: float = 0.5) -> tuple[int, np.ndarray]:
    """A 440 Hz tone.

    Args:
        seconds: how long.

    Returns:
        Tone
    """
    rate = 8000
    t = np.arange(int(rate * seconds)) / rate
    return rate, (np.sin(2 * np.pi * 440 * t) * 12000).astype(np.int16)


def report(title: str = "Report") -> Path:
    """A text file to download.

    Args:
        title: the first line of the file.

    Returns:
        Report file
    """
    path = Path(tempfile.mkdtemp()) / "report.txt"
    path.write_text(f"{title}\n=====\n", encoding="utf-8")
    return path


def plan(
    colours: list[Literal["red", "green", "blue"]],
    favourite: Colour,
    day: datetime.date,
    at: datetime.time,
    tint: autoui.Color,
) -> str:
    """Echo what the pickers sent.

    Args:
        colours: some colours.
        favourite: one colour.
        day: a day.
        at: a time.
        tint: a colour.

    Returns:
        Plan
    """
    return f"{'+'.join(colours)} | {favourite} | {day.isoformat()} | {at.isoformat()} | {tint}"
