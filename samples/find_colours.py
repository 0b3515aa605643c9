"""Find colours: an image in, the same image annotated with boxes and masks out.

Returning ``autoui.AnnotatedImage`` (here in ``Annotated[..., autoui.AnnotatedImage(
color_map=...)]``, to choose the labels' colours) draws labelled regions over an image:
each region a box ``(x0, y0, x1, y1)`` or a mask the image's size, with its label. The page shows
them over the picture with a legend (hover a label to pick out its regions), the
terminal draws them into its preview, a client gets ``(image, [(region, label), ...])``.
The "detector" is small and honest: it marks the pixels near each named hue (a mask)
and the box around them, so no model is downloaded.
"""

from __future__ import annotations

from typing import Annotated, Any

import numpy as np

import autoui

# name → (hue in degrees); a pixel belongs to the nearest, if saturated and bright enough.
_HUES = {"red": 0.0, "yellow": 60.0, "green": 120.0, "blue": 230.0}
# Each label drawn in its own colour (other labels would get the palette's).
Found = Annotated[
    tuple[np.ndarray, list[tuple[Any, str]]],
    autoui.AnnotatedImage(
        color_map={"red": "#d62728", "yellow": "#e3b505", "green": "#2ca02c", "blue": "#1f57d6"}
    ),
]


def _hue_saturation_value(image: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rgb = image[..., :3].astype(np.float64) / 255.0
    high, low = rgb.max(axis=-1), rgb.min(axis=-1)
    spread = np.where(high > low, high - low, 1.0)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    hue = np.select(
        [high == r, high == g],
        [(g - b) / spread % 6, (b - r) / spread + 2],
        (r - g) / spread + 4,
    )
    saturation = np.where(high > 0, (high - low) / np.where(high > 0, high, 1.0), 0.0)
    return hue * 60.0, saturation, high


def find_colours(image: np.ndarray, min_share: float = 0.005) -> Found:
    """Mark where each of red, yellow, green and blue is in a picture.

    Args:
        image: a picture with areas of strong colour.
        min_share: the smallest part of the picture (0–1) a colour must cover to be marked.

    Returns:
        Colours found
    """
    hue, saturation, value = _hue_saturation_value(image)
    vivid = (saturation > 0.45) & (value > 0.3)
    names = list(_HUES)
    centres = np.array([_HUES[n] for n in names])
    distance = np.abs((hue[..., None] - centres + 180.0) % 360.0 - 180.0)
    nearest = distance.argmin(axis=-1)
    regions: list[tuple[Any, str]] = []
    for index, name in enumerate(names):
        mask = vivid & (nearest == index) & (distance.min(axis=-1) < 30.0)
        if mask.mean() < min_share:
            continue
        rows, cols = np.nonzero(mask)
        box = (int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1)
        regions += [(mask, name), (box, name)]
    return image, regions
