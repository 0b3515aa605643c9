"""Functions with live inputs, served by ``test_live_stream.py`` as a real process.

A generator's ``finally`` leaves a file under ``$AUTOUI_TEST_MARKERS`` so the test sees
it from outside the server; ``tuner`` is the sample, served beside them.
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
from tuner import tuner  # noqa: E402

__all__ = ["count", "invert", "tuner"]


def count(audio: Iterator[np.ndarray], tag: str = "", delay: float = 0.0) -> Iterator[str]:
    """Count the samples heard so far.

    Args:
        audio: 16 kHz int16 samples.
        tag: names the marker file written when the generator is closed.
        delay: seconds of work per chunk.
    """
    total = 0
    try:
        for pcm in audio:
            total += len(pcm)
            time.sleep(delay)
            yield str(total)
    finally:
        if tag:
            Path(os.environ.get("AUTOUI_TEST_MARKERS", "."), tag).write_text(str(total))


def invert(
    frames: Iterator[Image.Image],
) -> Iterator[Annotated[Image.Image, autoui.Image(format="jpeg")]]:
    """Each frame, inverted.

    Args:
        frames: the camera.
    """
    for frame in frames:
        yield ImageOps.invert(frame)
