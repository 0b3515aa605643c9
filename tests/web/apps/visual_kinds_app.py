"""Annotated images, sketches, charts and 3D models, with values whose pixels a test can find."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np

import autoui

OBJ_TRIANGLE = "v -1 -1 0\nv 1 -1 0\nv 0 1 0\nf 1 2 3\n"


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


def model(shape: Literal["triangle", "textured", "missing"] = "triangle") -> autoui.Model3D:
    """A 3D model: one triangle, a square with a red and blue picture on it, or no model.

    Args:
        shape: which model.

    Returns:
        Model
    """
    if shape == "missing":
        return b"glTF\x02\x00\x00\x00broken"
    if shape == "textured":
        return _textured_square()
    return Path(_written("triangle.obj", OBJ_TRIANGLE))


def _written(name: str, text: str) -> str:
    import tempfile

    path = Path(tempfile.mkdtemp()) / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _textured_square() -> bytes:
    """A .glb: a square facing the camera, its left half red and right half blue (a texture)."""
    import io
    import struct

    from PIL import Image

    picture = Image.new("RGB", (2, 1), (255, 0, 0))
    picture.putpixel((1, 0), (0, 0, 255))
    png = io.BytesIO()
    picture.save(png, format="PNG")
    positions = [-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0]
    uvs = [0, 1, 1, 1, 1, 0, 0, 0]
    indices = [0, 1, 2, 0, 2, 3]
    blob = struct.pack("<12f8f6H", *positions, *uvs, *indices) + png.getvalue()
    blob += b"\0" * (-len(blob) % 4)
    views = [(0, 48), (48, 32), (80, 12), (92, len(png.getvalue()))]
    document = {
        "asset": {"version": "2.0"}, "scenes": [{"nodes": [0]}], "nodes": [{"mesh": 0}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0, "TEXCOORD_0": 1},
                                    "indices": 2, "material": 0}]}],
        "materials": [{"pbrMetallicRoughness": {"baseColorTexture": {"index": 0}}}],
        "textures": [{"source": 0}], "images": [{"bufferView": 3, "mimeType": "image/png"}],
        "buffers": [{"byteLength": len(blob)}],
        "bufferViews": [{"buffer": 0, "byteOffset": at, "byteLength": n} for at, n in views],
        "accessors": [
            {"bufferView": 0, "componentType": 5126, "count": 4, "type": "VEC3"},
            {"bufferView": 1, "componentType": 5126, "count": 4, "type": "VEC2"},
            {"bufferView": 2, "componentType": 5123, "count": 6, "type": "SCALAR"},
        ],
    }  # fmt: skip
    text = json.dumps(document).encode()
    text += b" " * (-len(text) % 4)
    chunks = struct.pack("<II", len(text), 0x4E4F534A) + text
    chunks += struct.pack("<II", len(blob), 0x004E4942) + blob
    return struct.pack("<4sII", b"glTF", 2, 12 + len(chunks)) + chunks
