"""The colours of labels and series, chosen once on the server for every front end.

A chart's series and an annotated image's labels carry their colour in the payload, so
the web UI, the terminal and a reader of the API all show ``"cat"`` in the same colour.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

from autoui.components.text import normalize_color
from autoui.errors import ValidationError

__all__ = ["PALETTE", "colors_for"]

PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)  # fmt: skip
"""Tableau 10: distinct on light and dark backgrounds, and for most colour-blind readers."""


def colors_for(names: Iterable[str], chosen: Mapping[str, str] | None = None) -> dict[str, str]:
    """``{name: "#rrggbb"}``: ``chosen`` first, the palette in order for the rest.

    Raises:
        ValidationError: a chosen colour is not a colour (names the label).
    """
    colors: dict[str, str] = {}
    for name, color in (chosen or {}).items():
        try:
            colors[str(name)] = normalize_color(color)
        except ValidationError as error:
            raise ValidationError(f"color_map[{name!r}]: {error.message}") from None
    free = itertools.cycle(PALETTE)
    result: dict[str, str] = {}
    for name in names:
        if name not in result:
            result[name] = colors.get(name) or next(free)
    return result
