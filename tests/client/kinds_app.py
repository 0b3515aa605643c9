"""One function per kind added through the kinds path, for the client over a real server."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from PIL import Image, ImageOps

import autoui


def spans(text: str) -> list[tuple[str, str | None]]:
    """Label the first word."""
    first, _, rest = text.partition(" ")
    return [(first, "FIRST"), (" " + rest, None)] if rest else [(first, "FIRST")]


def compare(
    picture: Image.Image,
) -> Annotated[tuple[Image.Image, Image.Image], autoui.ImageSlider()]:
    """The picture and its negative."""
    return picture, ImageOps.invert(picture.convert("RGB"))


def describe(message: autoui.Message) -> str:
    """What came with the message."""
    names = ", ".join(f"{p.name}:{p.stat().st_size}" for p in message.files)
    return f"{message.text} [{names}]"


def files_out(count: int = 2) -> Annotated[list[Path], autoui.Download()]:
    """Write some files."""
    folder = Path(tempfile.mkdtemp(prefix="kinds-"))
    paths = [folder / f"part-{i}.txt" for i in range(count)]
    for i, path in enumerate(paths):
        path.write_text("x" * (i + 1))
    return paths
