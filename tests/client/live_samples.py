"""The three live samples in one app (and one function without a live input), for the
client stream tests: one server."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "samples"))

from dtmf import dtmf  # noqa: E402
from tuner import tuner  # noqa: E402
from webcam_filter import webcam_filter  # noqa: E402

__all__ = ["dtmf", "echo", "tuner", "webcam_filter"]


def echo(text: str) -> str:
    """No live input: ``stream`` refuses it."""
    return text
