"""Dataframes and plots: tables in, tables and charts out.

``pandas.DataFrame`` parameters and returns are editable / read-only tables;
a matplotlib ``Figure`` return is a plot (sent as a PNG). Lists of rows work too, for
those without pandas. pandas and matplotlib are optional extras
(``pip install 'autoui[data,plot]'``); the figure is drawn with matplotlib's
object-oriented API, so no GUI backend is ever started.
"""

from __future__ import annotations

from typing import Annotated

import pandas as pd
from matplotlib.figure import Figure

import autoui


def describe(table: pd.DataFrame) -> pd.DataFrame:
    """Summary statistics (count, mean, min, max) of every numeric column.

    Args:
        table: a table with a header row; non-numeric columns are ignored.

    Returns:
        Summary
    """
    numeric = table.apply(pd.to_numeric, errors="coerce").dropna(axis=1, how="all")
    stats = numeric.agg(["count", "mean", "min", "max"]).T
    return stats.reset_index(names="column").round(3)


def running_total(rows: list[list[float]]) -> list[list[float]]:
    """Add a running total of the first column, as a plain list of rows.

    Args:
        rows: rows of numbers; the first number of each row is added up.

    Returns:
        With running total
    """
    total = 0.0
    out = []
    for row in rows:
        total += float(row[0]) if row else 0.0
        out.append([*row, total])
    return out


def plot_growth(
    rate_percent: Annotated[float, autoui.Number(-50, 100)] = 5.0,
    years: Annotated[int, autoui.Number(1, 100)] = 20,
) -> Figure:
    """Plot how money grows at a yearly interest rate.

    Args:
        rate_percent: the yearly rate, in percent.
        years: how many years to plot.

    Returns:
        Growth of 100
    """
    values = [100 * (1 + rate_percent / 100) ** year for year in range(years + 1)]
    figure = Figure(figsize=(6, 3.5))
    axes = figure.subplots()
    axes.plot(range(years + 1), values, marker="o")
    axes.set_xlabel("year")
    axes.set_ylabel("value")
    axes.set_title(f"100 at {rate_percent:g}% a year")
    axes.grid(alpha=0.3)
    return figure
