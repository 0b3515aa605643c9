"""Live inputs: a microphone or a camera feeding a function chunk by chunk.

A parameter typed ``Iterator[X]`` (or ``Generator[X, None, None]``, ``Iterable[X]``,
``AsyncIterator[X]``), where X is audio or an image frame, gets one of these; its
settings go in ``Annotated[..., autoui.Microphone(rate=16000, ...)]``. Each item the
function receives is what a plain ``X`` parameter would get: ``(rate, samples)`` or a
samples array for audio, a PIL image or an H×W×3 array for a frame.

The payload of a live input is either absent (the chunks come live, over the job's
stream: :mod:`autoui.streaming`) or a whole file, which is cut into the same items and
fed as fast as the function takes them: so every caller that can send a file (curl,
the clients, ``--in rows.jsonl``, MCP) calls a streaming function with nothing extra.
These classes describe the input and convert its chunks; they do no I/O of their own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

from autoui.components.base import MISSING, internal
from autoui.components.filepayload import FileComponent, resolve_file
from autoui.errors import SpecError, ValidationError
from autoui.files import FileContext

if TYPE_CHECKING:
    from autoui.components.params import FieldSpec
    from autoui.limits import InputLimits
    from autoui.streaming.backlog import Backlog

__all__ = ["LIVE", "LiveInput", "Microphone", "Webcam", "checked_live_input"]

KB = 1024
F = TypeVar("F", bound="FieldSpec")
Protocol = Literal["sync", "async"]


class _Live:
    """The value of a live input whose chunks come over the job's stream, not in the call."""

    def __repr__(self) -> str:
        return "LIVE"

    def __reduce__(self) -> str:
        return "LIVE"  # unpickled as this module's one LIVE (decoded inputs sent to a slot)


LIVE: Any = _Live()


@dataclass(frozen=True)
class LiveInput(FileComponent):
    """Base of the live inputs: a policy, a chunk codec and the whole-file fallback.

    ``protocol`` (set by inference from the annotation) says whether the function
    iterates it with ``for`` or ``async for``.
    """

    policy: str = "all"
    protocol: Protocol = internal("sync")

    media: ClassVar[str] = "audio"

    def live_settings(self) -> dict[str, Any]:
        """What a client needs to capture and send the chunks (the spec's ``streaming_input``)."""
        return {"kind": self.media, **self.props()}

    def backlog(self) -> Backlog:
        """A fresh backlog for one job's chunks, bounded by this input's policy."""
        raise NotImplementedError

    def summary(self) -> str:
        """One line for people: ``audio 16 kHz mono, 100 ms chunks, coalesce (max lag 5 s)``."""
        raise NotImplementedError

    @property
    def max_chunk(self) -> int:
        """The largest chunk accepted, in bytes."""
        raise NotImplementedError

    def check_chunk(self, data: bytes) -> None:
        """Refuse a chunk that cannot be one (ValidationError), before it is queued."""

    def decode_chunk(self, data: bytes, limits: InputLimits) -> Any:
        """One item for the function from one (possibly coalesced) chunk."""
        raise NotImplementedError

    def file_items(self, payload: Any, files: FileContext) -> Iterator[Any]:
        """A whole file's items, in order."""
        raise NotImplementedError

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        items = self.file_items(payload, files)
        return _as_async(items) if self.protocol == "async" else items

    def postprocess(self, value: Any, files: FileContext) -> Any:
        """A whole recording or image → a file payload, as the media component makes it
        (what a client sends when it calls a live function with a file)."""
        return self.as_file().postprocess(value, files)

    def as_file(self) -> FileComponent:
        """The media component whose files stand for this stream."""
        raise NotImplementedError

    def encode_default(self, value: Any) -> Any:
        return None

    def _check_policy(self, allowed: tuple[str, ...]) -> None:
        if self.policy not in allowed:
            raise ValueError(
                f"{type(self).__name__}(policy={self.policy!r}): expected one of "
                f"{', '.join(allowed)}"
            )


async def _as_async(items: Iterator[Any]) -> AsyncIterator[Any]:
    for item in items:
        yield item


AudioItem = Literal["numpy", "samples"]


@dataclass(frozen=True)
class Microphone(LiveInput):
    """Live audio: 16-bit PCM at ``rate``, in chunks of about ``chunk_ms``.

    Args:
        rate: samples per second the function receives (the browser resamples to it).
        chunk_ms: how much audio a client sends at a time.
        channels: 1 (mono) or 2.
        policy: ``"coalesce"`` (default: when the function is behind, its next item is
            every waiting chunk joined; past ``max_lag`` the oldest audio is dropped and
            an alert says how much), or ``"all"`` (one chunk at a time, none dropped:
            the sender is slowed down instead).
        max_lag: seconds of audio that may wait for the function.
        type: what each item is: ``"numpy"`` ``(rate, samples)``, or ``"samples"`` (the
            int16 array alone).
    """

    kind: ClassVar[str] = "microphone"
    example_kind: ClassVar[str] = "audio"
    media: ClassVar[str] = "audio"
    value_types: ClassVar[frozenset[str]] = frozenset({"numpy", "samples"})

    rate: int = 16000
    chunk_ms: int = 100
    channels: int = 1
    policy: str = "coalesce"
    max_lag: float = 5.0
    type: AudioItem = "numpy"

    def __post_init__(self) -> None:
        self._check_policy(("coalesce", "all"))
        if not 1000 <= self.rate <= 192_000:
            raise ValueError(f"Microphone(rate={self.rate}): expected 1000 to 192000 Hz")
        if self.channels not in (1, 2):
            raise ValueError(f"Microphone(channels={self.channels}): expected 1 or 2")
        if not 10 <= self.chunk_ms <= 5000:
            raise ValueError(f"Microphone(chunk_ms={self.chunk_ms}): expected 10 to 5000 ms")
        if not self.max_lag > 0:
            raise ValueError(f"Microphone(max_lag={self.max_lag}): expected seconds > 0")

    def summary(self) -> str:
        lag = f" (max lag {self.max_lag:g} s)" if self.policy == "coalesce" else ""
        layout = "mono" if self.channels == 1 else "stereo"
        chunks = f"{self.chunk_ms} ms chunks"
        return f"audio {self.rate / 1000:g} kHz {layout}, {chunks}, {self.policy}{lag}"

    def as_file(self) -> FileComponent:
        from autoui.components.media import Audio

        return Audio(sample_rate=self.rate)

    @property
    def frame_bytes(self) -> int:
        return 2 * self.channels

    @property
    def max_chunk(self) -> int:
        expected = self.rate * self.frame_bytes * self.chunk_ms // 1000
        return max(64 * KB, 4 * expected)

    def backlog(self) -> Backlog:
        from autoui.streaming.backlog import Backlog

        limit = int(self.rate * self.max_lag) * self.frame_bytes
        return Backlog("coalesce" if self.policy == "coalesce" else "all", limit, self.frame_bytes)

    def check_chunk(self, data: bytes) -> None:
        if len(data) % self.frame_bytes:
            raise ValidationError(
                f"an audio chunk must hold whole 16-bit samples of {self.channels} channel(s): "
                f"{len(data)} bytes is not a multiple of {self.frame_bytes}"
            )

    def decode_chunk(self, data: bytes, limits: InputLimits) -> Any:
        from autoui.streaming.codecs import pcm_samples

        samples = pcm_samples(data, self.channels)
        return (self.rate, samples) if self.type == "numpy" else samples

    def file_items(self, payload: Any, files: FileContext) -> Iterator[Any]:
        from autoui.components.wav import read_wav
        from autoui.streaming.codecs import audio_file_chunks

        rate, samples = read_wav(resolve_file(payload, files, "an audio file"))
        chunks = audio_file_chunks(
            rate, samples, target_rate=self.rate, channels=self.channels, chunk_ms=self.chunk_ms
        )
        if self.type == "numpy":
            return ((self.rate, chunk) for chunk in chunks)
        return chunks


FrameItem = Literal["pil", "numpy"]


@dataclass(frozen=True)
class Webcam(LiveInput):
    """Live frames from a camera, as JPEG images.

    Args:
        fps: frames per second a client captures and sends.
        size: the ``(width, height)`` a client captures at (a hint: frames of another
            size are accepted as they are).
        policy: ``"latest"`` (default: a function slower than the frames gets the newest
            one next; stale ones are skipped and counted in an alert) or ``"all"``
            (every frame, the sender slowed down instead).
        type: what each frame is: ``"pil"`` (an RGB PIL image) or ``"numpy"`` (H×W×3 uint8).
    """

    kind: ClassVar[str] = "webcam"
    example_kind: ClassVar[str] = "image"
    media: ClassVar[str] = "video"
    value_types: ClassVar[frozenset[str]] = frozenset({"pil", "numpy"})

    fps: float = 10.0
    size: tuple[int, int] = (640, 480)
    policy: str = "latest"
    type: FrameItem = "pil"

    def __post_init__(self) -> None:
        self._check_policy(("latest", "all"))
        if not 0 < self.fps <= 120:
            raise ValueError(f"Webcam(fps={self.fps}): expected more than 0, at most 120")
        width, height = self.size
        if not (16 <= width <= 7680 and 16 <= height <= 4320):
            raise ValueError(f"Webcam(size={self.size}): expected (width, height) in pixels")

    def summary(self) -> str:
        width, height = self.size
        return f"video {self.fps:g} fps, {width}×{height} JPEG frames, {self.policy}"

    def as_file(self) -> FileComponent:
        from autoui.components.media import Image

        return Image()

    @property
    def max_chunk(self) -> int:
        return 1024 * KB

    def backlog(self) -> Backlog:
        from autoui.streaming.backlog import Backlog

        return Backlog("latest" if self.policy == "latest" else "all", 8 * 1024 * KB)

    def decode_chunk(self, data: bytes, limits: InputLimits) -> Any:
        from autoui.streaming.codecs import decode_frame

        return self._item(decode_frame(data, limits.max_image_pixels))

    def file_items(self, payload: Any, files: FileContext) -> Iterator[Any]:
        from autoui.components.images import max_image_pixels
        from autoui.streaming.codecs import file_frames

        frames = file_frames(resolve_file(payload, files, "an image or video"), max_image_pixels())
        return (self._item(frame) for frame in frames)

    def _item(self, frame: Any) -> Any:
        if self.type == "pil":
            return frame
        import numpy as np

        return np.array(frame)


def checked_live_input(name: str, inputs: list[F], *, is_async: bool, batch: bool) -> list[F]:
    """The whole-function rules of live inputs, applied to function ``name``'s inputs.

    One per function; not in a batch function; ``AsyncIterator`` exactly when the
    function is ``async``. A live parameter without a default is not *required* on the
    wire: absent, its chunks come live (:data:`LIVE`).

    Raises:
        SpecError: a rule is broken (the message names the function and the parameter).
    """
    live = [p for p in inputs if isinstance(p.component, LiveInput)]
    if not live:
        return inputs
    if len(live) > 1:
        names = " and ".join(p.name for p in live)
        raise SpecError(
            f"{name}: {names} are both live inputs; a function takes one live input "
            "(the others are fixed when it starts)"
        )
    param = live[0]
    protocol = param.component.protocol  # type: ignore[attr-defined]
    if batch:
        raise SpecError(f"{name}: {param.name}: a batch function cannot take a live input")
    if is_async and protocol == "sync":
        raise SpecError(
            f"{name}: {param.name}: an async function reads a live input with async for: "
            f"annotate it AsyncIterator[...]"
        )
    if not is_async and protocol == "async":
        raise SpecError(
            f"{name}: {param.name}: AsyncIterator[...] needs an async def function; "
            "a plain def takes Iterator[...]"
        )
    if param.default is not MISSING:
        return inputs
    return [dataclasses.replace(p, default=LIVE) if p is param else p for p in inputs]
