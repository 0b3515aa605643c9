"""Functions the file tests serve: file inputs and outputs, and JSON that might hide a path."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image


def _called(name: str) -> None:
    (Path(os.environ.get("AUTOUI_TEST_MARKERS", ".")) / f"{name}.called").write_text("called")


def measure(document: Path) -> str:
    """Name and size of an uploaded file."""
    _called("measure")
    return f"{document.name}:{document.stat().st_size}:{document.read_bytes()[:20]!r}"


def settings(config: dict[str, Any]) -> str:
    """Takes plain JSON: a file reference hidden in it must never get through."""
    _called("settings")
    return str(sorted(config))


def write_report(text: str) -> Path:
    """Returns a file the function wrote itself."""
    handle, name = tempfile.mkstemp(suffix=".txt")
    os.close(handle)
    Path(name).write_text(f"report: {text}")
    return Path(name)


def make_page(text: str) -> bytes:
    """Returns HTML bytes as a file: it must be served as a download."""
    return f"<html><script>alert(1)</script>{text}</html>".encode()


def red_square(size: int = 4) -> Image.Image:
    """Returns an image."""
    return Image.new("RGB", (size, size), (255, 0, 0))
