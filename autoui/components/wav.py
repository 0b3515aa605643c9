"""WAV audio ⇄ ``(sample_rate, samples)`` with the standard library's :mod:`wave`.

Samples are a numpy array shaped ``(n,)`` for mono or ``(n, channels)``. Reading gives
uint8 (8-bit), int16 (16-bit) or int32 (24- and 32-bit) samples, as stored, once the
header's frame count has been checked against the call's decoded-size limit. Writing
takes int16/int32/uint8 as they are and floats as -1.0…1.0 (written as 16-bit).
"""

from __future__ import annotations

import io
import wave
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autoui.components.checks import expected
from autoui.errors import ValidationError
from autoui.limits import current_limits

if TYPE_CHECKING:
    import numpy as np

__all__ = ["read_wav", "write_wav"]

_MAX_RATE = 1_000_000


def read_wav(path: Path) -> tuple[int, np.ndarray]:
    """Decode a PCM WAV file into ``(sample_rate, samples)``."""
    try:
        with wave.open(str(path), "rb") as reader:
            channels, width = reader.getnchannels(), reader.getsampwidth()
            rate = reader.getframerate()
            count = reader.getnframes()
            what = f"audio of {count:,} frames × {channels} channels"
            current_limits().check_decoded(count * channels * (4 if width == 3 else width), what)
            frames = reader.readframes(count)
    except (wave.Error, EOFError, OSError) as error:
        raise ValidationError(
            f"expected a WAV file with 8-, 16-, 24- or 32-bit PCM audio ({error})"
        ) from None
    samples = _decode(frames, width)
    if channels > 1:
        samples = samples[: len(samples) - len(samples) % channels].reshape(-1, channels)
    return rate, samples


def _decode(frames: bytes, width: int) -> np.ndarray:
    import numpy as np

    if width == 1:
        return np.frombuffer(frames, dtype=np.uint8).copy()
    if width == 2:
        return np.frombuffer(frames, dtype="<i2").astype(np.int16)
    if width == 4:
        return np.frombuffer(frames, dtype="<i4").astype(np.int32)
    if width == 3:
        raw = np.frombuffer(frames[: len(frames) - len(frames) % 3], dtype=np.uint8).reshape(-1, 3)
        padded = np.zeros((raw.shape[0], 4), dtype=np.uint8)
        padded[:, 1:] = raw  # little-endian: shift the 24 bits up, then back down with sign
        return padded.view("<i4")[:, 0] >> 8
    raise ValidationError(f"expected 8-, 16-, 24- or 32-bit PCM audio, got {8 * width}-bit")


def write_wav(rate: Any, samples: Any) -> bytes:
    """Encode ``(sample_rate, samples)`` as a PCM WAV file."""
    import numpy as np

    whole = isinstance(rate, int | np.integer) and not isinstance(rate, bool)
    if not whole or not 0 < rate <= _MAX_RATE:
        raise expected("a sample rate in Hz (a positive whole number)", rate)
    array = np.asarray(samples)
    if array.ndim == 2 and array.shape[0] <= 8 < array.shape[1]:
        array = array.T  # channels-first (2, n) → (n, 2)
    if array.ndim not in (1, 2) or (array.ndim == 2 and array.shape[1] == 0):
        raise ValidationError(
            f"expected audio samples shaped (n,) or (n, channels), got shape {array.shape}"
        )
    pcm = _to_pcm(array)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1 if pcm.ndim == 1 else pcm.shape[1])
        writer.setsampwidth(pcm.dtype.itemsize)
        writer.setframerate(int(rate))
        writer.writeframes(pcm.astype(pcm.dtype.newbyteorder("<")).tobytes())
    return buffer.getvalue()


def _to_pcm(array: np.ndarray) -> np.ndarray:
    import numpy as np

    if array.dtype in (np.int16, np.int32, np.uint8):
        return np.ascontiguousarray(array)
    if np.issubdtype(array.dtype, np.floating):
        clean = np.nan_to_num(array.astype(np.float64), nan=0.0)
        return np.rint(np.clip(clean, -1.0, 1.0) * 32767).astype(np.int16)
    if np.issubdtype(array.dtype, np.integer) and array.dtype != np.bool_:
        clipped: np.ndarray = np.clip(array, -32768, 32767).astype(np.int16)
        return clipped
    raise ValidationError(f"expected audio samples as numbers, got dtype {array.dtype}")
