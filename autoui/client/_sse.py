"""A server-sent-events decoder, fed one line at a time (no I/O of its own).

Both clients read the job stream with httpx's ``iter_lines``/``aiter_lines`` and hand
each line here, so the parsing rules of the SSE format live in one place. Only what the
autoui server sends matters (``event``, ``data``, ``id``, ``retry``, comments), but the
rules followed are the standard's, so a proxy that splits ``data:`` lines is fine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from autoui.events import Event, event_from_dict

__all__ = ["SSEDecoder", "SSEMessage"]


@dataclass(frozen=True)
class SSEMessage:
    """One dispatched message: its event name, raw data and id."""

    event: str
    data: str
    id: str | None = None

    def json(self) -> Any:
        return json.loads(self.data) if self.data else None

    def to_event(self) -> Event | None:
        """The job event this message carries, or None for names the client ignores."""
        try:
            body = self.json()
            return event_from_dict(self.event, body if isinstance(body, dict) else None)
        except (ValueError, TypeError):
            return None


class SSEDecoder:
    """Collects field lines until a blank line, then dispatches one message."""

    def __init__(self) -> None:
        self._event = ""
        self._data: list[str] = []
        self._id: str | None = None
        self.last_id: str | None = None
        self.retry_ms: int | None = None

    def feed(self, line: str) -> SSEMessage | None:
        """Feed one line (without its line ending); returns a message on a blank line."""
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        elif name == "id" and "\0" not in value:
            self._id = value
        elif name == "retry" and value.isdigit():
            self.retry_ms = int(value)
        return None

    def _dispatch(self) -> SSEMessage | None:
        if self._id is not None:
            self.last_id = self._id
        if not self._data and not self._event:
            return None
        message = SSEMessage(self._event or "message", "\n".join(self._data), self._id)
        self._event, self._data, self._id = "", [], None
        return message
