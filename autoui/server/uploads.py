"""Stream a multipart upload straight into the file store, refusing it early when too big.

``POST /api/files`` bodies are parsed as they arrive (python-multipart's push parser),
each ``file`` part written directly to its place in the store, so an upload never sits
in memory and never is copied twice. The size limit is checked three times: against
``Content-Length`` before reading anything (413 at once), against the bytes actually
received (a lying ``Content-Length`` or a chunked body is cut off at the limit), and per
file. Parts, headers and non-file fields are bounded too (the parser-DoS classes of
security-anchors.md).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from autoui.server.files import FileStore, StoredFile, clean_name, guess_type

__all__ = ["UploadError", "receive_upload"]

MAX_PARTS = 32
MAX_BOUNDARY = 70  # RFC 2046: a boundary is 1 to 70 characters
MAX_HEADER = 16 * 1024  # one part header line: room for long names, not for a 50 MB one
_SLACK = 64 * 1024  # multipart framing around the files


class UploadError(Exception):
    """An upload refused; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    name: bytes = b""
    file_id: str | None = None
    path: Path | None = None
    handle: BinaryIO | None = None
    size: int = 0


class _Receiver:
    """python-multipart callbacks that write ``file`` parts into the store."""

    def __init__(self, store: FileStore, owner: str | None, limit: int, field: bytes) -> None:
        self.store = store
        self.file_field = field
        self.owner = owner
        self.limit = limit
        self.parts = 0
        self.part = _Part()
        self.field = b""
        self.value = b""
        self.stored: list[StoredFile] = []

    def on_part_begin(self) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise UploadError(413, f"too many parts in one upload (at most {MAX_PARTS})")
        self.part = _Part()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.value += data[start:end]

    def on_header_end(self) -> None:
        self.part.headers[self.field.lower()] = self.value
        self.field, self.value = b"", b""

    def on_headers_finished(self) -> None:
        part = self.part
        _, options = parse_options_header(part.headers.get(b"content-disposition", b""))
        part.name = options.get(b"name", b"")
        filename = options.get(b"filename")
        if part.name != self.file_field or filename is None:
            return  # not a file part: its bytes are skipped (and counted by the caller)
        name = clean_name(filename.decode("utf-8", "replace"))
        part.file_id, part.path = self.store.reserve(name)
        part.handle = part.path.open("wb")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        part = self.part
        if part.handle is None:
            return
        part.size += end - start
        if part.size > self.limit:
            raise UploadError(413, f"the file is larger than the {self.limit} byte limit")
        part.handle.write(data[start:end])

    def on_part_end(self) -> None:
        part = self.part
        if part.handle is None or part.file_id is None or part.path is None:
            return
        part.handle.close()
        part.handle = None
        self.stored.append(self.store.commit(part.file_id, part.path, _mime(part), self.owner))

    def abort(self) -> None:
        """Remove what this upload wrote (after an error)."""
        part = self.part
        if part.handle is not None:
            part.handle.close()
        if part.file_id is not None:
            self.store.discard(part.file_id)
        for stored in self.stored:
            self.store.discard(stored.id)


def _mime(part: _Part) -> str:
    # The type comes from the file name, never from the client's Content-Type: a client
    # must not be able to make the server label a file as something it chose.
    assert part.path is not None
    return guess_type(part.path.name)


async def receive_upload(
    content_type: str,
    content_length: str | None,
    body: AsyncIterator[bytes],
    store: FileStore,
    owner: str | None,
    limit: int,
    field: str = "file",
) -> list[StoredFile]:
    """Parse a multipart body into the store; the files are the parts named ``field``.

    Raises:
        UploadError: 413 over the limit, 400 for a malformed body, 422 without a file.
    """
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UploadError(400, f"send the file as multipart/form-data in the field '{field}'")
    if len(boundary) > MAX_BOUNDARY:
        raise UploadError(400, f"the multipart boundary is longer than {MAX_BOUNDARY} characters")
    budget = limit + _SLACK
    if content_length is not None and content_length.isdigit() and int(content_length) > budget:
        raise UploadError(413, f"the upload is larger than the {limit} byte limit")
    receiver = _Receiver(store, owner, limit, field.encode())
    parser = MultipartParser(
        boundary,
        _callbacks(receiver),  # type: ignore[arg-type]
        max_header_size=MAX_HEADER,
    )
    received = 0
    try:
        async for chunk in body:
            received += len(chunk)
            if received > budget:
                raise UploadError(413, f"the upload is larger than the {limit} byte limit")
            parser.write(chunk)
        parser.finalize()
        if receiver.part.handle is not None:
            raise UploadError(400, "the upload ended in the middle of a file")
    except (UploadError, OSError):
        receiver.abort()
        raise
    except FormParserError as exc:
        receiver.abort()
        if "Maximum header" in str(exc):
            raise UploadError(413, f"a part header is too large ({exc})") from None
        raise UploadError(400, f"malformed multipart body ({exc})") from None
    if not receiver.stored:
        raise UploadError(422, f"no file in the upload: send it in the multipart field '{field}'")
    return receiver.stored


def _callbacks(receiver: _Receiver) -> dict[str, object]:
    return {
        "on_part_begin": receiver.on_part_begin,
        "on_part_data": receiver.on_part_data,
        "on_part_end": receiver.on_part_end,
        "on_header_field": receiver.on_header_field,
        "on_header_value": receiver.on_header_value,
        "on_header_end": receiver.on_header_end,
        "on_headers_finished": receiver.on_headers_finished,
    }
