"""``autoui export URL``: the spec of a running server, and that server as the API."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from serving import free_port
from typer.testing import CliRunner

from autoui.cli import app


def test_export_a_running_server(demo_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", demo_url, "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    spec = json.loads((tmp_path / "site" / "spec.json").read_text())
    assert spec == httpx.get(demo_url + "/api/spec").json()
    page = (tmp_path / "site" / "index.html").read_text()
    assert f'"apiUrl": "{demo_url}/"' in page


def test_export_an_unreachable_server_fails_cleanly(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(app, ["export", url, "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "cannot reach an autoui server" in result.stderr and "Traceback" not in result.output
