"""How a live input's chunks travel from the adapter that receives them to the function.

Two sides, one small interface each, so the transport can change without the function
or the adapter noticing:

- the *sending* side (:class:`ChunkSink`): the WebSocket route or the HTTP fallback puts
  each chunk as it arrives, ends the input, or closes it;
- the *receiving* side (:class:`ChunkSource`): the iterator handed to the function
  (:mod:`autoui.streaming.bridge`) takes the next item, from a worker thread (a sync
  function) or on the event loop (an ``async`` one), with a timeout.

:class:`LocalInput` is both, in one process: the server's in-process queue uses it. The
policy's :class:`~autoui.streaming.backlog.Backlog` sits between the two and bounds
what waits. Other transports keep a :class:`LocalInput` where the function is taken
from, so the policy always applies where the function consumes: under a broker
(:mod:`autoui.broker.inputs`) a front-end's sink appends to a Redis stream that the
worker pumps into its :class:`LocalInput`; an isolated slot process
(:mod:`autoui.isolation.slotinput`) asks its parent for each next item.
:class:`LiveInputs` is where the in-process backend finds the input of a job.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Protocol

from autoui.streaming.backlog import Backlog, Drops

__all__ = ["ChunkSink", "ChunkSource", "InputFlags", "LiveInputs", "LocalInput"]


class ChunkSource(Protocol):
    """The function's side of a live input.

    Attributes:
        time_limit: seconds the input may last, counted from the first take.
        idle_timeout: seconds without a chunk after which the input ends.
        ended: the sender said the input is complete (what waits is still taken).
        closed: the input was stopped (cancel, a limit): nothing more is taken.
    """

    time_limit: float
    idle_timeout: float

    @property
    def ended(self) -> bool: ...

    @property
    def closed(self) -> bool: ...

    def take_blocking(self, timeout: float) -> bytes | None:
        """The next item, waiting in this (worker) thread up to ``timeout`` seconds.

        None: nothing came in time, or the input ended or was closed (see the flags).
        """
        ...

    async def take(self, timeout: float) -> bytes | None:
        """:meth:`take_blocking` on the event loop."""
        ...

    def take_drops(self) -> Drops:
        """What the policy dropped since the last call."""
        ...

    def close(self, reason: str) -> None:
        """Stop the input now (thread-safe): waiting takes return None, puts are refused."""
        ...


class ChunkSink(Protocol):
    """The receiving adapter's side of a live input (always on the event loop)."""

    async def put(self, chunk: bytes) -> bool:
        """Hand over one chunk, waiting while the policy says the backlog is full.

        Returns:
            False once the input is over (ended, closed, or the job finished).
        """
        ...

    async def is_repeat(self, seq: int) -> bool:
        """Whether chunk number ``seq`` (the HTTP fallback's ``X-Chunk-Seq``) was already
        handed over; if not, it is recorded as the latest."""
        ...

    def end(self) -> None:
        """The sender is done: the function gets what waits, then the input ends."""
        ...

    def close(self, reason: str) -> None:
        """Stop the input now."""
        ...

    @property
    def closed_reason(self) -> str | None:
        """Why the input was stopped on the server's side (None: it was not)."""
        ...


class InputFlags:
    """The end and close flags every :class:`ChunkSource` keeps, read the same way."""

    _ended: bool = False
    _closed: str | None = None

    @property
    def ended(self) -> bool:
        return self._ended

    @property
    def closed(self) -> bool:
        return self._closed is not None

    @property
    def closed_reason(self) -> str | None:
        return self._closed


class LocalInput(InputFlags):
    """A live input within one process: the sink and the source of one job's chunks.

    Puts happen on the event loop; takes in a worker thread or on the loop. One lock
    guards the backlog; a condition wakes a waiting thread, events wake the loop.

    Args:
        backlog: bounds what waits, by the input's policy.
        time_limit: see :class:`ChunkSource`.
        idle_timeout: see :class:`ChunkSource`.
    """

    def __init__(self, backlog: Backlog, time_limit: float, idle_timeout: float) -> None:
        self.backlog = backlog
        self.time_limit = time_limit
        self.idle_timeout = idle_timeout
        self.loop = asyncio.get_running_loop()
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._ready = asyncio.Event()  # for a take on the loop
        self._space = asyncio.Event()  # for a put waiting on a full backlog
        self.chunks_in = 0
        self.bytes_in = 0
        self.last_seq = 0  # the HTTP fallback's X-Chunk-Seq, to ignore a retried chunk

    # -- the sending side (event loop) -----------------------------------------------------
    async def put(self, chunk: bytes) -> bool:
        while True:
            with self._lock:
                if self._ended or self._closed is not None:
                    return False
                if not self.backlog.full:
                    self.backlog.add(chunk)
                    self.chunks_in += 1
                    self.bytes_in += len(chunk)
                    self._arrived.notify_all()
                    self._ready.set()
                    return True
                self._space.clear()
            await self._space.wait()

    async def is_repeat(self, seq: int) -> bool:
        if seq <= self.last_seq:
            return True
        self.last_seq = seq
        return False

    def end(self) -> None:
        with self._lock:
            self._ended = True
            self._arrived.notify_all()
        self._wake_loop()

    def close(self, reason: str) -> None:
        with self._lock:
            if self._closed is None:
                self._closed = reason
            self._arrived.notify_all()
        self._wake_loop()

    # -- the receiving side ------------------------------------------------------------------
    def take_blocking(self, timeout: float) -> bytes | None:
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                item = self._take_locked()
                if item is not None or self._ended or self._closed is not None:
                    return item
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._arrived.wait(remaining)

    async def take(self, timeout: float) -> bytes | None:
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                item = self._take_locked()
                if item is not None or self._ended or self._closed is not None:
                    return item
                self._ready.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                await asyncio.wait_for(self._ready.wait(), remaining)
            except (TimeoutError, asyncio.TimeoutError):
                return None

    def take_drops(self) -> Drops:
        with self._lock:
            return self.backlog.take_drops()

    def note_drops(self, chunks: int = 0, bytes_: int = 0) -> None:
        """Count what was dropped before the chunks reached this input (a transport that
        bounds what waits in it, like a Redis stream's ``MAXLEN``), to be reported as the
        policy's own drops are."""
        with self._lock:
            self.backlog.drops.chunks += chunks
            self.backlog.drops.bytes += bytes_

    def _take_locked(self) -> bytes | None:
        if self._closed is not None:
            return None
        item = self.backlog.take()
        if item is not None and self.backlog.policy == "all":
            self._wake_loop(space=True)
        return item

    def _wake_loop(self, space: bool = True) -> None:
        """Wake a put waiting for room and a take waiting on the loop, from any thread."""
        def wake() -> None:
            if space:
                self._space.set()
            self._ready.set()

        if _on_loop(self.loop):
            wake()
        elif not self.loop.is_closed():
            self.loop.call_soon_threadsafe(wake)


def _on_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False


class LiveInputs:
    """The live inputs of one server's jobs, by job id (in-process).

    An input is opened when its job is submitted (so chunks sent before the job starts
    wait in its backlog) and forgotten when the job ends.
    """

    def __init__(self) -> None:
        self._inputs: dict[str, LocalInput] = {}

    def __len__(self) -> int:
        return len(self._inputs)

    def open(self, job_id: str, make: Callable[[], LocalInput]) -> LocalInput:
        live = self._inputs.get(job_id)
        if live is None:
            live = self._inputs[job_id] = make()
        return live

    def get(self, job_id: str) -> LocalInput | None:
        return self._inputs.get(job_id)

    def finish(self, job_id: str, reason: str = "the job ended") -> None:
        """The job is over: its input is closed and forgotten."""
        live = self._inputs.pop(job_id, None)
        if live is not None:
            live.close(reason)
