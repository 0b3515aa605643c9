"""``LocalFiles``: the FileContext of the terminal and of tests.

Unlike the server's store, it trusts its user with the local file system: an input
may name a local file (``{"path": ...}``, what a terminal user typed), unless
``allow_paths=False``. Outputs are written under ``out_dir`` with a unique, safe
name, and their payload adds ``"path"`` and a ``file://`` URL.

Names, ``data:`` URLs and media types go through :mod:`autoui.filecodec`, as on the server.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

from autoui.errors import ValidationError
from autoui.filecodec import OCTET_STREAM, clean_name, decode_data_url, extension_for, guess_mime
from autoui.files import FilePayload

__all__ = ["LocalFiles"]


class LocalFiles:
    """Resolves input files from the local disk and writes outputs under ``out_dir``.

    Args:
        out_dir: where outputs (and decoded ``data:`` URL inputs, under ``inputs/``) go;
            created when first needed.
        allow_paths: accept ``{"path": ...}`` inputs (the terminal's user typed them).
    """

    def __init__(self, out_dir: Path, allow_paths: bool = True) -> None:
        self.out_dir = Path(out_dir)
        self.allow_paths = allow_paths
        self._issued: dict[str, Path] = {}

    # -- inputs -----------------------------------------------------------------------
    def resolve_input(self, payload: Any) -> Path:
        """The local path of an input: ``{"path"}``, an ``{"id"}`` issued here, or a data URL."""
        if isinstance(payload, str):
            if payload.startswith("data:"):
                return self._write_data_url(payload)
            raise ValidationError(
                'expected a file: {"path": ...}, {"id": ...} or a data: URL, got a string'
            )
        if isinstance(payload, dict):
            if "id" in payload:
                return self._issued_path(payload["id"])
            if "path" in payload:
                return self._local_path(payload["path"])
        raise ValidationError('expected a file: {"path": ...}, {"id": ...} or a data: URL')

    def add(self, path: Path | str) -> FilePayload:
        """Issue an id for an existing local file, as if it had been uploaded."""
        resolved = self._local_path(str(path))
        file_id = uuid.uuid4().hex
        self._issued[file_id] = resolved
        return self._describe(file_id, resolved)

    def _issued_path(self, file_id: Any) -> Path:
        path = self._issued.get(file_id) if isinstance(file_id, str) else None
        if path is None or not path.is_file():
            raise ValidationError("unknown file id; upload the file again")
        return path

    def _local_path(self, value: Any) -> Path:
        if not self.allow_paths:
            raise ValidationError("file paths are not accepted here; upload the file instead")
        if not isinstance(value, str) or not value:
            raise ValidationError("expected a file path")
        path = Path(value).expanduser()
        if not path.is_file():
            raise ValidationError(f"no such file: {value!r}")
        return path

    def _write_data_url(self, text: str) -> Path:
        data, mime = decode_data_url(text)
        extension = extension_for(mime)
        folder = self.out_dir / "inputs"
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix="input-", suffix=extension, dir=folder)
        with open(handle, "wb") as file:
            file.write(data)
        return Path(name)

    # -- outputs ----------------------------------------------------------------------
    def store_output(
        self, data: bytes | Path, name: str, mime_type: str | None = None
    ) -> FilePayload:
        """Write an output under ``out_dir`` (never overwriting) and describe it."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        target, handle = self._create_unique(clean_name(name, "output"))
        with handle:
            if isinstance(data, bytes | bytearray):
                handle.write(data)
            else:
                with open(data, "rb") as source:
                    shutil.copyfileobj(source, handle)
        file_id = uuid.uuid4().hex
        self._issued[file_id] = target
        return self._describe(file_id, target, mime_type)

    def _create_unique(self, name: str) -> tuple[Path, Any]:
        stem, suffix = Path(name).stem, Path(name).suffix
        for attempt in range(10_000):
            candidate = self.out_dir / (name if attempt == 0 else f"{stem}-{attempt}{suffix}")
            try:
                return candidate, open(candidate, "xb")  # noqa: SIM115 - closed by the caller
            except FileExistsError:
                continue
        raise OSError(f"could not find a free file name for {name!r} in {self.out_dir}")

    @staticmethod
    def _describe(file_id: str, path: Path, mime_type: str | None = None) -> FilePayload:
        absolute = path.resolve()
        return {
            "id": file_id,
            "url": absolute.as_uri(),
            "name": path.name,
            "mime_type": mime_type or guess_mime(path.name) or OCTET_STREAM,
            "size": absolute.stat().st_size,
            "path": str(absolute),
        }
