"""An annotated image: a preview with its boxes and masks drawn in, a legend, the file saved."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.style import Style
from rich.table import Table
from rich.text import Text

from autoui.terminal.render import OpenFile, saved
from autoui.wire import WireParam

if TYPE_CHECKING:
    from pathlib import Path

    from PIL.Image import Image

__all__ = ["draw_regions", "legend", "render"]

_DEFAULT = "#4e79a7"
MASK_OPACITY = 0.5


def draw_regions(image: Image, payload: dict[str, Any], open_file: OpenFile) -> Image:
    """The image with each mask tinted and each box outlined in its label's colour."""
    from PIL import Image as PILImage
    from PIL import ImageColor, ImageDraw

    base = image.convert("RGBA")
    colors = payload.get("colors") or {}
    items = [i for i in payload.get("annotations") or [] if isinstance(i, dict)]
    for item in items:  # masks under boxes
        if isinstance(item.get("mask"), dict):
            rgb = ImageColor.getrgb(colors.get(item.get("label"), _DEFAULT))[:3]
            with PILImage.open(open_file(item["mask"])) as mask:
                alpha = mask.convert("L").resize(base.size).point(lambda v: int(v * MASK_OPACITY))
            tint = PILImage.new("RGBA", base.size, (*rgb, 0))
            tint.putalpha(alpha)
            base = PILImage.alpha_composite(base, tint)
    draw = ImageDraw.Draw(base)
    width = max(2, round(max(base.size) / 100))  # still a line once shrunk to the terminal
    for item in items:
        if isinstance(item.get("box"), list) and len(item["box"]) == 4:
            rgb = ImageColor.getrgb(colors.get(item.get("label"), _DEFAULT))[:3]
            draw.rectangle([float(v) for v in item["box"]], outline=(*rgb, 255), width=width)
    return base


class _AnnotatedPreview:
    """The drawn-in preview, or nothing when the console cannot show colours."""

    def __init__(self, path: Path, payload: dict[str, Any], open_file: OpenFile) -> None:
        self.path, self.payload, self.open_file = path, payload, open_file

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if console.no_color or console.color_system is None or not console.is_terminal:
            return
        from PIL import Image as PILImage

        from autoui.terminal.halfblock import HalfBlockImage

        try:  # a preview is a bonus; the saved file is the result
            with PILImage.open(self.path) as opened:
                drawn = draw_regions(opened, self.payload, self.open_file)
            yield from console.render(HalfBlockImage(drawn, max_width=100), options)
        except Exception as exc:  # noqa: BLE001
            yield Text(f"(no preview: {exc})", style="dim")


def _region(item: dict[str, Any]) -> str:
    score = f" {item['score']:.0%}" if isinstance(item.get("score"), int | float) else ""
    box = item.get("box")
    if isinstance(box, list) and len(box) == 4:
        x0, y0, x1, y1 = (f"{v:g}" for v in box)
        return f"box {x0},{y0}→{x1},{y1}{score}"
    return f"mask{score}"


def legend(payload: dict[str, Any]) -> Table:
    """Each label in its colour, with its regions (boxes by their corners, masks by name)."""
    colors = payload.get("colors") or {}
    table = Table.grid(padding=(0, 1))
    table.add_column()
    table.add_column(style="bold")
    table.add_column()
    by_label: dict[str, list[str]] = {}
    for item in payload.get("annotations") or []:
        if isinstance(item, dict):
            by_label.setdefault(str(item.get("label")), []).append(_region(item))
    for label, regions in by_label.items():
        swatch = Text("██", style=Style(color=colors.get(label, _DEFAULT)))
        table.add_row(swatch, label, "; ".join(regions))
    return table


def render(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    if not isinstance(payload, dict) or not isinstance(payload.get("image"), dict):
        return Text(str(payload))
    line, path = saved(payload["image"], open_file, "annotated image")
    parts: list[RenderableType] = []
    if path is not None:
        parts.append(_AnnotatedPreview(path, payload, open_file))
    if payload.get("annotations") and output.props.get("show_legend", True):
        parts.append(legend(payload))
    parts.append(line)
    return Group(*parts)
