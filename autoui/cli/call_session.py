"""``autoui call URL FUNC [--PARAM VALUE ...]`` from start to exit code.

The steps: connect (:class:`autoui.client.Client` reads ``/api/spec``), pick the
function, build its command from the spec JSON with the terminal's own builder
(:func:`autoui.terminal.options.build_command`), parse the rest of the command line
with it, convert and complete the inputs like ``autoui run`` does, then submit the job
and draw its events with :class:`autoui.terminal.live.LiveJobView` as they arrive.

Exit codes are ``autoui run``'s: 0 done, 1 the function failed (or the server could not
be reached), 2 a usage mistake, 130 cancelled. Ctrl+C cancels the job on the server;
a second Ctrl+C quits at once.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from autoui.client import Client, Job
from autoui.errors import ClientError
from autoui.events import Complete, Event, Failed
from autoui.terminal.convert import InputError, collect_payloads, missing_required
from autoui.terminal.live import LiveJobView
from autoui.terminal.local import CANCELLED, FAILED, OK, USAGE, exit_code, print_json_outcome
from autoui.terminal.naming import option_name
from autoui.terminal.options import build_command, extra_option
from autoui.terminal.prompts import prompt_missing

__all__ = ["call_remote", "parse_auth"]


def _fail(console: Console, message: str, code: int = USAGE, hint: str | None = None) -> NoReturn:
    console.print(f"[bold red]Error:[/] {escape(message)}", highlight=False)
    if hint:
        console.print(f"[dim]{escape(hint)}[/]", highlight=False)
    raise typer.Exit(code)


def parse_auth(text: str | None) -> tuple[str, str] | None:
    """``user:password`` → ``("user", "password")``.

    Raises:
        ValueError: there is no ``:`` in it.
    """
    if not text:
        return None
    user, sep, password = text.partition(":")
    if not sep:
        raise ValueError("--auth: expected USER:PASSWORD")
    return user, password


def _take_auth(args: list[str]) -> tuple[list[str], str | None]:
    """Pull ``--auth X`` / ``--auth=X`` out of the function's arguments."""
    rest: list[str] = []
    auth: str | None = None
    items = iter(args)
    for arg in items:
        if arg == "--auth":
            auth = next(items, None)
        elif arg.startswith("--auth="):
            auth = arg.partition("=")[2]
        else:
            rest.append(arg)
    return rest, auth


def call_options() -> list[Any]:
    """The options of ``call`` that are not inputs of the function."""
    return [
        extra_option(
            "out_dir", "--out-dir", default="autoui-out", metavar="DIR",
            help="Where output files are saved (created when needed).",
        ),
        extra_option(
            "json", "--json", default=False, annotation=bool,
            help="Print the raw outputs as JSON on stdout, and nothing else.",
        ),
    ]  # fmt: skip


def call_remote(url: str, args: list[str], *, auth: str | None, prog_name: str) -> None:
    """Everything ``autoui call`` does after reading URL; exits with the exit code."""
    err = Console(stderr=True)
    args, later_auth = _take_auth(args)
    try:
        credentials = parse_auth(later_auth or auth)
    except ValueError as exc:
        _fail(err, str(exc))
    try:
        client = Client(url, auth=credentials)
    except ClientError as exc:
        _fail(err, exc.message, FAILED)
    with client:
        fn_json, args = _choose_function(client, args, err, prog_name)
        prog = f"{prog_name} {client.url} {fn_json['name']}"

        def on_call(inputs: dict[str, Any], extras: dict[str, Any]) -> None:
            try:
                code = _execute(client, fn_json, inputs, extras)
            except InputError as exc:
                _fail(err, str(exc), USAGE, f"Try '{prog} --help' for help.")
            except ClientError as exc:
                _fail(err, _option_message(exc), FAILED if exc.param is None else USAGE)
            except (KeyboardInterrupt, EOFError):
                err.print("\n[yellow]Cancelled.[/]")
                raise typer.Exit(CANCELLED) from None
            raise typer.Exit(code)

        command = build_command(fn_json, on_call, extra_options=call_options())
        command.main(args, prog_name=prog, standalone_mode=True)


def _option_message(exc: ClientError) -> str:
    return f"{option_name(exc.param)}: {exc.message}" if exc.param else exc.message


def _choose_function(
    client: Client, args: list[str], err: Console, prog_name: str
) -> tuple[dict[str, Any], list[str]]:
    """The function named first in ``args`` (or the server's only one), as spec JSON."""
    functions: list[dict[str, Any]] = list(client.spec["functions"])
    if args and not args[0].startswith("-"):
        name, args = args[0], args[1:]
        if name not in client.app.names and name.replace("-", "_") in client.app.names:
            name = name.replace("-", "_")  # shell style: next-day for next_day
        try:
            client.app.function(name)
        except ClientError as exc:
            _fail(err, exc.message, USAGE)
        return next(f for f in functions if f["name"] == name), args
    if len(functions) == 1:
        return functions[0], args
    table = Table.grid(padding=(0, 2))
    for fn in functions:
        summary = str(fn.get("description") or "").strip().partition("\n")[0]
        table.add_row(f"[cyan]{escape(fn['name'])}[/]", escape(summary))
    err.print(f"{escape(client.url)} has {len(functions)} functions:")
    err.print(table)
    if "--help" in args:
        raise typer.Exit(OK)
    example = f"e.g. {prog_name} {client.url} {functions[0]['name']}"
    _fail(err, "name the function to call", USAGE, example)


def _execute(
    client: Client, fn_json: dict[str, Any], inputs: dict[str, Any], extras: dict[str, Any]
) -> int:
    as_json = bool(extras.get("json"))
    console = Console(stderr=True) if as_json else Console()
    client.download_dir = Path(str(extras.get("out_dir") or "autoui-out"))
    payloads = collect_payloads(fn_json, inputs)
    _complete(fn_json, payloads, console)
    job = client.submit(fn_json["name"], **{k: _local_files(v) for k, v in payloads.items()})
    view = LiveJobView(console, fn_json, open_file=client.download, show_result=not as_json)
    with view:
        outcome = _follow(job, view, console)
    if as_json and outcome is not None:
        if isinstance(outcome, Complete):
            outcome = Complete(data=_with_paths(client, outcome.data), duration=outcome.duration)
        print_json_outcome(outcome)
    if isinstance(outcome, Failed) and outcome.type not in ("Error", "ValidationError"):
        console.print("[dim]The server hides the details of unexpected errors; "
                      "its log has them (or start it with --show-errors).[/]")
    return exit_code(outcome)


def _complete(fn_json: dict[str, Any], payloads: dict[str, Any], console: Console) -> None:
    """Ask for missing required inputs (on a terminal), or say which options are missing."""
    missing = missing_required(fn_json, payloads)
    if not missing:
        return
    if not (sys.stdin is not None and sys.stdin.isatty()):
        names = ", ".join(option_name(item["name"]) for item in missing)
        raise InputError(f"missing required option{'s' if len(missing) > 1 else ''} {names}")
    prompt_missing(console, fn_json, payloads)


def _local_files(payload: Any) -> Any:
    """``{"path": p}`` (what the terminal makes of a typed path) → a Path to upload."""
    if isinstance(payload, dict) and set(payload) == {"path"}:
        return Path(payload["path"])
    if isinstance(payload, list):
        return [_local_files(item) for item in payload]
    return payload


def _follow(job: Job, view: LiveJobView, console: Console) -> Event | None:
    """Hand every event to the view; the first Ctrl+C cancels the job on the server."""
    handled, cancelling = 0, False
    while True:
        try:
            for event in job.events(convert=False, start=handled):
                handled += 1
                view.handle(event)
            return job.outcome
        except KeyboardInterrupt:
            if cancelling:
                console.show_cursor(True)
                os._exit(CANCELLED)
            cancelling = True
            console.print("[yellow]Cancelling… (Ctrl+C again to quit now)[/]")
            job.cancel()


def _with_paths(client: Client, data: list[Any]) -> list[Any]:
    """Output payloads with each file downloaded and its local ``"path"`` added."""

    def visit(item: Any) -> Any:
        if isinstance(item, dict) and "url" in item and "name" in item:
            return {**item, "path": str(client.download(item))}
        if isinstance(item, list):
            return [visit(x) for x in item]
        return item

    return [visit(item) for item in data]
