"""``autoui serve TARGET``: the web app, job API and docs of TARGET on a local port.

A shell: the flags are parsed into one JSON-able dict of options (the target, what
rewrites its spec, and :class:`~autoui.server.settings.ServerSettings` fields) and
handed to :func:`autoui.server.launch.serve`. Every default is read from
``ServerSettings`` (written as the flag would be: ``4MB``, ``none``), never copied
here. Imports nothing heavy at module level (``autoui --help`` imports it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from autoui.cli.app import app
from autoui.cli.execution_options import CancelGrace, Isolation, TimeLimit
from autoui.cli.serve_flags import parse_concurrency, settings_from_flags
from autoui.server.launch import LaunchError, build_app
from autoui.server.settings import MB, ServerSettings

__all__ = ["build_app", "parse_concurrency", "serve"]

_DEFAULTS = ServerSettings()

def _shown(value: Any) -> str:
    """A default as the flag would be written (``4MB``, ``none``, ``10``)."""
    if value is None:
        return "none"
    if isinstance(value, int) and value >= 1024 and value % 1024 == 0:
        return f"{value // MB}MB" if value % MB == 0 else f"{value // 1024}KB"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _limit(help: str, metavar: str) -> Any:
    """A budget's option; its default (shown by ``--help``) is ``ServerSettings``' own."""
    return typer.Option(help=help, metavar=metavar)


_LIMITS = _DEFAULTS.input_limits
_CONN = _DEFAULTS.connections


@app.command("serve")
def serve(  # noqa: PLR0913 - one parameter per flag is how Typer reads a command
    target: Annotated[
        str,
        typer.Argument(
            help="module:function, file.py:function, or a module/file.",
            show_default=False,
            metavar="TARGET",
        ),
    ],
    host: Annotated[
        str,
        typer.Option(help="Address to listen on (0.0.0.0 exposes the app to your network)."),
    ] = _DEFAULTS.host,
    port: Annotated[
        int | None,
        typer.Option(help="Port; default 7860 or the next free one.", show_default=False),
    ] = None,
    concurrency: Annotated[
        str | None,
        typer.Option(
            help="Jobs of one function running at once: a number, or 'none' for no limit "
            "(default: each function's own, 1).",
            show_default=False,
            metavar="N|none",
        ),
    ] = None,
    max_queue: Annotated[
        int | None,
        typer.Option(
            help="Most jobs waiting; more are refused with 503 + Retry-After.", show_default=False
        ),
    ] = None,
    max_jobs_per_client: Annotated[
        str,
        _limit(
            "Most jobs one client may have queued or running; more are refused with 429 + "
            "Retry-After. A client is the signed-in user (--auth), else its autoui_session "
            "cookie, else its address, so cookie-less scripts on one machine share one "
            "allowance: a load test playing many users from one address gives each its own "
            "session cookie, or passes 'none' (no limit).",
            "N|none",
        ),
    ] = _shown(_DEFAULTS.max_jobs_per_client),
    max_jobs_per_address: Annotated[
        str,
        _limit(
            "Most live jobs of all anonymous clients of one address together (rotating the "
            "session cookie does not lift --max-jobs-per-client). 'none': no limit.",
            "N|none",
        ),
    ] = _shown(_DEFAULTS.max_jobs_per_address),
    max_queued_bytes_per_client: Annotated[
        str,
        _limit(
            "Most request bytes one client (and, anonymous, one address) may have waiting "
            "in the queue; more are refused with 429. 'none': no limit.",
            "SIZE|none",
        ),
    ] = _shown(_DEFAULTS.max_queued_bytes_per_client),
    send_timeout: Annotated[
        str,
        _limit(
            "Seconds a client may leave an event stream unread (on Linux: any response) "
            "before it is dropped; the job goes on. 'none': wait forever.",
            "SECONDS|none",
        ),
    ] = _shown(_DEFAULTS.send_timeout),
    batch: Annotated[
        bool,
        typer.Option(
            "--batch", help="Treat every function as a batch function (takes lists, returns lists)."
        ),
    ] = False,
    max_batch_size: Annotated[
        int, typer.Option(help="With --batch: most calls gathered into one.")
    ] = 16,
    batch_wait: Annotated[
        float,
        typer.Option(help="With --batch: milliseconds to wait for a batch to fill.", metavar="MS"),
    ] = 50.0,
    max_file_size: Annotated[
        str, _limit("Largest upload (POST /api/files).", "SIZE")
    ] = _shown(_DEFAULTS.max_file_size),
    max_body_size: Annotated[
        str,
        _limit(
            "Largest JSON request body (a call's inputs; files go through uploads); more is "
            "refused with 413 while it is read.",
            "SIZE",
        ),
    ] = _shown(_DEFAULTS.max_body_size),
    max_decoded_size: Annotated[
        str,
        _limit(
            "Most memory one input may take once decoded when its job starts (an image's "
            "pixels × channels, audio samples); more fails the job with a 422-style error.",
            "SIZE",
        ),
    ] = _shown(_LIMITS.max_decoded_bytes),
    max_retained_bytes: Annotated[
        str,
        _limit(
            "Most bytes of job results and events kept for clients to read; read results "
            "go first, unread ones only after --result-grace; when nothing can go, new jobs "
            "get 503 + Retry-After.",
            "SIZE",
        ),
    ] = _shown(_DEFAULTS.max_retained_bytes),
    result_grace: Annotated[
        str,
        _limit(
            "Seconds an unread result is kept whatever the memory pressure.",
            "SECONDS",
        ),
    ] = _shown(_DEFAULTS.result_grace),
    header_timeout: Annotated[
        str,
        _limit(
            "Seconds a client has to send a request's headers (a silent or trickling "
            "connection is closed).",
            "SECONDS",
        ),
    ] = _shown(_CONN.header_timeout),
    keep_alive_timeout: Annotated[
        str,
        _limit(
            "Seconds an idle keep-alive connection stays open.",
            "SECONDS",
        ),
    ] = _shown(_CONN.keep_alive_timeout),
    idle_timeout: Annotated[
        str,
        _limit(
            "Seconds a request body may stall before the connection is closed (streaming "
            "responses are never cut).",
            "SECONDS",
        ),
    ] = _shown(_CONN.idle_timeout),
    max_header_size: Annotated[
        str,
        _limit("Largest request head; more is refused with 431.", "SIZE"),
    ] = _shown(_CONN.max_header_size),
    max_connections_per_address: Annotated[
        str,
        _limit(
            "Most open connections from one address (loopback, or the --trusted-proxies, "
            "exempt). 'none': no limit.",
            "N|none",
        ),
    ] = _shown(_CONN.max_per_address),
    auth: Annotated[
        list[str] | None,
        typer.Option(
            help="user:password allowed in (repeatable); protects every route.",
            show_default=False,
            metavar="USER:PASSWORD",
        ),
    ] = None,
    auth_file: Annotated[
        Path | None,
        typer.Option(
            help="A file of user:hash lines (argon2 hashes; needs autoui[auth]).",
            show_default=False,
        ),
    ] = None,
    allowed_hosts: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            "--allowed-hosts",
            help="Host name the app may be reached by (repeatable; *.example.com for "
            "subdomains), besides --host and loopback names.",
            show_default=False,
        ),
    ] = None,
    trusted_proxies: Annotated[
        list[str] | None,
        typer.Option(
            "--trusted-proxy",
            "--trusted-proxies",
            help="Address or network of a reverse proxy whose X-Forwarded-For is believed "
            "(repeatable). Default: none, from anyone.",
            show_default=False,
        ),
    ] = None,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option(
            help="Exact origin (https://site.example) whose pages may call the API (repeatable).",
            show_default=False,
        ),
    ] = None,
    allow_embed: Annotated[
        list[str] | None,
        typer.Option(
            help="Origin (https://site.example) whose pages may show the app in a frame "
            "(repeatable); by default only the app's own pages may.",
            show_default=False,
        ),
    ] = None,
    show_errors: Annotated[
        bool,
        typer.Option(
            "--show-errors", help="Send exception messages to clients, not only their type."
        ),
    ] = False,
    reload: Annotated[
        bool, typer.Option("--reload", help="Restart when the target's source changes.")
    ] = False,
    title: Annotated[str | None, typer.Option(help="The app's title.", show_default=False)] = None,
    theme: Annotated[
        str | None,
        typer.Option(
            help="The web UI's theme (default, soft, glass, monochrome).", show_default=False
        ),
    ] = None,
    css: Annotated[
        Path | None, typer.Option(help="A CSS file added to the web UI.", show_default=False)
    ] = None,
    js: Annotated[
        Path | None,
        typer.Option(help="A JavaScript module added to the web UI.", show_default=False),
    ] = None,
    live: Annotated[
        bool, typer.Option("--live", help="Re-run a function whenever an input changes.")
    ] = False,
    mcp: Annotated[
        bool,
        typer.Option(
            "--mcp", help="Also serve the functions as MCP tools at /mcp (needs autoui[mcp])."
        ),
    ] = False,
    no_gradio_api: Annotated[
        bool,
        typer.Option(
            "--no-gradio-api",
            help="Do not answer the routes the official Gradio clients use (/config, "
            "/gradio_api/...); they are on by default.",
        ),
    ] = False,
    isolation: Isolation = _DEFAULTS.isolation,  # type: ignore[assignment]
    time_limit: TimeLimit = _DEFAULTS.time_limit,
    cancel_grace: CancelGrace = _DEFAULTS.cancel_grace,
    max_threads: Annotated[
        int,
        typer.Option(
            min=1,
            metavar="N",
            help="Worker threads for sync functions and for decoding inputs. A sync function "
            "with a live input holds one for as long as its stream lasts, so more such "
            "streams at once than N wait (an async def function holds none).",
            rich_help_panel="Execution",
        ),
    ] = _DEFAULTS.max_threads,
    stream_time_limit: Annotated[
        float,
        typer.Option(
            min=0.1,
            help="Seconds a live input (Iterator[Audio], Iterator[Image]) may last; then it "
            "ends and the function gives its result.",
        ),
    ] = _DEFAULTS.stream_time_limit,
    stream_idle_timeout: Annotated[
        float,
        typer.Option(min=0.1, help="Seconds without a chunk after which a live input ends."),
    ] = _DEFAULTS.stream_idle_timeout,
    broker: Annotated[
        str | None,
        typer.Option(
            help="Run as a stateless front-end of this Redis (redis://host:port/db); "
            "autoui worker processes run the jobs.",
            show_default=False,
            metavar="URL",
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option(help="With --broker: also start this many local worker processes.")
    ] = 0,
    file_store: Annotated[
        str,
        typer.Option(
            help="With --broker: where files live: redis, redis:SIZE (largest file) or "
            "dir:/shared/path (a directory every front-end and worker mounts)."
        ),
    ] = "redis",
) -> None:
    """Serve TARGET as a web app with a job queue, a typed HTTP API and /docs."""
    flags = dict(locals())
    if broker is None and workers:
        raise typer.BadParameter("--workers needs --broker", param_hint="--workers")
    options: dict[str, Any] = {"target": target, "title": title, "theme": theme}
    options["concurrency"] = parse_concurrency(concurrency)
    if batch:
        options["batch"] = {"max_batch_size": max_batch_size, "batch_wait": batch_wait / 1000}
    options.update(settings_from_flags(flags))
    try:
        from autoui.cli.loading import print_warnings
        from autoui.server.launch import serve as launch

        launch(options, port=port, reload=reload, workers=workers, built=print_warnings)
    except LaunchError as exc:
        typer.echo(f"error: {exc}", err=True)
        if exc.details:
            typer.echo(exc.details, err=True)
        raise typer.Exit(1) from None
