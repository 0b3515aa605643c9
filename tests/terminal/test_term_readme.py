"""The README's "Terminal" captures are re-run and must still match, line for line.

Only commands whose output does not depend on timing or a keyboard are checked here
(prompts, progress bars, streaming and Ctrl+C are checked in a real pty by
``test_term_pty.py``).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from autoui.cli import app

ROOT = Path(__file__).parents[2]
CHECKED = {
    "autoui run samples/hello.py --help",
    "autoui run samples/hello.py --name Ada --excited",
    "autoui run samples/calculator.py --a 1 --op ÷ --b zero",
    "autoui run samples/classifier.py --image sky.png",
    "autoui run samples/alerts.py --password abc",
    "autoui run samples/alerts.py --password ''",
    "autoui run samples/batch.py --in rows.jsonl --out results.jsonl",
    "cat results.jsonl",
}
SECONDS = re.compile(r"\(\d+\.\d+s\)")


def captures() -> list[tuple[str, list[str]]]:
    """``(command, output lines)`` for every ``$ command`` in the Terminal section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## Terminal\n") :]
    section = section[: section.index("\n## ", 1)]
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```text\n(.*?)```", section, re.DOTALL):
        for chunk in block.split("$ ")[1:]:
            command, *output = chunk.rstrip("\n").split("\n")
            found.append((command, output))
    return found


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    from PIL import Image

    (tmp_path / "samples").symlink_to(ROOT / "samples")
    Image.new("RGB", (40, 30), (20, 60, 200)).save(tmp_path / "sky.png")
    rows = ['{"texts": "hello"}', '{"texts": "world"}', '{"texts": 42}']
    (tmp_path / "rows.jsonl").write_text("\n".join(rows) + "\n")
    return tmp_path


def test_every_checked_command_is_in_the_readme() -> None:
    assert CHECKED <= {command for command, _ in captures()}


def run(args: list[str], cwd: Path) -> str:
    """The command as a user runs it: the console script, in an 80-column terminal.

    (In-process, click would lay help out for 80 columns instead of an 80-column
    terminal's 78, so ``--help`` runs for real; the rest runs in-process, faster.)
    """
    if "--help" not in args:
        old = Path.cwd()
        os.chdir(cwd)
        try:
            return CliRunner().invoke(app, args[1:], env={"COLUMNS": "80"}).output
        finally:
            os.chdir(old)
    script = Path(sys.executable).with_name(args[0])
    env = {**os.environ, "COLUMNS": "80", "LINES": "40"}
    done = subprocess.run(
        [str(script), *args[1:]], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    return done.stdout + done.stderr


def test_readme_captures_match_what_autoui_run_prints(workdir: Path) -> None:
    for command, expected in captures():
        if command not in CHECKED:
            continue
        args = shlex.split(command)
        if args[0] == "cat":
            output = (workdir / args[1]).read_text(encoding="utf-8")
        else:
            output = run(args, workdir)
        lines = [SECONDS.sub("(…s)", line.rstrip()) for line in output.splitlines()]
        assert lines == [SECONDS.sub("(…s)", line) for line in expected], command
