"""A gallery: several images (or files), each with an optional caption."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from autoui.components.base import Traits, internal
from autoui.components.checks import expected
from autoui.components.filepayload import FILE_LIST, FileComponent
from autoui.components.media import Image, ImageType, read_image_payload, store_image
from autoui.errors import ValidationError
from autoui.files import FileContext, FilePayload, is_file_payload

__all__ = ["Gallery"]


@dataclass(frozen=True)
class Gallery(FileComponent):
    """A grid of images.

    Outputs: a list whose items are images (arrays, PIL images, paths, bytes) or
    ``(image, caption)`` pairs. Inputs: a list of image files, given to the function
    as ``type`` says (like :class:`~autoui.components.media.Image`).

    Args:
        columns: images per row in the web UI.
    """

    kind: ClassVar[str] = "gallery"
    traits: ClassVar[Traits] = FILE_LIST
    example_kind: ClassVar[str] = "image"
    value_types: ClassVar[frozenset[str]] = frozenset({"numpy", "pil", "filepath", "path"})

    columns: int = 3
    type: ImageType = internal("filepath")

    def preprocess(self, payload: Any, files: FileContext) -> list[Any]:
        if not isinstance(payload, list):
            raise expected("a list of images", payload)
        reader = Image(type=self.type, image_mode=None if self.type != "numpy" else "RGB")
        items = []
        for index, item in enumerate(payload):
            try:
                items.append(reader.preprocess(item, files))
            except ValidationError as error:
                raise ValidationError(f"image {index + 1}: {error.message}") from None
        return items

    def postprocess(self, value: Any, files: FileContext) -> list[FilePayload] | None:
        if value is None:
            return None
        if isinstance(value, str | bytes | dict) or not hasattr(value, "__iter__"):
            raise expected("a list of images or (image, caption) pairs", value)
        return [self._item(item, files) for item in value]

    def _item(self, item: Any, files: FileContext) -> FilePayload:
        caption = None
        if isinstance(item, tuple | list) and len(item) == 2 and isinstance(item[1], str | None):
            item, caption = item
        payload = store_image(item, files)
        return {**payload, "caption": caption} if caption is not None else payload

    def read_file(self, payload: Any, files: FileContext, image_type: str) -> Any:
        """A gallery item: the image (a non-image file: its path), with its caption."""
        mime = str(payload.get("mime_type", "")) if is_file_payload(payload) else ""
        if mime.startswith("image/"):
            item = read_image_payload(payload, files, image_type)
        else:
            item = super().read_file(payload, files, image_type)
        caption = payload.get("caption") if isinstance(payload, dict) else None
        return (item, caption) if caption is not None else item
