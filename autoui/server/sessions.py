"""Who is asking: the owner key that jobs and files are tied to.

With ``--auth``, the owner is the signed-in user (set on the scope by the auth
middleware). Without it, the owner is an anonymous session: a random id in the
``autoui_session`` cookie, handed out by the web page and by uploads. A client that
keeps no cookies (curl) is owner None; what it creates is reachable by its unguessable
id alone, and it cannot reach anything that belongs to a session.
"""

from __future__ import annotations

import re
import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from starlette.requests import Request
    from starlette.responses import Response

__all__ = [
    "SESSION_COOKIE",
    "USER_KEY",
    "client_key",
    "owner_of",
    "set_session_cookie",
    "start_session",
]

SESSION_COOKIE = "autoui_session"
USER_KEY = "autoui.user"  # the scope key the auth middleware sets
_SESSION_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def owner_of(request: Request) -> str | None:
    """The owner key of this request (None: an anonymous client without a session)."""
    user = request.scope.get(USER_KEY)
    if user is not None:
        return f"user:{user}"
    session = request.cookies.get(SESSION_COOKIE)
    if session and _SESSION_RE.fullmatch(session):
        return f"session:{session}"
    return None


def client_key(request: Request) -> str:
    """Who is asking, for the per-client job limit: the owner, else the remote address.

    The signed-in user (``--auth``) cannot be forged. An anonymous session id can: the
    client picks its own cookie, so a hostile client may rotate it; the limit then
    keeps ordinary clients (browser tabs, scripts) from starving each other, while
    ``--auth`` or ``--max-queue`` bound a hostile one. Without a cookie (curl, load
    generators) the key is the address uvicorn reports, which behind a proxy on the
    same host is the forwarded client address (uvicorn trusts ``X-Forwarded-For`` from
    127.0.0.1), and which every cookie-less local client shares.
    """
    owner = owner_of(request)
    if owner is not None:
        return owner
    client = request.scope.get("client")
    return f"address:{client[0]}" if client else "address:unknown"


def start_session(request: Request) -> tuple[str | None, str | None]:
    """The request's owner, starting an anonymous session when it has none.

    Returns:
        ``(owner, new_session)``: pass ``new_session`` to :func:`set_session_cookie`.
    """
    owner = owner_of(request)
    if owner is not None:
        return owner, None
    session = secrets.token_urlsafe(16)
    return f"session:{session}", session


def set_session_cookie(request: Request, response: Response, session: str | None) -> None:
    """Send the new anonymous session's cookie, if one was started."""
    if session is None:
        return
    response.set_cookie(
        SESSION_COOKIE,
        session,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path=(request.scope.get("root_path") or "") + "/",
    )
