"""The one interface every wire adapter submits, finds and cancels jobs through.

The HTTP/SSE routes (and the MCP, Gradio-protocol and WebSocket adapters) call a
:class:`JobBackend` and read the :class:`~autoui.server.jobs.Job` records it returns;
they do not know which backend runs the jobs:

- :class:`LocalBackend`: the in-process :class:`~autoui.server.queue.JobQueue` and
  :class:`~autoui.server.jobs.JobStore` (the default);
- :class:`autoui.broker.frontend.BrokerBackend` (``--broker redis://...``): jobs live in
  Redis and run on ``autoui worker`` processes; the ``Job`` an adapter gets is a local
  mirror kept current from Redis, with the same event log, integer sequence numbers
  and ``changed()`` / ``on_finish()`` hooks.

Every method that may talk to another process is a coroutine (finding a job by id is a
network call under a broker). A backend that cannot take a job now raises
:class:`~autoui.errors.QueueFullError` (503 + ``Retry-After``; also while the broker is
unreachable) or :class:`~autoui.errors.TooManyJobsError` (429).
"""

from __future__ import annotations

from typing import Any, Protocol

from autoui.server.files import JobFiles
from autoui.server.jobs import Job
from autoui.server.queue import JobQueue
from autoui.server.retention import JobStore

__all__ = ["JobBackend", "LocalBackend", "WireData"]

WireData = dict[str, Any] | list[Any]  # {"data": ...} of a request: by name or by position



class JobBackend(Protocol):
    """Submits, finds and cancels jobs; what every wire adapter talks to."""

    async def start(self) -> None:
        """Connect and start background work (called once the event loop runs)."""

    async def check_client(self, client: str | None, fn: str, address: str | None = None) -> None:
        """Raise :class:`~autoui.errors.TooManyJobsError` if ``client`` (or, anonymous, its
        ``address``) is at its cap.

        Cheap, so an adapter can refuse a flood before it reads a request body.
        """

    async def submit(
        self,
        fn: str,
        data: WireData,
        files: JobFiles,
        owner: str | None,
        client: str | None,
        *,
        address: str | None = None,
        size: int = 0,
    ) -> Job:
        """Queue a call of ``fn`` with its wire inputs (already checked); returns its job.

        Adapters go through :func:`autoui.server.routes_api.admit` (the cheap input
        check, then this), never straight here.

        Args:
            fn: the function's name (the adapter checked it exists).
            data: the inputs as they came over the wire (files as ``{"id"}`` payloads);
                decoded when the job starts, wherever it runs.
            files: the job's file context (its owner and mount prefix travel with the
                job; under a broker the worker builds its own from them).
            owner: the session or user the job and its files belong to (None: anonymous).
            client: who is asking, for the per-client cap (None: not counted).
            address: an anonymous client's address, for the per-address cap.
            size: the request's bytes, counted while the job waits.

        Raises:
            TooManyJobsError: ``client`` has too many live jobs.
            QueueFullError: the queue is full, the server is stopping or the broker is down.
        """
        ...

    async def get(self, job_id: str, owner: str | None) -> Job | None:
        """The job, if it exists and ``owner`` may see it (None otherwise)."""
        ...

    async def cancel(self, job: Job) -> bool:
        """Cancel ``job`` (a waiting job never runs); False if it had already ended."""
        ...

    async def health(self) -> dict[str, Any]:
        """What ``GET /health`` adds about the backend (broker, workers)."""
        ...

    async def drain(self, grace: float) -> None:
        """Stop taking jobs; give the running ones ``grace`` seconds."""

    async def aclose(self) -> None:
        """Release everything; every local job ends with a terminal event."""


class LocalBackend:
    """The in-process backend: a :class:`JobQueue` over a :class:`JobStore`."""

    def __init__(self, queue: JobQueue, store: JobStore) -> None:
        self.queue = queue
        self.store = store

    async def start(self) -> None:
        await self.queue.start()

    async def check_client(self, client: str | None, fn: str, address: str | None = None) -> None:
        self.queue.check_client(client, fn, address)

    async def submit(
        self,
        fn: str,
        data: WireData,
        files: JobFiles,
        owner: str | None,
        client: str | None,
        *,
        address: str | None = None,
        size: int = 0,
    ) -> Job:
        return self.queue.submit(fn, data, files, owner, client, address=address, size=size)

    async def get(self, job_id: str, owner: str | None) -> Job | None:
        return self.store.get(job_id, owner)

    async def cancel(self, job: Job) -> bool:
        return self.queue.cancel(job)

    async def health(self) -> dict[str, Any]:
        execution = self.queue.health()
        return {"status": "degraded" if execution.get("crashing") else "ok", **execution}

    async def drain(self, grace: float) -> None:
        await self.queue.drain(grace)

    async def aclose(self) -> None:
        await self.queue.aclose()
