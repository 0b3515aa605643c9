"""JSON answers and the errors routes raise, in the shapes HACKING.md promises.

Routes raise; the handlers installed by :func:`install_error_handlers` answer. A bad
input is a 422 naming the parameter::

    {"detail": [{"loc": ["body", "data", param], "msg": message, "type": "value_error"}],
     "error": "<param>: <message>", "param": param}

Every other refusal is ``{"error": message, ...}`` with its status.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from autoui.errors import QueueFullError, ValidationError
from autoui.server.sse import dumps

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI
    from starlette.requests import Request
    from starlette.responses import Response

__all__ = [
    "ApiError",
    "install_error_handlers",
    "json_response",
    "unavailable",
    "validation_body",
]


class ApiError(Exception):
    """A refusal with an HTTP status and a JSON body."""

    def __init__(
        self, status: int, body: dict[str, Any], headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(body.get("error", ""))
        self.status = status
        self.body = body
        self.headers = dict(headers or {})


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    from starlette.responses import Response

    return Response(dumps(body), status, dict(headers or {}), media_type="application/json")


def unavailable(exc: QueueFullError) -> ApiError:
    """No room now (the queue is full, the server is stopping, the broker is down): a
    503 with ``Retry-After``."""
    return ApiError(
        503, {"error": str(exc), "type": "QueueFull"}, {"Retry-After": str(exc.retry_after)}
    )


def validation_body(error: ValidationError) -> dict[str, Any]:
    loc: list[str] = ["body", "data"] + ([error.param] if error.param else [])
    return {
        "detail": [{"loc": loc, "msg": error.message, "type": "value_error"}],
        "error": str(error),
        "param": error.param,
    }


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return json_response(exc.body, exc.status, exc.headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ValidationError)
    return json_response(validation_body(exc), 422)


async def _request_validation_error(request: Request, exc: Exception) -> Response:
    errors: list[Any] = list(getattr(exc, "errors", list)())
    first = errors[0] if errors else {}
    loc = [str(part) for part in first.get("loc", [])]
    message = str(first.get("msg", "invalid request"))
    return json_response(
        {"detail": errors, "error": f"{'.'.join(loc)}: {message}" if loc else message}, 422
    )


def install_error_handlers(app: FastAPI) -> None:
    from fastapi.exceptions import RequestValidationError

    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(ValidationError, _validation_error)
    app.add_exception_handler(RequestValidationError, _request_validation_error)
