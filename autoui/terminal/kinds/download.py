"""Download buttons, in a terminal: each file saved, with its name and size."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from autoui.terminal.render import OpenFile, saved
from autoui.wire import WireParam

__all__ = ["render"]


def render(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    items = payload if isinstance(payload, list) else [payload]
    lines: list[RenderableType] = []
    for item in items:
        if isinstance(item, dict):
            line, _ = saved(item, open_file, "download")
            shown = Text("⬇ ", style="bold green")
            shown.append_text(line)
            shown.no_wrap, shown.overflow = True, "ignore"  # the path stays whole, to copy
            lines.append(shown)
    return Group(*lines) if lines else Text("(no files)", style="dim")
