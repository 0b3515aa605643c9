"""The Typer application every sub-command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="autoui",
    help=(
        "Turn any type-hinted Python function into a web app, a terminal app and a typed "
        "HTTP API.\n\nTARGET is module:function, path/to/file.py:function, or a module or "
        "file alone (every public function defined there)."
    ),
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,  # plain help: Rich markup would import markdown-it + pygments (~90 ms)
    pretty_exceptions_enable=False,
)
