"""How a terminal session ends: its settings, exit codes, and the ``--json`` outcome.

Shared by both backends of :mod:`autoui.terminal.session`, so ``autoui run`` and
``autoui call`` end the same way: exit code :data:`OK` 0 (done), :data:`FAILED` 1 (the
function failed, or the server could not be reached), :data:`USAGE` 2 (bad or missing
input), :data:`CANCELLED` 130 (Ctrl+C); ``--json`` prints ``{"data": [...]}`` (like
``POST /api/{fn}``) or ``{"error": {...}}`` on stdout.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autoui.events import Complete, Event, Failed

if TYPE_CHECKING:
    from autoui.isolation import ExecutionSettings

__all__ = [
    "CANCELLED",
    "FAILED",
    "OK",
    "USAGE",
    "RunSettings",
    "exit_code",
    "print_json_outcome",
]

OK, FAILED, USAGE, CANCELLED = 0, 1, 2, 130


@dataclass(frozen=True)
class RunSettings:
    """The options of a session that are not inputs of the function.

    Attributes:
        out_dir: where output files are written (created on demand).
        json: print the raw outputs as JSON on stdout, and nothing else.
        rows_in: a JSON Lines file of inputs, one call per row (``autoui run``).
        rows_out: where to write one result per row (stdout when None).
        concurrency: calls at once for ``rows_in`` (non-batch functions).
        traceback: show the traceback of an exception raised by the function.
        isolation: ``thread`` or ``process``: where ``autoui run`` calls the function
            (see :mod:`autoui.isolation`).
        time_limit: seconds a call may run (its function's own limit wins); None: none.
        cancel_grace: under ``process``, seconds from Ctrl+C to killing the call.
        realtime: feed a live input's file at 1× (:mod:`autoui.terminal.livefeed`).
        live_rate / live_channels: the format of raw PCM a live audio input reads from
            standard input (None: the input's own).
    """

    out_dir: Path = Path("autoui-out")
    json: bool = False
    rows_in: Path | None = None
    rows_out: Path | None = None
    concurrency: int = 1
    traceback: bool = False
    isolation: str = "thread"
    time_limit: float | None = None
    cancel_grace: float = 3.0
    realtime: bool = False
    live_rate: int | None = None
    live_channels: int | None = None

    def execution(self, slots: int | None = None) -> ExecutionSettings:
        """How the calls run (errors always shown: the user at the terminal wrote the code)."""
        from autoui.isolation import ExecutionSettings

        return ExecutionSettings(
            isolation=self.isolation,  # type: ignore[arg-type]  # checked by ExecutionSettings
            time_limit=self.time_limit,
            cancel_grace=self.cancel_grace,
            show_errors=True,
            slots=slots,
        )


def exit_code(event: Event | None) -> int:
    """The process exit code for a job's terminal event."""
    if isinstance(event, Complete):
        return OK
    if isinstance(event, Failed):
        return USAGE if event.type == "ValidationError" else FAILED
    return CANCELLED


def print_json_outcome(event: Event, streamed: list[Any] | None = None) -> None:
    """``{"data": [...]}`` (like ``POST /api/{fn}``) or ``{"error": {...}}`` on stdout.

    A call cancelled after it streamed outputs also has ``"data"``: the latest of them.
    """
    if isinstance(event, Complete):
        body: dict[str, Any] = {"data": event.data}
    elif isinstance(event, Failed):
        body = {"error": {"message": event.message, "type": event.type, "param": event.param}}
    else:
        body = {"error": {"message": "cancelled", "type": "Cancelled", "param": None}}
        if streamed is not None:
            body["data"] = streamed
    from autoui.terminal.stdout import results

    out = results()
    out.write(json.dumps(body) + "\n")
    out.flush()
