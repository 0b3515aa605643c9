"""Run one call of a *local* function in the terminal: preprocess, run, draw, exit code.

The steps after the command line has been read: payloads → Python values
(:func:`autoui.pipeline.preprocess_inputs`, files read through
:class:`~autoui.localfiles.LocalFiles`), then :func:`autoui.runner.run_call` inside
``asyncio.run`` with a :class:`~autoui.terminal.live.LiveJobView` drawing its events.

Ctrl+C cancels the call through the runner's :class:`~autoui.runner.CancelToken`: a
generator stops at its next yield and its ``finally`` runs; a second Ctrl+C quits at
once. Exit codes: :data:`OK` 0, :data:`FAILED` 1 (the function raised), :data:`USAGE` 2
(bad or missing input), :data:`CANCELLED` 130.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from autoui.events import Complete, Event, Failed
from autoui.terminal.live import LiveJobView

if TYPE_CHECKING:
    from autoui.files import FileContext
    from autoui.runner import CancelToken
    from autoui.spec import FunctionSpec

__all__ = [
    "CANCELLED",
    "FAILED",
    "OK",
    "USAGE",
    "CapturedErrors",
    "RunSettings",
    "call_once",
    "exit_code",
    "local_open_file",
    "run_local_call",
    "sigint_cancels",
]

OK, FAILED, USAGE, CANCELLED = 0, 1, 2, 130


@dataclass(frozen=True)
class RunSettings:
    """The options of ``autoui run`` that are not inputs of the function.

    Attributes:
        out_dir: where output files are written (created on demand).
        json: print the raw outputs as JSON on stdout, and nothing else.
        rows_in: a JSON Lines file of inputs, one call per row.
        rows_out: where to write one result per row (stdout when None).
        concurrency: calls at once for ``rows_in`` (non-batch functions).
        traceback: show the traceback of an exception raised by the function.
    """

    out_dir: Path = Path("autoui-out")
    json: bool = False
    rows_in: Path | None = None
    rows_out: Path | None = None
    concurrency: int = 1
    traceback: bool = False


def local_open_file(payload: dict[str, Any]) -> Path:
    """The file behind an output payload of :class:`~autoui.localfiles.LocalFiles`."""
    if "path" not in payload:
        raise FileNotFoundError(f"no local path for {payload.get('name', 'the file')}")
    return Path(payload["path"])


def exit_code(event: Event | None) -> int:
    """The process exit code for a job's terminal event."""
    if isinstance(event, Complete):
        return OK
    if isinstance(event, Failed):
        return USAGE if event.type == "ValidationError" else FAILED
    return CANCELLED


class CapturedErrors(logging.Handler):
    """Keeps the exceptions the runner logs, instead of printing them to stderr.

    The runner logs an unexpected exception with its traceback on the ``autoui``
    logger; with no handler, Python would print it. The terminal shows it only with
    ``--traceback``.
    """

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.exc_info: Any = None

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            self.exc_info = record.exc_info

    @contextlib.contextmanager
    def installed(self) -> Iterator[CapturedErrors]:
        logger = logging.getLogger("autoui")
        logger.addHandler(self)
        try:
            yield self
        finally:
            logger.removeHandler(self)

    def print_traceback(self, console: Console) -> None:
        from rich.traceback import Traceback  # slow to import; rarely needed

        if self.exc_info is not None:
            exc_type, exc, tb = self.exc_info
            console.print(Traceback.from_exception(exc_type, exc, tb, show_locals=False))


@contextlib.contextmanager
def sigint_cancels(token: CancelToken, console: Console) -> Iterator[None]:
    """While running: the first Ctrl+C cancels the call, a second one quits at once."""
    loop = asyncio.get_running_loop()
    presses = 0

    def on_sigint() -> None:
        nonlocal presses
        presses += 1
        if presses > 1:
            console.show_cursor(True)
            os._exit(CANCELLED)
        console.print("[yellow]Cancelling… (Ctrl+C again to quit now)[/]")
        token.cancel()

    try:
        loop.add_signal_handler(signal.SIGINT, on_sigint)
    except (NotImplementedError, RuntimeError, ValueError):  # not the main thread / Windows
        yield
        return
    try:
        yield
    finally:
        loop.remove_signal_handler(signal.SIGINT)


async def _run(
    fn_spec: FunctionSpec,
    kwargs: dict[str, Any],
    files: FileContext,
    view: LiveJobView,
    console: Console,
) -> Event:
    from autoui.runner import CancelToken, run_call

    token = CancelToken()
    with sigint_cancels(token, console), view:
        return await run_call(
            fn_spec, kwargs, files=files, emit=view.handle, cancel=token, show_errors=True
        )


def call_once(
    fn_spec: FunctionSpec,
    kwargs: dict[str, Any],
    files: FileContext,
    settings: RunSettings,
    *,
    console: Console,
    status_console: Console | None = None,
) -> Event:
    """Run one call with a live view (and the result, unless ``--json``); its last event.

    The result goes to ``console``; progress, alerts and errors to ``status_console``.
    """
    fn_json = fn_spec.to_json()
    status = status_console or console
    view = LiveJobView(
        console,
        fn_json,
        open_file=local_open_file,
        show_result=not settings.json,
        status_console=status,
    )
    captured = CapturedErrors()
    with captured.installed():
        event = asyncio.run(_run(fn_spec, kwargs, files, view, console))
    if isinstance(event, Failed) and event.type not in ("Error", "ValidationError"):
        if settings.traceback:
            captured.print_traceback(status)
        else:
            status.print("[dim]Run with --traceback to see where it was raised.[/]")
    return event


def run_local_call(
    fn_spec: FunctionSpec,
    kwargs: dict[str, Any],
    files: FileContext,
    settings: RunSettings,
    *,
    console: Console,
    status_console: Console | None = None,
) -> int:
    """Run one call with a live view; print the result (or JSON); return the exit code."""
    event = call_once(
        fn_spec, kwargs, files, settings, console=console, status_console=status_console
    )
    if settings.json:
        print_json_outcome(event)
    return exit_code(event)


def print_json_outcome(event: Event) -> None:
    """``{"data": [...]}`` (like ``POST /api/{fn}``) or ``{"error": {...}}`` on stdout."""
    if isinstance(event, Complete):
        body: dict[str, Any] = {"data": event.data}
    elif isinstance(event, Failed):
        body = {"error": {"message": event.message, "type": event.type, "param": event.param}}
    else:
        body = {"error": {"message": "cancelled", "type": "Cancelled", "param": None}}
    sys.stdout.write(json.dumps(body) + "\n")
    sys.stdout.flush()
