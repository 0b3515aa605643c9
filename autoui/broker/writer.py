"""A running job's events, written to Redis in order through the fenced ``emit`` script.

The runner calls ``emit(event)`` on the event loop thread and does not wait; events
queue up here and one task at a time sends them (several per round trip when they come
quickly; ``started`` waits up to 3 ms for what follows, so a fast job costs one write).
When the fence refuses a write (the job was cancelled, or reclaimed by another worker
while this one was paused), the writer stops and tells its owner, which stops the run.
While Redis is unreachable the writer retries, in order; if it stays unreachable long
enough, the job is reclaimed elsewhere (at least once).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from autoui.broker.connection import down_errors
from autoui.events import Event
from autoui.server.sse import dumps, event_body

__all__ = ["EventWriter"]

log = logging.getLogger("autoui")

_RETRY = 0.25  # seconds between attempts while Redis is unreachable
COALESCE_STARTED = 0.003  # seconds ``started`` waits for the next event to share its write


class EventWriter:
    """Sends one job's events for one attempt.

    Args:
        emit: runs the ``emit`` script with the arguments it is given.
        head: its first arguments: prefix, job id, attempt, max events, TTL.
        on_lost: called once when the fence refuses a write.
        give_up: seconds of unreachable Redis after which the events are dropped.
    """

    def __init__(
        self,
        emit: Callable[[list[Any]], Awaitable[Any]],
        head: list[Any],
        on_lost: Callable[[], None],
        give_up: float,
    ) -> None:
        self._script = emit
        self._head = head
        self._on_lost = on_lost
        self._give_up = give_up
        self._pending: list[Any] = []
        self._task: asyncio.Task[None] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self.lost = False

    def emit(self, event: Event) -> None:
        if self.lost:
            return
        self._pending += (event.kind, dumps(event_body(event)))
        if self._task is not None:
            return
        loop = asyncio.get_running_loop()
        if event.kind == "started" and len(self._pending) == 2:
            # A fast job's result follows within moments: one write for both. Anything
            # else emitted meanwhile (or the window passing) sends what is queued.
            if self._timer is None:
                self._timer = loop.call_later(COALESCE_STARTED, self._start_flush)
            return
        self._start_flush()

    def _start_flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._task is None and self._pending and not self.lost:
            self._task = asyncio.get_running_loop().create_task(self._flush())

    def lose(self) -> None:
        """The job is no longer ours: drop what is queued and write nothing more."""
        if not self.lost:
            self.lost = True
            self._pending = []
            self._on_lost()

    async def flushed(self) -> None:
        """Wait until everything emitted so far was written (or dropped)."""
        self._start_flush()
        while self._task is not None:
            await asyncio.shield(self._task)

    async def _flush(self) -> None:
        try:
            while self._pending and not self.lost:
                batch, self._pending = self._pending, []
                written = await self._send(batch)
                if written == 0:
                    self.lose()
        finally:
            self._task = None

    async def _send(self, batch: list[Any]) -> int:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._give_up
        errors = down_errors()
        while True:
            try:
                return int(await self._script(self._head + batch))
            except errors as exc:
                if loop.time() > deadline:
                    log.warning("job %s: events dropped, the broker is unreachable (%s)",
                                self._head[1], exc)
                    return 0
                await asyncio.sleep(_RETRY)
