"""How the HTTP API's answers and failures become :class:`~autoui.errors.ClientError`.

One place decides the message a caller sees for a 422, a 401, a refused connection or a
lost job, so the sync client, the async client and ``autoui call`` all say the same.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from autoui.errors import ClientError

__all__ = [
    "SSE_TIMEOUT",
    "error_from_response",
    "make_error",
    "normalize_url",
    "transport_error",
]

#: Waiting on an event stream: a job may be silent for as long as the function runs.
SSE_TIMEOUT = httpx.Timeout(30.0, read=None)


def normalize_url(url: str) -> str:
    """``127.0.0.1:7860/`` → ``http://127.0.0.1:7860``: what people type, made usable."""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    return url.rstrip("/")


def make_error(
    message: str,
    *,
    param: str | None = None,
    status: int | None = None,
    type: str | None = None,
) -> ClientError:
    """A :class:`ClientError`, without repeating ``param`` when the message starts with it."""
    if param and message.startswith(f"{param}: "):
        message = message[len(param) + 2 :]
    return ClientError(message, param=param, status=status, type=type)


def error_from_response(response: httpx.Response, url: str) -> ClientError:
    """The error an unsuccessful response stands for, with the server's own words."""
    status = response.status_code
    body = _json_or_none(response)
    if status == 401:
        return ClientError(
            f"{url} asks for a user name and password: pass auth=(user, password)"
            + (" (the ones given were refused)" if response.request.headers.get("authorization")
               else ""),
            status=status,
        )
    if isinstance(body, dict):
        param = body.get("param") if isinstance(body.get("param"), str) else None
        message = _message(body) or response.reason_phrase
        kind = _str(body.get("type")) or ("ValidationError" if status == 422 else None)
        return make_error(message, param=param, status=status, type=kind)
    text = response.text.strip()[:300] if response.text else response.reason_phrase
    return ClientError(f"{url} answered {status}: {text}", status=status)


def _message(body: dict[str, Any]) -> str | None:
    for key in ("error", "message"):
        if isinstance(body.get(key), str):
            return str(body[key])
    detail = body.get("detail")
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list) and detail and isinstance(detail[0], dict):
        return str(detail[0].get("msg"))
    return None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        return None


def transport_error(url: str, exc: httpx.HTTPError) -> ClientError:
    """A connection-level failure, said in terms of what to check."""
    if isinstance(exc, httpx.ConnectError):
        return ClientError(
            f"cannot reach an autoui server at {url} ({exc or 'connection refused'}); "
            "is `autoui serve` running there?"
        )
    if isinstance(exc, httpx.TimeoutException):
        return ClientError(f"{url} did not answer in time ({type(exc).__name__})")
    return ClientError(f"the connection to {url} failed: {type(exc).__name__}: {exc}")
