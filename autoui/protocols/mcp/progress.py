"""A job's events as MCP progress notifications (no ``mcp`` import here).

MCP clients cut a quiet call after about 60 s unless progress keeps it alive, and show
the ``message`` of each notification. So every event worth telling becomes one:

- ``queued`` → "queued: position 2 (about 4 s)", then "running" when it starts (a
  call that starts at once costs no notification);
- ``progress`` → its ``index``/``total`` (or its fraction of 100) and its description;
- ``alert`` → "warning: ...";
- each generator ``output`` → the value so far, cut to 200 characters: text keeps its
  end (a streamed reply grows at the end, so its newest words are what is worth
  showing), other values their start;
- nothing for :data:`HEARTBEAT` seconds → "running" again.

The protocol requires ``progress`` to increase with every notification. Notes without a
measure of their own (queue positions, alerts, heartbeats) move just above the last value;
a generator's outputs count 1, 2, 3... while no total is known; a counted loop reports
its own ``index``/``total`` (raised just above the last value when it would not
increase), so its last report is ``total/total``. Of several outputs or progress reports
that arrived together, only the newest is sent: a slow client is told where the job is,
not where it was.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import orjson

from autoui.events import Alert, Event, Output, ProgressUpdate, Queued, Started
from autoui.wire import is_carried

__all__ = ["HEARTBEAT", "ProgressNote", "ProgressTrack"]

HEARTBEAT = 10.0  # seconds of silence before a "still running" notification
MESSAGE_CHARS = 200  # about what MCP clients show of a progress message
_STEP = 0.001  # how far above the last value a value that would not increase is sent


@dataclass(frozen=True)
class ProgressNote:
    """One ``notifications/progress``: its ``progress``, ``total`` and ``message``."""

    progress: float
    total: float | None
    message: str | None


class ProgressTrack:
    """The notifications of one call, in order, with increasing ``progress``."""

    def __init__(self) -> None:
        self.last: float | None = None
        self.total: float | None = None
        self.waited = False  # the job was queued before it started

    def notes(self, events: list[Event]) -> list[ProgressNote]:
        """The notifications for a batch of events (superseded ones left out)."""
        kept = _newest_only(events)
        notes = []
        for event in kept:
            note = self.note(event)
            if note is not None:
                notes.append(note)
        return notes

    def note(self, event: Event) -> ProgressNote | None:
        """The notification for one event; None for events that say nothing new."""
        if isinstance(event, ProgressUpdate):
            return self._measured(event)
        if isinstance(event, Started) and not self.waited:
            return None  # started at once: nothing the client did not know
        self.waited = self.waited or isinstance(event, Queued)
        message = _message(event)
        if message is None:
            return None
        return self._next(None, message, whole=isinstance(event, Output))

    def heartbeat(self) -> ProgressNote:
        return self._next(None, "running")

    def _measured(self, event: ProgressUpdate) -> ProgressNote:
        value: float | None = None
        if event.total is not None and event.index is not None:
            value, self.total = float(event.index), float(event.total)
        elif event.progress is not None:
            value, self.total = event.progress * 100, 100.0
        parts = [event.desc or "", _count(event)]
        return self._next(value, " ".join(p for p in parts if p) or None)

    def _next(self, value: float | None, message: str | None, whole: bool = False) -> ProgressNote:
        """The note, its value raised just above the last one sent when it would not be.

        Without a measure of its own, a generator's output counts one more (while no
        total is known); any other note moves just above the last value, so a counted
        loop reported afterwards still ends exactly at its total.
        """
        last = self.last
        if value is None:
            if last is None:
                value = 1.0 if whole and self.total is None else 0.0
            elif whole and self.total is None:
                value = float(math.floor(last) + 1)
            else:
                value = last
        if last is not None and value <= last:
            value = round(last + _STEP, 6)
        self.last = value
        return ProgressNote(value, self.total, message)


def _newest_only(events: list[Event]) -> list[Event]:
    """Drop each output and progress report that a later one in the batch supersedes."""
    last_of: dict[type[Event], int] = {}
    for index, event in enumerate(events):
        if isinstance(event, Output | ProgressUpdate):
            last_of[type(event)] = index
    return [
        event
        for index, event in enumerate(events)
        if not isinstance(event, Output | ProgressUpdate) or last_of[type(event)] == index
    ]


def _count(event: ProgressUpdate) -> str:
    if event.index is not None and event.total is not None:
        unit = f" {event.unit}" if event.unit else ""
        return f"{event.index}/{event.total}{unit}"
    if event.progress is not None:
        return f"{round(event.progress * 100)}%"
    return ""


def _message(event: Event) -> str | None:
    if isinstance(event, Queued):
        eta = f" (about {math.ceil(event.eta)} s)" if event.eta else ""
        return f"queued: position {event.position + 1}{eta}"
    if isinstance(event, Started):
        return "running"
    if isinstance(event, Alert):
        return _cut(f"{event.level}: {event.message}")
    if isinstance(event, Output):
        value = event.data[0] if len(event.data) == 1 else event.data
        text = _as_text(value)
        return _tail(text) if isinstance(value, str) else _cut(text)
    return None


def _as_text(value: Any) -> str:
    if is_carried(value):  # a dynamic output (no return hint): what it carried
        value = value.get("value")
    if isinstance(value, str):
        return value
    return orjson.dumps(value, default=str).decode()


def _cut(text: str) -> str:
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1] + "…"


def _tail(text: str) -> str:
    return text if len(text) <= MESSAGE_CHARS else "…" + text[-(MESSAGE_CHARS - 1) :]
