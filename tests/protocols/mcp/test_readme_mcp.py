"""The README's MCP section: its client configs are valid JSON naming real commands."""

from __future__ import annotations

import json
import re
from pathlib import Path

import typer.main

from autoui.cli import app

ROOT = Path(__file__).resolve().parents[3]


def _section() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme.split("## MCP: tools for LLM agents", 1)[1].split("\n## ", 1)[0]


def test_the_client_configs_parse_and_name_real_commands() -> None:
    configs = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", _section(), re.S)]
    servers = [server for config in configs for server in config["mcpServers"].values()]
    stdio = next(server for server in servers if "command" in server)
    assert stdio["command"] == "autoui" and stdio["args"][0] == "mcp"
    mcp_command = typer.main.get_command(app).commands["mcp"]  # type: ignore[attr-defined]
    options = {opt for param in mcp_command.params for opt in param.opts}
    assert {arg for arg in stdio["args"] if arg.startswith("--")} <= options
    http = next(server for server in servers if "url" in server)
    assert http["url"].endswith("/mcp")


def test_the_commands_shown_exist() -> None:
    commands = re.findall(r"^autoui (\w+) .*?(--[a-z-]+)", _section(), re.M)
    cli = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    for name, option in commands:
        assert option in {opt for param in cli[name].params for opt in param.opts}
