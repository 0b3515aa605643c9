"""A live input for a job that runs in a slot process: the chunks wait in the parent.

The parent keeps the job's :class:`~autoui.streaming.channel.ChunkSource` (the
in-process input the WebSocket route feeds, a broker worker's Redis pump, the
terminal's pump), so the input's policy applies where it always does: a slow function
still gets the waiting audio coalesced, or the newest frame. In the child the function
iterates over a :class:`SlotInput`, which asks the parent for each next item
(:class:`~autoui.isolation.protocol.TakeChunk`, answered by :func:`answer_take` with a
:class:`~autoui.isolation.protocol.ChunkReply`), so nothing piles up in the pipe and
nothing is lost in it. When the child stops the input (a cancel, the idle timeout or
the stream time limit), :class:`~autoui.isolation.protocol.CloseInput` stops the
parent's too.

A cancel of a function that waits for a chunk works as in one process: the child's
token closes its input, the wait ends and the iterator raises in the function, whose
``finally`` runs; the slot's soft interrupt, then its kill after the grace, stay the
backstop for code that does not come back.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import Callable
from typing import Any

from autoui.isolation.protocol import ChunkReply, CloseInput, LiveLimits, TakeChunk
from autoui.streaming.backlog import Drops
from autoui.streaming.channel import ChunkSource, InputFlags

__all__ = ["SlotInput", "answer_take", "limits_of"]

_REPLY_SLACK = 5.0  # seconds past a take's own timeout that its reply may take


def limits_of(live: ChunkSource) -> LiveLimits:
    """What the child needs to know of the parent's input."""
    return LiveLimits(live.time_limit, live.idle_timeout)


async def answer_take(live: ChunkSource, request: TakeChunk) -> ChunkReply:
    """Take the next item from the parent's input for the child (on the parent's loop)."""
    data = await live.take(request.timeout)
    closed = (getattr(live, "closed_reason", None) or "closed") if live.closed else None
    return ChunkReply(request.seq, request.request, data, live.ended, closed, live.take_drops())


class _Waiter:
    """One take waiting for its reply: a thread (a sync function) or the loop (an async one)."""

    def __init__(self, loop: asyncio.AbstractEventLoop | None) -> None:
        self.reply: ChunkReply | None = None
        self.event = threading.Event() if loop is None else None
        self.future: asyncio.Future[None] | None = None if loop is None else loop.create_future()
        self.loop = loop

    def wake(self, reply: ChunkReply | None) -> None:
        """From any thread: hand over ``reply`` (None: the input was stopped)."""
        self.reply = reply
        if self.event is not None:
            self.event.set()
        elif self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self._resolve)

    def _resolve(self) -> None:
        if self.future is not None and not self.future.done():
            self.future.set_result(None)


class SlotInput(InputFlags):
    """The :class:`~autoui.streaming.channel.ChunkSource` of a job in a slot process.

    Args:
        send: sends a message to the parent (thread-safe).
        seq: the run the input belongs to.
        limits: the parent's input's time limit and idle timeout.
        loop: the child's event loop (where replies are read and ``async`` takes wait).
    """

    def __init__(
        self,
        send: Callable[[Any], None],
        seq: int,
        limits: LiveLimits,
        loop: asyncio.AbstractEventLoop,
    ) -> None:
        self.time_limit = limits.time_limit
        self.idle_timeout = limits.idle_timeout
        self._send = send
        self._seq = seq
        self._loop = loop
        self._numbers = itertools.count()
        self._lock = threading.Lock()
        self._waiting: dict[int, _Waiter] = {}
        self._drops = Drops()

    def take_blocking(self, timeout: float) -> bytes | None:
        waiter = self._ask(timeout, None)
        if waiter is None:
            return None
        assert waiter.event is not None
        waiter.event.wait(timeout + _REPLY_SLACK)
        return self._data(waiter)

    async def take(self, timeout: float) -> bytes | None:
        waiter = self._ask(timeout, self._loop)
        if waiter is None:
            return None
        assert waiter.future is not None
        try:
            await asyncio.wait_for(asyncio.shield(waiter.future), timeout + _REPLY_SLACK)
        except (TimeoutError, asyncio.TimeoutError):
            pass
        return self._data(waiter)

    def take_drops(self) -> Drops:
        with self._lock:
            drops, self._drops = self._drops, Drops()
            return drops

    def close(self, reason: str) -> None:
        """Stop the input now (any thread): waiting takes return None, the parent hears it."""
        with self._lock:
            if self._closed is not None:
                return
            self._closed = reason
            waiting, self._waiting = list(self._waiting.values()), {}
        for waiter in waiting:
            waiter.wake(None)
        try:
            self._send(CloseInput(self._seq, reason))
        except OSError:
            pass  # the parent is gone; the slot ends with it

    def answered(self, reply: ChunkReply) -> None:
        """The parent's reply to a take (read on the child's loop thread)."""
        with self._lock:
            self._ended = reply.ended
            if reply.closed is not None and self._closed is None:
                self._closed = reply.closed
            self._drops.chunks += reply.drops.chunks
            self._drops.bytes += reply.drops.bytes
            waiter = self._waiting.pop(reply.request, None)
        if waiter is not None:
            waiter.wake(reply)

    def _ask(self, timeout: float, loop: asyncio.AbstractEventLoop | None) -> _Waiter | None:
        with self._lock:
            if self._closed is not None:
                return None
            number = next(self._numbers)
            waiter = self._waiting[number] = _Waiter(loop)
        try:
            self._send(TakeChunk(number, self._seq, timeout))
        except OSError:
            self.close("the server has gone")
        return waiter

    def _data(self, waiter: _Waiter) -> bytes | None:
        with self._lock:
            self._waiting = {n: w for n, w in self._waiting.items() if w is not waiter}
        return None if waiter.reply is None else waiter.reply.data
