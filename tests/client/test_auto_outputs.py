"""A function without a return hint, served for real: every reader shows what it returned.

``POST /api/show`` answers each value as the kind it turned out to be
(``{"component", "traits", "props", "value"}``); the Python client hands back the
natural value of that kind; ``autoui call`` and ``autoui run`` (real processes) draw it
and save its files; the JavaScript client returns the payload as the wire has it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from serving import Server

from autoui import Client

NO_HINTS = Path(__file__).parents[1] / "fixtures" / "no_hints.py"


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with Server(NO_HINTS) as server:
        yield server.url


def test_the_http_api_says_which_kind_each_value_was(url: str) -> None:
    kinds = {}
    for what in ("text", "stats", "picture", "figure", "table", "pictures", "raw", "nothing"):
        answer = httpx.post(f"{url}/api/show", json={"data": {"what": what}}, timeout=60)
        assert answer.status_code == 200, answer.text
        [payload] = answer.json()["data"]
        kinds[what] = payload and payload["component"]
        if payload and payload["traits"]["file"] and not payload["traits"]["multiple"]:
            assert httpx.get(url + payload["value"]["url"]).status_code == 200
    assert kinds == {
        "text": "textbox", "stats": "json", "picture": "image", "figure": "plot",
        "table": "dataframe", "pictures": "gallery", "raw": "file", "nothing": None,
    }  # fmt: skip
    spec = httpx.get(f"{url}/api/spec").json()
    assert spec["functions"][0]["outputs"][0]["component"] == "auto"


def test_the_python_client_gets_natural_values(url: str, tmp_path: Path) -> None:
    import pandas as pd
    from PIL import Image

    with Client(url, download_dir=tmp_path) as client:
        picture = client.predict("show", "picture")
        assert isinstance(picture, Image.Image) and picture.getpixel((0, 0)) == (200, 30, 30)
        table = client.predict("show", "table")
        assert isinstance(table, pd.DataFrame) and table["population"].tolist() == [361924, 443037]
        assert client.predict("show", "stats") == {"mean": 2.5, "max": 4.0}
        assert client.predict("show", "text") == "hello"
        pictures = client.predict("show", "pictures")
        assert [p.getpixel((0, 0)) for p in pictures] == [(200, 30, 30), (30, 30, 200)]
        notes = client.predict("show", "notes")
        assert isinstance(notes, Path) and notes.read_text() == "remember the milk"
        assert client.predict("show", "nothing") is None
        streamed = [event.data[0] for event in client.submit("steps") if event.kind == "output"]
    assert streamed[0] == "thinking" and isinstance(streamed[1], Image.Image)
    assert streamed[2] == {"done": True}


def _autoui(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "autoui", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd, env=env)  # fmt: skip


@pytest.mark.parametrize("how", ["run", "call"])
def test_the_terminal_draws_the_kind_it_got(how: str, url: str, tmp_path: Path) -> None:
    target = [str(NO_HINTS)] if how == "run" else [url]
    show = [*target, "show"] if how == "call" else [f"{NO_HINTS}:show"]
    picture = _autoui(how, *show, "--what", "picture", "--out-dir", "out", cwd=tmp_path)
    assert picture.returncode == 0, picture.stderr
    assert f"saved image: {tmp_path / 'out' / 'image.png'}" in picture.stdout
    table = _autoui(how, *show, "--what", "table", cwd=tmp_path)
    assert "┃ city    ┃ population ┃" in table.stdout and "│ Zürich  │     443037 │" in table.stdout
    as_json = _autoui(how, *show, "--what", "picture", "--json", "--out-dir", "j", cwd=tmp_path)
    [payload] = json.loads(as_json.stdout)["data"]
    assert payload["component"] == "image" and Path(payload["value"]["path"]).is_file()


JS_CLIENT = """
async (base) => {
  const { connect } = await import(base + "/api/client.js");
  const client = connect(base);
  const [picture] = await client.predict("show", { what: "picture" });
  const [text] = await client.predict("show", { what: "text" });
  return [picture.component, picture.traits.file, typeof picture.value.url, text];
}
"""


@pytest.mark.browser
def test_the_js_client_returns_the_payload_as_the_wire_has_it(page: Any, url: str) -> None:
    page.goto(url + "/health")  # any page of the server's origin
    picture, is_file, link, text = page.evaluate(JS_CLIENT, url)
    assert (picture, is_file, link) == ("image", True, "string")
    assert text["component"] == "textbox" and text["value"] == "hello"
