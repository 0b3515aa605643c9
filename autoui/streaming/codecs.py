"""Chunks ⇄ values: raw PCM and JPEG frames, and whole files cut into chunks.

Live chunks come in two wire forms: audio is raw little-endian int16 PCM at the rate
and channel count of the input's spec (no header per chunk), frames are JPEG bytes
(any image Pillow reads is accepted). A whole file sent instead of a live stream is
decoded here and cut into the same items: a WAV into ``chunk_ms`` pieces at the
input's rate (mixed down and resampled when it differs), an image into one frame, an
animated image or an MJPEG stream into its frames. numpy and Pillow are imported inside
the functions.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from autoui.errors import ValidationError

if TYPE_CHECKING:
    import numpy as np
    from PIL.Image import Image as PILImage

__all__ = [
    "audio_file_chunks",
    "decode_frame",
    "file_frames",
    "pcm_samples",
    "resample",
    "split_mjpeg",
    "to_int16",
]

_SOI = b"\xff\xd8"
_EOI = b"\xff\xd9"
_MAX_MJPEG_FRAME = 8 * 1024 * 1024


def pcm_samples(data: bytes, channels: int) -> np.ndarray:
    """Raw little-endian int16 PCM → a writable int16 array, ``(n,)`` or ``(n, channels)``."""
    import numpy as np

    if len(data) % (2 * channels):
        raise ValidationError(
            f"an audio chunk must hold whole 16-bit samples of {channels} channel(s): "
            f"{len(data)} bytes is not a multiple of {2 * channels}"
        )
    samples = np.frombuffer(data, dtype="<i2").astype(np.int16)
    return samples.reshape(-1, channels) if channels > 1 else samples


def decode_frame(data: bytes, max_pixels: int) -> PILImage:
    """One frame (JPEG, or any image Pillow reads) → an RGB PIL image, size-checked first."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    f"a frame of {width}×{height} pixels is over the limit of {max_pixels:,}"
                )
            image.load()
        except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
            raise ValidationError("a frame must be a JPEG (or another image) file") from None
    return image if image.mode == "RGB" else image.convert("RGB")


def to_int16(samples: Any) -> np.ndarray:
    """Samples of any PCM width (or floats in -1…1) → int16."""
    import numpy as np

    array = np.asarray(samples)
    if array.dtype == np.int16:
        return array
    if array.dtype == np.uint8:
        return ((array.astype(np.int16) - 128) << 8).astype(np.int16)
    if array.dtype == np.int32:
        return (array >> 16).astype(np.int16)
    floats = np.clip(np.nan_to_num(array.astype(np.float64)), -1.0, 1.0)
    return np.rint(floats * 32767).astype(np.int16)


def resample(samples: np.ndarray, source: int, target: int) -> np.ndarray:
    """Mono int16 samples from rate ``source`` to ``target`` (linear, low-passed when going down).

    Good enough for speech and tones; a browser's own resampler is better, and that is
    what live microphone input gets.
    """
    import numpy as np

    if source == target or samples.size == 0:
        return samples
    data = samples.astype(np.float64)
    if target < source:  # a windowed-sinc low-pass at the new Nyquist frequency
        cutoff = target / source / 2
        taps = np.arange(-32, 33)
        kernel = 2 * cutoff * np.sinc(2 * cutoff * taps) * np.hamming(taps.size)
        data = np.convolve(data, kernel / kernel.sum(), mode="same")
    count = int(round(samples.size * target / source))
    positions = np.arange(count) * (source / target)
    resampled = np.interp(positions, np.arange(samples.size), data)
    pcm: np.ndarray = np.clip(np.rint(resampled), -32768, 32767).astype(np.int16)
    return pcm


def audio_file_chunks(
    rate: int, samples: np.ndarray, *, target_rate: int, channels: int, chunk_ms: int
) -> Iterator[np.ndarray]:
    """A decoded audio file as int16 chunks of ``chunk_ms`` at ``target_rate``."""
    import numpy as np

    pcm = to_int16(samples)
    mono = pcm.ndim == 1 or pcm.shape[1] == 1
    if channels == 1:
        pcm = pcm.reshape(-1) if mono else pcm.mean(axis=1).astype(np.int16)
        pcm = resample(pcm, rate, target_rate)
    else:
        columns = [pcm.reshape(-1)] * channels if mono else [pcm[:, i] for i in range(channels)]
        pcm = np.stack([resample(c, rate, target_rate) for c in columns], axis=1)
    step = max(1, target_rate * chunk_ms // 1000)
    for start in range(0, len(pcm), step):
        yield pcm[start : start + step].copy()


def file_frames(path: Path, max_pixels: int) -> Iterator[PILImage]:
    """Every frame of an image file (one, or each of an animation) or an MJPEG stream.

    The file is checked now (ValidationError), its frames decoded as they are taken.
    """
    with path.open("rb") as head:
        mjpeg = head.read(2) == _SOI and _is_mjpeg(head)
    if mjpeg:
        return _mjpeg_frames(path, max_pixels)
    return _image_frames(_open_image(path, max_pixels))


def _mjpeg_frames(path: Path, max_pixels: int) -> Iterator[PILImage]:
    with path.open("rb") as stream:
        for frame in split_mjpeg(stream):
            yield decode_frame(frame, max_pixels)


def _open_image(path: Path, max_pixels: int) -> PILImage:
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(path)
    except (UnidentifiedImageError, OSError):
        raise ValidationError(
            "expected an image, an animated image or an MJPEG video (other video formats "
            "need converting first, e.g. ffmpeg -i in.mp4 -f mjpeg out.mjpeg)"
        ) from None
    width, height = image.size
    if width * height > max_pixels:
        image.close()
        raise ValidationError(f"{width}×{height} frames are over the limit of {max_pixels:,}")
    return image


def _image_frames(image: PILImage) -> Iterator[PILImage]:
    from PIL import ImageSequence

    with image:
        for frame in ImageSequence.Iterator(image):
            yield frame.convert("RGB")


def _is_mjpeg(stream: BinaryIO) -> bool:
    """Whether a JPEG file holds more than one image (an MJPEG stream)."""
    data = stream.read(_MAX_MJPEG_FRAME)
    first = data.find(_EOI)
    return first >= 0 and data.find(_SOI, first) >= 0


def split_mjpeg(stream: BinaryIO, read_size: int = 64 * 1024) -> Iterator[bytes]:
    """The JPEG images of an MJPEG byte stream (``ffmpeg -f mjpeg -``), as they come.

    Split on the start/end-of-image markers, with no dependency; a frame over 8 MiB
    (no end marker in sight) is refused rather than buffered without bound.
    """
    buffer = bytearray()
    read = getattr(stream, "read1", stream.read)  # read1: what is there, without waiting for more
    while True:
        data = read(read_size)
        if not data:
            return
        buffer += data
        while True:
            start = buffer.find(_SOI)
            if start < 0:
                buffer.clear()
                break
            end = buffer.find(_EOI, start + 2)
            if end < 0:
                if start:
                    del buffer[:start]
                if len(buffer) > _MAX_MJPEG_FRAME:
                    raise ValidationError("an MJPEG frame is larger than 8 MiB (or not JPEG)")
                break
            yield bytes(buffer[start : end + 2])
            del buffer[: end + 2]
