"""Functions the browser tests need beyond the samples: audio in, HTML out, a snapshot size."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
from PIL import Image

import autoui


def hear(audio: tuple[int, np.ndarray]) -> str:
    """Describe a recording.

    Args:
        audio: a recording or an audio file.

    Returns:
        What was heard
    """
    rate, samples = audio
    loud = float(np.abs(samples.astype(np.float64)).max()) if samples.size else 0.0
    return f"{rate} Hz, {samples.shape[0] / rate:.2f} s, peak {loud:.0f}"


def render(markup: str) -> autoui.HTML:
    """Show markup as HTML (the server sanitises it, the page again).

    Args:
        markup: any HTML.

    Returns:
        Rendered
    """
    return markup


def measure(image: Image.Image) -> str:
    """The size of a picture.

    Args:
        image: a picture, a webcam snapshot or a pasted image.

    Returns:
        Size
    """
    return f"{image.width}x{image.height}"


def checksum(document: Path) -> str:
    """The SHA-256 of a file, to prove it arrived whole.

    Args:
        document: any file.

    Returns:
        SHA-256
    """
    return hashlib.sha256(document.read_bytes()).hexdigest()
