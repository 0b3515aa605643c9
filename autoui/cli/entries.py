"""``autoui run`` and ``autoui call``: their command lines, as plain click commands.

Both hand everything after TARGET (or URL and FUNC) to one terminal session
(:mod:`autoui.terminal.session`) over their backend. They are plain click, not Typer,
and :func:`autoui.cli.main` calls them directly: ``autoui run app.py:f ...`` is a
command-line app of its own, so it should start as fast as one — without loading the
other commands, Typer or a validation library (``benchmarks/startup.py`` measures it).
The Typer app lists them too (:mod:`.session_cmds` forwards to these).

Shell completion of ``autoui run TARGET --<TAB>`` offers the function's own options and
their choices: :class:`RunCommand` loads the target while completing.
"""

from __future__ import annotations

import functools
from typing import Any, NoReturn

import click
import click.shell_completion

__all__ = ["CALL_HELP", "RUN_HELP", "call_command", "complete", "run_command"]

RUN_HELP = """Run a function in the terminal: autoui run TARGET --param value ...

Options after TARGET are the function's parameters (see "autoui run TARGET --help");
missing required values are asked for when the terminal is interactive. Outputs are
shown with colours; files are saved under --out-dir."""

CALL_HELP = """Call a function of a running autoui server: autoui call URL FUNC --param value

The options after FUNC are the function's parameters, read from the server (see
"autoui call URL FUNC --help"); files given as paths are uploaded, progress, alerts and
streamed outputs are shown live, output files are saved under --out-dir, and --json
prints the raw outputs instead."""

_PASS_ON = {
    "ignore_unknown_options": True,
    "allow_extra_args": True,
    "allow_interspersed_args": False,
}


class RunCommand(click.Command):
    """``run``, whose shell completion also offers the target function's options."""

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        params = list(super().get_params(ctx))
        target = ctx.params.get("target") if ctx.resilient_parsing else None
        if target:
            taken = {opt for param in params for opt in getattr(param, "opts", ())}
            extra = _function_params(str(target))
            params.extend(p for p in extra if not taken & set(getattr(p, "opts", ())))
        return params


def _function_params(target: str) -> list[click.Parameter]:
    """The options of the function TARGET names; none if it cannot be loaded quietly."""
    try:
        from autoui.introspect import load_app
        from autoui.terminal.local import LocalBackend
        from autoui.terminal.options import build_command
        from autoui.terminal.outcome import RunSettings

        backend = LocalBackend(load_app(target), target)
        if len(backend.app.functions) != 1:
            return []
        command = build_command(
            backend.app.functions[0], lambda inputs, extras: None,
            extra_options=backend.options(RunSettings()),
        )  # fmt: skip
    except Exception:  # noqa: BLE001 - completing must never print a traceback
        return []
    return [param for param in command.params if param.name != "help"]


@functools.cache
def run_command() -> click.Command:
    """``autoui run [RUN OPTIONS] TARGET [--PARAM VALUE ...]``."""
    from autoui.terminal.local import run_options
    from autoui.terminal.outcome import RunSettings

    target = click.Argument(["target"], required=False, metavar="TARGET")
    return RunCommand(
        "run", params=[target, *run_options(RunSettings())], callback=_run, help=RUN_HELP,
        context_settings=_PASS_ON, no_args_is_help=True,
    )  # fmt: skip


def _run(target: str | None, **options: Any) -> NoReturn:
    from autoui.cli.loading import load_or_exit, print_warnings
    from autoui.terminal.local import LocalBackend
    from autoui.terminal.outcome import RunSettings
    from autoui.terminal.session import merged_settings, run_session
    from autoui.terminal.stdout import results_only_on_stdout

    ctx = click.get_current_context()
    if target is None:
        click.echo(ctx.get_help())
        raise SystemExit(0)
    settings = merged_settings(options, RunSettings())
    machine = settings.json or settings.rows_in is not None or _asks_for_json(ctx.args)
    with results_only_on_stdout(machine):  # what the module prints as it loads: stderr
        spec = load_or_exit(target)
    print_warnings(spec)  # the warnings inspect shows, once
    with LocalBackend(spec, target) as backend:
        run_session(backend, None, list(ctx.args), settings)


def _asks_for_json(args: list[str]) -> bool:
    """``--json`` or ``--in`` among the function's options: stdout is for results only."""
    return any(arg == "--json" or arg.partition("=")[0] == "--in" for arg in args)


@functools.cache
def call_command() -> click.Command:
    """``autoui call [--auth USER:PASSWORD] URL [FUNC] [--PARAM VALUE ...]``."""
    url = click.Argument(["url"], required=False, metavar="URL")
    auth = click.Option(
        ["--auth"], envvar="AUTOUI_AUTH", metavar="USER:PASSWORD",
        help="Credentials for a server started with --auth (may also follow FUNC).",
    )  # fmt: skip
    return click.Command(
        "call", params=[url, auth], callback=_call, help=CALL_HELP,
        context_settings=_PASS_ON, no_args_is_help=True,
    )  # fmt: skip


def _call(url: str | None, auth: str | None) -> NoReturn:
    from autoui.cli.loading import parse_user_password
    from autoui.client import Client
    from autoui.errors import ClientError
    from autoui.terminal.outcome import FAILED, RunSettings
    from autoui.terminal.remote import RemoteBackend
    from autoui.terminal.session import fail, run_session

    ctx = click.get_current_context()
    if url is None:
        click.echo(ctx.get_help())
        raise SystemExit(0)
    args, later = _take_auth(list(ctx.args))
    given = later or auth
    try:
        credentials = parse_user_password(given) if given else None
    except ValueError as exc:
        fail(f"--auth: {exc}")
    try:
        client = Client(url, auth=credentials)
    except ClientError as exc:
        fail(exc.message, code=FAILED)
    with client:
        name = args.pop(0) if args and not args[0].startswith("-") else None
        with RemoteBackend(client) as backend:
            run_session(backend, name, args, RunSettings())


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


def complete(prog_name: str, complete_var: str, instruction: str) -> None:
    """Shell completion of ``run`` and ``call``: click finds the candidates (as when
    running them), and the shell's Typer class writes them in the form the script that
    ``autoui --install-completion`` installed reads (``complete_bash``, ...)."""
    from typer import _completion_classes as typer_shells  # Typer's output formats

    group = click.Group(prog_name, commands={"run": run_command(), "call": call_command()})
    shells = {
        "bash": typer_shells.BashComplete,
        "zsh": typer_shells.ZshComplete,
        "fish": typer_shells.FishComplete,
        "powershell": typer_shells.PowerShellComplete,
        "pwsh": typer_shells.PowerShellComplete,
    }
    shell = shells.get(instruction.partition("_")[2])
    if shell is None:
        raise SystemExit(1)
    finder = click.shell_completion.ShellComplete(group, {}, prog_name, complete_var)

    class Completer(shell):  # type: ignore[misc,valid-type]
        def get_completions(self, args: list[str], incomplete: str) -> list[Any]:
            return finder.get_completions(args, incomplete)

    click.echo(Completer(group, {}, prog_name, complete_var).complete())
