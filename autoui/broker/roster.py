"""Which workers are alive: the ``workers`` hash their heartbeats keep fresh.

Read by ``GET /health`` (live workers per function) and by the workers themselves (the
slots of a function across the cluster, for the queue's ETA).
"""

from __future__ import annotations

import time
from typing import Any

import orjson

from autoui.broker.keys import Keys
from autoui.broker.settings import BrokerSettings

__all__ = ["live_slots", "live_workers"]


_MISSED_BEATS = 3  # a worker that missed this many of its heartbeats counts as gone
_FORGET_AFTER = 3600.0  # seconds after which a gone worker's entry is deleted


async def _live(client: Any, keys: Keys, broker: BrokerSettings) -> list[dict[str, Any]]:
    """Workers whose last heartbeat is at most three of their own heartbeats old."""
    now = time.time()
    alive, gone = [], []
    for worker_id, raw in (await client.hgetall(keys.workers)).items():
        info = orjson.loads(raw)
        age = now - info["seen"]
        beat = info.get("heartbeat", broker.heartbeat)
        if age <= _MISSED_BEATS * beat + 1.0:
            alive.append(info)
        elif age > _FORGET_AFTER:
            gone.append(worker_id)
    if gone:
        await client.hdel(keys.workers, *gone)
    return alive


async def live_workers(client: Any, keys: Keys, broker: BrokerSettings) -> dict[str, int]:
    """Function name → number of live workers serving it."""
    counts: dict[str, int] = {}
    for info in await _live(client, keys, broker):
        for fn in info["functions"]:
            counts[fn] = counts.get(fn, 0) + 1
    return counts


async def live_slots(client: Any, keys: Keys, broker: BrokerSettings) -> dict[str, int]:
    """Function name → concurrency slots across live workers."""
    slots: dict[str, int] = {}
    for info in await _live(client, keys, broker):
        for fn, count in info["functions"].items():
            slots[fn] = slots.get(fn, 0) + int(count)
    return slots
