"""The kinds added through the kinds path, called with autoui.Client over a real server:
each comes back as a natural Python value, and a multimodal message goes up with its files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from serving import Server

import autoui
from autoui import Client

APP = Path(__file__).with_name("kinds_app.py")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    with Server(APP) as server, Client(server.url, download_dir=tmp_path_factory.mktemp("dl")) as c:
        yield c


def test_highlighted_text_comes_back_as_pairs(client: Client) -> None:
    assert client.predict("spans", "Ada went home") == [("Ada", "FIRST"), (" went home", None)]


def test_image_slider_comes_back_as_a_pair_of_images(client: Client, tmp_path: Path) -> None:
    picture = tmp_path / "black.png"
    Image.new("RGB", (3, 2), (0, 0, 0)).save(picture)
    before, after = client.predict("compare", picture)
    assert before.getpixel((0, 0)) == (0, 0, 0) and after.getpixel((0, 0)) == (255, 255, 255)


def test_a_multimodal_message_goes_up_with_its_files(client: Client, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("hello")
    picture = Image.new("RGB", (2, 2), "red")
    answer = client.predict("describe", autoui.Message("see", [note]))
    assert answer == "see [note.txt:5]"
    as_dict = client.predict("describe", {"text": "both", "files": [note, picture]})
    assert as_dict.startswith("both [note.txt:5, image.png:")


def test_downloads_come_back_as_local_paths(client: Client) -> None:
    paths = client.predict("files_out", count=2)
    assert [p.name for p in paths] == ["part-0.txt", "part-1.txt"]
    assert [p.read_text() for p in paths] == ["x", "xx"]
