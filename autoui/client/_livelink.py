"""What the sync and async live senders share: where the chunks go, and how to get in.

A live job's chunks go up ``WS /api/jobs/{id}/stream`` (binary messages; a text
``{"type": "end"}`` ends the input) or, when no socket can be opened, one by one to
``POST /api/jobs/{id}/input`` (``X-Chunk-Seq`` makes a retry harmless; an empty body
ends the input). The socket needs the same credentials as the client's requests: its
``Authorization`` header and the session cookie the server may have set, since only
the job's owner reaches its socket. No I/O here.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import httpx

from autoui.errors import ClientError, ValidationError
from autoui.wire import WireLive

__all__ = [
    "END",
    "SOCKET_OPTIONS",
    "input_path",
    "input_problem",
    "live_chunks",
    "socket_headers",
    "socket_url",
]

END = '{"type": "end"}'

SOCKET_OPTIONS: dict[str, Any] = {
    "compression": None,  # PCM and JPEG do not shrink; deflate would only cost CPU
    "max_size": None,  # the server's media outputs (up to 4 MiB) come down the socket too
}


def socket_url(base: str, job_id: str) -> str:
    """``http://host/root`` → ``ws://host/root/api/jobs/{id}/stream`` (``wss`` for https)."""
    scheme, _, rest = base.partition("://")
    return f"{'wss' if scheme == 'https' else 'ws'}://{rest}/api/jobs/{job_id}/stream"


def input_path(job_id: str) -> str:
    """The HTTP fallback's route, relative to the client's base URL."""
    return f"api/jobs/{job_id}/input"


def socket_headers(http: httpx.Client | httpx.AsyncClient, auth: Any) -> dict[str, str]:
    """The client's credentials for the socket's handshake: Basic auth and cookies."""
    headers: dict[str, str] = {}
    if isinstance(auth, tuple) and len(auth) == 2:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in http.cookies.jar)
    if cookies:
        headers["Cookie"] = cookies
    return headers


def input_problem(error: Exception, param: str) -> ClientError:
    """A chunk that could not be made or sent, as the error a caller sees (naming ``param``)."""
    if isinstance(error, ClientError):
        return error
    if isinstance(error, ValidationError):
        return ClientError(error.message, param=param, type="ValidationError")
    return ClientError(f"the live input {param!r} failed: {type(error).__name__}: {error}")


def live_chunks(value: Any, live: WireLive) -> Iterator[bytes]:
    """The wire chunks of what a caller passed for ``live`` (checked now when it can be).

    Raises:
        ClientError: a path that is no file, bytes that are no audio or image, ... (names
            the parameter).
    """
    from autoui.streaming.chunks import chunks_of

    try:
        return chunks_of(value, live)
    except ValidationError as exc:
        raise input_problem(exc, live.param) from None
