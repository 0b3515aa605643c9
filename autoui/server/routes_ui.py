"""The web UI's files and the login page.

``GET /`` is ``autoui/web/index.html`` with its placeholders filled once per app:
``__AUTOUI_TITLE__`` (escaped), ``__AUTOUI_THEME__`` and ``<!--autoui:custom-->``
(links to ``custom.css`` / ``custom.js`` when given). The page loads its JavaScript as
one bundle, ``static/autoui.bundle.js?v=<digest>`` (built at the first request, cached
for a year); ``GET /?modules`` loads the modules one by one instead (for debugging), and
so does every page when ``--js`` is given (the custom module imports the very modules the
app runs) or when the modules cannot be bundled. ``/static/...`` serves ``autoui/web/``
(no traversal) and ``/api/client.js`` the JavaScript client, all from memory, gzipped
and with ETags (:mod:`autoui.server.assets`). With ``--auth``, ``/login`` signs a
browser in with a form and a signed cookie.
"""

from __future__ import annotations

import asyncio
import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from autoui.export.page import WEB_DIR, fill_page, on_demand_modules
from autoui.server.assets import (
    BUNDLE_NAME,
    NO_CACHE,
    Asset,
    FileAssets,
    PageBundle,
    bundled_page,
    immutable,
    web_file,
)
from autoui.server.auth import AUTH_COOKIE, COOKIE_LIFETIME, client_address
from autoui.server.responses import ApiError, json_response
from autoui.server.sessions import set_session_cookie, start_session
from autoui.server.state import ServerState, app_state

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

__all__ = ["WEB_DIR", "add_ui_routes", "login_page", "render_index"]

_PLACEHOLDER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>__AUTOUI_TITLE__</title>
<!--autoui:custom--></head>
<body><h1>__AUTOUI_TITLE__</h1>
<p>The web UI is not installed; the API is at <a href="docs">docs</a>.</p></body></html>
"""
_LOGIN_FALLBACK = """<!doctype html><html><head><meta charset="utf-8">
<title>Sign in · __AUTOUI_TITLE__</title></head><body>
<form method="post" action="__AUTOUI_ROOT__/login">
<!--autoui:error--><input name="username" autocomplete="username">
<input name="password" type="password" autocomplete="current-password">
<input type="hidden" name="next" value="__AUTOUI_NEXT__"><button>Sign in</button></form>
</body></html>"""
_MAX_LOGIN_BODY = 8192
CLIENT_ALSO = ("live/stream.js",)  # what client.stream() imports on demand


@dataclass
class UiFiles:
    """What the UI routes answer from memory, per app (``app.state.autoui_ui``)."""

    state: ServerState
    root: Path
    files: FileAssets
    bundle: PageBundle | None  # None: the page loads the modules themselves
    cache_control: str  # for the bundle at its content-hashed URL
    client: PageBundle  # /api/client.js: the client and the live modules, one ES module
    _modules_page: Asset | None = None
    _bundled_page: tuple[str, Asset] | None = None  # (bundle digest, the page loading it)

    @classmethod
    def of(cls, state: ServerState) -> UiFiles:
        root = WEB_DIR
        also = on_demand_modules(state.spec.to_json())
        bundle = None if state.settings.js is not None else PageBundle(root, also=also)
        cache = immutable(private=state.settings.authenticated)
        client = PageBundle(root, "client.js", CLIENT_ALSO, module=True)
        return cls(state, root, FileAssets(), bundle, cache, client)

    def modules_page(self) -> Asset:
        if self._modules_page is None:
            self._modules_page = Asset.of(self.state.index_html.encode("utf-8"), "text/html")
        return self._modules_page

    async def page(self, modules: bool) -> Asset:
        """The index page: loading the bundle, unless asked for (or left with) modules."""
        script = None if modules else await self.script()
        if script is None:
            return self.modules_page()
        if self._bundled_page is None or self._bundled_page[0] != script.digest:
            url = f"static/{BUNDLE_NAME}?v={script.digest[:16]}"
            page = bundled_page(self.state.index_html, url)
            asset = Asset.of(page.encode("utf-8"), "text/html") if page else self.modules_page()
            self._bundled_page = (script.digest, asset)
        return self._bundled_page[1]

    async def script(self) -> Asset | None:
        """The bundle (built off the event loop), or None when the page uses modules."""
        if self.bundle is None or 'src="static/app.js"' not in self.state.index_html:
            return None
        return await asyncio.to_thread(self.bundle.current)


def add_ui_routes(app: FastAPI, state: ServerState) -> None:
    app.state.autoui_ui = UiFiles.of(state)
    app.add_api_route("/", index, response_model=None, methods=["GET"], include_in_schema=False)
    app.add_api_route(
        "/api/client.js", client_js, response_model=None, methods=["GET"], include_in_schema=False
    )
    if state.settings.css is not None:
        app.add_api_route(
            "/custom.css", custom_css, response_model=None, methods=["GET"], include_in_schema=False
        )
    if state.settings.js is not None:
        app.add_api_route(
            "/custom.js", custom_js, response_model=None, methods=["GET"], include_in_schema=False
        )
    if state.settings.authenticated:
        app.add_api_route(
            "/login", login_form, response_model=None, methods=["GET"], include_in_schema=False
        )
        app.add_api_route(
            "/login", login, response_model=None, methods=["POST"], include_in_schema=False
        )
        app.add_api_route(
            "/logout", logout, response_model=None, methods=["GET"], include_in_schema=False
        )
    app.router.add_route(f"/static/{BUNDLE_NAME}", bundle_js, ["GET"], include_in_schema=False)
    app.router.add_route("/static/{path:path}", static_file, ["GET"], include_in_schema=False)


def render_index(state: ServerState) -> str:
    """``index.html`` with the app's title, theme and custom assets filled in."""
    path = WEB_DIR / "index.html"
    page = path.read_text(encoding="utf-8") if path.is_file() else _PLACEHOLDER_PAGE
    custom = []
    if state.settings.css is not None:
        custom.append('<link rel="stylesheet" href="custom.css">')
    if state.settings.js is not None:
        custom.append('<script type="module" src="custom.js"></script>')
    also = on_demand_modules(state.spec.to_json())
    page = fill_page(page, title=state.spec.title, theme=state.spec.theme, also=also)
    return page.replace("<!--autoui:custom-->", "\n".join(custom))


def login_page(state: ServerState, next_path: str, error: str | None, root: str = "") -> str:
    """The sign-in form (under mount prefix ``root``), returning to ``next_path`` afterwards."""
    path = WEB_DIR / "login.html"
    page = path.read_text(encoding="utf-8") if path.is_file() else _LOGIN_FALLBACK
    message = f'<p class="error" role="alert">{html.escape(error)}</p>' if error else ""
    return (
        page.replace("__AUTOUI_TITLE__", html.escape(state.spec.title))
        .replace("__AUTOUI_NEXT__", html.escape(_safe_next(next_path), quote=True))
        .replace("__AUTOUI_ROOT__", html.escape(root, quote=True))
        .replace("<!--autoui:error-->", message)
    )


# -- endpoints --------------------------------------------------------------------------
async def index(request: Request) -> Response:
    page = await _ui(request).page(modules="modules" in request.query_params)
    response = page.respond(request, NO_CACHE, etag=False)  # it may set a session cookie
    _, session = start_session(request)
    set_session_cookie(request, response, session)
    return response


async def bundle_js(request: Request) -> Response:
    """The UI's modules in one script: immutable at the URL naming its digest."""
    ui = _ui(request)
    script = await ui.script()
    if script is None:  # a page that still names the bundle: let it load the modules
        return Asset.of(b'import "./app.js";\n', "text/javascript").respond(request)
    current = request.query_params.get("v") == script.digest[:16]
    return script.respond(request, ui.cache_control if current else NO_CACHE)


async def static_file(request: Request) -> Response:
    ui = _ui(request)
    path = web_file(ui.root, request.path_params["path"])
    return _asset(request, ui, path)


async def client_js(request: Request) -> Response:
    """The client as one module, so a page on another origin needs this one URL."""
    ui = _ui(request)
    script = await asyncio.to_thread(ui.client.current)
    if script is None:  # cannot be bundled (logged): the plain module, without stream()
        return _asset(request, ui, ui.root / "client.js", "text/javascript")
    return script.respond(request, NO_CACHE)


async def custom_css(request: Request) -> Response:
    ui = _ui(request)
    css = ui.state.settings.css
    assert css is not None
    return _asset(request, ui, css, "text/css")


async def custom_js(request: Request) -> Response:
    ui = _ui(request)
    js = ui.state.settings.js
    assert js is not None
    return _asset(request, ui, js, "text/javascript")


async def login_form(request: Request) -> Response:
    from starlette.responses import HTMLResponse

    root = request.scope.get("root_path", "")
    page = login_page(app_state(request), request.query_params.get("next", "/"), None, root)
    return HTMLResponse(page)


async def login(request: Request) -> Response:
    """Check the form; on success set the login cookie and go back where the user was."""
    from starlette.responses import HTMLResponse, RedirectResponse

    state = app_state(request)
    length = request.headers.get("content-length", "")
    if not length.isdigit() or int(length) > _MAX_LOGIN_BODY:
        raise ApiError(413, {"error": "the sign-in form is too large"})
    form = await request.form(max_files=0, max_fields=8)
    user, password = str(form.get("username", "")), str(form.get("password", ""))
    next_path = _safe_next(str(form.get("next", "/")))
    credentials = state.credentials
    assert credentials is not None, "the login route exists only with authentication"
    ok, retry_after = credentials.sign_in(user, password, client_address(request.scope))
    root = request.scope.get("root_path", "")
    if retry_after:
        error = f"Too many failed sign-ins; try again in {retry_after} s."
        page = login_page(state, next_path, error, root)
        return HTMLResponse(page, 429, headers={"Retry-After": str(retry_after)})
    if not ok:
        page = login_page(state, next_path, "Wrong user name or password.", root)
        return HTMLResponse(page, 401)
    # The sign-in form sends "next"; a script's client (the Gradio clients post only the
    # credentials) gets 200 and the cookie rather than a redirect it would not follow.
    response: Response = (
        RedirectResponse(root + next_path, 303)
        if "next" in form
        else json_response({"success": True})
    )
    response.set_cookie(
        AUTH_COOKIE,
        credentials.cookie_for(user),
        max_age=COOKIE_LIFETIME,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path=root + "/",
    )
    return response


async def logout(request: Request) -> Response:
    from starlette.responses import RedirectResponse

    root = request.scope.get("root_path", "")
    credentials = app_state(request).credentials
    cookie = request.cookies.get(AUTH_COOKIE)
    if credentials is not None and cookie:
        credentials.revoke(cookie)  # a copy of the cookie is refused from now on
    response = RedirectResponse(root + "/login", 303)
    response.delete_cookie(AUTH_COOKIE, path=root + "/")
    return response


def _safe_next(path: str) -> str:
    """A same-site path to return to; anything that could leave the site becomes ``/``."""
    path = path.strip()
    if (
        not path.startswith("/")
        or path.startswith(("//", "/\\"))
        or any(ch in path for ch in "\r\n\t\\")
        or path.startswith("/login")
    ):
        return "/"
    return path


def _ui(request: Request) -> UiFiles:
    ui: UiFiles = request.app.state.autoui_ui
    return ui


def _asset(
    request: Request, ui: UiFiles, path: Path | None, media_type: str | None = None
) -> Response:
    asset = ui.files.get(path, media_type) if path is not None else None
    if asset is None:  # one answer for every miss: it tells nothing about the disk
        raise ApiError(404, {"error": "no such file"})
    return asset.respond(request, NO_CACHE)
