"""uvicorn's HTTP protocols with the connection budgets uvicorn has no option for.

uvicorn times out idle keep-alive connections, but not a connection that never sends a
request, nor a request head sent a byte a minute, nor a body that stops arriving; and
its default parser (httptools) takes a request head of any size. Each of these lets a
few clients hold sockets and memory for ever. The protocols here add, per connection
(:class:`~autoui.server.settings.ConnectionLimits`):

- a *head timeout*: the request line and headers must be complete within
  ``header_timeout`` seconds of the connection opening (or of the head's first byte on
  a kept-alive connection); else the connection is closed (408 if it had started);
- a *head size cap*: more than ``max_header_size`` bytes before the blank line ends the
  head are answered ``431 Request Header Fields Too Large`` and the connection closed;
- a *body idle timeout*: a request body that gets no byte for ``idle_timeout`` seconds
  closes the connection. Responses are never cut: an event stream may be quiet for hours;
- a cap on open connections per address (``max_per_address``), refused with 503. A
  reverse proxy carries many clients over its connections, so the proxies named in
  ``trusted_proxies`` are exempt, and loopback is when none are named (a proxy on the
  same host). A connection that becomes a WebSocket (a live input) leaves these
  budgets for the live-input ones (``stream_time_limit``, ``stream_idle_timeout``).

Only ``autoui serve`` uses these (:mod:`autoui.server.launch` passes the class as
uvicorn's ``http``); :func:`install` sets the limits the protocols of this process read.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
from collections.abc import Sequence
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from autoui.server.settings import ConnectionLimits

__all__ = ["ConnectionGuard", "GuardedH11Protocol", "install", "protocol_class"]

_END_OF_HEAD = b"\r\n\r\n"
_LINGER = 2.0  # seconds a refused connection reads and drops what its client still sends
_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class ConnectionGuard:
    """The limits, and the open connections per address, of one server process."""

    def __init__(self, limits: ConnectionLimits, trusted_proxies: Sequence[str] = ()) -> None:
        self.limits = limits
        self.exempt: list[_Network] = [
            ipaddress.ip_network(p, strict=False) for p in trusted_proxies
        ] or [ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")]
        self.open: dict[str, int] = {}

    def admit(self, address: str | None) -> bool:
        """Count a new connection from ``address``; False if it is one too many."""
        cap = self.limits.max_per_address
        if address is None or cap is None or self._is_exempt(address):
            return True
        count = self.open.get(address, 0)
        if count >= cap:
            return False
        self.open[address] = count + 1
        return True

    def release(self, address: str | None) -> None:
        if address is None or address not in self.open:
            return
        left = self.open[address] - 1
        if left > 0:
            self.open[address] = left
        else:
            del self.open[address]

    def _is_exempt(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.exempt)


_GUARD: ConnectionGuard | None = None


def install(limits: ConnectionLimits, trusted_proxies: Sequence[str] = ()) -> ConnectionGuard:
    """Set the limits every guarded connection of this process follows from now on."""
    global _GUARD
    _GUARD = ConnectionGuard(limits, trusted_proxies)
    return _GUARD


def _plain_response(status: bytes, message: str, extra: bytes = b"") -> bytes:
    body = json.dumps({"error": message}).encode()
    return (
        b"HTTP/1.1 " + status + b"\r\ncontent-type: application/json\r\nconnection: close\r\n"
        + extra
        + b"content-length: %d\r\n\r\n" % len(body)
        + body
    )


class _Guarded:
    """Mixed in before one of uvicorn's HTTP protocols (which provides the rest)."""

    transport: asyncio.Transport
    client: tuple[str, int] | None
    cycle: Any

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self._guard = _GUARD
        self._address = self.client[0] if self.client else None
        self._counted = False
        self._timer: asyncio.TimerHandle | None = None
        self._head_bytes = 0
        self._tail = b""
        self._in_head = True
        self._last_byte = 0.0
        self._draining = False
        guard = self._guard
        if guard is None:
            return
        if not guard.admit(self._address):
            message = "too many open connections from your address; close some and retry"
            refusal = _plain_response(b"503 Service Unavailable", message, b"retry-after: 5\r\n")
            self.transport.write(refusal)
            self.transport.close()
            return
        self._counted = True
        self._arm(guard.limits.header_timeout, self._head_timed_out)

    def connection_lost(self, exc: Exception | None) -> None:
        self._let_go()
        super().connection_lost(exc)  # type: ignore[misc]

    def handle_websocket_upgrade(self, *args: Any) -> None:
        """The connection becomes a WebSocket (its own protocol, with the live-input
        budgets): it is no longer this protocol's to time or count."""
        self._let_go()
        super().handle_websocket_upgrade(*args)  # type: ignore[misc]

    def _let_go(self) -> None:
        if self._counted and self._guard is not None:
            self._guard.release(self._address)
            self._counted = False
        self._disarm()

    def data_received(self, data: bytes) -> None:
        if self._draining:
            return  # refused: what still comes is dropped until the connection closes
        guard = self._guard
        if guard is not None and not self.transport.is_closing():
            if self._in_head and not self._read_head(data, guard.limits):
                return
            self._last_byte = asyncio.get_running_loop().time()
        super().data_received(data)  # type: ignore[misc]

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        self._in_head, self._head_bytes, self._tail = True, 0, b""  # the next request's head
        self._disarm()

    # -- the request head ---------------------------------------------------------------
    def _read_head(self, data: bytes, limits: ConnectionLimits) -> bool:
        """Follow the head's bytes; False once the connection has been refused."""
        if self._head_bytes == 0 and self._timer is None:  # a kept-alive connection's next head
            self._arm(limits.header_timeout, self._head_timed_out)
        end = (self._tail + data).find(_END_OF_HEAD)
        size = self._head_bytes + (len(data) if end < 0 else end - len(self._tail) + 4)
        if size > limits.max_header_size:
            message = (
                f"the request head is larger than {limits.max_header_size} bytes "
                "(max_header_size)"
            )
            self._refuse(b"431 Request Header Fields Too Large", message)
            return False
        if end < 0:
            self._head_bytes = size
            self._tail = (self._tail + data)[-3:]
            return True
        self._in_head = False
        self._disarm()
        self._arm(limits.idle_timeout, self._body_idle)
        return True

    def _head_timed_out(self) -> None:
        self._timer = None
        if self._in_head and not self.transport.is_closing():
            if self._head_bytes:
                self._refuse(b"408 Request Timeout", "the request head took too long to arrive")
            else:
                self.transport.close()  # connected and said nothing

    # -- the request body ---------------------------------------------------------------
    def _body_idle(self) -> None:
        """Close the connection if its request body has stalled; else look again later."""
        self._timer = None
        guard = self._guard
        cycle = self.cycle
        if guard is None or self.transport.is_closing() or cycle is None:
            return
        if not cycle.more_body or cycle.response_complete:
            return  # the body is in: what follows is the response, never cut here
        quiet = asyncio.get_running_loop().time() - self._last_byte
        if quiet >= guard.limits.idle_timeout:
            self.transport.close()
        else:
            self._arm(guard.limits.idle_timeout - quiet, self._body_idle)

    # -- helpers ------------------------------------------------------------------------
    def _refuse(self, status: bytes, message: str) -> None:
        """Answer ``status`` and close, reading (and dropping) what the client still sends
        for a moment: closing with unread bytes would reset the connection, and the
        client might never see the answer."""
        self._disarm()
        self.transport.write(_plain_response(status, message))
        if self.transport.can_write_eof():
            self.transport.write_eof()
            self._draining = True
            self._arm(_LINGER, self.transport.close)
        else:  # pragma: no cover - TLS transports cannot half-close
            self.transport.close()

    def _arm(self, delay: float, callback: Any) -> None:
        self._disarm()
        self._timer = asyncio.get_running_loop().call_later(delay, callback)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


class GuardedH11Protocol(_Guarded, H11Protocol):
    """uvicorn's h11 protocol with the connection budgets."""


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class GuardedHttpToolsProtocol(_Guarded, HttpToolsProtocol):
        """uvicorn's httptools protocol (its default when installed) with the budgets."""

    _DEFAULT: type[asyncio.Protocol] = GuardedHttpToolsProtocol
except ImportError:  # pragma: no cover - uvicorn without httptools
    _DEFAULT = GuardedH11Protocol


def protocol_class() -> type[asyncio.Protocol]:
    """The guarded protocol uvicorn should use (``Config(http=...)``)."""
    return _DEFAULT
