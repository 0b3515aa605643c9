"""How one autoui server behaves, as one immutable value passed to :func:`create_app`.

Per-function behaviour (concurrency limit, batching) lives in the
:class:`~autoui.spec.FunctionSpec`; ``autoui serve``'s ``--concurrency`` and ``--batch``
rewrite the spec before the app is built. Everything else is here, so nothing is read
from the environment behind the caller's back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from autoui.broker.settings import BrokerSettings

from autoui.limits import InputLimits

__all__ = ["MB", "ServerSettings"]

MB = 1024 * 1024


@dataclass(frozen=True)
class ServerSettings:
    """Settings of one server.

    Attributes:
        host: the address the server is bound to; on a loopback address, requests whose
            ``Host`` is not a loopback name (nor allowed by ``cors_origins``) are refused,
            which defeats DNS rebinding. Only consulted when ``check_host`` is true.
        check_host: refuse unexpected ``Host`` headers (on by default for ``autoui
            serve``; off for apps mounted elsewhere, whose host the proxy decides).
        max_queue: most jobs waiting (not running) across all functions; None: no limit.
        max_jobs_per_client: most jobs one client may have queued or running at once;
            more are refused with 429 + ``Retry-After`` and not created. A client is the
            signed-in user, else the ``autoui_session`` cookie, else the remote address
            (so cookie-less local clients share one allowance). None: no limit.
        max_file_size: the largest upload request (and each file in it), in bytes; also
            bounds a job's JSON body.
        auth: ``(user, password)`` pairs; empty means no authentication.
        cors_origins: exact origins (``https://example.com``) allowed to call the API from
            a browser page served elsewhere.
        show_errors: send an unexpected exception's message to clients, not only its type.
        live: the web UI re-runs a function whenever an input changes.
        css / js: files served as ``/custom.css`` / ``/custom.js`` and linked by the UI.
        job_ttl: seconds a finished job's events stay available.
        max_finished_jobs: most finished jobs kept, oldest dropped first.
        file_ttl: seconds an uploaded or output file stays available.
        max_store_bytes: most bytes the file store keeps on disk, oldest dropped first.
        heartbeat: seconds between SSE heartbeats on a quiet stream.
        send_timeout: seconds one write of an event stream may wait for a client that
            has stopped reading; then the stream is dropped (the job goes on, and a
            reconnect with ``Last-Event-ID`` gets what it missed). None: wait forever.
        max_threads: worker threads for sync functions and for decoding inputs.
        isolation: where calls run: ``thread`` (this process) or ``process`` (a worker
            process per concurrency slot, stopped for real by a cancel or a time limit;
            see :mod:`autoui.isolation`).
        time_limit: seconds a call may run before it ends with a ``TimeLimit`` error,
            unless its function sets its own (``@autoui.time_limit(seconds)``); None: none.
        cancel_grace: under ``process``, seconds between the soft interrupt of a
            stopped call and killing its worker process.
        input_limits: how large one call's inputs may be: checked on the wire when it is
            submitted (nesting, lists and objects, strings) and when its inputs are
            decoded at start (image pixels × channels, audio samples).
        secret_key: signs login cookies; a random key per process when None.
        root_path: where files are stored; a fresh temporary directory when None.
        mcp: serve the functions as MCP tools at ``/mcp`` (needs ``autoui[mcp]``).
        gradio_api: answer the routes the official Gradio clients use (``/config``,
            ``/gradio_api/...``), so they call this app unchanged.
        stream_time_limit: seconds a live input (``Iterator[Audio]``, ...) may last; then
            its input ends (the function still gives its result).
        stream_idle_timeout: seconds without a chunk after which a live input ends.
        broker: a Redis broker: the server is a stateless front-end and ``autoui
            worker`` processes run the jobs (:mod:`autoui.broker`); None: in-process.
    """

    host: str = "127.0.0.1"
    check_host: bool = False
    max_queue: int | None = None
    max_jobs_per_client: int | None = 64
    max_file_size: int = 100 * MB
    auth: tuple[tuple[str, str], ...] = ()
    cors_origins: tuple[str, ...] = ()
    show_errors: bool = False
    live: bool = False
    css: Path | None = None
    js: Path | None = None
    job_ttl: float = 3600.0
    max_finished_jobs: int = 2000
    file_ttl: float = 3600.0
    max_store_bytes: int = 2048 * MB
    heartbeat: float = 15.0
    send_timeout: float | None = 30.0
    max_threads: int = 40
    isolation: str = "thread"
    time_limit: float | None = None
    cancel_grace: float = 3.0
    input_limits: InputLimits = field(default_factory=InputLimits)
    secret_key: bytes | None = field(default=None, repr=False)
    root_path: Path | None = None
    mcp: bool = False
    gradio_api: bool = True
    stream_time_limit: float = 300.0
    stream_idle_timeout: float = 30.0
    broker: BrokerSettings | None = None

    def __post_init__(self) -> None:
        if self.max_queue is not None and self.max_queue < 0:
            raise ValueError(f"max_queue must be >= 0, got {self.max_queue}")
        if self.max_jobs_per_client is not None and self.max_jobs_per_client < 1:
            raise ValueError(
                f"max_jobs_per_client must be >= 1 (or None), got {self.max_jobs_per_client}"
            )
        if self.send_timeout is not None and not self.send_timeout > 0:
            raise ValueError(f"send_timeout must be > 0 (or None), got {self.send_timeout}")
        for name in ("stream_time_limit", "stream_idle_timeout"):
            if not 0 < getattr(self, name) < float("inf"):
                raise ValueError(f"{name} must be seconds > 0, got {getattr(self, name)}")
        if self.max_file_size < 1:
            raise ValueError(f"max_file_size must be positive, got {self.max_file_size}")
        for origin in self.cors_origins:
            # "null" is the origin of pages opened from disk (an exported bundle): an
            # explicit opt-in, since sandboxed frames anywhere share that origin too.
            if origin != "null" and (origin.endswith("/") or "://" not in origin):
                raise ValueError(
                    f"CORS origin {origin!r} must look like https://example.com "
                    "(scheme and host, optional port, no path)"
                )
