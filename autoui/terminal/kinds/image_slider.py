"""An image slider: the before and after images side by side, each saved."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from autoui.terminal.render import OpenFile, Preview, saved
from autoui.wire import WireParam

__all__ = ["render"]


def render(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    if not isinstance(payload, list) or len(payload) != 2:
        return Text(str(payload))
    labels = [str(label) for label in output.props.get("labels") or ("Before", "After")]
    grid = Table.grid(padding=(0, 2))
    lines = []
    previews: list[RenderableType] = []
    for label, item in zip(labels, payload, strict=False):
        line, path = saved(item, open_file, label.lower())
        lines.append(line)
        side: list[RenderableType] = [Text(label, style="bold")]
        if path is not None:
            side.append(Preview(path, max_width=48))
        previews.append(Group(*side))
    grid.add_row(*previews)
    return Group(grid, *lines)
