"""``autoui mcp TARGET``: serve TARGET's functions as MCP tools over stdio.

For desktop MCP clients (Claude Desktop, Cursor, ...), which start the server
themselves. ``autoui serve TARGET --mcp`` serves the same tools over HTTP at ``/mcp``.
Imports nothing heavy at module level; the ``mcp`` package is imported when the command
runs, and its absence is one line saying what to install.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from autoui.cli.app import app

__all__ = ["mcp"]


@app.command("mcp")
def mcp(
    target: Annotated[
        str,
        typer.Argument(
            help="module:function, file.py:function, or a module/file.",
            show_default=False,
            metavar="TARGET",
        ),
    ],
    allow_dir: Annotated[
        list[Path] | None,
        typer.Option(
            help="A directory whose files tools may be given by path (repeatable); "
            "without it, files are passed as data: URLs only.",
            show_default=False,
        ),
    ] = None,
    max_file_size: Annotated[
        str, typer.Option(help="Largest input file, e.g. 100MB.", metavar="SIZE")
    ] = "100MB",
    show_errors: Annotated[
        bool,
        typer.Option(
            "--show-errors", help="Send exception messages to the client, not only their type."
        ),
    ] = False,
) -> None:
    """Serve TARGET's functions as MCP tools over stdio (for Claude Desktop, Cursor...)."""
    from autoui.protocols.mcp import INSTALL_HINT, mcp_available

    if not mcp_available():
        typer.echo(f"error: {INSTALL_HINT}", err=True)
        raise typer.Exit(1)
    folders = [_folder(path) for path in allow_dir or []]
    from autoui.cli.loading import load_or_exit

    spec = load_or_exit(target)
    _log_to_stderr()
    from autoui.protocols.mcp.stdio import serve_stdio
    from autoui.server.settings import ServerSettings

    settings = ServerSettings(
        max_file_size=_size(max_file_size), show_errors=show_errors, max_jobs_per_client=None
    )
    serve_stdio(spec, settings, folders)


def _folder(path: Path) -> Path:
    if not path.is_dir():
        raise typer.BadParameter(f"no such directory: {path}", param_hint="--allow-dir")
    return path.resolve()


def _log_to_stderr() -> None:
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("autoui: %(levelname)s: %(message)s"))
    logger = logging.getLogger("autoui")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _size(text: str) -> int:
    from autoui.server.units import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--max-file-size") from None
