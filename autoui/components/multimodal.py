"""A multimodal message: text and the files attached to it (a chat message with pictures)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from autoui.components.base import Component
from autoui.components.checks import expected, require_str
from autoui.components.filepayload import (
    FILE_INPUT_SCHEMA,
    file_example,
    matches_file_types,
    resolve_file,
    store_file,
)
from autoui.errors import ValidationError
from autoui.files import FileContext, is_file_payload
from autoui.wire import Traits

__all__ = ["Message", "Multimodal"]


class Message:
    """What a person sent: their text and the files they attached (local paths).

    A function annotates a parameter ``autoui.Message`` to get a multimodal box; a chat
    function does so for its ``message``. (A plain class, not a dataclass: a dataclass
    parameter would become a form.)
    """

    __slots__ = ("files", "text")

    def __init__(self, text: str = "", files: Sequence[Path] = ()) -> None:
        self.text = text
        self.files = tuple(files)

    def __repr__(self) -> str:
        return f"Message(text={self.text!r}, files={list(self.files)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return (self.text, self.files) == (other.text, other.files)

    def __hash__(self) -> int:
        return hash((self.text, self.files))


@dataclass(frozen=True)
class Multimodal(Component):
    """A text box that takes attachments too; the function receives a :class:`Message`.

    Wire: ``{"text": str, "files": [file input payloads]}`` (a bare string is a message
    with no files). As an output it shows the text and offers the files.

    Args:
        file_types: accepted attachments, as :class:`~autoui.components.file.File` takes
            them (``".pdf"``, ``"image"``, ``"image/*"``).
        max_files: the most attachments one message may carry.
        placeholder: hint shown while the box is empty.
        lines: visible lines of the text box.
    """

    kind: ClassVar[str] = "multimodal"
    traits: ClassVar[Traits] = Traits(heavy=True, attachments=True)

    file_types: tuple[str, ...] | None = None
    max_files: int = 10
    placeholder: str | None = None
    lines: int = 1

    def preprocess(self, payload: Any, files: FileContext) -> Message:
        if isinstance(payload, str):
            return Message(payload)
        if not isinstance(payload, Mapping):
            raise expected('a message {"text": ..., "files": [...]}', payload)
        text = require_str(payload.get("text", ""), "the message's text as a string")
        attached = payload.get("files") or []
        if not isinstance(attached, list):
            raise expected("the message's files as a list", attached)
        if len(attached) > self.max_files:
            count = len(attached)
            raise ValidationError(f"at most {self.max_files} files per message, got {count}")
        paths = (self._attachment(item, files, n) for n, item in enumerate(attached))
        return Message(text, tuple(paths))

    def _attachment(self, item: Any, files: FileContext, index: int) -> Path:
        try:
            path = resolve_file(item, files)
        except ValidationError as error:
            raise ValidationError(f"file {index + 1}: {error.message}") from None
        if self.file_types and not matches_file_types(path.name, self.file_types):
            types = ", ".join(self.file_types)
            raise ValidationError(
                f"file {index + 1}: expected a file of type {types}, got {path.name!r}"
            )
        return path

    def postprocess(self, value: Any, files: FileContext) -> dict[str, Any] | None:
        if value is None:
            return None
        if isinstance(value, str):
            return {"text": value, "files": []}
        if isinstance(value, Mapping):
            text, attached = value.get("text"), value.get("files", ())
        else:  # a Message, or anything shaped like one
            text, attached = getattr(value, "text", None), getattr(value, "files", ())
        if not isinstance(text, str):
            raise expected("a message (text and files)", value)
        return {"text": text, "files": [_stored(item, files) for item in attached or ()]}

    def read_output(self, payload: Any, files: FileContext, *, image_type: str = "pil") -> Any:
        """A :class:`Message` whose files are the local copies."""
        if not isinstance(payload, Mapping):
            return payload
        attached = payload.get("files") or []
        paths = tuple(files.resolve_input(p) for p in attached if is_file_payload(p))
        return Message(str(payload.get("text", "")), paths)

    def encode_default(self, value: Any) -> Any:
        text = value if isinstance(value, str) else getattr(value, "text", None)
        return {"text": text, "files": []} if isinstance(text, str) else None

    def json_schema(self) -> dict[str, Any]:
        message = {
            "type": "object",
            "properties": {
                "text": {"type": "string"},
                "files": {"type": "array", "items": FILE_INPUT_SCHEMA, "maxItems": self.max_files},
            },
            "required": ["text"],
        }
        return {"anyOf": [message, {"type": "string"}]}

    def example_payload(self) -> Any:
        return {"text": "What is in this picture?", "files": [file_example("image")]}


def _stored(item: Any, files: FileContext) -> Any:
    """An attached file (a payload, a path, bytes or a picture), stored unless it is stored."""
    if isinstance(item, Mapping) and ("id" in item or "url" in item):
        return dict(item)
    if isinstance(item, str) and item.startswith("data:"):
        return item
    if isinstance(item, bytearray):
        item = bytes(item)
    if isinstance(item, bytes | str | Path):
        return store_file(item, files, "file.bin")
    from autoui.components.media import store_image  # a picture: a PIL image or an array

    return store_image(item, files)
