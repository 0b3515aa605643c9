"""The unit of work every execution runs: one job (or one batch) of a function → its events.

It is :func:`autoui.execution.run_job` (decode the wire payload when the job starts,
call, encode), run in the server's process by thread execution and inside the child by
a slot, so big decoded values never cross a process boundary and the two modes cannot
drift apart. A caller that has decoded the inputs itself (``autoui run`` reads and checks
them as the user types) passes them as :class:`Decoded`, and only the call remains.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from typing import Any

from autoui import execution, runner
from autoui.cancel import CancelToken
from autoui.events import Event
from autoui.execution import JobInput, WireData
from autoui.files import FileContext
from autoui.limits import InputLimits
from autoui.runner import Emit
from autoui.spec import FunctionSpec
from autoui.streaming.channel import ChunkSource

__all__ = ["Decoded", "Emit", "JobInput", "run_job", "run_job_batch"]


class Decoded(dict[str, Any]):
    """A job's keyword arguments, already decoded by the caller (not a wire payload)."""


async def run_job(
    fn_spec: FunctionSpec,
    data: WireData,
    files: FileContext,
    *,
    emit: Emit,
    cancel: CancelToken,
    show_errors: bool,
    executor: Executor | None,
    limits: InputLimits | None,
    live: ChunkSource | None = None,
) -> Event:
    """One job; its terminal event (also emitted). ``live`` feeds a live input."""
    if isinstance(data, Decoded):
        kwargs = dict(data)
        if live is not None:
            from autoui.streaming import attach_live_input

            kwargs = attach_live_input(
                fn_spec, kwargs, live, cancel=cancel, executor=executor, limits=limits
            )
        return await runner.run_call(
            fn_spec, kwargs, files=files, emit=emit, cancel=cancel,
            show_errors=show_errors, executor=executor,
        )  # fmt: skip
    return await execution.run_job(
        fn_spec, data, files, emit=emit, cancel=cancel, show_errors=show_errors,
        executor=executor, limits=limits, live=live,
    )  # fmt: skip


async def run_job_batch(
    fn_spec: FunctionSpec,
    members: Sequence[JobInput],
    *,
    cancel: CancelToken,
    show_errors: bool,
    executor: Executor | None,
    limits: InputLimits | None,
) -> list[Event]:
    """One batch of jobs; one terminal event per job (each also emitted)."""
    if members and all(isinstance(member.data, Decoded) for member in members):
        return await runner.run_batch(
            fn_spec, [dict(member.data or {}) for member in members],  # type: ignore[arg-type]
            files_list=[member.files for member in members],
            emits=[member.emit for member in members],
            cancel=cancel, show_errors=show_errors, executor=executor,
        )  # fmt: skip
    return await execution.run_job_batch(
        fn_spec, members, cancel=cancel, show_errors=show_errors, executor=executor,
        limits=limits,
    )  # fmt: skip
