"""The file boundary as components see it: input payload shape, output storage, sniffing.

Components never open a path a client sent: an input payload goes to the job's
:class:`~autoui.files.FileContext`, which checks it and returns a local path. Outputs
(bytes, or a path the *function* returned) go to ``files.store_output``.

:class:`FileComponent` is the base of every kind whose payload is a file: its traits,
input schema, API example and (absent) default wire form are said once, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from autoui.components.base import Component, Traits
from autoui.components.checks import expected
from autoui.filecodec import decode_data_url, guess_mime
from autoui.files import FileContext, FilePayload, is_file_payload

__all__ = [
    "FILE_INPUT_SCHEMA",
    "FILE_LIST",
    "FileComponent",
    "decode_data_url",
    "file_example",
    "guess_mime",
    "matches_file_types",
    "resolve_file",
    "sniff_mime",
    "store_file",
]

FILE_INPUT_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {
            "type": "object",
            "properties": {"id": {"type": "string"}},
            "required": ["id"],
        },
        {"type": "string", "pattern": "^data:"},
    ]
}

_EXAMPLES = {
    "image": "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
    "file": "data:text/plain;base64,aGVsbG8sIHdvcmxkCg==",
    "audio": "data:audio/wav;base64,UklGRiQAAABXQVZFZm10IBAAAAABAAEAgD4AAAB9AAACABAAZGF0YQAAAAA=",
}

# (offset, magic bytes, mime type, extension): enough to label the bytes a function returns.
_MAGIC: tuple[tuple[int, bytes, str, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (0, b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (0, b"GIF8", "image/gif", ".gif"),
    (8, b"WEBP", "image/webp", ".webp"),
    (0, b"BM", "image/bmp", ".bmp"),
    (8, b"WAVE", "audio/wav", ".wav"),
    (0, b"ID3", "audio/mpeg", ".mp3"),
    (0, b"\xff\xfb", "audio/mpeg", ".mp3"),
    (0, b"OggS", "audio/ogg", ".ogg"),
    (0, b"fLaC", "audio/flac", ".flac"),
    (4, b"ftyp", "video/mp4", ".mp4"),
    (0, b"\x1a\x45\xdf\xa3", "video/webm", ".webm"),
    (0, b"%PDF-", "application/pdf", ".pdf"),
    (0, b"PK\x03\x04", "application/zip", ".zip"),
)


def file_example(kind: str = "file") -> str:
    """A small valid ``data:`` URL for API examples (a 1×1 PNG for images)."""
    return _EXAMPLES.get(kind, _EXAMPLES["file"])


def resolve_file(payload: Any, files: FileContext, what: str = "a file") -> Path:
    """The local path of an input file payload, checked by the job's FileContext."""
    if not isinstance(payload, dict | str):
        raise expected(f'{what} ({{"id": ...}} from POST /api/files, or a data: URL)', payload)
    return files.resolve_input(payload)


def sniff_mime(data: bytes) -> tuple[str, str] | None:
    """``(media type, extension)`` of ``data`` from its first bytes, for common formats."""
    for offset, magic, mime, extension in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return mime, extension
    return None


def store_file(value: bytes | Path | str, files: FileContext, default_name: str) -> FilePayload:
    """Store bytes or a function-returned path as an output file.

    Bytes get a media type sniffed from their content and a name with the matching
    extension (``default_name``'s stem + ``.png``, ...).
    """
    if isinstance(value, str) and value.startswith("data:"):
        value, _ = decode_data_url(value)
    if isinstance(value, str | Path):
        path = Path(value)
        if not path.is_file():
            raise expected("an existing file", str(value))
        return files.store_output(path, path.name, guess_mime(path.name))
    sniffed = sniff_mime(value)
    if sniffed is None:
        return files.store_output(bytes(value), default_name, guess_mime(default_name))
    mime, extension = sniffed
    return files.store_output(bytes(value), Path(default_name).stem + extension, mime)


def matches_file_types(name: str, file_types: tuple[str, ...]) -> bool:
    """Whether a file name fits ``file_types`` (``.pdf``, ``image``, ``image/*``, ``text/csv``)."""
    suffix = Path(name).suffix.lower()
    mime = guess_mime(name) or ""
    for wanted in file_types:
        wanted = wanted.lower()
        if wanted.startswith("."):
            if suffix == wanted:
                return True
        elif "/" in wanted:
            major, minor = wanted.split("/", 1)
            if mime == wanted or (minor == "*" and mime.startswith(major + "/")):
                return True
        elif mime.startswith(wanted + "/"):
            return True
    return False


@dataclass(frozen=True)
class FileComponent(Component):
    """Base of the kinds whose payload is a file (a list of files when ``multiple``).

    Subclasses say ``example_kind`` (the ``data:`` URL shown in API examples: ``"file"``,
    ``"image"`` or ``"audio"``) and, for lists, ``traits = FILE_LIST``.
    """

    traits: ClassVar[Traits] = Traits(file=True, heavy=True)
    example_kind: ClassVar[str] = "file"

    def encode_default(self, value: Any) -> Any:
        return None  # a file has no wire form as a default

    def json_schema(self) -> dict[str, Any]:
        if self.traits.multiple:
            return {"type": "array", "items": FILE_INPUT_SCHEMA}
        return FILE_INPUT_SCHEMA

    def example_payload(self) -> Any:
        example = file_example(self.example_kind)
        return [example] if self.traits.multiple else example

    def read_output(self, payload: Any, files: FileContext, *, image_type: str = "pil") -> Any:
        if self.traits.multiple and isinstance(payload, list):
            return [self.read_file(item, files, image_type) for item in payload]
        return self.read_file(payload, files, image_type)

    def read_file(self, payload: Any, files: FileContext, image_type: str) -> Any:
        """One output file payload → its local copy's path (image kinds give the image)."""
        return files.resolve_input(payload) if is_file_payload(payload) else payload


FILE_LIST = Traits(file=True, multiple=True, heavy=True)
"""The traits of a kind whose payload is a list of files (files, gallery)."""
