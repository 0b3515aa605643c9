"""Image conversions between what functions use (numpy arrays, PIL images) and files.

Pillow and numpy are imported inside the functions, so importing components stays
light. Reading is guarded against decompression bombs: an image whose header
announces more pixels than :func:`max_image_pixels` is refused before it is decoded.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autoui.components.checks import expected
from autoui.errors import ValidationError

if TYPE_CHECKING:
    import numpy as np
    from PIL.Image import Image as PILImage

__all__ = [
    "array_to_pil",
    "check_image",
    "encode_image",
    "is_array",
    "max_image_pixels",
    "open_image",
    "to_pil",
]

_PILLOW_DEFAULT_LIMIT = 89_478_485
_FORMATS = {"png": "PNG", "jpeg": "JPEG", "jpg": "JPEG", "webp": "WEBP", "gif": "GIF"}


def max_image_pixels() -> int:
    """The largest image (width × height) accepted: Pillow's ``MAX_IMAGE_PIXELS``."""
    from PIL import Image

    limit = Image.MAX_IMAGE_PIXELS
    return int(limit) if limit else _PILLOW_DEFAULT_LIMIT


def check_image(path: Path) -> None:
    """Check that a file is an image of an acceptable size, reading only its header."""
    _read(path, decode=False)


def open_image(path: Path, mode: str | None) -> PILImage:
    """Decode an image file, upright (EXIF orientation applied), in ``mode`` if given."""
    from PIL import ImageOps

    opened = _read(path, decode=True)
    image = ImageOps.exif_transpose(opened) or opened
    if mode and image.mode != mode:
        image = image.convert(mode)
    if image is opened and getattr(opened, "is_animated", False):
        image = opened.copy()  # the first frame, detached from the file Pillow keeps open
    if image is not opened:
        opened.close()
    return image


def _read(path: Path, decode: bool) -> PILImage:
    from PIL import Image, UnidentifiedImageError

    limit = max_image_pixels()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image: PILImage = Image.open(path)
            _check_size(image.size, limit)
            if decode:
                image.load()
            else:
                image.close()
        except Image.DecompressionBombError:  # Pillow's own check, at twice the limit
            raise ValidationError(f"image is too large: at most {limit:,} pixels allowed") from None
        except (UnidentifiedImageError, OSError, SyntaxError):
            raise ValidationError(
                "expected an image file (PNG, JPEG, WebP, GIF, BMP, ...); could not read it"
            ) from None
    return image


def _check_size(size: tuple[int, int], limit: int) -> None:
    width, height = size
    if width * height > limit:
        raise ValidationError(
            f"image is too large: {width}×{height} pixels, at most {limit:,} pixels allowed"
        )


def is_array(value: Any) -> bool:
    """Whether ``value`` is array-like (numpy, or anything with ``__array__`` like a tensor)."""
    return hasattr(value, "__array_interface__") or hasattr(value, "__array__")


def to_pil(value: Any) -> PILImage:
    """A PIL image, numpy array (any common layout and dtype) or array-like → PIL image."""
    from PIL import Image

    if isinstance(value, Image.Image):
        return value
    if is_array(value):
        return array_to_pil(value)
    raise expected("an image (numpy array, PIL image, file path or bytes)", value)


def array_to_pil(value: Any) -> PILImage:
    """An image array → PIL image.

    Accepts H×W (grey), H×W×1, H×W×3 (RGB), H×W×4 (RGBA) and channel-first C×H×W;
    uint8 as is, bool as black/white, floats as 0–1 (or 0–255 when any value is
    above 1), other integers clipped to 0–255 (uint16 scaled down).
    """
    import numpy as np
    from PIL import Image

    array = np.asarray(value)
    if array.ndim == 3 and array.shape[0] in (1, 3, 4) and array.shape[2] not in (1, 3, 4):
        array = np.moveaxis(array, 0, -1)
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (3, 4)):
        raise ValidationError(
            f"expected an image array of shape (H, W), (H, W, 3) or (H, W, 4); "
            f"got shape {tuple(array.shape)}"
        )
    return Image.fromarray(_to_uint8(array))


def _to_uint8(array: np.ndarray) -> np.ndarray:
    import numpy as np

    if array.dtype == np.uint8:
        return np.ascontiguousarray(array)
    if array.dtype == np.bool_:
        return array.astype(np.uint8) * 255
    if array.dtype == np.uint16:
        return (array // 257).astype(np.uint8)
    if np.issubdtype(array.dtype, np.floating):
        clean = np.nan_to_num(array.astype(np.float64), nan=0.0, posinf=1.0, neginf=0.0)
        scale = 1.0 if clean.size and clean.max() > 1.0 else 255.0
        return np.clip(np.rint(clean * scale), 0, 255).astype(np.uint8)
    if np.issubdtype(array.dtype, np.integer):
        clipped: np.ndarray = np.clip(array, 0, 255).astype(np.uint8)
        return clipped
    raise ValidationError(f"expected an image array of numbers, got dtype {array.dtype}")


def encode_image(image: PILImage, image_format: str) -> tuple[bytes, str, str]:
    """Encode for output: ``(bytes, file extension, media type)``.

    PNG uses a low compression level: on the outputs of image functions it is several
    times faster than Pillow's default for files only a little larger.
    """
    name = _FORMATS.get(image_format.lower(), "PNG")
    if name == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    options: dict[str, Any] = {"compress_level": 1} if name == "PNG" else {}
    image.save(buffer, format=name, **options)
    extension = "jpg" if name == "JPEG" else name.lower()
    return buffer.getvalue(), "." + extension, "image/" + name.lower()
