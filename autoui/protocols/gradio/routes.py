"""The routes the official Gradio clients call, answered over autoui's queue.

``gradio_client`` (Python) and ``@gradio/client`` (JS) work against ``autoui serve``
unchanged: ``GET /config``, and under ``/gradio_api``: ``info``, ``queue/join``,
``queue/data`` (SSE), ``cancel``, ``reset``, ``upload`` and ``file=<reference>``.
A joined call is a job like any other (submitted through
:func:`~autoui.protocols.jobs.submit_payload`, so limits, batching and per-client
caps apply); the stream reads the job's own events (:mod:`.stream`). Uploads go to
the same file store as ``POST /api/files`` and answer opaque references, files are
served by the same route as ``/api/files/...``, and the app's middleware (Host and
Origin guard, ``--auth``) covers every route here as well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from autoui.errors import QueueFullError, TooManyJobsError, ValidationError
from autoui.protocols.gradio.config import API_PREFIX, app_config, app_info
from autoui.protocols.gradio.payloads import file_reference, inputs_from_gradio
from autoui.protocols.gradio.stream import Call, Sessions, session_stream
from autoui.protocols.jobs import submit_payload
from autoui.server.responses import ApiError, json_response
from autoui.server.routes_api import _parse_json, _read_body
from autoui.server.sessions import client_key, owner_of
from autoui.server.sse import dumps
from autoui.server.state import ServerState, app_state

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

__all__ = ["GradioAPI", "add_gradio_routes"]

_MAX_SESSIONS = 10_000
_MAX_HASH = 128
_SMALL_BODY = 64 * 1024  # a cancel request: ids only


class GradioAPI:
    """What the Gradio routes of one app share: its documents and its sessions."""

    def __init__(self, state: ServerState) -> None:
        settings = state.settings
        self.config = dumps(app_config(state.spec, settings.max_file_size))
        self.info = dumps(app_info(state.spec))
        self.sessions = Sessions(_MAX_SESSIONS, settings.job_ttl)


def add_gradio_routes(app: FastAPI, state: ServerState) -> None:
    """Answer the Gradio clients' routes on ``app``."""
    app.state.autoui_gradio = GradioAPI(state)
    router = app.router
    router.add_route("/config", get_config, ["GET"], include_in_schema=False)
    routes = {
        "/info": (get_info, "GET"),
        "/queue/join": (queue_join, "POST"),
        "/queue/data": (queue_data, "GET"),
        "/cancel": (cancel, "POST"),
        "/reset": (reset, "POST"),
        "/upload": (upload, "POST"),
        "/file={reference:path}": (get_file, "GET"),
    }
    for path, (endpoint, method) in routes.items():
        router.add_route(API_PREFIX + path, endpoint, [method], include_in_schema=False)


def _gradio(request: Request) -> GradioAPI:
    api: GradioAPI = request.app.state.autoui_gradio
    return api


async def get_config(request: Request) -> Response:
    return Response(_gradio(request).config, media_type="application/json")


async def get_info(request: Request) -> Response:
    return Response(_gradio(request).info, media_type="application/json")


async def queue_join(request: Request) -> Response:
    """Queue a call: ``{"data": [...], "fn_index": n, "session_hash": s}`` → its event id."""
    state = app_state(request)
    raw = await _read_body(request, state.settings.max_file_size)
    fn_index, data, session_hash = _join_fields(
        state, _parse_json(raw, state.settings.input_limits)
    )
    fn_spec = state.spec.functions[fn_index]
    root = request.scope.get("root_path", "")
    try:
        payloads = inputs_from_gradio(fn_spec, data)
        job = await submit_payload(
            state,
            fn_spec,
            payloads,
            owner=owner_of(request),
            client=client_key(request),
            base=root,
            size=len(raw),
        )
    except ValidationError as error:
        return json_response(_validation(error), 422)
    except TooManyJobsError as error:
        return json_response({"error": str(error)}, 429, {"Retry-After": str(error.retry_after)})
    except QueueFullError as error:
        return json_response({"error": str(error)}, 503, {"Retry-After": str(error.retry_after)})
    origin = f"{request.url.scheme}://{request.url.netloc}{root}"
    _gradio(request).sessions.join(session_hash).add(Call(job, fn_spec, origin))
    return json_response({"event_id": job.id})


async def queue_data(request: Request) -> Response:
    """The session's messages as server-sent events, until nothing is pending."""
    from starlette.responses import StreamingResponse

    session_hash = request.query_params.get("session_hash", "")
    sessions = _gradio(request).sessions
    session = sessions.get(session_hash)
    if session is None:
        raise ApiError(404, {"error": "no such session: join a call first"})
    stream = session_stream(sessions, session_hash, session, app_state(request).settings.heartbeat)
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream, media_type="text/event-stream", headers=headers)


async def cancel(request: Request) -> Response:
    """``{"session_hash", "event_id"}``: cancel that call (its stream then completes it)."""
    state = app_state(request)
    body = _parse_json(await _read_body(request, _SMALL_BODY), state.settings.input_limits)
    body = body if isinstance(body, dict) else {}
    session = _gradio(request).sessions.get(str(body.get("session_hash", "")))
    call = session.calls.get(str(body.get("event_id", ""))) if session is not None else None
    cancelled = call is not None and await state.backend.cancel(call.job)
    return json_response({"success": cancelled})


async def reset(request: Request) -> Response:
    """Sent after ``cancel`` by the clients; the cancel did the work."""
    return json_response({"success": True})


async def upload(request: Request) -> Response:
    """Files in the multipart field ``files`` → one opaque reference per file."""
    from autoui.server.uploads import UploadError, receive_upload

    state = app_state(request)
    try:
        stored = await receive_upload(
            request.headers.get("content-type", ""),
            request.headers.get("content-length"),
            request.stream(),
            state.files,
            owner_of(request),
            state.settings.max_file_size,
            field="files",
        )
    except UploadError as exc:
        raise ApiError(exc.status, {"error": exc.message}) from None
    return json_response([file_reference(s.id, s.name) for s in stored])


async def get_file(request: Request) -> Response:
    """A stored file by the reference an upload or an output gave; nothing else."""
    from autoui.server.routes_files import get_file as serve_stored

    file_id, _, name = request.path_params["reference"].partition("/")
    return await serve_stored(request, file_id, name)


def _join_fields(state: ServerState, body: Any) -> tuple[int, list[Any], str]:
    fields = body if isinstance(body, dict) else {}
    fn_index, data = fields.get("fn_index"), fields.get("data")
    session_hash = fields.get("session_hash")
    count = len(state.spec.functions)
    if not isinstance(fn_index, int) or not 0 <= fn_index < count:
        raise ApiError(422, {"error": f"fn_index must be a number from 0 to {count - 1}"})
    if not isinstance(data, list):
        raise ApiError(422, {"error": "data must be a list of input values"})
    if not isinstance(session_hash, str) or not 0 < len(session_hash) <= _MAX_HASH:
        raise ApiError(422, {"error": "session_hash must be a short string"})
    return fn_index, data, session_hash


def _validation(error: ValidationError) -> dict[str, Any]:
    """A refused input, in the form the clients turn into their ``ValidationError``."""
    check = {
        "__type__": "validate",
        "is_valid": False,
        "parameter_name": error.param or "data",
        "message": error.message,
    }
    return {"detail": [check], "error": str(error)}
