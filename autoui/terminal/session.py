"""``autoui run TARGET [--PARAM VALUE ...]`` from start to exit code.

The steps, each small: load the target (:func:`autoui.introspect.load_app`), pick the
function (a numbered list when a module has several and stdin is a terminal), build
its command from the JSON spec (:func:`~autoui.terminal.options.build_command`), parse
the rest of the command line with it, then either run every row of ``--in`` or one
call: convert what was typed, ask for what is missing, preprocess, run, draw.

Every mistake of the user's ends here as one message naming the option and exit code
2; never a traceback.
"""

from __future__ import annotations

import dataclasses
import inspect
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape

from autoui.errors import AutoUIError, LoadError, ValidationError
from autoui.events import Failed
from autoui.terminal.chat import chat_inputs, chat_loop
from autoui.terminal.convert import InputError, collect_payloads, missing_required
from autoui.terminal.local import (
    CANCELLED,
    OK,
    USAGE,
    RunSettings,
    print_json_outcome,
    run_local_call,
)
from autoui.terminal.naming import option_name
from autoui.terminal.options import build_command, extra_option

if TYPE_CHECKING:
    from autoui.files import FileContext
    from autoui.spec import AppSpec, FunctionSpec

__all__ = ["UsageProblem", "choose_function", "run_options", "run_target"]


class UsageProblem(Exception):
    """A mistake on the command line: shown as one line, exit code 2."""


def run_options(settings: RunSettings) -> list[inspect.Parameter]:
    """The options of ``run`` that are not inputs, for the function's command."""
    return [
        extra_option(
            "out_dir", "--out-dir", default=str(settings.out_dir), metavar="DIR",
            help="Where output files are saved (created when needed).",
        ),
        extra_option(
            "json", "--json", default=settings.json, annotation=bool, metavar="",
            help="Print the raw outputs as JSON on stdout, and nothing else.",
        ),
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
            annotation=int, metavar="N", min=1,
            help="With --in: calls at once (batch functions are batched instead).",
        ),
        extra_option(
            "traceback", "--traceback", default=settings.traceback, annotation=bool, metavar="",
            help="Show the traceback of an exception raised by the function.",
        ),
    ]  # fmt: skip


def _text(path: Path | None) -> Optional[str]:  # noqa: UP045 - mirrors the option type
    return None if path is None else str(path)


def _settings(extras: dict[str, Any], base: RunSettings) -> RunSettings:
    """Run options given after TARGET (``extras``) over those given before it (``base``)."""
    changes: dict[str, Any] = {}
    for key in ("out_dir", "rows_in", "rows_out"):
        if key in extras:
            changes[key] = Path(extras[key]) if extras[key] else None
    for key, cast in (("json", bool), ("concurrency", int), ("traceback", bool)):
        if key in extras:
            changes[key] = cast(extras[key])
    if changes.get("out_dir", base.out_dir) is None:
        changes["out_dir"] = base.out_dir
    return dataclasses.replace(base, **changes)


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _fail(console: Console, message: str, hint: str | None = None) -> NoReturn:
    console.print(f"[bold red]Error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    if hint:
        console.print(f"[dim]{escape(hint)}[/]", highlight=False, soft_wrap=True)
    raise typer.Exit(USAGE)


def run_target(target: str, args: list[str], settings: RunSettings, *, prog_name: str) -> None:
    """Everything ``autoui run`` does after reading TARGET; exits with the exit code."""
    err = Console(stderr=True)
    app_spec = _load(target, err)
    try:
        fn_spec = choose_function(app_spec, target, args, err)
    except (KeyboardInterrupt, EOFError):
        _cancelled(err)
    prog = f"{prog_name} {target}" if ":" in target else f"{prog_name} {target}:{fn_spec.name}"
    fn_json = fn_spec.to_json()

    def on_call(inputs: dict[str, Any], extras: dict[str, Any]) -> None:
        run = _settings(extras, settings)
        try:
            code = _execute(fn_spec, fn_json, inputs, run, prog)
        except (UsageProblem, ValidationError) as exc:
            problem = exc if not isinstance(exc, ValidationError) else as_input_error(exc)
            if run.json:
                param = problem.param if isinstance(problem, InputError) else None
                print_json_outcome(
                    Failed(message=str(problem), type="ValidationError", param=param)
                )
            _fail(err, str(problem), f"Try '{prog} --help' for help.")
        except (KeyboardInterrupt, EOFError):
            _cancelled(err)
        raise typer.Exit(code)

    command = build_command(fn_json, on_call, extra_options=run_options(settings), prog=prog)
    command.main(args, prog_name=prog, standalone_mode=True)


def as_input_error(exc: ValidationError) -> InputError:
    """The same error, shown with the option's name (``--top-k: ...``)."""
    return exc if isinstance(exc, InputError) else InputError(exc.message, param=exc.param)


def _cancelled(err: Console) -> NoReturn:
    err.print("\n[yellow]Cancelled.[/]")
    raise typer.Exit(CANCELLED)


def _load(target: str, err: Console) -> AppSpec:
    from autoui.introspect import load_app

    try:
        return load_app(target)
    except LoadError as exc:
        if exc.details:
            err.print(exc.details, markup=False, highlight=False)
        _fail(err, exc.message)
    except AutoUIError as exc:
        _fail(err, str(exc))


def choose_function(app_spec: AppSpec, target: str, args: list[str], err: Console) -> FunctionSpec:
    """The function to run: the only one, or one the user picks from a numbered list."""
    functions = app_spec.functions
    if len(functions) == 1:
        return functions[0]
    lines = []
    for number, fn in enumerate(functions, start=1):
        summary = fn.description.strip().partition("\n")[0]
        line = f"  [bold]{number}[/]  [cyan]{escape(target)}:{escape(fn.name)}[/]"
        lines.append(line + (f"  [dim]{escape(summary)}[/]" if summary else ""))
    table = "\n".join(lines)
    if "--help" in args or not _interactive():
        err.print(f"{escape(target)} has {len(functions)} functions:")
        err.print(table, soft_wrap=True, highlight=False)
        if "--help" in args:
            raise typer.Exit(OK)
        _fail(
            err, f"pick one with {target}:FUNCTION", f"e.g. autoui run {target}:{functions[0].name}"
        )
    err.print(table, soft_wrap=True, highlight=False)
    from rich.prompt import IntPrompt  # only when asking

    choice = IntPrompt.ask(
        "Run which function?",
        console=err,
        choices=[str(n) for n in range(1, len(functions) + 1)],
        show_choices=False,
    )
    return functions[choice - 1]


def _execute(
    fn_spec: FunctionSpec,
    fn_json: dict[str, Any],
    inputs: dict[str, Any],
    run: RunSettings,
    prog: str,
) -> int:
    from autoui.localfiles import LocalFiles

    files = LocalFiles(run.out_dir, allow_paths=True)
    console, status = _consoles(run)
    if run.rows_in is not None:
        from autoui.terminal.rows import run_rows

        return run_rows(fn_spec, run, base=inputs, console=Console(stderr=True))
    payloads = collect_payloads(fn_json, inputs)
    chat = chat_inputs(fn_json)
    if chat and chat[0] not in payloads and _interactive() and not run.json:
        return chat_loop(fn_spec, payloads, files, run, console=console, preprocess=preprocess)
    _complete(fn_spec, fn_json, payloads, files, status)
    kwargs = preprocess(fn_spec, payloads, files)
    return run_local_call(fn_spec, kwargs, files, run, console=console, status_console=status)


def _consoles(run: RunSettings) -> tuple[Console, Console]:
    """Where results go, and where progress, prompts and errors go.

    ``--json`` keeps stdout for the JSON. A result redirected to a file
    (``autoui run ... > out.txt``) still shows its progress on the terminal, via stderr.
    """
    err = Console(stderr=True)
    if run.json:
        return err, err
    out = Console()
    return out, (err if not out.is_terminal and err.is_terminal else out)


def _complete(
    fn_spec: FunctionSpec,
    fn_json: dict[str, Any],
    payloads: dict[str, Any],
    files: FileContext,
    console: Console,
) -> None:
    """Ask for missing required inputs, or say which options are missing."""
    for input_json in fn_json["inputs"]:  # a chat starts with an empty conversation
        if input_json.get("component") == "chat":
            payloads.setdefault(input_json["name"], [])
    missing = missing_required(fn_json, payloads)
    if not missing:
        return
    if not _interactive():
        names = ", ".join(option_name(item["name"]) for item in missing)
        plural = "s" if len(missing) > 1 else ""
        raise UsageProblem(f"missing required option{plural} {names}")

    def validate(name: str, payload: Any) -> None:
        fn_spec.input(name).component.preprocess(payload, files)

    from autoui.terminal.prompts import prompt_missing  # only when asking

    prompt_missing(console, fn_json, payloads, validate=validate)


def preprocess(
    fn_spec: FunctionSpec, payloads: dict[str, Any], files: FileContext
) -> dict[str, Any]:
    """Payloads → keyword arguments; a bad value is an :class:`InputError` naming the option."""
    from autoui.pipeline import preprocess_inputs

    try:
        kwargs: dict[str, Any] = preprocess_inputs(fn_spec, payloads, files)
    except ValidationError as exc:
        raise as_input_error(exc) from None
    return kwargs
