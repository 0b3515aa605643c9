"""``--auth`` / ``--auth-file``: every route asks who you are, except the login page and /health.

Two ways in, both checked on every request by :class:`AuthMiddleware`:

- HTTP Basic (``Authorization: Basic ...``), for curl and the clients;
- the login page (``/login``), which sets a signed, expiring ``autoui_auth`` cookie, for
  browsers. Each cookie carries a random id; ``/logout`` revokes that id on the server,
  so a copy of the cookie replayed afterwards is refused (the revocation list forgets an
  id when its cookie would have expired anyway).

Passwords are checked by :class:`~autoui.server.passwords.PasswordBook` (plain pairs in
constant time, argon2 hashes from an auth file). Failed sign-ins are counted per address
and per user, for Basic and the form alike (:class:`~autoui.server.throttle.LoginThrottle`):
past the allowance, a try is refused with 429 and a real ``Retry-After`` before the
password is looked at.
Without credentials, a browser navigation gets the login page (status 401) and an API
call a 401 JSON error; ``WWW-Authenticate`` is sent only to non-browser clients, so a
page's own ``fetch`` never pops the browser's password dialog.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from typing import Any

from autoui.server.passwords import PasswordBook
from autoui.server.sessions import USER_KEY
from autoui.server.throttle import LoginThrottle

__all__ = ["AUTH_COOKIE", "PUBLIC_PATHS", "AuthMiddleware", "Credentials", "client_address"]

AUTH_COOKIE = "autoui_auth"
PUBLIC_PATHS = frozenset({"/login", "/health"})
COOKIE_LIFETIME = 7 * 24 * 3600


class Credentials:
    """Who may come in, their login cookies, revoked cookies and failed tries.

    Args:
        book: the users and their passwords.
        secret: the key login cookies are signed with.
        throttle: failed sign-ins per address and per user.
    """

    def __init__(self, book: PasswordBook, secret: bytes, throttle: LoginThrottle) -> None:
        self.book = book
        self.throttle = throttle
        self._users = {u.encode() for u in book.users()}
        self._secret = secret
        self._revoked: dict[str, float] = {}  # cookie id → when it would have expired

    def check(self, user: str, password: str) -> bool:
        """Whether ``user``/``password`` is a configured pair."""
        return self.book.check(user, password)

    def sign_in(self, user: str, password: str, address: str) -> tuple[bool, int]:
        """Check a sign-in within the throttle: ``(ok, retry_after)``.

        ``retry_after`` > 0 means the try was refused unseen (too many recent failures).
        """
        keys = (f"address:{address}", f"user:{user}")
        wait = self.throttle.wait(*keys)
        if wait:
            return False, wait
        if self.check(user, password):
            self.throttle.succeeded(*keys)
            return True, 0
        self.throttle.failed(*keys)
        return False, 0

    def cookie_for(self, user: str, now: float | None = None) -> str:
        """A login cookie value for ``user``, valid for a week (unless revoked)."""
        expires = int((now or time.time()) + COOKIE_LIFETIME)
        name = base64.urlsafe_b64encode(user.encode()).decode().rstrip("=")
        payload = f"{name}.{expires}.{secrets.token_urlsafe(12)}"
        return f"{payload}.{self._sign(payload)}"

    def user_from_cookie(self, value: str, now: float | None = None) -> str | None:
        """The user a login cookie was issued to, if it is genuine, unexpired, not revoked."""
        payload, _, signature = value.rpartition(".")
        if not payload or not hmac.compare_digest(signature, self._sign(payload)):
            return None
        name, _, rest = payload.partition(".")
        expires, _, cookie_id = rest.partition(".")
        if not expires.isdigit() or int(expires) < (now or time.time()):
            return None
        if cookie_id in self._revoked:
            return None
        try:
            user = base64.urlsafe_b64decode(name + "=" * (-len(name) % 4)).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        return user if any(hmac.compare_digest(user.encode(), u) for u in self._users) else None

    def revoke(self, value: str, now: float | None = None) -> None:
        """Refuse this genuine cookie from now on (``/logout``)."""
        now = now or time.time()
        if self.user_from_cookie(value, now) is None:
            return
        _, _, rest = value.rpartition(".")[0].partition(".")
        expires, _, cookie_id = rest.partition(".")
        self._revoked[cookie_id] = float(expires)
        for known, until in list(self._revoked.items()):  # forget what expired anyway
            if until < now:
                del self._revoked[known]

    def basic_credentials(self, header: str) -> tuple[str, str] | None:
        """The user and password of an ``Authorization: Basic`` header, if well-formed."""
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            user, sep, password = base64.b64decode(token.strip()).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None
        return (user, password) if sep else None

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
        user, retry_after = self._user(scope)
        if user is not None:
            scope[USER_KEY] = user
            await self.app(scope, receive, send)
        elif retry_after:
            await _throttled(scope, receive, send, retry_after)
        elif _local_path(scope) in PUBLIC_PATHS:
            await self.app(scope, receive, send)
        else:
            await self._refuse(scope, receive, send)

    def _user(self, scope: Any) -> tuple[str | None, int]:
        """The signed-in user, or None and how long a throttled client must wait."""
        headers = _headers(scope)
        authorization = headers.get("authorization")
        if authorization:
            pair = self.credentials.basic_credentials(authorization)
            if pair is None:
                return None, 0
            ok, retry_after = self.credentials.sign_in(*pair, address=client_address(scope))
            return (pair[0] if ok else None), retry_after
        cookie = _cookie(headers.get("cookie", ""), AUTH_COOKIE)
        return (self.credentials.user_from_cookie(cookie) if cookie else None), 0

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


async def _throttled(scope: Any, receive: Any, send: Any, retry_after: int) -> None:
    from starlette.responses import JSONResponse

    message = (
        "too many failed sign-ins from this address or for this user; "
        f"try again in {retry_after} s"
    )
    response = JSONResponse({"error": message}, 429, headers={"Retry-After": str(retry_after)})
    await response(scope, receive, send)


def client_address(scope: Any) -> str:
    """The client's address as the server sees it (the forwarded one only from trusted
    proxies: uvicorn rewrites ``client`` for those alone)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


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
