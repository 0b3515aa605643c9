"""``--auth user:password``: every route asks who you are, except the login page and /health.

Two ways in, both checked on every request by :class:`AuthMiddleware`:

- HTTP Basic (``Authorization: Basic ...``), for curl and the clients;
- the login page (``/login``), which sets a signed, expiring ``autoui_auth`` cookie, for
  browsers.

Secrets are compared with :func:`hmac.compare_digest`, against every configured user
(no early exit on the user name), so timing does not say which part was wrong.
Without credentials, a browser navigation gets the login page (status 401) and an API
call a 401 JSON error; ``WWW-Authenticate`` is sent only to non-browser clients, so a
page's own ``fetch`` never pops the browser's password dialog.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Sequence
from typing import Any

from autoui.server.sessions import USER_KEY

__all__ = ["AUTH_COOKIE", "PUBLIC_PATHS", "AuthMiddleware", "Credentials"]

AUTH_COOKIE = "autoui_auth"
PUBLIC_PATHS = frozenset({"/login", "/health"})
COOKIE_LIFETIME = 7 * 24 * 3600


class Credentials:
    """The configured users, and signed login cookies for them.

    Args:
        users: ``(user, password)`` pairs.
        secret: the key login cookies are signed with.
    """

    def __init__(self, users: Sequence[tuple[str, str]], secret: bytes) -> None:
        self._users = [(u.encode(), p.encode()) for u, p in users]
        self._secret = secret

    def check(self, user: str, password: str) -> bool:
        """Whether ``user``/``password`` is a configured pair (constant-time per pair)."""
        given_user, given_password = user.encode(), password.encode()
        found = False
        for known_user, known_password in self._users:
            same_user = hmac.compare_digest(given_user, known_user)
            same_password = hmac.compare_digest(given_password, known_password)
            found |= same_user and same_password
        return found

    def cookie_for(self, user: str, now: float | None = None) -> str:
        """A login cookie value for ``user``, valid for a week."""
        expires = int((now or time.time()) + COOKIE_LIFETIME)
        name = base64.urlsafe_b64encode(user.encode()).decode().rstrip("=")
        payload = f"{name}.{expires}"
        return f"{payload}.{self._sign(payload)}"

    def user_from_cookie(self, value: str, now: float | None = None) -> str | None:
        """The user a login cookie was issued to, if it is genuine and unexpired."""
        payload, _, signature = value.rpartition(".")
        if not payload or not hmac.compare_digest(signature, self._sign(payload)):
            return None
        name, _, expires = payload.partition(".")
        if not expires.isdigit() or int(expires) < (now or time.time()):
            return None
        try:
            user = base64.urlsafe_b64decode(name + "=" * (-len(name) % 4)).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        return user if any(hmac.compare_digest(user.encode(), u) for u, _ in self._users) else None

    def user_from_basic(self, header: str) -> str | None:
        """The user of an ``Authorization: Basic`` header, if the password is right."""
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            user, sep, password = base64.b64decode(token.strip()).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None
        return user if sep and self.check(user, password) else None

    def _sign(self, payload: str) -> str:
        digest = hmac.new(self._secret, payload.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")


class AuthMiddleware:
    """Let a request through only with valid credentials (or to a public path).

    Args:
        app: the ASGI app to protect.
        credentials: who may come in.
        login_page: renders the login page: ``(next_path, error, root_path) -> HTML``.
    """

    def __init__(self, app: Any, credentials: Credentials, login_page: Any) -> None:
        self.app = app
        self.credentials = credentials
        self.login_page = login_page

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        user = self._user(scope)
        if user is not None:
            scope[USER_KEY] = user
            await self.app(scope, receive, send)
        elif _local_path(scope) in PUBLIC_PATHS:
            await self.app(scope, receive, send)
        else:
            await self._refuse(scope, receive, send)

    def _user(self, scope: Any) -> str | None:
        headers = _headers(scope)
        authorization = headers.get("authorization")
        if authorization:
            return self.credentials.user_from_basic(authorization)
        cookie = _cookie(headers.get("cookie", ""), AUTH_COOKIE)
        return self.credentials.user_from_cookie(cookie) if cookie else None

    async def _refuse(self, scope: Any, receive: Any, send: Any) -> None:
        from starlette.responses import HTMLResponse, JSONResponse

        headers = _headers(scope)
        navigation = scope.get("method") == "GET" and "text/html" in headers.get("accept", "")
        response: Any
        if navigation:
            path = _local_path(scope)
            query = scope.get("query_string", b"").decode("latin-1")
            page = self.login_page(
                path + (f"?{query}" if query else ""), None, scope.get("root_path", "")
            )
            response = HTMLResponse(page, 401)
        else:
            response = JSONResponse(
                {"error": "authentication required: send HTTP Basic credentials or sign in"},
                401,
                headers=None
                if "sec-fetch-mode" in headers
                else {"WWW-Authenticate": 'Basic realm="autoui", charset="UTF-8"'},
            )
        await response(scope, receive, send)


def _headers(scope: Any) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def _local_path(scope: Any) -> str:
    path: str = scope.get("path", "")
    root: str = scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    return path or "/"
