"""The servers the Gradio client tests share: one ``autoui serve`` per sample they call.

Started together (``spawn`` then ``wait_ready``) once per test session, stopped by PID.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from protocol_harness import FNS, PASSWORD, SAMPLES, USER
from serving import Server

# The clients must never phone home from a test machine.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

APPS = ("hello", "calculator", "sepia", "classifier", "counter", "progress_demo", "tokens")


@pytest.fixture(scope="session")
def gradio_markers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gradio-markers")


@pytest.fixture(scope="session")
def apps(gradio_markers: Path) -> Iterator[dict[str, str]]:
    """Sample name (and ``fns``; ``auth``: hello.py with ``--auth``; ``no_hints``) → its
    server's base URL."""
    servers = {name: Server(SAMPLES / f"{name}.py") for name in APPS}
    servers["fns"] = Server(FNS, env={"AUTOUI_TEST_MARKERS": str(gradio_markers)})
    servers["auth"] = Server(SAMPLES / "hello.py", "--auth", f"{USER}:{PASSWORD}")
    servers["no_hints"] = Server(SAMPLES.parent / "tests" / "fixtures" / "no_hints.py")
    try:
        for server in servers.values():
            server.spawn()
        for server in servers.values():
            server.wait_ready()
        yield {name: server.url for name, server in servers.items()}
    finally:
        for server in servers.values():
            server.stop()
