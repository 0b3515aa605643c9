"""Functions in the shapes of magicgui's examples (written here; no magicgui code is copied).

magicgui users annotate with pathlib, Enum, datetime and ``Annotated`` ranges; these
functions do the same.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from fractions import Fraction
from ipaddress import IPv4Address
from pathlib import Path
from typing import Annotated
from uuid import UUID

from annotated_types import Ge, Le, MultipleOf
from pydantic import Field


class Medium(enum.Enum):
    Glass = 1.520
    Oil = 1.515
    Water = 1.333
    Air = 1.0003


def snells_law(aoi: float = 1.0, n1: Medium = Medium.Glass, n2: Medium = Medium.Water,
               degrees: bool = True) -> float:
    import math

    angle = math.radians(aoi) if degrees else aoi
    result = math.asin(n1.value * math.sin(angle) / n2.value)
    return math.degrees(result) if degrees else result


def file_size(path: Path) -> int:
    return path.stat().st_size


def add_days(start: dt.date, days: int = 1) -> dt.date:
    return start + dt.timedelta(days=days)


def wait_for(delay: dt.timedelta) -> float:
    return delay.total_seconds()


def scaled(value: Annotated[int, Ge(0), Le(100), MultipleOf(5)] = 50) -> int:
    return value * 2


def username(name: Annotated[str, Field(min_length=3, max_length=12, pattern=r"^[a-z]+$")]) -> str:
    return name.upper()


def pick(items: Annotated[list[int], Field(min_length=1, max_length=3)]) -> int:
    return sum(items)


def ping(host: IPv4Address) -> str:
    return str(host.reverse_pointer)


def short_id(key: UUID) -> str:
    return key.hex[:8]


def halve(x: Fraction) -> Fraction:
    return x / 2


def find_all(pattern: re.Pattern[str], text: str) -> list[str]:
    return pattern.findall(text)


def sort_words(words: list[str], key=len) -> list[str]:  # noqa: ANN001 - as real code has it
    return sorted(words, key=key)


def cast(values: list[float], dtype=float) -> list[float]:  # noqa: ANN001
    return [dtype(v) for v in values]


def pad_border(border: int | tuple[int, ...] = 0) -> str:
    return repr(border)
