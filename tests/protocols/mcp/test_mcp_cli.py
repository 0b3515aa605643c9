"""M11 and the missing extra: MCP costs nothing when it is off, and says what to install."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from protocol_harness import FNS
from typer.testing import CliRunner

import autoui.protocols.mcp as mcp_package
from autoui.cli import app

REPO = Path(__file__).resolve().parents[3]


def test_serving_without_mcp_never_imports_it() -> None:
    code = f"""
import json, sys
from autoui.cli.serve_cmd import build_app
build_app({{"target": {str(FNS)!r}, "host": "127.0.0.1", "max_file_size": 1000}})
print(json.dumps(sorted(n for n in sys.modules if n == "mcp" or n.startswith("mcp."))))
"""
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.splitlines()[-1]) == []


@pytest.mark.parametrize("args", [["mcp", str(FNS)], ["serve", str(FNS), "--mcp"]])
def test_without_the_extra_one_line_says_what_to_install(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mcp_package, "mcp_available", lambda: False)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "error: MCP needs the official mcp package: pip install 'autoui[mcp]'"
    ]


def test_allow_dir_must_exist(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["mcp", str(FNS), "--allow-dir", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "no such directory" in result.output
