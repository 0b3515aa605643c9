"""`autoui call URL FUNC [--PARAM VALUE ...]`: a remote function as a command-line app.

This module only declares the command; :mod:`autoui.cli.call_session` does the work
(imported when the command runs, so ``autoui --help`` stays fast). Everything after URL
is handed on: FUNC, then the function's own options, built from the server's spec the
same way ``autoui run`` builds them, so ``autoui call URL FUNC --help`` lists them.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from autoui.cli.app import app

__all__ = ["call"]


@app.command(
    "call",
    no_args_is_help=True,
    context_settings={
        "ignore_unknown_options": True,
        "allow_extra_args": True,
        "allow_interspersed_args": False,
    },
)
def call(
    ctx: typer.Context,
    url: Annotated[
        Optional[str],  # noqa: UP045 - Typer reads the annotation at runtime
        typer.Argument(help="The autoui server, e.g. http://127.0.0.1:7860.", metavar="URL"),
    ] = None,
    auth: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--auth",
            envvar="AUTOUI_AUTH",
            metavar="USER:PASSWORD",
            help="Credentials for a server started with --auth (may also follow FUNC).",
        ),
    ] = None,
) -> None:
    """Call a function of a running autoui server: autoui call URL FUNC --param value

    The options after FUNC are the function's parameters, read from the server (see
    "autoui call URL FUNC --help"); files given as paths are uploaded, progress,
    alerts and streamed outputs are shown live, output files are saved under
    --out-dir, and --json prints the raw outputs instead.
    """
    from autoui.cli.call_session import call_remote

    if url is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)
    call_remote(url, list(ctx.args), auth=auth, prog_name=ctx.command_path)
