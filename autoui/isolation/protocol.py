"""The messages a slot process and its parent exchange over their pipe.

One duplex pipe per slot; every message is one small frozen record, pickled by
:class:`multiprocessing.connection.Connection`. Nothing large crosses it: inputs are
wire payloads (files by id), outputs are payloads whose files the child wrote to the
spool folder on disk and the parent adopted into its own file store.

Parent → child: :class:`Run` (one job or one batch), :class:`Stop` (cancel it: the
soft stage), :class:`FileReply`. Child → parent: :class:`Ready` / :class:`StartFailed`
once, then per job :class:`Emit`\\* and one :class:`Done`; :class:`FileRequest` while a
job reads or writes files; :class:`LogRecord` for what the ``autoui`` logger says.

The parent sends :class:`Run` only to an idle slot and :class:`Stop` only for the job
that slot runs, and ``seq`` (a per-slot counter) tags everything belonging to one run,
so a late message of a finished job is recognised and dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from autoui.events import Event

__all__ = [
    "Done",
    "Emit",
    "FileReply",
    "FileRequest",
    "LogRecord",
    "Ready",
    "Run",
    "StartFailed",
    "Stop",
]


# -- parent → child -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Run:
    """Run ``fn`` once (``batch`` False, one element in ``inputs``) or as one batch."""

    seq: int
    fn: str
    inputs: list[Any]
    batch: bool = False


@dataclass(frozen=True, slots=True)
class Stop:
    """Stop run ``seq`` now: cancel its token and interrupt the code running it."""

    seq: int


@dataclass(frozen=True, slots=True)
class FileReply:
    """The answer to :class:`FileRequest` ``request``: a value, or an error to raise."""

    request: int
    value: Any = None
    error: tuple[str, str, str | None] | None = None  # (type name, message, param)


# -- child → parent -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Ready:
    """The slot has imported the functions (and found them as the parent did); it waits."""

    pid: int


@dataclass(frozen=True, slots=True)
class StartFailed:
    """The slot could not load the functions; it exits after sending this."""

    message: str
    details: str = ""


@dataclass(frozen=True, slots=True)
class Emit:
    """A non-terminal event of run ``seq``, for its job number ``index`` of the batch."""

    seq: int
    index: int
    event: Event


@dataclass(frozen=True, slots=True)
class Done:
    """Run ``seq`` has ended: one terminal event per job, in order."""

    seq: int
    events: list[Event]


@dataclass(frozen=True, slots=True)
class FileRequest:
    """Ask the job's own file context (in the parent) to resolve an input or keep an output.

    ``op`` is ``"resolve"`` (``args``: the payload) or ``"store"`` (``args``: the path of
    a file the child wrote, its name and media type).
    """

    request: int
    seq: int
    index: int
    op: str
    args: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class LogRecord:
    """A record of the child's ``autoui`` logger, to be logged again by the parent."""

    level: int
    message: str
    exc_type: str | None = None
    traceback: str | None = None
