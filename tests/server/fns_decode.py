"""Functions the decode tests serve: image inputs, decoded only when their job starts."""

from __future__ import annotations

import time

import numpy as np
from PIL import Image

import autoui


def shape(image: np.ndarray, pause: float = 0.0) -> str:
    """The decoded array's shape, after holding the slot ``pause`` seconds."""
    time.sleep(pause)
    return f"{image.shape} {image.dtype}"


@autoui.batch(max_batch_size=3, batch_wait=5.0)
def sizes(images: list[Image.Image]) -> list[str]:
    """One call for several jobs: each answer says how many were batched."""
    return [f"{len(images)}:{image.size[0]}x{image.size[1]}" for image in images]
