"""Load generator processes released at one instant, their results merged.

One Python process drives one core at most: at thousands of virtual users (or at 64 in a
loop) the load generator, not the server, sets the pace. A *fleet* runs the same work in
``N`` processes (``spawn``: each its own interpreter and event loop), each with its own
share of the users, and releases them together:

1. every process prepares its share (clients, tasks waiting on a gate, a warm-up) and
   says it is ready;
2. once all are ready, the parent picks a release instant a little ahead and sends it;
   every process opens its gate at that instant (``time.perf_counter`` is Linux's
   ``CLOCK_MONOTONIC``, one clock for every process on the machine, so instants and
   durations from all processes compare directly);
3. each process sends back its result and the CPU it used from the release on.

``work(share, gate)`` is an ``async`` function at a module's top level (the child imports
it by name). It builds its tasks, each awaiting ``gate.opened``, then ``await gate.open()``.
The same work runs in this process with :func:`run_here` (no pipe, no spawn). Every wait
is bounded; a process that overruns is killed by its PID.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

__all__ = ["Fleet", "FleetResults", "Gate", "run_here"]

S = TypeVar("S")
T = TypeVar("T")
Work = Callable[[S, "Gate"], Awaitable[T]]


class Gate:
    """Where a process's tasks wait to be released; opened at the fleet's instant."""

    def __init__(self, pipe: Connection | None = None, lead: float = 0.2) -> None:
        self.opened = asyncio.Event()
        self.release_at = 0.0
        self.late_s = 0.0  # how long after the agreed instant this process let go
        self.cpu_at_release = 0.0
        self._pipe, self._lead = pipe, lead

    async def open(self) -> None:
        """Say ready, wait for the instant every process agrees on, then release."""
        if self._pipe is None:
            release_at = time.perf_counter() + self._lead
        else:
            self._pipe.send(("ready",))
            release_at = await asyncio.to_thread(self._pipe.recv)
        await asyncio.sleep(max(0.0, release_at - time.perf_counter()))
        self.release_at = release_at
        self.late_s = time.perf_counter() - release_at
        self.cpu_at_release = time.process_time()
        self.opened.set()

    def cpu_since_release(self) -> float:
        return time.process_time() - self.cpu_at_release


@dataclass
class FleetResults(Generic[T]):
    """What the processes sent back, in share order."""

    results: list[T]
    release_at: float  # perf_counter instant of the release (the same clock everywhere)
    cpu_s: float  # CPU all processes used from the release to their result
    late_max_s: float  # the last process's lag behind the release instant


def run_here(work: Work[S, T], share: S) -> FleetResults[T]:
    """The work of one share in this process (a fleet of one, without spawning)."""

    async def main() -> tuple[T, Gate]:
        gate = Gate()
        return await work(share, gate), gate

    result, gate = asyncio.run(main())
    return FleetResults([result], gate.release_at, gate.cpu_since_release(), gate.late_s)


def _child(work: Work[S, T], share: S, pipe: Connection) -> None:
    async def main() -> None:
        gate = Gate(pipe)
        result = await work(share, gate)
        pipe.send(("done", result, gate.cpu_since_release(), gate.late_s))

    try:
        asyncio.run(main())
    except BaseException:
        pipe.send(("failed", traceback.format_exc()))
        raise


class Fleet(Generic[S, T]):
    """``work`` in one spawned process per share (a context manager: stops them all).

    Args:
        work: ``async def work(share, gate) -> result`` at a module's top level.
        shares: one per process; picklable.
    """

    def __init__(self, work: Work[S, T], shares: list[S]) -> None:
        self._work, self._shares = work, shares
        self._procs: list[Any] = []
        self._pipes: list[Connection] = []
        self._release_at = 0.0

    def __enter__(self) -> Fleet[S, T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, timeout: float) -> None:
        """Spawn the processes and wait until every one is ready (at most ``timeout`` s)."""
        context = multiprocessing.get_context("spawn")
        for share in self._shares:
            ours, theirs = context.Pipe()
            proc = context.Process(target=_child, args=(self._work, share, theirs), daemon=True)
            proc.start()
            theirs.close()
            self._procs.append(proc)
            self._pipes.append(ours)
        deadline = time.monotonic() + timeout
        for pipe in self._pipes:
            self._expect(pipe, "ready", deadline)

    def release(self, lead: float = 0.2) -> float:
        """Send every process the instant to let go, ``lead`` seconds from now."""
        self._release_at = time.perf_counter() + lead
        for pipe in self._pipes:
            pipe.send(self._release_at)
        return self._release_at

    def results(self, timeout: float) -> FleetResults[T]:
        """Wait (at most ``timeout`` s) for every process's result."""
        deadline = time.monotonic() + timeout
        done = [self._expect(pipe, "done", deadline) for pipe in self._pipes]
        return FleetResults(
            results=[message[1] for message in done],
            release_at=self._release_at,
            cpu_s=sum(message[2] for message in done),
            late_max_s=max(message[3] for message in done),
        )

    def stop(self) -> None:
        """Join every process; kill (by its PID) one that is still running after 5 s."""
        for proc in self._procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=5)
        for pipe in self._pipes:
            pipe.close()
        self._procs, self._pipes = [], []

    @staticmethod
    def _expect(pipe: Connection, kind: str, deadline: float) -> tuple[Any, ...]:
        if not pipe.poll(max(0.0, deadline - time.monotonic())):
            raise TimeoutError(f"a load generator process sent no {kind!r} in time")
        try:
            message: tuple[Any, ...] = pipe.recv()
        except EOFError:
            raise RuntimeError("a load generator process died without a word") from None
        if message[0] == "failed":
            raise RuntimeError(f"a load generator process failed:\n{message[1]}")
        if message[0] != kind:
            raise RuntimeError(f"a load generator process sent {message[0]!r}, not {kind!r}")
        return message
