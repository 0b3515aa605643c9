"""Pillow and numpy at the client's edge, imported only when a value needs them.

``import autoui.client`` must stay light, so nothing here imports numpy or Pillow at
module level; the type checks look at the value's class name and module instead.
"""

from __future__ import annotations

import io
import wave
from pathlib import Path
from typing import Any

__all__ = ["audio_to_wav", "image_to_png", "is_image", "is_ndarray", "open_image"]


def is_ndarray(value: Any) -> bool:
    return type(value).__name__ == "ndarray" and type(value).__module__ == "numpy"


def is_image(value: Any) -> bool:
    """A PIL image (checked without importing Pillow)."""
    return any(
        cls.__name__ == "Image" and cls.__module__ == "PIL.Image" for cls in type(value).__mro__
    )


def image_to_png(value: Any) -> bytes:
    """A PIL image or an H×W(×C) array → PNG bytes (floats in 0–1 are scaled to 0–255)."""
    from PIL import Image

    if is_ndarray(value):
        value = Image.fromarray(_as_uint8(value))
    buffer = io.BytesIO()
    value.save(buffer, format="PNG")
    return buffer.getvalue()


def _as_uint8(array: Any) -> Any:
    import numpy as np

    if array.dtype == np.uint8:
        return array
    if array.dtype.kind == "f":
        scale = 255.0 if float(np.nanmax(array, initial=0.0)) <= 1.0 else 1.0
        return np.clip(np.nan_to_num(array) * scale, 0, 255).astype(np.uint8)
    if array.dtype == np.bool_:
        return array.astype(np.uint8) * 255
    return np.clip(array, 0, 255).astype(np.uint8)


def audio_to_wav(rate: int, samples: Any) -> bytes:
    """``(rate, samples)`` → 16-bit PCM WAV bytes; samples are (n,) or (n, channels).

    Float samples are taken to be in −1…1, the convention of audio libraries.
    """
    import numpy as np

    data = np.asarray(samples)
    if data.dtype.kind == "f":
        data = np.clip(data, -1.0, 1.0) * 32767
    data = data.astype("<i2")
    channels = 1 if data.ndim == 1 else int(data.shape[1])
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(int(rate))
        out.writeframes(data.tobytes())
    return buffer.getvalue()


def open_image(path: Path, image_type: str) -> Any:
    """A downloaded image as the caller asked: a PIL image, an RGB(A) array, or the path."""
    if image_type == "path":
        return path
    from PIL import Image

    image = Image.open(io.BytesIO(path.read_bytes()))
    image.load()
    if image_type == "numpy":
        import numpy as np

        return np.asarray(image)
    return image
