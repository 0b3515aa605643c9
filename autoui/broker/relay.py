"""A front-end's mirrors of the jobs it follows, kept current from Redis.

A front-end follows a job when it submitted it or a client asked for it. It adds itself
to the job's ``watch:<id>`` set; from then on every event the Lua scripts write is also
published on this front-end's own channel (``fe:<id>``), one message per script
that wrote events (a fast job's ``started`` and ``complete`` travel together; see
:func:`parse_message`). Whatever came before is read from the job's event
stream (``XRANGE``), so a mirror has every event exactly once, in order, numbered as
in Redis: the SSE ``id:`` is the same on every front-end.

A mirror is a plain :class:`~autoui.server.jobs.Job`, so the SSE writer, the blocking
call and the status route read it as they read an in-process job. A message that skips
a number (one published while this front-end was reconnecting) makes the mirror read
the stream again from its last number. While Redis is unreachable, mirrors simply
receive nothing (open event streams stay open with their heartbeats); once the
subscription is back, every mirror catches up from the stream.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, cast

import orjson

from autoui.broker.connection import down_errors
from autoui.broker.keys import Keys
from autoui.broker.link import Link, exchange
from autoui.events import Event, event_from_dict
from autoui.server.jobs import Job

if TYPE_CHECKING:  # pragma: no cover
    import redis.asyncio

    from autoui.files import FileContext

__all__ = ["Relay"]

log = logging.getLogger("autoui")

_FINISHED_KEPT = 30.0  # seconds a finished mirror is kept for late readers (then re-read)
_RETRY = 0.5  # seconds between reconnection attempts
_EARLY_KEPT = 256  # jobs whose events are kept while their mirror is being made


class Relay:
    """The mirrors of one front-end and the subscription that feeds them."""

    def __init__(
        self, client: redis.asyncio.Redis, link: Link, keys: Keys, frontend_id: str
    ) -> None:
        self.client = client
        self.link = link
        self.keys = keys
        self.frontend_id = frontend_id
        self.channel = keys.frontend(frontend_id)
        self.mirrors: dict[str, Job] = {}
        self.connected = False
        self._finished: dict[str, float] = {}
        self._per_client: dict[str, int] = {}
        self._catching_up: dict[str, bool] = {}  # job id → asked again meanwhile
        # Events of jobs not (yet) mirrored: a fast worker's first events can arrive
        # before the submit that created the job has returned here.
        self._early: OrderedDict[str, list[tuple[int, str, bytes]]] = OrderedDict()
        self._task: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    # -- mirrors ------------------------------------------------------------------------
    def mirror(self, job_id: str, fn: str, owner: str | None, client: str | None = None) -> Job:
        """A new, empty mirror of a job (registered; fed from now on).

        ``client``: who submitted it through this front-end, counted while it is live.
        """
        job = Job(job_id, fn, owner, None, cast("FileContext", None), time.monotonic())
        job.files = None  # a mirror holds events only: the job runs on a worker
        self.mirrors[job_id] = job
        job.on_finish(self._finished_job)
        if client is not None:
            self._per_client[client] = self._per_client.get(client, 0) + 1
            job.on_finish(lambda _: self._release(client))
        return job

    def live_jobs(self, client: str) -> int:
        """Jobs ``client`` submitted through this front-end that have not ended."""
        return self._per_client.get(client, 0)

    def _release(self, client: str) -> None:
        left = self._per_client.get(client, 0) - 1
        if left > 0:
            self._per_client[client] = left
        else:
            self._per_client.pop(client, None)

    def replay_early(self, job: Job) -> None:
        """Feed ``job`` the events that arrived before its mirror existed."""
        for seq, kind, body in self._early.pop(job.id, []):
            if not self.feed(job, seq, kind, body):
                self._spawn(self.catch_up(job))
                return

    def known(self, job_id: str) -> Job | None:
        return self.mirrors.get(job_id)

    async def follow(self, job: Job) -> None:
        """Start following ``job``: subscribe to its events, then read what came before."""
        await self.client.sadd(self.keys.watch(job.id), self.frontend_id)
        await self.catch_up(job)

    def feed(self, job: Job, seq: int, kind: str, body: bytes) -> bool:
        """Add one event; False when it skips a number (the caller reads the stream)."""
        if seq <= job.log.last_seq or job.done:
            return True
        if seq != job.log.last_seq + 1:
            return False
        job.emit(_event(kind, body), seq)
        return True

    async def catch_up(self, job: Job) -> None:
        """Read the job's event stream after the mirror's last number."""
        if job.id in self._catching_up:
            self._catching_up[job.id] = True  # read again once the current read is done
            return
        self._catching_up[job.id] = True
        try:
            while self._catching_up[job.id] and not job.done:
                self._catching_up[job.id] = False
                start = f"{job.log.last_seq + 1}-0"
                entries: Any = await self.client.xrange(self.keys.events(job.id), start, "+")
                for entry_id, fields in entries:
                    seq = int(entry_id.split(b"-", 1)[0])
                    if seq > job.log.last_seq and not job.done:
                        job.emit(_event(fields[b"k"].decode(), fields[b"d"]), seq)
        finally:
            del self._catching_up[job.id]

    def _finished_job(self, job: Job) -> None:
        now = time.monotonic()
        finished = self._finished
        finished[job.id] = now
        while finished:  # oldest first: stop at the first one still kept
            job_id, at = next(iter(finished.items()))
            if now - at < _FINISHED_KEPT:
                break
            del finished[job_id]
            self.mirrors.pop(job_id, None)

    # -- the subscription ---------------------------------------------------------------
    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._listen())

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _listen(self) -> None:
        """Stay subscribed; after each (re)subscription, every live mirror catches up."""
        errors = down_errors()
        while True:
            connection = self.link.connection()
            try:
                await self._receive(connection)
            except errors as exc:
                if self.connected:
                    log.warning("lost the broker (%s); reconnecting", exc)
                self.connected = False
            except Exception:  # noqa: BLE001 - the relay must outlive any one message
                log.exception("the broker relay failed; reconnecting")
                self.connected = False
            finally:
                await _close_quietly(connection)
            await asyncio.sleep(_RETRY)

    async def _receive(self, connection: Any) -> None:
        """Subscribe, then take each message as Redis sends it (``[b"message", channel,
        data]``), waiting as long as it takes: a subscription has no reply to time out."""
        (subscribed,) = await exchange(connection, [("SUBSCRIBE", self.channel)])
        if isinstance(subscribed, Exception):
            raise subscribed
        if not self.connected:
            log.info("connected to the broker")
        self.connected = True
        self._spawn(self._catch_up_all())
        while True:
            message = await connection.read_response()
            if message[0] == b"message":
                self._dispatch(message[2])

    def _dispatch(self, data: bytes) -> None:
        job_id, events = parse_message(data)
        job = self.mirrors.get(job_id)
        if job is None:
            early = self._early.setdefault(job_id, [])
            early += events
            while len(self._early) > _EARLY_KEPT:
                self._early.popitem(last=False)
            return
        for seq, kind, body in events:
            if not self.feed(job, seq, kind, body):
                self._spawn(self.catch_up(job))
                return

    async def _catch_up_all(self) -> None:
        for job in list(self.mirrors.values()):
            if not job.done:
                try:
                    await self.catch_up(job)
                except down_errors():
                    return

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.debug("catching up failed: %s", task.exception())


def parse_message(data: bytes) -> tuple[str, list[tuple[int, str, bytes]]]:
    """A message of the scripts' ``store``: the job's id and its ``(seq, kind, body)``s.

    ``"<job> <first seq> <kind> <len> <body> <kind> <len> <body> ..."``: each body is
    preceded by its length, so it may hold any bytes.
    """
    raw_id, first, rest = data.split(b" ", 2)
    seq = int(first)
    events: list[tuple[int, str, bytes]] = []
    at, end = 0, len(rest)
    while at < end:
        space = rest.index(b" ", at)
        kind = rest[at:space].decode()
        gap = rest.index(b" ", space + 1)
        start = gap + 1
        stop = start + int(rest[space + 1 : gap])
        events.append((seq, kind, rest[start:stop]))
        seq += 1
        at = stop + 1
    return raw_id.decode(), events


def _event(kind: str, body: bytes) -> Event:
    return event_from_dict(kind, orjson.loads(body))


async def _close_quietly(connection: Any) -> None:
    try:
        await connection.disconnect()
    except Exception:  # noqa: BLE001 - the connection may already be gone
        pass
