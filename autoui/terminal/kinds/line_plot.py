"""A line plot: a braille line per series (see :mod:`autoui.terminal.chart`)."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType

from autoui.terminal.chart import chart_renderable
from autoui.terminal.render import OpenFile
from autoui.wire import WireParam

__all__ = ["render"]


def render(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    return chart_renderable("line", output.props, payload)
