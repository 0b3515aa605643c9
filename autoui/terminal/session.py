"""One terminal session, from a function's spec to an exit code, over either backend.

``autoui run`` (a local function: :class:`~autoui.terminal.local.LocalBackend`) and
``autoui call`` (a server's: :class:`~autoui.terminal.remote.RemoteBackend`) are this
one flow, so they behave the same by construction: the same way of picking a function,
the same command (:func:`~autoui.terminal.options.build_command`), the same conversion
and prompts, the same chat loop, the same ``--json`` output and errors, the same Ctrl+C
and exit codes. A backend only says how a call runs and where its files are.

The steps: pick the function (the only one, the one named, or — at a terminal — one
from a numbered list), build its command, parse the rest of the command line with it,
then either run every row of ``--in`` or one call: convert what was typed, ask for what
is missing, run it with a live view, print the result (or JSON).

Every mistake of the user's ends here as one message naming the option, exit code 2;
never a traceback. Exit codes: :data:`OK` 0, :data:`FAILED` 1 (the function failed, or
the server could not be reached), :data:`USAGE` 2, :data:`CANCELLED` 130.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any, NoReturn, Protocol

import click
from rich.console import Console
from rich.markup import escape

from autoui.errors import ClientError, ValidationError
from autoui.events import Complete, Event, Failed
from autoui.terminal.convert import InputError, collect_payloads, missing_required
from autoui.terminal.interrupts import claim_ctrl_c
from autoui.terminal.live import LiveJobView
from autoui.terminal.livefeed import LiveFeed, live_options, take_live_feed
from autoui.terminal.naming import option_name
from autoui.terminal.options import build_command, extra_option
from autoui.terminal.outcome import (
    CANCELLED,
    FAILED,
    OK,
    USAGE,
    RunSettings,
    exit_code,
    print_json_outcome,
)
from autoui.terminal.stdout import results_only_on_stdout
from autoui.wire import WireApp, WireFunction

__all__ = ["Backend", "UsageProblem", "interactive", "run_session", "session_options"]


class UsageProblem(Exception):
    """A mistake on the command line: shown as one line, exit code 2."""


class Backend(Protocol):
    """Where a session's calls run: this process, or a server."""

    app: WireApp
    program: str
    """How the session was started, for messages: ``autoui run``, ``autoui call URL``."""

    def reference(self, fn: WireFunction) -> str:
        """How the user names ``fn`` after :attr:`program` (``app.py:f``, ``f``)."""
        ...

    def options(self, settings: RunSettings) -> list[click.Option]:
        """The options of the command that are not inputs (``--json``, ``--out-dir``...)."""
        ...

    def validate(self, fn: WireFunction, name: str, payload: Any, settings: RunSettings) -> None:
        """A deeper check of one prompted payload (ValidationError), if the backend can."""
        ...

    def call(
        self,
        fn: WireFunction,
        payloads: dict[str, Any],
        view: LiveJobView,
        settings: RunSettings,
        live: LiveFeed | None = None,
    ) -> Event:
        """Run one call, handing its events to ``view``; its last event.

        ``live`` feeds the function's live input chunk by chunk. Each Ctrl+C takes the
        next step of :mod:`~autoui.terminal.interrupts` (end the live input, cancel, quit).
        """
        ...

    def open_file(self, payload: dict[str, Any]) -> Path:
        """The local file behind an output file payload (downloaded if need be)."""
        ...

    def with_paths(self, data: list[Any]) -> list[Any]:
        """Output payloads with each file's local ``"path"`` (for ``--json``)."""
        ...

    def after_failure(self, event: Failed, settings: RunSettings, console: Console) -> None:
        """Say more about an unexpected exception (a traceback, or where to find it)."""
        ...

    def run_rows(self, fn: WireFunction, settings: RunSettings, base: dict[str, Any]) -> int:
        """``--in``: one call per row; the exit code."""
        ...


def interactive() -> bool:
    """Whether a person can answer questions: standard input is a terminal."""
    return sys.stdin is not None and sys.stdin.isatty()


def session_options(settings: RunSettings) -> list[click.Option]:
    """The options every session has: where files go and ``--json``."""
    return [
        extra_option(
            "out_dir", "--out-dir", default=str(settings.out_dir), metavar="DIR",
            help="Where output files are saved (created when needed).",
        ),
        extra_option(
            "json", "--json", default=settings.json, type=bool,
            help="Print the raw outputs as JSON on stdout, and nothing else.",
        ),
    ]  # fmt: skip


def fail(message: str, hint: str | None = None, code: int = USAGE) -> NoReturn:
    """Say what went wrong on stderr, in one line (and a hint), and exit."""
    err = Console(stderr=True)
    err.print(f"[bold red]Error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    if hint:
        err.print(f"[dim]{escape(hint)}[/]", highlight=False, soft_wrap=True)
    raise SystemExit(code)


def cancelled() -> NoReturn:
    Console(stderr=True).print("\n[yellow]Cancelled.[/]")
    raise SystemExit(CANCELLED)


def run_session(
    backend: Backend, name: str | None, args: list[str], settings: RunSettings
) -> NoReturn:
    """Everything after the backend is ready: pick, parse, run; exits with the exit code.

    Args:
        backend: where calls run.
        name: the function the user named (None: the only one, or ask).
        args: the rest of the command line: the function's options.
        settings: the run options given before the function's own.
    """
    claim_ctrl_c()
    try:
        fn = choose_function(backend, name, args)
    except (KeyboardInterrupt, EOFError):
        cancelled()
    prog = f"{backend.program} {backend.reference(fn)}"

    def on_call(inputs: dict[str, Any], extras: dict[str, Any]) -> None:
        run = merged_settings(extras, settings)
        with results_only_on_stdout(run.json or run.rows_in is not None):
            try:
                code = _execute(backend, fn, inputs, run)
            except (UsageProblem, ValidationError, ClientError) as exc:
                _usage_error(exc, run, prog)
            except (KeyboardInterrupt, EOFError):
                cancelled()
        raise SystemExit(code)

    options = [*backend.options(settings), *live_options(fn)]
    command = build_command(
        fn, on_call, extra_options=options, prog=prog,
        on_usage_error=_json_usage_error if settings.json or "--json" in args else None,
    )  # fmt: skip
    command.main(args, prog_name=prog, standalone_mode=True)
    raise SystemExit(OK)  # pragma: no cover - click exits itself


def _usage_error(exc: Exception, run: RunSettings, prog: str) -> NoReturn:
    """One line naming the option (and JSON on stdout with ``--json``); exit 2 or 1."""
    param = exc.param if isinstance(exc, ValidationError | ClientError) else None
    code = USAGE
    if isinstance(exc, ValidationError | ClientError) and param:
        message = f"{option_name(param)}: {exc.message}"
    elif isinstance(exc, ClientError):
        message, code = exc.message, FAILED  # the server is gone or refused us: not a usage error
    else:
        message = str(exc)
    if run.json:
        kind = "ValidationError" if code == USAGE else "ClientError"
        print_json_outcome(Failed(message=message, type=kind, param=param))
    fail(message, f"Try '{prog} --help' for help." if code == USAGE else None, code)


def _json_usage_error(exc: click.UsageError) -> None:
    """``--json`` promises JSON on stdout, for a line click cannot parse too (exit 2)."""
    print_json_outcome(Failed(message=exc.format_message(), type="UsageError"))


def merged_settings(extras: dict[str, Any], base: RunSettings) -> RunSettings:
    """Run options given after the function (``extras``) over those given before it."""
    changes: dict[str, Any] = {}
    for key in ("out_dir", "rows_in", "rows_out"):
        if key in extras:
            changes[key] = Path(extras[key]) if extras[key] else None
    flags = (("json", bool), ("concurrency", int), ("traceback", bool), ("realtime", bool))
    for key, cast in flags:
        if key in extras:
            changes[key] = cast(extras[key])
    # click checked these
    for key in ("isolation", "time_limit", "cancel_grace", "live_rate", "live_channels"):
        if key in extras:
            changes[key] = extras[key]
    if changes.get("out_dir", base.out_dir) is None:
        changes["out_dir"] = base.out_dir
    return dataclasses.replace(base, **changes)


def choose_function(backend: Backend, name: str | None, args: list[str]) -> WireFunction:
    """The function to run: the one named, the only one, or one the user picks.

    Without a name, several functions are listed: at a terminal the user picks one by
    number; otherwise the list is the answer (exit 0: ``autoui call URL``) unless options
    were given for a function, which must then be named (exit 2).
    """
    app = backend.app
    if name is not None:
        fn = app.find(name)
        if fn is None:
            names = ", ".join(app.names) or "none"
            fail(f"no function {name!r}; its functions are: {names}")
        return fn
    if len(app.functions) == 1:
        return app.functions[0]
    answer = "--help" in args or not (args or interactive())  # the list is what was asked
    _list_functions(backend, Console(stderr=not answer))
    if answer:
        raise SystemExit(OK)
    if not interactive():
        example = f"{backend.program} {backend.reference(app.functions[0])}"
        fail("name the function to call", f"e.g. {example}")
    from rich.prompt import IntPrompt  # only when asking

    choice = IntPrompt.ask(
        "Run which function?", console=Console(stderr=True), show_choices=False,
        choices=[str(n) for n in range(1, len(app.functions) + 1)],
    )  # fmt: skip
    return app.functions[choice - 1]


def _list_functions(backend: Backend, console: Console) -> None:
    """``autoui run app.py has 3 functions:`` and a numbered line per function."""
    functions = backend.app.functions
    lines = []
    for number, fn in enumerate(functions, start=1):
        line = f"  [bold]{number}[/]  [cyan]{escape(backend.reference(fn))}[/]"
        lines.append(line + (f"  [dim]{escape(fn.summary)}[/]" if fn.summary else ""))
    console.print(f"{escape(backend.program)} has {len(functions)} functions:", highlight=False)
    console.print("\n".join(lines), soft_wrap=True, highlight=False)


def consoles(run: RunSettings) -> tuple[Console, Console]:
    """Where results go, and where progress, prompts and errors go.

    ``--json`` keeps stdout for the JSON. A result redirected to a file
    (``autoui run ... > out.txt``) still shows its progress on the terminal, via stderr.
    """
    err = Console(stderr=True)
    if run.json:
        return err, err
    out = Console()
    return out, (err if not out.is_terminal and err.is_terminal else out)


def _execute(
    backend: Backend, fn: WireFunction, inputs: dict[str, Any], run: RunSettings
) -> int:
    if run.rows_in is not None:
        return backend.run_rows(fn, run, inputs)
    feed = take_live_feed(fn, inputs, run)
    payloads = collect_payloads(fn, inputs)
    console, status = consoles(run)
    from autoui.terminal.chat import chat_inputs, chat_loop

    chat = chat_inputs(fn)
    if chat and chat[0] not in payloads and interactive() and not run.json:
        return chat_loop(backend, fn, payloads, run, console=console)
    complete(backend, fn, payloads, run, status, fed=feed.live.param if feed else None)
    event, view = call_with_view(
        backend, fn, payloads, run, console=console, status_console=status, live=feed
    )
    if run.json:
        if isinstance(event, Complete):
            event = Complete(data=backend.with_paths(event.data), duration=event.duration)
        streamed = backend.with_paths(view.latest) if view.latest is not None else None
        print_json_outcome(event, streamed)
    return exit_code(event)


def complete(
    backend: Backend,
    fn: WireFunction,
    payloads: dict[str, Any],
    run: RunSettings,
    console: Console,
    fed: str | None = None,
) -> None:
    """Ask for missing required inputs, or say which options are missing.

    ``fed`` names a live input fed chunk by chunk, which needs no value.
    """
    for param in fn.inputs:  # a chat starts with an empty conversation
        if param.kind == "chat":
            payloads.setdefault(param.name, [])
    missing = [param for param in missing_required(fn, payloads) if param.name != fed]
    if not missing:
        return
    if not interactive():
        names = ", ".join(option_name(param.name) for param in missing)
        plural = "s" if len(missing) > 1 else ""
        raise UsageProblem(f"missing required option{plural} {names}")
    from autoui.terminal.prompts import prompt_missing  # only when asking

    prompt_missing(console, fn, payloads, validate=lambda n, p: backend.validate(fn, n, p, run))


def call_with_view(
    backend: Backend,
    fn: WireFunction,
    payloads: dict[str, Any],
    run: RunSettings,
    *,
    console: Console,
    status_console: Console | None = None,
    live: LiveFeed | None = None,
) -> tuple[Event, LiveJobView]:
    """One call with a live view (the result too, unless ``--json``): its last event,
    and the view that drew it (what streamed: ``view.latest``).

    Raises:
        InputError: a value the backend refused before running (names the option).
    """
    status = status_console or console
    view = LiveJobView(
        console, fn, open_file=backend.open_file, show_result=not run.json, status_console=status
    )
    event = backend.call(fn, payloads, view, run, live=live)
    if isinstance(event, Failed) and event.type not in ("Error", "ValidationError"):
        backend.after_failure(event, run, status)
    return event, view


def as_input_error(exc: ValidationError) -> InputError:
    """The same error, shown with the option's name (``--top-k: ...``)."""
    return exc if isinstance(exc, InputError) else InputError(exc.message, param=exc.param)
