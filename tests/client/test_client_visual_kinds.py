"""autoui.Client against a real ``autoui serve``: annotated images, sketches, charts and 3D
models come back as natural values, and a sketch goes in as a picture or a Sketch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from serving import Server
from typer.testing import CliRunner, Result

from autoui import Client
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


def test_a_chart_comes_back_as_its_table(client: Client) -> None:
    table = client.predict("points")
    expected = pd.DataFrame({"x": [0, 3, 10], "y": [0, 7, 10], "kind": ["a", "a", "b"]})
    pd.testing.assert_frame_equal(table, expected)


# -- autoui call: the terminal over the same server ----------------------------------------
def call(server: Server, *args: str) -> Result:
    return CliRunner().invoke(app, ["call", server.url, *args], catch_exceptions=False)


def test_call_prints_a_chart(server: Server) -> None:
    chart = call(server, "fruit")
    assert chart.exit_code == 0 and "apple" in chart.stdout and "█" in chart.stdout
