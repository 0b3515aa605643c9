"""S8 for the callers that send a whole file: ``--in rows.jsonl`` and an MCP tool call.

The same DTMF recording (keys 1 2 3) is streamed chunk by chunk by ``autoui run
samples/dtmf.py --audio FILE`` (a real process), then sent whole as a ``--in`` row (a
real process) and as a ``data:`` URL to the MCP tool (the official SDK's client, in
memory): all three must give the same digits. The blocking ``POST /api/{fn}`` and the
clients are compared with streaming in ``tests/server/test_live_stream.py`` and
``tests/client/test_client_stream.py``.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autoui.components.wav import write_wav

ROOT = Path(__file__).resolve().parents[2]
DTMF = ROOT / "samples" / "dtmf.py"
RATE = 8000
KEYS = {"1": (697, 1209), "2": (697, 1336), "3": (697, 1477)}
TIMEOUT = 90


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Silence, the keys 1 2 3 (150 ms each, 150 ms apart), silence: 8 kHz WAV."""

    def key(digit: str) -> np.ndarray:
        t = np.arange(int(0.15 * RATE)) / RATE
        low, high = KEYS[digit]
        return (np.sin(2 * np.pi * low * t) + np.sin(2 * np.pi * high * t)) * 8000

    gap = np.zeros(int(0.15 * RATE))
    parts = [gap, *(p for d in "123" for p in (key(d), gap)), gap]
    path = tmp_path_factory.mktemp("dtmf") / "keys.wav"
    path.write_bytes(write_wav(RATE, np.concatenate(parts).astype(np.int16)))
    return path


def autoui_run(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "autoui", "run", str(DTMF), *args],
        capture_output=True, text=True, timeout=TIMEOUT, cwd=cwd,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def streamed(recording: Path) -> str:
    """What streaming the file chunk by chunk gives (``autoui run --audio FILE``)."""
    [digits] = json.loads(autoui_run("--audio", str(recording), "--json", cwd=recording.parent))[
        "data"
    ]
    assert digits == "1 2 3"
    return str(digits)


def test_a_row_of_rows_jsonl_gives_what_streaming_gives(
    recording: Path, streamed: str, tmp_path: Path
) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"audio": str(recording)}) + "\n")
    results = tmp_path / "results.jsonl"
    autoui_run("--in", str(rows), "--out", str(results), cwd=tmp_path)
    [row] = [json.loads(line) for line in results.read_text().splitlines()]
    assert row == {"row": 0, "data": [streamed]}


async def test_an_mcp_tool_call_with_the_file_gives_what_streaming_gives(
    recording: Path, streamed: str, tmp_path: Path
) -> None:
    mcp = pytest.importorskip("mcp")
    from autoui.introspect import load_app
    from autoui.protocols.mcp.server import build_mcp_server
    from autoui.server.settings import ServerSettings
    from autoui.server.state import ServerState

    state = ServerState(load_app(str(DTMF)), ServerSettings(root_path=tmp_path))
    url = "data:audio/wav;base64," + base64.b64encode(recording.read_bytes()).decode()
    try:
        async with mcp.Client(build_mcp_server(state), raise_exceptions=True) as client:
            result = await client.call_tool("dtmf", {"audio": url})
    finally:
        await state.aclose()
    assert not result.is_error, result.content
    assert result.structured_content == {"output": streamed}
