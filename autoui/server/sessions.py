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
    "address_key",
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
    client picks its own cookie, so a hostile client may rotate it; the per-address cap
    (:func:`address_key`) then still bounds it. Without a cookie (curl, load generators)
    the key is the address. The address is the peer uvicorn reports, which is the
    forwarded client only from the proxies named with ``--trusted-proxies``.
    """
    owner = owner_of(request)
    if owner is not None:
        return owner
    return _address(request)


def address_key(request: Request) -> str | None:
    """The address an anonymous client's jobs also count under (None: a signed-in user)."""
    if request.scope.get(USER_KEY) is not None:
        return None
    return _address(request)


def _address(request: Request) -> str:
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
