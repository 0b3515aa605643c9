"""What the protocol tests share (MCP and the Gradio clients): the served functions, a wait."""

from __future__ import annotations

import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FNS = HERE / "fns_protocols.py"
SAMPLES = HERE.parent.parent / "samples"
USER, PASSWORD = "ada", "lovelace"  # the --auth of the servers that ask for it


def wait_for(path: Path, seconds: float = 10.0) -> bool:
    """Whether ``path`` exists within ``seconds`` (polled, bounded)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists():
            return True
        time.sleep(0.05)
    return False
