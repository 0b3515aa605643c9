"""The job store: every known job by id, and a byte budget for what they hold.

A result is data: it is kept until its submitter has read it (``Job.mark_read``: the
blocking call answered, the event stream sent its end, the status route returned it)
or until a grace period has passed, and only then may it go to make room. Memory is
counted in bytes, not jobs: each job counts a fixed overhead, the request that queued
it while it waits, and every event it logged (its encoded size). When a new job would
not fit in ``max_bytes``:

1. finished jobs whose results were read go first, oldest first;
2. then finished jobs unread for longer than ``grace``, oldest first;
3. if that is not enough, the new job is refused (:class:`~autoui.errors.QueueFullError`,
   a 503) with a ``Retry-After`` of how long clients have recently taken to read their
   results (no longer than until the oldest unread result's grace ends).

A running job whose outputs pile up keeps fewer of them (each output supersedes the
last), so one chatty generator cannot take the budget (at most 1/8 of it while it runs,
1/64 once it has finished; the last output always stays); and a finished job's large
events are spilled to disk (``spill_dir``): memory holds only small ones, the bytes
still count. Finished jobs are also forgotten after ``ttl``. An unknown id is told
apart: an id of this process that expired, or one of a process before a restart.
"""

from __future__ import annotations

import logging
import math
import secrets
import shutil
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from autoui.errors import QueueFullError
from autoui.events import Event
from autoui.server.jobs import Entry, Job

__all__ = ["Codec", "JobStore"]

log = logging.getLogger("autoui")

JOB_OVERHEAD = 2048  # bytes a job's records cost besides its events (measured: ~1.5-2 KB)
SPILL_BYTES = 64 * 1024  # a finished job's events this large go to disk
_ID_PREFIX = 4  # characters of a job id that name the process that issued it
_MAX_RETRY_AFTER = 10  # results are usually read well before their grace ends


@dataclass(frozen=True)
class Codec:
    """How the server encodes an event's body (to weigh it and send it) and reads it back."""

    encode: Callable[[Event], bytes]
    decode: Callable[[str, bytes], Event]


class _SpillFile:
    """A spilled entry's body on disk."""

    __slots__ = ("codec", "path")

    def __init__(self, path: Path, codec: Codec) -> None:
        self.path = path
        self.codec = codec

    def read(self) -> bytes:
        return self.path.read_bytes()

    def load(self, kind: str) -> Event:
        return self.codec.decode(kind, self.read())

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


class JobStore:
    """Every known job by id, within a byte budget (see the module docstring).

    Args:
        ttl: seconds a finished job is kept at most.
        max_bytes: the budget; None: count bytes but never refuse.
        grace: seconds an unread result is kept whatever the pressure.
        codec: encodes events to weigh them; without one, only the overheads count.
        spill_dir: where large events of finished jobs go; None: they stay in memory.
        clock: monotonic seconds; injectable for tests.
    """

    def __init__(
        self,
        ttl: float,
        max_bytes: int | None = None,
        grace: float = 600.0,
        *,
        codec: Codec | None = None,
        spill_dir: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._jobs: dict[str, Job] = {}
        self._read: OrderedDict[str, float] = OrderedDict()  # finished and read
        self._unread: OrderedDict[str, float] = OrderedDict()  # finished, not yet read
        self._ttl = ttl
        self._grace = grace
        self.max_bytes = max_bytes
        self.bytes = 0
        self._codec = codec
        self._spill_dir = spill_dir
        self._clock = clock
        self.instance = secrets.token_urlsafe(3)[:_ID_PREFIX]
        self._read_delays: deque[float] = deque(maxlen=32)  # finish → read, recent jobs

    def __len__(self) -> int:
        return len(self._jobs)

    def __iter__(self) -> Iterator[Job]:
        return iter(list(self._jobs.values()))

    # -- adding ---------------------------------------------------------------------------
    def new_id(self) -> str:
        """A fresh, unguessable job id that says which process issued it."""
        return self.instance + secrets.token_urlsafe(16)

    def admit(self, size: int) -> None:
        """Make room for a job of ``size`` request bytes, or refuse it.

        Raises:
            QueueFullError: even after letting read and expired results go, it would
                not fit; ``retry_after`` is when the oldest unread result may go.
        """
        needed = JOB_OVERHEAD + size
        if self.max_bytes is None or self.bytes + needed <= self.max_bytes:
            return
        now = self._clock()
        self.prune(now)
        self._free(needed, now)
        if self.bytes + needed <= self.max_bytes:
            return
        raise QueueFullError(
            f"the server is holding as many results as it may ({self.max_bytes} bytes, "
            "max_retained_bytes) until their clients read them; try again shortly",
            retry_after=self._retry_after(now),
        )

    def add(self, job: Job) -> None:
        self._jobs[job.id] = job
        job._meter = self._weigh  # noqa: SLF001 - the store weighs what its jobs log
        self._weigh(job, None)
        job.on_finish(self._finished_job)

    # -- reading ------------------------------------------------------------------------
    def get(self, job_id: str, owner: str | None) -> Job | None:
        """The job, if it exists and ``owner`` may see it.

        A job submitted by an anonymous client (owner None) is reachable by its
        unguessable id alone; one submitted within a session or by a user only by them.
        """
        job = self._jobs.get(job_id)
        if job is None or (job.owner is not None and job.owner != owner):
            return None
        return job

    def missing(self, job_id: str) -> str:
        """Why no job ``job_id`` can be shown, as a message for its client."""
        if len(job_id) > _ID_PREFIX and not job_id.startswith(self.instance):
            return (
                f"no job {job_id!r}: the server restarted since it was submitted, and jobs "
                "are kept in memory; submit it again"
            )
        return (
            f"no job {job_id!r}: it expired (results are kept a while after they end), "
            "or it is not yours"
        )

    # -- weighing -----------------------------------------------------------------------
    def _weigh(self, job: Job, entry: Entry | None) -> None:
        """Re-count ``job`` after an event (``entry``, weighed first), within the budget;
        with no entry, the job was just read."""
        if entry is None and job.read and job.id in self._unread:
            finished_at = self._read[job.id] = self._unread.pop(job.id)
            self._read_delays.append(self._clock() - finished_at)
        if entry is not None and self._codec is not None and entry.body is None:
            entry.body = self._codec.encode(entry.event)
            entry.size = len(entry.body)
            job.log.bytes += entry.size
            if self.max_bytes is not None and job.log.bytes > self.max_bytes // 8:
                job.log.keep(job.log.without_old_outputs(keep=1))
        waiting = job.size if job.state == "queued" else 0
        self._recount(job, JOB_OVERHEAD + waiting + job.log.bytes)
        if self.max_bytes is not None and self.bytes > self.max_bytes and not job.done:
            self._free(0, self._clock())
            if self.bytes > self.max_bytes:  # still over: this job keeps only its latest
                job.log.keep(job.log.without_old_outputs(keep=1))
                self._recount(job, JOB_OVERHEAD + job.log.bytes)

    def _recount(self, job: Job, retained: int) -> None:
        self.bytes += retained - job.retained
        job.retained = retained

    def _finished_job(self, job: Job) -> None:
        now = self._clock()
        if self.max_bytes is not None:  # a late reader gets every output, unless they are many
            job.log.keep(job.log.outputs_within(self.max_bytes // 64))
            self._recount(job, JOB_OVERHEAD + job.log.bytes)
        self._spill(job)
        (self._read if job.read else self._unread)[job.id] = now
        self.prune(now)

    def _spill(self, job: Job) -> None:
        """Move the finished job's large events to disk; they still count."""
        if self._spill_dir is None or self._codec is None:
            return
        for entry in job.log.entries:
            body = entry.body
            if body is None or len(body) < SPILL_BYTES:
                continue
            try:
                self._spill_dir.mkdir(parents=True, exist_ok=True)
                path = self._spill_dir / f"{job.id}-{entry.seq}"
                path.write_bytes(body)
            except OSError:
                log.warning("could not spill a result of job %s to disk", job.id, exc_info=True)
                return
            entry.spilled_to(_SpillFile(path, self._codec))

    # -- forgetting ---------------------------------------------------------------------
    def prune(self, now: float | None = None) -> None:
        """Forget finished jobs past their TTL (the oldest of each kind first)."""
        now = self._clock() if now is None else now
        for finished in (self._read, self._unread):
            while finished:
                job_id, at = next(iter(finished.items()))
                if now - at < self._ttl:
                    break
                self._forget(finished, job_id)

    def _free(self, needed: int, now: float) -> None:
        """Let read results go, then unread ones past their grace, until ``needed`` fits."""
        assert self.max_bytes is not None
        while self._read and self.bytes + needed > self.max_bytes:
            self._forget(self._read, next(iter(self._read)))
        for job_id, at in list(self._unread.items()):
            if self.bytes + needed <= self.max_bytes or now - at < self._grace:
                break
            job = self._jobs.get(job_id)
            if job is not None:
                log.warning(
                    "let go of the unread result of job %s (%s) after its %g s grace, to "
                    "make room (max_retained_bytes)",
                    job_id,
                    job.fn,
                    self._grace,
                )
            self._forget(self._unread, job_id)

    def _forget(self, finished: OrderedDict[str, float], job_id: str) -> None:
        finished.pop(job_id, None)
        job = self._jobs.pop(job_id, None)
        if job is None:
            return
        self._recount(job, 0)
        job.log.keep([])  # removes spilled files

    def _retry_after(self, now: float) -> int:
        """When room is likely: as long as clients have lately taken to read a result, at
        most until the oldest unread one may go anyway."""
        if not self._unread:
            return 1
        oldest = next(iter(self._unread.values()))
        until_grace = self._grace - (now - oldest)
        if self._read_delays:
            typical = sum(self._read_delays) / len(self._read_delays)
            return max(1, math.ceil(min(typical, until_grace)))
        return max(1, min(_MAX_RETRY_AFTER, math.ceil(until_grace)))

    def close(self) -> None:
        """Forget everything (the spilled files too)."""
        for job_id in list(self._jobs):
            self._forget(self._read if job_id in self._read else self._unread, job_id)
        if self._spill_dir is not None:
            shutil.rmtree(self._spill_dir, ignore_errors=True)
