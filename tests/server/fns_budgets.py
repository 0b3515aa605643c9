"""Functions the budget tests serve: a decoded image, a slot holder, a chatty generator."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import numpy as np


def shape(image: np.ndarray) -> str:
    """The decoded array's shape."""
    return f"{image.shape} {image.dtype}"


async def hold(seconds: float = 0.5) -> str:
    """Keep a slot of the queue for ``seconds``."""
    await asyncio.sleep(seconds)
    return "held"


def chatty(n: int = 200, size: int = 1_000_000) -> Iterator[str]:
    """Yield ``n`` strings of ``size`` characters."""
    blob = "x" * size
    for i in range(n):
        yield f"{i:06d}{blob}"


def echo(text: str) -> str:
    return text


def config(settings: dict[str, Any]) -> int:
    """Takes nested JSON."""
    return len(settings)
