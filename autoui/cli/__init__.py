"""The ``autoui`` command: a thin Typer shell over the library.

Each sub-command lives in its own module and registers itself on :data:`app` when
imported. Those modules import nothing heavy at module level, so ``autoui --help``
stays fast; the work (FastAPI, uvicorn, numpy, ...) is imported inside the commands.
"""

from __future__ import annotations

from autoui.cli import (  # noqa: F401
    call_cmd,
    export_cmd,
    inspect_cmd,
    mcp_cmd,
    run_cmd,
    serve_cmd,
)
from autoui.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
