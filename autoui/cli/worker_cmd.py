"""``autoui worker TARGET --broker redis://...``: run TARGET's jobs from a Redis broker.

Run one per GPU or box, next to any number of ``autoui serve TARGET --broker ...``
front-ends. Imports nothing heavy at module level; redis is imported when it runs.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING, Annotated, Any

import typer

from autoui.cli.app import app
from autoui.cli.execution_options import DEFAULT_CANCEL_GRACE, CancelGrace, Isolation, TimeLimit

if TYPE_CHECKING:  # pragma: no cover
    from autoui.broker.settings import BrokerSettings

__all__ = ["broker_settings", "worker"]

DEFAULT_RECLAIM_IDLE = 30.0
DEFAULT_MAX_DELIVERIES = 3


@app.command("worker")
def worker(
    target: Annotated[
        str,
        typer.Argument(
            help="module:function, file.py:function, or a module/file (as for serve).",
            show_default=False,
            metavar="TARGET",
        ),
    ],
    broker: Annotated[
        str,
        typer.Option(
            help="The Redis of the front-ends: redis://[user:password@]host:port/db.",
            show_default=False,
            metavar="URL",
        ),
    ],
    concurrency: Annotated[
        str | None,
        typer.Option(
            help="Jobs of one function this worker runs at once: a number, or 'none' "
            "(default: each function's own, 1). Cluster-wide: this × the workers.",
            show_default=False,
            metavar="N|none",
        ),
    ] = None,
    max_deliveries: Annotated[
        int,
        typer.Option(help="Starts of one job before it is dead-lettered (its worker died)."),
    ] = DEFAULT_MAX_DELIVERIES,
    reclaim_idle: Annotated[
        float,
        typer.Option(help="Seconds without a heartbeat before another worker takes a job over."),
    ] = DEFAULT_RECLAIM_IDLE,
    heartbeat: Annotated[
        float | None,
        typer.Option(help="Seconds between heartbeats (default: a quarter of --reclaim-idle).",
                     show_default=False),
    ] = None,
    file_store: Annotated[
        str,
        typer.Option(help="Where files live: redis, redis:SIZE (largest file) or dir:/shared."),
    ] = "redis",
    max_threads: Annotated[int, typer.Option(help="Threads for sync functions.")] = 40,
    grace: Annotated[
        float, typer.Option(
            help="Seconds running jobs get to finish when the worker is stopped; "
            "another worker takes over what is left unfinished."
        )
    ] = 30.0,
    batch: Annotated[
        bool,
        typer.Option("--batch", help="Treat every function as a batch function."),
    ] = False,
    max_batch_size: Annotated[int, typer.Option(help="With --batch: most calls in one.")] = 16,
    batch_wait: Annotated[
        float,
        typer.Option(help="With --batch: milliseconds to wait for a batch to fill.", metavar="MS"),
    ] = 50.0,
    show_errors: Annotated[
        bool, typer.Option("--show-errors", help="Send exception messages to clients.")
    ] = False,
    isolation: Isolation = "thread",
    time_limit: TimeLimit = None,
    cancel_grace: CancelGrace = DEFAULT_CANCEL_GRACE,
) -> None:
    """Run TARGET's jobs from a Redis broker (pair with autoui serve --broker)."""
    from autoui.cli.serve_flags import parse_concurrency
    from autoui.isolation import ExecutionSettings
    from autoui.server.launch import log_to_stderr

    settings = broker_settings(broker, file_store, reclaim_idle, heartbeat, max_deliveries)
    options: dict[str, Any] = {"concurrency": parse_concurrency(concurrency)}
    if batch:
        options["batch"] = {"max_batch_size": max_batch_size, "batch_wait": batch_wait / 1000}
    spec = _load_or_exit(target, options)
    execution = ExecutionSettings(
        isolation=isolation,
        time_limit=time_limit,
        cancel_grace=cancel_grace,
        show_errors=show_errors,
        max_threads=max_threads,
    )
    log_to_stderr()
    from autoui.broker.worker import event_loop_factory

    with asyncio.Runner(loop_factory=event_loop_factory()) as runner:
        runner.run(_run(spec, settings, options["concurrency"], execution, grace))
    _leave_stuck_threads()


def _leave_stuck_threads() -> None:
    """Exit now if a job's code still holds a thread after ``--grace``.

    A sync function cannot be interrupted in its thread, and the interpreter would wait
    for it at exit, past the grace (until a supervisor's SIGKILL). Its job was never
    acknowledged: another worker takes it over, as from a worker that died.
    """
    deadline = time.monotonic() + 0.25  # idle pool threads are on their way out
    for thread in _job_threads():
        thread.join(max(0.0, deadline - time.monotonic()))
    stuck = _job_threads()
    if stuck:
        typer.echo(
            f"autoui: left {len(stuck)} call(s) still running after --grace "
            "(a job not finished goes to another worker)",
            err=True,
        )
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def _job_threads() -> list[threading.Thread]:
    current = threading.current_thread()
    return [t for t in threading.enumerate() if t is not current and not t.daemon and t.is_alive()]


def broker_settings(
    url: str,
    file_store: str,
    reclaim_idle: float = DEFAULT_RECLAIM_IDLE,
    heartbeat: float | None = None,
    max_deliveries: int = DEFAULT_MAX_DELIVERIES,
) -> BrokerSettings:
    """The broker flags as settings; a bad value exits with one line naming the flag."""
    from autoui.broker import require_redis
    from autoui.broker.settings import BrokerSettings, parse_file_store
    from autoui.errors import LoadError

    try:
        require_redis()
        return BrokerSettings(
            url=url,
            reclaim_idle=reclaim_idle,
            heartbeat=reclaim_idle / 4 if heartbeat is None else heartbeat,
            max_deliveries=max_deliveries,
            file_store=parse_file_store(file_store),
        )
    except (ValueError, LoadError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def _load_or_exit(target: str, options: dict[str, Any]) -> Any:
    from autoui.cli.loading import load_or_exit
    from autoui.server.launch import apply_overrides

    try:
        return apply_overrides(load_or_exit(target), options)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


async def _run(
    spec: Any, settings: BrokerSettings, concurrency: Any, execution: Any, grace: float
) -> None:
    from autoui.broker.worker import Worker, WorkerOptions

    options = WorkerOptions(concurrency=concurrency, execution=execution, grace=grace)
    worker = Worker(spec, settings, options)
    names = ", ".join(f"{lane.fn} ×{lane.slots}" for lane in worker.lanes)
    print(
        f"autoui: worker {worker.id} for {spec.title} ({names}) on broker "
        f"{settings.shown_url()} (app {worker.app}; files: {settings.file_store.describe()}; "
        f"{execution.isolation} isolation)",
        flush=True,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await worker.run(stop)
