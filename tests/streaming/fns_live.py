"""Live-input functions run out of the front-end's process: on a broker worker
(``tests/broker``, through ``fns_broker.py``) and in a slot process
(``tests/isolation/test_live_process.py``).

``listen`` and ``linger`` leave a marker file in ``$AUTOUI_TEST_MARKERS`` when they end:
the samples they heard and the id of the process they ran in, so a test sees from
outside where their ``finally`` ran. ``tuner`` and ``dtmf`` are the samples.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import numpy as np
from PIL import Image, ImageOps

import autoui

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "samples"))
from dtmf import dtmf  # noqa: E402
from tuner import tuner  # noqa: E402

__all__ = ["dtmf", "every", "invert", "linger", "listen", "tuner"]


def listen(audio: Iterator[np.ndarray], tag: str = "", delay: float = 0.0) -> Iterator[str]:
    """The samples heard so far, and how many items they came in.

    Args:
        audio: 16 kHz int16 samples.
        tag: names the marker file written when the generator closes.
        delay: seconds of work per item (more than its audio: slower than real time).
    """
    total = items = 0
    try:
        for pcm in audio:
            total += len(pcm)
            items += 1
            time.sleep(delay)
            yield f"{total} {items}"
    finally:
        _mark(tag, total)


def every(
    audio: Annotated[Iterator[np.ndarray], autoui.Microphone(policy="all", max_lag=0.5)],
    delay: float = 0.05,
) -> str:
    """Each chunk on its own, none joined or dropped: the sender is held back instead.

    Args:
        audio: 16 kHz int16 samples, at most half a second of them waiting.
        delay: seconds of work per chunk.
    """
    total = items = 0
    for pcm in audio:
        total += len(pcm)
        items += 1
        time.sleep(delay)
    return f"{total} {items}"


@autoui.time_limit(1.0)
def linger(audio: Iterator[np.ndarray], tag: str = "") -> str:
    """Hears a chunk, then works on past its one-second time limit.

    Args:
        audio: 16 kHz int16 samples.
        tag: names the marker file written when it ends.
    """
    total = 0
    try:
        for pcm in audio:
            total += len(pcm)
            time.sleep(60)
    finally:
        _mark(tag, total)
    return "done"


def _mark(tag: str, total: int) -> None:
    if tag:
        folder = Path(os.environ.get("AUTOUI_TEST_MARKERS", "."))
        (folder / tag).write_text(f"{total} {os.getpid()}")


def invert(
    frames: Iterator[Image.Image],
) -> Iterator[Annotated[Image.Image, autoui.Image(format="jpeg")]]:
    """Each frame, inverted.

    Args:
        frames: the camera.
    """
    for frame in frames:
        yield ImageOps.invert(frame)
