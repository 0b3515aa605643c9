"""autoui.Client against a real ``autoui serve``: annotated images, sketches, charts and 3D
models come back as natural values, and a sketch goes in as a picture or a Sketch."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from serving import Server
from typer.testing import CliRunner, Result

from autoui import Client, Sketch
from autoui.cli import app

APP = Path(__file__).resolve().parents[1] / "web" / "apps" / "visual_kinds_app.py"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with Server(APP) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    with Client(server.url, download_dir=tmp_path_factory.mktemp("d")) as c:
        yield c


def test_annotated_image_comes_back_as_image_and_regions(client: Client) -> None:
    image, regions = client.predict("boxes", width=40, height=20)
    assert isinstance(image, Image.Image) and image.size == (40, 20)
    (box, cat), (mask, sky) = regions
    assert (box, cat, sky) == ((10, 10, 20, 10), "cat", "sky")
    values = np.asarray(mask)
    assert mask.mode == "L" and values[:5].min() == 255 and values[5:].max() == 0
    with Client(client.url, image_type="numpy", download_dir=client.download_dir) as numpy:
        _, as_arrays = numpy.predict("boxes", width=40, height=20)
    assert as_arrays[1][0].shape == (20, 40) and as_arrays[1][0][0, 0] == 1.0


def test_a_chart_comes_back_as_its_table(client: Client) -> None:
    table = client.predict("points")
    expected = pd.DataFrame({"x": [0, 3, 10], "y": [0, 7, 10], "kind": ["a", "a", "b"]})
    pd.testing.assert_frame_equal(table, expected)


def test_a_picture_file_is_a_sketch_with_nothing_drawn(client: Client, tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    Image.new("RGB", (30, 20), (0, 255, 0)).save(photo)
    assert json.loads(client.predict("mask_of", sketch=photo)) == {"size": [30, 20], "pixels": 0}


def test_a_sketch_with_strokes_reaches_the_function(client: Client) -> None:
    background = np.zeros((20, 30, 3), np.uint8)
    layer = np.zeros((20, 30, 4), np.uint8)
    layer[5:8, 10:20] = (255, 255, 0, 255)
    sketch = Sketch(composite=None, mask=None, background=background, layer=layer)
    found = json.loads(client.predict("mask_of", sketch=sketch))
    assert found == {"size": [30, 20], "pixels": 30, "box": [10, 5, 20, 8],
                     "colour": [255, 255, 0], "background": [0, 0, 0]}  # fmt: skip


def test_a_model_comes_back_as_a_path(client: Client) -> None:
    path = client.predict("model")
    assert isinstance(path, Path) and path.name == "triangle.obj"
    assert path.read_text() == "v -1 -1 0\nv 1 -1 0\nv 0 1 0\nf 1 2 3\n"


# -- autoui call: the terminal over the same server ----------------------------------------
def call(server: Server, *args: str) -> Result:
    return CliRunner().invoke(app, ["call", server.url, *args], catch_exceptions=False)


def test_call_sends_a_picture_as_the_sketch(server: Server, tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    Image.new("RGB", (30, 20)).save(photo)
    result = call(server, "mask_of", "--sketch", str(photo))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"size": [30, 20], "pixels": 0}


def test_call_json_downloads_the_files_inside_an_annotated_image(
    server: Server, tmp_path: Path
) -> None:
    result = call(server, "boxes", "--width", "40", "--height", "20", "--json",
                  "--out-dir", str(tmp_path))  # fmt: skip
    assert result.exit_code == 0, result.output
    [payload] = json.loads(result.stdout)["data"]
    mask = payload["annotations"][1]["mask"]
    assert Image.open(payload["image"]["path"]).size == (40, 20)
    assert Path(mask["path"]).is_file() and Path(mask["path"]).is_relative_to(tmp_path)


def test_call_prints_a_chart(server: Server) -> None:
    chart = call(server, "fruit")
    assert chart.exit_code == 0 and "apple" in chart.stdout and "█" in chart.stdout


def test_call_saves_a_model(server: Server, tmp_path: Path) -> None:
    model = call(server, "model", "--out-dir", str(tmp_path))
    saved = Path(model.stdout.split("saved 3D model: ")[1].split(" (")[0])
    assert "Wavefront OBJ" in model.stdout and saved.is_file() and saved.is_relative_to(tmp_path)
