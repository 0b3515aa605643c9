"""Image conversions between what functions use (numpy arrays, PIL images) and files.

Pillow and numpy are imported inside the functions, so importing components stays
light. Reading is guarded against decompression bombs: an image whose header
announces more pixels than :func:`max_image_pixels`, or more decoded bytes (pixels ×
channels) than the call's :class:`~autoui.limits.InputLimits` allow, is refused before
it is decoded.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autoui.components.checks import expected
from autoui.errors import ValidationError
from autoui.limits import current_limits

if TYPE_CHECKING:
    import numpy as np
    from PIL.Image import Image as PILImage

__all__ = [
    "array_to_pil",
    "check_image",
    "encode_image",
    "image_array",
    "is_array",
    "max_image_pixels",
    "open_image",
    "to_pil",
]

_FORMATS = {"png": "PNG", "jpeg": "JPEG", "jpg": "JPEG", "webp": "WEBP", "gif": "GIF"}


def max_image_pixels() -> int:
    """The largest image (width × height) accepted now: the call's limit
    (:func:`~autoui.limits.current_limits`), or Pillow's ``MAX_IMAGE_PIXELS`` if lower."""
    from PIL import Image

    limit = current_limits().max_image_pixels
    pillow = Image.MAX_IMAGE_PIXELS
    return min(limit, int(pillow)) if pillow else limit


def check_image(path: Path) -> None:
    """Check that a file is an image of an acceptable size, reading only its header."""
    _read(path, decode=False)


def open_image(path: Path, mode: str | None) -> PILImage:
    """Decode an image file, upright (EXIF orientation applied), in ``mode`` if given."""
    return _decoded(path, mode, mode)


def image_array(path: Path, mode: str | None) -> np.ndarray:
    """Decode an image file into a writable uint8 array (H×W or H×W×C), upright, in ``mode``.

    A grey or black-and-white source asked for in RGB(A) is decoded as one band and
    spread into the channels, instead of through Pillow's RGB image and its byte copy:
    a 9400×9400 1-bit scan then peaks at about 1.7× its array, not 3.3×.
    """
    import numpy as np

    if mode not in ("RGB", "RGBA"):
        return np.array(open_image(path, mode))
    image = _decoded(path, mode, None)
    if image.mode not in ("1", "L"):
        return np.array(image.convert(mode) if image.mode != mode else image)
    values = np.asarray(image.convert("L") if image.mode == "1" else image)
    image.close()
    array = np.empty((*values.shape, len(mode)), dtype=np.uint8)
    array[..., :3] = values[..., None]
    if mode == "RGBA":
        array[..., 3] = 255
    return array


def _decoded(path: Path, budget_mode: str | None, mode: str | None) -> PILImage:
    """Decode upright in ``mode`` (if given), the size checked as if in ``budget_mode``."""
    from PIL import ImageOps

    opened = _read(path, decode=True, mode=budget_mode)
    image = ImageOps.exif_transpose(opened) or opened
    if mode and image.mode != mode:
        image = image.convert(mode)
    if image is opened and getattr(opened, "is_animated", False):
        image = opened.copy()  # the first frame, detached from the file Pillow keeps open
    if image is not opened:
        opened.close()
    return image


def _read(path: Path, decode: bool, mode: str | None = None) -> PILImage:
    from PIL import Image, UnidentifiedImageError

    limit = max_image_pixels()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image: PILImage = Image.open(path)
            _check_size(image.size, limit)
            _check_decoded(image, mode)
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


def _check_decoded(image: PILImage, mode: str | None) -> None:
    """Refuse an image whose pixels × channels (in ``mode``, else its own) are over budget."""
    from PIL import Image

    target = mode or image.mode
    try:
        channels = Image.getmodebands(target)
    except (KeyError, ValueError):
        channels = 4
    depth = 4 if target in ("I", "F") else 2 if target.startswith("I;16") else 1
    width, height = image.size
    what = f"an image of {width}×{height} pixels in {target}"
    current_limits().check_decoded(width * height * channels * depth, what)


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
