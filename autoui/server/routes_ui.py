"""The web UI's files and the login page.

``GET /`` is ``autoui/web/index.html`` with its placeholders filled once per app:
``__AUTOUI_TITLE__`` (escaped), ``__AUTOUI_THEME__`` and ``<!--autoui:custom-->``
(links to ``custom.css`` / ``custom.js`` when given). ``/static/...`` serves
``autoui/web/`` through Starlette's ``StaticFiles`` (no traversal), and
``/api/client.js`` the JavaScript client. With ``--auth``, ``/login`` signs a browser
in with a form and a signed cookie.
"""

from __future__ import annotations

import asyncio
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from autoui.server.auth import AUTH_COOKIE, COOKIE_LIFETIME, Credentials
from autoui.server.responses import ApiError
from autoui.server.sessions import set_session_cookie, start_session
from autoui.server.state import ServerState, app_state

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

__all__ = ["WEB_DIR", "add_ui_routes", "login_page", "render_index"]

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
_THEME_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
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


def add_ui_routes(app: FastAPI, state: ServerState) -> None:
    from starlette.staticfiles import StaticFiles

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
    if state.settings.auth:
        app.add_api_route(
            "/login", login_form, response_model=None, methods=["GET"], include_in_schema=False
        )
        app.add_api_route(
            "/login", login, response_model=None, methods=["POST"], include_in_schema=False
        )
        app.add_api_route(
            "/logout", logout, response_model=None, methods=["GET"], include_in_schema=False
        )
    app.mount("/static", StaticFiles(directory=WEB_DIR, check_dir=False), name="static")


def render_index(state: ServerState) -> str:
    """``index.html`` with the app's title, theme and custom assets filled in."""
    path = WEB_DIR / "index.html"
    page = path.read_text(encoding="utf-8") if path.is_file() else _PLACEHOLDER_PAGE
    theme = state.spec.theme if _THEME_RE.fullmatch(state.spec.theme) else "default"
    custom = []
    if state.settings.css is not None:
        custom.append('<link rel="stylesheet" href="custom.css">')
    if state.settings.js is not None:
        custom.append('<script type="module" src="custom.js"></script>')
    return (
        page.replace("__AUTOUI_TITLE__", html.escape(state.spec.title))
        .replace("__AUTOUI_THEME__", theme)
        .replace("<!--autoui:custom-->", "\n".join(custom))
    )


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
    from starlette.responses import HTMLResponse

    state = app_state(request)
    response = HTMLResponse(state.index_html, headers={"Cache-Control": "no-cache"})
    _, session = start_session(request)
    set_session_cookie(request, response, session)
    return response


async def client_js(request: Request) -> Response:
    return _asset(WEB_DIR / "client.js", "text/javascript")


async def custom_css(request: Request) -> Response:
    css = app_state(request).settings.css
    assert css is not None
    return _asset(css, "text/css")


async def custom_js(request: Request) -> Response:
    js = app_state(request).settings.js
    assert js is not None
    return _asset(js, "text/javascript")


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
    credentials = Credentials(state.settings.auth, state.secret)
    if not credentials.check(user, password):
        await asyncio.sleep(0.3)  # slows down guessing, one connection at a time
        root = request.scope.get("root_path", "")
        page = login_page(state, next_path, "Wrong user name or password.", root)
        return HTMLResponse(page, 401)
    root = request.scope.get("root_path", "")
    response = RedirectResponse(root + next_path, 303)
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


def _asset(path: Path, media_type: str) -> Response:
    from starlette.responses import FileResponse

    if not path.is_file():
        raise ApiError(404, {"error": f"{path.name} is not available"})
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": "no-cache"})
