"""Python arguments → wire payloads, with files set aside for upload.

Encoding is split from sending so the sync and async clients share it: :func:`encode_inputs`
returns the ``{"data": ...}`` payload with an :class:`Upload` placeholder wherever a
file goes; the client sends every upload of a call in *one* ``POST /api/files`` and
:func:`fill_uploads` swaps each placeholder for the ``{"id": ...}`` the server issued.

A file-like input (its kind's ``traits.file``, or ``traits.attachments``: a message with
files) is encoded by its component's own
``postprocess`` — the codec a function's outputs go through on the server — into an
:class:`Uploads` context, so an array, a PIL image or ``(rate, samples)`` becomes the
same PNG or WAV here as there. A ``str`` is read as a local path only for those inputs
(a ``data:`` URL is passed on as is), so a text parameter never leaks a file by accident.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from pathlib import Path
from typing import Any

from autoui.components import component_of
from autoui.errors import ClientError, ValidationError
from autoui.filecodec import OCTET_STREAM, guess_mime
from autoui.files import FilePayload
from autoui.wire import WireFunction, WireParam

__all__ = ["Upload", "Uploads", "collect_uploads", "encode_inputs", "fill_uploads", "upload_path"]


class Upload(dict[str, Any]):
    """A file to send with ``POST /api/files``: it stands where its ``{"id"}`` will go.

    Attributes:
        name: the file name sent.
        content: a local path (streamed) or bytes.
        mime_type: the media type sent.
    """

    def __init__(self, name: str, content: Path | bytes, mime_type: str | None = None) -> None:
        super().__init__(upload=name)
        self.name = name
        self.content = content
        self.mime_type = mime_type or guess_mime(name) or OCTET_STREAM

    def open_part(self) -> tuple[str, Any, str]:
        """The ``(name, body, mime)`` triple httpx takes for one multipart part."""
        body = self.content.open("rb") if isinstance(self.content, Path) else self.content
        return (self.name, body, self.mime_type)


class Uploads:
    """The FileContext a component writes a client's input files to: each becomes an Upload."""

    def resolve_input(self, payload: Any) -> Path:
        raise NotImplementedError("a client sends files; it never reads the server's")

    def store_output(
        self, data: bytes | Path, name: str, mime_type: str | None = None
    ) -> FilePayload:
        return Upload(name, data if isinstance(data, Path) else bytes(data), mime_type)


def encode_inputs(fn: WireFunction, values: dict[str, Any]) -> dict[str, Any]:
    """``{param: python value}`` → ``{param: payload}`` (uploads as placeholders).

    Raises:
        ClientError: a value cannot be sent for its parameter (names the parameter).
    """
    return {name: _encode_param(fn.input(name), value) for name, value in values.items()}


def _encode_param(param: WireParam, value: Any) -> Any:
    try:
        if value is None:
            return None
        if param.traits.file:
            return _encode_files(param, value)
        if param.traits.attachments:
            return _encode_attachments(param, value)
        if param.kind == "dataframe":
            return _encode_dataframe(value, param)
        return encode_value(value)
    except (ClientError, ValidationError) as exc:
        raise ClientError(exc.message, param=param.name) from None


def _encode_files(param: WireParam, value: Any) -> Any:
    if not param.traits.multiple:
        return _encode_file(param, value)
    items = list(value) if isinstance(value, list | tuple) else [value]
    return [_encode_file(param, item, in_list=True) for item in items]


def _encode_file(param: WireParam, value: Any, in_list: bool = False) -> Any:
    """One file: an issued id or a ``data:`` URL as it is, else through the component."""
    if isinstance(value, dict) and ("id" in value or "url" in value):
        return {"id": value["id"]} if "id" in value else value
    if isinstance(value, str) and value.startswith("data:"):
        return value
    if isinstance(value, str | Path):
        value = Path(value).expanduser()
        if not value.is_file():
            raise ClientError(f"no such file: {value}")
    component = component_of(param.kind)
    if component is None:  # a kind this client does not know: send files as they are
        return upload_path(value) if isinstance(value, Path) else _raw(value)
    payload = component.postprocess([value] if in_list else value, Uploads())
    return payload[0] if in_list else payload


def _encode_attachments(param: WireParam, value: Any) -> Any:
    """A value with files inside (a message): its component writes it, its files as uploads."""
    component = component_of(param.kind)
    return encode_value(value) if component is None else component.postprocess(value, Uploads())


def _raw(value: Any) -> Upload:
    if isinstance(value, bytes | bytearray | memoryview):
        return Upload("file.bin", bytes(value))
    raise ClientError(f"cannot send a {type(value).__name__} as a file; pass a Path or bytes")


def upload_path(path: Path) -> Upload:
    """A local file to upload under its own name."""
    if not path.is_file():
        raise ClientError(f"no such file: {path}")
    return Upload(path.name, path)


def _encode_dataframe(value: Any, param: WireParam) -> Any:
    if isinstance(value, dict) and "rows" in value:
        return encode_value(value)
    if hasattr(value, "to_dict") and hasattr(value, "columns"):  # a pandas DataFrame
        rows = value.to_dict(orient="split")
        return {"headers": [str(c) for c in rows["columns"]], "rows": encode_value(rows["data"])}
    if isinstance(value, list | tuple):
        return {"headers": list(param.props.get("headers") or []), "rows": encode_value(value)}
    raise ClientError(f"expected a DataFrame or a list of rows, got {type(value).__name__}")


def encode_value(value: Any) -> Any:
    """Any other argument → JSON: Enum → its name, dates → ISO, models → dicts."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): encode_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
        return [encode_value(v) for v in items]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return encode_value({f.name: getattr(value, f.name) for f in dataclasses.fields(value)})
    if hasattr(value, "model_dump"):  # a pydantic model
        return encode_value(value.model_dump(mode="json"))
    if hasattr(value, "item") and hasattr(value, "dtype"):  # a numpy scalar
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    raise ClientError(f"cannot send a {type(value).__name__} as JSON")


def collect_uploads(payload: Any) -> list[Upload]:
    """Every :class:`Upload` in a payload tree, in order."""
    if isinstance(payload, Upload):
        return [payload]
    if isinstance(payload, dict):
        return [u for v in payload.values() for u in collect_uploads(v)]
    if isinstance(payload, list):
        return [u for v in payload for u in collect_uploads(v)]
    return []


def fill_uploads(payload: Any, ids: dict[int, dict[str, Any]]) -> Any:
    """The payload with each :class:`Upload` replaced by ``ids[id(upload)]``."""
    if isinstance(payload, Upload):
        return {"id": ids[id(payload)]["id"]}
    if isinstance(payload, dict):
        return {k: fill_uploads(v, ids) for k, v in payload.items()}
    if isinstance(payload, list):
        return [fill_uploads(v, ids) for v in payload]
    return payload
