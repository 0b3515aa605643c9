"""``/docs``: Swagger UI served from this server, so the API docs work with no network.

FastAPI's own ``/docs`` page loads Swagger UI from a CDN and is blank offline. The
``fastapi-offline`` package ships those files (and keeps them current); this module
serves them from memory (gzipped once, with ETags) under ``/docs/``, and the page links
them by relative URLs, so docs also work under a mount prefix or a proxy's path.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.requests import Request  # at module level: FastAPI reads the handler's hints
from starlette.responses import Response

from autoui.server.assets import Asset

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["SWAGGER_FILES", "add_docs_routes", "swagger_folder"]

SWAGGER_FILES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon.png": "image/png",
}
"""The Swagger UI files the page needs, with their media types."""


def swagger_folder() -> Path:
    """Where the installed ``fastapi-offline`` keeps Swagger UI (without importing it)."""
    spec = importlib.util.find_spec("fastapi_offline")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the fastapi-offline package is missing: pip install fastapi-offline")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


def add_docs_routes(app: FastAPI) -> None:
    """``GET /docs`` (the page) and ``GET /docs/{file}`` (its scripts, styles and icon)."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from starlette.responses import HTMLResponse
    from starlette.responses import Response as PlainResponse

    assets: dict[str, Asset] = {}

    async def docs_page() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="openapi.json",
            title=f"{app.title} - API docs",
            swagger_js_url="docs/swagger-ui-bundle.js",
            swagger_css_url="docs/swagger-ui.css",
            swagger_favicon_url="docs/favicon.png",
        )

    async def docs_file(name: str, request: Request) -> Response:
        media_type = SWAGGER_FILES.get(name)
        if media_type is None:
            return PlainResponse("not found", status_code=404, media_type="text/plain")
        if name not in assets:
            assets[name] = Asset.of((swagger_folder() / name).read_bytes(), media_type)
        return assets[name].respond(request)

    app.add_api_route("/docs", docs_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/docs/{name}", docs_file, methods=["GET"], include_in_schema=False)
