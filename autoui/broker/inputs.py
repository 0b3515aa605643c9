"""Live inputs through Redis: chunks from the front-end holding the socket to the worker.

A job fed live (``Iterator[Audio]``, ... left out of ``POST /api/{fn}/jobs``) carries
``live`` in its ``job:<id>`` hash from its submit on (the stream time limit and idle
timeout the front-end announced). Its chunks travel on ``in:<id>``:

- **front-end** (:class:`RedisChunkSink`, any front-end: the socket may be opened on
  another one than the submit): each chunk is one ``put`` script call, which refuses it
  once the job has ended or its input is over, numbers it (entry ``<n>-1``, with the
  bytes sent so far) and appends it with a ``MAXLEN`` the input's policy sets (audio:
  ``max_lag`` seconds of chunks; frames under ``latest``: the newest two). Under ``all``
  a full stream makes the sink wait instead, which slows the socket down (back-pressure,
  as in one process). ``end`` appends the end marker.
- **worker** (:class:`InputPumps`): while the job runs, a pump reads the stream
  (``XREAD BLOCK``, at most :data:`~autoui.broker.settings.BLOCK_MS`) into a
  :class:`~autoui.streaming.channel.LocalInput`, the source the function takes from.
  The policy applies there, where the function consumes: a slow function still gets
  coalesced audio or the newest frame. Chunks the ``MAXLEN`` cut before the pump read
  them (sent while the job waited) are seen as gaps in the numbering and reported with
  the policy's own drops. At the end the worker closes the input (fenced by the job's
  attempt) and deletes the stream.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import orjson

from autoui.broker.connection import down_errors
from autoui.broker.keys import Keys
from autoui.broker.settings import BLOCK_MS
from autoui.components.live import LiveInput, Microphone
from autoui.streaming import fed_live
from autoui.streaming.channel import LocalInput

if TYPE_CHECKING:  # pragma: no cover
    import redis.asyncio

    from autoui.spec import FunctionSpec

__all__ = ["InputPumps", "InputScripts", "RedisChunkSink", "live_field", "waiting_chunks"]

log = logging.getLogger("autoui")

_FULL_WAIT = 0.02  # seconds a sink waits before offering a chunk to a full stream again
_READ_COUNT = 64  # entries one read takes at most
_RETRY = 0.5  # seconds between reads while Redis is unreachable

_HEAD = r"""
local P, id = ARGV[1], ARGV[2]
local k = P .. 'job:' .. id
local TERMINAL = {complete = true, error = true, cancelled = true}
local got = redis.call('HMGET', k, 'state', 'live', 'input')
local open = got[1] and got[2] and not got[3] and not TERMINAL[got[1]]
local s = P .. 'in:' .. id
"""

# ARGV: P, id, chunk, bound, wait when full ('1' under the policy 'all'), ttl
# returns 1 (added), 0 (full: wait and offer it again), -1 (the input is over)
_PUT = _HEAD + r"""
if not open then return -1 end
local bound = tonumber(ARGV[4])
if ARGV[5] == '1' and redis.call('XLEN', s) >= bound then return 0 end
local n = redis.call('HINCRBY', k, 'in_n', 1)
local o = redis.call('HINCRBY', k, 'in_bytes', string.len(ARGV[3]))
redis.call('XADD', s, 'MAXLEN', bound, n .. '-1', 'c', ARGV[3], 'o', o)
redis.call('EXPIRE', s, ARGV[6])
return 1
"""

# ARGV: P, id, ttl
_END = _HEAD + r"""
if not open then return 0 end
redis.call('HSET', k, 'input', 'ended')
local n = redis.call('HINCRBY', k, 'in_n', 1)
redis.call('XADD', s, n .. '-1', 'e', '1')
redis.call('EXPIRE', s, ARGV[3])
return 1
"""

# ARGV: P, id, seq; 1 if chunk number seq was already taken (else it is recorded)
_SEEN = _HEAD + r"""
if not got[1] then return 0 end
if tonumber(ARGV[3]) <= tonumber(redis.call('HGET', k, 'in_seq') or '0') then return 1 end
redis.call('HSET', k, 'in_seq', ARGV[3])
return 0
"""

# ARGV: P, id, attempt; the worker's run of that attempt has ended: no more chunks
_CLOSE = _HEAD + r"""
if tonumber(redis.call('HGET', k, 'attempt') or '-1') ~= tonumber(ARGV[3]) then return 0 end
redis.call('HSETNX', k, 'input', 'closed')
redis.call('DEL', s)
return 1
"""


class InputScripts:
    """The live-input scripts, registered on one client."""

    def __init__(self, client: redis.asyncio.Redis) -> None:
        self.put = client.register_script(_PUT)
        self.end = client.register_script(_END)
        self.seen = client.register_script(_SEEN)
        self.close = client.register_script(_CLOSE)


def waiting_chunks(component: LiveInput) -> int:
    """How many chunks ``in:<id>`` may hold unread (its ``MAXLEN``).

    Audio: ``max_lag`` seconds of chunks of the input's ``chunk_ms`` (the worker's
    backlog bounds the bytes exactly); frames: the newest two under ``latest``, a
    second's worth under ``all``.
    """
    if isinstance(component, Microphone):
        return max(2, math.ceil(component.max_lag * 1000 / component.chunk_ms))
    if component.policy == "latest":
        return 2
    return max(2, math.ceil(getattr(component, "fps", 10.0)))


def live_field(time_limit: float, idle_timeout: float) -> bytes:
    """The ``live`` field of a job fed live: the limits its front-end announced."""
    return orjson.dumps({"time_limit": time_limit, "idle_timeout": idle_timeout})


class RedisChunkSink:
    """A live input's sending side on a front-end: chunks appended to ``in:<id>``.

    Args:
        scripts: the live-input scripts.
        keys: the app's key names.
        job_id: the job fed live.
        component: its live input (the policy and the bound).
        ttl: seconds ``in:<id>`` outlives its last chunk (in case no worker deletes it).
    """

    def __init__(
        self, scripts: InputScripts, keys: Keys, job_id: str, component: LiveInput, ttl: int
    ) -> None:
        self._scripts = scripts
        self._head = [keys.prefix, job_id]
        self._bound = waiting_chunks(component)
        self._wait_when_full = "1" if component.policy == "all" else "0"
        self._ttl = ttl
        self._lock = asyncio.Lock()  # one write at a time, in order: the end comes last
        self._over = False
        self._closed: str | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    @property
    def closed_reason(self) -> str | None:
        return self._closed

    async def put(self, chunk: bytes) -> bool:
        args = [*self._head, chunk, self._bound, self._wait_when_full, self._ttl]
        while not self._over and self._closed is None:
            async with self._lock:
                status = await self._call(self._scripts.put, args)
            if status == 1:
                return True
            if status == 0:  # 'all' and the worker is behind: hold the sender back
                await asyncio.sleep(_FULL_WAIT)
                continue
            self._over = True
        return False

    async def is_repeat(self, seq: int) -> bool:
        async with self._lock:
            return await self._call(self._scripts.seen, [*self._head, seq]) == 1

    def end(self) -> None:
        if self._over or self._closed is not None:
            return
        self._over = True
        task = asyncio.get_running_loop().create_task(self._end())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def close(self, reason: str) -> None:
        if self._closed is None:
            self._closed = reason

    async def _end(self) -> None:
        async with self._lock:
            await self._call(self._scripts.end, [*self._head, self._ttl])

    async def _call(self, script: Any, args: list[Any]) -> int:
        """One script call; unreachable Redis ends this sink's input (-1), said once."""
        try:
            return int(await script(args=args))
        except down_errors() as exc:
            if not self._over:
                log.warning("live job %s: chunks dropped, the broker is unreachable (%s)",
                            self._head[1], exc)
            self._over = True
            return -1


class InputPumps:
    """A worker's side: the live input of each job fed live that it runs.

    Args:
        client: the worker's asyncio Redis client.
        keys: the app's key names.
    """

    def __init__(self, client: redis.asyncio.Redis, keys: Keys) -> None:
        self.client = client
        self.keys = keys
        self.scripts = InputScripts(client)

    @asynccontextmanager
    async def feeding(
        self, fn_spec: FunctionSpec, job_id: str, attempt: int, data: Any
    ) -> AsyncIterator[LocalInput | None]:
        """The live input of a run of ``job_id`` (None: it is not fed live), pumped from
        ``in:<id>`` while the run lasts, then closed."""
        param = fn_spec.live_input
        raw = None
        if param is not None and isinstance(data, dict | list) and fed_live(fn_spec, data):
            raw = await self.client.hget(self.keys.job(job_id), "live")
        if raw is None:  # not fed live (a job without its stream fails saying what is missing)
            yield None
            return
        assert param is not None and isinstance(param.component, LiveInput)
        limits = orjson.loads(raw)
        local = LocalInput(param.component.backlog(), limits["time_limit"], limits["idle_timeout"])
        pump = asyncio.get_running_loop().create_task(self._pump(job_id, local))
        try:
            yield local
        finally:
            local.close("the job ended")
            pump.cancel()
            await asyncio.gather(pump, return_exceptions=True)
            try:
                await self.scripts.close(args=[self.keys.prefix, job_id, attempt])
            except down_errors():
                pass  # the stream expires by itself

    async def _pump(self, job_id: str, local: LocalInput) -> None:
        """Move the job's chunks from Redis into ``local`` until the end marker, or until
        ``local`` is closed (the job ended, was cancelled, hit a limit)."""
        key = self.keys.input(job_id)
        trim = local.backlog.policy == "all"  # its stream must hold only unread chunks
        cursor = _Cursor(local)
        errors = down_errors()
        while not local.closed:
            try:
                entries = await self._read(key, cursor.last, trim)
            except errors:
                await asyncio.sleep(_RETRY)
                continue
            for entry_id, fields in entries:
                if not await cursor.take(entry_id, fields):
                    return

    async def _read(self, key: str, last: bytes, trim: bool) -> list[Any]:
        if trim and last != b"0-0":  # drop what was read, in the same round trip
            number = int(last.split(b"-", 1)[0])
            async with self.client.pipeline(transaction=False) as pipe:
                pipe.xtrim(key, minid=f"{number}-2", approximate=False)
                pipe.xread({key: last}, count=_READ_COUNT, block=BLOCK_MS)
                reply = (await pipe.execute())[1]
        else:
            reply = await self.client.xread({key: last}, count=_READ_COUNT, block=BLOCK_MS)
        return reply[0][1] if reply else []


class _Cursor:
    """Where a pump is in one input's stream, and what it hands on."""

    def __init__(self, local: LocalInput) -> None:
        self.local = local
        self.last = b"0-0"
        self.number = 0  # of the last entry taken
        self.sent = 0  # bytes sent up to it

    async def take(self, entry_id: bytes, fields: dict[bytes, bytes]) -> bool:
        """Hand one entry on; False once the input is over (the end marker, or closed)."""
        self.last = entry_id
        number = int(entry_id.split(b"-", 1)[0])
        if b"e" in fields:
            self.local.end()
            return False
        chunk, sent = fields[b"c"], int(fields[b"o"])
        if number > self.number + 1:  # cut by MAXLEN before this worker read them
            self._dropped(number - self.number - 1, sent - len(chunk) - self.sent)
        self.number, self.sent = number, sent
        return await self.local.put(chunk)

    def _dropped(self, chunks: int, bytes_: int) -> None:
        if self.local.backlog.policy == "latest":
            self.local.note_drops(chunks=chunks)
        else:
            self.local.note_drops(bytes_=bytes_)
