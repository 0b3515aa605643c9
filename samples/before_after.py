"""Before and after: sharpen a picture and compare both with a slider.

A function that returns ``(before, after)`` annotated ``autoui.ImageSlider()`` shows the
two images over each other, with a slider to uncover one or the other::

    autoui serve samples/before_after.py
    autoui run samples/before_after.py --picture cat.png --amount 2
"""

from __future__ import annotations

from typing import Annotated

from PIL import Image, ImageEnhance

import autoui

Comparison = Annotated[
    tuple[Image.Image, Image.Image], autoui.ImageSlider(labels=("Original", "Sharpened"))
]


def sharpen(picture: Image.Image, amount: float = 2.0) -> Comparison:
    """Sharpen a picture.

    Args:
        picture: any photo.
        amount: 1 leaves it as it is; more sharpens it.

    Returns:
        Comparison
    """
    return picture, ImageEnhance.Sharpness(picture).enhance(amount)
