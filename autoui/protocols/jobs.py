"""The one door every protocol adapter uses into the job queue.

An adapter translates its wire format into autoui's own payloads (``{"data": ...}``
values: JSON scalars, ``{"id": ...}`` file references issued by this server, ``data:``
URLs) and calls :func:`submit_payload`: the same cheap check as ``POST /api/{fn}``
(:func:`autoui.server.routes_api.admit`), then the queue, which holds the wire payload;
inputs are decoded when the job starts.

Adapters that stream a job's events read its own log (``job.log.since(seq)``,
``job.changed()``), as the SSE route does.
"""

from __future__ import annotations

from typing import Any

from autoui.events import Event
from autoui.server.jobs import Job
from autoui.server.state import ServerState
from autoui.spec import FunctionSpec

__all__ = ["submit_payload", "wait_finished"]


async def submit_payload(
    state: ServerState,
    fn_spec: FunctionSpec,
    data: dict[str, Any] | list[Any],
    *,
    owner: str | None,
    client: str | None,
    base: str = "",
    size: int = 0,
) -> Job:
    """Queue one call of ``fn_spec`` from its wire ``data``.

    Args:
        state: the app's queue, jobs and files.
        fn_spec: the function to call.
        data: parameter payloads by name (or positional).
        owner: who may see the job and its files (None: anyone with the id).
        client: who is asking, for the per-client job cap (None: not counted).
        base: the mount prefix put in front of output file URLs.
        size: the request's size in bytes, when known (a large one is checked off the loop).

    Raises:
        ValidationError: a payload is refused (``param`` names it).
        TooManyJobsError: ``client`` already has its most live jobs.
        QueueFullError: the queue is full or shutting down.
    """
    from autoui.server.routes_api import admit

    return await admit(state, fn_spec, data, owner=owner, client=client, base=base, size=size)


async def wait_finished(job: Job) -> Event:
    """The job's terminal event, once it has one."""
    while job.result is None:
        await job.changed()
    job.mark_read()
    return job.result
