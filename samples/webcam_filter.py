"""Webcam filter: live frames in, processed frames out.

``frames: Iterator[Image.Image]`` is a live camera input (10 frames a second by
default). When the function is slower than the camera, it gets the newest frame next
and stale ones are skipped (the ``latest`` policy). Yielding an image per frame shows
it in place; ``autoui.Image(format="jpeg")`` keeps each output frame small and fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from PIL import Image, ImageFilter, ImageOps

import autoui

__all__ = ["webcam_filter"]

Effect = Literal["invert", "grey", "edges", "mirror"]


def apply(effect: Effect, frame: Image.Image) -> Image.Image:
    """One frame with ``effect`` applied."""
    if effect == "invert":
        return ImageOps.invert(frame)
    if effect == "grey":
        return ImageOps.grayscale(frame)
    if effect == "edges":
        return frame.filter(ImageFilter.FIND_EDGES)
    return ImageOps.mirror(frame)


def webcam_filter(
    frames: Iterator[Image.Image], effect: Effect = "invert"
) -> Iterator[Annotated[Image.Image, autoui.Image(format="jpeg")]]:
    """Point the camera at something: each frame comes back with the effect applied.

    Args:
        frames: the camera (or an image, an animated GIF or an MJPEG video).
        effect: what to do to each frame.

    Yields:
        Filtered
    """
    for frame in frames:
        yield apply(effect, frame)
