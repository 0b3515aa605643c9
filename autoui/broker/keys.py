"""Names of the Redis keys of one app, all under ``aui:<app>:``.

| key | type | holds |
|---|---|---|
| ``q:<fn>`` | stream, group ``workers`` | submitted jobs ``{job: id}``, in order |
| ``job:<id>`` | hash | fn, owner, client, data (the wire payload), state, attempt, entry, ... |
| ``seq:<id>`` / ``ev:<id>`` | counter / stream | the job's events; entry id ``<seq>-1`` |
| ``in:<id>`` | stream | a live input's chunks, front-end → worker (:mod:`inputs`) |
| ``watch:<id>`` | set | front-ends following the job (each gets its events by pub/sub) |
| ``fe:<front-end>`` | channel | events of the jobs that front-end follows |
| ``cancel`` | channel | job ids cancelled (the worker running one stops it at once) |
| ``client:<key>`` | counter | live jobs of one client (``--max-jobs-per-client``) |
| ``waiting`` / ``waiting:<fn>`` | counters | jobs not yet started (``--max-queue``, positions) |
| ``dur:<fn>`` | list | recent run times (the ETA) |
| ``cap:<fn>`` | string | slots of live workers × batch size (the ETA) |
| ``dead:<fn>`` | stream | dead-lettered jobs |
| ``gather:<fn>`` / ``turn:<fn>`` | string / list | the worker gathering a batch now; the hand-off |
| ``workers`` | hash | worker id → its functions, slots and last heartbeat |
| ``file:<id>`` / ``files`` | hash / sorted set | shared files and their index by age |

A job fed live also has ``live`` (its limits), ``input`` (``ended`` / ``closed``),
``in_n``, ``in_bytes`` and ``in_seq`` in its hash.

The Lua scripts build the per-job names from the same prefix (they receive it as their
first argument), so the layout is written down here and in :mod:`scripts` (and
:mod:`inputs`) only.
"""

from __future__ import annotations

__all__ = ["GROUP", "Keys"]

GROUP = "workers"


class Keys:
    """Key names of one app."""

    __slots__ = ("prefix",)

    def __init__(self, app: str) -> None:
        self.prefix = f"aui:{app}:"

    def queue(self, fn: str) -> str:
        return f"{self.prefix}q:{fn}"

    def job(self, job_id: str) -> str:
        return f"{self.prefix}job:{job_id}"

    def events(self, job_id: str) -> str:
        return f"{self.prefix}ev:{job_id}"

    def input(self, job_id: str) -> str:
        return f"{self.prefix}in:{job_id}"

    def watch(self, job_id: str) -> str:
        return f"{self.prefix}watch:{job_id}"

    def frontend(self, frontend_id: str) -> str:
        return f"{self.prefix}fe:{frontend_id}"

    @property
    def cancel(self) -> str:
        return f"{self.prefix}cancel"

    @property
    def workers(self) -> str:
        return f"{self.prefix}workers"

    def capacity(self, fn: str) -> str:
        return f"{self.prefix}cap:{fn}"

    def dead(self, fn: str) -> str:
        return f"{self.prefix}dead:{fn}"

    def file(self, file_id: str) -> str:
        return f"{self.prefix}file:{file_id}"

    @property
    def files(self) -> str:
        return f"{self.prefix}files"
