"""An image with labelled regions over it — boxes and masks — for detection and segmentation.

The function returns ``(image, annotations)``: the image as an
:class:`~autoui.components.media.Image` output takes it (an array, a PIL image, a path,
bytes), and a list of ``(region, label)``. A region is a box ``(x0, y0, x1, y1)`` in
pixels, or a mask the image's size (an H×W array — bool, 0–1 floats or 0–255 — or a
PIL image) whose values are how strongly each pixel belongs to the label. The dicts
detection and segmentation pipelines give are read too: ``{"label", "score", "box":
{"xmin", "ymin", "xmax", "ymax"}}`` and ``{"label", "score", "mask"}``.

Wire (each mask a greyscale PNG: white is inside)::

    {"image": <file>, "width": 640, "height": 480,
     "annotations": [{"label": "cat", "box": [12, 30, 200, 310], "score": 0.97},
                     {"label": "sky", "mask": <file>}],
     "colors": {"cat": "#4e79a7", "sky": "#f28e2b"}}
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from autoui.components.base import Component, Traits
from autoui.components.checks import expected
from autoui.components.images import encode_image, is_array, to_pil
from autoui.components.media import read_image, read_image_payload, store_image
from autoui.components.palette import colors_for
from autoui.errors import ValidationError
from autoui.files import FileContext, FilePayload, is_file_payload

__all__ = ["AnnotatedImage"]

_BOX_KEYS = ("xmin", "ymin", "xmax", "ymax")


@dataclass(frozen=True)
class AnnotatedImage(Component):
    """An image with boxes and masks drawn over it, each with its label (an output).

    Args:
        color_map: label → colour (``"#rrggbb"``); other labels get the palette's.
        show_legend: list the labels under the image (hovering one highlights its regions).
        format: file format of the image sent (``"png"``, ``"jpeg"``, ``"webp"``).
    """

    kind: ClassVar[str] = "annotated_image"
    output_only: ClassVar[str] = (
        "an annotated image is an output only; use autoui.Image for an input"
    )
    traits: ClassVar[Traits] = Traits(heavy=True, attachments=True)  # an image and masks inside

    color_map: dict[str, str] | None = field(default=None, hash=False)
    show_legend: bool = True
    format: str = "png"

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        raise ValidationError(self.output_only)

    def postprocess(self, value: Any, files: FileContext) -> dict[str, Any] | None:
        if value is None:
            return None
        image, annotations = _parts(value)
        width, height = _size(image)
        items = [_annotation(item, n, (width, height), files) for n, item in enumerate(annotations)]
        colors = colors_for([item["label"] for item in items], self.color_map)
        return {
            "image": store_image(image, files, self.format),
            "width": width,
            "height": height,
            "annotations": items,
            "colors": colors,
        }

    def read_output(self, payload: Any, files: FileContext, *, image_type: str = "pil") -> Any:
        """``(image, [(box or mask, label), ...])``; images and masks as ``image_type`` says.

        A box comes back as an ``(x0, y0, x1, y1)`` tuple; a mask as an H×W float array
        of 0–1 (``"numpy"``), a greyscale PIL image (``"pil"``) or the PNG's path.
        """
        if not isinstance(payload, dict) or not is_file_payload(payload.get("image")):
            return payload
        image = read_image_payload(payload["image"], files, image_type)
        regions = []
        for item in payload.get("annotations") or []:
            if "box" in item:
                regions.append((tuple(item["box"]), item.get("label")))
            elif is_file_payload(item.get("mask")):
                mask = _read_mask(files.resolve_input(item["mask"]), image_type)
                regions.append((mask, item.get("label")))
        return image, regions

    def json_schema(self) -> dict[str, Any]:
        box = {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4}
        annotation = {
            "type": "object",
            "properties": {"label": {"type": "string"}, "box": box, "mask": {"type": "object"},
                           "score": {"type": ["number", "null"]}},
            "required": ["label"],
        }  # fmt: skip
        return {
            "type": "object",
            "properties": {"image": {"type": "object"}, "annotations": {"type": "array",
                           "items": annotation}, "colors": {"type": "object"}},
            "required": ["image", "annotations"],
        }  # fmt: skip


def _parts(value: Any) -> tuple[Any, Sequence[Any]]:
    """``(image, annotations)`` from a pair or a ``{"image", "annotations"}`` dict."""
    if isinstance(value, Mapping) and "image" in value:
        image, annotations = value["image"], value.get("annotations") or ()
    elif isinstance(value, tuple | list) and len(value) == 2:
        image, annotations = value
    else:
        raise expected("(image, [(box or mask, label), ...])", value)
    if isinstance(annotations, str | bytes) or not isinstance(annotations, Sequence):
        raise expected("the annotations as a list of (box or mask, label)", annotations)
    return image, annotations


def _size(image: Any) -> tuple[int, int]:
    """The image's ``(width, height)``, from its header when it is a file."""
    if not isinstance(image, str | Path | bytes):
        return to_pil(image).size
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(image) if isinstance(image, bytes) else image) as opened:
            return opened.size
    except (OSError, UnidentifiedImageError):
        raise expected("an image (array, PIL image, file path or bytes)", image) from None


def _annotation(item: Any, index: int, size: tuple[int, int], files: FileContext) -> dict[str, Any]:
    where = f"annotation {index + 1}"
    if isinstance(item, Mapping):
        region = item.get("box", item.get("mask"))
        label, score = item.get("label"), item.get("score")
    elif isinstance(item, tuple | list) and len(item) == 2:
        (region, label), score = item, None
    else:
        raise ValidationError(f"{where}: expected (box or mask, label), got {item!r:.40}")
    if label is None:
        raise ValidationError(f"{where}: has no label")
    entry: dict[str, Any] = {"label": str(label)}
    try:
        if _is_box(region):
            entry["box"] = _box(region)
        else:
            entry["mask"] = _store_mask(region, size, files)
    except ValidationError as error:
        raise ValidationError(f"{where}: {error.message}") from None
    if score is not None:
        entry["score"] = float(score)
    return entry


def _is_box(region: Any) -> bool:
    """Four numbers (a list, a tuple, a 1-D array) or a dict of xmin..ymax: a box."""
    if isinstance(region, Mapping):
        return all(key in region for key in _BOX_KEYS)
    if is_array(region):
        return getattr(region, "ndim", 0) == 1 and len(region) == 4
    if isinstance(region, tuple | list) and len(region) == 4:
        return all(isinstance(v, int | float) for v in region)
    return False


def _box(region: Any) -> list[float]:
    values = [region[k] for k in _BOX_KEYS] if isinstance(region, Mapping) else list(region)
    try:
        x0, y0, x1, y1 = (float(v) for v in values)
    except (TypeError, ValueError):
        raise expected("a box (x0, y0, x1, y1) of numbers", region) from None
    if x1 < x0 or y1 < y0:
        raise ValidationError(f"a box ends before it starts: {(x0, y0, x1, y1)}")
    return [_number(v) for v in (x0, y0, x1, y1)]


def _number(value: float) -> float:
    return int(value) if value.is_integer() else value


def _store_mask(region: Any, size: tuple[int, int], files: FileContext) -> FilePayload:
    """A mask → a greyscale PNG the image's size (0 outside, 255 fully inside)."""
    import numpy as np
    from PIL import Image

    if isinstance(region, Image.Image):
        values = np.asarray(region.convert("L"), dtype=np.float64) / 255.0
    elif is_array(region):
        values = _unit(np.asarray(region))
    else:
        raise expected("a box (x0, y0, x1, y1) or a mask (an H×W array)", region)
    if values.shape != (size[1], size[0]):
        shape = "×".join(str(n) for n in values.shape[::-1])
        raise ValidationError(f"a mask must be the image's size {size[0]}×{size[1]}, got {shape}")
    grey = Image.fromarray(np.rint(values * 255).astype(np.uint8), mode="L")
    data, extension, mime = encode_image(grey, "png")
    return files.store_output(data, "mask" + extension, mime)


def _unit(array: Any) -> Any:
    """A mask array as floats 0–1: bool as is, 0–255 integers scaled, floats clipped."""
    import numpy as np

    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim != 2:
        raise ValidationError(f"a mask must be an H×W array, got shape {tuple(array.shape)}")
    if array.dtype == np.bool_:
        return array.astype(np.float64)
    values = np.nan_to_num(array.astype(np.float64))
    if np.issubdtype(array.dtype, np.integer) and values.size and values.max() > 1:
        values = values / 255.0
    return np.clip(values, 0.0, 1.0)


def _read_mask(path: Path, image_type: str) -> Any:
    if image_type == "numpy":
        import numpy as np

        return np.asarray(read_image(path, "pil").convert("L"), dtype=np.float32) / 255.0
    if image_type == "pil":
        return read_image(path, "pil").convert("L")
    return path
