"""`autoui run TARGET [--PARAM VALUE ...]`: a function as a command-line app.

The command itself is :func:`autoui.cli.entries.run_command` (plain click, so it starts
fast); this module lists it in the Typer app and forwards to it, so ``autoui --help``
shows it and ``autoui run`` behaves the same however it is reached.
"""

from __future__ import annotations

import typer

from autoui.cli.app import app
from autoui.cli.entries import RUN_HELP

__all__ = ["run"]


@app.command(
    "run",
    help=RUN_HELP,
    add_help_option=False,  # ``--help`` is the run command's own (it knows TARGET's options)
    context_settings={
        "ignore_unknown_options": True,
        "allow_extra_args": True,
        "allow_interspersed_args": False,
    },
)
def run(ctx: typer.Context) -> None:
    from autoui.cli.entries import run_command

    run_command().main(list(ctx.args), prog_name=ctx.command_path)
