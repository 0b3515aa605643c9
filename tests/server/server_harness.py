"""Shared helpers for the server tests: a real ``autoui serve`` process and an SSE reader.

``Server`` is ``serving.Server`` (``tests/serving.py``) run from this folder. Test
modules wrap it in a module-scoped fixture so each module pays for one process start.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson
import serving

HERE = Path(__file__).parent


class Server(serving.Server):
    """``autoui serve`` run from this folder, where a function writes the markers a test
    did not send elsewhere with ``$AUTOUI_TEST_MARKERS``."""

    def __init__(self, target: str, *args: str, env: dict[str, str] | None = None) -> None:
        super().__init__(target, *args, env=env, cwd=HERE)


@dataclass
class Received:
    """One SSE event as a client saw it."""

    id: int | None
    kind: str
    data: Any
    at: float  # time.monotonic() on arrival


def read_events(
    client: httpx.Client,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    stop_after: int | None = None,
    timeout: float = 30.0,
) -> list[Received]:
    """Follow an SSE stream to its end (or ``stop_after`` events) and return what came."""
    events: list[Received] = []
    fields: dict[str, str] = {}
    with client.stream("GET", url, headers=headers, timeout=timeout) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith(":"):
                continue
            if line:
                key, _, value = line.partition(":")
                fields[key] = value.lstrip(" ")
                continue
            if "event" in fields:
                event_id = fields.get("id")
                events.append(
                    Received(
                        int(event_id) if event_id else None,
                        fields["event"],
                        orjson.loads(fields.get("data") or "null"),
                        time.monotonic(),
                    )
                )
                if stop_after is not None and len(events) >= stop_after:
                    break
            fields = {}
    return events


def kinds(events: list[Received]) -> list[str]:
    return [event.kind for event in events]


def submit(client: httpx.Client, url: str, fn: str, data: Any) -> str:
    response = client.post(f"{url}/api/{fn}/jobs", json={"data": data})
    assert response.status_code == 202, response.text
    return str(response.json()["job_id"])


@contextlib.asynccontextmanager
async def asgi_client(app: Any, **kwargs: Any) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client calling ``app`` in-process, with its lifespan running."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://127.0.0.1:7860", **kwargs
        ) as client:
            yield client


def memory_mb(pid: int) -> tuple[float, float]:
    """``(resident, peak resident)`` megabytes of process ``pid`` (Linux ``/proc``)."""
    fields = {}
    for line in open(f"/proc/{pid}/status").read().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024
