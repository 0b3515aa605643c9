"""Functions the limits tests serve: a job that holds its place, a chatty generator, and
functions named like the server's own routes (``files``, ``spec``, ``jobs``)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator


async def hold(seconds: float = 0.5) -> str:
    """Keep a slot of the queue for ``seconds``."""
    await asyncio.sleep(seconds)
    return "held"


def chatty(n: int = 3000, size: int = 16384, pause: float = 0.0) -> Iterator[str]:
    """Yield ``n`` strings of ``size`` bytes, ``pause`` seconds apart."""
    filler = "x" * size
    for i in range(n):
        if pause:
            time.sleep(pause)
        yield f"{i:06d}{filler}"


def files(text: str) -> str:
    """Named like the upload route, POST /api/files."""
    return f"files:{text}"


def spec(text: str) -> str:
    """Named like GET /api/spec."""
    return f"spec:{text}"


def jobs(text: str) -> str:
    """Named like the job routes, /api/jobs/..."""
    return f"jobs:{text}"
