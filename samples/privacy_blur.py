"""Privacy blur: paint over what to hide, get the picture back with it blurred.

A parameter annotated ``autoui.Sketch`` is a sketchpad: the page offers a brush, an
eraser, colours, sizes, undo and clear, over a blank canvas or an uploaded picture
(the terminal and the clients take a picture file: nothing painted). The function
receives what was drawn: ``sketch.background`` (the picture), ``sketch.mask`` (where
the strokes are, an H×W bool array), ``sketch.composite`` and ``sketch.layer``.
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from annotated_types import Ge, Le
from PIL import Image, ImageFilter

import autoui


def blur_painted(
    sketch: autoui.Sketch, radius: Annotated[int, Ge(1), Le(40)] = 12
) -> tuple[np.ndarray, str]:
    """Blur the parts of a picture you paint over, e.g. faces or number plates.

    Args:
        sketch: upload a picture, then paint over what to hide.
        radius: how strongly to blur, in pixels.

    Returns:
        blurred: the picture, painted parts blurred.
        report: how much was blurred, and where.
    """
    mask = sketch.mask
    picture = Image.fromarray(sketch.background)
    blurred = np.asarray(picture.filter(ImageFilter.GaussianBlur(radius)))
    result = np.where(mask[..., None], blurred, sketch.background)
    if not mask.any():
        return result, "Nothing was painted, so nothing was blurred."
    rows, cols = np.nonzero(mask)
    box = (int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1)
    share = mask.mean()
    return result, f"Blurred {int(mask.sum()):,} pixels ({share:.1%}) within the box {box}."
