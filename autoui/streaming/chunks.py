"""What a sender has → the wire chunks of a live input, and the pace to send them at.

The senders outside the server share this: the terminal (``--audio -``, ``--frames -``,
``--realtime``) and the Python clients' ``stream(...)``. A chunk on the wire is raw
little-endian int16 PCM at the input's rate and channels (audio, cut to ``chunk_ms``) or
the bytes of one JPEG image (video), whatever the sender started from:

- :func:`chunks_of`: a value a caller passes — a file path (WAV; an image, animated
  image or MJPEG clip), the bytes of one, raw PCM bytes, a whole recording
  (``(rate, samples)`` or an array), or an iterable of chunks (bytes, arrays, ``(rate,
  samples)``, PIL images), each converted as it is taken, so a live source stays live;
- :func:`pcm_stream` / :func:`mjpeg_stream`: a byte stream as it arrives (standard
  input: ``arecord -t raw``, ``ffmpeg -f mjpeg -``); a WAV header, if one comes first,
  gives the rate and channels;
- :func:`paced`: the chunks at 1× (audio by its length, frames at ``fps``).

numpy and Pillow are imported inside the functions that use them.
"""

from __future__ import annotations

import io
import os
import struct
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from autoui.errors import ValidationError
from autoui.wire import WireLive

__all__ = ["chunk_seconds", "chunks_of", "mjpeg_stream", "paced", "pcm_stream"]

Read = Callable[[int], bytes]
"""Reads up to n bytes, as they come (b"" at the end): ``os.read`` on a descriptor."""

_RIFF = b"RIFF"
_JPEG = b"\xff\xd8"


# -- values a caller passes ----------------------------------------------------------------
def chunks_of(value: Any, live: WireLive) -> Iterator[bytes]:
    """The wire chunks of ``value`` for ``live`` (see the module docstring).

    Raises:
        ValidationError: a value, or an item of an iterable (when it is taken), that is
            no audio / image of a kind this input takes.
    """
    if isinstance(value, str | os.PathLike):
        return _file_chunks(Path(os.fspath(value)).expanduser(), live)
    if isinstance(value, bytes | bytearray | memoryview):
        return _bytes_chunks(bytes(value), live)
    if live.kind == "audio" and _is_recording(value):
        return _recording_chunks(value, live)
    if live.kind == "video" and _is_image(value):
        return iter([_jpeg(value)])
    if isinstance(value, Iterable):
        return _item_chunks(value, live)
    what = "audio" if live.kind == "audio" else "frames"
    raise ValidationError(
        f"expected {what}: a file path, bytes, or an iterable of chunks; got {type(value).__name__}"
    )


def _file_chunks(path: Path, live: WireLive) -> Iterator[bytes]:
    if not path.is_file():
        raise ValidationError(f"expected a file, but '{path}' does not exist")
    if live.kind == "video":
        return _frame_file_chunks(path)
    from autoui.components.wav import read_wav

    rate, samples = read_wav(path)
    return _recording_chunks((rate, samples), live)


def _frame_file_chunks(path: Path) -> Iterator[bytes]:
    from autoui.components.images import max_image_pixels
    from autoui.streaming.codecs import file_frames, split_mjpeg

    with path.open("rb") as head:
        jpeg = head.read(2) == _JPEG
    if jpeg:  # one JPEG or an MJPEG clip: its images go as they are
        return _closing_split(path, split_mjpeg)
    return (_jpeg(frame) for frame in file_frames(path, max_image_pixels()))


def _closing_split(path: Path, split: Callable[[Any], Iterator[bytes]]) -> Iterator[bytes]:
    with path.open("rb") as stream:
        yield from split(stream)


def _bytes_chunks(data: bytes, live: WireLive) -> Iterator[bytes]:
    if live.kind == "video":
        if data[:2] == _JPEG:
            from autoui.streaming.codecs import split_mjpeg

            return split_mjpeg(io.BytesIO(data))
        return iter([_jpeg(data)])
    if data[:4] == _RIFF:
        return pcm_stream(io.BytesIO(data).read, live)
    return pcm_stream(io.BytesIO(data).read, live, rate=live.rate, channels=live.channels)


def _is_recording(value: Any) -> bool:
    from autoui.components.images import is_array

    pair = isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], int)
    return pair or is_array(value)


def _is_image(value: Any) -> bool:
    from autoui.components.images import is_array

    return is_array(value) or type(value).__module__.startswith("PIL.")


def _recording_chunks(value: Any, live: WireLive) -> Iterator[bytes]:
    """A whole recording, ``(rate, samples)`` or samples at the input's rate, in chunks."""
    from autoui.streaming.codecs import audio_file_chunks

    rate, samples = value if isinstance(value, tuple) else (live.rate, value)
    pieces = audio_file_chunks(
        rate, samples, target_rate=live.rate, channels=live.channels, chunk_ms=live.chunk_ms
    )
    return (piece.astype("<i2").tobytes() for piece in pieces)


def _item_chunks(items: Iterable[Any], live: WireLive) -> Iterator[bytes]:
    """Each item of a caller's iterable as wire chunks, converted when it is taken."""
    for item in items:
        if isinstance(item, bytes | bytearray | memoryview):
            yield from _raw_item(bytes(item), live)
        elif live.kind == "video":
            yield _jpeg(item)
        elif _is_recording(item):
            yield from _recording_chunks(item, live)
        else:
            raise ValidationError(
                "expected audio chunks: bytes (int16 PCM), arrays of samples or "
                f"(rate, samples); got {type(item).__name__}"
            )


def _raw_item(data: bytes, live: WireLive) -> Iterator[bytes]:
    if live.kind == "video":
        yield data
        return
    if len(data) % live.frame_bytes:
        raise ValidationError(
            f"an audio chunk must hold whole 16-bit samples of {live.channels} channel(s): "
            f"{len(data)} bytes is not a multiple of {live.frame_bytes}"
        )
    yield from _split_audio(data, live)


def _split_audio(data: bytes, live: WireLive) -> Iterator[bytes]:
    """One chunk as it is, or a long one cut to ``chunk_ms`` pieces (the server's cap)."""
    step = live.chunk_samples * live.frame_bytes
    if len(data) <= 4 * step:
        if data:
            yield data
        return
    for start in range(0, len(data), step):
        yield data[start : start + step]


def _jpeg(value: Any) -> bytes:
    """A PIL image, an image array or image bytes → JPEG bytes (JPEG bytes as they are)."""
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        if data[:2] == _JPEG:
            return data
        from autoui.components.images import max_image_pixels
        from autoui.streaming.codecs import decode_frame

        value = decode_frame(data, max_image_pixels())
    from autoui.components.images import encode_image, to_pil

    encoded, _, _ = encode_image(to_pil(value), "jpeg")
    return encoded


# -- byte streams as they arrive -----------------------------------------------------------
def pcm_stream(
    read: Read, live: WireLive, *, rate: int | None = None, channels: int | None = None
) -> Iterator[bytes]:
    """Raw s16le PCM read as it comes → chunks in the input's format.

    Args:
        read: the stream (``os.read`` of standard input, a file's ``read``).
        live: the input: its rate, channels and chunk length.
        rate / channels: the stream's own format; when None, a WAV header is expected
            first (a stream that starts with ``RIFF`` always gives its own).

    Raises:
        ValidationError: a WAV header that is not 16-bit PCM, or no format at all.
    """
    head = _read_exactly(read, 4)
    if head == _RIFF:
        rate, channels = _wav_header(read)
    elif rate is None or channels is None:
        raise ValidationError("expected a WAV file, or raw PCM with its rate and channels")
    return _pcm_blocks(read, head if head != _RIFF else b"", live, rate, channels)


def _pcm_blocks(
    read: Read, pending: bytes, live: WireLive, rate: int, channels: int
) -> Iterator[bytes]:
    frame = 2 * channels
    size = max(1, rate * live.chunk_ms // 1000) * frame
    same = rate == live.rate and channels == live.channels
    while True:
        block = pending + _read_exactly(read, size - len(pending))
        pending = b""
        whole = block[: len(block) - len(block) % frame]
        if whole:
            yield whole if same else _converted(whole, live, rate, channels)
        if len(block) < size:
            return


def _converted(block: bytes, live: WireLive, rate: int, channels: int) -> bytes:
    import numpy as np

    from autoui.streaming.codecs import audio_file_chunks

    samples = np.frombuffer(block, dtype="<i2").reshape(-1, channels)
    pieces = audio_file_chunks(
        rate, samples, target_rate=live.rate, channels=live.channels, chunk_ms=live.chunk_ms
    )
    return b"".join(piece.astype("<i2").tobytes() for piece in pieces)


def _wav_header(read: Read) -> tuple[int, int]:
    """Read a WAV header up to its samples: ``(rate, channels)`` of 16-bit PCM."""
    if _read_exactly(read, 8)[4:] != b"WAVE":
        raise ValidationError("expected a WAV file (RIFF … WAVE)")
    rate = channels = 0
    for _ in range(64):  # a header has a handful of chunks
        kind, size = _chunk_head(read)
        if kind == b"data":
            if not rate:
                break
            return rate, channels
        body = _read_exactly(read, size + size % 2)
        if kind == b"fmt ":
            code, channels, rate, _, _, bits = struct.unpack("<HHIIHH", body[:16])
            if code not in (1, 0xFFFE) or bits != 16 or channels not in (1, 2):
                raise ValidationError(
                    f"a WAV stream must be 16-bit PCM, mono or stereo (got format {code}, "
                    f"{bits}-bit, {channels} channels): convert it, or send raw s16le"
                )
    raise ValidationError("the WAV header has no format or no samples")


def _chunk_head(read: Read) -> tuple[bytes, int]:
    head = _read_exactly(read, 8)
    if len(head) < 8:
        raise ValidationError("the WAV stream ended inside its header")
    kind, size = struct.unpack("<4sI", head)
    return kind, size


def _read_exactly(read: Read, size: int) -> bytes:
    """``size`` bytes, fewer only at the end of the stream."""
    parts: list[bytes] = []
    while size > 0:
        part = read(size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


class _Reader:
    """A ``read`` function as the stream :func:`~autoui.streaming.codecs.split_mjpeg` reads."""

    def __init__(self, read: Read) -> None:
        self.read = read


def mjpeg_stream(read: Read) -> Iterator[bytes]:
    """The JPEG images of an MJPEG byte stream (``ffmpeg -f mjpeg -``), as they come."""
    from autoui.streaming.codecs import split_mjpeg

    return split_mjpeg(_Reader(read))  # type: ignore[arg-type]


# -- pace ----------------------------------------------------------------------------------
def chunk_seconds(chunk: bytes, live: WireLive) -> float:
    """How long a chunk lasts when played or shown live."""
    if live.kind == "video":
        return 1.0 / live.fps
    return len(chunk) / live.frame_bytes / live.rate


def paced(
    chunks: Iterable[bytes],
    live: WireLive,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[bytes]:
    """The chunks at 1×: each when the ones before it have played (no drift).

    The iterator ends once the last chunk has played too, so a paced file lasts as
    long as it would live.
    """
    start: float | None = None
    due = 0.0
    for chunk in chunks:
        if start is None:
            start = clock()
        wait = start + due - clock()
        if wait > 0:
            sleep(wait)
        yield chunk
        due += chunk_seconds(chunk, live)
    if start is not None:
        wait = start + due - clock()
        if wait > 0:
            sleep(wait)
