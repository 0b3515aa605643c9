"""Charts: line, bar and scatter plots of a table, drawn by autoui itself.

``Annotated[..., autoui.LinePlot(x=..., y=..., color=...)]`` (or ``BarPlot``,
``ScatterPlot``) on a return value plots the table the function returns: a DataFrame,
a dict of columns or a list of records. The page draws SVG with axes, ticks, a legend
and a tooltip per point; the terminal draws braille lines and block bars; a client
gets the table back. No plotting library is needed, here or in the browser.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from typing import Annotated, Any

from annotated_types import Ge, Le

import autoui


def savings(
    monthly: float = 200.0,
    years: Annotated[int, Ge(1), Le(50)] = 10,
    rates: str = "0, 3, 6",
) -> Annotated[list[dict[str, Any]], autoui.LinePlot(x="year", y="balance", color="rate")]:
    """How savings grow at different yearly interest rates.

    Args:
        monthly: saved each month.
        years: how long to save.
        rates: yearly interest rates in percent, separated by commas.

    Returns:
        Balance
    """
    rows = []
    for rate in (float(r) for r in rates.split(",") if r.strip()):
        balance = 0.0
        for year in range(years + 1):
            rows.append({"year": year, "balance": round(balance, 2), "rate": f"{rate:g}%"})
            balance = balance * (1 + rate / 100) + 12 * monthly
    return rows


def word_lengths(
    text: str = "the quick brown fox jumps over the lazy dog",
) -> Annotated[dict[str, list[int]], autoui.BarPlot(x="letters", y="words")]:
    """How many words of each length a text has.

    Args:
        text: any text; words are split on spaces.

    Returns:
        Words by length
    """
    counts = Counter(len(word.strip(".,;:!?")) for word in text.split())
    lengths = sorted(counts)
    return {"letters": lengths, "words": [counts[n] for n in lengths]}


def clusters(
    points: Annotated[int, Ge(1), Le(500)] = 60, spread: float = 0.6, seed: int = 1
) -> Annotated[list[dict[str, Any]], autoui.ScatterPlot(x="x", y="y", color="cluster")]:
    """Points scattered around three centres.

    Args:
        points: how many points per cluster.
        spread: how far points stray from their centre.
        seed: the random seed (the same seed gives the same points).

    Returns:
        Points
    """
    rng = random.Random(seed)
    rows = []
    for name, angle in (("A", 0.0), ("B", 2.1), ("C", 4.2)):
        cx, cy = 3 * math.cos(angle), 3 * math.sin(angle)
        for _ in range(points):
            x, y = rng.gauss(cx, spread), rng.gauss(cy, spread)
            rows.append({"x": round(x, 3), "y": round(y, 3), "cluster": name})
    return rows
