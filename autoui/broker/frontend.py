"""``autoui serve --broker``: a stateless front-end whose jobs live in Redis.

:class:`BrokerBackend` is the :class:`~autoui.server.backend.JobBackend` of a front-end.
It runs no user function: a submit is one Lua script (:mod:`autoui.broker.scripts`)
that checks the per-client cap and ``--max-queue``, queues the job on its function's
stream and writes its first ``queued`` event, atomically. Any front-end finds any job
(its mirror is built from Redis on first use, :mod:`autoui.broker.relay`), cancels it,
and feeds its live input (:mod:`autoui.broker.inputs`). While Redis is unreachable,
submits and lookups answer 503 + ``Retry-After``.
"""

from __future__ import annotations

import functools
import logging
import secrets
import socket
from typing import TYPE_CHECKING, Any

from autoui.broker.connection import BrokerDown, connect, down_errors
from autoui.broker.inputs import InputScripts, RedisChunkSink, live_field
from autoui.broker.keys import GROUP, Keys
from autoui.broker.link import Link
from autoui.broker.relay import Relay
from autoui.broker.roster import live_workers
from autoui.broker.scripts import Scripts
from autoui.broker.settings import BrokerSettings, app_id
from autoui.errors import QueueFullError, TooManyJobsError
from autoui.events import Queued
from autoui.server.jobs import Job
from autoui.server.sse import dumps

if TYPE_CHECKING:  # pragma: no cover
    from autoui.components.live import LiveInput
    from autoui.server.backend import WireData
    from autoui.server.files import JobFiles
    from autoui.server.settings import ServerSettings
    from autoui.server.state import ServerState

__all__ = ["BrokerBackend", "attach_broker"]

log = logging.getLogger("autoui")

RETRY_AFTER = 2  # seconds a client is asked to wait while Redis is unreachable
_CANCEL_SEEN = 2.0  # seconds a cancel waits for its own event to reach the mirror
_SUBMITS_AT_ONCE = 16  # submits in flight at once (held connections; the rest wait)


def attach_broker(state: ServerState, broker: BrokerSettings) -> None:
    """Make ``state`` a front-end of ``broker`` (its backend and its shared files)."""
    from autoui.broker.files import SharedFiles

    backend = BrokerBackend(state.spec.functions, state.settings, broker, app_id(state.spec))
    state.backend = backend
    state.shared_files = SharedFiles(
        backend.client, backend.keys, broker, state.files, state.settings.file_ttl
    )


class BrokerBackend:
    """Jobs in Redis, run by ``autoui worker`` processes."""

    def __init__(
        self, functions: Any, settings: ServerSettings, broker: BrokerSettings, app: str
    ) -> None:
        self.specs = {fn.name: fn for fn in functions}
        self.functions = list(self.specs)
        self.settings = settings
        self.broker = broker
        self.app = app
        self.keys = Keys(app)
        self.client = connect(broker.url)
        self.scripts = Scripts(self.client)
        self.link = Link(self.client, _SUBMITS_AT_ONCE)
        self.input_scripts = InputScripts(self.client)
        self._sinks: dict[str, RedisChunkSink] = {}  # live inputs fed through this front-end
        self.frontend_id = f"{socket.gethostname()}-{secrets.token_hex(4)}"
        self.relay = Relay(self.client, self.link, self.keys, self.frontend_id)
        self._closing = False

    async def start(self) -> None:
        self.relay.start()
        try:
            await self.ensure_groups()
        except down_errors() as exc:
            log.warning("the broker %s is unreachable (%s); retrying", self.broker.shown_url(), exc)

    async def ensure_groups(self) -> None:
        """Create each function's consumer group (from the start of its stream) once."""
        import redis.exceptions

        for fn in self.functions:
            try:
                await self.client.xgroup_create(self.keys.queue(fn), GROUP, id="0", mkstream=True)
            except redis.exceptions.ResponseError as exc:
                if "BUSYGROUP" not in str(exc):
                    raise

    async def check_client(self, client: str | None, fn: str, address: str | None = None) -> None:
        """Refuse a flood through this front-end at once, from its own mirrors (no network).

        The cluster-wide cap is enforced atomically by the submit script; this only
        spares reading and checking bodies this front-end already knows it will refuse.
        """
        limit = self.settings.max_jobs_per_client
        if client is None or limit is None:
            return
        if self.relay.live_jobs(client) >= limit:
            raise _too_many(limit)

    async def submit(
        self,
        fn: str,
        data: WireData,
        files: JobFiles,
        owner: str | None,
        client: str | None,
        *,
        address: str | None = None,  # the per-address and byte budgets are in-process only
        size: int = 0,
        live: bool = False,
    ) -> Job:
        if self._closing:
            raise QueueFullError("the server is shutting down; try again shortly", retry_after=5)
        job_id = secrets.token_urlsafe(16)
        settings = self.settings
        limit = settings.max_jobs_per_client
        reply = await self._call(
            self.link.script,
            self.scripts.submit,
            [
                self.keys.prefix, job_id, fn, owner or "", client or "", dumps(data), files.base,
                -1 if settings.max_queue is None else settings.max_queue,
                -1 if limit is None else limit,
                int(settings.job_ttl) + 60, self.broker.event_maxlen, self.frontend_id,
                live_field(settings.stream_time_limit, settings.stream_idle_timeout)
                if live else "",
            ],
        )  # fmt: skip
        status = reply[0]
        if status == b"client":
            raise _too_many(limit or 0)
        if status == b"full":
            raise QueueFullError(
                f"the queue is full ({settings.max_queue} jobs waiting); try again shortly",
                retry_after=RETRY_AFTER,
            )
        job = self.relay.mirror(job_id, fn, owner, client)
        self.relay.feed(job, int(reply[3]), Queued.kind, reply[2])
        self.relay.replay_early(job)
        if live:
            self._sink(job)
        return job

    async def get(self, job_id: str, owner: str | None) -> Job | None:
        job = self.relay.known(job_id)
        if job is None:
            fields = await self._call(self.client.hmget, self.keys.job(job_id), "fn", "owner")
            if fields[0] is None:
                return None
            stored_owner = fields[1].decode() or None
            job = self.relay.mirror(job_id, fields[0].decode(), stored_owner)
            try:
                await self._call(self.relay.follow, job)
            except QueueFullError:
                self.relay.mirrors.pop(job_id, None)
                raise
        if job.owner is not None and job.owner != owner:
            return None
        return job

    async def cancel(self, job: Job) -> bool:
        if job.done:
            return False
        args = [self.keys.prefix, job.id, self.broker.event_maxlen, int(self.settings.job_ttl)]
        cancelled = bool(await self._call(self.scripts.cancel, args=args))
        if cancelled:
            await _until_done(job, _CANCEL_SEEN)
        return cancelled

    async def live_input(self, job: Job) -> RedisChunkSink | None:
        """The job's live input, while it takes chunks (its ``live`` field says it is fed
        live; a job submitted through another front-end is looked up once)."""
        if job.done:
            return None
        sink = self._sinks.get(job.id)
        if sink is None and self.specs[job.fn].live_input is not None:
            key = self.keys.job(job.id)
            live, state = await self._call(self.client.hmget, key, "live", "state")
            if live is not None and state not in _ENDED and not job.done:
                sink = self._sink(job)
        return sink

    def _sink(self, job: Job) -> RedisChunkSink:
        param = self.specs[job.fn].live_input
        assert param is not None, "a live job of a function with a live input"
        component: LiveInput = param.component  # type: ignore[assignment]
        ttl = int(self.settings.job_ttl) + 60
        sink = self._sinks[job.id] = RedisChunkSink(
            self.input_scripts, self.keys, job.id, component, ttl
        )

        def finished(_: Job) -> None:
            sink.close("the job ended")
            self._sinks.pop(job.id, None)

        job.on_finish(finished)
        return sink

    async def health(self) -> dict[str, Any]:
        report: dict[str, Any] = {
            "broker": {"url": self.broker.shown_url(), "app": self.app, "connected": False}
        }
        try:
            await self.client.ping()
            report["broker"]["connected"] = True
            live = await live_workers(self.client, self.keys, self.broker)
            report["workers"] = {fn: live.get(fn, 0) for fn in self.functions}
        except down_errors():
            report["status"] = "broker unreachable"
        return report

    async def drain(self, grace: float) -> None:
        self._closing = True  # jobs live on in Redis; workers finish them

    async def aclose(self) -> None:
        await self.relay.aclose()
        await self.link.aclose()
        await self.client.aclose()
        self._closing = False

    async def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """One Redis call; unreachable Redis becomes a 503 with ``Retry-After``."""
        try:
            return await fn(*args, **kwargs)
        except _unreachable():
            raise QueueFullError(
                "the job broker (Redis) is unreachable; try again shortly",
                retry_after=RETRY_AFTER,
            ) from None


@functools.cache
def _unreachable() -> tuple[type[BaseException], ...]:
    return (*down_errors(), BrokerDown)


_ENDED = (b"complete", b"error", b"cancelled")


def _too_many(limit: int) -> TooManyJobsError:
    return TooManyJobsError(
        f"too many jobs: this client already has {limit} queued or running, the most "
        f"one client may have (max_jobs_per_client = {limit}); wait for one to finish "
        "or cancel one, then retry",
        limit=limit,
        retry_after=RETRY_AFTER,
    )


async def _until_done(job: Job, timeout: float) -> None:
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not job.done and loop.time() < deadline:
        try:
            await asyncio.wait_for(job.changed(), deadline - loop.time())
        except asyncio.TimeoutError:
            return
