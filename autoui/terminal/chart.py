"""Charts in the terminal: line and scatter plots in braille dots, bar charts in blocks.

They read the payload of :mod:`autoui.components.charts` (the table, which columns are
``x`` and ``y``, and the series with their names and colours), so a chart shows the
same series in the same colours here as in the web UI. A braille character holds 2×4
dots, so a 60×12-cell plot has 120×48 points; a cell takes the colour of the last
series drawn through it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.style import Style
from rich.table import Table
from rich.text import Text

__all__ = ["BrailleCanvas", "Chart", "chart_renderable", "nice_ticks"]

HEIGHT = 12
"""Rows of a line or scatter plot."""
MAX_WIDTH = 100
MAX_BAR = 40
"""Cells of the longest bar."""
_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # [row][column] → bit
_EIGHTHS = " ▏▎▍▌▋▊▉█"
_SPOT = ((0, 0), (1, 0), (0, 1), (1, 1))  # a scatter plot's dot: 2×2 braille dots


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round values from at most ``low`` to at least ``high``: 1, 2 or 5 times 10ⁿ apart."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0, 1.0]
    if low == high:
        low, high = (0.0, 1.0) if low == 0 else (min(0.0, 2 * low), max(0.0, 2 * high))
    raw = (high - low) / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    step = next(f * power for f in (1, 2, 5, 10) if f * power >= raw)
    start = math.floor(low / step) * step
    ticks = [round(start + i * step, 12) for i in range(60) if start + (i - 1) * step < high]
    return ticks


def _label(value: float) -> str:
    if abs(value) >= 1e6:
        return f"{value / 1e6:.3g}M"
    return f"{value:,.6g}" if abs(value) >= 1e4 else f"{value:.6g}"


@dataclass
class BrailleCanvas:
    """``width``×``height`` cells of 2×4 dots; ``(0, 0)`` is the top-left dot."""

    width: int
    height: int
    cells: dict[tuple[int, int], list[Any]] = field(default_factory=dict)

    def dot(self, x: float, y: float, style: Style) -> None:
        col, row = int(round(x)), int(round(y))
        if not (0 <= col < 2 * self.width and 0 <= row < 4 * self.height):
            return
        cell = self.cells.setdefault((col // 2, row // 4), [0, style])
        cell[0] |= _DOTS[row % 4][col % 2]
        cell[1] = style

    def line(self, x0: float, y0: float, x1: float, y1: float, style: Style) -> None:
        steps = int(max(abs(x1 - x0), abs(y1 - y0), 1))
        for i in range(min(steps, 4 * (self.width + self.height)) + 1):
            t = i / max(1, steps)
            self.dot(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, style)

    def rows(self) -> Iterator[Text]:
        for row in range(self.height):
            text = Text()
            for col in range(self.width):
                bits, style = self.cells.get((col, row), (0, None))
                text.append(chr(0x2800 + bits) if bits else " ", style=style)
            yield text


def _x_reader(cells: list[Any]) -> tuple[str, Any]:
    """How x cells become numbers: ``("number"|"time"|"band", reader)``."""
    present = [c for c in cells if c is not None]
    if present and all(isinstance(c, int | float) and not isinstance(c, bool) for c in present):
        return "number", float
    try:
        stamps = [_timestamp(c) for c in present]
    except (TypeError, ValueError):
        stamps = []
    if present and len(stamps) == len(present):
        return "time", _timestamp
    names = list(dict.fromkeys(str(c) for c in cells))
    return "band", lambda cell: float(names.index(str(cell)))


def _timestamp(cell: Any) -> float:
    if not isinstance(cell, str):
        raise TypeError(cell)
    moment = dt.datetime.fromisoformat(cell)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.timestamp()


def _style(color: Any) -> Style:
    try:
        return Style.parse(str(color))
    except Exception:  # noqa: BLE001 - a colour Rich cannot read: the terminal's own
        return Style()


def series_points(payload: dict[str, Any]) -> list[tuple[dict[str, Any], list[tuple[Any, float]]]]:
    """Each series of a chart payload with its ``(x cell, y)`` points."""
    headers = list(payload.get("headers") or [])
    xi = headers.index(payload["x"])
    ci = headers.index(payload["color"]) if payload.get("color") in headers else None
    result = []
    for series in payload.get("series") or []:
        yi = headers.index(series["y"])
        rows = [r for r in payload.get("rows") or [] if ci is None or r[ci] == series.get("group")]
        points = [(r[xi], float(r[yi])) for r in rows if isinstance(r[yi], int | float)]
        result.append((series, points))
    return result


@dataclass
class Chart:
    """A line or scatter plot of a chart payload, as wide as the console allows."""

    mark: str
    payload: dict[str, Any]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        series = series_points(self.payload)
        ys = [y for _, points in series for _, y in points]
        xs = [x for _, points in series for x, _ in points]
        if not ys:
            yield Text("(no data to plot)", style="dim")
            return
        kind, read = _x_reader(xs)
        values = [read(x) for x in xs]
        x_low, x_high = min(values), max(values)
        y_ticks = nice_ticks(min(ys), max(ys))
        y_low, y_high = y_ticks[0], y_ticks[-1]
        margin = max(len(_label(t)) for t in y_ticks) + 1
        width = max(10, min(options.max_width, MAX_WIDTH) - margin - 1)
        canvas = BrailleCanvas(width, HEIGHT)

        def place(x: float, y: float) -> tuple[float, float]:
            px = (x - x_low) / (x_high - x_low or 1) * (2 * width - 1)
            return px, (y_high - y) / (y_high - y_low or 1) * (4 * HEIGHT - 1)

        for meta, points in series:
            style = _style(meta.get("color"))
            placed = sorted(place(read(x), y) for x, y in points)
            if self.mark == "line":
                for (x0, y0), (x1, y1) in zip(placed, placed[1:], strict=False):
                    canvas.line(x0, y0, x1, y1, style)
            spots = _SPOT if self.mark == "scatter" else ((0, 0),)
            for x, y in placed:
                for dx, dy in spots:
                    canvas.dot(x + dx, y + dy, style)
        yield from _framed(canvas, y_ticks, margin)
        yield _x_axis(_x_ticks(xs, kind, read, x_low, x_high), width, margin)


def _framed(canvas: BrailleCanvas, ticks: list[float], margin: int) -> Iterator[Text]:
    rows = list(canvas.rows())
    span = ticks[-1] - ticks[0] or 1
    marks = {round((ticks[-1] - t) / span * (len(rows) - 1)): t for t in ticks}
    for index, row in enumerate(rows):
        label = _label(marks[index]) if index in marks else ""
        axis = Text(label.rjust(margin - 1) + " " + ("┤" if label else "│"), style="dim")
        yield axis + row


def _x_ticks(
    xs: list[Any], kind: str, read: Any, low: float, high: float
) -> list[tuple[float, str]]:
    """``(position 0–1, label)`` of the values to name under the x axis."""
    span = high - low or 1.0
    if kind == "number":
        inside = [t for t in nice_ticks(low, high, 5) if low <= t <= high]
        return [((t - low) / span, _label(t)) for t in inside]
    distinct = list(dict.fromkeys(xs))
    if kind == "band":
        return [(read(x) / span, str(x)) for x in distinct]
    distinct.sort(key=read)
    middle = min(distinct, key=lambda x: abs(read(x) - (low + high) / 2))
    named = dict.fromkeys([distinct[0], middle, distinct[-1]])
    return [((read(x) - low) / span, str(x)) for x in named]


def _x_axis(ticks: list[tuple[float, str]], width: int, margin: int) -> Text:
    """The axis line and the tick labels under it, left to right, none overlapping."""
    line = ""
    for fraction, label in ticks:
        at = round(fraction * (width - 1))
        start = min(max(at - len(label) // 2, 0), width - len(label))
        if start >= len(line) + (1 if line else 0):
            line = line.ljust(start) + label
    return Text(" " * margin + "└" + "─" * width + "\n" + " " * (margin + 1) + line, style="dim")


def _bars(payload: dict[str, Any]) -> RenderableType:
    """One row per (category, series): the bar, in the series' colour, and its value."""
    series = series_points(payload)
    values = [abs(y) for _, points in series for _, y in points]
    top = max(values, default=0.0) or 1.0
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="bold")
    grid.add_column()
    grid.add_column(justify="right")
    categories = list(dict.fromkeys(str(x) for _, points in series for x, _ in points))
    for category in categories:
        shown = category
        for meta, points in series:
            for x, y in points:
                if str(x) == category:
                    bar = Text(_bar(abs(y) / top), style=_style(meta["color"]))
                    grid.add_row(shown, bar, _label(y))
                    shown = ""
    return grid


def _bar(fraction: float) -> str:
    eighths = round(fraction * MAX_BAR * 8)
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "") or "▏"


def _legend(payload: dict[str, Any]) -> Text | None:
    series = payload.get("series") or []
    if len(series) < 2 and not payload.get("color"):
        return None
    legend = Text()
    for meta in series:
        legend.append("■ ", style=_style(meta.get("color")))
        legend.append(f"{meta.get('name')}   ")
    return legend


def chart_renderable(mark: str, props: dict[str, Any], payload: Any) -> RenderableType:
    """A chart payload drawn as ``mark`` ("line", "bar" or "scatter"), titled and with a legend."""
    if not isinstance(payload, dict) or "rows" not in payload or "series" not in payload:
        return Text(str(payload))
    parts: list[RenderableType] = []
    if props.get("title"):
        parts.append(Text(str(props["title"]), style="bold"))
    y_title = props.get("y_title") or ", ".join(payload.get("y") or [])
    parts.append(Text(f"{y_title} by {props.get('x_title') or payload.get('x')}", style="dim"))
    parts.append(_bars(payload) if mark == "bar" else Chart(mark, payload))
    legend = _legend(payload)
    if legend is not None:
        parts.append(legend)
    return Group(*parts)
