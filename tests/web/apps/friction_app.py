"""The web form friction points of issue 12, one function each."""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import Field


class Planet(enum.Enum):
    MERCURY = 1
    VENUS = 2
    EARTH = 3
    MARS = 4
    JUPITER = 5


def signup(
    name: Annotated[str, Field(min_length=3, pattern=r"^[a-z]+$")],
    age: Annotated[int, Field(ge=0)],
    planet: Planet,
) -> str:
    """Two constrained fields and a required choice."""
    return f"{name}, {age}, {planet.name}"


def essay(words: int = 80) -> str:
    """A long text output, for the Copy button."""
    return " ".join(f"word{i}" for i in range(words))


def prices() -> list[list[float]]:
    """A table with float noise and long numbers."""
    return [[200.66000000000003, 5468853210123.25], [0.1 + 0.2, 1.5]]


def stats(values: list[float]) -> dict[str, float]:
    """Statistics, not confidences."""
    return {"mean": sum(values) / len(values), "max": max(values)}


def paint(thing: str, color: str = "red") -> str:
    """A str named color."""
    return f"{thing} in {color}"
