"""``/mcp``: the Streamable-HTTP MCP endpoint inside ``autoui serve --mcp``.

The SDK's endpoint is added to the app's own router at ``/mcp`` and ``/mcp/`` (both
answer directly: clients differ on the slash, and a redirect loses a POST body in some),
so it sits behind the app's middleware: :class:`~autoui.server.cors.OriginGuard`
refuses a foreign ``Host`` or ``Origin``, and ``--auth`` asks for credentials
(``Authorization: Basic ...`` in the client's config). The SDK's own DNS-rebinding
check is therefore off: the guard already does that job, with the app's settings.

The transport is stateless (any request can go to any worker, and legacy clients need
no sticky session); the SDK's session manager runs in the app's lifespan, which is why
:func:`add_mcp_routes` returns it. A browser opening ``/mcp`` gets a short HTML page
saying what the URL is for.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any

from autoui.server.state import ServerState

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

__all__ = ["MCP_PATH", "add_mcp_routes"]

MCP_PATH = "/mcp"
_BODY_OVERHEAD = 64 * 1024  # JSON-RPC framing around a base64 file argument

_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>MCP endpoint</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>{title}: MCP endpoint</h1>
<p>This URL is for MCP clients (Claude Desktop, Cursor, VS Code...), not for browsers.
Add it to your client as a Streamable HTTP server:</p>
<pre>{{"mcpServers": {{"{name}": {{"url": "{url}"}}}}}}</pre>
<p>The web app is at <a href="{root}/">{root}/</a>.</p></body></html>"""


def add_mcp_routes(app: FastAPI, state: ServerState) -> AbstractAsyncContextManager[Any]:
    """Serve the app's tools at ``/mcp``; returns what the app's lifespan must enter."""
    from mcp.server.transport_security import TransportSecuritySettings
    from starlette.routing import Route

    from autoui.protocols.mcp.server import build_mcp_server

    server = build_mcp_server(state, "http")
    body_limit = state.settings.max_file_size * 4 // 3 + _BODY_OVERHEAD
    sdk_app = server.streamable_http_app(
        streamable_http_path=MCP_PATH,
        stateless_http=True,
        max_request_body_size=body_limit,
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
    )
    endpoint = _Endpoint(sdk_app.routes[0].endpoint, state.spec.title)  # type: ignore[attr-defined]
    for path in (MCP_PATH, MCP_PATH + "/"):
        app.router.routes.append(Route(path, endpoint=endpoint, include_in_schema=False))
    return server.session_manager.run()


class _Endpoint:
    """The SDK's ASGI endpoint, with a page for browsers."""

    def __init__(self, sdk_endpoint: Any, title: str) -> None:
        self.sdk_endpoint = sdk_endpoint
        self.title = title

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        headers = dict(scope.get("headers", []))
        accept = headers.get(b"accept", b"").decode("latin-1")
        if scope["method"] == "GET" and "text/event-stream" not in accept:
            await self._page(scope, receive, send, headers)
        else:
            await self.sdk_endpoint(scope, receive, send)

    async def _page(self, scope: Any, receive: Any, send: Any, headers: dict[bytes, bytes]) -> None:
        import html
        import re

        from starlette.responses import HTMLResponse

        root = scope.get("root_path", "")
        host = headers.get(b"host", b"127.0.0.1").decode("latin-1")
        url = f"{scope.get('scheme', 'http')}://{host}{root}{MCP_PATH}"
        name = re.sub(r"[^a-z0-9-]+", "-", self.title.lower()).strip("-") or "autoui"
        page = _PAGE.format(
            title=html.escape(self.title), name=name, url=html.escape(url), root=html.escape(root)
        )
        await HTMLResponse(page)(scope, receive, send)
