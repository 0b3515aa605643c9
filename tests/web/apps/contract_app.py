"""Functions whose annotations do not spell out what the page must know about their kinds."""

from __future__ import annotations

from typing import Annotated

import autoui


class Count(int):
    """A whole number under another name: only the ``integer`` prop says it is one."""


def tally(count: Count = Count(3), share: float = 0.5) -> str:
    """Repeat a share.

    Args:
        count: how many times.
        share: how much each time.
    """
    return f"{count * share:g}"


def note(
    text: Annotated[str, autoui.Textbox(max_lines=4)],
    stamp: Annotated[str, autoui.Textbox(interactive=False)] = "v1",
) -> str:
    """Stamp a note.

    Args:
        text: the note; the box grows with it.
        stamp: fixed by the app.
    """
    return f"{stamp}: {text}"
