"""What one client may hold in the queue: live jobs and waiting request bytes.

Each job is counted under its *client* (the signed-in user, else the session, else the
address) and, when the client is anonymous, under its *address* too: a session cookie
is the client's to choose, so rotating it must not lift the cap. Live jobs count until
they end; request bytes only while they wait (a started job has dropped its payload).
The tables hold only keys with something live, so they stay small.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from autoui.errors import TooManyJobsError

__all__ = ["Allowances", "Who"]


@dataclass(frozen=True, slots=True)
class Who:
    """Who submits a job, for the allowances: its client key and, if anonymous, its address."""

    client: str | None = None
    address: str | None = None

    def keys(self) -> list[tuple[str, bool]]:
        """``(key, is_address)`` pairs the job counts under (an address's total apart from
        its cookie-less client, which is keyed by the address too)."""
        keys = [(self.client, False)] if self.client is not None else []
        if self.address is not None:
            keys.append(("all of " + self.address, True))
        return keys


class Allowances:
    """Live jobs and waiting bytes per client and per address, against their caps.

    Args:
        jobs_per_client: most live jobs of one client (None: no limit).
        jobs_per_address: most live jobs of the anonymous clients of one address.
        bytes_per_client: most waiting request bytes of one client (and one address).
    """

    def __init__(
        self,
        jobs_per_client: int | None = None,
        jobs_per_address: int | None = None,
        bytes_per_client: int | None = None,
    ) -> None:
        self.jobs_per_client = jobs_per_client
        self.jobs_per_address = jobs_per_address
        self.bytes_per_client = bytes_per_client
        self._jobs: dict[str, int] = {}
        self._bytes: dict[str, int] = {}

    def check(self, who: Who, size: int, retry_after: Callable[[], int]) -> None:
        """Raise :class:`TooManyJobsError` if ``who`` may not queue ``size`` more bytes now."""
        for key, is_address in who.keys():
            limit = self._job_limit(is_address)
            if limit is not None and self._jobs.get(key, 0) >= limit:
                raise TooManyJobsError(_jobs_message(limit, is_address), limit, retry_after())
            cap = self.bytes_per_client
            if cap is not None and size and self._bytes.get(key, 0) + size > cap:
                raise TooManyJobsError(_bytes_message(cap, size), cap, retry_after())

    def take(self, who: Who, size: int) -> None:
        for key, is_address in who.keys():
            if self._job_limit(is_address) is not None:
                self._jobs[key] = self._jobs.get(key, 0) + 1
            if size and self.bytes_per_client is not None:
                self._bytes[key] = self._bytes.get(key, 0) + size

    def started(self, who: Who, size: int) -> None:
        """The job's payload is gone: its bytes no longer wait."""
        if size and self.bytes_per_client is not None:
            for key, _ in who.keys():
                _drop(self._bytes, key, size)

    def ended(self, who: Who) -> None:
        for key, is_address in who.keys():
            if self._job_limit(is_address) is not None:
                _drop(self._jobs, key, 1)

    def _job_limit(self, is_address: bool) -> int | None:
        return self.jobs_per_address if is_address else self.jobs_per_client

    def live_jobs(self, key: str) -> int:
        return self._jobs.get(key, 0)


def _drop(table: dict[str, int], key: str, amount: int) -> None:
    left = table.get(key, 0) - amount
    if left > 0:
        table[key] = left
    else:
        table.pop(key, None)


def _jobs_message(limit: int, is_address: bool) -> str:
    if is_address:
        return (
            f"too many jobs: the clients of your address already have {limit} queued or "
            f"running, the most one address may have (max_jobs_per_address = {limit}); "
            "wait for one to finish, or sign in"
        )
    return (
        f"too many jobs: this client already has {limit} queued or running, the most "
        f"one client may have (max_jobs_per_client = {limit}); wait for one to finish "
        "or cancel one, then retry"
    )


def _bytes_message(cap: int, size: int) -> str:
    return (
        f"too much waiting: this request's {size} bytes would take this client's queued "
        f"requests over {cap} bytes (max_queued_bytes_per_client); wait for some to start"
    )
