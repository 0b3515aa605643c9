"""Where file payloads come from and go to, as seen by components.

Components never open a path a client sent. They hand every file payload to a
:class:`FileContext`, which each front end implements:

- the server's store accepts only ids it issued (and ``data:`` URLs) and serves
  outputs by opaque id (``autoui/server/files.py``);
- the terminal's :class:`LocalFiles` (``autoui/localfiles.py``) accepts local paths the
  user typed and writes outputs under ``--out-dir``.

Input payloads a context must accept: ``{"id": "..."}`` (an upload it issued) and a
``"data:<mime>;base64,..."`` string. Output payloads it returns:
``{"id", "url", "name", "mime_type", "size"}``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

__all__ = ["FileContext", "FilePayload", "is_file_payload"]

FilePayload = dict[str, Any]


def is_file_payload(payload: Any) -> bool:
    """Whether an *output* payload describes a file (``{"url", "name", ...}``)."""
    return isinstance(payload, dict) and "url" in payload and "name" in payload


class FileContext(Protocol):
    """Resolves input file payloads and keeps output files, for one job."""

    def resolve_input(self, payload: Any) -> Path:
        """The local path of an input file payload.

        Raises:
            ValidationError: the payload is not a file this context accepts (a server
                path, another session's id, a malformed data URL, ...). No message
                reveals whether some server path exists.
        """
        ...

    def store_output(
        self, data: bytes | Path, name: str, mime_type: str | None = None
    ) -> FilePayload:
        """Keep an output file (bytes, or a path the *function* returned) and describe it.

        Returns:
            ``{"id", "url", "name", "mime_type", "size"}``.
        """
        ...
