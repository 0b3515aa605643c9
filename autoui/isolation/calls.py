"""The unit of work every execution runs: one job (or one batch) of a function → its events.

Thread execution calls it in the server's process; a slot process calls it in the
child, with the child's file proxy and main-thread executor. Keeping it one pair of
functions means the two modes cannot drift apart in what a job does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

from autoui.cancel import CancelToken
from autoui.events import Event
from autoui.files import FileContext
from autoui.spec import FunctionSpec

__all__ = ["Emit", "JobInput", "run_job", "run_job_batch"]

Emit = Callable[[Event], None]


@dataclass(frozen=True, slots=True)
class JobInput:
    """One batch member: its inputs, its file context and where its events go."""

    data: Any
    files: FileContext
    emit: Emit


async def run_job(
    fn_spec: FunctionSpec,
    data: Any,
    files: FileContext,
    *,
    emit: Emit,
    cancel: CancelToken,
    show_errors: bool,
    executor: Executor | None,
) -> Event:
    """One job; its terminal event (also emitted)."""
    from autoui.runner import run_call

    return await run_call(
        fn_spec,
        data,
        files=files,
        emit=emit,
        cancel=cancel,
        show_errors=show_errors,
        executor=executor,
    )


async def run_job_batch(
    fn_spec: FunctionSpec,
    members: Sequence[JobInput],
    *,
    cancel: CancelToken,
    show_errors: bool,
    executor: Executor | None,
) -> list[Event]:
    """One batch of jobs; one terminal event per job (each also emitted)."""
    from autoui.runner import run_batch

    return await run_batch(
        fn_spec,
        [member.data for member in members],
        files_list=[member.files for member in members],
        emits=[member.emit for member in members],
        cancel=cancel,
        show_errors=show_errors,
        executor=executor,
    )
