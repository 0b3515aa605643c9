"""The iterator a streaming function receives: chunks taken from a live input, decoded.

``for rate, pcm in audio:`` in a sync function blocks its worker thread until the next
item (the policy's choice: :mod:`autoui.streaming.backlog`) is there; ``async for`` in
an ``async`` function awaits it on the event loop. Each item is decoded by the input's
component in the thread that asked for it (frames off the loop, in the executor, for
an ``async`` function).

The input ends — the loop finishes and the function goes on to its result — when the
sender ends it, when no chunk came for ``idle_timeout`` seconds, or when it has lasted
``time_limit`` seconds; the last two say so in an ``alert``. A cancelled job's input
raises :class:`InputCancelled` in the function instead (its ``finally`` runs, and what
it returns is discarded). Drops made by the policy are reported as a warning at most
once a second, and once more at the end.
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import Executor
from typing import Any

from autoui.cancel import CancelToken
from autoui.components.live import LiveInput
from autoui.limits import InputLimits
from autoui.progress import Warning as warn
from autoui.streaming.backlog import Drops
from autoui.streaming.channel import ChunkSource

__all__ = ["InputCancelled", "LiveFeed", "live_iterator"]

_REPORT_EVERY = 1.0  # seconds between two alerts about drops


class InputCancelled(Exception):
    """The job was cancelled while its function waited for the next chunk."""


def live_iterator(
    component: LiveInput,
    source: ChunkSource,
    *,
    cancel: CancelToken | None = None,
    executor: Executor | None = None,
    limits: InputLimits | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[Any] | AsyncIterator[Any]:
    """The value of a live parameter: a sync or async iterator as the function needs.

    Created on the event loop (a cancel closes ``source``, waking a waiting take).
    """
    feed = LiveFeed(component, source, limits or InputLimits(), clock)
    if cancel is not None:
        cancel.add_callback(lambda: source.close("cancelled"))
    if component.protocol == "async":
        return _AsyncItems(feed, executor)
    return _SyncItems(feed)


class LiveFeed:
    """What both iterators share: the clock, the limits, decoding and drop reports."""

    def __init__(
        self,
        component: LiveInput,
        source: ChunkSource,
        limits: InputLimits,
        clock: Callable[[], float],
    ) -> None:
        self.component = component
        self.source = source
        self.limits = limits
        self.clock = clock
        self.started: float | None = None
        self.last = 0.0  # when the last item was taken (or the first wait began)
        self.reported = 0.0
        self.pending = Drops()
        self.items = 0

    def wait_time(self) -> float:
        """How long the next take may wait: until idle, or until the time limit."""
        now = self.clock()
        if self.started is None:
            self.started = self.last = now
        idle_left = self.source.idle_timeout - (now - self.last)
        time_left = self.source.time_limit - (now - self.started)
        return max(0.0, min(idle_left, time_left))

    def after_nothing(self) -> None:
        """A take returned nothing: raise StopIteration's cause, or say why the input ended."""
        source = self.source
        if source.closed:
            if getattr(source, "closed_reason", None) == "cancelled":
                raise InputCancelled("the job was cancelled")
        elif not source.ended:
            assert self.started is not None
            if self.clock() - self.started >= source.time_limit:
                why = f"the stream reached its time limit ({source.time_limit:g} s)"
            else:
                why = f"no input came for {source.idle_timeout:g} s"
            source.close("time limit" if "limit" in why else "idle")
            warn(f"{why}; the input was ended")
        self.report(final=True)

    def decode(self, data: bytes) -> Any:
        self.items += 1
        self.last = self.clock()
        self.report(final=False)
        return self.component.decode_chunk(data, self.limits)

    def report(self, final: bool) -> None:
        """Tell the user what the policy dropped, at most once a second (and at the end)."""
        drops = self.source.take_drops()
        self.pending.chunks += drops.chunks
        self.pending.bytes += drops.bytes
        now = self.clock()
        if not self.pending or (not final and now - self.reported < _REPORT_EVERY):
            return
        self.reported = now
        warn(self._describe(self.pending))
        self.pending = Drops()

    def _describe(self, drops: Drops) -> str:
        component = self.component
        if drops.bytes:
            rate = getattr(component, "rate", 16000) * getattr(component, "frame_bytes", 2)
            lag = getattr(component, "max_lag", 0)
            return (
                f"the function fell more than {lag:g} s behind the live audio: the oldest "
                f"{drops.bytes / rate:.2f} s were dropped"
            )
        return (
            f"{drops.chunks} stale frame{'s' if drops.chunks != 1 else ''} skipped: the "
            "function takes longer than the time between frames"
        )


class _SyncItems(Iterator[Any]):
    """``for item in param``: each ``next`` waits in the function's own thread."""

    def __init__(self, feed: LiveFeed) -> None:
        self.feed = feed
        self.done = False

    def __next__(self) -> Any:
        if self.done:
            raise StopIteration
        feed = self.feed
        while True:
            data = feed.source.take_blocking(feed.wait_time())
            if data is not None:
                return feed.decode(data)
            if feed.source.ended or feed.source.closed or feed.wait_time() <= 0:
                self.done = True
                feed.after_nothing()
                raise StopIteration


class _AsyncItems(AsyncIterator[Any]):
    """``async for item in param``: each step awaits on the event loop."""

    def __init__(self, feed: LiveFeed, executor: Executor | None) -> None:
        self.feed = feed
        self.executor = executor
        self.done = False

    async def __anext__(self) -> Any:
        if self.done:
            raise StopAsyncIteration
        feed = self.feed
        while True:
            data = await feed.source.take(feed.wait_time())
            if data is not None:
                if feed.component.media == "audio":
                    return feed.decode(data)
                loop = asyncio.get_running_loop()
                context = contextvars.copy_context()  # alerts reach the job from the thread
                return await loop.run_in_executor(self.executor, context.run, feed.decode, data)
            if feed.source.ended or feed.source.closed or feed.wait_time() <= 0:
                self.done = True
                feed.after_nothing()
                raise StopAsyncIteration
