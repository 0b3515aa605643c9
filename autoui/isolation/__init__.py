"""Where a job's code runs: in the server's threads, or in a process that can be stopped.

Every front end that runs jobs (the server's queue, ``autoui run``, a broker worker)
goes through one :class:`Execution`, made by :func:`make_execution` from
:class:`ExecutionSettings`:

- ``thread`` (:class:`~autoui.isolation.threads.ThreadExecution`, the default): today's
  behaviour and memory use. A cancel or a time limit ends the job at once, but a plain
  sync function cannot be stopped; it runs on and its result is discarded.
- ``process`` (:class:`~autoui.isolation.pool.ProcessExecution`): each concurrency slot
  is a long-lived child process (``forkserver`` where available, else ``spawn``) that
  imports the functions once and runs one job, or one batch, at a time. The parent
  alone dispatches, so a stop always hits the job it names. A stop is two-stage: a soft
  interrupt raised inside the job's code (its ``finally`` blocks run, the process and
  its loaded model survive), then ``SIGKILL`` after ``cancel_grace`` seconds and a fresh
  process in the background. A process that dies (segfault, ``os._exit``, the OOM
  killer) fails only its own job, with a ``WorkerCrashed`` error.

Modules: :mod:`.calls` (the unit of work both modes run), :mod:`.threads`,
:mod:`.pool` (the slots of one app), :mod:`.slot` (one child, from the parent),
:mod:`.child` (the child's side), :mod:`.mainthread` (the interruptible main thread),
:mod:`.slotfiles` (the job's files, by message), :mod:`.protocol` (the messages),
:mod:`.fnref` (finding the function again in the child), :mod:`.outcomes` (the
``TimeLimit`` and ``WorkerCrashed`` errors).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from autoui.cancel import CancelToken
from autoui.events import Event
from autoui.execution import WireData
from autoui.files import FileContext
from autoui.isolation.calls import Decoded, JobInput
from autoui.limits import InputLimits
from autoui.spec import FunctionSpec

if TYPE_CHECKING:
    from autoui.streaming.channel import ChunkSource

__all__ = [
    "ISOLATION_MODES",
    "Decoded",
    "Execution",
    "ExecutionSettings",
    "JobInput",
    "make_execution",
]

Isolation = Literal["thread", "process"]
ISOLATION_MODES: tuple[Isolation, ...] = ("thread", "process")
DEFAULT_CANCEL_GRACE = 3.0


@dataclass(frozen=True)
class ExecutionSettings:
    """How jobs run.

    Attributes:
        isolation: ``thread`` or ``process`` (see the module docstring).
        time_limit: seconds a call may run unless its function sets its own
            (``@autoui.time_limit(seconds)``); None: no limit.
        cancel_grace: under ``process``, seconds between the soft interrupt of a stop
            and ``SIGKILL``; 0 kills at once.
        show_errors: put an unexpected exception's message in the ``error`` event.
        max_threads: under ``thread``, worker threads for sync code.
        slots: under ``process``, most processes at once (default: the sum of the
            functions' concurrency limits).
        limits: what a job's decoded inputs may hold (the defaults when None).
    """

    isolation: Isolation = "thread"
    time_limit: float | None = None
    cancel_grace: float = DEFAULT_CANCEL_GRACE
    show_errors: bool = False
    max_threads: int = 40
    slots: int | None = None
    limits: InputLimits | None = None

    def __post_init__(self) -> None:
        if self.isolation not in ISOLATION_MODES:
            raise ValueError(
                f"isolation must be one of {', '.join(ISOLATION_MODES)}, got {self.isolation!r}"
            )
        if self.time_limit is not None and not 0 < self.time_limit < float("inf"):
            raise ValueError(f"time_limit must be seconds above 0, got {self.time_limit!r}")
        if not 0 <= self.cancel_grace < float("inf"):
            raise ValueError(f"cancel_grace must be seconds (0 or more), got {self.cancel_grace!r}")


class Execution(Protocol):
    """Runs jobs; a call returns the job's terminal event, which it has also emitted."""

    mode: str

    async def start(self) -> None:
        """Get ready before the first job (a process pool starts a slot)."""

    async def call(
        self,
        fn_spec: FunctionSpec,
        data: WireData,
        files: FileContext,
        *,
        emit: Callable[[Event], None],
        cancel: CancelToken,
        live: ChunkSource | None = None,
    ) -> Event:
        """One job from its wire ``data`` (or :class:`Decoded` inputs): its events go to
        ``emit`` (on the loop thread); ``cancel`` stops it; ``live`` feeds a live input
        (:mod:`autoui.streaming`) left out of ``data``."""
        ...

    async def call_batch(
        self, fn_spec: FunctionSpec, members: Sequence[JobInput], *, cancel: CancelToken
    ) -> list[Event]:
        """One call of a batch function for several jobs; one terminal event each."""
        ...

    def health(self) -> dict[str, Any]:
        """What ``GET /health`` shows about the execution."""
        ...

    async def aclose(self) -> None:
        """Stop whatever still runs and release the threads or processes."""


def make_execution(settings: ExecutionSettings, functions: Sequence[FunctionSpec]) -> Execution:
    """The execution ``settings`` ask for, able to run ``functions``.

    Raises:
        SpecError: under ``process``, a function another process cannot import.
    """
    if settings.isolation == "process":
        from autoui.isolation.pool import ProcessExecution

        return ProcessExecution(
            functions,
            show_errors=settings.show_errors,
            time_limit=settings.time_limit,
            cancel_grace=settings.cancel_grace,
            slots=settings.slots,
            limits=settings.limits,
        )
    from autoui.isolation.threads import ThreadExecution

    return ThreadExecution(
        show_errors=settings.show_errors,
        time_limit=settings.time_limit,
        max_threads=settings.max_threads,
        limits=settings.limits,
    )
