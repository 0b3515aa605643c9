"""`autoui run TARGET [--PARAM VALUE ...]`: a function as a command-line app.

This module only declares the command; :mod:`autoui.terminal.session` does the work
(imported when the command runs, so ``autoui --help`` stays fast). Everything after
TARGET is handed to the function's own command, built from its spec, so
``autoui run app.py:f --help`` lists the function's parameters, and the run options
(``--json``, ``--out-dir``, ...) may come before or after TARGET.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperCommand

from autoui.cli.app import app

__all__ = ["RunCommand", "run"]


class RunCommand(TyperCommand):
    """``run``, whose shell completion also offers the target function's options.

    When the shell asks for completions after ``autoui run TARGET``, the target is
    loaded and the function's options (and their choices) are completed too.
    """

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = list(super().get_params(ctx))
        target = ctx.params.get("target") if ctx.resilient_parsing else None
        if target:
            taken = {opt for param in params for opt in getattr(param, "opts", ())}
            extra = _function_params(str(target))
            params.extend(p for p in extra if not taken & set(getattr(p, "opts", ())))
        return params


def _function_params(target: str) -> list[Any]:
    """The options of the function TARGET names; none if it cannot be loaded quietly."""
    try:
        from autoui.introspect import load_app
        from autoui.terminal.local import RunSettings
        from autoui.terminal.options import build_command
        from autoui.terminal.session import run_options

        functions = load_app(target).functions
        if len(functions) != 1:
            return []
        command = build_command(
            functions[0].to_json(), lambda inputs, extras: None,
            extra_options=run_options(RunSettings()),
        )  # fmt: skip
    except Exception:  # noqa: BLE001 - completing must never print a traceback
        return []
    return [param for param in command.params if param.name != "help"]


@app.command(
    "run",
    cls=RunCommand,
    no_args_is_help=True,
    context_settings={
        "ignore_unknown_options": True,
        "allow_extra_args": True,
        "allow_interspersed_args": False,
    },
)
def run(
    ctx: typer.Context,
    target: Annotated[
        Optional[str],  # noqa: UP045 - Typer reads the annotation at runtime
        typer.Argument(
            help="module:function or path/to/file.py:function (or a module/file).",
            metavar="TARGET",
        ),
    ] = None,
    out_dir: Annotated[
        Path, typer.Option("--out-dir", help="Where output files are saved.", metavar="DIR")
    ] = Path("autoui-out"),
    json: Annotated[
        bool, typer.Option("--json", help="Print the raw outputs as JSON, and nothing else.")
    ] = False,
    rows_in: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--in", help="Run once per line of a JSON Lines file.", metavar="ROWS.JSONL"),
    ] = None,
    rows_out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--out", help="With --in: write results here.", metavar="RESULTS.JSONL"),
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, help="With --in: calls at once.", metavar="N")
    ] = 1,
    traceback: Annotated[
        bool, typer.Option("--traceback", help="Show the traceback of the function's exception.")
    ] = False,
) -> None:
    """Run a function in the terminal: autoui run TARGET --param value ...

    Options after TARGET are the function's parameters (see "autoui run TARGET
    --help"); missing required values are asked for when the terminal is
    interactive. Outputs are shown with colours; files are saved under --out-dir.
    """
    from autoui.terminal.local import RunSettings
    from autoui.terminal.session import run_target

    if target is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)
    settings = RunSettings(
        out_dir=out_dir,
        json=json,
        rows_in=rows_in,
        rows_out=rows_out,
        concurrency=concurrency,
        traceback=traceback,
    )
    run_target(target, list(ctx.args), settings, prog_name=ctx.command_path)
