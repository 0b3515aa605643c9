"""Which browser pages may call the server, and frame it: exact allowlists that *refuse*.

:class:`OriginGuard` runs before everything else:

- ``Host`` check (``check_host``): a request whose ``Host`` is a *name* other than a
  loopback name, the bound host, one of ``allowed_hosts`` (``*.example.com`` covers
  subdomains) or the host of an allowed origin is refused with 403. That is what a
  DNS-rebinding page looks like; without the check it would count as same-origin. An
  IP address as ``Host`` is served: a page cannot rebind to an address.
- Framing: every response says that only the app's own pages (and ``allow_embed``
  origins) may show it in a frame (``Content-Security-Policy: frame-ancestors``, and
  ``X-Frame-Options: SAMEORIGIN`` when no other origin is allowed), so another site
  cannot overlay it to trick clicks.
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
_ALLOW_HEADERS = (
    b"authorization, content-type, last-event-id, accept, x-chunk-seq,"
    b" mcp-session-id, mcp-protocol-version"  # a browser MCP client over --mcp
)
# Response headers a page of an allowed origin may read beyond CORS's safelisted ones: a
# refusal's Retry-After (so its client can wait as told) and the MCP session headers.
_EXPOSE_HEADERS = b"retry-after, mcp-session-id, mcp-protocol-version"
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
    """ASGI middleware enforcing the Host check, the CORS allowlist and framing rules.

    Args:
        app: the ASGI app behind it.
        origins: allowed cross-origin callers, exact.
        bound_host: the address the server listens on.
        check_host: refuse unexpected ``Host`` headers.
        allowed_hosts: more host names to serve (``*.example.com`` for subdomains).
        allow_embed: origins whose pages may frame the app.
    """

    def __init__(
        self,
        app: Any,
        origins: Sequence[str],
        bound_host: str,
        check_host: bool,
        allowed_hosts: Sequence[str] = (),
        allow_embed: Sequence[str] = (),
    ) -> None:
        self.app = app
        self.origins = frozenset(origins)
        names = {(urlsplit(o).hostname or "").lower() for o in origins}
        names |= {h.lower() for h in allowed_hosts if not h.startswith("*.")}
        if bound_host not in ("0.0.0.0", "::", ""):
            names.add(bound_host.strip("[]").lower())
        self.host_names = frozenset(names)
        self.host_suffixes = tuple(h[1:].lower() for h in allowed_hosts if h.startswith("*."))
        self.check_host = check_host
        self.frame_headers = _frame_headers(allow_embed)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        send = self._framed(send)
        headers = dict(scope.get("headers", []))
        host = headers.get(b"host", b"").decode("latin-1")
        if self.check_host and not self._host_allowed(host):
            await _refuse(
                scope,
                receive,
                send,
                f"requests for host {host!r} are not served here; open the app by an "
                "allowed name or its address, or start the server with --allowed-hosts "
                "for that name",
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
        try:
            name = (urlsplit(f"//{host}").hostname or "").lower()
        except ValueError:
            return False
        if is_loopback(name) or name in self.host_names or name.endswith(self.host_suffixes):
            return True
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True  # an address cannot be rebound

    def _framed(self, send: Any) -> Any:
        frame_headers = self.frame_headers

        async def send_framed(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": _with_frame_rules(message, frame_headers)}
            await send(message)

        return send_framed

    async def _allowed(
        self, scope: Any, receive: Any, send: Any, origin: bytes, headers: dict[bytes, bytes]
    ) -> None:
        cors = [
            (b"access-control-allow-origin", origin),
            (b"access-control-allow-credentials", b"true"),
            (b"access-control-expose-headers", _EXPOSE_HEADERS),
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


def _frame_headers(allow_embed: Sequence[str]) -> list[tuple[bytes, bytes]]:
    ancestors = " ".join(["'self'", *allow_embed]).encode()
    headers = [(b"content-security-policy", b"frame-ancestors " + ancestors)]
    if not allow_embed:
        headers.append((b"x-frame-options", b"SAMEORIGIN"))
    return headers


def _with_frame_rules(
    message: Any, frame_headers: list[tuple[bytes, bytes]]
) -> list[tuple[bytes, bytes]]:
    """The response's headers plus the framing rules (joined to a policy it already has)."""
    headers = list(message.get("headers", []))
    for index, (name, value) in enumerate(headers):
        if name.lower() == b"content-security-policy":
            ancestors = frame_headers[0][1]
            headers[index] = (name, value + b"; " + ancestors)
            return headers + frame_headers[1:]
    return headers + frame_headers
