"""`autoui call URL FUNC [--PARAM VALUE ...]`: a remote function as a command-line app.

The command itself is :func:`autoui.cli.entries.call_command` (plain click, the same
session as ``autoui run``); this module lists it in the Typer app and forwards to it.
"""

from __future__ import annotations

import typer

from autoui.cli.app import app
from autoui.cli.entries import CALL_HELP

__all__ = ["call"]


@app.command(
    "call",
    help=CALL_HELP,
    add_help_option=False,  # ``--help`` is the call command's own
    context_settings={
        "ignore_unknown_options": True,
        "allow_extra_args": True,
        "allow_interspersed_args": False,
    },
)
def call(ctx: typer.Context) -> None:
    from autoui.cli.entries import call_command

    call_command().main(list(ctx.args), prog_name=ctx.command_path)
