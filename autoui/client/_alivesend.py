"""The async client's live input: a task that sends a job's chunks as they come.

The same protocol as :mod:`autoui.client._livesend` (the job's WebSocket, else
``POST /api/jobs/{id}/input``; what comes down the socket is read and dropped, since
the :class:`~autoui.client.AsyncJob` follows its SSE stream), for asyncio. The caller's
value may also be an *async* iterable; each of its items is converted as it is taken.
A sync iterable is read in a worker thread, item by item, so a blocking source (a
microphone, standard input) never stalls the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterable, AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from autoui.client._livelink import (
    END,
    SOCKET_OPTIONS,
    input_path,
    input_problem,
    live_chunks,
    socket_headers,
    socket_url,
)
from autoui.errors import ClientError
from autoui.wire import WireLive

if TYPE_CHECKING:
    from autoui.client._async import AsyncClient

__all__ = ["AsyncLiveSender", "async_chunks"]

_DONE = object()


def async_chunks(value: Any, live: WireLive) -> AsyncIterator[bytes]:
    """The wire chunks of a caller's value: an async iterable, or what ``live_chunks`` takes.

    Raises:
        ClientError: a value that cannot be checked now is refused (a path that is no file).
    """
    if isinstance(value, AsyncIterable):
        return _async_items(value, live)
    return _in_thread(live_chunks(value, live))


async def _async_items(items: AsyncIterable[Any], live: WireLive) -> AsyncIterator[bytes]:
    from autoui.streaming.chunks import chunks_of

    async for item in items:
        for chunk in chunks_of([item], live):
            yield chunk


async def _in_thread(chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
    while True:
        chunk = await asyncio.to_thread(next, chunks, _DONE)
        if chunk is _DONE:
            return
        yield chunk  # type: ignore[misc]


class AsyncLiveSender:
    """Sends one job's live input from a task; attributes as the sync ``LiveSender``."""

    def __init__(
        self, client: AsyncClient, job_id: str, param: str, chunks: AsyncIterator[bytes]
    ) -> None:
        self.client = client
        self.job_id = job_id
        self.param = param
        self.transport = ""
        self.error: ClientError | None = None
        self.sent = 0
        self._chunks = chunks
        self._socket: Any = None
        self._ended = False
        self._opened = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def end(self) -> None:
        """End the input now: the function gets what was sent."""
        await self._opened.wait()
        await self._finish(abort=False)

    async def join(self) -> None:
        """Wait until every chunk is sent and the input ended."""
        await asyncio.shield(self._task)

    async def _run(self) -> None:
        try:
            await self._open()
        except Exception as exc:  # noqa: BLE001 - becomes the job's error
            self.error = input_problem(exc, self.param)
            return
        finally:
            self._opened.set()
        try:
            async for chunk in self._chunks:
                if self._ended:
                    return
                if not await self._send(chunk):
                    return  # the job is over: the server took no more
                self.sent += 1
        except Exception as exc:  # noqa: BLE001 - a bad chunk or a broken connection
            self.error = input_problem(exc, self.param)
            await self._finish(abort=True)
            return
        await self._finish(abort=False)

    async def _open(self) -> None:
        try:
            from websockets.asyncio.client import connect
            from websockets.exceptions import InvalidHandshake
        except ImportError:
            self.transport = "http"
            return
        client = self.client
        try:
            self._socket = await connect(
                socket_url(client.url, self.job_id),
                additional_headers=socket_headers(client._http, client._auth),
                open_timeout=client._timeout,
                **SOCKET_OPTIONS,
            )
        except (InvalidHandshake, OSError, asyncio.TimeoutError):
            self.transport = "http"
            return
        self.transport = "websocket"
        asyncio.get_running_loop().create_task(self._drain(self._socket))

    @staticmethod
    async def _drain(socket: Any) -> None:
        with contextlib.suppress(Exception):
            async for _ in socket:  # the job's events: the AsyncJob reads them from SSE
                pass

    async def _send(self, chunk: bytes) -> bool:
        if self._socket is None:
            return await self._post(chunk)
        from websockets.exceptions import ConnectionClosed

        try:
            await self._socket.send(chunk)
        except ConnectionClosed as exc:
            if exc.rcvd is not None and exc.rcvd.code in (1000, 1001):
                return False
            reason = exc.rcvd.reason if exc.rcvd is not None else "the connection was lost"
            raise ClientError(f"the live stream closed: {reason}") from None
        return True

    async def _post(self, chunk: bytes) -> bool:
        headers = {"X-Chunk-Seq": str(self.sent + 1), "Content-Type": "application/octet-stream"}
        try:
            answer = await self.client._json(
                "POST", input_path(self.job_id), content=chunk, headers=headers
            )
        except ClientError as exc:
            if exc.status in (404, 409):
                return False
            raise
        return not (isinstance(answer, dict) and answer.get("accepted") is False)

    async def _finish(self, abort: bool) -> None:
        if self._ended or not self.transport:
            return
        self._ended = True
        with contextlib.suppress(Exception):  # the job may have ended already
            if self._socket is not None:
                if not abort:
                    await self._socket.send(END)
                await self._socket.close()  # without end: the server cancels the job
            elif abort:
                await self.client._json("DELETE", f"api/jobs/{self.job_id}")
            else:
                await self.client._json("POST", input_path(self.job_id), content=b"")
