"""``create_app(spec, settings)``: the FastAPI app of one autoui spec.

Mountable in any ASGI app (``outer.mount("/tools", create_app(spec))``). The app is
assembled from small parts: the routes (:mod:`routes_api`, :mod:`routes_files`,
:mod:`routes_ui`), the typed OpenAPI document (:mod:`openapi`), and two middlewares —
:class:`~autoui.server.cors.OriginGuard` outermost (Host check, exact CORS allowlist),
then :class:`~autoui.server.auth.AuthMiddleware` when ``auth`` is set.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from typing import TYPE_CHECKING, Any

from autoui.server.settings import ServerSettings
from autoui.server.state import ServerState
from autoui.spec import AppSpec

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

__all__ = ["create_app"]

log = logging.getLogger("autoui")


def create_app(spec: AppSpec, settings: ServerSettings | None = None) -> FastAPI:
    """The web app, job API, file store and docs for ``spec``.

    Args:
        spec: the functions to serve (per-function concurrency and batching included).
        settings: server behaviour; defaults suit a local, single-user server.
    """
    from fastapi import FastAPI

    from autoui.protocols.install import add_protocol_routes
    from autoui.server.auth import AuthMiddleware
    from autoui.server.cors import OriginGuard
    from autoui.server.docs import add_docs_routes
    from autoui.server.openapi import install_openapi
    from autoui.server.responses import install_error_handlers
    from autoui.server.routes_api import add_api_routes, shadowed_functions
    from autoui.server.routes_files import add_file_routes
    from autoui.server.routes_stream import add_stream_routes
    from autoui.server.routes_ui import add_ui_routes, login_page, render_index

    settings = settings or ServerSettings()
    state = ServerState(spec, settings)
    state.index_html = render_index(state)

    protocols: list[AbstractAsyncContextManager[Any]] = []  # filled below (MCP)

    @asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        await state.start()
        try:
            await state.start()
            async with AsyncExitStack() as stack:
                for running in protocols:
                    await stack.enter_async_context(running)
                yield
        finally:
            await state.aclose()

    app = FastAPI(
        title=spec.title,
        description=spec.description,
        lifespan=lifespan,
        docs_url=None,  # served by add_docs_routes, with no CDN
        redoc_url=None,
    )
    app.state.autoui = state
    install_error_handlers(app)
    add_docs_routes(app)
    add_file_routes(app)  # before /api/{fn}, so POST /api/files is the upload
    add_api_routes(app)
    add_stream_routes(app)
    add_ui_routes(app, state)
    protocols.extend(add_protocol_routes(app, state))
    shadowed = shadowed_functions(app, [fn.name for fn in spec.functions])
    for name, route in shadowed.items():
        log.warning(
            "function %r has no blocking route: POST /api/%s is the server's own route %r. "
            "Call it with POST /api/%s/jobs, then GET /api/jobs/{job_id}/events (or GET "
            "/api/jobs/{job_id}); or rename the function.",
            name,
            name,
            route,
            name,
        )
    install_openapi(app, spec, without_blocking=frozenset(shadowed))
    if state.credentials is not None:
        app.add_middleware(
            AuthMiddleware,  # type: ignore[arg-type]
            credentials=state.credentials,
            login_page=lambda next_path, error, root: login_page(state, next_path, error, root),
        )
    app.add_middleware(
        OriginGuard,  # type: ignore[arg-type]
        origins=settings.cors_origins,
        bound_host=settings.host,
        check_host=settings.check_host,
        allowed_hosts=settings.allowed_hosts,
        allow_embed=settings.allow_embed,
    )
    return app
