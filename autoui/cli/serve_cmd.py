"""``autoui serve TARGET``: the web app, job API and docs of TARGET on a local port.

Imports nothing heavy at module level (``autoui --help`` imports this module); FastAPI
and uvicorn are imported when the command runs. The options are gathered into one
JSON-able dict (:func:`build_app` turns it into the app), so ``--reload`` can hand them
to uvicorn's reloading worker through the ``AUTOUI_SERVE_OPTIONS`` environment variable
and the import-string factory :func:`reload_factory`.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from autoui.cli.app import app
from autoui.cli.execution_options import DEFAULT_CANCEL_GRACE, CancelGrace, Isolation, TimeLimit

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

    from autoui.spec import AppSpec, FunctionSpec

__all__ = ["build_app", "reload_factory", "serve"]

ENV_OPTIONS = "AUTOUI_SERVE_OPTIONS"
DEFAULT_PORT = 7860
GRACE = 5.0  # seconds running jobs get to finish when the server is stopped
DEFAULT_JOBS_PER_CLIENT = 64  # ServerSettings.max_jobs_per_client
DEFAULT_SEND_TIMEOUT = 30.0  # ServerSettings.send_timeout
DEFAULT_STREAM_TIME_LIMIT = 300.0  # ServerSettings.stream_time_limit
DEFAULT_STREAM_IDLE_TIMEOUT = 30.0  # ServerSettings.stream_idle_timeout
_PORTS_TRIED = 100
_SIZE_RE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


@app.command("serve")
def serve(
    target: Annotated[
        str,
        typer.Argument(
            help="module:function, file.py:function, or a module/file.",
            show_default=False,
            metavar="TARGET",
        ),
    ],
    host: Annotated[
        str, typer.Option(help="Address to listen on (0.0.0.0 exposes the app to your network).")
    ] = "127.0.0.1",
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
        typer.Option(
            metavar="N|none",
            help="Most jobs one client may have queued or running; more are refused with 429 + "
            "Retry-After. A client is the signed-in user (--auth), else its autoui_session "
            "cookie, else its address, so cookie-less scripts on one machine share one "
            "allowance: a load test playing many users from one address gives each its own "
            "session cookie, or passes 'none' (no limit).",
        ),
    ] = str(DEFAULT_JOBS_PER_CLIENT),
    send_timeout: Annotated[
        str,
        typer.Option(
            metavar="SECONDS|none",
            help="Seconds a client may leave an event stream unread (on Linux: any response) "
            "before it is dropped; the job goes on. 'none': wait forever.",
        ),
    ] = str(DEFAULT_SEND_TIMEOUT),
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
        float, typer.Option(help="With --batch: milliseconds to wait for a batch to fill.")
    ] = 50.0,
    max_file_size: Annotated[str, typer.Option(help="Largest upload, e.g. 100MB, 512k.")] = "100MB",
    auth: Annotated[
        list[str] | None,
        typer.Option(
            help="user:password allowed in (repeatable); protects every route.", show_default=False
        ),
    ] = None,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option(
            help="Exact origin (https://site.example) whose pages may call the API (repeatable).",
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
    isolation: Isolation = "thread",
    time_limit: TimeLimit = None,
    cancel_grace: CancelGrace = DEFAULT_CANCEL_GRACE,
    stream_time_limit: Annotated[
        float,
        typer.Option(
            min=0.1,
            help="Seconds a live input (Iterator[Audio], Iterator[Image]) may last; then it "
            "ends and the function gives its result.",
        ),
    ] = DEFAULT_STREAM_TIME_LIMIT,
    stream_idle_timeout: Annotated[
        float,
        typer.Option(min=0.1, help="Seconds without a chunk after which a live input ends."),
    ] = DEFAULT_STREAM_IDLE_TIMEOUT,
    broker: Annotated[
        str | None,
        typer.Option(
            help="Run as a stateless front-end of this Redis (redis://host:port/db); "
            "autoui worker processes run the jobs.",
            show_default=False,
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
    stall = _seconds_or_none(send_timeout, "--send-timeout")
    if broker is None and workers:
        raise typer.BadParameter("--workers needs --broker", param_hint="--workers")
    options = {
        "target": target,
        "host": host,
        "concurrency": _concurrency(concurrency),
        "max_queue": max_queue,
        "max_jobs_per_client": _count_or_none(max_jobs_per_client, "--max-jobs-per-client"),
        "send_timeout": stall,
        "batch": {"max_batch_size": max_batch_size, "batch_wait": batch_wait / 1000}
        if batch
        else None,
        "max_file_size": _size(max_file_size),
        "auth": [_user_password(pair) for pair in auth or []],
        "cors_origins": list(cors_origin or []),
        "show_errors": show_errors,
        "title": title,
        "theme": theme,
        "css": _existing(css, "--css"),
        "js": _existing(js, "--js"),
        "live": live,
        "mcp": _mcp_or_exit(mcp),
        "gradio_api": not no_gradio_api,
        "isolation": isolation,
        "time_limit": time_limit,
        "cancel_grace": cancel_grace,
        "stream_time_limit": stream_time_limit,
        "stream_idle_timeout": stream_idle_timeout,
        "broker": _broker_options(broker, file_store),
    }
    from autoui.cli.loading import print_warnings

    fastapi_app, spec = _build_or_exit(options)
    print_warnings(spec)  # the warnings inspect shows, once
    sock = _bind(host, port, stall)
    bound_port = sock.getsockname()[1]
    _announce(spec, host, bound_port, mcp, fastapi_app.state.autoui.settings.broker)
    _log_to_stderr()
    local_workers = _start_workers(target, options, workers, concurrency, batch)
    stop_workers = local_workers.stop if local_workers is not None else None
    try:
        if reload:
            sock.close()
            _run_reloading(options, host, bound_port)
        else:
            _run(fastapi_app, sock, stop_workers)
    finally:
        if stop_workers is not None:
            stop_workers()


# -- building ---------------------------------------------------------------------------
def build_app(options: dict[str, Any]) -> tuple[FastAPI, AppSpec]:
    """The app for ``serve``'s options (a JSON-able dict, see :func:`serve`)."""
    from autoui.introspect import load_app
    from autoui.server import ServerSettings, create_app

    spec = _apply_overrides(load_app(options["target"], title=options.get("title")), options)
    settings = ServerSettings(
        host=options["host"],
        check_host=True,
        max_queue=options.get("max_queue"),
        max_jobs_per_client=options.get("max_jobs_per_client", DEFAULT_JOBS_PER_CLIENT),
        send_timeout=options.get("send_timeout", DEFAULT_SEND_TIMEOUT),
        max_file_size=options["max_file_size"],
        auth=tuple((user, password) for user, password in options.get("auth", [])),
        cors_origins=tuple(options.get("cors_origins", [])),
        show_errors=options.get("show_errors", False),
        live=options.get("live", False),
        css=Path(options["css"]) if options.get("css") else None,
        js=Path(options["js"]) if options.get("js") else None,
        mcp=options.get("mcp", False),
        gradio_api=options.get("gradio_api", True),
        isolation=options.get("isolation", "thread"),
        time_limit=options.get("time_limit"),
        cancel_grace=options.get("cancel_grace", DEFAULT_CANCEL_GRACE),
        stream_time_limit=options.get("stream_time_limit", DEFAULT_STREAM_TIME_LIMIT),
        stream_idle_timeout=options.get("stream_idle_timeout", DEFAULT_STREAM_IDLE_TIMEOUT),
    )
    if options.get("broker"):
        settings = _with_broker(settings, options["broker"])
    return create_app(spec, settings), spec


def _broker_options(url: str | None, file_store: str) -> dict[str, Any] | None:
    """``--broker`` and ``--file-store`` checked now (one line on error), JSON-able."""
    if url is None:
        return None
    from autoui.cli.worker_cmd import broker_settings

    broker_settings(url, file_store)
    return {"url": url, "file_store": file_store}


def _with_broker(settings: Any, options: dict[str, Any]) -> Any:
    """Settings of a front-end: the broker, and uploads no larger than the file store takes."""
    from dataclasses import replace

    from autoui.cli.worker_cmd import broker_settings

    broker = broker_settings(options["url"], options["file_store"])
    store = broker.file_store
    if store.kind == "dir":
        return replace(settings, broker=broker, root_path=store.path)
    return replace(
        settings, broker=broker, max_file_size=min(settings.max_file_size, store.max_file)
    )


def _start_workers(
    target: str, options: dict[str, Any], count: int, concurrency: str | None, batch: bool
) -> Any:
    """``--workers N``: N local ``autoui worker`` children (stopped with the server)."""
    if not count or not options.get("broker"):
        return None
    from autoui.broker.spawn import LocalWorkers

    argv = [target, "--broker", options["broker"]["url"], "--file-store",
            options["broker"]["file_store"]]
    if concurrency is not None:
        argv += ["--concurrency", concurrency]
    if batch and options.get("batch"):
        argv += ["--batch", "--max-batch-size", str(options["batch"]["max_batch_size"]),
                 "--batch-wait", str(options["batch"]["batch_wait"] * 1000)]
    if options.get("show_errors"):
        argv.append("--show-errors")
    workers = LocalWorkers(argv, count)
    workers.start()
    print(f"autoui: started {count} local worker(s): pids "
          f"{', '.join(str(p.pid) for p in workers.processes)}", flush=True)
    return workers


def reload_factory() -> FastAPI:
    """uvicorn's import-string factory under ``--reload`` (options from the environment)."""
    _log_to_stderr()
    fastapi_app, _ = build_app(json.loads(os.environ[ENV_OPTIONS]))
    return fastapi_app


def _apply_overrides(spec: AppSpec, options: dict[str, Any]) -> AppSpec:
    functions = []
    for fn in spec.functions:
        if options.get("batch"):
            fn = _as_batch(fn, options["batch"])
        if options.get("concurrency", "spec") != "spec":
            fn = fn.replace(concurrency_limit=options["concurrency"])
        functions.append(fn)
    spec = spec.replace(functions=tuple(functions))
    if options.get("theme"):
        spec = spec.replace(theme=_theme(options["theme"]))
    return spec


def _as_batch(fn: FunctionSpec, batch: dict[str, Any]) -> FunctionSpec:
    """``--batch``: re-read an unmarked function as a batch one (its lists unwrapped).

    Generators cannot be batched: they keep running one call at a time, with a note.
    """
    from autoui.introspect import introspect
    from autoui.markers import BatchConfig

    if fn.batch is not None:
        return fn  # its own @autoui.batch settings win
    if fn.streaming:
        typer.echo(f"note: --batch does not apply to {fn.name} (a generator)", err=True)
        return fn
    return introspect(fn.fn, fn.name, batch=BatchConfig(**batch))


def _build_or_exit(options: dict[str, Any]) -> tuple[FastAPI, AppSpec]:
    from autoui.errors import LoadError, SpecError

    try:
        return build_app(options)
    except (LoadError, SpecError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        details = getattr(exc, "details", None)
        if details:
            typer.echo(details, err=True)
        raise typer.Exit(1) from None


# -- running ----------------------------------------------------------------------------
def _bind(host: str, port: int | None, send_timeout: float | None = None) -> socket.socket:
    """A listening socket on ``port``, or on 7860 or the next free port when None.

    With ``send_timeout``, where the OS has it (Linux), the socket gets ``TCP_USER_TIMEOUT``,
    which every accepted connection inherits: the kernel resets a connection whose data
    has waited that long for a client that stopped reading. The event stream gives up
    on such a client by itself; this also frees the connection (an ASGI app cannot
    abort it) and covers file downloads and other responses.
    """
    candidates = [port] if port is not None else range(DEFAULT_PORT, DEFAULT_PORT + _PORTS_TRIED)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for candidate in candidates:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if send_timeout is not None and hasattr(socket, "TCP_USER_TIMEOUT"):
            milliseconds = max(1, round(send_timeout * 1000))
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, milliseconds)
        try:
            sock.bind((host, candidate))
        except OSError as exc:
            sock.close()
            if port is not None:
                typer.echo(f"error: cannot listen on {host}:{port} ({exc.strerror})", err=True)
                raise typer.Exit(1) from None
            continue
        sock.listen(2048)
        sock.set_inheritable(True)
        return sock
    typer.echo(
        f"error: no free port from {DEFAULT_PORT} to {DEFAULT_PORT + _PORTS_TRIED - 1}", err=True
    )
    raise typer.Exit(1)


def _announce(
    spec: AppSpec, host: str, port: int, mcp: bool = False, broker: Any = None
) -> None:
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}"
    names = ", ".join(fn.name for fn in spec.functions)
    print(f"autoui: serving {spec.title} ({names}) at {url}", flush=True)
    print(f"autoui: API docs at {url}/docs", flush=True)
    if mcp:
        print(f"autoui: MCP (Streamable HTTP) at {url}/mcp", flush=True)
    if broker is not None:
        from autoui.broker.connection import probe

        print(f"autoui: {probe(broker, spec)}", flush=True)


def _mcp_or_exit(mcp: bool) -> bool:
    """``--mcp`` without the ``mcp`` package: one line saying what to install."""
    if not mcp:
        return False
    from autoui.protocols.mcp import INSTALL_HINT, mcp_available

    if not mcp_available():
        typer.echo(f"error: {INSTALL_HINT}", err=True)
        raise typer.Exit(1)
    return True


def _uvicorn_options() -> dict[str, Any]:
    return {
        "log_level": "warning",
        "access_log": False,
        "ws": "websockets-sansio",  # live inputs (Iterator[Audio], ...) stream over WebSockets
        "ws_max_size": 2 * 1024 * 1024,  # a frame is at most 1 MiB (autoui.Webcam)
        "ws_per_message_deflate": False,  # PCM and JPEG do not compress; it would cost CPU
        "lifespan": "on",
        "timeout_graceful_shutdown": GRACE,
        "timeout_keep_alive": 20,  # clients come back for the event stream; do not race them
    }


def _run(
    fastapi_app: FastAPI, sock: socket.socket, stop_workers: Callable[[], None] | None = None
) -> None:
    import uvicorn

    class DrainingServer(uvicorn.Server):
        """On shutdown, first let running jobs finish (or fail them), so every event
        stream ends with a terminal event instead of a cut connection; then stop the
        local workers (``--workers``: uvicorn re-raises the signal once it returns)."""

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            await fastapi_app.state.autoui.backend.drain(GRACE)
            await fastapi_app.state.autoui.backend.aclose()
            await super().shutdown(sockets)
            if stop_workers is not None:
                await asyncio.to_thread(stop_workers)

    server = DrainingServer(uvicorn.Config(fastapi_app, **_uvicorn_options()))
    server.run(sockets=[sock])


def _run_reloading(options: dict[str, Any], host: str, port: int) -> None:
    import uvicorn

    os.environ[ENV_OPTIONS] = json.dumps(options)
    uvicorn.run(
        "autoui.cli.serve_cmd:reload_factory",
        factory=True,
        host=host,
        port=port,
        reload=True,
        reload_dirs=[str(_source_dir(options["target"]))],
        **_uvicorn_options(),
    )


def _source_dir(target: str) -> Path:
    """The folder whose changes restart the server: the target's own."""
    from autoui.loader import split_target

    source, _ = split_target(target)
    if source.endswith((".py", ".pyw")):
        return Path(source).resolve().parent
    module = sys.modules.get(source)
    module_file = getattr(module, "__file__", None)
    return Path(module_file).resolve().parent if module_file else Path.cwd()


def _log_to_stderr() -> None:
    import logging

    class CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg]
        """Writes to whatever ``sys.stderr`` is *now*, not the stream of the first call."""

        @property  # type: ignore[override]
        def stream(self) -> Any:
            return sys.stderr

        @stream.setter
        def stream(self, _value: Any) -> None:
            pass

    logger = logging.getLogger("autoui")
    if not logger.handlers:
        handler = CurrentStderr()
        handler.setFormatter(logging.Formatter("autoui: %(levelname)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


# -- option parsing -----------------------------------------------------------------------
def _concurrency(value: str | None) -> int | None | str:
    return "spec" if value is None else _count_or_none(value, "--concurrency")


def _count_or_none(value: str, flag: str) -> int | None:
    if value.strip().lower() in ("none", "unlimited"):
        return None
    if value.strip().isdigit() and int(value) >= 1:
        return int(value)
    raise typer.BadParameter(
        f"expected a number (1 or more) or 'none', got {value!r}", param_hint=flag
    )


def _seconds_or_none(value: str, flag: str) -> float | None:
    if value.strip().lower() in ("none", "unlimited"):
        return None
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise typer.BadParameter(
            f"expected seconds (more than 0) or 'none', got {value!r}", param_hint=flag
        )
    return seconds


def _size(value: str) -> int:
    match = _SIZE_RE.fullmatch(value)
    if match is None:
        raise typer.BadParameter(
            f"expected a size like 100MB or 512k, got {value!r}", param_hint="--max-file-size"
        )
    unit = (match.group(2) or "").lower().rstrip("b").rstrip("i")
    size = int(float(match.group(1)) * _UNITS[unit])
    if size < 1:
        raise typer.BadParameter("must be at least 1 byte", param_hint="--max-file-size")
    return size


def _user_password(pair: str) -> tuple[str, str]:
    user, sep, password = pair.partition(":")
    if not sep or not user or not password:
        raise typer.BadParameter(f"expected user:password, got {pair!r}", param_hint="--auth")
    return user, password


def _existing(path: Path | None, flag: str) -> str | None:
    if path is None:
        return None
    if not path.is_file():
        raise typer.BadParameter(f"no such file: {path}", param_hint=flag)
    return str(path.resolve())


def _theme(name: str) -> str:
    import autoui

    themes = sorted(p.stem for p in (Path(autoui.__file__).parent / "web" / "themes").glob("*.css"))
    if themes and name not in themes:
        raise ValueError(f"unknown theme {name!r}; available: {', '.join(themes)}")
    return name
