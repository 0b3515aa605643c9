"""Functions run both ways (``autoui run`` here, ``autoui call`` on a server of this file)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Literal

import autoui


def order(dish: Literal["soup", "salad"], count: int = 1) -> str:
    """Order something.

    Args:
        dish: what to eat.
        count: how many.
    """
    return f"{count} x {dish}"


def refuse(reason: str) -> str:
    """Say no.

    Args:
        reason: why not.
    """
    raise autoui.Error(reason)


def reply(message: str, history: list[dict[str, str]]) -> str:
    """A chat: repeat how long the conversation was.

    Args:
        message: what the user said.
        history: the conversation so far.
    """
    return f"{message} after {len(history)} messages"


def stamp(text: str, version: Annotated[str, autoui.Textbox(interactive=False)] = "v2") -> str:
    """Stamp a text with a version the app fixes.

    Args:
        text: what to stamp.
        version: read-only.
    """
    return f"{version}: {text}"


def measure(values: list[float], counts: list[int] | None = None, words: list[str] = []) -> str:  # noqa: B006
    """Sum numbers typed as 1,2,3 (or JSON).

    Args:
        values: numbers to add up.
        counts: whole numbers, optional.
        words: words to join.
    """
    return f"{sum(values)} {sum(counts or [])} {'+'.join(words)}"


def note(text: str) -> Path:
    """Write a text to a file called note.txt.

    Args:
        text: what to write.
    """
    folder = Path(tempfile.mkdtemp())
    (folder / "note.txt").write_text(text)
    return folder / "note.txt"


def attach(message: autoui.Message) -> str:
    """Say what came with a message.

    Args:
        message: text, and files.
    """
    sizes = ", ".join(f"{path.name}:{path.stat().st_size}" for path in message.files)
    return f"{message.text} [{sizes}]"
