"""Media: images, audio and video, converted to what the function asked for.

``type`` says what the function receives: ``"numpy"`` (an H×W×3 uint8 array for an
image, ``(rate, samples)`` for audio), ``"pil"`` (a PIL image), ``"filepath"`` (a
``str``), ``"path"`` (a :class:`~pathlib.Path`) or ``"bytes"``. Inference sets it from
the annotation; outputs accept all of these whatever ``type`` says. Each class lists
the ``type`` values it knows in ``value_types`` (the registry reads it to fit an
``Annotated[Path, autoui.Image()]`` override to its annotation).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

from autoui.components.base import internal
from autoui.components.checks import expected
from autoui.components.filepayload import FileComponent, resolve_file, store_file
from autoui.components.images import (
    check_image,
    encode_image,
    image_array,
    is_array,
    open_image,
    to_pil,
)
from autoui.components.wav import read_wav, write_wav
from autoui.files import FileContext, FilePayload, is_file_payload

__all__ = ["Audio", "Image", "Video", "read_image", "read_image_payload", "store_image"]

ImageType = Literal["numpy", "pil", "filepath", "path"]


def read_image(path: Path, image_type: str) -> Any:
    """A local image file as a caller asked for it: a PIL image, an array, or its path."""
    if image_type in ("path", "filepath"):
        return path
    image = open_image(path, None)
    if image_type == "numpy":
        import numpy as np

        return np.asarray(image)
    return image


def read_image_payload(payload: Any, files: FileContext, image_type: str) -> Any:
    """An output image payload → :func:`read_image` of its local copy (else as it is)."""
    if not is_file_payload(payload):
        return payload
    return read_image(files.resolve_input(payload), image_type)


def store_image(value: Any, files: FileContext, image_format: str = "png") -> FilePayload:
    """Any image a function returns (array, PIL image, path, bytes) → an output file payload."""
    if isinstance(value, str | Path | bytes):
        return store_file(value, files, "image.png")
    data, extension, mime = encode_image(to_pil(value), image_format)
    return files.store_output(data, "image" + extension, mime)


@dataclass(frozen=True)
class Image(FileComponent):
    """An image.

    Args:
        type: what the function receives (see the module docstring).
        image_mode: Pillow mode inputs are converted to (``"RGB"``, ``"L"``, ``"RGBA"``);
            None keeps the file's own.
        sources: where the web UI lets a user take the image from.
        format: file format of image outputs (``"png"``, ``"jpeg"``, ``"webp"``).
    """

    kind: ClassVar[str] = "image"
    example_kind: ClassVar[str] = "image"
    value_types: ClassVar[frozenset[str]] = frozenset({"numpy", "pil", "filepath", "path"})

    type: ImageType = "numpy"
    image_mode: str | None = "RGB"
    sources: tuple[str, ...] = ("upload", "webcam", "clipboard")
    format: str = "png"

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        path = resolve_file(payload, files, "an image")
        if self.type in ("path", "filepath"):
            check_image(path)  # the header only: the function decodes it itself
            return path if self.type == "path" else str(path)
        if self.type == "pil":
            return open_image(path, self.image_mode)
        return image_array(path, self.image_mode)

    def postprocess(self, value: Any, files: FileContext) -> FilePayload | None:
        return None if value is None else store_image(value, files, self.format)

    def read_file(self, payload: Any, files: FileContext, image_type: str) -> Any:
        return read_image_payload(payload, files, image_type)


AudioType = Literal["numpy", "samples", "filepath", "path", "bytes"]


@dataclass(frozen=True)
class Audio(FileComponent):
    """Audio. ``type="numpy"`` means ``(sample_rate, samples)`` (see :mod:`.wav`).

    Args:
        type: what the function receives: ``"numpy"`` (rate, samples), ``"samples"``
            (the samples array alone, for a parameter annotated ``np.ndarray``),
            ``"filepath"`` (str), ``"path"`` (Path) or ``"bytes"``.
        sources: where the web UI lets a user take the audio from.
        format: the format of audio the function returns as samples (WAV).
        sample_rate: the rate of a bare samples array a function returns.
    """

    kind: ClassVar[str] = "audio"
    example_kind: ClassVar[str] = "audio"
    value_types: ClassVar[frozenset[str]] = frozenset(
        {"numpy", "samples", "filepath", "path", "bytes"}
    )

    type: AudioType = "numpy"
    sources: tuple[str, ...] = ("upload", "microphone")
    format: str = "wav"
    sample_rate: int | None = None

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        path = resolve_file(payload, files, "an audio file")
        if self.type in ("numpy", "samples"):
            rate, samples = read_wav(path)
            return (rate, samples) if self.type == "numpy" else samples
        if self.type == "bytes":
            return path.read_bytes()
        return str(path) if self.type == "filepath" else path

    def postprocess(self, value: Any, files: FileContext) -> FilePayload | None:
        if value is None:
            return None
        if isinstance(value, str | Path | bytes):
            return store_file(value, files, "audio.wav")
        if isinstance(value, tuple | list) and len(value) == 2:
            rate, samples = value
            if is_array(rate) and not is_array(samples):  # (samples, rate) written backwards
                rate, samples = samples, rate
            return files.store_output(write_wav(rate, samples), "audio.wav", "audio/wav")
        if is_array(value) and self.sample_rate:
            return files.store_output(write_wav(self.sample_rate, value), "audio.wav", "audio/wav")
        raise expected(
            "audio as (sample_rate, samples), a file path or bytes; a bare samples array "
            "needs its sample rate (autoui.Audio(sample_rate=...) gives one to outputs)",
            value,
        )


@dataclass(frozen=True)
class Video(FileComponent):
    """A video file; the function receives its path (a ``str``, or a Path with ``type="path"``).

    Args:
        format: the container the web UI should expect (``"mp4"``, ``"webm"``), if known.
    """

    kind: ClassVar[str] = "video"
    value_types: ClassVar[frozenset[str]] = frozenset({"filepath", "path"})

    format: str | None = None
    type: Literal["filepath", "path"] = internal("filepath")

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        path = resolve_file(payload, files, "a video file")
        return path if self.type == "path" else str(path)

    def postprocess(self, value: Any, files: FileContext) -> FilePayload | None:
        if value is None:
            return None
        if isinstance(value, str | Path | bytes):
            return store_file(value, files, "video.mp4")
        raise expected("a video file path or bytes", value)
