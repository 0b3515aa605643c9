"""A dataframe payload as Rich tables whose numbers are never cut.

- Numbers are right-aligned and written as the web UI writes them: at most 15
  significant digits (``200.66000000000003`` → ``200.66``), whole floats without
  ``.0``; a missing value in a column of numbers (NaN, which travels as null) reads
  ``NaN``.
- A number column is as wide as its widest number; text columns share what is left and
  wrap (folding a word too long for them).
- Columns that do not fit side by side are folded into several tables, one under the
  other, as pandas prints a wide frame; a single column wider than the terminal runs on
  and the terminal wraps it, so even then no digit is lost.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

__all__ = ["MAX_ROWS", "FoldedTable", "number_text"]

MAX_ROWS = 30
"""Rows shown; the rest are counted."""
TEXT_MIN = 10
"""The narrowest a text column is made before the columns are folded into blocks."""
_CHROME = 3  # a column's padding and its border
_EDGE = 1  # the table's left border


def number_text(value: float) -> str:
    """A number as a person reads it: ``200.66``, ``546885``, ``1e-07``, ``NaN``."""
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(float(f"{value:.15g}"))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass
class _Column:
    header: str
    cells: list[str]
    numeric: bool
    minimum: int
    natural: int


def _column(header: str, values: Sequence[Any]) -> _Column:
    present = [value for value in values if value is not None]
    numeric = bool(present) and all(_is_number(value) for value in present)
    if numeric:
        cells = [number_text(v) if v is not None else "NaN" for v in values]
    else:
        cells = ["" if v is None else v if isinstance(v, str) else json.dumps(v) for v in values]
    lines = [line for text in (header, *cells) for line in text.splitlines() or [""]]
    natural = max((len(line) for line in lines), default=1) or 1
    if numeric:
        longest_word = max((len(word) for word in header.split()), default=0)
        minimum = max([longest_word, 1, *(len(cell) for cell in cells)])
    else:
        minimum = min(natural, TEXT_MIN)
    return _Column(header, cells, numeric, minimum, natural)


class FoldedTable:
    """A table of ``headers`` and ``rows`` (JSON cells), laid out for the console's width."""

    def __init__(self, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        self.total = len(rows)
        shown = [list(row) for row in rows[:MAX_ROWS]]
        self.columns = [
            _column(str(header), [row[i] if i < len(row) else None for row in shown])
            for i, header in enumerate(headers)
        ]
        self.rows = len(shown)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Any]:
        width = options.max_width
        blocks = list(_blocks(self.columns, width))
        for number, block in enumerate(blocks):
            widths = _widths(block, width)
            table_width = sum(widths) + _CHROME * len(block) + _EDGE
            yield _AtWidth(self._table(block, widths), table_width)
            if number < len(blocks) - 1:
                yield Text("")
        if self.total > self.rows:
            yield Text(f"{self.rows} of {self.total} rows shown", style="dim")

    def _table(self, block: list[_Column], widths: list[int]) -> Table:
        table = Table(show_lines=False, header_style="bold")
        for column, width in zip(block, widths, strict=True):
            table.add_column(
                escape(column.header), justify="right" if column.numeric else "left", width=width,
                overflow="fold",  # a header wraps; a number cell does not (its own no_wrap)
            )  # fmt: skip
        for index in range(self.rows):
            table.add_row(*[_cell(column, index) for column in block])
        return table


def _cell(column: _Column, index: int) -> RenderableType:
    text = column.cells[index]
    if column.numeric:
        return Text(text, style="dim" if text == "NaN" else "", no_wrap=True)
    return Text(text, overflow="fold")


class _AtWidth:
    """A table rendered at exactly the width its columns need: never squeezed."""

    def __init__(self, renderable: RenderableType, width: int) -> None:
        self.renderable = renderable
        self.width = width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Any]:
        yield from console.render(self.renderable, options.update_width(self.width))


def _blocks(columns: list[_Column], width: int) -> Iterator[list[_Column]]:
    """Consecutive columns that fit side by side at their minimum widths (one at least)."""
    block: list[_Column] = []
    used = _EDGE
    for column in columns:
        need = column.minimum + _CHROME
        if block and used + need > width:
            yield block
            block, used = [], _EDGE
        block.append(column)
        used += need
    if block or not columns:
        yield block


def _widths(block: list[_Column], width: int) -> list[int]:
    """Each column's width: its minimum, then what is left, to number columns' headers
    first, then to the columns missing the most."""
    widths = [column.minimum for column in block]
    spare = width - sum(widths) - _CHROME * len(block) - _EDGE
    for i, column in enumerate(block):
        if column.numeric and spare > 0:
            grow = min(spare, column.natural - widths[i])
            widths[i], spare = widths[i] + grow, spare - grow
    for _ in range(max(spare, 0)):  # one cell at a time to the column missing the most
        wants = [column.natural - w for column, w in zip(block, widths, strict=True)]
        most = max(range(len(block)), key=wants.__getitem__)
        if wants[most] <= 0:
            break
        widths[most] += 1
    return widths
