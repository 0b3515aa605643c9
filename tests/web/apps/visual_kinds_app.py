"""Annotated images, sketches, charts and 3D models, with values whose pixels a test can find."""

from __future__ import annotations

import json
from typing import Annotated, Any

import numpy as np

import autoui


def boxes(width: int = 400, height: int = 200) -> autoui.AnnotatedImage:
    """A grey picture with a box (cat) and a mask (sky) on it.

    Args:
        width: the picture's width.
        height: the picture's height.

    Returns:
        Found
    """
    picture = np.full((height, width, 3), 128, np.uint8)
    sky = np.zeros((height, width), bool)
    sky[: height // 4, :] = True
    cat = (width // 4, height // 2, width // 2, height - 10)
    return picture, [(cat, "cat"), (sky, "sky")]


def points() -> Annotated[list[dict[str, Any]], autoui.ScatterPlot(x="x", y="y", color="kind")]:
    """Three points, two kinds.

    Returns:
        Points
    """
    rows = [(0, 0, "a"), (3, 7, "a"), (10, 10, "b")]
    return [{"x": x, "y": y, "kind": kind} for x, y, kind in rows]


def temperatures() -> Annotated[dict[str, list[Any]], autoui.LinePlot(x="day", y="celsius")]:
    """A week of temperatures.

    Returns:
        Temperatures
    """
    days = [f"2024-03-0{d}" for d in range(1, 8)]
    return {"day": days, "celsius": [3, 5, 4, 8, 10, 9, 12]}


def fruit() -> Annotated[dict[str, list[Any]], autoui.BarPlot(x="fruit", y="kg")]:
    """Fruit sold.

    Returns:
        Sold
    """
    return {"fruit": ["apple", "pear", "plum"], "kg": [10, 4, 6]}


def mask_of(sketch: autoui.Sketch) -> str:
    """Where the strokes are, as the function sees them.

    Args:
        sketch: draw anything.

    Returns:
        Strokes
    """
    rows, cols = np.nonzero(sketch.mask)
    found: dict[str, Any] = {"size": list(sketch.mask.shape[::-1])}
    found["pixels"] = int(sketch.mask.sum())
    if len(rows):
        found["box"] = [int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1]
        found["colour"] = sketch.composite[int(rows.mean()), int(cols.mean())].tolist()
        found["background"] = sketch.background[0, 0].tolist()
    return json.dumps(found)
