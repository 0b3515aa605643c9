"""A lane's next jobs in one round trip: the blocking read and the claim, sent together.

A lane blocks on its function's stream (``XREADGROUP ... BLOCK``) as its *inbox*
consumer ``<worker>:in``. The ``claim`` script is written on the same connection in the
same packet, so Redis runs it the moment the read returns: it takes what the inbox was
just delivered (``XPENDING`` of the inbox, ``XCLAIM ... JUSTID`` to the worker, which
keeps the delivery count) and claims each job atomically, as before: a cancelled job is
skipped, the waiting counters move, the job is ``running`` under attempt 1, all before
anything runs. A job thus costs its worker one round trip to be taken instead of two.

Entries delivered to an inbox whose worker died before claiming them stay pending
there and are taken over after ``reclaim_idle`` by ``XAUTOCLAIM``, like any other.
"""

from __future__ import annotations

from typing import Any

from autoui.broker.keys import GROUP
from autoui.broker.link import Link, exchange, no_script, run_script

__all__ = ["Intake", "inbox_of"]


def inbox_of(worker_id: str) -> str:
    """The consumer a worker's lanes read new jobs as (claimed jobs move to ``worker_id``)."""
    return f"{worker_id}:in"


class Intake:
    """The connection a lane takes its jobs through (one lane, one task: never shared).

    Args:
        link: the worker's link to Redis (the intake has a connection of its own).
        script: the registered ``claim`` script.
        queue: the function's stream.
        head: the script's arguments: prefix, function, inbox, worker, then (after the
            count the read asks for) max deliveries, max events, TTL.
    """

    def __init__(self, link: Link, script: Any, queue: str, head: list[Any]) -> None:
        self._connection = link.connection()
        self._script = script
        self._queue = queue
        self._head = head[:4]
        self._tail = head[4:]

    async def take(self, count: int, block_ms: int) -> tuple[list[Any], int]:
        """Wait up to ``block_ms`` for jobs, claim up to ``count``: (claimed rows, how many
        jobs of the function still wait).

        Raises:
            redis.exceptions.ResponseError: the read or the claim failed (``NOGROUP``:
                Redis lost the stream).
            ConnectionError, TimeoutError, OSError: Redis is unreachable.
        """
        read = ("XREADGROUP", "GROUP", GROUP, self._head[2], "COUNT", count,
                "BLOCK", block_ms, "STREAMS", self._queue, ">")
        claim = ("EVALSHA", self._script.sha, 0, *self._head, count, *self._tail)
        delivered, reply = await exchange(self._connection, [read, claim], block=block_ms / 1000)
        if isinstance(delivered, Exception):
            raise delivered
        if no_script(reply):  # Redis restarted and forgot it: load it, claim again
            reply = await run_script(self._connection, self._script, claim[3:])
        elif isinstance(reply, Exception):
            raise reply
        *rows, waiting = reply
        return rows, int(waiting)

    async def aclose(self) -> None:
        await self._connection.disconnect()
