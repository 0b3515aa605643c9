"""The remote backend of a terminal session: ``autoui call URL`` runs on a server.

Calls go through :class:`autoui.client.Client`: files the user named are uploaded, the
job is submitted, and its event stream (resumed if the connection drops) feeds the live
view; output files are downloaded when shown or printed, and saved under ``--out-dir``
by :class:`~autoui.localfiles.LocalFiles`, as ``autoui run`` saves them: the same name
(``autoui-out/image.png``, then ``image-1.png``), never overwriting. The first Ctrl+C
cancels the job on the server, a second one quits at once.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console

from autoui.events import Event, Failed
from autoui.terminal.interrupts import Interrupts, call_steps
from autoui.terminal.live import LiveJobView
from autoui.terminal.livefeed import LiveFeed, input_failed
from autoui.terminal.naming import option_name
from autoui.terminal.outcome import RunSettings
from autoui.terminal.session import UsageProblem, session_options
from autoui.wire import WireFunction

if TYPE_CHECKING:
    from autoui.client import Client, Job
    from autoui.localfiles import LocalFiles

__all__ = ["RemoteBackend"]


class RemoteBackend:
    """Calls the functions of the server ``client`` is connected to."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.app = client.app
        self.program = f"autoui call {client.url}"
        self._staging = tempfile.TemporaryDirectory(prefix="autoui-call-")
        client.download_dir = self._staging.name  # downloads land here, then move out
        self._out_dir = Path("autoui-out")
        self._saved: dict[str, Path] = {}

    def __enter__(self) -> RemoteBackend:
        return self

    def __exit__(self, *_: object) -> None:
        self._staging.cleanup()

    def reference(self, fn: WireFunction) -> str:
        return fn.name

    def options(self, settings: RunSettings) -> list[click.Option]:
        return session_options(settings)

    def validate(self, fn: WireFunction, name: str, payload: Any, settings: RunSettings) -> None:
        return None  # the server checks every value when the job is submitted

    def call(
        self,
        fn: WireFunction,
        payloads: dict[str, Any],
        view: LiveJobView,
        settings: RunSettings,
        live: LiveFeed | None = None,
    ) -> Event:
        self._out_dir = settings.out_dir
        values = {name: _local_files(payload) for name, payload in payloads.items()}
        if live is not None:  # the chunks go up the job's WebSocket as they come
            job = self.client.stream(fn.name, **values, **{live.live.param: live.chunks})
        else:
            job = self.client.submit(fn.name, **values)
        with view:
            outcome = _follow(job, view)
        problem = job.live.error if job.live is not None else None
        if live is not None and problem is not None:
            return input_failed(view, live, f"{option_name(live.live.param)}: {problem.message}")
        return outcome if outcome is not None else Failed(message="the job left no outcome")

    def open_file(self, payload: dict[str, Any]) -> Path:
        """The output file, downloaded and saved under ``--out-dir`` (once per file)."""
        key = str(payload.get("id") or payload.get("url"))
        if key not in self._saved:
            fetched = self.client.download(payload)
            saved = _saver(self._out_dir).store_output(
                fetched, str(payload.get("name") or fetched.name), payload.get("mime_type")
            )
            fetched.unlink(missing_ok=True)
            self._saved[key] = Path(saved["path"])
        return self._saved[key]

    def with_paths(self, data: list[Any]) -> list[Any]:
        """Output payloads with each file saved and its local ``"path"`` added."""

        def visit(item: Any) -> Any:
            if isinstance(item, dict) and "url" in item and "name" in item:
                return {**item, "path": str(self.open_file(item))}
            if isinstance(item, list):
                return [visit(x) for x in item]
            if isinstance(item, dict):  # files inside a larger value, or a dynamic output's
                return {key: visit(value) for key, value in item.items()}
            return item

        return [visit(item) for item in data]

    def after_failure(self, event: Failed, settings: RunSettings, console: Console) -> None:
        console.print(
            "[dim]The server hides the details of unexpected errors; "
            "its log has them (or start it with --show-errors).[/]"
        )

    def run_rows(self, fn: WireFunction, settings: RunSettings, base: dict[str, Any]) -> int:
        raise UsageProblem("--in runs rows with autoui run only")


def _saver(out_dir: Path) -> LocalFiles:
    """Where ``autoui run`` writes outputs: the one layout of both commands."""
    from autoui.localfiles import LocalFiles

    return LocalFiles(out_dir, allow_paths=False)


def _local_files(payload: Any) -> Any:
    """``{"path": p}`` (what the terminal makes of a typed path) → a Path to upload."""
    if isinstance(payload, dict) and set(payload) == {"path"}:
        return Path(payload["path"])
    if isinstance(payload, list):
        return [_local_files(item) for item in payload]
    if isinstance(payload, dict):  # a multimodal message's attachments
        return {key: _local_files(value) for key, value in payload.items()}
    return payload


def _follow(job: Job, view: LiveJobView) -> Event | None:
    """Hand every event to the view; each Ctrl+C takes the next step of
    :mod:`..interrupts` (end the live input, cancel the job on the server, quit)."""
    end_input = job.end_input if job.live is not None else None
    presses = Interrupts(view.status_console, call_steps(lambda: _cancel(job), end_input))
    handled = 0
    while True:
        try:
            for event in job.events(convert=False, start=handled):
                handled += 1
                view.handle(event)
            return job.outcome
        except KeyboardInterrupt:
            presses.press()


def _cancel(job: Job) -> None:
    job.cancel()
