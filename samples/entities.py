"""Entities: find names and numbers in a text, and offer a report to download.

``tag`` returns ``list[tuple[str, str | None]]``, the pieces of the text with a label
each (or None): that is a highlighted-text output, drawn with each label in its colour.
``report`` returns a file as an ``autoui.Download`` — a button in the page::

    autoui serve samples/entities.py
    autoui run samples/entities.py:tag --text "Ada met Grace in 1843"
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated

import autoui

_TOKENS = re.compile(r"\d+(?:[.,]\d+)?|[A-Z][a-z]+|\s+|[^\s\dA-Z]+|[A-Z]+")


def tag(text: str) -> list[tuple[str, str | None]]:
    """Mark the capitalised words as names and the numbers as numbers.

    Args:
        text: any sentence.

    Returns:
        Entities

    Examples:
        >>> tag("Ada met Grace in 1843")
        [('Ada', 'NAME'), (' met ', None), ('Grace', 'NAME'), (' in ', None), ('1843', 'NUM')]
    """
    spans: list[tuple[str, str | None]] = []
    for token in _TOKENS.findall(text):
        label = "NUM" if token[0].isdigit() else "NAME" if token[:1].isupper() else None
        if spans and label is None and spans[-1][1] is None:
            spans[-1] = (spans[-1][0] + token, None)
        else:
            spans.append((token, label))
    return spans


def report(text: str) -> Annotated[Path, autoui.Download(button="Download the report")]:
    """Write what was found into a text file.

    Args:
        text: any sentence.

    Returns:
        Report
    """
    found = [f"{label}\t{piece}" for piece, label in tag(text) if label]
    path = Path(tempfile.mkdtemp(prefix="entities-")) / "entities.tsv"
    path.write_text("label\ttext\n" + "\n".join(found) + "\n", encoding="utf-8")
    return path
