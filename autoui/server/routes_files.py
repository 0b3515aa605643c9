"""``POST /api/files`` and ``GET /api/files/{id}/{name}``: files in and out, by opaque id.

The GET route looks the id up in the store and nothing else: the URL never becomes a
path, so ``../``, encoded dots, absolute paths, backslashes and NUL bytes all end in the
same 404 as an unknown id, whether or not some file by that name exists.

Served files are inert in a browser: ``X-Content-Type-Options: nosniff``, a
``Content-Security-Policy: sandbox``, and types that a browser would run or render as
a document (HTML, SVG, XML, JavaScript, anything unknown) are sent as
``application/octet-stream`` with ``Content-Disposition: attachment``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from autoui.errors import QueueFullError
from autoui.server.responses import ApiError, json_response
from autoui.server.sessions import owner_of
from autoui.server.state import app_state
from autoui.server.uploads import UploadError, receive_upload

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

__all__ = ["INLINE_TYPES", "add_file_routes"]

# Types shown inline (an <img>, <audio>, <video> or a text view); everything else is a
# download.
INLINE_TYPES = frozenset(
    {
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/bmp",
        "image/avif",
        "audio/wav",
        "audio/x-wav",
        "audio/mpeg",
        "audio/ogg",
        "audio/flac",
        "audio/webm",
        "video/mp4",
        "video/webm",
        "video/ogg",
        "text/plain",
        "text/csv",
        "application/json",
        "application/pdf",
    }
)
_UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        }
    },
}
_NOT_FOUND = {"error": "no such file (files are served by the id an upload or a job gave)"}


def add_file_routes(app: FastAPI) -> None:
    app.add_api_route(
        "/api/files",
        upload_files,
        response_model=None,
        methods=["POST"],
        tags=["files"],
        openapi_extra={"requestBody": _UPLOAD_BODY},
        responses={
            400: {"description": "Not a multipart/form-data body with a field `file`"},
            413: {"description": "Larger than `--max-file-size`, or too many parts"},
            422: {"description": "No file in the upload"},
        },
    )
    app.add_api_route(
        "/api/files/{file_id}/{name}",
        get_file,
        response_model=None,
        methods=["GET"],
        tags=["files"],
        responses={404: {"description": "No such file (or not yours, or expired)"}},
    )


async def upload_files(request: Request) -> Response:
    """Upload one or more files (multipart field ``file``); answers their payloads.

    One file gives one ``{"id", "url", "name", "size", "mime_type"}``; several give a list.
    """
    state = app_state(request)
    owner = owner_of(request)
    try:
        stored = await receive_upload(
            request.headers.get("content-type", ""),
            request.headers.get("content-length"),
            request.stream(),
            state.files,
            owner,
            state.settings.max_file_size,
        )
    except UploadError as exc:
        headers = {"Connection": "close"} if exc.status == 413 else None
        raise ApiError(exc.status, {"error": exc.message}, headers) from None
    if state.shared_files is not None:  # under a broker: reachable from every process
        try:
            for item in stored:
                await state.shared_files.publish(item)
        except QueueFullError as exc:
            raise _unavailable(exc) from None
    base = request.scope.get("root_path", "")
    payloads = [s.payload(base) for s in stored]
    return json_response(payloads[0] if len(payloads) == 1 else payloads)


async def get_file(request: Request, file_id: str, name: str) -> Response:
    """A stored file, by the id and name in its payload's ``url``."""
    from starlette.responses import FileResponse

    state = app_state(request)
    stored = state.files.get(file_id, owner_of(request))
    if stored is None and state.shared_files is not None:
        try:
            stored = await state.shared_files.fetch(file_id, owner_of(request))
        except QueueFullError as exc:
            raise _unavailable(exc) from None
    if stored is None or stored.name != name or not stored.path.is_file():
        raise ApiError(404, _NOT_FOUND)
    inline = stored.mime_type in INLINE_TYPES
    headers: dict[str, Any] = {
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",
        "Cache-Control": "private, max-age=3600",
    }
    return FileResponse(
        stored.path,
        media_type=stored.mime_type if inline else "application/octet-stream",
        filename=stored.name,
        headers=headers,
        content_disposition_type="inline" if inline else "attachment",
    )


def _unavailable(exc: QueueFullError) -> ApiError:
    """The shared file store (a broker's Redis) is unreachable: 503 + ``Retry-After``."""
    return ApiError(503, {"error": str(exc)}, {"Retry-After": str(exc.retry_after)})
