"""A live terminal view of one job, drawn from its events (:mod:`autoui.events`).

:class:`LiveJobView` consumes the events any job produces, locally (``autoui run``,
from :func:`autoui.runner.run_call`'s ``emit``) or remotely (``autoui call``, from the
server's SSE stream), and draws them with Rich:

- ``progress``: one progress bar per description, with counts (or a percentage) and
  an ETA; an unknown amount shows a pulsing bar;
- ``alert``: ``autoui.Info`` as a cyan line, ``autoui.Warning`` as a yellow one,
  printed above the live region so they stay;
- ``output`` (each generator yield): the live region below the bars is replaced by
  the latest value, rendered like a final result (its last lines when it is taller
  than the terminal: a growing text shows its newest part);
- ``complete``: the live region goes and the result is printed for good
  (unless ``show_result=False``, e.g. for ``--json``);
- ``error``: a red panel (title from ``autoui.Error(title=...)``);
- ``cancelled``: the latest streamed value is printed for good (as the web UI's Stop
  keeps it), then a yellow line.

Usage::

    with LiveJobView(console, fn, open_file=open_file) as view:
        await run_call(fn_spec, kwargs, files=files, emit=view.handle)
    view.outcome  # the terminal event

The live region is transient and only drawn on a terminal; when output goes to a file
or pipe, alerts and the final result are printed and nothing else.
"""

from __future__ import annotations

import time
from types import TracebackType
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.markup import escape
from rich.text import Text

from autoui.events import (
    Alert,
    Cancelled,
    Complete,
    Event,
    Failed,
    Output,
    ProgressUpdate,
    Queued,
    Started,
)
from autoui.terminal.render import OpenFile, outputs_renderable, render_outputs
from autoui.wire import WireFunction

if TYPE_CHECKING:
    from rich.live import Live
    from rich.panel import Panel
    from rich.progress import Progress, TaskID
    from rich.spinner import Spinner

__all__ = ["LiveJobView", "error_panel"]


def error_panel(event: Failed) -> Panel:
    """The red panel an ``error`` event is shown as."""
    from rich.panel import Panel

    title = event.title or ("Error" if event.type == "Error" else event.type)
    return Panel(
        Text(event.message),
        title=f"[bold]{escape(title)}[/]",
        title_align="left",
        border_style="red",
        style="red",
        expand=False,
    )


class _Tail:
    """The last lines of a streamed value that fit under the status lines: a growing text
    taller than the terminal shows its newest lines, not its first ones and an ellipsis."""

    def __init__(self, renderable: RenderableType, status_lines: int) -> None:
        self.renderable = renderable
        self.status_lines = status_lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        lines = console.render_lines(self.renderable, options, pad=False)
        room = max(1, console.size.height - self.status_lines - 2)
        if len(lines) > room:
            yield Text(f"… {len(lines) - room + 1} lines above", style="dim")
            lines = lines[len(lines) - room + 1 :]
        for line in lines:
            yield from line
            yield Segment.line()


class LiveJobView:
    """Draws one job's events; a context manager around the job.

    Args:
        console: where to draw (stderr for ``--json``, so stdout stays clean).
        fn: the function's spec (outputs are rendered from it).
        open_file: fetches a file payload to a local path (see :mod:`.render`).
        show_result: print the final result; False leaves that to the caller.
        title: the status line's text while running (default: ``Running <name>``).
        status_console: where progress, alerts and errors go, if not ``console``
            (stderr, when the result is redirected to a file).
    """

    def __init__(
        self,
        console: Console,
        fn: WireFunction,
        *,
        open_file: OpenFile,
        show_result: bool = True,
        title: str | None = None,
        status_console: Console | None = None,
    ) -> None:
        self.console = console
        self.status_console = status_console or console
        self.fn = fn
        self.open_file = open_file
        self.show_result = show_result
        self.title = title or f"Running {fn.name}"
        self.outcome: Event | None = None
        self.outputs: int = 0
        self.latest: list[Any] | None = None
        """The latest streamed output's payloads (None before the first)."""
        self._progress: Progress | None = None  # made when a job first reports progress
        self._tasks: dict[str, TaskID] = {}
        self._latest: RenderableType | None = None
        self._status = Text(f"{self.title}…", style="dim")
        self._started = time.monotonic()
        self._spinner: Spinner | None = None
        self._live: Live | None = None  # drawn only on a terminal

    # -- context ------------------------------------------------------------------
    def __enter__(self) -> LiveJobView:
        if self.status_console.is_terminal:
            from rich.live import Live

            self._live = Live(
                console=self.status_console,
                get_renderable=self._renderable,
                transient=True,
                refresh_per_second=8,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._live.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Remove the live region (idempotent)."""
        if self._live is not None and self._live.is_started:
            self._live.stop()

    # -- drawing ------------------------------------------------------------------
    def _renderable(self) -> RenderableType:
        parts: list[RenderableType] = []
        if self._progress is None or not self._tasks:
            if self._spinner is None:
                from rich.spinner import Spinner

                self._spinner = Spinner("dots", style="cyan")
            elapsed = time.monotonic() - self._started
            self._spinner.update(text=Text.assemble(self._status, (f" {elapsed:.0f}s", "dim")))
            parts.append(self._spinner)
        else:
            parts.append(self._progress.get_renderable())
        if self._latest is not None:
            parts.append(_Tail(self._latest, len(self._tasks) or 1))
        return Group(*parts)

    def handle(self, event: Event) -> None:
        """Draw one event. Called on the event loop thread, in order."""
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(self, event)
        if self._live is not None and self._live.is_started:
            self._live.refresh()

    def _on_queued(self, event: Queued) -> None:
        eta = f", about {event.eta:.0f}s" if event.eta else ""
        self._status = Text(f"Queued: position {event.position + 1}{eta}", style="dim")

    def _on_started(self, event: Started) -> None:
        self._started = time.monotonic()
        self._status = Text(f"{self.title}…", style="dim")

    def _on_progress(self, event: ProgressUpdate) -> None:
        desc = event.desc or self.title
        counts = event.index is not None and event.total is not None
        total: float | None
        if counts:
            total, completed = float(event.total or 0), float(event.index or 0)
        elif event.progress is not None:
            total, completed = 1.0, event.progress
        else:
            total, completed = None, 0.0
        if self._progress is None:
            from autoui.terminal.progressbars import progress_bars

            self._progress = progress_bars(self.status_console)
        task = self._tasks.get(desc)
        if task is None:
            task = self._progress.add_task(
                escape(desc), total=total, counts=counts, unit=event.unit
            )
            self._tasks[desc] = task
        self._progress.update(
            task, total=total, completed=completed, counts=counts, unit=event.unit
        )

    def _on_alert(self, event: Alert) -> None:
        if event.level == "warning":
            line = Text.assemble(("⚠ ", "bold yellow"), (event.message, "yellow"))
        else:
            line = Text.assemble(("ℹ ", "bold cyan"), (event.message, "cyan"))
        self.status_console.print(line)

    def _on_output(self, event: Output) -> None:
        self.outputs += 1
        self.latest = event.data
        if self.show_result:
            self._latest = outputs_renderable(self.fn, event.data, open_file=self.open_file)

    def _on_complete(self, event: Complete) -> None:
        self.outcome = event
        self.stop()
        if self.show_result:
            render_outputs(self.console, self.fn, event.data, open_file=self.open_file)

    def _on_failed(self, event: Failed) -> None:
        self.outcome = event
        self.stop()
        self.status_console.print(error_panel(event))

    def _on_cancelled(self, event: Cancelled) -> None:
        self.outcome = event
        self.stop()
        if self.show_result and self.latest is not None:  # what had streamed stays
            render_outputs(self.console, self.fn, self.latest, open_file=self.open_file)
        self.status_console.print(Text("Cancelled.", style="bold yellow"))


_HANDLERS: dict[type[Event], Any] = {
    Queued: LiveJobView._on_queued,
    Started: LiveJobView._on_started,
    ProgressUpdate: LiveJobView._on_progress,
    Alert: LiveJobView._on_alert,
    Output: LiveJobView._on_output,
    Complete: LiveJobView._on_complete,
    Failed: LiveJobView._on_failed,
    Cancelled: LiveJobView._on_cancelled,
}
