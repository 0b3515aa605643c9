"""A colour preview of an image in the terminal, two pixels per character cell.

Each cell shows the upper half block ``▀`` with the top pixel as foreground colour and
the bottom pixel as background colour, so an 80-column terminal shows an 80×2n-pixel
thumbnail with true colour (Rich downsamples to 256 or 16 colours where needed).
Transparent pixels leave the terminal's own background showing.

Use it as any Rich renderable: ``console.print(HalfBlockImage(path, max_width=60))``.
It fills the width it is given (capped by ``max_width`` and the image's own width) and
keeps the aspect ratio, capped at ``max_height`` rows. Pillow is imported on first
render, not at import.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = ["HalfBlockImage"]

_OPAQUE = 128
"""Alpha at or above which a pixel is drawn (below it, the background shows)."""


class HalfBlockImage:
    """An image drawn with half blocks, sized to the space Rich gives it.

    Args:
        source: an image file path, or a Pillow image.
        max_width: most columns to use (None: all the width available).
        max_height: most rows to use (None: the console's height minus a margin).
    """

    def __init__(
        self,
        source: str | Path | Image,
        *,
        max_width: int | None = None,
        max_height: int | None = None,
    ) -> None:
        self.source = source
        self.max_width = max_width
        self.max_height = max_height
        self._size: tuple[int, int] | None = None
        self._drawn: dict[tuple[int, int], list[Segment]] = {}  # live views redraw often

    def _image(self) -> Image:
        from PIL import Image as PILImage

        if isinstance(self.source, str | Path):
            with PILImage.open(self.source) as opened:
                opened.load()
                return opened.convert("RGBA")
        return self.source.convert("RGBA")

    def size_for(self, width: int, height: int, columns: int, rows: int) -> tuple[int, int]:
        """Cells (columns, rows) for a ``width``×``height`` image within the limits given."""
        columns = max(1, min(columns, width))
        cell_rows = math.ceil(height * columns / width / 2)
        if cell_rows > rows:
            cell_rows = max(1, rows)
            columns = max(1, min(columns, round(width * cell_rows * 2 / height)))
        return columns, max(1, cell_rows)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = min(options.max_width, self.max_width or options.max_width)
        return Measurement(1, width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        limit = min(options.max_width, self.max_width or options.max_width)
        rows = self.max_height or max(4, (options.height or console.height) - 4)
        image = None
        if self._size is None:
            image = self._image()
            self._size = (image.width, image.height)
        cells = self.size_for(*self._size, limit, rows)
        if cells not in self._drawn:
            self._drawn[cells] = _draw(image or self._image(), *cells)
        yield from self._drawn[cells]


def _draw(image: Image, columns: int, cell_rows: int) -> list[Segment]:
    from PIL import Image as PILImage

    small = image.resize((columns, cell_rows * 2), PILImage.Resampling.BOX)
    pixels: Any = small.load()
    segments: list[Segment] = []
    for y in range(cell_rows):
        segments.extend(_cell(pixels[x, 2 * y], pixels[x, 2 * y + 1]) for x in range(columns))
        segments.append(Segment.line())
    return segments


def _cell(top: tuple[int, int, int, int], bottom: tuple[int, int, int, int]) -> Segment:
    top_on, bottom_on = top[3] >= _OPAQUE, bottom[3] >= _OPAQUE
    if top_on and bottom_on:
        return Segment("▀", _style(top[:3], bottom[:3]))
    if top_on:
        return Segment("▀", _style(top[:3], None))
    if bottom_on:
        return Segment("▄", _style(bottom[:3], None))
    return Segment(" ")


_styles: dict[tuple[Any, Any], Style] = {}


def _style(fg: tuple[int, ...], bg: tuple[int, ...] | None) -> Style:
    key = (fg, bg)
    style = _styles.get(key)
    if style is None:
        style = Style(
            color=Color.from_rgb(*fg),
            bgcolor=Color.from_rgb(*bg) if bg is not None else None,
        )
        if len(_styles) < 65536:  # a bounded cache: photos have many colours
            _styles[key] = style
    return style
