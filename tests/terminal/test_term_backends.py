"""``autoui run`` and ``autoui call`` are one session over two backends: same in, same out.

Each case runs the same command line both ways — against this machine's copy of a
module and against a real server of the same module — and compares what a user sees:
the exit code, stdout (``--json``) and the gist of stderr. They used to differ six ways.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serving import Server
from typer.testing import CliRunner

from autoui.cli import app

FIXTURE = Path(__file__).with_name("fixtures_same.py")


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with Server(FIXTURE) as server:
        yield server.url


def both(url: str, function: str | None, *args: str) -> tuple[Any, Any]:
    """The same call through ``run`` (local) and ``call`` (remote)."""
    runner = CliRunner()
    target = f"{FIXTURE}:{function}" if function else str(FIXTURE)
    local = runner.invoke(app, ["run", target, *args])
    remote = runner.invoke(app, ["call", url, *([function] if function else []), *args])
    return local, remote


CASES = {
    "done": ("order", "--dish", "soup", "--count", "2", "--json"),
    "bad value": ("order", "--dish", "soup", "--count", "two", "--json"),
    "bad choice": ("order", "--dish", "steak"),
    "missing": ("order",),
    "the function refused": ("refuse", "--reason", "closed", "--json"),
    "chat starts empty": ("reply", "--message", "hi", "--json"),
    "read-only input": ("stamp", "--text", "x", "--json"),
    "read-only input given": ("stamp", "--text", "x", "--version", "v9"),
    "lists typed 1,2,3": ("measure", "--values", "1,2.5, 3", "--counts", "4,5", "--words",
                          "a, b", "--json"),  # fmt: skip
    "lists as JSON": ("measure", "--values", "[1, 2]", "--words", '["x,y"]', "--json"),
    "a list item that does not fit": ("measure", "--values", "1,2", "--counts", "1,x", "--json"),
    "an unknown option under --json": ("order", "--dish", "soup", "--zzz", "1", "--json"),
    "message with a file": (
        "attach", "--message", json.dumps({"text": "see", "files": [str(FIXTURE)]}), "--json"
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_run_and_call_end_the_same_way(url: str, case: str) -> None:
    function, *args = CASES[case]
    local, remote = both(url, function, *args)
    assert local.exit_code == remote.exit_code, (local.output, remote.output)
    assert local.stdout == remote.stdout
    assert _first_error_line(local.stderr) == _first_error_line(remote.stderr)


def _first_error_line(stderr: str) -> str:
    """The error itself (click's spelling hints list each command's own options)."""
    line = next((line for line in stderr.splitlines() if line.startswith("Error:")), "")
    return line.split(". (Did you mean")[0].split(". Did you mean")[0]


def test_the_outcomes_are_the_documented_ones(url: str) -> None:
    local, _ = both(url, *CASES["done"])
    assert json.loads(local.stdout) == {"data": ["2 x soup"]}
    bad, _ = both(url, *CASES["bad value"])
    assert bad.exit_code == 2
    message = json.loads(bad.stdout)["error"]["message"]
    assert message == "--count: expected a whole number, got 'two'"
    missing, _ = both(url, *CASES["missing"])
    assert missing.exit_code == 2 and "missing required option --dish" in missing.stderr
    refused, _ = both(url, *CASES["the function refused"])
    assert refused.exit_code == 1
    error = json.loads(refused.stdout)["error"]
    assert error == {"message": "closed", "type": "Error", "param": None}
    chat, _ = both(url, *CASES["chat starts empty"])
    assert json.loads(chat.stdout) == {"data": ["hi after 0 messages"]}
    attached, _ = both(url, *CASES["message with a file"])
    size = FIXTURE.stat().st_size
    assert json.loads(attached.stdout) == {"data": [f"see [fixtures_same.py:{size}]"]}
    fixed, _ = both(url, *CASES["read-only input"])
    assert json.loads(fixed.stdout) == {"data": ["v2: x"]}
    changed, _ = both(url, *CASES["read-only input given"])
    assert changed.exit_code == 2 and "No such option" in changed.stderr  # not offered
    typed, _ = both(url, *CASES["lists typed 1,2,3"])
    assert json.loads(typed.stdout) == {"data": ["6.5 9 a+b"]}
    as_json, _ = both(url, *CASES["lists as JSON"])
    assert json.loads(as_json.stdout) == {"data": ["3.0 0 x,y"]}
    unknown, _ = both(url, *CASES["an unknown option under --json"])
    assert unknown.exit_code == 2
    assert json.loads(unknown.stdout)["error"]["type"] == "UsageError"
    bad, _ = both(url, *CASES["a list item that does not fit"])
    assert bad.exit_code == 2
    assert json.loads(bad.stdout)["error"]["message"] == (
        "--counts: expected a whole number for each item, got 'x'"
    )


def test_without_a_function_both_list_them(url: str) -> None:
    local, remote = both(url, None)
    assert local.exit_code == remote.exit_code == 0  # the list is the answer
    for result in (local, remote):
        assert "has 7 functions" in result.stdout and "Error" not in result.stderr
        assert "order" in result.stdout and "refuse" in result.stdout and "reply" in result.stdout
    local, remote = both(url, None, "--dish", "soup")  # options, but for which function?
    assert local.exit_code == remote.exit_code == 2
    for result in (local, remote):
        assert "has 7 functions" in result.stderr and "name the function to call" in result.stderr


def test_a_list_of_numbers_is_typed_as_in_a_shell() -> None:
    """``--values 1,2.5,3`` in a real process, and ``--help`` says so."""
    command = [sys.executable, "-m", "autoui", "run", f"{FIXTURE}:measure"]
    done = subprocess.run([*command, "--values", "1,2.5,3"], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "COLUMNS": "120"})  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "6.5 0"
    shown = subprocess.run([*command, "--help"], capture_output=True, text=True, timeout=60,
                           env={**os.environ, "COLUMNS": "120"}).stdout  # fmt: skip
    assert "--values NUMBER,..." in shown and "--counts INTEGER,..." in shown
    assert "(comma-separated, or a JSON list)" in shown


def test_both_save_output_files_in_one_layout(url: str, tmp_path: Path) -> None:
    """``--out-dir/<name>``, then ``<stem>-1<ext>``...: never overwritten, no id folders.

    Run and call share the folder here, so each takes the next free name.
    """
    names = iter(["note.txt", "note-1.txt", "note-2.txt", "note-3.txt"])
    for attempt in range(2):
        results = both(url, "note", "--text", f"take {attempt}", "--out-dir", str(tmp_path))
        for result in results:
            assert result.exit_code == 0, result.output
            saved = tmp_path / next(names)
            assert saved.read_text() == f"take {attempt}"
            assert result.stdout.startswith(f"saved file: {saved} (text/plain")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "note-1.txt", "note-2.txt", "note-3.txt", "note.txt"
    ]  # fmt: skip
