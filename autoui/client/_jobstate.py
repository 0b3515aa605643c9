"""What a client knows about one job: the events seen so far, kept apart from I/O.

The sync :class:`~autoui.client.Job` (a reader thread) and the async one (a task) both
append to a :class:`JobLog`; status, results and resumption (``Last-Event-ID``) are read
from it, so both behave the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from autoui.client._http import make_error
from autoui.client._sse import SSEMessage
from autoui.errors import ClientError
from autoui.events import (
    Alert,
    Cancelled,
    Complete,
    Event,
    Failed,
    Output,
    ProgressUpdate,
    Queued,
    Restarted,
    Started,
)

__all__ = ["MAX_RECONNECTS", "JobLog", "JobState", "JobStatus", "backoff"]

JobState = Literal["queued", "running", "complete", "error", "cancelled"]

#: Consecutive failed attempts to reopen a job's stream before giving up.
MAX_RECONNECTS = 8


def backoff(attempt: int) -> float:
    """Seconds to wait before reconnection ``attempt`` (1, 2, ...): 0.1 s doubling to 2 s."""
    return float(min(2.0, 0.05 * 2**attempt))


@dataclass(frozen=True)
class JobStatus:
    """A snapshot of a job, from the events received so far.

    Attributes:
        state: ``queued``, ``running``, ``complete``, ``error`` or ``cancelled``.
        position: place in the queue while queued (0 = next).
        eta: the server's estimate in seconds, while queued.
        progress: the latest progress report, if any.
        outputs: how many streamed outputs have arrived.
        alerts: the ``Info``/``Warning`` messages so far.
        message: the error message, when ``state`` is ``error``.
        restarts: how often the job was started again because its worker died (a
            broker's at-least-once delivery); outputs and progress count from the last.
    """

    state: JobState
    position: int | None = None
    eta: float | None = None
    progress: ProgressUpdate | None = None
    outputs: int = 0
    alerts: tuple[Alert, ...] = ()
    message: str | None = None
    restarts: int = 0

    @property
    def done(self) -> bool:
        return self.state in ("complete", "error", "cancelled")


@dataclass
class JobLog:
    """The events of one job, in order, and where to resume its stream from."""

    job_id: str
    position: int | None = None
    events: list[Event] = field(default_factory=list)
    last_id: str | None = None
    lost: ClientError | None = None

    def add(self, message: SSEMessage) -> Event | None:
        """Record one SSE message; returns the event it carried (None if ignored or seen)."""
        if self.finished or _already_seen(message.id, self.last_id):
            return None
        event = message.to_event()
        if message.id is not None:
            self.last_id = message.id
        if event is not None:
            self.events.append(event)
        return event

    def fail(self, error: ClientError) -> None:
        """The stream could not be followed any more; waiting callers get ``error``."""
        if not self.finished:
            self.lost = error

    @property
    def terminal(self) -> Event | None:
        last = self.events[-1] if self.events else None
        return last if last is not None and last.terminal else None

    @property
    def finished(self) -> bool:
        return self.terminal is not None or self.lost is not None

    def outputs(self) -> list[Output]:
        """The streamed outputs of the current run (a ``restart`` voids the earlier ones)."""
        outputs: list[Output] = []
        for event in self.events:
            if isinstance(event, Restarted):
                outputs = []
            elif isinstance(event, Output):
                outputs.append(event)
        return outputs

    def status(self) -> JobStatus:
        state: JobState = "queued"
        position, eta, progress, message = self.position, None, None, None
        restarts = 0
        for event in self.events:
            if isinstance(event, Restarted):
                restarts, progress = restarts + 1, None
            elif isinstance(event, Queued):
                position, eta = event.position, event.eta
            elif isinstance(event, ProgressUpdate):
                progress = event
            elif isinstance(event, Started):
                state, position, eta = "running", None, None
            elif isinstance(event, Failed):
                state, message = "error", event.message
            elif isinstance(event, (Complete, Cancelled)):
                state = "complete" if isinstance(event, Complete) else "cancelled"
        if self.lost is not None and state in ("queued", "running"):
            state, message = "error", self.lost.message
        return JobStatus(
            state=state,
            position=position if state == "queued" else None,
            eta=eta if state == "queued" else None,
            progress=progress,
            outputs=len(self.outputs()),
            alerts=tuple(e for e in self.events if isinstance(e, Alert)),
            message=message,
            restarts=restarts,
        )

    def final(self) -> Complete:
        """The ``complete`` event, or the error that ended the job, raised.

        Raises:
            ClientError: the job failed (the server's message, ``param`` and ``type``),
                was cancelled, or its stream was lost.
        """
        terminal = self.terminal
        if isinstance(terminal, Complete):
            return terminal
        if isinstance(terminal, Failed):
            raise make_error(terminal.message, param=terminal.param, type=terminal.type)
        if isinstance(terminal, Cancelled):
            raise ClientError(f"job {self.job_id} was cancelled", type="Cancelled")
        if self.lost is not None:
            raise self.lost
        raise ClientError(f"job {self.job_id} has not finished")


def _already_seen(new_id: str | None, last_id: str | None) -> bool:
    """Ids are increasing integers on an autoui server: drop a replayed one."""
    if new_id is None or last_id is None:
        return False
    try:
        return int(new_id) <= int(last_id)
    except ValueError:
        return False
