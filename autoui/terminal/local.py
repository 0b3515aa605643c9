"""The local backend of a terminal session: ``autoui run`` calls the function in-process.

A call's payloads become Python values (:func:`autoui.pipeline.preprocess_inputs`, files
read through :class:`~autoui.localfiles.LocalFiles`, which accepts the paths the user
typed), then the call runs inside ``asyncio.run`` with the live view drawing its events;
output files are written under ``--out-dir``. It runs through an
:class:`~autoui.isolation.Execution` (``--isolation``): in a worker thread, or in a
worker process that a cancel can really stop.

Ctrl+C cancels the call through the runner's :class:`~autoui.runner.CancelToken`: a
generator stops at its next yield and its ``finally`` runs; under ``--isolation
process`` any function is interrupted (and killed after ``--cancel-grace``); a second
Ctrl+C quits at once. The runner's log of an unexpected exception is kept
(:class:`CapturedErrors`) and shown only with ``--traceback``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console

from autoui.errors import ValidationError
from autoui.events import Event, Failed
from autoui.terminal.interrupts import Interrupts, call_steps, ctrl_c_ignored
from autoui.terminal.live import LiveJobView
from autoui.terminal.livefeed import LiveFeed, input_failed
from autoui.terminal.options import extra_option
from autoui.terminal.outcome import RunSettings
from autoui.terminal.session import as_input_error, session_options
from autoui.wire import WireApp, WireFunction

if TYPE_CHECKING:
    from autoui.files import FileContext
    from autoui.isolation import Execution, ExecutionSettings
    from autoui.localfiles import LocalFiles
    from autoui.runner import CancelToken
    from autoui.spec import AppSpec, FunctionSpec
    from autoui.streaming.channel import LocalInput

__all__ = [
    "CapturedErrors",
    "KeptExecutions",
    "LocalBackend",
    "local_open_file",
    "running",
    "sigint_cancels",
]


def local_open_file(payload: dict[str, Any]) -> Path:
    """The file behind an output payload of :class:`~autoui.localfiles.LocalFiles`."""
    if "path" not in payload:
        raise FileNotFoundError(f"no local path for {payload.get('name', 'the file')}")
    return Path(payload["path"])


class CapturedErrors(logging.Handler):
    """Keeps the exceptions the runner logs, instead of printing them to stderr.

    The runner logs an unexpected exception with its traceback on the ``autoui``
    logger; with no handler, Python would print it. The terminal shows it only with
    ``--traceback``.
    """

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.exc_info: Any = None

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            self.exc_info = record.exc_info

    @contextlib.contextmanager
    def installed(self) -> Iterator[CapturedErrors]:
        logger = logging.getLogger("autoui")
        logger.addHandler(self)
        try:
            yield self
        finally:
            logger.removeHandler(self)

    def print_traceback(self, console: Console) -> None:
        from rich.traceback import Traceback  # slow to import; rarely needed

        if self.exc_info is not None:
            exc_type, exc, tb = self.exc_info
            console.print(Traceback.from_exception(exc_type, exc, tb, show_locals=False))


@contextlib.contextmanager
def sigint_cancels(
    token: CancelToken, console: Console, end_input: Callable[[], None] | None = None
) -> Iterator[None]:
    """While running, each Ctrl+C takes the next step of :mod:`..interrupts`: end the
    live input (if ``end_input``), cancel the call, then quit at once. A SIGINT still
    ignored is not ours (:func:`~autoui.terminal.interrupts.claim_ctrl_c`): it stays so."""
    if ctrl_c_ignored():
        yield
        return
    loop = asyncio.get_running_loop()
    steps = call_steps(token.cancel, end_input)
    presses = Interrupts(console, steps, before_quit=_kill_worker_processes)
    try:
        loop.add_signal_handler(signal.SIGINT, presses.press)
    except (NotImplementedError, RuntimeError, ValueError):  # not the main thread / Windows
        yield
        return
    try:
        yield
    finally:
        loop.remove_signal_handler(signal.SIGINT)


def run_options(settings: RunSettings) -> list[click.Option]:
    """``autoui run``'s options that are not inputs: the session's, and ``--in`` rows."""
    return [
        *session_options(settings),
        extra_option(
            "rows_in", "--in", default=_text(settings.rows_in), metavar="ROWS.JSONL",
            help="Run once per line of this JSON Lines file ({\"param\": value} each).",
        ),
        extra_option(
            "rows_out", "--out", default=_text(settings.rows_out), metavar="RESULTS.JSONL",
            help="With --in: write one result per row here (default: stdout).",
        ),
        extra_option(
            "concurrency", "--concurrency", default=settings.concurrency,
            type=click.IntRange(min=1), metavar="N",
            help="With --in: calls at once (batch functions are batched instead).",
        ),
        extra_option(
            "traceback", "--traceback", default=settings.traceback, type=bool,
            help="Show the traceback of an exception raised by the function.",
        ),
        extra_option(
            "isolation", "--isolation", default=settings.isolation, metavar="MODE",
            type=click.Choice(["thread", "process"]), panel="Execution", show_default=True,
            help="Run the call in this process ('thread') or in a worker process that "
            "Ctrl+C really stops ('process').",
        ),
        extra_option(
            "time_limit", "--time-limit", default=settings.time_limit, metavar="SECONDS",
            type=click.FloatRange(min=0, min_open=True), panel="Execution",
            help="Seconds the call may run before it ends with a TimeLimit error.",
        ),
        extra_option(
            "cancel_grace", "--cancel-grace", default=settings.cancel_grace, metavar="SECONDS",
            type=click.FloatRange(min=0), panel="Execution",
            help="With --isolation process: seconds from Ctrl+C to killing the call.",
        ),
    ]  # fmt: skip


def _text(path: Path | None) -> str | None:
    return None if path is None else str(path)


class LocalBackend:
    """Calls the functions of ``spec`` in this process (``autoui run TARGET``).

    Args:
        spec: the loaded app.
        target: what the user typed, to name functions in messages (``app.py:f``).
    """

    program = "autoui run"

    def __init__(self, spec: AppSpec, target: str) -> None:
        self.spec = spec
        self.target = target
        self.app = WireApp.from_json(spec.to_json())
        self._captured = CapturedErrors()
        self._files: dict[Path, LocalFiles] = {}
        self._calls = KeptExecutions()

    def __enter__(self) -> LocalBackend:
        return self

    def __exit__(self, *_: object) -> None:
        self._calls.close()

    def reference(self, fn: WireFunction) -> str:
        return self.target if ":" in self.target else f"{self.target}:{fn.name}"

    def options(self, settings: RunSettings) -> list[click.Option]:
        return run_options(settings)

    def files(self, settings: RunSettings) -> LocalFiles:
        """The FileContext of calls writing under ``settings.out_dir``."""
        from autoui.localfiles import LocalFiles

        if settings.out_dir not in self._files:
            self._files[settings.out_dir] = LocalFiles(settings.out_dir, allow_paths=True)
        return self._files[settings.out_dir]

    def validate(self, fn: WireFunction, name: str, payload: Any, settings: RunSettings) -> None:
        component = self.spec.function(fn.name).input(name).component
        component.preprocess(payload, self.files(settings))

    def preprocess(self, fn: FunctionSpec, payloads: dict[str, Any], files: Any) -> dict[str, Any]:
        """Payloads → keyword arguments; a bad value is an InputError naming the option."""
        from autoui.pipeline import preprocess_inputs

        try:
            kwargs: dict[str, Any] = preprocess_inputs(fn, payloads, files)
        except ValidationError as exc:
            raise as_input_error(exc) from None
        return kwargs

    def call(
        self,
        fn: WireFunction,
        payloads: dict[str, Any],
        view: LiveJobView,
        settings: RunSettings,
        live: LiveFeed | None = None,
    ) -> Event:
        fn_spec = self.spec.function(fn.name)
        files = self.files(settings)
        kwargs = self.preprocess(fn_spec, payloads, files)
        self._captured = CapturedErrors()
        with self._captured.installed():
            return self._calls.run(
                fn_spec,
                settings,
                lambda execution: _run(execution, fn_spec, kwargs, files, view, live),
            )

    def open_file(self, payload: dict[str, Any]) -> Path:
        return local_open_file(payload)

    def with_paths(self, data: list[Any]) -> list[Any]:
        return data  # LocalFiles' payloads carry their "path" already

    def after_failure(self, event: Failed, settings: RunSettings, console: Console) -> None:
        if settings.traceback:
            self._captured.print_traceback(console)
        else:
            console.print("[dim]Run with --traceback to see where it was raised.[/]")

    def run_rows(self, fn: WireFunction, settings: RunSettings, base: dict[str, Any]) -> int:
        from autoui.terminal.rows import run_rows

        fn_spec = self.spec.function(fn.name)
        return run_rows(fn_spec, settings, base=base, console=Console(stderr=True))


def _kill_worker_processes() -> None:
    """Quitting at once must not leave a worker process running the call."""
    slots = sys.modules.get("autoui.isolation.slot")
    if slots is not None:
        slots.kill_all()


@contextlib.asynccontextmanager
async def running(
    fn_spec: FunctionSpec, settings: RunSettings, slots: int | None = None
) -> AsyncIterator[Execution]:
    """The execution the calls of one ``autoui run`` go through, closed at the end."""
    from autoui.isolation import make_execution

    execution = make_execution(settings.execution(slots), [fn_spec])
    try:
        await execution.start()
        yield execution
    finally:
        await execution.aclose()


class KeptExecutions:
    """The event loop and the executions of one session's calls, kept between calls.

    A chat calls its function once per turn: under ``--isolation process`` one worker
    process, with what it imported, serves every turn instead of starting again. Closed
    with the backend at the end of the session.
    """

    def __init__(self) -> None:
        self._runner: asyncio.Runner | None = None
        self._kept: dict[tuple[str, ExecutionSettings], Execution] = {}

    def run(
        self,
        fn_spec: FunctionSpec,
        settings: RunSettings,
        call: Callable[[Execution], Awaitable[Event]],
    ) -> Event:
        """``call(execution)`` on the kept loop, with the execution ``settings`` ask for."""
        if self._runner is None:
            self._runner = asyncio.Runner()
        return self._runner.run(self._with(fn_spec, settings.execution(), call))

    async def _with(
        self,
        fn_spec: FunctionSpec,
        settings: ExecutionSettings,
        call: Callable[[Execution], Awaitable[Event]],
    ) -> Event:
        from autoui.isolation import make_execution

        execution = self._kept.get((fn_spec.name, settings))
        if execution is None:
            execution = make_execution(settings, [fn_spec])
            await execution.start()
            self._kept[fn_spec.name, settings] = execution
        return await call(execution)

    def close(self) -> None:
        if self._runner is None:
            return
        for execution in self._kept.values():
            self._runner.run(execution.aclose())
        self._kept.clear()
        self._runner.close()
        self._runner = None


async def _run(
    execution: Execution,
    fn_spec: FunctionSpec,
    kwargs: dict[str, Any],
    files: FileContext,
    view: LiveJobView,
    feed: LiveFeed | None = None,
) -> Event:
    from autoui.isolation import Decoded
    from autoui.runner import CancelToken

    token = CancelToken()
    problems: list[str] = []
    sink = _live_input(fn_spec, feed, token, problems) if feed is not None else None
    try:
        with sigint_cancels(token, view.status_console, sink.end if sink else None), view:
            event = await execution.call(
                fn_spec, Decoded(kwargs), files, emit=view.handle, cancel=token, live=sink
            )
    finally:
        if sink is not None:
            sink.close("the call ended")  # a put still waiting gives up; the pump stops
    if problems and feed is not None:  # the input broke: that is why the call was cancelled
        return input_failed(view, feed, problems[0])
    return event


def _live_input(
    fn_spec: FunctionSpec, feed: LiveFeed, token: CancelToken, problems: list[str]
) -> LocalInput:
    """The function's live input, fed from ``feed`` by a pump thread (on the running loop).

    A chunk the feed cannot give cancels the call; ``problems`` says why.
    """
    from autoui.components.live import LiveInput
    from autoui.streaming.channel import LocalInput
    from autoui.terminal.livefeed import TERMINAL_LIMIT, pump

    param = fn_spec.live_input
    assert param is not None and isinstance(param.component, LiveInput)
    sink = LocalInput(param.component.backlog(), TERMINAL_LIMIT, TERMINAL_LIMIT)

    def broken(message: str) -> None:
        problems.append(message)
        token.cancel()

    pump(feed, sink, asyncio.get_running_loop(), broken)
    return sink
