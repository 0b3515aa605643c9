"""M9: ``autoui mcp TARGET`` as a subprocess, driven by the official SDK's stdio client.

stdout carries only JSON-RPC (a function's ``print()`` goes to stderr), file arguments
may be local paths under ``--allow-dir`` and nowhere else, and URLs are never fetched.
"""

from __future__ import annotations

import base64
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from protocol_harness import FNS

mcp = pytest.importorskip("mcp")
from mcp.client.stdio import stdio_client  # noqa: E402

pytestmark = pytest.mark.timeout(120)
REPO = Path(__file__).resolve().parents[3]
PIXEL = (  # a 1×1 PNG
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4"
    "nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)


def _params(*args: str) -> Any:
    env = {"PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if name in os.environ:
            env[name] = os.environ[name]
    return mcp.StdioServerParameters(
        command=sys.executable, args=["-m", "autoui", "mcp", str(FNS), *args], env=env
    )


async def test_stdio_tools_paths_and_a_printing_function(tmp_path: Path) -> None:
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (allowed / "notes.txt").write_bytes(b"0123456789")
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"secret")
    (allowed / "link.txt").symlink_to(outside)
    errlog = (tmp_path / "stderr.txt").open("w")
    transport = stdio_client(_params("--allow-dir", str(allowed)), errlog=errlog)
    async with mcp.Client(transport) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        forms = tools["file_size"].input_schema["properties"]["document"]["anyOf"]
        assert {
            "type": "object",
            "properties": {"path": forms[-1]["properties"]["path"]},
            "required": ["path"],
            "additionalProperties": False,
        } in forms

        echoed = await client.call_tool("chatty", {"text": "still JSON-RPC"})
        assert echoed.content[0].text == "still JSON-RPC"

        by_path = await client.call_tool(
            "file_size", {"document": {"path": str(allowed / "notes.txt")}}
        )
        assert by_path.structured_content == {"output": 10}
        as_text = await client.call_tool("file_size", {"document": str(allowed / "notes.txt")})
        assert as_text.structured_content == {"output": 10}
        data_url = "data:text/plain;base64," + base64.b64encode(b"abc").decode()
        assert (await client.call_tool("file_size", {"document": data_url})).structured_content == {
            "output": 3
        }
        for bad in (
            {"path": "/etc/passwd"},
            {"path": str(allowed / ".." / "outside.txt")},
            {"path": str(allowed / "link.txt")},
            "http://127.0.0.1:9/x",
        ):
            refused = await client.call_tool("file_size", {"document": bad})
            assert refused.is_error and refused.content[0].text.startswith("document: "), bad
    errlog.close()
    assert "noise from a user function" in (tmp_path / "stderr.txt").read_text()


async def test_stdio_without_allow_dir_takes_no_paths(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"abc")
    async with mcp.Client(_params()) as client:
        refused = await client.call_tool(
            "file_size", {"document": {"path": str(tmp_path / "a.txt")}}
        )
        assert refused.is_error and "--allow-dir" in refused.content[0].text
        image = await client.call_tool("invert", {"image": PIXEL})
        assert [block.type for block in image.content] == ["image"]
