"""An image slider: two images over each other, with a slider between them (before / after)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from autoui.components.checks import expected
from autoui.components.filepayload import FILE_INPUT_SCHEMA, FILE_LIST, FileComponent
from autoui.components.media import Image, ImageType, read_image_payload, store_image
from autoui.errors import ValidationError
from autoui.files import FileContext, FilePayload
from autoui.wire import Traits

__all__ = ["ImageSlider"]


@dataclass(frozen=True)
class ImageSlider(FileComponent):
    """A before/after pair of images, compared by dragging a slider across them.

    As an output, the function returns ``(before, after)``: each anything an
    :class:`~autoui.components.media.Image` output takes (an array, a PIL image, a path,
    bytes). As an input, it receives that pair, each as ``type`` says. Wire: the two
    images' file payloads, ``[before, after]``.

    Args:
        type: what the function receives as input (as :class:`Image`).
        position: where the slider starts, from 0 (all "after") to 1 (all "before").
        labels: what the two sides are called.
        format: file format of the images sent (``"png"``, ``"jpeg"``, ``"webp"``).
    """

    kind: ClassVar[str] = "image_slider"
    traits: ClassVar[Traits] = FILE_LIST
    example_kind: ClassVar[str] = "image"
    value_types: ClassVar[frozenset[str]] = Image.value_types

    type: ImageType = "numpy"
    position: float = 0.5
    labels: tuple[str, str] = ("Before", "After")
    format: str = "png"

    def preprocess(self, payload: Any, files: FileContext) -> tuple[Any, Any]:
        if not isinstance(payload, list) or len(payload) != 2:
            raise expected("two images [before, after]", payload)
        reader = Image(type=self.type)
        pair = []
        for side, item in zip(self.labels, payload, strict=True):
            try:
                pair.append(reader.preprocess(item, files))
            except ValidationError as error:
                raise ValidationError(f"{side.lower()}: {error.message}") from None
        return pair[0], pair[1]

    def postprocess(self, value: Any, files: FileContext) -> list[FilePayload] | None:
        if value is None:
            return None
        pair = not isinstance(value, str | bytes | dict) and hasattr(value, "__len__")
        if not pair or len(value) != 2:
            raise expected("(before, after): two images", value)
        return [store_image(image, files, self.format) for image in value]

    def read_output(self, payload: Any, files: FileContext, *, image_type: str = "pil") -> Any:
        """``(before, after)``, each as ``image_type`` says."""
        if not isinstance(payload, list):
            return payload
        images = [read_image_payload(item, files, image_type) for item in payload]
        return tuple(images)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": FILE_INPUT_SCHEMA, "minItems": 2, "maxItems": 2}

    def example_payload(self) -> list[Any]:
        return [*super().example_payload(), *super().example_payload()]
