"""Which browser pages may call the server: an exact CORS allowlist that also *refuses*.

:class:`OriginGuard` runs before everything else:

- ``Host`` check (``check_host``): on a loopback bind, a request whose ``Host`` is not a
  loopback name (nor the host of an allowed origin) is refused with 403. That is what
  a DNS-rebinding page looks like; without the check it would count as same-origin.
- Same-origin requests (``Origin`` equal to ``Host``) and requests without ``Origin``
  pass as they are.
- Allowed origins (exact ``scheme://host[:port]`` matches) get
  ``Access-Control-Allow-Origin: <origin>`` with credentials, and preflights are
  answered here.
- Any other origin — including ``null`` — may read nothing (no CORS headers) and may
  change nothing: its ``POST``/``PUT``/``PATCH``/``DELETE`` and preflights are refused
  with 403 before they reach a route, so a page elsewhere cannot upload files or start
  jobs on someone's local server (CVE-2024-1727 and friends).
- WebSockets get the same checks (browsers apply no CORS to them, so a page elsewhere
  could otherwise open a job's live stream): a foreign ``Host`` or ``Origin`` is refused
  with 403 before the socket is accepted.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

__all__ = ["OriginGuard", "is_loopback"]

_UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_ALLOW_METHODS = b"GET, POST, DELETE, OPTIONS"
_ALLOW_HEADERS = b"authorization, content-type, last-event-id, accept, x-chunk-seq"
_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) means this machine."""
    host = host.strip("[]").lower()
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class OriginGuard:
    """ASGI middleware enforcing the Host check and the CORS allowlist.

    Args:
        app: the ASGI app behind it.
        origins: allowed cross-origin callers, exact.
        bound_host: the address the server listens on.
        check_host: refuse unexpected ``Host`` headers on a loopback bind.
    """

    def __init__(self, app: Any, origins: Sequence[str], bound_host: str, check_host: bool) -> None:
        self.app = app
        self.origins = frozenset(origins)
        self.origin_hosts = frozenset((urlsplit(o).hostname or "").lower() for o in origins)
        self.check_host = check_host and is_loopback(bound_host)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        host = headers.get(b"host", b"").decode("latin-1")
        if self.check_host and not self._host_allowed(host):
            await _refuse(
                scope,
                receive,
                send,
                f"requests for host {host!r} are not served "
                "here; open the app by its loopback address, or start the server "
                "with --cors-origin for that host",
            )
            return
        origin = headers.get(b"origin")
        if origin is None:
            await self.app(scope, receive, send)
            return
        text = origin.decode("latin-1")
        if scope["type"] == "websocket":
            await self._socket(scope, receive, send, text, host)
        elif text in self.origins:
            await self._allowed(scope, receive, send, origin, headers)
        elif _same_origin(text, host):
            await self.app(scope, receive, send)
        elif scope["method"] in _UNSAFE_METHODS or scope["method"] == "OPTIONS":
            await _refuse(
                scope,
                receive,
                send,
                f"cross-origin request from {text} refused; "
                f"start the server with --cors-origin {text} to allow it",
            )
        else:
            await self.app(scope, receive, send)  # readable by no page: no CORS headers

    async def _socket(self, scope: Any, receive: Any, send: Any, origin: str, host: str) -> None:
        """A WebSocket: only from this origin or an allowed one (no CORS headers apply)."""
        if origin in self.origins or _same_origin(origin, host):
            await self.app(scope, receive, send)
            return
        await _refuse(
            scope,
            receive,
            send,
            f"WebSocket from {origin} refused; start the server with --cors-origin {origin} "
            "to allow it",
        )

    def _host_allowed(self, host: str) -> bool:
        name = urlsplit(f"//{host}").hostname or ""
        return is_loopback(name) or name in self.origin_hosts

    async def _allowed(
        self, scope: Any, receive: Any, send: Any, origin: bytes, headers: dict[bytes, bytes]
    ) -> None:
        cors = [
            (b"access-control-allow-origin", origin),
            (b"access-control-allow-credentials", b"true"),
            (b"vary", b"Origin"),
        ]
        if scope["method"] == "OPTIONS" and b"access-control-request-method" in headers:
            await send(
                {
                    "type": "http.response.start",
                    "status": 204,
                    "headers": cors
                    + [
                        (b"access-control-allow-methods", _ALLOW_METHODS),
                        (b"access-control-allow-headers", _ALLOW_HEADERS),
                        (b"access-control-max-age", b"600"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_cors(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": list(message.get("headers", [])) + cors}
            await send(message)

        await self.app(scope, receive, send_with_cors)


def _same_origin(origin: str, host: str) -> bool:
    if not host:
        return False
    parts = urlsplit(origin)
    return bool(parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower())


async def _refuse(scope: Any, receive: Any, send: Any, message: str) -> None:
    from starlette.responses import JSONResponse

    await JSONResponse({"error": message}, 403)(scope, receive, send)
