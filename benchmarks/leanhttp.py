"""A lean HTTP/1.1 client for load generators: h11 over one asyncio stream per user.

An ``httpx.AsyncClient`` per virtual user costs milliseconds of CPU to build and about
3–5 ms per call (its connection pool, its request and response models); at thousands of
users in one process the load generator, not the server, sets the pace. A browser holds
one keep-alive connection per origin and sends the next request on it; so does
:class:`LeanClient`, with h11 (the HTTP/1.1 state machine httpx itself builds on) and
nothing else per request.

It speaks the small part of httpx's interface that ``loadgen.py``'s adapters use
(``post``, ``get``, ``stream("GET", url)`` with ``aiter_lines``, ``status_code``,
``headers``, ``text``, ``json()``), so one adapter drives either client. Each client may
connect from its own loopback source address (``127.0.0.2``…: Linux routes all of
127.0.0.0/8 to ``lo``), so a server can tell its users apart by address as well as by
cookie. Timeouts are the caller's: wrap calls in ``asyncio.timeout``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

import h11

__all__ = ["LeanClient", "LeanResponse", "loopback_address"]

_READ = 64 * 1024


def loopback_address(index: int) -> str:
    """The ``index``-th loopback source address, from 127.0.0.2 on (16 million of them)."""
    n = index + 2
    return f"127.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


class _Link:
    """One open connection: h11's state machine over an asyncio stream."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.conn = h11.Connection(h11.CLIENT)
        self.reader, self.writer = reader, writer

    async def next_event(self) -> Any:
        while True:
            event = self.conn.next_event()
            if event is not h11.NEED_DATA:
                return event
            self.conn.receive_data(await self.reader.read(_READ))

    def finished_cleanly(self) -> bool:
        """Both sides done with this request: it may carry the next one."""
        return self.conn.our_state is h11.DONE and self.conn.their_state is h11.DONE


class LeanResponse:
    """A response: status, lower-cased headers and, once read, the body."""

    def __init__(self, response: h11.Response, link: _Link, client: LeanClient) -> None:
        self.status_code = response.status_code
        self.headers = {k.decode().lower(): v.decode() for k, v in response.headers}
        self.content = b""
        self._link, self._client = link, client

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.content)

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        async for chunk in self._client._body(self._link):
            yield chunk

    async def aiter_lines(self) -> AsyncIterator[str]:
        """The body line by line as it arrives (an event stream), without line ends."""
        pending = ""
        async for chunk in self.aiter_bytes():
            pending += chunk.decode("utf-8", errors="replace")
            *lines, pending = pending.split("\n")
            for line in lines:
                yield line.removesuffix("\r")
        if pending:
            yield pending.removesuffix("\r")

    async def aread(self) -> bytes:
        self.content = b"".join([chunk async for chunk in self.aiter_bytes()])
        return self.content


class LeanClient:
    """One virtual user: one keep-alive connection to ``base_url``, opened when needed.

    Args:
        base_url: ``http://host:port`` of the server (plain HTTP: loopback only).
        headers: sent with every request (a session cookie, say).
        source: the local address to connect from (None: the kernel's choice).
    """

    def __init__(
        self, base_url: str, headers: Mapping[str, str] | None = None, source: str | None = None
    ) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self._host_header = parts.netloc
        self._headers = [(k.lower(), v) for k, v in (headers or {}).items()]
        self._source = source
        self._link: _Link | None = None

    async def __aenter__(self) -> LeanClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        link = self._link
        if link is not None:
            self._drop(link)
            try:
                await link.writer.wait_closed()
            except OSError:
                pass

    def _drop(self, link: _Link) -> None:
        """Close ``link``; if it is this client's connection, the next request opens another."""
        if self._link is link:
            self._link = None
        link.writer.close()

    async def post(
        self, url: str, *, json: Any = None, headers: Mapping[str, str] | None = None
    ) -> LeanResponse:
        response = await self._send("POST", url, _json_bytes(json), headers)
        await response.aread()
        return response

    async def get(self, url: str, *, headers: Mapping[str, str] | None = None) -> LeanResponse:
        response = await self._send("GET", url, b"", headers)
        await response.aread()
        return response

    @asynccontextmanager
    async def stream(
        self, method: str, url: str, *, headers: Mapping[str, str] | None = None
    ) -> AsyncIterator[LeanResponse]:
        """A response whose body the caller reads (``aiter_lines``), as httpx's ``stream``.
        Left before its end, the connection is closed (httpx does the same)."""
        response = await self._send(method, url, b"", headers)
        try:
            yield response
        finally:
            if not response._link.finished_cleanly():
                self._drop(response._link)

    async def _send(
        self, method: str, url: str, body: bytes, headers: Mapping[str, str] | None
    ) -> LeanResponse:
        reused = self._link is not None
        try:
            return await self._exchange(method, url, body, headers)
        except (ConnectionError, h11.RemoteProtocolError):
            if not reused:
                raise
        # The server closed the idle kept-alive connection before reading this request
        # (nothing was answered): send it again on a new one, as browsers and httpx do.
        return await self._exchange(method, url, body, headers)

    async def _exchange(
        self, method: str, url: str, body: bytes, headers: Mapping[str, str] | None
    ) -> LeanResponse:
        link = await self._connection()
        try:
            link.writer.write(self._request_bytes(link.conn, method, url, body, headers))
            event = await link.next_event()
            while isinstance(event, h11.InformationalResponse):
                event = await link.next_event()
            if not isinstance(event, h11.Response):
                raise h11.RemoteProtocolError(f"expected a response, got {event!r}")
        except BaseException:  # refused, broken, cancelled or timed out: the link is spent
            self._drop(link)
            raise
        return LeanResponse(event, link, self)

    def _request_bytes(
        self,
        conn: h11.Connection,
        method: str,
        url: str,
        body: bytes,
        headers: Mapping[str, str] | None,
    ) -> bytes:
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        fields = [("host", self._host_header), *self._headers, *(headers or {}).items()]
        if body or method == "POST":
            fields += [("content-type", "application/json"), ("content-length", str(len(body)))]
        data = conn.send(h11.Request(method=method, target=target, headers=fields)) or b""
        if body:
            data += conn.send(h11.Data(data=body)) or b""
        return data + (conn.send(h11.EndOfMessage()) or b"")

    async def _connection(self) -> _Link:
        if self._link is not None and self._link.conn.our_state is not h11.IDLE:
            # A response still unread (a stream its caller walked away from) holds it.
            self._drop(self._link)
        if self._link is None:
            local = (self._source, 0) if self._source else None
            reader, writer = await asyncio.open_connection(
                self.host, self.port, local_addr=local, limit=_READ
            )
            self._link = _Link(reader, writer)
        return self._link

    async def _body(self, link: _Link) -> AsyncIterator[bytes]:
        """One response's body chunks; afterwards its connection is kept or closed."""
        try:
            while True:
                event = await link.next_event()
                if isinstance(event, h11.Data):
                    yield bytes(event.data)
                elif isinstance(event, h11.EndOfMessage):
                    break
                else:
                    raise h11.RemoteProtocolError(f"response body ended by {event!r}")
        except BaseException:  # a broken, cancelled or abandoned body: the link is spent
            self._drop(link)
            raise
        if link.finished_cleanly():
            link.conn.start_next_cycle()  # kept alive: the next request goes on it
        else:
            self._drop(link)


def _json_bytes(value: Any) -> bytes:
    if value is None:
        return b""
    return json.dumps(value, separators=(",", ":")).encode()
