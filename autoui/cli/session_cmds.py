"""`autoui run` and `autoui call` in the Typer app: listed by ``autoui --help``, forwarded.

Each is a plain click command of :mod:`autoui.cli.entries` (one terminal session over a
local or a remote backend, started fast); the Typer app lists them and hands them its
arguments, so they behave the same however they are reached.
"""

from __future__ import annotations

from collections.abc import Callable

import click
import typer

from autoui.cli.app import app
from autoui.cli.entries import CALL_HELP, RUN_HELP, call_command, run_command

__all__: list[str] = []

_PASS_ON = {
    "ignore_unknown_options": True,
    "allow_extra_args": True,
    "allow_interspersed_args": False,
}


def _forward(name: str, help_text: str, command: Callable[[], click.Command]) -> None:
    # ``--help`` is the command's own: it knows TARGET's (or FUNC's) options.
    @app.command(name, help=help_text, add_help_option=False, context_settings=_PASS_ON)
    def forward(ctx: typer.Context) -> None:
        command().main(list(ctx.args), prog_name=ctx.command_path)


_forward("run", RUN_HELP, run_command)
_forward("call", CALL_HELP, call_command)
