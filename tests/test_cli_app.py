"""``autoui COMMAND --help`` reads like the README: click's metavars, never Typer's types."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

TYPER_SPELLINGS = re.compile(r"<(str|int|float|path|bool|list\[[^\]]*\]|[a-z ]+ range)>|\{[A-Z]+\}")


@pytest.mark.parametrize("command", ["serve", "inspect", "export", "worker", "mcp"])
def test_help_names_values_the_way_click_does(command: str) -> None:
    env = {**os.environ, "COLUMNS": "120"}
    shown = subprocess.run(
        [sys.executable, "-m", "autoui", command, "--help"],
        capture_output=True, text=True, env=env, timeout=60, check=True,
    ).stdout  # fmt: skip
    assert TYPER_SPELLINGS.search(shown) is None, shown
    assert f"autoui {command} [OPTIONS] TARGET\n" in shown
    assert re.search(r"^  TARGET  ", shown, re.MULTILINE), shown  # the argument, plainly
    if command == "serve":  # the README's spellings
        for option in ("--port INTEGER", "--concurrency N|none", "--auth USER:PASSWORD",
                       "--batch-wait MS", "--isolation MODE", "--css PATH"):  # fmt: skip
            assert option in shown, option
