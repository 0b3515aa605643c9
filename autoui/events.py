"""The events a job produces, shared by every front end and the clients.

A job's life is a sequence of these plain records. The server turns each into one SSE
message (``event:`` = :attr:`Event.kind`, ``data:`` = :meth:`Event.to_dict` as JSON),
the terminal draws them with Rich, and the clients parse them back with
:func:`event_from_dict`. They know nothing about HTTP.

Order: ``queued``* → ``started`` → (``progress`` | ``alert`` | ``output``)* →
exactly one of ``complete`` | ``error`` | ``cancelled``. Under a broker, a job whose worker
died is run again elsewhere: a ``restart`` event then says that what came since its
``started`` is void, and a new ``started`` follows (delivery is at least once).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Literal

__all__ = [
    "Alert",
    "Cancelled",
    "Complete",
    "Event",
    "EVENT_TYPES",
    "Failed",
    "Output",
    "ProgressUpdate",
    "Queued",
    "Restarted",
    "Started",
    "TERMINAL_KINDS",
    "event_from_dict",
]

AlertLevel = Literal["info", "warning"]


@dataclass(frozen=True)
class Event:
    """Base of all job events; ``kind`` is the SSE event name."""

    kind: ClassVar[str] = "event"

    def to_dict(self) -> dict[str, Any]:
        """The JSON body of this event (the SSE ``data:``)."""
        return asdict(self)

    @property
    def terminal(self) -> bool:
        """True for the one event that ends a job."""
        return self.kind in TERMINAL_KINDS


@dataclass(frozen=True)
class Queued(Event):
    """Waiting in the queue: ``position`` 0 means next; ``eta`` in seconds, if known."""

    kind: ClassVar[str] = "queued"
    position: int
    eta: float | None = None


@dataclass(frozen=True)
class Started(Event):
    """The function has been called."""

    kind: ClassVar[str] = "started"


@dataclass(frozen=True)
class ProgressUpdate(Event):
    """Reported through ``autoui.Progress``.

    ``progress`` is a fraction 0–1, or None when only counts (or nothing) are known.
    """

    kind: ClassVar[str] = "progress"
    progress: float | None = None
    desc: str | None = None
    index: int | None = None
    total: int | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Alert(Event):
    """``autoui.Info`` / ``autoui.Warning``: a message for the user; the job goes on."""

    kind: ClassVar[str] = "alert"
    level: AlertLevel
    message: str


@dataclass(frozen=True)
class Output(Event):
    """One value yielded by a generator: ``data`` holds one payload per output."""

    kind: ClassVar[str] = "output"
    data: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class Complete(Event):
    """The job's result: one payload per output; ``duration`` in seconds of running."""

    kind: ClassVar[str] = "complete"
    data: list[Any] = field(default_factory=list)
    duration: float | None = None


@dataclass(frozen=True)
class Failed(Event):
    """The job ended with an error (SSE event name ``error``).

    ``type`` is ``"Error"`` for ``autoui.Error``, ``"ValidationError"`` for bad input,
    else the exception's class name; ``param`` names the input concerned, if any.
    """

    kind: ClassVar[str] = "error"
    message: str
    type: str = "Error"
    param: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Cancelled(Event):
    """The job was cancelled before it finished."""

    kind: ClassVar[str] = "cancelled"


@dataclass(frozen=True)
class Restarted(Event):
    """The job's worker stopped (crashed, killed, lost); it runs again from the start.

    Partial outputs, progress and alerts since the last ``started`` are void; ``attempt``
    counts the runs (2 for the first restart).
    """

    kind: ClassVar[str] = "restart"
    attempt: int = 2
    reason: str = ""


EVENT_TYPES: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (
        Queued,
        Started,
        ProgressUpdate,
        Alert,
        Output,
        Complete,
        Failed,
        Cancelled,
        Restarted,
    )
}
TERMINAL_KINDS = frozenset({"complete", "error", "cancelled"})


def event_from_dict(kind: str, data: dict[str, Any] | None) -> Event:
    """Rebuild an event from its SSE name and JSON body; unknown keys are ignored.

    Raises:
        ValueError: ``kind`` is not an event name.
    """
    cls = EVENT_TYPES.get(kind)
    if cls is None:
        raise ValueError(f"unknown event kind {kind!r}")
    fields = cls.__dataclass_fields__
    return cls(**{k: v for k, v in (data or {}).items() if k in fields})
