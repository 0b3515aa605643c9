"""What one running app holds: the spec, its queue, jobs and files, built once.

Routes reach it as ``request.app.state.autoui`` (:func:`app_state`), so the endpoints
stay module-level functions and several apps can live in one process.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from autoui.server.backend import JobBackend, LocalBackend
from autoui.server.files import FileStore
from autoui.server.queue import JobQueue
from autoui.server.retention import JobStore
from autoui.server.settings import ServerSettings
from autoui.server.sse import CODEC, dumps
from autoui.spec import AppSpec, FunctionSpec
from autoui.streaming.channel import LiveInputs

if TYPE_CHECKING:  # pragma: no cover
    from starlette.requests import Request

    from autoui.isolation import Execution
    from autoui.server.auth import Credentials

__all__ = ["ServerState", "app_state"]


class ServerState:
    """The live parts of one app.

    Attributes:
        spec: the app.
        settings: how it behaves.
        jobs: every known job (in-process backend).
        queue: runs them (in-process backend).
        live_inputs: the chunk channels of jobs fed live (in-process backend;
            :mod:`autoui.streaming`).
        files: uploads and outputs (under a broker: this process's cache of them).
        backend: what the adapters submit, find and cancel jobs through.
        shared_files: under a broker, the files every process reaches (else None).
        spec_json: ``GET /api/spec``'s body, encoded once.
        secret: signs login cookies.
        credentials: who may sign in (None without ``auth``/``auth_file``).
    """

    def __init__(self, spec: AppSpec, settings: ServerSettings) -> None:
        self.spec = spec
        self.settings = settings
        self.functions: dict[str, FunctionSpec] = {fn.name: fn for fn in spec.functions}
        self.files = FileStore(
            settings.root_path, ttl=settings.file_ttl, max_bytes=settings.max_store_bytes
        )
        self.jobs = JobStore(
            settings.job_ttl,
            settings.max_retained_bytes,
            settings.result_grace,
            codec=CODEC,
            spill_dir=self.files.root / ".results",
        )
        self.live_inputs = LiveInputs()
        self.queue = JobQueue(
            spec,
            self.jobs,
            max_queue=settings.max_queue,
            max_per_client=settings.max_jobs_per_client,
            max_per_address=settings.max_jobs_per_address,
            max_queued_bytes=settings.max_queued_bytes_per_client,
            execution=_execution(spec, settings),
            live_inputs=self.live_inputs,
        )
        self.backend: JobBackend = LocalBackend(
            self.queue, self.jobs, self.live_inputs, self.functions, settings
        )
        self.shared_files: Any = None
        if settings.broker is not None:
            from autoui.broker.frontend import attach_broker

            attach_broker(self, settings.broker)
        self.secret = settings.secret_key or secrets.token_bytes(32)
        self.credentials = _credentials(settings, self.secret)
        self.spec_json = dumps(spec_document(spec, settings))
        self.index_html = ""  # filled by create_app (the UI module renders it)

    async def start(self) -> None:
        await self.backend.start()

    async def aclose(self) -> None:
        await self.backend.aclose()
        self.jobs.close()
        self.files.close()


def _execution(spec: AppSpec, settings: ServerSettings) -> Execution:
    """Where the jobs run (raises SpecError for a function a process could not import)."""
    from autoui.isolation import ExecutionSettings, make_execution

    execution_settings = ExecutionSettings(
        isolation=settings.isolation,  # type: ignore[arg-type]  # checked by ExecutionSettings
        time_limit=settings.time_limit,
        cancel_grace=settings.cancel_grace,
        show_errors=settings.show_errors,
        max_threads=settings.max_threads,
        limits=settings.input_limits,
    )
    return make_execution(execution_settings, spec.functions)
def _credentials(settings: ServerSettings, secret: bytes) -> Credentials | None:
    """Who may sign in (None: no authentication), built once per app."""
    if not settings.authenticated:
        return None
    from autoui.server.auth import Credentials
    from autoui.server.passwords import PasswordBook, read_auth_file
    from autoui.server.throttle import LoginThrottle

    hashed = read_auth_file(settings.auth_file) if settings.auth_file else {}
    book = PasswordBook(settings.auth, hashed, secret)
    return Credentials(book, secret, LoginThrottle(settings.login_attempts, settings.login_window))


def spec_document(spec: AppSpec, settings: ServerSettings) -> dict[str, Any]:
    """``GET /api/spec``: the spec's JSON plus what the web UI needs from the settings."""
    document = spec.to_json()
    document["live"] = settings.live
    document["max_file_size"] = settings.max_file_size
    document["auth"] = settings.authenticated
    return document


def app_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.autoui
    return state
