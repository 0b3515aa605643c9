from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image as PILImage

from autoui.components import Gallery
from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles

from .conftest import png_bytes

Upload = Callable[..., dict[str, Any]]


def test_gallery_output_items_and_captions(files: LocalFiles, tmp_path: Path) -> None:
    source = tmp_path / "a.png"
    source.write_bytes(png_bytes())
    items = [
        np.zeros((2, 2, 3), np.uint8),
        (PILImage.new("RGB", (3, 3)), "a caption"),
        source,
        (str(source), None),
    ]
    payloads = Gallery().postprocess(items, files)
    assert [p.get("caption") for p in payloads] == [None, "a caption", None, None]
    assert all(p["mime_type"] == "image/png" for p in payloads)
    assert "caption" not in payloads[0]


def test_gallery_output_rejects_non_lists(files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match="expected a list of images"):
        Gallery().postprocess("a.png", files)


def test_gallery_input_follows_type(files: LocalFiles, upload: Upload) -> None:
    payload = [upload(png_bytes(), "a.png"), upload(png_bytes(5, 5), "b.png")]
    arrays = Gallery(type="numpy").preprocess(payload, files)
    assert [a.shape for a in arrays] == [(3, 4, 3), (5, 5, 3)]
    assert all(isinstance(p, str) for p in Gallery().preprocess(payload, files))
    with pytest.raises(ValidationError, match="image 2: expected an image file"):
        Gallery().preprocess([payload[0], upload(b"nope", "c.png")], files)
