"""How one autoui server behaves, as one immutable value passed to :func:`create_app`.

Per-function behaviour (concurrency limit, batching) lives in the
:class:`~autoui.spec.FunctionSpec`; ``autoui serve``'s ``--concurrency`` and ``--batch``
rewrite the spec before the app is built. Everything else is here, so nothing is read
from the environment behind the caller's back.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from autoui.broker.settings import BrokerSettings

from autoui.limits import MB, InputLimits

__all__ = ["MB", "ConnectionLimits", "ServerSettings"]


@dataclass(frozen=True)
class ConnectionLimits:
    """What one HTTP connection may hold, and for how long (enforced per connection by
    :mod:`autoui.server.connections`).

    The defaults sit well above what browsers, clients and reverse proxies (nginx,
    Caddy, Traefik) do, and well below what lets idle or trickling sockets pile up.

    Attributes:
        header_timeout: seconds a client has to send a whole request head (request line
            and headers), from the moment it connects or starts the head: a connection
            that sends nothing, or sends its headers a byte at a time, is closed.
        keep_alive_timeout: seconds an idle keep-alive connection stays open between
            requests.
        idle_timeout: seconds a request body may go without a byte arriving before the
            connection is closed (a response that is streaming is never cut by it).
        max_header_size: most bytes of one request head; more is answered 431.
        max_per_address: most open connections from one address (loopback and
            ``trusted_proxies`` are exempt: a proxy carries many clients); more are
            refused at once. None: no limit.
    """

    header_timeout: float = 10.0
    keep_alive_timeout: float = 20.0
    idle_timeout: float = 30.0
    max_header_size: int = 64 * 1024
    max_per_address: int | None = 256

    def __post_init__(self) -> None:
        for name in ("header_timeout", "keep_alive_timeout", "idle_timeout"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be > 0, got {getattr(self, name)}")
        if self.max_header_size < 1024:
            raise ValueError(f"max_header_size must be at least 1024, got {self.max_header_size}")
        if self.max_per_address is not None and self.max_per_address < 1:
            raise ValueError(f"max_per_address must be >= 1 (or None), got {self.max_per_address}")


@dataclass(frozen=True)
class ServerSettings:
    """Settings of one server: every budget a request can use up has its default here.

    Attributes:
        host: the address the server is bound to. With ``check_host``, a request whose
            ``Host`` is not this name, a loopback name (on a loopback bind), one of
            ``allowed_hosts`` or the host of a ``cors_origins`` entry is refused with
            403, which defeats DNS rebinding.
        check_host: refuse unexpected ``Host`` headers (on for ``autoui serve``; off by
            default for apps mounted elsewhere, whose host the outer app decides).
        allowed_hosts: more ``Host`` names to serve (``app.example.com``,
            ``*.example.com``); needed behind a proxy that passes the public name on.
        trusted_proxies: addresses or networks (``10.0.0.5``, ``10.0.0.0/8``) of reverse
            proxies whose ``X-Forwarded-For`` / ``X-Forwarded-Proto`` are believed. Empty:
            no forwarded header is believed, from anyone.
        max_queue: most jobs waiting (not running) across all functions; None: no limit.
        max_jobs_per_client: most jobs one client may have queued or running at once;
            more are refused with 429 + ``Retry-After`` and not created. A client is the
            signed-in user, else the ``autoui_session`` cookie, else the remote address.
            None: no limit.
        max_jobs_per_address: most live jobs of all anonymous clients (no ``--auth``
            user) of one address together, so rotating the session cookie does not lift
            the per-client cap. None: no limit.
        max_queued_bytes_per_client: most request bytes one client (and, anonymous, one
            address) may have waiting in the queue. None: no limit.
        max_body_size: the largest JSON request body (a call's inputs), in bytes; files
            go through ``POST /api/files`` and ``max_file_size``.
        max_file_size: the largest upload request (and each file in it), in bytes.
        max_retained_bytes: most bytes of job events (results, outputs, errors) kept for
            clients to read, running and finished jobs together. Large events are
            spilled to the file store and count there too. When a new job would not
            fit, finished jobs whose results were read go first (oldest first), then
            unread ones past ``result_grace``; when none can go, new jobs get 503.
        result_grace: seconds a finished job's unread result is kept whatever the memory
            pressure (it still expires after ``job_ttl``).
        job_ttl: seconds a finished job's events stay available.
        auth: ``(user, password)`` pairs; empty means no authentication (unless
            ``auth_file``).
        auth_file: a file of ``user:hash`` lines (argon2 or bcrypt hashes, see README);
            needs ``autoui[auth]``.
        login_attempts: failed sign-ins allowed per address and per user within
            ``login_window`` seconds; then each further try is refused with 429 and a
            ``Retry-After`` that doubles with every failure (at most ``login_window``).
        login_window: see ``login_attempts``.
        cors_origins: exact origins (``https://example.com``) allowed to call the API from
            a browser page served elsewhere.
        allow_embed: origins whose pages may show the app in a frame; without, pages are
            sent with ``frame-ancestors 'self'`` and ``X-Frame-Options: SAMEORIGIN``.
        show_errors: send an unexpected exception's message to clients, not only its type.
        live: the web UI re-runs a function whenever an input changes.
        css / js: files served as ``/custom.css`` / ``/custom.js`` and linked by the UI.
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
        connections: timeouts and caps of HTTP connections (``autoui serve`` only: an
            app mounted elsewhere gets its server's).
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
    allowed_hosts: tuple[str, ...] = ()
    trusted_proxies: tuple[str, ...] = ()
    max_queue: int | None = None
    max_jobs_per_client: int | None = 64
    max_jobs_per_address: int | None = 256
    max_queued_bytes_per_client: int | None = 32 * MB
    max_body_size: int = 4 * MB
    max_file_size: int = 100 * MB
    max_retained_bytes: int = 256 * MB
    result_grace: float = 600.0
    job_ttl: float = 3600.0
    auth: tuple[tuple[str, str], ...] = ()
    auth_file: Path | None = None
    login_attempts: int = 5
    login_window: float = 300.0
    cors_origins: tuple[str, ...] = ()
    allow_embed: tuple[str, ...] = ()
    show_errors: bool = False
    live: bool = False
    css: Path | None = None
    js: Path | None = None
    file_ttl: float = 3600.0
    max_store_bytes: int = 2048 * MB
    heartbeat: float = 15.0
    send_timeout: float | None = 30.0
    max_threads: int = 40
    isolation: str = "thread"
    time_limit: float | None = None
    cancel_grace: float = 3.0
    input_limits: InputLimits = field(default_factory=InputLimits)
    connections: ConnectionLimits = field(default_factory=ConnectionLimits)
    secret_key: bytes | None = field(default=None, repr=False)
    root_path: Path | None = None
    mcp: bool = False
    gradio_api: bool = True
    stream_time_limit: float = 300.0
    stream_idle_timeout: float = 30.0
    broker: BrokerSettings | None = None

    def __post_init__(self) -> None:
        for name in ("max_queue",):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} must be >= 0, got {value}")
        for name in ("max_jobs_per_client", "max_jobs_per_address", "max_queued_bytes_per_client"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ValueError(f"{name} must be >= 1 (or None), got {value}")
        if self.send_timeout is not None and not self.send_timeout > 0:
            raise ValueError(f"send_timeout must be > 0 (or None), got {self.send_timeout}")
        for name in ("stream_time_limit", "stream_idle_timeout"):
            if not 0 < getattr(self, name) < float("inf"):
                raise ValueError(f"{name} must be seconds > 0, got {getattr(self, name)}")
        for name in ("max_file_size", "max_body_size", "max_retained_bytes", "login_attempts"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")
        for origin in (*self.cors_origins, *self.allow_embed):
            # "null" is the origin of pages opened from disk (an exported bundle): an
            # explicit opt-in, since sandboxed frames anywhere share that origin too.
            if origin != "null" and (origin.endswith("/") or "://" not in origin):
                raise ValueError(
                    f"origin {origin!r} must look like https://example.com "
                    "(scheme and host, optional port, no path)"
                )

    @property
    def authenticated(self) -> bool:
        """Whether every route asks who is calling (``auth`` or ``auth_file``)."""
        return bool(self.auth or self.auth_file)

    @classmethod
    def from_json(cls, values: dict[str, Any]) -> ServerSettings:
        """Settings from JSON values (any subset of the fields; the rest are defaults), as
        ``autoui serve`` gathers them (and hands them to ``--reload``'s worker)."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"unknown server settings: {', '.join(sorted(unknown))}")
        typed = dict(values)
        if "input_limits" in typed:
            typed["input_limits"] = InputLimits(**typed["input_limits"])
        if "connections" in typed:
            typed["connections"] = ConnectionLimits(**typed["connections"])
        for name in ("css", "js", "auth_file", "root_path"):
            if typed.get(name) is not None:
                typed[name] = Path(typed[name])
        for name in ("allowed_hosts", "trusted_proxies", "cors_origins", "allow_embed"):
            if name in typed:
                typed[name] = tuple(typed[name])
        if "auth" in typed:
            typed["auth"] = tuple((user, password) for user, password in typed["auth"])
        return cls(**typed)
