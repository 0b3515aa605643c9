"""Python arguments → wire payloads, with files set aside for upload.

Encoding is split from sending so the sync and async clients share it: :func:`encode_inputs`
returns the ``{"data": ...}`` payload with an :class:`Upload` placeholder wherever a
file goes; the client sends every upload of a call in *one* ``POST /api/files`` and
:func:`fill_uploads` swaps each placeholder for the ``{"id": ...}`` the server issued.

A ``str`` is read as a local path only for file-like parameters (and a ``data:`` URL
is passed through as is), so a text parameter never leaks a file by accident.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autoui.client._media import audio_to_wav, image_to_png, is_image, is_ndarray
from autoui.client._remote import RemoteFunction, RemoteParam
from autoui.errors import ClientError

__all__ = ["Upload", "collect_uploads", "encode_inputs", "fill_uploads"]

_FILE_INPUTS = frozenset({"file", "image", "audio", "video"})


@dataclass(frozen=True, eq=False)
class Upload:
    """A file to send with ``POST /api/files``: a local path, or bytes with a name."""

    name: str
    content: Path | bytes
    mime_type: str

    def open_part(self) -> tuple[str, Any, str]:
        """The ``(name, body, mime)`` triple httpx takes for one multipart part."""
        body = self.content.open("rb") if isinstance(self.content, Path) else self.content
        return (self.name, body, self.mime_type)


def encode_inputs(fn: RemoteFunction, values: dict[str, Any]) -> dict[str, Any]:
    """``{param: python value}`` → ``{param: payload}`` (uploads as placeholders).

    Raises:
        ClientError: a value cannot be sent for its parameter (names the parameter).
    """
    return {name: _encode_param(fn.input(name), value) for name, value in values.items()}


def _encode_param(param: RemoteParam, value: Any) -> Any:
    try:
        if value is None:
            return None
        if param.component in _FILE_INPUTS:
            return encode_file(value, param.component)
        if param.component == "files":
            return [encode_file(item, "file") for item in _as_list(value)]
        if param.component == "dataframe":
            return _encode_dataframe(value, param)
        return encode_value(value)
    except ClientError as exc:
        raise ClientError(exc.message, param=param.name) from None


def encode_file(value: Any, kind: str) -> Any:
    """One file-like input → an :class:`Upload`, or a payload the server already takes."""
    if isinstance(value, dict) and ("id" in value or "url" in value):
        return {"id": value["id"]} if "id" in value else value
    if isinstance(value, str) and value.startswith("data:"):
        return value
    if isinstance(value, (str, Path)):
        return _upload_path(Path(value).expanduser())
    if isinstance(value, (bytes, bytearray, memoryview)):
        return Upload("upload" + _BLOB_SUFFIX.get(kind, ".bin"), bytes(value), _guess_blob(kind))
    if is_image(value) or (kind == "image" and is_ndarray(value)):
        return Upload("image.png", image_to_png(value), "image/png")
    if kind == "audio" and isinstance(value, tuple) and len(value) == 2:
        return Upload("audio.wav", audio_to_wav(value[0], value[1]), "audio/wav")
    if kind == "audio" and is_ndarray(value):
        raise ClientError("an audio array needs its sample rate: pass (rate, samples)")
    extra = ", a PIL image or an ndarray" if kind == "image" else ""
    raise ClientError(
        f"cannot send a {type(value).__name__} as a {kind}; pass a Path, a str path, bytes{extra}"
    )


_BLOB_SUFFIX = {"image": ".png", "audio": ".wav", "video": ".mp4"}


def _guess_blob(kind: str) -> str:
    return mimetypes.guess_type("x" + _BLOB_SUFFIX.get(kind, ".bin"))[0] or (
        "application/octet-stream"
    )


def _upload_path(path: Path) -> Upload:
    if not path.is_file():
        raise ClientError(f"no such file: {path}")
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return Upload(path.name, path, mime)


def _encode_dataframe(value: Any, param: RemoteParam) -> Any:
    if isinstance(value, dict) and "rows" in value:
        return encode_value(value)
    if hasattr(value, "to_dict") and hasattr(value, "columns"):  # a pandas DataFrame
        rows = value.to_dict(orient="split")
        return {"headers": [str(c) for c in rows["columns"]], "rows": encode_value(rows["data"])}
    if isinstance(value, (list, tuple)):
        return {"headers": list(param.props.get("headers") or []), "rows": encode_value(value)}
    raise ClientError(f"expected a DataFrame or a list of rows, got {type(value).__name__}")


def encode_value(value: Any) -> Any:
    """Any other argument → JSON: Enum → its name, dates → ISO, models → dicts."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, (dt.date, dt.time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): encode_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
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


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


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
