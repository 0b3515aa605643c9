"""The job API of DESIGN.md: submit, wait, stream, inspect and cancel jobs.

Each endpoint is a short chain of steps: find the function → read the body → refuse
file paths → preprocess (a 422 naming the parameter, before anything is queued) →
queue → answer. Function-specific routes are generic here (``/api/{fn}/jobs``);
:mod:`autoui.server.openapi` documents one typed operation per function.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from autoui.errors import QueueFullError, TooManyJobsError, ValidationError
from autoui.events import Complete, Failed, Output
from autoui.server.files import JobFiles
from autoui.server.jobs import Job
from autoui.server.responses import ApiError, json_response
from autoui.server.sessions import client_key, owner_of
from autoui.server.sse import EventStreamResponse, event_body, parse_last_event_id
from autoui.server.state import ServerState, app_state
from autoui.spec import FunctionSpec

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

__all__ = ["add_api_routes", "shadowed_functions"]

# Keys of file-reference dicts (ours and Gradio's FileData): with "path", a request to read
# a server file, refused wherever it appears in a payload.
_FILE_KEYS = frozenset(
    {"path", "url", "orig_name", "name", "size", "mime_type", "meta", "is_stream", "id", "type"}
)


def add_api_routes(app: FastAPI) -> None:
    """Register the job API. The per-call routes are plain Starlette routes: they read
    the request themselves, so FastAPI's parameter machinery stays off the hot path
    (:mod:`autoui.server.openapi` documents them)."""
    app.add_api_route("/health", health, response_model=None, methods=["GET"], tags=["server"])
    app.add_api_route("/api/spec", get_spec, response_model=None, methods=["GET"], tags=["server"])
    router = app.router
    router.add_route("/api/jobs/{job_id}/events", job_events, ["GET"], include_in_schema=False)
    router.add_route("/api/jobs/{job_id}", job_status, ["GET"], include_in_schema=False)
    router.add_route("/api/jobs/{job_id}", cancel_job, ["DELETE"], include_in_schema=False)
    router.add_route("/api/{fn}/jobs", submit_job, ["POST"], include_in_schema=False)
    router.add_route("/api/{fn}", call_function, ["POST"], include_in_schema=False)


def shadowed_functions(app: FastAPI, names: list[str]) -> dict[str, str]:
    """Functions whose blocking route ``POST /api/<name>`` another route answers first.

    Fixed routes (``POST /api/files``, the upload) are matched before ``/api/{fn}``, so a
    function named ``files`` cannot be called there; its job route
    ``POST /api/<name>/jobs`` still works. Found by asking the router itself, so a
    route added later is covered too.

    Returns:
        function name → the name of the route that answers instead.
    """
    from starlette.routing import Match

    shadowed: dict[str, str] = {}
    for name in names:
        scope = {"type": "http", "method": "POST", "path": f"/api/{name}", "root_path": ""}
        for route in app.router.routes:
            if route.matches(scope)[0] is Match.FULL:
                if getattr(route, "endpoint", None) is not call_function:
                    shadowed[name] = str(getattr(route, "name", None) or route)
                break
    return shadowed


# -- endpoints --------------------------------------------------------------------------
async def health() -> dict[str, str]:
    """Liveness: answers without authentication."""
    return {"status": "ok"}


async def get_spec(request: Request) -> Response:
    """The app's spec: functions, inputs, outputs, and the UI's settings."""
    from starlette.responses import Response

    return Response(app_state(request).spec_json, media_type="application/json")


async def submit_job(request: Request) -> Response:
    job = await _submit(request)
    return json_response({"job_id": job.id, "position": job.position}, 202)


async def call_function(request: Request) -> Response:
    job = await _submit(request)
    finished: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    job.on_finish(lambda _: _resolve(finished))
    await finished
    return _blocking_answer(job)


async def job_events(request: Request) -> EventStreamResponse:
    """The job's events as SSE, resuming after ``Last-Event-ID``."""
    state = app_state(request)
    job = _job(state, request)
    seen = parse_last_event_id(
        request.headers.get("last-event-id"), request.query_params.get("last_event_id")
    )
    settings = state.settings
    return EventStreamResponse(job, seen, settings.heartbeat, send_timeout=settings.send_timeout)


async def job_status(request: Request) -> Response:
    """The job's state and, once known, its result: for polling and reconnecting clients."""
    job = _job(app_state(request), request)
    return json_response(job_summary(job))


async def cancel_job(request: Request) -> Response:
    """Cancel: a waiting job never runs; a running generator stops at its next yield."""
    state = app_state(request)
    job = _job(state, request)
    cancelled = state.queue.cancel(job)
    return json_response({"job_id": job.id, "cancelled": cancelled, "status": job.state})


# -- steps ------------------------------------------------------------------------------
async def _submit(request: Request) -> Job:
    state = app_state(request)
    fn_spec = _function(state, request.path_params["fn"])
    client = client_key(request)
    try:
        state.queue.check_client(client, fn_spec.name)  # a flood is refused before any work
        return await _queue(request, state, fn_spec, client)
    except TooManyJobsError as exc:
        raise ApiError(
            429,
            {"error": str(exc), "type": "TooManyJobs", "limit": exc.limit},
            {"Retry-After": str(exc.retry_after)},
        ) from None
    except QueueFullError as exc:
        raise ApiError(
            503, {"error": str(exc), "type": "QueueFull"}, {"Retry-After": str(exc.retry_after)}
        ) from None


async def _queue(request: Request, state: ServerState, fn_spec: FunctionSpec, client: str) -> Job:
    """Read, check and preprocess the inputs, then queue the call."""
    data = _data_of(await _read_json(request, state.settings.max_file_size))
    _refuse_paths(fn_spec, data)
    owner = owner_of(request)
    files = JobFiles(
        state.files, owner, request.scope.get("root_path", ""), state.settings.max_file_size
    )
    kwargs = await _preprocess(fn_spec, data, files)
    return state.queue.submit(fn_spec.name, kwargs, files, owner, client)


def _function(state: ServerState, name: str) -> FunctionSpec:
    fn_spec = state.functions.get(name)
    if fn_spec is None:
        names = sorted(state.functions)
        raise ApiError(
            404,
            {
                "error": f"no function {name!r}; this app has: {', '.join(names)}",
                "functions": names,
            },
        )
    return fn_spec


async def _read_json(request: Request, limit: int) -> Any:
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise ApiError(413, {"error": f"the request is larger than the {limit} byte limit"})
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, {"error": f"the request is larger than the {limit} byte limit"})
        chunks.append(chunk)
    body = b"".join(chunks)
    if not body.strip():
        return {}
    try:
        return orjson.loads(body)
    except ValueError as exc:
        raise ApiError(400, {"error": f"the body is not valid JSON ({exc})"}) from None


def _data_of(body: Any) -> dict[str, Any] | list[Any]:
    if isinstance(body, dict) and not body:
        return {}
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict | list):
        raise ValidationError(
            'the body must be {"data": {parameter: value, ...}} or {"data": [value, ...]}'
        )
    return data


def _refuse_paths(fn_spec: FunctionSpec, data: dict[str, Any] | list[Any]) -> None:
    """422 for any file reference naming a server path, before the function is involved."""
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        if _names_a_path(value):
            if isinstance(key, int):
                key = fn_spec.inputs[key].name if key < len(fn_spec.inputs) else str(key)
            raise ValidationError(
                "file paths are not accepted; upload the file (POST /api/files) and pass "
                'its {"id": ...}',
                param=key,
            )


def _names_a_path(value: Any, depth: int = 0) -> bool:
    if depth > 32:
        return False
    if isinstance(value, dict):
        if "path" in value and set(value) <= _FILE_KEYS:
            return True
        return any(_names_a_path(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return any(_names_a_path(v, depth + 1) for v in value)
    return False


async def _preprocess(
    fn_spec: FunctionSpec, data: dict[str, Any] | list[Any], files: JobFiles
) -> dict[str, Any]:
    from autoui.pipeline import preprocess_inputs

    if any(p.component.traits.heavy for p in fn_spec.inputs):  # decodes files: off the loop
        kwargs: dict[str, Any] = await asyncio.to_thread(preprocess_inputs, fn_spec, data, files)
        return kwargs
    return preprocess_inputs(fn_spec, data, files)


def _job(state: ServerState, request: Request) -> Job:
    job_id = request.path_params["job_id"]
    job = state.jobs.get(job_id, owner_of(request))
    if job is None:
        raise ApiError(404, {"error": f"no job {job_id!r} (it may have expired)"})
    return job


def job_summary(job: Job) -> dict[str, Any]:
    """A job's state as JSON: status, position, and its result or latest output."""
    summary: dict[str, Any] = {
        "job_id": job.id,
        "function": job.fn,
        "status": job.state,
        "last_event_id": job.log.last_seq,
    }
    if job.state == "queued":
        summary["position"] = job.position
    result = job.result
    if isinstance(result, Complete):
        summary["data"] = result.data
        summary["duration"] = result.duration
    elif isinstance(result, Failed):
        summary["error"] = event_body(result)
    elif (output := job.last_output()) is not None:
        summary["data"] = output.data
    return summary


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _blocking_answer(job: Job) -> Response:
    result = job.result
    if isinstance(result, Complete):
        return json_response({"data": result.data, "duration": result.duration})
    if isinstance(result, Failed):
        status = {"Error": 400, "ValidationError": 422}.get(result.type, 500)
        return json_response({"error": result.message, **event_body(result)}, status)
    output = job.last_output()
    data = output.data if isinstance(output, Output) else None
    return json_response({"error": "the job was cancelled", "type": "Cancelled", "data": data}, 409)
