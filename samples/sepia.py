"""Sepia: a numpy image in, a numpy image out.

``image: np.ndarray`` is an image input: the function receives an H×W×3 ``uint8`` RGB
array. ``strength`` is bounded with annotated-types (``Ge(0)``, ``Le(1)``), so it is a
slider instead of a free number.
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from annotated_types import Ge, Le

_SEPIA = np.array(
    [
        [0.393, 0.769, 0.189],
        [0.349, 0.686, 0.168],
        [0.272, 0.534, 0.131],
    ]
)


def sepia(image: np.ndarray, strength: Annotated[float, Ge(0), Le(1)] = 1.0) -> np.ndarray:
    """Give a photo the warm brown tone of old prints.

    Args:
        image: the photo to tone.
        strength: 0 leaves the photo as it is, 1 is full sepia.

    Returns:
        Toned photo
    """
    rgb = image[..., :3].astype(np.float64)
    toned = rgb @ _SEPIA.T
    mixed = (1.0 - strength) * rgb + strength * toned
    return np.clip(mixed, 0, 255).astype(np.uint8)
