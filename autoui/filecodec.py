"""Files as they cross the wire: ``data:`` URLs, file names, media types — one behaviour.

The components, every :class:`~autoui.files.FileContext` (the server's store, the
terminal's :class:`~autoui.localfiles.LocalFiles`, the wasm host) and the client all
read and name files through these functions, so a ``data:`` URL, a file name or a media
type means the same wherever it is met. (Images and WAV audio have one codec too:
:mod:`autoui.components.images` and :mod:`autoui.components.wav`, which the client
reaches through the components.)

- :func:`decode_data_url` reads RFC 2397 URLs, base64 or percent-encoded, with an
  optional size limit checked before decoding;
- :func:`clean_name` turns any name a client, a function or a server gave into one
  safe to create in a folder on any system (and keeps it readable: spaces and
  non-ASCII letters stay);
- :func:`guess_mime` and :func:`extension_for` go between names and media types, with
  the types browsers send that some systems' tables lack.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import re
import urllib.parse

from autoui.errors import ValidationError

__all__ = ["OCTET_STREAM", "clean_name", "decode_data_url", "extension_for", "guess_mime"]

OCTET_STREAM = "application/octet-stream"
MAX_NAME_BYTES = 160
"""Longest cleaned name in UTF-8 bytes: file systems allow 255 per name."""

_DATA_URL = re.compile(
    r"data:(?P<mime>[\w.+-]+/[\w.+-]+)?(?P<params>(;[\w.+-]+=[^;,]*)*)"
    r"(?P<base64>;base64)?,(?P<data>.*)",
    re.DOTALL,
)
_UNSAFE = frozenset('<>:"|?*/\\')
_MAX_EXTENSION = 16

# Media types some systems' mimetypes tables lack, as browsers send them.
_EXTENSIONS = {
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "audio/wave": ".wav",
    "audio/webm": ".webm",
    "audio/ogg": ".ogg",
    "image/webp": ".webp",
    "video/webm": ".webm",
}


def decode_data_url(text: str, max_size: int | None = None) -> tuple[bytes, str]:
    """``"data:image/png;base64,..."`` (or ``"data:,hello%20there"``) → ``(bytes, type)``.

    The type defaults to ``text/plain``, as RFC 2397 says.

    Raises:
        ValidationError: not a well-formed data URL, or larger than ``max_size`` bytes
            (told from the text's length before anything is decoded).
    """
    match = _DATA_URL.fullmatch(text.strip())
    if match is None:
        raise ValidationError("expected a data: URL like 'data:image/png;base64,...'")
    mime = match.group("mime") or "text/plain"
    data = match.group("data")
    encoded = bool(match.group("base64"))
    if max_size is not None and _least_size(data, encoded) > max_size:
        raise _too_large(max_size)  # too large however it decodes: refused before decoding
    decoded = _base64(data) if encoded else urllib.parse.unquote_to_bytes(data)
    if max_size is not None and len(decoded) > max_size:
        raise _too_large(max_size)
    return decoded, mime


def _least_size(data: str, encoded: bool) -> int:
    """A lower bound of the decoded size (base64: allowing for line breaks, as MIME wraps it)."""
    if not encoded:
        return len(data) // 3  # "%41" is the longest spelling of one byte
    return max(0, (len(data) - len(data) // 32 - 2) * 3 // 4)


def _base64(data: str) -> bytes:
    try:
        return base64.b64decode(re.sub(r"\s+", "", data), validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError("the data: URL is not valid base64") from None


def _too_large(max_size: int) -> ValidationError:
    return ValidationError(f"the file is larger than the {max_size} byte limit")


def clean_name(name: str | None, fallback: str = "file") -> str:
    """A name safe to create in a folder: its last path segment, printable, not hidden.

    Characters no system allows in a name (``<>:"|?*``, separators, control characters)
    go, leading dots go (no hidden files), trailing dots and spaces go; spaces and
    non-ASCII letters stay. A name longer than :data:`MAX_NAME_BYTES` in UTF-8 is cut,
    keeping its extension. ``fallback`` when nothing is left.
    """
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in _UNSAFE)
    base = base.strip().lstrip(".").strip().rstrip(". ")
    if not base:
        return fallback
    if len(base.encode("utf-8")) <= MAX_NAME_BYTES:
        return base
    stem, dot, extension = base.rpartition(".")
    if not dot or len(extension) > _MAX_EXTENSION or not stem:
        stem, extension = base, ""
    suffix = f".{extension}" if extension else ""
    budget = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    cut = stem.encode("utf-8")[:budget].decode("utf-8", "ignore").rstrip(". ")
    return (cut or fallback) + suffix


def guess_mime(name: str) -> str | None:
    """The media type a file name suggests (None when its extension says nothing)."""
    return mimetypes.guess_type(name, strict=False)[0]


def extension_for(mime: str) -> str:
    """The file extension for a media type (``""`` when none is known)."""
    return _EXTENSIONS.get(mime) or mimetypes.guess_extension(mime, strict=False) or ""
