"""The README's "Scaling out" section and ``deploy/`` name only options that exist."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from autoui.cli import app

ROOT = Path(__file__).resolve().parents[2]


def _options(command: str) -> set[str]:
    cli = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    return {opt for param in cli.params for opt in param.opts} | {"--help"}


def _section() -> str:
    readme = (ROOT / "README.md").read_text()
    heading = "## Scaling out: Redis, stateless front-ends and `autoui worker`"
    return readme.split(heading, 1)[1].split("\n## ", 1)[0]


def test_every_option_the_section_names_exists() -> None:
    section = "\n".join(line for line in _section().splitlines() if "redis-server" not in line)
    named = set(re.findall(r"(--[a-z][a-z-]+)", section))
    assert {"--broker", "--workers", "--file-store", "--reclaim-idle"} <= named
    unknown = named - _options("serve") - _options("worker")
    assert not unknown, f"README names options autoui lacks: {unknown}"


def test_every_table_row_says_where_its_option_applies() -> None:
    rows = [line for line in _section().splitlines() if line.startswith("| `--")]
    for row in rows:
        where = row.split("|")[2]
        for option in re.findall(r"(--[a-z][a-z-]+)", row.split("|")[1]):
            for command in ("serve", "worker"):
                if command in where:
                    assert option in _options(command), f"{option} is not an option of {command}"


def test_the_compose_file_runs_real_commands() -> None:
    compose = (ROOT / "deploy" / "docker-compose.yml").read_text()
    commands = re.findall(r"command: >\n((?:      .+\n)+)", compose)
    assert len(commands) == 2
    for text in commands:
        words = text.split()
        assert words[:2] in (["autoui", "serve"], ["autoui", "worker"])
        unknown = {w for w in words if w.startswith("--")} - _options(words[1])
        assert not unknown, f"{words[1]} has no {unknown}"
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "proxy_buffering off" in nginx and "frontend-2:7860" in nginx
