"""Generic files: one (:class:`File`) or several (:class:`Files`) in or out; download buttons."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

from autoui.components.base import Traits, internal
from autoui.components.checks import expected
from autoui.components.filepayload import (
    FILE_LIST,
    FileComponent,
    matches_file_types,
    resolve_file,
    store_file,
)
from autoui.errors import ValidationError
from autoui.files import FileContext, FilePayload

__all__ = ["Download", "File", "Files"]

FileType = Literal["path", "filepath", "bytes"]


def _read_one(
    payload: Any, files: FileContext, file_types: tuple[str, ...] | None, type: FileType
) -> Path | str | bytes:
    path = resolve_file(payload, files)
    if file_types and not matches_file_types(path.name, file_types):
        raise ValidationError(f"expected a file of type {', '.join(file_types)}, got {path.name!r}")
    if type == "bytes":
        return path.read_bytes()
    return str(path) if type == "filepath" else path


def _store_one(value: Any, files: FileContext) -> FilePayload:
    if isinstance(value, bytes | bytearray | memoryview):
        return store_file(bytes(value), files, "file.bin")
    if isinstance(value, str | Path):
        return store_file(value, files, "file.bin")
    if callable(getattr(value, "read", None)):  # an open file or a BytesIO
        data = value.read()
        name = Path(str(getattr(value, "name", "") or "file.bin")).name
        if isinstance(data, str):
            data = data.encode("utf-8")
        return store_file(bytes(data), files, name)
    raise expected("a file path, bytes or an open file", value)


@dataclass(frozen=True)
class File(FileComponent):
    """One file; the function receives a :class:`~pathlib.Path` (or its ``bytes``).

    Args:
        file_types: accepted kinds: extensions (``".pdf"``), media types
            (``"text/csv"``, ``"image/*"``) or families (``"image"``, ``"audio"``).
    """

    kind: ClassVar[str] = "file"
    value_types: ClassVar[frozenset[str]] = frozenset({"path", "filepath", "bytes"})

    file_types: tuple[str, ...] | None = None
    type: FileType = internal("path")

    def preprocess(self, payload: Any, files: FileContext) -> Path | str | bytes:
        return _read_one(payload, files, self.file_types, self.type)

    def postprocess(self, value: Any, files: FileContext) -> FilePayload | None:
        return None if value is None else _store_one(value, files)


@dataclass(frozen=True)
class Files(FileComponent):
    """Several files; the function receives a list of paths (or of ``bytes``)."""

    kind: ClassVar[str] = "files"
    traits: ClassVar[Traits] = FILE_LIST
    value_types: ClassVar[frozenset[str]] = frozenset({"path", "filepath", "bytes"})

    file_types: tuple[str, ...] | None = None
    type: FileType = internal("path")

    def preprocess(self, payload: Any, files: FileContext) -> list[Path | str | bytes]:
        if not isinstance(payload, list):
            raise expected("a list of files", payload)
        result = []
        for index, item in enumerate(payload):
            try:
                result.append(_read_one(item, files, self.file_types, self.type))
            except ValidationError as error:
                raise ValidationError(f"file {index + 1}: {error.message}") from None
        return result

    def postprocess(self, value: Any, files: FileContext) -> list[FilePayload] | None:
        if value is None:
            return None
        if isinstance(value, str | bytes | Path) or not hasattr(value, "__iter__"):
            raise expected("a list of file paths", value)
        return [_store_one(item, files) for item in value]


@dataclass(frozen=True)
class Download(FileComponent):
    """Files offered as download buttons, one per file (an output).

    The function returns what a :class:`File` output takes (a path, bytes, an open file)
    or a list of them; the page shows a button per file with its name and size, the
    terminal saves them, a client gets their local paths. Wire: a list of file payloads.

    Args:
        button: the text of the buttons (default: "Download <file name>").
    """

    kind: ClassVar[str] = "download"
    traits: ClassVar[Traits] = FILE_LIST
    output_only: ClassVar[str] = "a download is an output only; use autoui.File for an input"

    button: str | None = None

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        raise ValidationError(self.output_only)

    def postprocess(self, value: Any, files: FileContext) -> list[FilePayload] | None:
        if value is None:
            return None
        many = isinstance(value, list | tuple) and not isinstance(value, str | bytes)
        return [_store_one(item, files) for item in (value if many else [value])]
