"""Gradio's payloads ⇄ autoui's, and the diffs of streamed outputs.

Files: Gradio clients upload to ``/gradio_api/upload`` and send back
``{"path": <what the upload answered>, "meta": {"_type": "gradio.FileData"}, ...}``.
autoui's upload answers ``"<file id>/<name>"``, an opaque reference, never a server
path, so a ``path`` is accepted only in that form and only for a file this client may
use (the store checks the owner); it becomes ``{"id": ...}`` before the queue sees it.
A ``data:`` URL is accepted as it is; any other ``url`` or ``path`` (a server path, a
remote URL the client did not upload) is refused: no URL is ever fetched.

Outputs go the other way: ``{"id", "url", ...}`` becomes a FileData whose ``url`` is
absolute (the JS client returns it as it is) and whose ``path`` the Python client
downloads from ``/gradio_api/file=<path>``. Tables travel as ``{"headers", "data"}``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from autoui.components.auto import carried
from autoui.components.base import Component
from autoui.errors import ValidationError
from autoui.protocols.gradio.config import API_PREFIX, gradio_inputs
from autoui.spec import FunctionSpec

__all__ = ["diff", "file_reference", "inputs_from_gradio", "outputs_to_gradio"]

_REFERENCE = re.compile(r"([A-Za-z0-9_-]{16,64})/[^/]+")
_FILEDATA = {"_type": "gradio.FileData"}


def file_reference(file_id: str, name: str) -> str:
    """What the upload route answers for a stored file, and a FileData's ``path``."""
    return f"{file_id}/{name}"


def inputs_from_gradio(fn_spec: FunctionSpec, data: list[Any]) -> list[Any]:
    """The positional ``data`` of a Gradio call as autoui payloads.

    Raises:
        ValidationError: a file reference that is not one of this server's (``param``).
    """
    params = gradio_inputs(fn_spec)
    payloads = []
    for param, value in zip(params, data, strict=False):
        try:
            payloads.append(_input(param.component, value))
        except ValidationError as error:
            raise error.with_param(param.name) from None
    return payloads + list(data[len(params) :])


def _input(component: Component, value: Any) -> Any:
    if value is None:
        return None
    if component.traits.file:
        if isinstance(value, list):
            return [_file_in(item) for item in value]
        return _file_in(value)
    if component.kind == "dataframe" and isinstance(value, dict) and "data" in value:
        return {"headers": value.get("headers") or [], "rows": value["data"]}
    return value


def _file_in(value: Any) -> Any:
    if isinstance(value, dict) and "image" in value and "path" not in value:
        value = value["image"]  # a gallery item {"image": FileData, "caption": ...}
    if isinstance(value, str) and value.startswith("data:"):
        return value
    if not isinstance(value, dict):
        raise ValidationError("expected a file uploaded to this server (handle_file(...))")
    url = value.get("url")
    if isinstance(url, str) and url.startswith("data:"):
        return url
    path = value.get("path")
    match = _REFERENCE.fullmatch(path) if isinstance(path, str) else None
    if match is None:
        raise ValidationError(
            "files must be uploaded to this server first (handle_file(...) does it); "
            "server paths and URLs are not accepted, and no URL is fetched"
        )
    return {"id": match.group(1)}


def outputs_to_gradio(fn_spec: FunctionSpec, data: list[Any], origin: str) -> list[Any]:
    """One Gradio value per output, file URLs absolute under ``origin`` (scheme://host/root)."""
    return [
        _output(output.component, value, origin)
        for output, value in zip(fn_spec.outputs, data, strict=False)
    ]


def _output(component: Component, value: Any, origin: str) -> Any:
    component, value = carried(component, value)  # a dynamic output: the kind it carried
    kind = component.kind
    if value is None:
        return None
    if kind == "gallery" and isinstance(value, list):
        return [
            {"image": _file_out(item, origin), "caption": item.get("caption")} for item in value
        ]
    if component.traits.file:
        if isinstance(value, list):
            return [_file_out(item, origin) for item in value]
        return _file_out(value, origin)
    if kind == "dataframe" and isinstance(value, dict) and "rows" in value:
        return {"headers": value.get("headers") or [], "data": value["rows"], "metadata": None}
    return value


def _file_out(payload: dict[str, Any], origin: str) -> dict[str, Any]:
    reference = file_reference(payload["id"], payload["name"])
    return {
        "path": reference,
        "url": f"{origin}{API_PREFIX}/file={quote(reference)}",
        "orig_name": payload.get("name"),
        "size": payload.get("size"),
        "mime_type": payload.get("mime_type"),
        "is_stream": False,
        "meta": _FILEDATA,
    }


def diff(old: Any, new: Any) -> list[list[Any]]:
    """The edits turning ``old`` into ``new`` (Gradio's ``process_generating`` form).

    Growing text, the usual stream, is sent as what was appended; anything else whole.
    """
    if old == new:
        return []
    if isinstance(old, str) and isinstance(new, str) and new.startswith(old):
        return [["append", [], new[len(old) :]]]
    return [["replace", [], new]]
