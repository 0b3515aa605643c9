"""Sketchpad: a background and a strokes layer → the composite, the mask, and back."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import jsonschema
import numpy as np
import pytest
from PIL import Image

from autoui.components import Sketch, Sketchpad
from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles

Upload = Callable[..., dict[str, Any]]


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def strokes(size: tuple[int, int] = (40, 30)) -> Image.Image:
    """A red stroke over x 10–19, y 5–7; one half-erased pixel (alpha 0) beside it."""
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    for x in range(10, 20):
        for y in range(5, 8):
            layer.putpixel((x, y), (255, 0, 0, 255))
    layer.putpixel((25, 5), (255, 0, 0, 0))  # erased: colour left, but transparent
    return layer


@pytest.fixture
def drawn(upload: Upload) -> dict[str, Any]:
    background = upload(png(Image.new("RGB", (40, 30), (0, 0, 255))), "photo.png")
    return {"background": background, "layer": upload(png(strokes()), "layer.png")}


def test_numpy_sketch(drawn: dict[str, Any], files: LocalFiles) -> None:
    sketch = Sketchpad().preprocess(drawn, files)
    assert sketch.mask.dtype == bool and sketch.mask.shape == (30, 40)
    assert sketch.mask.sum() == 30 and sketch.mask[6, 15] and not sketch.mask[5, 25]
    assert sketch.composite[6, 15].tolist() == [255, 0, 0]  # the stroke over the photo
    assert sketch.composite[0, 0].tolist() == [0, 0, 255]
    assert sketch.background[6, 15].tolist() == [0, 0, 255]  # the photo as it was
    assert sketch.layer.shape == (30, 40, 4)


def test_pil_sketch(drawn: dict[str, Any], files: LocalFiles) -> None:
    sketch = Sketchpad(type="pil").preprocess(drawn, files)
    assert sketch.mask.mode == "L" and sketch.mask.getextrema() == (0, 255)
    assert sketch.composite.mode == "RGB" and sketch.composite.size == (40, 30)


def test_a_lone_picture_is_a_background_with_nothing_drawn(
    upload: Upload, files: LocalFiles
) -> None:
    sketch = Sketchpad().preprocess(upload(png(Image.new("RGB", (8, 6), "green")), "a.png"), files)
    assert not sketch.mask.any() and sketch.layer is None
    assert (sketch.composite == sketch.background).all()


def test_strokes_alone_are_on_white(upload: Upload, files: LocalFiles) -> None:
    sketch = Sketchpad().preprocess({"layer": upload(png(strokes()), "l.png")}, files)
    assert sketch.composite[0, 0].tolist() == [255, 255, 255] and sketch.mask.sum() == 30


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"background": None, "layer": None}, "an empty sketch"),
        ("sizes", "the strokes layer is 40×30 but the background is 8×6"),
        ({"background": "data:text/plain,hello"}, "background: expected an image file"),
        ({"colour": "red"}, 'expected a sketch {"background"'),
    ],
)
def test_bad_sketches_say_why(
    parts: Any, message: str, upload: Upload, files: LocalFiles
) -> None:
    if parts == "sizes":
        small = upload(png(Image.new("RGB", (8, 6))), "s.png")
        parts = {"background": small, "layer": upload(png(strokes()), "l.png")}
    with pytest.raises(ValidationError, match=message):
        Sketchpad().preprocess(parts, files)


def test_a_sketch_round_trips_as_output(drawn: dict[str, Any], files: LocalFiles) -> None:
    sketch = Sketchpad().preprocess(drawn, files)
    payload = Sketchpad().postprocess(sketch, files)
    again = Sketchpad().read_output(payload, files, image_type="numpy")
    assert isinstance(again, Sketch)
    np.testing.assert_array_equal(again.mask, sketch.mask)
    np.testing.assert_array_equal(again.composite, sketch.composite)


def test_an_image_output_is_a_background(files: LocalFiles) -> None:
    payload = Sketchpad().postprocess(np.zeros((4, 5, 3), np.uint8), files)
    assert payload["layer"] is None and Image.open(payload["background"]["path"]).size == (5, 4)


def test_schema_accepts_both_shapes() -> None:
    schema = Sketchpad().json_schema()
    for payload in ({"background": {"id": "a"}, "layer": None}, {"id": "a"}, "data:image/png,x"):
        jsonschema.validate(payload, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"background": {"path": "/etc/passwd"}}, schema)
