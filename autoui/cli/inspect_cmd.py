"""``autoui inspect TARGET``: show what autoui inferred, without running anything.

Imports nothing heavy at module level: ``autoui --help`` imports this module.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Annotated

import typer

from autoui.cli.app import app

__all__ = ["inspect_command"]


@app.command("inspect")
def inspect_command(
    target: Annotated[
        str,
        typer.Argument(
            help="module:function, path/to/file.py:function, or a module or file alone.",
            show_default=False,
            metavar="TARGET",
        ),
    ],
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print exactly the spec JSON that GET /api/spec returns, and nothing else.",
        ),
    ] = False,
) -> None:
    """Show the inputs, outputs and settings inferred for TARGET, with any warnings."""
    from rich.console import Console

    from autoui.cli.loading import load_or_exit, print_warnings

    # The user's module may print while it loads: keep stdout for the report.
    with contextlib.redirect_stdout(sys.stderr):
        spec = load_or_exit(target)
    if as_json:
        _print_json(spec.to_json())
        print_warnings(spec)
        return
    from autoui.terminal.report import print_report

    print_report(spec, Console(highlight=False))


def _print_json(data: object) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()
