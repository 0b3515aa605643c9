"""Functions for the terminal tests: each one a precise case a sample does not cover.

Side effects go to files named by the environment (``AUTOUI_TEST_DIR``), so a test
driving ``autoui run`` in a subprocess can check what happened inside the function.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from PIL import Image as PILImage

import autoui


def _note(name: str, text: str) -> None:
    folder = os.environ.get("AUTOUI_TEST_DIR")
    if folder:
        with open(Path(folder) / name, "a", encoding="utf-8") as out:
            out.write(text + "\n")


def ticks(count: int = 3, delay: float = 0.5) -> Iterator[str]:
    """Yield a line per tick, slowly; note when the generator is closed.

    Args:
        count: how many ticks.
        delay: seconds between ticks.
    """
    try:
        for i in range(1, count + 1):
            yield f"tick {i} of {count}"
            _note("ticks.log", f"yielded {i}")
            time.sleep(delay)
    finally:
        _note("ticks.log", "finally")


def plan(
    guests: int,
    menu: Literal["vegan", "fish", "meat"],
    day: dt.date,
    notes: str = "none",
) -> str:
    """Plan a dinner.

    Args:
        guests: how many people come.
        menu: what is served.
        day: when.
        notes: anything else.
    """
    return f"{guests} guests, {menu}, on {day.isoformat()} ({notes})"


def fail(kind: Literal["user", "bug"] = "user") -> str:
    """Fail on purpose.

    Args:
        kind: "user" raises autoui.Error, "bug" divides by zero.
    """
    if kind == "user":
        raise autoui.Error("the oven is cold", title="Oven")
    return str(1 / 0)


@autoui.batch(max_batch_size=16)
def double(numbers: list[int]) -> list[int]:
    """Double numbers, a batch at a time; notes each batch's size.

    Args:
        numbers: the numbers of the batch.
    """
    _note("batches.log", str(len(numbers)))
    return [n * 2 for n in numbers]


_active = [0]
_active_lock = threading.Lock()


def square(number: int, delay: float = 0.0) -> int:
    """Square one number (rows of ``--in`` run one call each); notes calls at once.

    Args:
        number: must not be 7.
        delay: seconds to take.
    """
    with _active_lock:
        _active[0] += 1
        _note("active.log", str(_active[0]))
    try:
        time.sleep(delay)
        if number == 7:
            raise autoui.Error("7 is not allowed")
        return number * number
    finally:
        with _active_lock:
            _active[0] -= 1


def work(steps: int = 4, delay: float = 0.4, progress: autoui.Progress = autoui.Progress()) -> str:
    """Work in steps, reporting progress and an alert.

    Args:
        steps: how many steps.
        delay: seconds per step.
    """
    autoui.Info("warming up")
    for _ in progress.tqdm(range(steps), desc="working", unit="steps"):
        time.sleep(delay)
    autoui.Warning("almost done")
    return f"{steps} steps done"


def invert(picture: Path) -> PILImage.Image:
    """Invert an image file's colours.

    Args:
        picture: the picture file.
    """
    from PIL import ImageOps

    with PILImage.open(picture) as opened:
        return ImageOps.invert(opened.convert("RGB"))


def spin(seconds: float = 3600.0) -> str:
    """Loop in plain Python (no yield, no await): only a worker process can be stopped.

    Args:
        seconds: how long to spin.
    """
    _note("spin.log", f"pid {os.getpid()}")
    try:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            pass
        return "spun"
    finally:
        _note("spin.log", "finally")


def where(message: str, history: list[dict[str, str]]) -> str:
    """A chat that says which process answered.

    Args:
        message: what you say.
        history: the conversation so far.
    """
    return f"{message} from pid {os.getpid()}"


def toppings(chosen: list[Literal["cheese", "olives", "basil"]]) -> str:
    """Pick toppings (a checkbox group)."""
    return " + ".join(chosen)
