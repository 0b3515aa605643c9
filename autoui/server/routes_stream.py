"""Live inputs over the wire: ``WS /api/jobs/{id}/stream`` and ``POST /api/jobs/{id}/input``.

A job of a function with a live input (``Iterator[Audio]``, ...) starts like any job:
``POST /api/{fn}/jobs`` with the other inputs queues it and answers 202 with its
``job_id`` and, when the live parameter was left out, a ``stream_url``. Then:

- **WebSocket** ``/api/jobs/{id}/stream``: each binary message is one chunk (raw
  little-endian int16 PCM at the spec's rate for audio, JPEG bytes for a frame); a text
  ``{"type": "end"}`` ends the input. The job's events come back on the same socket as
  text, ``{"type", "id", "data"}`` with the bodies and ids of the SSE stream (which has
  them too, with ``Last-Event-ID`` replay). A file output of an ``output`` event (a
  processed frame) is also sent as a binary message first, so a page draws it without
  fetching it: ``u32 header length (big-endian) | header JSON {"id", "output", "file",
  "mime_type"} | the file's bytes``. When the client reads slower than outputs come,
  it gets the newest output and skips the older ones (the SSE log keeps them all).
  Closing the socket without ``end`` cancels the job; a chunk over the input's size
  limit closes it with code 1009, one that cannot be a chunk with 1007.
- **HTTP fallback** ``POST /api/jobs/{id}/input``: the body is one chunk (202); an empty
  body ends the input; an ``X-Chunk-Seq`` header makes a retried chunk harmless. The
  events are read from ``GET /api/jobs/{id}/events`` as usual.

The Host/Origin guard (:mod:`autoui.server.cors`) and ``--auth`` run before a socket is
accepted; only the job's owner reaches it (404 otherwise, as for its other routes).

Both routes find the job and its input through ``state.backend`` (:mod:`.backend`), so
under ``--broker`` the socket may be opened on another front-end than the one the job
was submitted to: its chunks go to the worker through Redis, its events come from the
job's mirror, and its file outputs from the shared file store.
"""

from __future__ import annotations

import asyncio
import logging
import struct
import sys
from typing import TYPE_CHECKING, Any, cast

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket, WebSocketDisconnect

from autoui.components.live import LiveInput
from autoui.errors import QueueFullError, ValidationError
from autoui.events import Output
from autoui.server.files import StoredFile
from autoui.server.jobs import Entry, Job
from autoui.server.responses import ApiError, json_response, unavailable
from autoui.server.sessions import owner_of
from autoui.server.sse import dumps, event_body
from autoui.server.state import ServerState, app_state
from autoui.streaming.channel import ChunkSink

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

__all__ = ["add_stream_routes", "stream_links"]

log = logging.getLogger("autoui")

CLOSE_NORMAL = 1000
CLOSE_INVALID = 1007
CLOSE_TOO_BIG = 1009
MAX_MEDIA_SENT = 4 * 1024 * 1024  # larger file outputs are left to their URL
_SEQ_HEADER = "x-chunk-seq"


def add_stream_routes(app: FastAPI) -> None:
    app.router.add_websocket_route("/api/jobs/{job_id}/stream", stream_socket)
    app.router.add_route("/api/jobs/{job_id}/input", post_input, ["POST"], include_in_schema=False)


# -- opening -------------------------------------------------------------------------------
async def stream_links(state: ServerState, job: Job, root: str) -> dict[str, Any]:
    """What ``POST /api/{fn}/jobs`` adds to its answer for a job fed live."""
    if await state.backend.live_input(job) is None:
        return {}
    return {
        "stream_url": f"{root}/api/jobs/{job.id}/stream",
        "input_url": f"{root}/api/jobs/{job.id}/input",
        "time_limit": state.settings.stream_time_limit,
    }


# -- the HTTP fallback --------------------------------------------------------------------
async def post_input(request: Request) -> Response:
    """One chunk of a live input (202); an empty body ends the input."""
    state = app_state(request)
    job, live, component = await _live_job(
        state, request.path_params["job_id"], owner_of(request)
    )
    body = await _read_chunk(request, component.max_chunk)
    if not body:
        live.end()
        return json_response({"job_id": job.id, "ended": True}, 202)
    seq = request.headers.get(_SEQ_HEADER, "")
    component.check_chunk(body)
    try:
        if seq.isdigit() and await live.is_repeat(int(seq)):
            return json_response({"job_id": job.id, "accepted": False, "duplicate": True}, 202)
        accepted = await live.put(body)
    except QueueFullError as exc:
        raise unavailable(exc) from None
    return json_response({"job_id": job.id, "accepted": accepted}, 202)


async def _read_chunk(request: Request, limit: int) -> bytes:
    too_big = ApiError(413, {"error": f"a chunk is larger than this input's {limit} byte limit"})
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    async for part in request.stream():
        size += len(part)
        if size > limit:
            raise too_big
        chunks.append(part)
    return b"".join(chunks)


async def _live_job(
    state: ServerState, job_id: str, owner: str | None
) -> tuple[Job, ChunkSink, LiveInput]:
    try:
        job = await state.backend.get(job_id, owner)
        live = None if job is None else await state.backend.live_input(job)
    except QueueFullError as exc:
        raise unavailable(exc) from None
    if job is None:
        raise ApiError(404, {"error": f"no job {job_id!r} (it may have expired)"})
    param = state.functions[job.fn].live_input
    if live is None or param is None:
        raise ApiError(
            409,
            {
                "error": f"job {job_id!r} takes no live input now: its function has none, it "
                "was given a whole file, or the job has ended",
                "status": job.state,
            },
        )
    return job, live, cast(LiveInput, param.component)


# -- the WebSocket ------------------------------------------------------------------------
async def stream_socket(websocket: WebSocket) -> None:
    """Chunks up, events down, for one live job (see the module docstring)."""
    state: ServerState = websocket.app.state.autoui
    try:
        job, live, component = await _live_job(
            state, websocket.path_params["job_id"], owner_of(cast(Request, websocket))
        )
    except ApiError as refusal:
        denial = json_response(refusal.body, refusal.status, refusal.headers)
        await websocket.send_denial_response(denial)
        return
    await websocket.accept()
    seen = websocket.query_params.get("last_event_id", "")
    session = _Session(websocket, state, job, live, component, int(seen) if seen.isdigit() else 0)
    await session.run()


class _Session:
    """One socket of one live job: a reader (chunks in) and a writer (events out)."""

    def __init__(
        self,
        websocket: WebSocket,
        state: ServerState,
        job: Job,
        live: ChunkSink,
        component: LiveInput,
        seq: int,
    ) -> None:
        self.ws = websocket
        self.state = state
        self.job = job
        self.live = live
        self.component = component
        self.seq = seq
        self.ended = False  # the client sent {"type": "end"}
        self.owner = job.owner

    async def run(self) -> None:
        reader = asyncio.ensure_future(self._read())
        writer = asyncio.ensure_future(self._write())
        try:
            await asyncio.wait({reader, writer}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (reader, writer):
                task.cancel()
            await asyncio.gather(reader, writer, return_exceptions=True)
        if writer.done() and not writer.cancelled() and writer.exception() is None:
            await _close(self.ws, CLOSE_NORMAL)
        elif not self.job.done and not self.ended:
            await self._cancel()  # the client went away mid-stream

    async def _cancel(self) -> None:
        try:
            await self.state.backend.cancel(self.job)
        except QueueFullError:  # the broker is down: the input's idle timeout ends it
            log.warning("could not cancel live job %s: the broker is unreachable", self.job.id)

    async def _read(self) -> None:
        while True:
            message = await self.ws.receive()
            if message["type"] == "websocket.disconnect":
                return
            data = message.get("bytes")
            if data is not None:
                if not await self._chunk(data):
                    return
            elif message.get("text") is not None:
                await self._control(message["text"])

    async def _chunk(self, data: bytes) -> bool:
        if len(data) > self.component.max_chunk:
            await _close(self.ws, CLOSE_TOO_BIG, f"chunk over {self.component.max_chunk} bytes")
            return False
        try:
            self.component.check_chunk(data)
        except ValidationError as error:
            await _close(self.ws, CLOSE_INVALID, error.message[:120])
            return False
        await self.live.put(data)  # False once the input is over: later chunks are dropped
        return True

    async def _control(self, text: str) -> None:
        try:
            message = orjson.loads(text)
        except ValueError:
            return
        kind = message.get("type") if isinstance(message, dict) else None
        if kind == "end":
            self.ended = True
            self.live.end()
        elif kind == "cancel":
            await self._cancel()

    async def _write(self) -> None:
        job = self.job
        while True:
            entries = job.log.since(self.seq)
            if entries:
                await self._send_entries(entries)
                continue
            if job.done:
                return
            await job.changed()

    async def _send_entries(self, entries: list[Entry]) -> None:
        outputs = [i for i, e in enumerate(entries) if e.event.kind == "output"]
        last_output = outputs[-1] if outputs else -1
        for index, entry in enumerate(entries):
            self.seq = entry.seq
            event = entry.event
            if isinstance(event, Output):
                if index != last_output:
                    continue  # superseded before this client read it
                for frame in await self._media(entry.seq, event):
                    await self._send(bytes_=frame)
            body = {"type": event.kind, "id": entry.seq, "data": event_body(event)}
            await self._send(text=dumps(body).decode())

    async def _media(self, seq: int, event: Output) -> list[bytes]:
        """The file outputs of ``event`` as binary messages (header + bytes)."""
        frames = []
        for index, payload in enumerate(event.data):
            if not (isinstance(payload, dict) and isinstance(payload.get("id"), str)):
                continue
            stored = await self._stored(payload["id"])
            if stored is None or stored.size > MAX_MEDIA_SENT:
                continue
            try:
                content = stored.path.read_bytes()
            except OSError:
                continue
            header = dumps(
                {"id": seq, "output": index, "file": stored.id, "mime_type": stored.mime_type}
            )
            frames.append(struct.pack(">I", len(header)) + header + content)
        return frames

    async def _stored(self, file_id: str) -> StoredFile | None:
        """An output file, from this process's store or (under a broker, made on a
        worker) from the shared one; None when it cannot be had now."""
        stored = self.state.files.get(file_id, self.owner)
        shared = self.state.shared_files
        if stored is None and shared is not None:
            try:
                stored = await shared.fetch(file_id, self.owner)
            except QueueFullError:
                return None  # the output event still carries the file's URL
        return stored

    async def _send(self, *, text: str | None = None, bytes_: bytes | None = None) -> None:
        timeout = self.state.settings.send_timeout
        sending = self.ws.send_text(text) if text is not None else self.ws.send_bytes(bytes_ or b"")
        if timeout is None:
            await sending
        elif sys.version_info >= (3, 11):
            async with asyncio.timeout(timeout):
                await sending
        else:  # pragma: no cover - Python 3.10
            await asyncio.wait_for(sending, timeout)


async def _close(websocket: WebSocket, code: int, reason: str = "") -> None:
    try:
        await websocket.close(code, reason)
    except (RuntimeError, WebSocketDisconnect, OSError):
        pass  # already closed by the other side
