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

A job whose live parameter (``Iterator[Audio]``, ...) was left out is submitted with
``live=True``; its chunks then go to the :class:`~autoui.streaming.channel.ChunkSink`
that :meth:`JobBackend.live_input` gives, from any front-end, while the job takes them.

Every method that may talk to another process is a coroutine (finding a job by id is a
network call under a broker). A backend that cannot take a job now raises
:class:`~autoui.errors.QueueFullError` (503 + ``Retry-After``; also while the broker is
unreachable) or :class:`~autoui.errors.TooManyJobsError` (429).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

from autoui.server.files import JobFiles
from autoui.server.jobs import Job
from autoui.server.queue import JobQueue
from autoui.server.retention import JobStore
from autoui.spec import FunctionSpec
from autoui.streaming.channel import ChunkSink, LiveInputs, LocalInput

if TYPE_CHECKING:  # pragma: no cover
    from autoui.server.settings import ServerSettings

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
        live: bool = False,
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
            live: ``data`` leaves the live parameter out: open the job's live input
                (chunks sent before the job starts wait in it, within its policy).

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

    async def live_input(self, job: Job) -> ChunkSink | None:
        """Where ``job``'s live chunks go (None: it has no live input, or it has ended)."""
        ...

    async def health(self) -> dict[str, Any]:
        """What ``GET /health`` adds about the backend (broker, workers)."""
        ...

    async def drain(self, grace: float) -> None:
        """Stop taking jobs; give the running ones ``grace`` seconds."""

    async def aclose(self) -> None:
        """Release everything; every local job ends with a terminal event."""


class LocalBackend:
    """The in-process backend: a :class:`JobQueue` over a :class:`JobStore`.

    Args:
        queue: runs the jobs (and hands each job fed live its input, from ``live_inputs``).
        store: keeps them.
        live_inputs: the live inputs of this process's jobs, by job id.
        functions: the app's functions, by name.
        settings: the stream time limit and idle timeout of a live input.
    """

    def __init__(
        self,
        queue: JobQueue,
        store: JobStore,
        live_inputs: LiveInputs | None = None,
        functions: dict[str, FunctionSpec] | None = None,
        settings: ServerSettings | None = None,
    ) -> None:
        self.queue = queue
        self.store = store
        self.live_inputs = LiveInputs() if live_inputs is None else live_inputs  # (empty: falsy)
        self.functions = functions or {}
        self.settings = settings

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
        live: bool = False,
    ) -> Job:
        job = self.queue.submit(fn, data, files, owner, client, address=address, size=size)
        if live:  # before the job's task first runs, so it finds its input when it starts
            self._open_input(job)
        return job

    def _open_input(self, job: Job) -> None:
        from autoui.components.live import LiveInput

        param = self.functions[job.fn].live_input
        assert param is not None and self.settings is not None, "a live job of a live function"
        component = cast(LiveInput, param.component)
        settings = self.settings
        self.live_inputs.open(
            job.id,
            lambda: LocalInput(
                component.backlog(), settings.stream_time_limit, settings.stream_idle_timeout
            ),
        )
        job.on_finish(lambda done: self.live_inputs.finish(done.id))

    async def get(self, job_id: str, owner: str | None) -> Job | None:
        return self.store.get(job_id, owner)

    async def cancel(self, job: Job) -> bool:
        return self.queue.cancel(job)

    async def live_input(self, job: Job) -> ChunkSink | None:
        return self.live_inputs.get(job.id)

    async def health(self) -> dict[str, Any]:
        execution = self.queue.health()
        return {"status": "degraded" if execution.get("crashing") else "ok", **execution}

    async def drain(self, grace: float) -> None:
        await self.queue.drain(grace)

    async def aclose(self) -> None:
        await self.queue.aclose()
