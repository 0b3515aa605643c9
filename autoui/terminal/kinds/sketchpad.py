"""A sketchpad in the terminal: an image file in (the background, nothing drawn on it);
out, a preview of the strokes over their background, and both files saved."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from autoui.terminal.filevalues import file_payload
from autoui.terminal.render import OpenFile, saved
from autoui.wire import WireParam

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["METAVAR", "convert", "render"]

METAVAR = "IMAGE"


def convert(param: WireParam, raw: Any) -> Any:
    """An image file's path (``-``: standard input): the background, nothing drawn on it."""
    return file_payload(raw)


class _Composite:
    """The strokes over their background, previewed (nothing when there are no colours)."""

    def __init__(self, background: Path, layer: Path | None) -> None:
        self.background, self.layer = background, layer

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if console.no_color or console.color_system is None or not console.is_terminal:
            return
        from PIL import Image

        from autoui.components.sketch import compose
        from autoui.terminal.halfblock import HalfBlockImage

        try:  # a preview is a bonus; the saved files are the result
            with Image.open(self.background) as background:
                layer = Image.open(self.layer) if self.layer is not None else None
                _, composite, _ = compose(background, layer)
            yield from console.render(HalfBlockImage(composite, max_width=100), options)
        except Exception as exc:  # noqa: BLE001
            yield Text(f"(no preview: {exc})", style="dim")


def render(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    lone_file = not isinstance(payload, dict) or "id" in payload
    parts = {"background": payload} if lone_file else payload
    if not isinstance(parts.get("background"), dict):
        return Text(str(payload))
    line, background = saved(parts["background"], open_file, "background")
    lines = [line]
    layer = None
    if isinstance(parts.get("layer"), dict):
        layer_line, layer = saved(parts["layer"], open_file, "strokes")
        lines.append(layer_line)
    shown: list[RenderableType] = [_Composite(background, layer)] if background else []
    return Group(*shown, *lines)
