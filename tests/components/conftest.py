"""Fixtures for component tests: file payloads in the shared `files` (tests/conftest.py)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from autoui.localfiles import LocalFiles


@pytest.fixture
def upload(files: LocalFiles, tmp_path: Path) -> Callable[[bytes, str], dict[str, Any]]:
    """Put bytes in a local file and return its ``{"id": ...}`` input payload."""
    counter = iter(range(10_000))

    def make(data: bytes, name: str = "file.bin") -> dict[str, Any]:
        folder = tmp_path / "uploads" / str(next(counter))
        folder.mkdir(parents=True)
        path = folder / name
        path.write_bytes(data)
        return {"id": files.add(path)["id"]}

    return make


def png_bytes(
    width: int = 4, height: int = 3, mode: str = "RGB", color: Any = (255, 0, 0)
) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new(mode, (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()
