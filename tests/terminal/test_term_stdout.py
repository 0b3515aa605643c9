"""``--json`` and ``--in`` keep stdout for results: what the function prints goes to stderr.

Real processes (a pipe for stdout, as a script reading the JSON has), with the function
printing through ``print``, straight to fd 1 and from a child process, in this process's
threads and in a worker process.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from serving import default_sigint

HERE = Path(__file__).parent
TARGET = f"{HERE / 'fixtures_print.py'}:chatty"
PRINTED = ("loading the module", "print: working on", "fd 1: straight", "a child process")


def autoui(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "autoui", *args], capture_output=True, text=True, timeout=120,
        cwd=cwd, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip


@pytest.mark.parametrize("isolation", ["thread", "process"])
def test_json_is_alone_on_stdout(isolation: str, tmp_path: Path) -> None:
    done = autoui("run", TARGET, "--word", "hi", "--json", "--isolation", isolation, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"data": ["HI"]}  # nothing else on stdout
    for text in PRINTED:
        assert text in done.stderr, (text, done.stderr)


def test_rows_on_stdout_are_json_lines_alone(tmp_path: Path) -> None:
    (tmp_path / "rows.jsonl").write_text('{"word": "a"}\n{"word": "b"}\n')
    done = autoui("run", TARGET, "--in", "rows.jsonl", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines == [{"row": 0, "data": ["A"]}, {"row": 1, "data": ["B"]}]
    assert done.stderr.count("print: working on") == 2


def test_an_unknown_option_under_json_is_a_json_error(tmp_path: Path) -> None:
    done = autoui("run", TARGET, "--wrod", "hi", "--json", cwd=tmp_path)
    assert done.returncode == 2
    error = json.loads(done.stdout)["error"]
    assert error["type"] == "UsageError" and "No such option '--wrod'" in error["message"]
    assert "No such option '--wrod'" in done.stderr  # still said to the person, too
    without = autoui("run", TARGET, "--wrod", "hi", cwd=tmp_path)
    assert without.returncode == 2 and "{" not in without.stdout  # no JSON unless asked


def test_a_cancelled_stream_keeps_its_latest_value_in_the_json(tmp_path: Path) -> None:
    """Ctrl+C under ``--json``: the error says cancelled, ``data`` holds what had streamed."""
    ticks = f"{HERE / 'fixtures_term.py'}:ticks"
    env = {**os.environ, "AUTOUI_TEST_DIR": str(tmp_path)}
    with subprocess.Popen(
        [sys.executable, "-m", "autoui", "run", ticks, "--count", "100", "--delay", "0.2",
         "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        preexec_fn=default_sigint,
    ) as proc:  # fmt: skip
        log = tmp_path / "ticks.log"
        deadline = time.monotonic() + 60
        while "yielded 2" not in (log.read_text() if log.exists() else ""):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    body = json.loads(out)
    assert body["error"] == {"message": "cancelled", "type": "Cancelled", "param": None}
    assert re.fullmatch(r"tick \d+ of 100", body["data"][0])
