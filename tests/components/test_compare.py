"""The image slider: a (before, after) pair in and out, as two image files on the wire."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from PIL import Image

from autoui.components import ImageSlider
from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles

from .conftest import png_bytes


def test_a_pair_is_two_image_files_and_reads_back_as_a_pair(files: LocalFiles) -> None:
    before = np.zeros((2, 3, 3), dtype=np.uint8)
    after = Image.new("RGB", (3, 2), "white")
    payload = ImageSlider().postprocess((before, after), files)
    assert [p["mime_type"] for p in payload] == ["image/png", "image/png"]
    back = ImageSlider().read_output(payload, files, image_type="numpy")
    assert isinstance(back, tuple) and back[0].max() == 0 and back[1].min() == 255


def test_as_an_input_the_function_gets_the_pair(
    files: LocalFiles, upload: Callable[[bytes, str], dict[str, Any]]
) -> None:
    pair = [upload(png_bytes(color=(0, 0, 0)), "a.png"), upload(png_bytes(), "b.png")]
    before, after = ImageSlider(type="pil").preprocess(pair, files)
    assert before.getpixel((0, 0)) == (0, 0, 0) and after.getpixel((0, 0)) == (255, 0, 0)
    with pytest.raises(ValidationError, match="after: expected an image"):
        ImageSlider().preprocess([pair[0], upload(b"nope", "c.png")], files)


@pytest.mark.parametrize("bad", [Image.new("RGB", (2, 2)), [1, 2, 3], "x"])
def test_anything_but_a_pair_is_refused(bad: object, files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match="two images"):
        ImageSlider().postprocess(bad, files)
