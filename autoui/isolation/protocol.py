"""The messages a slot process and its parent exchange over their pipe.

One duplex pipe per slot; every message is one small frozen record, pickled by
:class:`multiprocessing.connection.Connection`. Nothing large crosses it: inputs are
wire payloads (files by id), outputs are payloads whose files the child wrote to the
spool folder on disk and the parent adopted into its own file store; the largest is
one item of a live input (a chunk of audio, a JPEG frame: at most 1 MiB), asked for.

Parent → child: :class:`Run` (one job or one batch), :class:`Stop` (cancel it: the
soft stage), :class:`FileReply`, :class:`ChunkReply`. Child → parent: :class:`Ready` /
:class:`StartFailed` once, then per job :class:`Emit`\\* and one :class:`Done`;
:class:`FileRequest` while a job reads or writes files; :class:`TakeChunk` /
:class:`CloseInput` while a job fed live takes its chunks (they wait in the parent, where
the input's policy applies: :mod:`autoui.isolation.slotinput`); :class:`LogRecord` for
what the ``autoui`` logger says.

The parent sends :class:`Run` only to an idle slot and :class:`Stop` only for the job
that slot runs, and ``seq`` (a per-slot counter) tags everything belonging to one run,
so a late message of a finished job is recognised and dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from autoui.events import Event
from autoui.streaming.backlog import Drops

__all__ = [
    "ChunkReply",
    "CloseInput",
    "Done",
    "Emit",
    "FileReply",
    "FileRequest",
    "LiveLimits",
    "LogRecord",
    "Ready",
    "Run",
    "StartFailed",
    "Stop",
    "TakeChunk",
]


# -- parent → child -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LiveLimits:
    """The limits of a job's live input (its chunks stay in the parent)."""

    time_limit: float
    idle_timeout: float


@dataclass(frozen=True, slots=True)
class Run:
    """Run ``fn`` once (``batch`` False, one element in ``inputs``) or as one batch;
    ``live``: the job is fed live, its items asked for with :class:`TakeChunk`."""

    seq: int
    fn: str
    inputs: list[Any]
    batch: bool = False
    live: LiveLimits | None = None


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


@dataclass(frozen=True, slots=True)
class ChunkReply:
    """The answer to :class:`TakeChunk` ``request`` of run ``seq``: the next item (None:
    none came in time, or the input is over), the input's state, and what its policy
    dropped since the last reply."""

    seq: int
    request: int
    data: bytes | None
    ended: bool
    closed: str | None
    drops: Drops


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


@dataclass(frozen=True, slots=True)
class TakeChunk:
    """Run ``seq``'s function wants the next item of its live input, within ``timeout``."""

    request: int
    seq: int
    timeout: float


@dataclass(frozen=True, slots=True)
class CloseInput:
    """Run ``seq`` stopped its live input (cancelled, idle, its time limit): no more chunks."""

    seq: int
    reason: str
