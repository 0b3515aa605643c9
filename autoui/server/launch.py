"""Running an app the way ``autoui serve`` does: build it, bind, and run it under uvicorn.

``autoui serve`` parses its flags into one JSON-able dict of *options* and calls
:func:`serve`. The options are the target and what rewrites its spec (``title``,
``theme``, ``concurrency``, ``batch``) plus any :class:`ServerSettings` field, given only
when set: every default lives in :class:`ServerSettings`. Being JSON, the options reach
``--reload``'s worker process through the environment (:func:`reload_factory`).

What uvicorn is told (:func:`uvicorn_options`) follows the settings: the guarded HTTP
protocol of :mod:`autoui.server.connections` (head timeout and size, body idle timeout,
connections per address), the keep-alive timeout, and which proxies' forwarded headers
to believe (none unless ``trusted_proxies``). On shutdown the queue drains first, so
every event stream ends with a terminal event.

Imports nothing heavy at module level (the CLI imports it for ``--help``).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autoui.server.settings import ServerSettings

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

    from autoui.spec import AppSpec, FunctionSpec

__all__ = [
    "DEFAULT_PORT",
    "LaunchError",
    "apply_overrides",
    "bind",
    "build_app",
    "log_to_stderr",
    "reload_factory",
    "serve",
    "settings_of",
]

ENV_OPTIONS = "AUTOUI_SERVE_OPTIONS"
DEFAULT_PORT = 7860
GRACE = 5.0  # seconds running jobs get to finish when the server is stopped
_PORTS_TRIED = 100
_SPEC_OPTIONS = frozenset({"target", "title", "theme", "concurrency", "batch"})

log = logging.getLogger("autoui")


class LaunchError(Exception):
    """The server cannot start; ``str()`` is one line for the user, ``details`` may add more."""

    def __init__(self, message: str, details: str | None = None) -> None:
        super().__init__(message)
        self.details = details


def serve(
    options: dict[str, Any],
    *,
    port: int | None = None,
    reload: bool = False,
    workers: int = 0,
    built: Callable[[AppSpec], None] | None = None,
) -> None:
    """Build the app of ``options``, bind ``port`` (7860 or the next free one when None),
    print where it is, and serve until stopped.

    Args:
        workers: with a broker, local ``autoui worker`` processes to start (and stop).
        built: called with the spec once the app is built (the CLI prints its warnings).

    Raises:
        LaunchError: the target does not load, a setting is invalid, or no port is free.
    """
    fastapi_app, spec = _build_or_fail(options)
    if built is not None:
        built(spec)
    settings: ServerSettings = fastapi_app.state.autoui.settings
    sock = bind(settings.host, port, settings.send_timeout)
    bound_port = sock.getsockname()[1]
    _announce(spec, settings, bound_port)
    log_to_stderr()
    local_workers = _start_workers(options, workers)
    stop_workers = local_workers.stop if local_workers is not None else None
    try:
        if reload:
            sock.close()
            _run_reloading(options, settings, bound_port)
        else:
            _run(fastapi_app, sock, settings, stop_workers)
    finally:
        if stop_workers is not None:
            stop_workers()


# -- building ---------------------------------------------------------------------------
def settings_of(options: dict[str, Any]) -> ServerSettings:
    """The server settings in ``options`` (``check_host`` on unless said otherwise)."""
    values = {k: v for k, v in options.items() if k not in _SPEC_OPTIONS and k != "broker"}
    values.setdefault("check_host", True)
    settings = ServerSettings.from_json(values)
    if options.get("broker"):
        settings = _with_broker(settings, options["broker"])
    return settings


def _with_broker(settings: ServerSettings, broker: dict[str, Any]) -> ServerSettings:
    """A front-end's settings: the broker, and uploads no larger than its file store takes."""
    from dataclasses import replace

    from autoui.broker.settings import BrokerSettings, parse_file_store

    store = parse_file_store(broker["file_store"])
    attached = BrokerSettings(url=broker["url"], file_store=store)
    if store.kind == "dir":
        return replace(settings, broker=attached, root_path=store.path)
    max_file = min(settings.max_file_size, store.max_file)
    return replace(settings, broker=attached, max_file_size=max_file)


def _start_workers(options: dict[str, Any], count: int) -> Any:
    """``--workers N``: N local ``autoui worker`` children (stopped with the server)."""
    broker = options.get("broker")
    if not count or not broker:
        return None
    from autoui.broker.spawn import LocalWorkers

    argv = [options["target"], "--broker", broker["url"], "--file-store", broker["file_store"]]
    if options.get("concurrency", "spec") != "spec":
        concurrency = options["concurrency"]
        argv += ["--concurrency", "none" if concurrency is None else str(concurrency)]
    if options.get("batch"):
        batch = options["batch"]
        argv += ["--batch", "--max-batch-size", str(batch["max_batch_size"])]
        argv += ["--batch-wait", str(batch["batch_wait"] * 1000)]
    if options.get("show_errors"):
        argv.append("--show-errors")
    workers = LocalWorkers(argv, count)
    workers.start()
    pids = ", ".join(str(p.pid) for p in workers.processes)
    print(f"autoui: started {count} local worker(s): pids {pids}", flush=True)
    return workers


def build_app(options: dict[str, Any]) -> tuple[FastAPI, AppSpec]:
    """The app for ``serve``'s options (see the module docstring)."""
    from autoui.introspect import load_app
    from autoui.server import create_app

    settings = settings_of(options)
    spec = apply_overrides(load_app(options["target"], title=options.get("title")), options)
    return create_app(spec, settings), spec


def reload_factory() -> FastAPI:
    """uvicorn's import-string factory under ``--reload`` (options from the environment)."""
    log_to_stderr()
    options = json.loads(os.environ[ENV_OPTIONS])
    fastapi_app, _ = build_app(options)
    _guard(fastapi_app.state.autoui.settings)
    return fastapi_app


def _build_or_fail(options: dict[str, Any]) -> tuple[FastAPI, AppSpec]:
    from autoui.errors import LoadError, SpecError

    try:
        return build_app(options)
    except (LoadError, SpecError, ValueError) as exc:
        raise LaunchError(str(exc), getattr(exc, "details", None)) from None


def apply_overrides(spec: AppSpec, options: dict[str, Any]) -> AppSpec:
    """``concurrency``, ``batch`` and ``theme`` of ``options`` applied to the spec."""
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
        print(f"note: --batch does not apply to {fn.name} (a generator)", file=sys.stderr)
        return fn
    return introspect(fn.fn, fn.name, batch=BatchConfig(**batch))


def _theme(name: str) -> str:
    import autoui

    themes = sorted(p.stem for p in (Path(autoui.__file__).parent / "web" / "themes").glob("*.css"))
    if themes and name not in themes:
        raise ValueError(f"unknown theme {name!r}; available: {', '.join(themes)}")
    return name


# -- binding ------------------------------------------------------------------------------
def bind(host: str, port: int | None, send_timeout: float | None = None) -> socket.socket:
    """A listening socket on ``port``, or on 7860 or the next free port when None.

    With ``send_timeout``, where the OS has it (Linux), the socket gets ``TCP_USER_TIMEOUT``,
    which every accepted connection inherits: the kernel resets a connection whose data
    has waited that long for a client that stopped reading. The event stream gives up
    on such a client by itself; this also frees the connection (an ASGI app cannot
    abort it) and covers file downloads and other responses.

    Raises:
        LaunchError: ``port`` is taken, or no port from 7860 on is free.
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
                raise LaunchError(f"cannot listen on {host}:{port} ({exc.strerror})") from None
            continue
        sock.listen(2048)
        sock.set_inheritable(True)
        return sock
    raise LaunchError(f"no free port from {DEFAULT_PORT} to {DEFAULT_PORT + _PORTS_TRIED - 1}")


def _announce(spec: AppSpec, settings: ServerSettings, port: int) -> None:
    host = settings.host
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}"
    names = ", ".join(fn.name for fn in spec.functions)
    print(f"autoui: serving {spec.title} ({names}) at {url}", flush=True)
    print(f"autoui: API docs at {url}/docs", flush=True)
    if settings.mcp:
        print(f"autoui: MCP (Streamable HTTP) at {url}/mcp", flush=True)
    if settings.broker is not None:
        from autoui.broker.connection import probe

        print(f"autoui: {probe(settings.broker, spec)}", flush=True)


# -- running ----------------------------------------------------------------------------
def uvicorn_options(settings: ServerSettings) -> dict[str, Any]:
    """What uvicorn is told, from the settings (the guarded protocol included)."""
    from autoui.server.connections import protocol_class

    trusted = list(settings.trusted_proxies)
    return {
        "log_level": "warning",
        "access_log": False,
        "ws": "websockets-sansio",  # live inputs (Iterator[Audio], ...) stream over WebSockets
        "ws_max_size": 2 * 1024 * 1024,  # a frame is at most 1 MiB (autoui.Webcam)
        "ws_per_message_deflate": False,  # PCM and JPEG do not compress; it would cost CPU
        "lifespan": "on",
        "http": protocol_class(),
        "timeout_graceful_shutdown": GRACE,
        "timeout_keep_alive": settings.connections.keep_alive_timeout,
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted or [],
        "server_header": False,
    }


def _guard(settings: ServerSettings) -> None:
    from autoui.server.connections import install

    install(settings.connections, settings.trusted_proxies)
    _return_big_blocks_to_the_os()


_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter


def _return_big_blocks_to_the_os(threshold: int = 256 * 1024) -> None:
    """Make freed blocks of ``threshold`` bytes and more go back to the OS (glibc only).

    glibc raises its mmap threshold (up to 32 MB) each time it frees a big mapped block,
    after which megabyte-sized payloads come from the heap and their memory stays with
    the process when freed: a server that once streamed 200 MB of outputs kept ~160 MB
    of it. A fixed threshold keeps big buffers mapped, and unmapped when freed.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").mallopt(_M_MMAP_THRESHOLD, threshold)
    except (OSError, AttributeError):  # not glibc (musl...): nothing to tune
        pass


def _run(
    fastapi_app: FastAPI,
    sock: socket.socket,
    settings: ServerSettings,
    stop_workers: Callable[[], None] | None = None,
) -> None:
    import asyncio

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

    _guard(settings)
    server = DrainingServer(uvicorn.Config(fastapi_app, **uvicorn_options(settings)))
    server.run(sockets=[sock])


def _run_reloading(options: dict[str, Any], settings: ServerSettings, port: int) -> None:
    import uvicorn

    os.environ[ENV_OPTIONS] = json.dumps(options)
    uvicorn.run(
        "autoui.server.launch:reload_factory",
        factory=True,
        host=settings.host,
        port=port,
        reload=True,
        reload_dirs=[str(_source_dir(options["target"]))],
        **uvicorn_options(settings),
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


class _CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is *now*, not the stream of the first call."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def log_to_stderr() -> None:
    """Send autoui's log (warnings about dropped streams, failed jobs...) to stderr."""
    logger = logging.getLogger("autoui")
    if not logger.handlers:
        handler = _CurrentStderr()
        handler.setFormatter(logging.Formatter("autoui: %(levelname)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
