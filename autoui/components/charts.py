"""Native charts: line, bar and scatter plots of a table, drawn by each front end itself.

Unlike :class:`~autoui.components.plot.Plot` (a picture a library drew on the server),
these send the *data*: the web UI draws it as SVG with its own small module (axes,
ticks, a legend, a tooltip per point), the terminal with braille and block characters,
and a Python client gets the table back (a pandas DataFrame, or a list of records when
pandas is not installed).

The function returns anything a :class:`~autoui.components.data.DataFrame` output takes
(a DataFrame, a dict of columns, a list of records or of rows). ``x`` names the column
along the horizontal axis, ``y`` the column(s) plotted against it, ``color`` a column
whose values split the rows into series. Left out, ``x`` is the first column and ``y``
every other numeric column. Wire: the columns plotted, and which is which::

    {"headers": ["year", "sales", "region"], "rows": [[2020, 3.5, "north"], ...],
     "x": "year", "y": ["sales"], "color": "region",
     "series": [{"name": "north", "y": "sales", "group": "north", "color": "#4e79a7"}, ...]}

Each series is one ``y`` column over the rows whose ``color`` column holds ``group``
(all rows when there is no ``color``); its name and colour are chosen here, once, so
every front end draws and names it alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from autoui.components.base import Component, Traits
from autoui.components.palette import colors_for
from autoui.components.tables import read_table, table_payload
from autoui.errors import ValidationError
from autoui.files import FileContext

__all__ = ["MAX_SERIES", "BarPlot", "Chart", "LinePlot", "ScatterPlot"]

MAX_SERIES = 64
"""Most series one chart may have (a ``color`` column of ids would make one per row)."""


@dataclass(frozen=True)
class Chart(Component):
    """The base of the three charts (an output): which columns go where, and the titles.

    Args:
        x: the column along the horizontal axis (numbers, dates or, for bars, any values).
        y: the column, or columns, of numbers plotted against ``x``.
        color: a column whose values split the rows into series, one colour each.
        title: shown above the chart.
        x_title: the horizontal axis' title (default: ``x``).
        y_title: the vertical axis' title (default: the ``y`` column, when there is one).
        color_map: series name → colour (``"#rrggbb"``); the others get the palette's.
    """

    traits: ClassVar[Traits] = Traits(heavy=True)  # builds a table, like DataFrame
    output_only: ClassVar[str] = "a chart is an output only; take its data as a table instead"

    x: str | None = None
    y: str | Sequence[str] | None = None
    color: str | None = None
    title: str | None = None
    x_title: str | None = None
    y_title: str | None = None
    color_map: dict[str, str] | None = field(default=None, hash=False)

    def __post_init__(self) -> None:
        if self.y is not None and not isinstance(self.y, str):
            object.__setattr__(self, "y", tuple(self.y))  # a list given: kept hashable

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        raise ValidationError(self.output_only)

    def postprocess(self, value: Any, files: FileContext) -> dict[str, Any] | None:
        if value is None:
            return None
        table = table_payload(value)
        headers: list[str] = table["headers"]
        x = self._column(self.x, headers, "x") if self.x else _first(headers)
        color = self._column(self.color, headers, "color") if self.color else None
        ys = self._ys(headers, table["rows"], exclude={x, color})
        used = list(dict.fromkeys([x, *ys, *([color] if color else [])]))
        index = [headers.index(name) for name in used]
        rows = [[row[i] for i in index] for row in table["rows"]]
        for name in ys:
            _check_numbers(name, [row[used.index(name)] for row in rows])
        groups = [row[used.index(color)] for row in rows] if color else []
        series = self._series(ys, color, groups)
        return {"headers": used, "rows": rows, "x": x, "y": ys, "color": color, "series": series}

    def _series(self, ys: list[str], color: str | None, groups: list[Any]) -> list[dict[str, Any]]:
        distinct = list(dict.fromkeys(groups)) if color else [None]
        if len(distinct) * len(ys) > MAX_SERIES:
            raise ValidationError(
                f"color={color!r} splits the rows into {len(distinct) * len(ys):,} series; "
                f"at most {MAX_SERIES} can be told apart"
            )
        count = len(ys)
        named = [(y, g, _series_name(y, g, color, count)) for y in ys for g in distinct]
        colors = colors_for([name for _, _, name in named], self.color_map)
        return [{"name": n, "y": y, "group": g, "color": colors[n]} for y, g, n in named]

    def _column(self, name: str, headers: list[str], role: str) -> str:
        if name not in headers:
            known = ", ".join(repr(h) for h in headers) or "none"
            raise ValidationError(f"{role}={name!r} is not a column of the data (columns: {known})")
        return name

    def _ys(self, headers: list[str], rows: list[list[Any]], exclude: set[Any]) -> list[str]:
        if self.y is not None:
            wanted = [self.y] if isinstance(self.y, str) else list(self.y)
            return [self._column(name, headers, "y") for name in wanted]
        numeric = [
            name
            for i, name in enumerate(headers)
            if name not in exclude and rows and all(_is_number(row[i]) for row in rows)
        ]
        if not numeric:
            raise ValidationError(
                "no column of numbers to plot; say which with y=... "
                f"(columns: {', '.join(headers)})"
            )
        return numeric

    def read_output(self, payload: Any, files: FileContext, *, image_type: str = "pil") -> Any:
        """The table plotted: a DataFrame when pandas is installed, else a list of records."""
        if not isinstance(payload, dict) or "rows" not in payload:
            return payload
        try:
            import pandas  # noqa: F401 - only whether it is there
        except ImportError:
            return read_table(payload, None, "records")
        return read_table(payload, None, "pandas")

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {
                "headers": {"type": "array", "items": {"type": "string"}},
                "rows": {"type": "array", "items": {"type": "array"}},
                "x": {"type": "string"},
                "y": {"type": "array", "items": {"type": "string"}},
                "color": {"type": ["string", "null"]},
            },
            "required": ["headers", "rows", "x", "y"],
        }

    def example_payload(self) -> Any:
        return {
            "headers": ["x", "y"],
            "rows": [[1, 2.0], [2, 3.5], [3, 3.0]],
            "x": "x",
            "y": ["y"],
            "color": None,
            "series": [{"name": "y", "y": "y", "group": None, "color": "#4e79a7"}],
        }


def _series_name(y: str, group: Any, color: str | None, count: int) -> str:
    if color is None:
        return y
    return str(group) if count == 1 else f"{y} · {group}"


def _first(headers: list[str]) -> str:
    if not headers:
        raise ValidationError("expected a table with at least one column to plot")
    return headers[0]


def _is_number(value: Any) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def _check_numbers(column: str, values: list[Any]) -> None:
    for row, value in enumerate(values):
        if not _is_number(value):
            raise ValidationError(
                f"column {column!r}, row {row + 1}: expected a number to plot, got {value!r:.40}"
            )


@dataclass(frozen=True)
class LinePlot(Chart):
    """A line per series, through its points in the order of ``x``."""

    kind: ClassVar[str] = "line_plot"


@dataclass(frozen=True)
class BarPlot(Chart):
    """A bar per value of ``x`` (a group of bars when there are several series)."""

    kind: ClassVar[str] = "bar_plot"


@dataclass(frozen=True)
class ScatterPlot(Chart):
    """A dot per row, at ``(x, y)``."""

    kind: ClassVar[str] = "scatter_plot"
