"""``--isolation``, ``--time-limit`` and ``--cancel-grace``: how a command's calls run.

Declared once here for the Typer commands that serve jobs (``autoui serve``, and a
broker worker), so they spell, check and explain them the same way; ``autoui run``
(plain click) declares its own in :func:`autoui.terminal.local.run_options`. The values
become an :class:`~autoui.isolation.ExecutionSettings`.
"""

from __future__ import annotations

from typing import Annotated, Literal, Optional

import typer

__all__ = [
    "CANCEL_GRACE_HELP",
    "DEFAULT_CANCEL_GRACE",
    "CancelGrace",
    "ISOLATION_HELP",
    "Isolation",
    "TIME_LIMIT_HELP",
    "TimeLimit",
    "above_zero",
]

DEFAULT_CANCEL_GRACE = 3.0  # autoui.isolation.ExecutionSettings.cancel_grace

ISOLATION_HELP = (
    "Where calls run: 'thread' (in this process; a running sync function cannot be stopped) "
    "or 'process' (each concurrency slot a worker process that loads the code once; Stop, "
    "Ctrl+C and time limits really stop it, a crash fails only its own job; N slots hold N "
    "copies of what the code loads)."
)
TIME_LIMIT_HELP = (
    "Seconds a call may run before it ends with a TimeLimit error (a function's own "
    "@autoui.time_limit(seconds) wins). Under 'thread' a plain sync function runs on and its "
    "result is discarded."
)
CANCEL_GRACE_HELP = (
    "With --isolation process: seconds a stopped call gets to end by itself (its finally "
    "blocks run) before its worker process is killed; 0 kills at once."
)


def above_zero(value: float | None) -> float | None:
    """Typer callback: None, or seconds above zero."""
    if value is not None and not 0 < value < float("inf"):
        raise typer.BadParameter(f"expected seconds above 0, got {value:g}")
    return value


Isolation = Annotated[
    Literal["thread", "process"],
    typer.Option("--isolation", metavar="MODE", help=ISOLATION_HELP, rich_help_panel="Execution"),
]
TimeLimit = Annotated[
    Optional[float],  # noqa: UP045 - Typer reads the annotation at runtime
    typer.Option(
        "--time-limit",
        metavar="SECONDS",
        callback=above_zero,
        show_default=False,
        help=TIME_LIMIT_HELP,
        rich_help_panel="Execution",
    ),
]
CancelGrace = Annotated[
    float,
    typer.Option(
        "--cancel-grace",
        metavar="SECONDS",
        min=0,
        help=CANCEL_GRACE_HELP,
        rich_help_panel="Execution",
    ),
]
