"""Live-input functions for the terminal tests (``autoui run`` / ``autoui call`` fed live).

Side effects go to files named by the environment (``AUTOUI_TEST_DIR``), so a test
driving the terminal in a subprocess can check what happened inside the function.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import autoui


def _note(name: str, text: str) -> None:
    folder = os.environ.get("AUTOUI_TEST_DIR")
    if folder:
        with open(Path(folder) / name, "a", encoding="utf-8") as out:
            out.write(text + "\n")


def span(audio: Iterator[autoui.Audio]) -> str:
    """How long the live input lasted, in seconds of wall time.

    Measured from the first chunk's start to the end of the input: the first item may
    hold several chunks (the function started after the first were sent), so its own
    length, less one chunk, is added back.
    """
    first = end = 0.0
    head = 0.0
    for rate, pcm in audio:
        if not first:
            first, head = time.monotonic(), len(pcm) / rate
    end = time.monotonic()
    return f"{end - first + head - 0.1:.2f} s"


def listen(audio: Iterator[autoui.Audio]) -> Iterator[str]:
    """Count what it hears; once the input ends, a long wrap-up (which a cancel stops)."""
    heard = 0
    try:
        for rate, pcm in audio:
            heard += len(pcm)
            yield f"heard {heard / rate:.1f} s"
        _note("listen.log", "input ended")
        for step in range(600):
            yield f"summarising {step}"
            time.sleep(0.1)
        yield "done"
    finally:
        _note("listen.log", "finally")
