"""A typed OpenAPI document: one request model per function, from its components' schemas.

FastAPI documents the shared routes (jobs, files, spec) itself. The function routes are
generic (``/api/{fn}/jobs``), so this module adds, per function, the operations
``POST /api/<name>/jobs`` and ``POST /api/<name>`` with a pydantic model
``<Name>Request`` whose ``data`` fields are the parameters, each carrying its
component's JSON Schema, label, help text and default. Any OpenAPI tool (``/docs``
included) can then call the app with real parameter names and types. A function whose
``POST /api/<name>`` is a fixed route (a function named ``files``) gets only its job
operation: the document never promises a call that another route would answer.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any

from autoui.spec import AppSpec, FunctionSpec

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

__all__ = ["install_openapi"]

_REF = "#/components/schemas/{model}"
_ERROR = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "param": {"type": ["string", "null"]}},
    "required": ["error"],
}
_ACCEPTED = {
    "type": "object",
    "properties": {"job_id": {"type": "string"}, "position": {"type": "integer"}},
    "required": ["job_id", "position"],
}


def install_openapi(
    app: FastAPI, spec: AppSpec, without_blocking: frozenset[str] = frozenset()
) -> None:
    """Make ``app.openapi()`` return the typed document (built once, on first use).

    Args:
        app: the app, its routes installed.
        spec: the functions.
        without_blocking: functions whose ``POST /api/<name>`` another route answers.
    """
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=spec.title,
                version=_version(),
                description=spec.description,
                routes=app.routes,
            )
            _add_functions(document, spec, without_blocking)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _version() -> str:
    from autoui._version import __version__

    return __version__


def _add_functions(
    document: dict[str, Any], spec: AppSpec, without_blocking: frozenset[str]
) -> None:
    from pydantic.json_schema import models_json_schema

    names = _model_names(spec)
    models = [(_request_model(fn, names[fn.name]), "validation") for fn in spec.functions]
    _, top = models_json_schema(models, ref_template=_REF)  # type: ignore[arg-type]
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(top.get("$defs", {}))
    schemas["JobAccepted"] = _ACCEPTED
    schemas["ErrorBody"] = _ERROR
    paths = document.setdefault("paths", {})
    paths.update(_job_paths())
    for fn in spec.functions:
        request = {"$ref": _REF.format(model=f"{names[fn.name]}Request")}
        # setdefault: a function named like a fixed GET route (spec) keeps that route's GET.
        paths.setdefault(f"/api/{fn.name}/jobs", {})["post"] = _submit_operation(fn, request)
        if fn.name not in without_blocking:
            paths.setdefault(f"/api/{fn.name}", {})["post"] = _call_operation(fn, request)


def _model_names(spec: AppSpec) -> dict[str, str]:
    names: dict[str, str] = {}
    taken: set[str] = set()
    for fn in spec.functions:
        base = "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", fn.name)) or "Fn"
        name, n = base, 2
        while name in taken:
            name, n = f"{base}{n}", n + 1
        taken.add(name)
        names[fn.name] = name
    return names


def _request_model(fn: FunctionSpec, name: str) -> Any:
    from pydantic import ConfigDict, Field, WithJsonSchema, create_model

    fields: dict[str, Any] = {}
    for param in fn.inputs:
        schema = dict(param.component.json_schema())
        if param.optional or not param.required:  # null means None, or the default
            schema = {"anyOf": [schema, {"type": "null"}]} if schema else {}
        default = ... if param.required else param.to_json()["default"]
        fields[param.name] = (
            Annotated[Any, WithJsonSchema(schema)],
            Field(default, title=param.label, description=param.info),
        )
    # Unknown parameter names are refused (422), so the schema says so.
    inputs = create_model(f"{name}Inputs", __config__=ConfigDict(extra="forbid"), **fields)
    return create_model(f"{name}Request", data=(inputs, ...))


def _responses(ok: dict[str, Any]) -> dict[str, Any]:
    error = {"content": {"application/json": {"schema": {"$ref": _REF.format(model="ErrorBody")}}}}
    return {
        **ok,
        "400": {"description": "The body is not JSON", **error},
        "404": {"description": "No such function", **error},
        "413": {"description": "The body is larger than `--max-body-size`", **error},
        "422": {"description": "An input is invalid; `param` names it", **error},
        "429": {
            "description": "This client already has its most jobs queued or running; "
            "retry after `Retry-After` seconds",
            **error,
        },
        "503": {
            "description": "The queue, or the store of results waiting for their clients, is "
            "full; retry after `Retry-After` seconds",
            **error,
        },
    }


def _request_body(fn: FunctionSpec, request: dict[str, Any]) -> dict[str, Any]:
    """The body; optional when every parameter has a default (no body: all defaults)."""
    required = any(param.required for param in fn.inputs)
    return {"required": required, "content": {"application/json": {"schema": request}}}


def _submit_operation(fn: FunctionSpec, request: dict[str, Any]) -> dict[str, Any]:
    accepted = {"$ref": _REF.format(model="JobAccepted")}
    return {
        "tags": [fn.name],
        "summary": f"Queue a call of {fn.name}",
        "description": (fn.description or "")
        + "\n\nFollow the job with `GET /api/jobs/{job_id}/events` (server-sent events).",
        "operationId": f"submit_{fn.name}",
        "requestBody": _request_body(fn, request),
        "responses": _responses(
            {
                "202": {
                    "description": "Queued",
                    "content": {"application/json": {"schema": accepted}},
                }
            }
        ),
    }


def _call_operation(fn: FunctionSpec, request: dict[str, Any]) -> dict[str, Any]:
    result = {
        "type": "object",
        "properties": {
            "data": {"type": "array", "description": "one payload per output"},
            "duration": {"type": "number"},
        },
    }
    return {
        "tags": [fn.name],
        "summary": f"Call {fn.name} and wait for its result",
        "description": fn.description or "",
        "operationId": f"call_{fn.name}",
        "requestBody": _request_body(fn, request),
        "responses": _responses(
            {
                "200": {
                    "description": "The result",
                    "content": {"application/json": {"schema": result}},
                }
            }
        ),
    }


def _job_paths() -> dict[str, Any]:
    """The job routes (plain Starlette routes, so described here by hand)."""
    job_id = {"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"}}
    missing = {"404": {"description": "No such job (or not yours, or expired)"}}
    events = {
        "summary": "Follow a job's events (server-sent events)",
        "description": (
            "`text/event-stream` of `queued`, `started`, `progress`, `alert`, `output`, "
            "`complete`, `error`, `cancelled`, each with an `id:`. Send `Last-Event-ID` "
            "(or `?last_event_id=`) to get only what you missed."
        ),
        "operationId": "job_events",
        "tags": ["jobs"],
        "parameters": [
            job_id,
            {
                "name": "Last-Event-ID",
                "in": "header",
                "required": False,
                "schema": {"type": "string"},
            },
        ],
        "responses": {
            "200": {"description": "The event stream", "content": {"text/event-stream": {}}},
            **missing,
        },
    }
    status = {
        "summary": "A job's status, and its result once known",
        "operationId": "job_status",
        "tags": ["jobs"],
        "parameters": [job_id],
        "responses": {"200": {"description": "status, position, data or error"}, **missing},
    }
    cancel = {
        "summary": "Cancel a job",
        "description": "A waiting job never runs; a running generator stops at its next yield.",
        "operationId": "cancel_job",
        "tags": ["jobs"],
        "parameters": [job_id],
        "responses": {"200": {"description": "{job_id, cancelled, status}"}, **missing},
    }
    return {
        "/api/jobs/{job_id}/events": {"get": events},
        "/api/jobs/{job_id}": {"get": status, "delete": cancel},
    }
