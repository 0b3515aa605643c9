"""A sketchpad: draw or mask on a blank canvas or an image; the function gets the result.

The web UI offers a brush and an eraser, colours, sizes, undo and clear, over a blank
canvas or an uploaded background image. A function annotates its parameter
``autoui.Sketch`` and receives what was drawn: the ``composite`` (the strokes over the
background, as seen), the ``mask`` (where strokes are), the ``background`` and the
strokes ``layer`` alone — as numpy arrays, or PIL images with ``Sketchpad(type="pil")``.
The terminal and the clients take an image file: the background, with nothing drawn.

Wire: ``{"background": <file>, "layer": <file> | null}``, the layer a transparent PNG the
background's size; a lone file payload is a background with no strokes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from autoui.components.base import Component, Traits
from autoui.components.checks import expected
from autoui.components.filepayload import FILE_INPUT_SCHEMA, file_example, resolve_file
from autoui.components.images import encode_image, open_image, to_pil
from autoui.components.media import store_image
from autoui.errors import ValidationError
from autoui.files import FileContext, is_file_payload

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

__all__ = ["Sketch", "Sketchpad", "compose"]

_PARTS = frozenset({"background", "layer"})
_FILE_KEYS = frozenset({"id", "path", "url"})


class Sketch:
    """What a person drew, as the function receives it.

    Attributes:
        composite: the strokes over the background: what the person saw (RGB).
        mask: where the strokes are: an H×W bool array (``"numpy"``), or a greyscale
            image, 255 inside (``"pil"``).
        background: the image drawn on (RGB; a white one for a blank canvas).
        layer: the strokes alone, transparent elsewhere (RGBA).

    A plain class, not a dataclass: a dataclass parameter would become a form.
    """

    __slots__ = ("background", "composite", "layer", "mask")

    def __init__(self, composite: Any, mask: Any, background: Any = None, layer: Any = None):
        self.composite = composite
        self.mask = mask
        self.background = background
        self.layer = layer

    def __repr__(self) -> str:
        size = getattr(self.composite, "shape", None) or getattr(self.composite, "size", None)
        return f"Sketch(composite={type(self.composite).__name__} {size})"


def compose(
    background: PILImage | None, layer: PILImage | None
) -> tuple[PILImage, PILImage, PILImage]:
    """``(background RGB, composite RGB, mask L)`` of a background and a strokes layer.

    Either may be None: no background is a white canvas the layer's size; no layer is
    nothing drawn (an empty mask).

    Raises:
        ValidationError: neither is given, or their sizes differ.
    """
    from PIL import Image

    if background is None and layer is None:
        raise ValidationError("an empty sketch: give a background image or draw something")
    if background is not None and layer is not None and background.size != layer.size:
        raise ValidationError(
            f"the strokes layer is {layer.size[0]}×{layer.size[1]} but the background is "
            f"{background.size[0]}×{background.size[1]}; they must be the same size"
        )
    size = background.size if background is not None else layer.size  # type: ignore[union-attr]
    base = background.convert("RGB") if background is not None else Image.new("RGB", size, "white")
    if layer is None:
        return base, base.copy(), Image.new("L", size, 0)
    strokes = layer.convert("RGBA")
    mask = strokes.getchannel("A").point(lambda alpha: 255 if alpha else 0)
    return base, Image.alpha_composite(base.convert("RGBA"), strokes).convert("RGB"), mask


@dataclass(frozen=True)
class Sketchpad(Component):
    """A canvas to draw or mask on; the function receives a :class:`Sketch`.

    Args:
        type: how the images come: ``"numpy"`` arrays or ``"pil"`` images.
        canvas_size: ``(width, height)`` of a blank canvas, in pixels.
        brush_colors: the colours offered (``"#rrggbb"``); a colour picker adds any other.
        brush_size: the brush's starting diameter, in pixels of the image.
        sources: where a background may come from (``"upload"``, ``"clipboard"``);
            empty: a blank canvas only.
    """

    kind: ClassVar[str] = "sketchpad"
    traits: ClassVar[Traits] = Traits(heavy=True, attachments=True)  # two image files inside
    value_types: ClassVar[frozenset[str]] = frozenset({"numpy", "pil"})

    type: Literal["numpy", "pil"] = "numpy"
    canvas_size: tuple[int, int] = (512, 512)
    brush_colors: tuple[str, ...] = ("#000000", "#ffffff", "#e15759", "#4e79a7", "#59a14f")
    brush_size: int = 12
    sources: tuple[str, ...] = ("upload", "clipboard")

    def preprocess(self, payload: Any, files: FileContext) -> Sketch:
        background, layer = _parts(payload)
        strokes = _open(layer, files, "RGBA", "layer")
        base, composite, mask = compose(_open(background, files, "RGB", "background"), strokes)
        return self._sketch(composite, mask, base, strokes)

    def _sketch(self, composite: Any, mask: Any, bg: Any, layer: Any) -> Sketch:
        if self.type == "pil":
            return Sketch(composite, mask, bg, layer)
        import numpy as np

        arrays = [None if image is None else np.asarray(image) for image in (composite, bg, layer)]
        return Sketch(arrays[0], np.asarray(mask) > 0, arrays[1], arrays[2])

    def postprocess(self, value: Any, files: FileContext) -> dict[str, Any] | None:
        """A :class:`Sketch` (its background and layer), or an image: a background alone."""
        if value is None:
            return None
        if is_file_payload(value) or isinstance(value, str) and value.startswith("data:"):
            return {"background": value, "layer": None}
        if isinstance(value, Mapping) and value.keys() <= _PARTS:
            return {key: self._store_part(value.get(key), files) for key in ("background", "layer")}
        if isinstance(value, Sketch):
            background = value.background if value.background is not None else value.composite
            layer = None if value.layer is None else self._store_layer(value.layer, files)
            return {"background": store_image(background, files), "layer": layer}
        return {"background": store_image(value, files), "layer": None}

    def _store_part(self, value: Any, files: FileContext) -> Any:
        if value is None or is_file_payload(value) or isinstance(value, dict):
            return value
        return store_image(value, files)

    def _store_layer(self, layer: Any, files: FileContext) -> Any:
        data, extension, mime = encode_image(to_pil(layer).convert("RGBA"), "png")
        return files.store_output(data, "layer" + extension, mime)

    def read_output(self, payload: Any, files: FileContext, *, image_type: str = "pil") -> Any:
        """An output payload → a :class:`Sketch` (PIL images unless ``"numpy"`` is asked)."""
        try:
            sketch = Sketchpad(type="numpy" if image_type == "numpy" else "pil")
            return sketch.preprocess(payload, files)
        except ValidationError:
            return payload

    def encode_default(self, value: Any) -> Any:
        return None  # images have no wire form as a default

    def json_schema(self) -> dict[str, Any]:
        part = {"anyOf": [*FILE_INPUT_SCHEMA["anyOf"], {"type": "null"}]}
        sketch = {
            "type": "object",
            "properties": {"background": part, "layer": part},
            "additionalProperties": False,
        }
        return {"anyOf": [sketch, *FILE_INPUT_SCHEMA["anyOf"]]}

    def example_payload(self) -> Any:
        return {"background": file_example("image"), "layer": None}


def _parts(payload: Any) -> tuple[Any, Any]:
    """``(background, layer)`` payloads of a sketch payload, or of a lone image file."""
    if isinstance(payload, Mapping) and payload and payload.keys() <= _PARTS:
        return payload.get("background"), payload.get("layer")
    if isinstance(payload, str) or (isinstance(payload, Mapping) and _FILE_KEYS & payload.keys()):
        return payload, None  # a file (its FileContext says whether it may be used)
    raise expected('a sketch {"background": <file>, "layer": <file>} or an image file', payload)


def _open(payload: Any, files: FileContext, mode: str, what: str) -> Any:
    if payload is None:
        return None
    try:
        return open_image(resolve_file(payload, files, f"the {what} image"), mode)
    except ValidationError as error:
        raise ValidationError(f"{what}: {error.message}") from None
