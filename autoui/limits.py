"""How large one call's inputs may be, on the wire and once decoded.

Two moments, one value. When a call is *submitted*, its wire payload is checked
against the shape limits (nesting depth, lists and objects, string length) by
:func:`autoui.inputcheck.check_inputs`, cheaply and before anything is queued. When the
call *starts*, its inputs are decoded (an image into pixels, a WAV into samples) and a
decoder that is about to allocate checks the decoded size first, from the file's header,
so a 10 KB PNG that would decode to gigabytes is refused instead of decoded.

Decoders are components (:mod:`autoui.components.images`, :mod:`autoui.components.wav`),
whose ``preprocess(payload, files)`` has no room for settings; they read the limits of
the call being decoded from a context variable, set by :func:`decoding_within` around
the decode (:mod:`autoui.execution` does it, in whatever thread it decodes in).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from autoui.errors import ValidationError

__all__ = ["MB", "InputLimits", "current_limits", "decoding_within"]

MB = 1024 * 1024


@dataclass(frozen=True)
class InputLimits:
    """The most one call's inputs may hold.

    Attributes:
        max_depth: deepest nesting of lists and objects in one parameter's payload.
        max_items: most lists and objects in one call's data (their parsing is what
            costs time and memory; scalars are bounded by the body size).
        max_string: longest string in a payload, in characters (file ``data:`` URLs
            are bounded by the body size and the file size instead).
        max_image_pixels: most pixels (width × height) of one decoded image.
        max_decoded_bytes: most bytes one decoded input may take: pixels × channels of
            an image, samples × channels × sample width of audio.
    """

    max_depth: int = 64
    max_items: int = 100_000
    max_string: int = 1_000_000
    max_image_pixels: int = 89_478_485  # Pillow's own decompression-bomb threshold
    max_decoded_bytes: int = 256 * MB

    def __post_init__(self) -> None:
        for name in ("max_depth", "max_items", "max_string", "max_image_pixels"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.max_decoded_bytes < 1:
            raise ValueError(f"max_decoded_bytes must be at least 1, got {self.max_decoded_bytes}")

    def check_decoded(self, size: int, what: str) -> None:
        """Refuse a decode that would take more than ``max_decoded_bytes``.

        Args:
            size: the bytes the decoded value would take.
            what: the value, as the message names it (``"image of 9400×9400 RGB"``).
        """
        if size > self.max_decoded_bytes:
            raise ValidationError(
                f"{what} is too large to decode: it would take {size / MB:,.0f} MB, at most "
                f"{self.max_decoded_bytes / MB:,.0f} MB are allowed (max_decoded_bytes)"
            )


_DEFAULT = InputLimits()
_CURRENT: ContextVar[InputLimits | None] = ContextVar("autoui_input_limits", default=None)


def current_limits() -> InputLimits:
    """The limits of the call being decoded (the defaults outside :func:`decoding_within`)."""
    return _CURRENT.get() or _DEFAULT


@contextmanager
def decoding_within(limits: InputLimits) -> Iterator[None]:
    """Decode inside this block with ``limits`` (per thread and task, like any contextvar)."""
    token = _CURRENT.set(limits)
    try:
        yield
    finally:
        _CURRENT.reset(token)
