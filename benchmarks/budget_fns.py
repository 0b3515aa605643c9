"""Functions benchmarks/budgets.py serves (before and after the budgets alike)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np


def echo(text: str) -> str:
    return text


def config(settings: dict[str, Any]) -> int:
    return len(settings)


def shape(image: np.ndarray) -> str:
    return f"{image.shape}"


def chatty(n: int = 200, size: int = 1_000_000) -> Iterator[str]:
    blob = "x" * size
    for i in range(n):
        yield f"{i:06d}{blob}"
