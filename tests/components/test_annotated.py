"""Annotated images: an image and its labelled boxes and masks ⇄ the wire form."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import numpy as np
import pytest
from PIL import Image

from autoui.components import AnnotatedImage
from autoui.components.palette import PALETTE
from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles

from .conftest import png_bytes

IMAGE = np.zeros((30, 40, 3), np.uint8)


def mask() -> np.ndarray:
    inside = np.zeros((30, 40), bool)
    inside[5:10, 20:30] = True
    return inside


def test_boxes_and_masks_travel_with_sizes_and_colours(files: LocalFiles) -> None:
    component = AnnotatedImage(color_map={"sky": "#00f"})
    payload = component.postprocess((IMAGE, [((1, 2, 10.5, 12), "cat"), (mask(), "sky")]), files)
    assert (payload["width"], payload["height"]) == (40, 30)
    assert Image.open(payload["image"]["path"]).size == (40, 30)
    box, sky = payload["annotations"]
    assert box == {"label": "cat", "box": [1, 2, 10.5, 12]}
    written = np.asarray(Image.open(sky["mask"]["path"]))
    assert written.shape == (30, 40) and set(np.unique(written)) == {0, 255}
    assert (written == 255).sum() == 50 and written[7, 25] == 255
    assert payload["colors"] == {"cat": PALETTE[0], "sky": "#0000ff"}
    jsonschema.validate(payload, component.json_schema())


def test_pipeline_dicts_are_read(files: LocalFiles) -> None:
    detections = [
        {"score": 0.97, "label": "dog", "box": {"xmin": 3, "ymin": 4, "xmax": 20, "ymax": 25}},
        {"score": 0.5, "label": "grass", "mask": Image.fromarray(mask().astype(np.uint8) * 255)},
    ]
    payload = AnnotatedImage().postprocess({"image": IMAGE, "annotations": detections}, files)
    assert payload["annotations"][0] == {"label": "dog", "box": [3, 4, 20, 25], "score": 0.97}
    assert payload["annotations"][1]["score"] == 0.5


def test_soft_masks_keep_their_strength(files: LocalFiles) -> None:
    soft = np.full((30, 40), 0.5)
    payload = AnnotatedImage().postprocess((IMAGE, [(soft, "haze")]), files)
    written = np.asarray(Image.open(payload["annotations"][0]["mask"]["path"]))
    assert set(np.unique(written)) == {128}


def test_image_files_are_sized_from_their_header(files: LocalFiles, tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(png_bytes(7, 5))
    for image in (path, str(path), path.read_bytes()):
        payload = AnnotatedImage().postprocess((image, []), files)
        assert (payload["width"], payload["height"]) == (7, 5)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ((IMAGE, [(np.zeros((3, 3)), "x")]), "annotation 1: a mask must be the image's size 40×30"),
        ((IMAGE, [((10, 10, 5, 20), "x")]), "annotation 1: a box ends before it starts"),
        ((IMAGE, [((1, 2, 3, 4), None)]), "annotation 1: has no label"),
        ((IMAGE, ["cat"]), "annotation 1: expected \\(box or mask, label\\)"),
        ((IMAGE, "cat"), "expected the annotations as a list"),
        (IMAGE, "expected \\(image, \\[\\(box or mask, label\\), ...\\]\\)"),
        ((b"not an image", []), "expected an image"),
    ],
)
def test_bad_values_say_what_is_wrong(value: object, message: str, files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match=message):
        AnnotatedImage().postprocess(value, files)


@pytest.mark.parametrize("image_type", ["numpy", "pil", "path"])
def test_read_output_round_trip(image_type: str, files: LocalFiles) -> None:
    payload = AnnotatedImage().postprocess((IMAGE, [((1, 2, 3, 4), "a"), (mask(), "b")]), files)
    image, regions = AnnotatedImage().read_output(payload, files, image_type=image_type)
    assert regions[0] == ((1, 2, 3, 4), "a") and regions[1][1] == "b"
    if image_type == "numpy":
        assert image.shape == (30, 40, 3)
        np.testing.assert_array_equal(regions[1][0], mask().astype(np.float32))
    elif image_type == "pil":
        assert image.size == (40, 30) and regions[1][0].mode == "L"
    else:
        assert isinstance(image, Path) and isinstance(regions[1][0], Path)


def test_an_annotated_image_is_an_output_only(files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match="an annotated image is an output only"):
        AnnotatedImage().preprocess({"image": {"id": "x"}, "annotations": []}, files)
