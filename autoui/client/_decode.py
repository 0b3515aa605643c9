"""Wire payloads → the Python values a caller expects, per output component.

Like encoding, decoding is split from I/O: :func:`file_payloads` lists the files a
result refers to, the client downloads them (sync or async) to :func:`local_path`, and
:class:`Decoder` builds the values from the payloads and those local files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from autoui.client._media import open_image
from autoui.client._remote import RemoteFunction

__all__ = ["Decoder", "ImageType", "file_payloads", "file_request_path", "local_path"]

ImageType = Literal["pil", "numpy", "path"]
_SAFE_ID = re.compile(r"^[A-Za-z0-9_.-]{1,128}$")


def is_file_payload(payload: Any) -> bool:
    return isinstance(payload, dict) and "url" in payload and "name" in payload


def file_payloads(payload: Any) -> list[dict[str, Any]]:
    """Every file payload (``{"id", "url", "name", ...}``) inside a result, in order."""
    if is_file_payload(payload):
        return [payload]
    if isinstance(payload, dict):
        return [p for v in payload.values() for p in file_payloads(v)]
    if isinstance(payload, list):
        return [p for v in payload for p in file_payloads(v)]
    return []


def file_request_path(payload: dict[str, Any]) -> str:
    """Where to fetch a file: by its opaque id when the payload has one, else its URL."""
    file_id = payload.get("id")
    if isinstance(file_id, str) and file_id:
        return f"api/files/{quote(file_id, safe='')}/{quote(_safe_name(payload), safe='')}"
    return str(payload["url"])


def local_path(download_dir: Path, payload: dict[str, Any]) -> Path:
    """Where a downloaded file goes: ``<dir>/<id>/<name>``, never outside ``download_dir``.

    The server chose the id and the name, so both are reduced to a single safe path
    segment first.
    """
    file_id = str(payload.get("id") or "")
    if not _SAFE_ID.match(file_id) or file_id in {".", ".."}:
        file_id = hashlib.sha256(str(payload.get("id") or payload["url"]).encode()).hexdigest()[:24]
    return download_dir / file_id / _safe_name(payload)


def _safe_name(payload: dict[str, Any]) -> str:
    name = str(payload.get("name") or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name if name not in {"", ".", ".."} else "file"


@dataclass(frozen=True)
class Decoder:
    """Builds Python values from output payloads and the files already downloaded."""

    image_type: ImageType = "pil"

    def result(self, fn: RemoteFunction, data: list[Any], paths: dict[str, Path]) -> Any:
        """One output → its value; several → a tuple; none → None."""
        values = self.values(fn, data, paths)
        if not fn.outputs and not values:
            return None
        return values[0] if len(values) == 1 else tuple(values)

    def values(self, fn: RemoteFunction, data: list[Any], paths: dict[str, Path]) -> list[Any]:
        kinds = [o.component for o in fn.outputs]
        kinds += ["json"] * (len(data) - len(kinds))
        pairs = zip(kinds, data, strict=False)
        return [self.value(kind, payload, paths) for kind, payload in pairs]

    def value(self, kind: str, payload: Any, paths: dict[str, Path]) -> Any:
        if payload is None:
            return None
        decode = _DECODERS.get(kind)
        if decode is not None:
            return decode(payload)
        if kind in ("image", "plot"):
            return self._image(payload, paths)
        if kind in ("audio", "video", "file"):
            return self._path(payload, paths)
        if kind == "files":
            return [self._path(p, paths) for p in payload]
        if kind == "gallery":
            return [self._gallery_item(p, paths) for p in payload]
        return payload

    def _path(self, payload: Any, paths: dict[str, Path]) -> Any:
        if not is_file_payload(payload):
            return payload
        return paths[file_key(payload)]

    def _image(self, payload: Any, paths: dict[str, Path]) -> Any:
        if not is_file_payload(payload):
            return payload
        return open_image(paths[file_key(payload)], self.image_type)

    def _gallery_item(self, payload: Any, paths: dict[str, Path]) -> Any:
        if not is_file_payload(payload):
            return payload
        mime = str(payload.get("mime_type") or "")
        item = self._image(payload, paths) if mime.startswith("image/") else self._path(
            payload, paths
        )
        caption = payload.get("caption")
        return (item, caption) if caption is not None else item


def file_key(payload: dict[str, Any]) -> str:
    """The key under which a downloaded file is remembered."""
    return str(payload.get("id") or payload["url"])


def _label(payload: Any) -> Any:
    if not isinstance(payload, dict):
        return payload
    confidences = payload.get("confidences")
    if confidences:
        return {str(c["label"]): float(c["confidence"]) for c in confidences}
    label = payload.get("label")
    return {str(label): 1.0} if label is not None else {}


def _dataframe(payload: Any) -> Any:
    if not isinstance(payload, dict) or "rows" not in payload:
        return payload
    if importlib.util.find_spec("pandas") is None:
        return payload["rows"]
    import pandas as pd

    headers = payload.get("headers") or None
    return pd.DataFrame(payload["rows"], columns=headers)


def _iso(parse: Callable[[str], Any]) -> Callable[[Any], Any]:
    def decode(payload: Any) -> Any:
        if not isinstance(payload, str) or not payload:
            return payload
        try:
            return parse(payload)
        except ValueError:
            return payload

    return decode


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "label": _label,
    "dataframe": _dataframe,
    "date": _iso(dt.date.fromisoformat),
    "datetime": _iso(dt.datetime.fromisoformat),
    "time": _iso(dt.time.fromisoformat),
}
