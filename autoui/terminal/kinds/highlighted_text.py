"""Highlighted text: each labelled span in its label's colour, with the label after it."""

from __future__ import annotations

from typing import Any

from rich.color import Color, ColorParseError
from rich.console import Group, RenderableType
from rich.text import Text

from autoui.terminal.render import OpenFile
from autoui.wire import WireParam

__all__ = ["render"]

PALETTE = ("cyan", "magenta", "green", "yellow", "blue", "bright_red", "bright_cyan")


def render(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    spans = [s for s in payload if isinstance(s, dict)] if isinstance(payload, list) else []
    labels = list(dict.fromkeys(str(s["label"]) for s in spans if s.get("label") is not None))
    colours = _colours(labels, output.props.get("color_map") or {})
    text = Text()
    for span in spans:
        label = span.get("label")
        if label is None:
            text.append(str(span.get("text", "")))
            continue
        colour = colours[str(label)]
        text.append(str(span.get("text", "")), style=f"bold {colour}")
        text.append(f"[{label}]", style=f"dim {colour}")
    if not output.props.get("show_legend", True) or not labels:
        return text
    legend = Text(style="dim")
    for index, label in enumerate(labels):
        legend.append(("  " if index else "") + "■ ", style=colours[label])
        legend.append(label)
    return Group(text, legend)


def _colours(labels: list[str], color_map: dict[str, Any]) -> dict[str, str]:
    """The app's colour for a label when the terminal can show it, else one of the palette."""
    chosen: dict[str, str] = {}
    for index, label in enumerate(labels):
        wanted = str(color_map.get(label, ""))
        try:
            Color.parse(wanted)
        except ColorParseError:
            wanted = PALETTE[index % len(PALETTE)]
        chosen[label] = wanted
    return chosen
