"""``autoui call URL FUNC --param value``: in-process (CliRunner) and as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from client_harness import CuttingProxy
from PIL import Image
from serving import free_port
from typer.testing import CliRunner

from autoui.cli import app


@pytest.fixture
def call(demo_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run ``autoui call <demo> ARGS`` in-process; returns the CliRunner result."""
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["call", demo_url, *args], catch_exceptions=False)

    os.chdir(tmp_path)  # default --out-dir lands in the test's folder
    return invoke


def test_plain_call_prints_the_result(call) -> None:  # type: ignore[no-untyped-def]
    result = call("echo", "--text", "hello there")
    assert result.exit_code == 0
    assert result.stdout.strip() == "hello there"


def test_streaming_shows_alerts_and_the_last_value(call) -> None:  # type: ignore[no-untyped-def]
    result = call("count", "--n", "3", "--delay", "0.01")
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert "ℹ counting" in lines and "⚠ done counting" in lines
    assert lines[-1] == "3"


def test_json_output(call) -> None:  # type: ignore[no-untyped-def]
    result = call("scores", "--text", "hello", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "data": [
            {
                "label": "long",
                "confidences": [
                    {"label": "long", "confidence": 0.8},
                    {"label": "short", "confidence": 0.2},
                ],
            }
        ]
    }


def test_files_are_uploaded_and_saved(call, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = tmp_path / "note.txt"
    doc.write_text("quiet")
    out = tmp_path / "outputs"
    result = call("shout", "--doc", str(doc), "--out-dir", str(out), "--json")
    assert result.exit_code == 0
    loud, size = json.loads(result.stdout)["data"]
    assert size == 5 and Path(loud["path"]).read_text() == "QUIET"
    assert Path(loud["path"]).is_relative_to(out)
    picture = tmp_path / "p.png"
    Image.new("RGB", (4, 2), (0, 0, 0)).save(picture)
    shown = call("invert", "--image", str(picture), "--out-dir", str(out))
    assert shown.exit_code == 0
    saved = Path(shown.stdout.split("saved image: ")[1].split(" (")[0])
    assert saved.is_relative_to(out) and Image.open(saved).getpixel((0, 0)) == (255, 255, 255)


def test_user_error_is_a_panel_and_exit_code_1(call) -> None:  # type: ignore[no-untyped-def]
    result = call("fail", "--reason", "no face found")
    assert result.exit_code == 1
    assert "no face found" in result.stdout
    as_json = call("fail", "--reason", "no face found", "--json")
    assert json.loads(as_json.stdout) == {
        "error": {"message": "no face found", "type": "Error", "param": None}
    }


def test_bad_values_name_the_option(call) -> None:  # type: ignore[no-untyped-def]
    result = call("next_day", "--day", "someday")
    assert result.exit_code == 2
    assert "--day: expected a date" in result.stderr
    assert call("next-day", "--day", "2024-02-28").stdout.strip() == "2024-02-29"


def test_missing_option_is_named(call) -> None:  # type: ignore[no-untyped-def]
    result = call("echo")
    assert result.exit_code == 2 and "missing required option --text" in result.stderr


def test_unknown_function_lists_the_functions(call) -> None:  # type: ignore[no-untyped-def]
    result = call("ecko", "--text", "x")
    assert result.exit_code == 2
    assert "no function 'ecko'" in result.stderr and "echo, count" in result.stderr


def test_function_help_lists_its_options(call) -> None:  # type: ignore[no-untyped-def]
    result = call("count", "--help")
    assert result.exit_code == 0
    assert "--n" in result.stdout and "--delay" in result.stdout and "--json" in result.stdout


def test_no_function_lists_them_as_the_answer(demo_url: str, tmp_path: Path) -> None:
    """``autoui call URL`` (a real process, no terminal): the list on stdout, exit 0."""
    command = [sys.executable, "-m", "autoui", "call", demo_url]
    listed = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert "has 11 functions" in listed.stdout and "2  count" in listed.stdout
    assert "Error" not in listed.stderr
    options = subprocess.run(
        [*command, "--n", "3"], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )  # options for a function not named: that one must be named
    assert options.returncode == 2 and "name the function to call" in options.stderr


def test_unreachable_server() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(app, ["call", url, "echo", "--text", "x"])
    assert result.exit_code == 1
    assert f"cannot reach an autoui server at {url}" in result.stderr


def test_auth_option(auth_url: str) -> None:
    runner = CliRunner()
    refused = runner.invoke(app, ["call", auth_url, "echo", "--text", "x"])
    assert refused.exit_code == 1 and "auth" in refused.stderr
    ok = runner.invoke(app, ["call", auth_url, "echo", "--text", "in", "--auth", "ada:lovelace"])
    assert ok.exit_code == 0 and ok.stdout.strip() == "in"
    before = runner.invoke(app, ["call", "--auth", "ada:lovelace", auth_url, "echo", "--text", "b"])
    assert before.stdout.strip() == "b"


def test_real_subprocess_through_an_interrupted_stream(demo_url: str, tmp_path: Path) -> None:
    """The installed command, live: the stream is cut mid-job and the call still ends well."""
    proxy = CuttingProxy(int(demo_url.rsplit(":", 1)[1]))
    try:
        command = [sys.executable, "-m", "autoui", "call", proxy.url, "count",
                   "--n", "6", "--delay", "0.15", "--json"]  # fmt: skip
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path
        )
        _wait_for_events_request(proxy)
        proxy.cut()
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        assert json.loads(out) == {"data": [6]}
        assert "counting" in err  # alerts go to stderr with --json
    finally:
        proxy.close()


def _wait_for_events_request(proxy: CuttingProxy) -> None:
    import time

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if any("/events" in request for request in proxy.requests):
            time.sleep(0.3)  # let a few events through first
            return
        time.sleep(0.05)
    raise AssertionError("autoui call never opened the event stream")
