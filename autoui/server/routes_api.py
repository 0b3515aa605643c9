"""The job API of DESIGN.md: submit, wait, stream, inspect and cancel jobs.

Each endpoint is a short chain of steps: find the function → read the body (bounded)
→ check the payload without decoding it (:func:`autoui.inputcheck.check_inputs`: a 422
naming the parameter, before anything is queued) → queue the wire payload → answer. The
inputs are decoded when the job starts (:mod:`autoui.execution`). Function-specific
routes are generic here (``/api/{fn}/jobs``); :mod:`autoui.server.openapi` documents
one typed operation per function.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from autoui.errors import QueueFullError, TooManyJobsError, ValidationError
from autoui.events import Complete, Event, Failed, Output
from autoui.inputcheck import check_inputs, count_containers
from autoui.limits import InputLimits
from autoui.server.files import JobFiles
from autoui.server.jobs import Job
from autoui.server.responses import ApiError, json_response, unavailable, validation_body
from autoui.server.routes_stream import stream_links
from autoui.server.sessions import address_key, client_key, owner_of
from autoui.server.sse import EventStreamResponse, event_body, parse_last_event_id
from autoui.server.state import ServerState, app_state
from autoui.spec import FunctionSpec
from autoui.streaming import fed_live

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

__all__ = ["add_api_routes", "admit", "shadowed_functions"]

# Bodies larger than this are checked in a worker thread: walking them is Python code,
# which lets the event loop in between (parsing is C code, bounded by max_items instead).
_CHECK_IN_THREAD = 256 * 1024


def add_api_routes(app: FastAPI) -> None:
    """Register the job API. The per-call routes are plain Starlette routes: they read
    the request themselves, so FastAPI's parameter machinery stays off the hot path
    (:mod:`autoui.server.openapi` documents them)."""
    app.add_api_route("/health", health, response_model=None, methods=["GET"], tags=["server"])
    app.add_api_route("/api/spec", get_spec, response_model=None, methods=["GET"], tags=["server"])
    router = app.router
    router.add_route("/api/jobs/{job_id}/events", job_events, ["GET"], include_in_schema=False)
    router.add_route("/api/jobs/{job_id}", job_resource, ["GET", "DELETE"], include_in_schema=False)
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
async def health(request: Request) -> Response:
    """Liveness, and where jobs run: answers without authentication.

    ``status`` is ``degraded`` while a function keeps crashing its worker process
    (``--isolation process``; the server itself still answers), and ``broker
    unreachable`` (HTTP 503) while a front-end cannot reach its Redis.
    """
    report: dict[str, Any] = {"status": "ok", **await app_state(request).backend.health()}
    return json_response(report, 503 if report["status"] == "broker unreachable" else 200)


async def get_spec(request: Request) -> Response:
    """The app's spec: functions, inputs, outputs, and the UI's settings."""
    from starlette.responses import Response

    return Response(app_state(request).spec_json, media_type="application/json")


async def submit_job(request: Request) -> Response:
    job = await _submit(request, live=True)
    links = await stream_links(app_state(request), job, request.scope.get("root_path", ""))
    return json_response({"job_id": job.id, "position": job.position, **links}, 202)


async def call_function(request: Request) -> Response:
    job = await _submit(request)
    finished: asyncio.Future[Event] = asyncio.get_running_loop().create_future()
    job.on_finish(lambda done: _resolve(finished, done.result))
    answer = _blocking_answer(job, await finished)
    job.mark_read()
    return answer


async def job_events(request: Request) -> EventStreamResponse:
    """The job's events as SSE, resuming after ``Last-Event-ID``."""
    state = app_state(request)
    job = await _job(state, request)
    seen = parse_last_event_id(
        request.headers.get("last-event-id"), request.query_params.get("last_event_id")
    )
    settings = state.settings
    return EventStreamResponse(job, seen, settings.heartbeat, send_timeout=settings.send_timeout)


async def job_resource(request: Request) -> Response:
    """``GET`` (status) and ``DELETE`` (cancel) as one route, so a 405 lists both."""
    if request.method == "DELETE":
        return await cancel_job(request)
    return await job_status(request)


async def job_status(request: Request) -> Response:
    """The job's state and, once known, its result: for polling and reconnecting clients."""
    job = await _job(app_state(request), request)
    summary = job_summary(job)
    if job.done:
        job.mark_read()
    return json_response(summary)


async def cancel_job(request: Request) -> Response:
    """Cancel: a waiting job never runs; a running generator stops at its next yield."""
    state = app_state(request)
    job = await _job(state, request)
    try:
        cancelled = await state.backend.cancel(job)
    except QueueFullError as exc:
        raise unavailable(exc) from None
    return json_response({"job_id": job.id, "cancelled": cancelled, "status": job.state})


# -- steps ------------------------------------------------------------------------------
async def _submit(request: Request, live: bool = False) -> Job:
    state = app_state(request)
    fn_spec = _function(state, request.path_params["fn"], request)
    client = client_key(request)
    try:
        # a flood is refused before any work
        await state.backend.check_client(client, fn_spec.name, address_key(request))
        return await _queue(request, state, fn_spec, client, live)
    except TooManyJobsError as exc:
        raise ApiError(
            429,
            {"error": str(exc), "type": "TooManyJobs", "limit": exc.limit},
            {"Retry-After": str(exc.retry_after)},
        ) from None
    except QueueFullError as exc:
        raise unavailable(exc) from None


async def _queue(
    request: Request, state: ServerState, fn_spec: FunctionSpec, client: str, live: bool
) -> Job:
    """Read the body (bounded), then admit the call."""
    body = await _read_body(request, state.settings.max_body_size)
    data = _data_of(_parse_json(body, state.settings.input_limits))
    return await admit(
        state,
        fn_spec,
        data,
        owner=owner_of(request),
        client=client,
        address=address_key(request),
        base=request.scope.get("root_path", ""),
        size=len(body),
        live=live,
    )


async def admit(
    state: ServerState,
    fn_spec: FunctionSpec,
    data: dict[str, Any] | list[Any],
    *,
    owner: str | None,
    client: str | None,
    address: str | None = None,
    base: str = "",
    size: int = 0,
    live: bool = False,
) -> Job:
    """Check one call's wire ``data`` without decoding it, then queue it.

    The one way into the queue, for these routes and for protocol adapters alike.

    Args:
        owner: who may see the job and its files (None: anyone with the id).
        client: who is asking, for the per-client caps (None: not counted).
        address: an anonymous client's address, for the per-address caps.
        base: the mount prefix put in front of output file URLs.
        size: the request's size in bytes; a large one is checked in a worker thread.
        live: a live parameter left out gets its chunks over the job's stream
            (:mod:`autoui.server.routes_stream`); otherwise it needs a whole file.

    Raises:
        ValidationError: a payload is refused (``param`` names it).
        TooManyJobsError: ``client`` already has its most live jobs.
        QueueFullError: the queue is full or shutting down.
    """
    settings = state.settings
    await state.backend.check_client(client, fn_spec.name, address)
    files = JobFiles(state.files, owner, base, settings.max_file_size)
    if state.shared_files is not None:  # a broker's front-end: ids from any front-end
        await state.shared_files.fetch_all(data, owner)
    if size > _CHECK_IN_THREAD:
        await asyncio.to_thread(check_inputs, fn_spec, data, files, settings.input_limits)
    else:
        check_inputs(fn_spec, data, files, settings.input_limits)
    return await state.backend.submit(
        fn_spec.name, data, files, owner, client, address=address, size=size,
        live=live and fed_live(fn_spec, data),
    )  # fmt: skip


def _function(state: ServerState, name: str, request: Request | None = None) -> FunctionSpec:
    fn_spec = state.functions.get(name)
    if fn_spec is None and request is not None:
        _refuse_other_methods(request)
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


def _refuse_other_methods(request: Request) -> None:
    """405 for ``POST /api/spec`` and the like: a fixed route owns the path, another method."""
    from starlette.routing import Match

    for route in request.app.router.routes:
        if getattr(route, "endpoint", None) in (call_function, submit_job):
            continue
        match, _ = route.matches({**request.scope, "method": request.method})
        if match is Match.PARTIAL:
            allowed = ", ".join(sorted(getattr(route, "methods", None) or ()))
            raise ApiError(
                405,
                {"error": f"{request.method} is not allowed here; use {allowed}"},
                {"Allow": allowed},
            )


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it is known to be over ``limit``; the
    connection is then closed, so the server never reads (and parses) the rest."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> ApiError:
    message = f"the request is larger than the {limit} byte limit (--max-body-size)"
    return ApiError(413, {"error": message}, {"Connection": "close"})


def _parse_json(body: bytes, limits: InputLimits) -> Any:
    """The body's JSON; refused unparsed when it holds more lists and objects than allowed."""
    if not body.strip():
        return {}
    if count_containers(body) > limits.max_items:
        raise ValidationError(
            f"too many values: at most {limits.max_items:,} lists and objects in one call"
        )
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


async def _job(state: ServerState, request: Request) -> Job:
    job_id = request.path_params["job_id"]
    try:
        job = await state.backend.get(job_id, owner_of(request))
    except QueueFullError as exc:
        raise unavailable(exc) from None
    if job is None:
        raise ApiError(404, {"error": _missing(state, job_id)})
    return job


def _missing(state: ServerState, job_id: str) -> str:
    if state.settings.broker is not None:  # ids are the broker's, across restarts
        return f"no job {job_id!r}: it expired, or it is not yours"
    return state.jobs.missing(job_id)


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


def _resolve(future: asyncio.Future[Event], result: Event | None) -> None:
    if not future.done() and result is not None:
        future.set_result(result)


def _blocking_answer(job: Job, result: Event) -> Response:
    if isinstance(result, Complete):
        return json_response({"data": result.data, "duration": result.duration})
    if isinstance(result, Failed):
        if result.type == "ValidationError":  # an input that did not decode at start
            return json_response(validation_body(_validation_error(result)), 422)
        status = {"Error": 400}.get(result.type, 500)
        return json_response({"error": result.message, **event_body(result)}, status)
    output = job.last_output()
    data = output.data if isinstance(output, Output) else None
    return json_response({"error": "the job was cancelled", "type": "Cancelled", "data": data}, 409)


def _validation_error(failed: Failed) -> ValidationError:
    message, param = failed.message, failed.param
    if param and message.startswith(f"{param}: "):
        message = message[len(param) + 2 :]
    return ValidationError(message, param)
