"""Wire payloads → the Python values a caller expects, per output component.

Decoding is split from I/O: :func:`file_payloads` lists the files a result refers to,
the client downloads them (sync or async) to :func:`local_path`, and :class:`Decoder`
builds the values from the payloads and those local files. The value of each output is
its component's own :meth:`~autoui.components.base.Component.read_output` — the same
codec the server used to write the payload — so a payload means one thing everywhere.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from autoui.components import component_of
from autoui.filecodec import clean_name
from autoui.files import FilePayload, is_file_payload
from autoui.wire import WireFunction, WireParam

__all__ = [
    "Decoder",
    "DownloadedFiles",
    "ImageType",
    "file_key",
    "file_payloads",
    "file_request_path",
    "local_path",
]

ImageType = Literal["pil", "numpy", "path"]
_SAFE_ID = re.compile(r"^[A-Za-z0-9_.-]{1,128}$")


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
    return clean_name(str(payload.get("name") or ""))


def file_key(payload: dict[str, Any]) -> str:
    """The key under which a downloaded file is remembered."""
    return str(payload.get("id") or payload["url"])


class DownloadedFiles:
    """The FileContext of a result: a file payload → the local copy already downloaded."""

    def __init__(self, paths: dict[str, Path]) -> None:
        self.paths = paths

    def resolve_input(self, payload: Any) -> Path:
        return self.paths[file_key(payload)]

    def store_output(
        self, data: bytes | Path, name: str, mime_type: str | None = None
    ) -> FilePayload:
        raise NotImplementedError("a result's files are read, never written")


@dataclass(frozen=True)
class Decoder:
    """Builds Python values from output payloads and the files already downloaded."""

    image_type: ImageType = "pil"

    def result(self, fn: WireFunction, data: list[Any], paths: dict[str, Path]) -> Any:
        """One output → its value; several → a tuple; none → None."""
        values = self.values(fn, data, paths)
        if not fn.outputs and not values:
            return None
        return values[0] if len(values) == 1 else tuple(values)

    def values(self, fn: WireFunction, data: list[Any], paths: dict[str, Path]) -> list[Any]:
        outputs = list(fn.outputs)
        outputs += [WireParam(f"output {i}", "json") for i in range(len(outputs), len(data))]
        return [self.value(o, payload, paths) for o, payload in zip(outputs, data, strict=False)]

    def value(self, output: WireParam, payload: Any, paths: dict[str, Path]) -> Any:
        output, payload = output.carried(payload)  # a dynamic output: the kind it carried
        if payload is None:
            return None
        files = DownloadedFiles(paths)
        component = component_of(output.kind)
        if component is not None:
            return component.read_output(payload, files, image_type=self.image_type)
        if output.traits.file:  # a kind this client does not know: its files' paths
            items = payload if isinstance(payload, list) else [payload]
            found = [files.resolve_input(p) if is_file_payload(p) else p for p in items]
            return found if isinstance(payload, list) else found[0]
        return payload
