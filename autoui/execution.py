"""One job from its wire payload to its terminal event: the unit of work of every executor.

``run_job(fn_spec, data, files, emit=...)`` is what the server's in-process queue runs
for each job, and what a worker in another process (a Redis worker, an isolated slot)
runs with nothing but the wire payload and a :class:`~autoui.files.FileContext`:

1. decode the inputs (:func:`autoui.pipeline.preprocess_inputs`) now that the job has
   its slot, in a worker thread when any input reads a file or builds a table, within
   the call's :class:`~autoui.limits.InputLimits` (an image's pixels × channels, audio
   samples): a queued job holds only its payload, never its decoded inputs;
2. a decode failure ends the job with an ``error`` event (``type`` ``"ValidationError"``,
   ``param`` naming the input), without ``started``: the function never ran;
3. otherwise run it (:func:`autoui.runner.run_call`), which emits ``started`` and the rest.

:func:`run_job_batch` does the same for the members of one batch: a member whose inputs
do not decode fails alone, and the others still run as one batch call.

The payload is expected to have passed :func:`autoui.inputcheck.check_inputs` when it
was submitted, but nothing here relies on it: every input is checked again as it is
decoded. Events go to ``emit`` on the event loop thread, as with the runner.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from autoui.cancel import CancelToken
from autoui.events import Cancelled, Event
from autoui.failures import failure_event
from autoui.files import FileContext
from autoui.inputcheck import decoded_at_start
from autoui.limits import InputLimits, decoding_within
from autoui.runner import Emit, run_batch, run_call
from autoui.spec import FunctionSpec

if TYPE_CHECKING:
    from autoui.streaming.channel import ChunkSource

__all__ = ["JobInput", "decode_inputs", "run_job", "run_job_batch"]

WireData = dict[str, Any] | list[Any] | None


@dataclass(frozen=True, slots=True)
class JobInput:
    """One batch member: its wire ``data``, its file context and where its events go."""

    data: WireData
    files: FileContext
    emit: Emit


async def run_job(
    fn_spec: FunctionSpec,
    data: WireData,
    files: FileContext,
    *,
    emit: Emit,
    cancel: CancelToken | None = None,
    show_errors: bool = False,
    executor: Executor | None = None,
    limits: InputLimits | None = None,
    live: ChunkSource | None = None,
) -> Event:
    """Decode ``data``, call the function once, and emit the job's events.

    Args:
        fn_spec: the function.
        data: the wire payload (by parameter name, or positional), as submitted.
        files: resolves input file ids and keeps output files.
        emit: receives every event, on the event loop thread.
        cancel: cancels the job (before or while it runs).
        show_errors: put an unexpected exception's message in the ``error`` event.
        executor: worker threads for decoding and for sync code (the loop's default
            executor when None).
        limits: the decoded-size limits (the defaults when None).
        live: where the chunks of a live input come from (:mod:`autoui.streaming`),
            for a job whose live parameter was left without a file.

    Returns:
        The terminal event, also emitted.
    """
    if _cancelled(cancel):
        return _end(Cancelled(), emit)
    try:
        kwargs = await decode_inputs(fn_spec, data, files, executor=executor, limits=limits)
        if fn_spec.live_input is not None:
            kwargs = _with_live_input(fn_spec, kwargs, live, cancel, executor, limits)
    except Exception as error:  # noqa: BLE001 - every failure becomes an error event
        decoded_failure = failure_event(error, fn_spec, show_errors)
        return _end(Cancelled() if _cancelled(cancel) else decoded_failure, emit)
    return await run_call(
        fn_spec,
        kwargs,
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
    cancel: CancelToken | None = None,
    show_errors: bool = False,
    executor: Executor | None = None,
    limits: InputLimits | None = None,
) -> list[Event]:
    """Decode each member's inputs, then call a batch function once for the rest.

    Returns:
        One terminal event per member, in order (each also emitted to that member).
    """
    if _cancelled(cancel):
        return [_end(Cancelled(), member.emit) for member in members]
    decoded = await _in_executor(executor, _decode_each, fn_spec, members, limits)
    events: list[Event | None] = [None] * len(members)
    ready: list[int] = []
    for index, (member, outcome) in enumerate(zip(members, decoded, strict=True)):
        if isinstance(outcome, Exception):
            events[index] = _end(failure_event(outcome, fn_spec, show_errors), member.emit)
        else:
            ready.append(index)
    if ready:
        results = await run_batch(
            fn_spec,
            [decoded[i] for i in ready],  # type: ignore[misc]
            files_list=[members[i].files for i in ready],
            emits=[members[i].emit for i in ready],
            cancel=cancel,
            show_errors=show_errors,
            executor=executor,
        )
        for index, event in zip(ready, results, strict=True):
            events[index] = event
    return [event for event in events if event is not None]


async def decode_inputs(
    fn_spec: FunctionSpec,
    data: WireData,
    files: FileContext,
    *,
    executor: Executor | None = None,
    limits: InputLimits | None = None,
) -> dict[str, Any]:
    """The call's keyword arguments from its wire ``data``, within ``limits``.

    Decoded in a worker thread when any input reads a file or builds a table (so the
    event loop never waits on Pillow or pandas), on the loop otherwise.

    Raises:
        ValidationError: an input does not decode or is over a limit; ``param`` says which.
    """
    if any(decoded_at_start(p.component) for p in fn_spec.inputs):
        kwargs: dict[str, Any] = await _in_executor(executor, _decode, fn_spec, data, files, limits)
        return kwargs
    return _decode(fn_spec, data, files, limits)


def _decode(
    fn_spec: FunctionSpec, data: WireData, files: FileContext, limits: InputLimits | None
) -> dict[str, Any]:
    from autoui.pipeline import preprocess_inputs

    with decoding_within(limits or InputLimits()):
        return preprocess_inputs(fn_spec, data, files)


def _with_live_input(
    fn_spec: FunctionSpec,
    kwargs: dict[str, Any],
    live: ChunkSource | None,
    cancel: CancelToken | None,
    executor: Executor | None,
    limits: InputLimits | None,
) -> dict[str, Any]:
    from autoui.streaming import attach_live_input

    return attach_live_input(
        fn_spec, kwargs, live, cancel=cancel, executor=executor, limits=limits
    )


def _decode_each(
    fn_spec: FunctionSpec, members: Sequence[JobInput], limits: InputLimits | None
) -> list[dict[str, Any] | Exception]:
    outcomes: list[dict[str, Any] | Exception] = []
    for member in members:
        try:
            outcomes.append(_decode(fn_spec, member.data, member.files, limits))
        except Exception as error:  # noqa: BLE001 - this member fails alone
            outcomes.append(error)
    return outcomes


async def _in_executor(executor: Executor | None, fn: Any, *args: Any) -> Any:
    return await asyncio.get_running_loop().run_in_executor(executor, fn, *args)


def _cancelled(cancel: CancelToken | None) -> bool:
    return cancel is not None and cancel.cancelled


def _end(event: Event, emit: Emit) -> Event:
    emit(event)
    return event
